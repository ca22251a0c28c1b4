"""Reading a model card: the model it names as the one AI system, a footprint per `co2_eq_emissions` record of its
front matter, the figures of its body's labelled lines carried where the front matter is silent (and kept beside
it, marked as restating it, where they disagree), and a footprint per row of its tables of figures."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any

from aistd.conversion.disclosure import disclosure_shell, slug
from aistd.conversion.fields import FieldRule, enum_values, field_rules, to_slot_value
from aistd.conversion.formats.hf_card import body, tables
from aistd.conversion.formats.hf_card.card import Card, split_card, system_name
from aistd.conversion.formats.hf_card.descriptions import parse_hardware, parse_location
from aistd.conversion.formats.hf_card.drafts import Draft, assign
from aistd.conversion.formats.hf_card.quantities import NOTE_REASONS, Quantity, parse_quantity
from aistd.conversion.formats.hf_card.terms import CO2, PREFIX, UNFILLED, VOCABULARY, known_keys
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.conversion.slots import within_limits
from aistd.knowledge.units import admitted_units
from aistd.model.figure import TOO_LARGE, unheld
from aistd.model.message import says
from aistd.model.pointer import Position, escape

METHOD_REASON = says("the card does not say whether the emission factor is location- or market-based: not stated")
BOUNDARY_REASON = says(
    "energy_consumed is CodeCarbon's CPU + GPU + RAM energy of the tracked machine, copied by sentence-transformers"
    " and SetFit"
)
BODY_BOUNDARY_REASON = says("the card's body does not say what the energy includes: not stated")


def _same_word(word: str, known: str) -> bool:
    if word == known:
        return True
    if len(word) < 5 or len(known) < 5:
        return False
    short, long = sorted((word, known), key=len)
    return (long.startswith(short) and len(long) - len(short) <= 3) or difflib.SequenceMatcher(
        None, word, known
    ).ratio() >= 0.85


def normalise_key(key: Any) -> str | None:
    """The known co2_eq_emissions key a written key means (case, spacing, small misspellings), else None."""
    if not isinstance(key, str):
        return None
    written = re.sub(r"[\s\-]+", "_", key.strip().casefold())
    if written in known_keys():
        return written
    words = written.split("_")
    for known in known_keys():
        parts = known.split("_")
        if len(parts) == len(words) and all(_same_word(w, k) for w, k in zip(words, parts, strict=True)):
            return known
    return None


@dataclass
class Entry:
    """One co2_eq_emissions key of a record: the key as written, its value, and its pointer in the front matter."""

    key: str
    value: Any
    pointer: str

    @property
    def where(self) -> str:
        """The key's place as a card's reader names it (`co2_eq_emissions.emissions`)."""
        return ".".join(t.replace("~1", "/").replace("~0", "~") for t in self.pointer.lstrip("/").split("/"))


class CardReader:
    """The state of one read: the card, the crosswalk's rules, and the journal."""

    def __init__(self, card: Card) -> None:
        self.card = card
        self.rules = field_rules(VOCABULARY)
        self.journal = Journal(card.positions, warnings=list(card.warnings))
        self.system: str | None = None
        self.systems: dict[str, tuple[str, tuple[int, int]]] = {}
        """The AI systems table rows name (id -> name, where the name is written), beside the card's own."""

    def position(self, source: str) -> Position:
        """The position of a front-matter pointer (or its nearest parent; the card's start without one)."""
        return self.journal.position(source) or (1, 1)

    def records(self) -> list[list[Entry]]:
        """co2_eq_emissions as records of entries (a list of full maps gives several records)."""
        value, base = self.card.meta.get(CO2), f"/{CO2}"
        if value is None:
            return []
        if isinstance(value, dict):
            return [[Entry(str(k), v, f"{base}/{escape(str(k))}") for k, v in value.items()]]
        if isinstance(value, list):
            return self._list_records(value, base)
        return [[Entry(CO2, value, base)]]

    def _list_records(self, items: list[Any], base: str) -> list[list[Entry]]:
        maps = [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                self.journal.lost(f"{CO2}.{index}", item, says("a list item that is not a key: value map"))
        full = [(i, m) for i, m in maps if sum(normalise_key(k) == "emissions" for k in m) == 1 and len(m) > 1]
        if len(full) > 1:
            return [[Entry(str(k), v, f"{base}/{i}/{escape(str(k))}") for k, v in m.items()] for i, m in maps]
        merged: list[Entry] = []
        for index, item in maps:
            merged.extend(Entry(str(k), v, f"{base}/{index}/{escape(str(k))}") for k, v in item.items())
        return [merged] if merged else []

    def footprint(self, entries: list[Entry], pointer: str) -> dict[str, Any]:
        """One footprint from the entries of a record."""
        fp: dict[str, Any] = {}
        seen: dict[str, Entry] = {}
        for entry in entries:
            key = CO2 if entry.key == CO2 else normalise_key(entry.key)
            if key is None:
                reason = says("a key the HF spec and the crosswalk do not know; not carried")
                self.journal.lost(entry.where, entry.value, reason)
            elif key in seen:
                self.journal.lost(entry.where, entry.value, says("a second {key!r}: the first is kept", key=key))
            else:
                seen[key] = entry
                self._entry(fp, pointer, key, entry)
        return fp

    def _entry(self, fp: dict[str, Any], pointer: str, key: str, entry: Entry) -> None:
        object_id = f"{PREFIX}{CO2}" if key == CO2 else known_keys()[key]
        rule = self.rules.get(object_id)
        if key == "training_type":
            self._stage(fp, pointer, entry)
        elif rule is None:
            reason = says("{key}: the crosswalk relates it to no aistd slot that can carry it", key=key)
            self.journal.lost(entry.where, entry.value, reason)
        elif rule.slot == "location":
            self._location(fp, pointer, entry)
        elif rule.slot in ("hardware", "hardware_model"):
            self._hardware(fp, pointer, entry, None if rule.slot == "hardware" else "cpu")
        else:
            self._slot(fp, pointer, rule, entry)

    def _stage(self, fp: dict[str, Any], pointer: str, entry: Entry) -> None:
        table = enum_values(VOCABULARY, f"{PREFIX}{CO2}.training_type", "LifecycleStage")
        written = re.sub(r"[^a-z0-9]", "", str(entry.value).casefold())
        stage = next((v for k, v in table.items() if re.sub(r"[^a-z0-9]", "", k.casefold()) == written), None)
        if stage is None:
            reason = says("training_type is not one of {values}: stage left as other", values=", ".join(table))
            self.journal.lost(entry.where, entry.value, reason)
            return
        fp["stage"] = stage
        self.journal.carried_at(f"{pointer}/stage", self.position(entry.pointer))

    def _slot(self, fp: dict[str, Any], pointer: str, rule: FieldRule, entry: Entry) -> None:
        value = self.value(rule, entry.value, entry.where)
        if value is None:
            return
        fp[rule.slot] = value
        self.journal.carried_at(f"{pointer}/{rule.slot}", self.position(entry.pointer))

    def value(self, rule: FieldRule, raw: Any, where: str, unit_fill: str | None = None) -> Any:
        """A raw value as its slot holds it, or None after reporting why it cannot be carried."""
        if rule.unit in ("", None):
            if isinstance(raw, str) and not UNFILLED.match(raw):
                return raw.strip()
            self.journal.lost(
                where, raw, says("not a text value") if not isinstance(raw, str) else says("left unfilled")
            )
            return None
        if isinstance(raw, bool) or raw is None or isinstance(raw, list | dict):
            self.journal.lost(where, raw, says("not a figure"))
            return None
        if isinstance(raw, int | float):
            parsed: Quantity | str = Quantity(raw, rule.unit, True)
        else:
            units = tuple(admitted_units(rule.slot)) or (rule.unit,)
            parsed = parse_quantity(str(raw), units, rule.unit)
        return self._quantity(rule, raw, where, parsed, unit_fill)

    def _quantity(self, rule: FieldRule, raw: Any, where: str, parsed: Quantity | str, fill: str | None) -> Any:
        if isinstance(parsed, str):
            reason = says("cannot be read as one {slot} figure: {reason}", slot=rule.slot, reason=parsed)
            self.journal.lost(where, raw, reason)
            return None
        if parsed.value == 0:
            self.journal.lost(where, raw, body.PLACEHOLDER)
            return None
        value = to_slot_value(replace(rule, unit=parsed.unit), parsed.value)
        if not within_limits(rule.slot, value):
            # a number no figure holds is one past the float range: the loader refuses NaN and infinity
            unheld_number = unheld(parsed.value) is not None
            self.journal.lost(
                where, raw, TOO_LARGE if unheld_number else says("not a valid {slot} value", slot=rule.slot)
            )
            return None
        if parsed.note:
            self.journal.lost(where, parsed.note, NOTE_REASONS["offset" in parsed.note.casefold()])
        if not parsed.unit_given and fill:
            self.journal.filled(fill, parsed.unit, body.UNIT_FILL)
        return value

    def _location(self, fp: dict[str, Any], pointer: str, entry: Entry) -> None:
        if not isinstance(entry.value, str) or UNFILLED.match(entry.value):
            self.journal.lost(entry.where, entry.value, says("not a place name"))
            return
        parsed = parse_location(entry.value)
        if isinstance(parsed, str):
            self.journal.lost(entry.where, entry.value, parsed)
            return
        fp.setdefault("location", {}).update(parsed)
        for slot in parsed:
            self.journal.carried_at(f"{pointer}/location/{slot}", self.position(entry.pointer))

    def _hardware(self, fp: dict[str, Any], pointer: str, entry: Entry, kind: str | None) -> None:
        if not isinstance(entry.value, str) or UNFILLED.match(entry.value):
            self.journal.lost(entry.where, entry.value, says("not a hardware description"))
            return
        items = parse_hardware(entry.value)
        if kind is not None:
            items = [{"hardware_type": kind, "hardware_model": entry.value.strip()}]
        start = len(fp.get("hardware", []))
        fp.setdefault("hardware", []).extend(items)
        for index in range(start, start + len(items)):
            self.journal.carried_at(f"{pointer}/hardware/{index}", self.position(entry.pointer))

    def footprints(self) -> list[Draft]:
        """A footprint per co2_eq_emissions record, the body's labelled lines added to a single one (or to one of
        their own), and a footprint per row of the body's tables of figures."""
        drafts: list[Draft] = []
        for entries in self.records():
            index = len(drafts)
            footprint = self.footprint(entries, f"/footprints/{index}")
            if footprint:  # a record with nothing aistd can carry (its losses are reported) gives no footprint
                drafts.append(Draft(footprint, self.journal, index=index, codecarbon="energy_consumption" in footprint))
        if len(drafts) <= 1:
            body.read_statements(self, drafts)
        else:
            reason = says("several co2_eq_emissions records: the body's figures cannot be tied to one")
            body.lose_statements(self, reason)
        tables.read_tables(self, drafts)
        return [draft for draft in drafts if draft.footprint]


def _finish(draft: Draft, journal: Journal, system: str | None, identifier: str) -> None:
    """Required values the card does not state, filled and reported; the footprint's id and system."""
    fp = draft.footprint
    if "stage" not in fp:
        reason = says("the card gives no training_type aistd can map: set the stage by hand")
        fp["stage"] = "other"
        draft.fill("/stage", "other", reason)
    if "operational_emissions" in fp:
        draft.fill("/emissions_accounting_method", "not-stated", METHOD_REASON)
        fp["emissions_accounting_method"] = "not-stated"
    if "energy_consumption" in fp:
        boundary, reason = (
            ("compute-node", BOUNDARY_REASON) if draft.codecarbon else ("not-stated", BODY_BOUNDARY_REASON)
        )
        fp["energy_boundary"] = boundary
        draft.fill("/energy_boundary", boundary, reason)
    owner = system if draft.system is Draft.CARD else draft.system
    head = {"id": identifier, **({"system": owner} if owner else {}), "stage": fp.pop("stage")}
    rest = {key: value for key, value in fp.items() if key != "system"}
    fp.clear()
    fp.update(head)
    fp.update(rest)


def _identifiers(drafts: list[Draft], system: str | None) -> list[str]:
    """Each footprint's id: the system and stage (numbered for several records), or the row it comes from."""
    records = [d for d in drafts if d.record]
    numbered = len(records) > 1
    taken: set[str] = set()
    names = []
    for position, draft in enumerate(drafts):
        stage = draft.footprint.get("stage", "other")
        if draft.name is not None:
            base = f"{slug(draft.name, 'row')}-{stage}"
        else:
            base = f"{system or 'model'}-{stage}" + (f"-{position + 1}" if numbered and draft in records else "")
        name, suffix = base, 1
        while name in taken:
            suffix += 1
            name = f"{base}-{suffix}"
        taken.add(name)
        names.append(name)
    return names


def read_card(text: str, path: str) -> Conversion:
    """The card's system, and its footprints: per co2_eq_emissions record, per body block, per table row."""
    reader = CardReader(split_card(text.removeprefix("\ufeff")))
    journal = reader.journal
    name = system_name(reader.card)
    system = slug(name, "model") if name else None
    reader.system = system
    drafts = reader.footprints()
    if not drafts and name is None:
        first = journal.losses[0] if journal.losses else None
        message = (
            says(
                "no figure, no Environmental Impact section and no model name: nothing to convert ({where}: {reason})",
                where=first.where,
                reason=first.reason,
            )
            if first
            else says("no figure, no Environmental Impact section and no model name: nothing to convert")
        )
        raise ConversionError(message, 1, 1)
    assign(drafts)
    for draft in drafts:
        draft.inherit()
    for draft, identifier in zip(drafts, _identifiers(drafts, system), strict=True):
        _finish(draft, journal, system, identifier)
        if f"/footprints/{draft.index}" not in journal.origins:
            journal.carried_at(f"/footprints/{draft.index}", reader.position(f"/{CO2}"))
    for draft in drafts:
        draft.link()
    identifier = f"urn:aistd:hf-card:{system or slug(PurePath(path).stem, 'model')}"
    document = disclosure_shell(journal, identifier, None, None)
    journal.filled("/id", identifier, says("a card has no identifier: made from the model name"))
    systems = [{"id": system, "name": name}] if name and system else []
    for index, (row_system, (row_name, position)) in enumerate(reader.systems.items(), start=len(systems)):
        systems.append({"id": row_system, "name": row_name})
        journal.carried_at(f"/ai_systems/{index}", position)
    if systems:
        document["ai_systems"] = systems
    if drafts:
        document["footprints"] = [draft.footprint for draft in drafts]
    return journal.conversion("hf-card", "aistd", document)
