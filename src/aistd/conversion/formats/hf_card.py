"""Hugging Face model cards: `co2_eq_emissions` in the YAML front matter and the "Environmental Impact" section.

The fields, their aistd slots and units come from `mappings/hf-model-card.sssom.tsv`; this module knows where
they sit in a card and how people spell them. How the quirks of real cards are treated:

* `co2_eq_emissions` may be a number (grams), a map, a list of one-key maps (merged) or of full maps (one
  footprint each), or a string with a unit ("1.2g CO2", "16,714 kgs", "18t CO2eq"). Keys are matched after
  normalising case, spaces and hyphens, and a misspelling is accepted only when every word matches
  (`geographic_location`, not `training_time` for `training_type`). Unknown keys are reported lost.
* A free-text quantity is read only when it holds one number and, optionally, a unit of the right kind;
  anything else ("TBD", ranges, decimal commas, unknown units) is reported lost with its text, never guessed.
  A 0 is a placeholder, not a measured zero. A body figure without a unit is read in grams, as the template
  asks, and that unit is recorded as filled.
* Figures the body states outside the Environmental Impact section (e.g. "Emissions: 5.6 KgCO2") are compared
  with the front matter: when they disagree (typically by a factor of 1000, kilograms written where grams are
  expected) the loss report says so; the front matter, which the spec defines in grams, is kept.
* `training_type` pre-training / fine-tuning gives the stage; without it the stage is `other` (filled).
  The card states no accounting method: `location-based` is filled (the tools that feed cards use grid
  averages), so is the `compute-node` boundary of the CodeCarbon energy key.
* The card names the model (model-index name, else the first heading): it becomes the one AI system, and the
  footprints belong to it; CodeCarbon logs merged with the card then describe the same system.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import PurePath
from typing import Any

from aistd.conversion.fields import (
    FieldRule,
    enum_values,
    field_rules,
    from_slot_value,
    reverse_enum_values,
    slot_fields,
    to_slot_value,
)
from aistd.conversion.formats.base import PLACEHOLDER_END, PLACEHOLDER_START, UNKNOWN_ENTITY, disclosure_shell
from aistd.conversion.formats.codecarbon import country_named, country_record, has_pycountry, within_limits
from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
from aistd.knowledge import artifacts
from aistd.knowledge.crosswalks import rows
from aistd.knowledge.units import magnitude, slot_classes, unit_table
from aistd.load import LoadError, parse_text, value_positions

VOCABULARY = "hf-model-card"
PREFIX = "hfcard:"
CO2 = "co2_eq_emissions"
SECTION = "environmental_impact"
FRONT_OPEN = re.compile(r"\A---[ \t]*\r?\n")
FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
FENCE = re.compile(r"^\s*(```|~~~)")
BULLET = re.compile(
    r"^\s*[-*+]\s+(?:\*\*|__)?(?P<label>[^:*_\[\]\n]+?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(?P<value>.*?)\s*$"
)
ENV_HEADING = re.compile(r"environmental\s+impact", re.I)
TEMPLATE_BULLET = re.compile(r"^\s*[-*+]\s+\*\*(carbon emitted|hardware type|compute region)\b", re.I | re.M)
CARD_KEYS = re.compile(r"^(co2_eq_emissions|pipeline_tag|library_name|base_model|model-index|datasets)\s*:", re.M)
UNFILLED = re.compile(r"^\s*(\[more information needed\]|\{\{.*\}\}|-|n/?a|none|tbd|todo|\?)?\s*$", re.I)
NOT_A_CLOUD = re.compile(r"^\s*(private infrastructure|private|on[- ]?prem(ise|ises)?|local|none|n/?a)\s*$", re.I)
CARD_TITLE = re.compile(r"^\s*(model card (for|of)\s+|model card\s*[:\-\u2013\u2014]\s*)|\s*model card\s*$", re.I)
BOILERPLATE = re.compile(r"machine learning impact calculator|^\s*<!--.*-->\s*$", re.I)
FIGURE_LABEL = re.compile(r"emission|co2|co\u2082|carbon|energy", re.I)

NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)"
APPROXIMATE = r"(?P<approx>~|\u2248|about|approx\.?|approximately|around|circa|ca\.)?"
LEADING = re.compile(rf"^\s*{APPROXIMATE}\s*{NUMBER}", re.I)
CO2_WORD = re.compile(r"\bco(?:2|\u2082)(?:[\s-]*e(?:q(?:uivalent)?)?)?\b|\bco(?:2|\u2082)", re.I)
TRIVIAL = re.compile(r"^[\s.,;:()\[\]\-]*((of|eq|equivalent|emitted|emissions?|total|in)[\s.,;:()\-]*)*$", re.I)
OFFSET = re.compile(r"of which\s+\d+(?:\.\d+)?\s*%\s*(?:were|was|is|are|has been|have been)?\s*offset\w*[^,;]*", re.I)
NOTE_REASONS = {
    False: "a comment beside the figure: the figure is carried, the comment is not",
    True: "an offset stated in prose: aistd's emissions_offset could hold it, but the card has no offset field, so"
    " the figure is carried and the offset is not",
}
# How cards spell units, by the UCUM code aistd uses (checked against the slot's quantity class on use).
UNIT_SPELLINGS = {
    "g{CO2eq}": ("g", "gr", "gram", "grams"),
    "kg{CO2eq}": ("kg", "kgs", "kilogram", "kilograms"),
    "t{CO2eq}": ("t", "ton", "tons", "tonne", "tonnes", "metric ton", "metric tons", "metric tonnes"),
    "W.h": ("wh",),
    "kW.h": ("kwh", "kw.h", "kw h", "kilowatt hours", "kilowatt-hours", "kilowatt hour"),
    "MW.h": ("mwh",),
    "GW.h": ("gwh",),
    "J": ("j", "joules"),
    "kJ": ("kj",),
    "MJ": ("mj",),
    "GJ": ("gj",),
    "s": ("s", "sec", "secs", "second", "seconds"),
    "min": ("min", "mins", "minute", "minutes"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "d": ("d", "day", "days"),
}
HARDWARE_KINDS = (
    ("tpu", re.compile(r"\btpu", re.I)),
    (
        "gpu",
        re.compile(
            r"gpu|nvidia|geforce|\brtx|\bgtx|tesla|quadro|\b[ahlv]100|\bh200|\ba10g?\b|\bt4\b|\bl4\b"
            r"|\bmi\d{3}|radeon|instinct",
            re.I,
        ),
    ),
    ("npu", re.compile(r"\bnpu|gaudi|trainium|inferentia", re.I)),
    ("cpu", re.compile(r"cpu|xeon|epyc|core\(tm\)|\bintel\b|ryzen|\bi[3579]-\d|graviton|\barm\b", re.I)),
)
COUNTED = re.compile("^\\s*(\\d+)\\s*(?:[x\u00d7]\\s*)?\\s(.+)$", re.I)


# --- free text -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A number read from text, its UCUM unit, whether the text gave the unit, and any comment beside it."""

    value: float | int
    unit: str
    unit_given: bool
    note: str = ""


def _plain(text: str) -> str:
    return re.sub(r"[*_`]", "", text).strip()


@cache
def _unit_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    spelled = sorted((s for code in units for s in UNIT_SPELLINGS.get(code, ())), key=len, reverse=True)
    alternatives = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in spelled)
    return re.compile(rf"^\s*(?P<unit>{alternatives})(?=$|[^a-z]|co|CO|Co)", re.I)


def _unit_code(spelled: str, units: tuple[str, ...]) -> str:
    key = re.sub(r"\s+", " ", spelled.casefold())
    return next(code for code in units if key in UNIT_SPELLINGS.get(code, ()))


def parse_quantity(text: str, units: tuple[str, ...], default: str | None) -> Quantity | str:
    """One quantity in free text, in one of `units` (UCUM codes), or the reason it cannot be read."""
    plain = _plain(text)
    leading = LEADING.match(plain)
    if leading is None:
        return "no number at the start" if re.search(r"\d", plain) else "no number"
    value = float(leading.group("number").replace(",", ""))
    rest = plain[leading.end() :]
    unit_match = _unit_pattern(units).match(rest)
    unit = _unit_code(unit_match.group("unit"), units) if unit_match else default
    if unit is None:
        return "no unit"
    rest = rest[unit_match.end() :] if unit_match else rest
    note = _note(rest, leading.group("approx"))
    if isinstance(note, tuple):
        return note[0]
    return Quantity(
        int(value) if value.is_integer() and "." not in leading.group("number") else value,
        unit,
        unit_match is not None,
        note,
    )


def _note(rest: str, approximate: str | None) -> str | tuple[str]:
    """The comment after a figure (empty when trivial), or a one-tuple with why the figure is ambiguous."""
    if rest.lstrip().startswith("="):  # "960 = 5 days x 24h x 8 GPUs": the figure is the stated total
        return rest.strip()
    remainder = CO2_WORD.sub(" ", rest)
    offset = OFFSET.search(remainder)
    if offset:
        remainder = remainder[: offset.start()] + remainder[offset.end() :]
    if re.search(r"\d", remainder):
        return ("more than one number, or a number with a unit of another kind",)
    if re.match(r"^\s*[a-z\u00b5]", remainder, re.I) and not TRIVIAL.match(remainder):
        first = remainder.split()[0]
        if len(first) <= 3 and first.isalpha():
            return (f"unknown unit {first!r}",)
    notes = [f"stated as approximate ({approximate})"] if approximate else []
    if offset:
        notes.append(offset.group(0).strip())
    if not TRIVIAL.match(remainder):
        notes.append(remainder.strip(" ,;"))
    return "; ".join(notes)


@cache
def hardware_types() -> tuple[str, ...]:
    """aistd's hardware types (from the compiled JSON Schema)."""
    definitions = json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))["$defs"]
    return tuple(definitions["HardwareType"]["enum"])


@cache
def _typed() -> re.Pattern[str]:
    """A hardware name followed by its aistd type in parentheses, as hardware_text writes it ("v4 (TPU)")."""
    return re.compile(rf"^(?P<model>.+?)\s+\((?P<kind>{'|'.join(hardware_types())})\)$", re.I)


def hardware_kind(text: str) -> str:
    """The aistd hardware type a free-text hardware name suggests, or other."""
    return next((kind for kind, pattern in HARDWARE_KINDS if pattern.search(text)), "other")


def parse_hardware(text: str) -> list[dict[str, Any]]:
    """Hardware items from free text ("8 x V100 GPUs + 2 x Xeon"): count, model and the kind it names."""
    items = []
    for part in re.split(r"\s+\+\s+|;", text):
        part = part.strip()
        if not part:
            continue
        counted = COUNTED.match(part)
        count, model = (int(counted.group(1)), counted.group(2).strip()) if counted else (None, part)
        typed = _typed().match(model)
        kind = typed.group("kind").lower() if typed else hardware_kind(model)
        item: dict[str, Any] = {"hardware_type": kind, "hardware_model": typed.group("model") if typed else model}
        if count:
            item["hardware_count"] = count
        items.append(item)
    return items


def hardware_text(items: list[dict[str, Any]]) -> str:
    """Hardware items as card text, read back by parse_hardware."""
    parts = []
    for item in items:
        model = str(item.get("hardware_model") or item.get("hardware_type", "hardware"))
        kind = item.get("hardware_type")
        if kind and hardware_kind(model) != kind and kind != "other":
            model += f" ({kind.upper()})"
        count = item.get("hardware_count")
        parts.append(f"{count} x {model}" if count else model)
    return " + ".join(parts)


def parse_location(text: str) -> dict[str, str] | str:
    """A location from free text ("Quebec, Canada"): country (alpha-2) and region, or why it cannot be read."""
    if not has_pycountry():
        return "a place in words: pycountry, which turns country names into codes, is not installed"
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return "empty"
    last = parts[-1]
    country = country_named(last)
    if country is None and (len(last) == 3 or text.strip() == last) and last.isupper():
        country = country_record(last)  # "USA"; a bare two-letter code only when it is the whole text
    if country is None:
        return "no country this converter can name (it reads ISO country names and codes only)"
    location = {"country": country.alpha_2}
    if len(parts) > 1:
        location["region"] = ", ".join(parts[:-1])
    return location


def location_text(location: dict[str, Any]) -> str | None:
    """A location as card text ("catalonia, Spain"), read back by parse_location."""
    code = location.get("country")
    if not isinstance(code, str):
        return None
    country = country_record(code)
    name = country.name if country is not None else code
    region = location.get("region")
    return f"{region}, {name}" if isinstance(region, str) and region else name


# --- the card's parts ------------------------------------------------------------------------------------


@dataclass
class Bullet:
    """A `- **Label:** value` line of the body, with the 1-based line and column of its value."""

    label: str
    value: str
    line: int
    column: int
    in_section: bool


@dataclass
class Card:
    """A card split into its front matter (data and positions) and its body's bullets and headings."""

    meta: dict[str, Any]
    positions: dict[str, tuple[int, int]]
    bullets: list[Bullet] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)
    title: str | None = None
    has_section: bool = False


def _front_matter(text: str) -> tuple[str, int, int] | None:
    """The front matter's text, its first line number, and where the body starts (None without one)."""
    opening = FRONT_OPEN.match(text)
    if opening is None:
        return None
    closing = FRONT_CLOSE.search(text, opening.end())
    if closing is None:
        raise ConversionError("the front matter opened by --- on line 1 is never closed", 1, 1)
    body_start = closing.end() + 1
    return text[opening.end() : closing.start()], 2, body_start


def _parse_meta(front: str, first_line: int) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    if not front.strip():
        return {}, {}
    try:
        data = parse_text(front, "front-matter.yaml").data
    except LoadError as error:
        line = None if error.line is None else error.line + first_line - 1
        raise ConversionError(f"front matter: {error.message}", line, error.column) from None
    if not isinstance(data, dict):
        raise ConversionError("the front matter is not a mapping of metadata keys", first_line, 1)
    shifted = {p: (line + first_line - 1, column) for p, (line, column) in value_positions(front).items()}
    return data, shifted


def _split(text: str) -> Card:
    front = _front_matter(text)
    if front is None:
        card, body, body_line = Card({}, {}), text, 1
    else:
        meta, positions = _parse_meta(front[0], front[1])
        card, body, body_line = Card(meta, positions), text[front[2] :], text.count("\n", 0, front[2]) + 1
    _read_body(card, body, body_line)
    return card


def _read_body(card: Card, body: str, first_line: int) -> None:
    """The body's title, the Environmental Impact section's lines, and the labelled bullets elsewhere."""
    section_level, fenced = 0, False
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        heading = HEADING.match(line)
        if heading:
            level, title = len(heading.group(1)), _plain(heading.group(2))
            card.title = card.title or (title if level == 1 else None)
            if section_level and level <= section_level:
                section_level = 0
            if ENV_HEADING.search(title):
                section_level, card.has_section = level, True
            continue
        _body_line(card, line, number, bool(section_level))


def _body_line(card: Card, line: str, number: int, in_section: bool) -> None:
    bullet = BULLET.match(line)
    if bullet:
        label = _plain(bullet.group("label"))
        card.bullets.append(Bullet(label, bullet.group("value"), number, bullet.start("value") + 1, in_section))
    elif in_section and line.strip() and not BOILERPLATE.search(line):
        card.prose.append((number, line.strip()))


def _system_name(card: Card) -> str | None:
    """The model the card is about: model-index name, else the first heading without "Model Card for"."""
    index = card.meta.get("model-index")
    if isinstance(index, list) and index and isinstance(index[0], dict) and isinstance(index[0].get("name"), str):
        return index[0]["name"].strip() or None
    if card.title:
        return CARD_TITLE.sub("", card.title).strip() or None
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "model"


# --- reading -------------------------------------------------------------------------------------------


@cache
def _known_keys() -> dict[str, str]:
    """co2_eq_emissions keys the crosswalk knows, with their object ids."""
    keys = {}
    for row in rows(VOCABULARY):
        rest = row["object_id"].removeprefix(f"{PREFIX}{CO2}.")
        if rest != row["object_id"] and "." not in rest:
            keys[rest] = row["object_id"]
    return keys


@cache
def _section_fields() -> dict[str, str]:
    """Environmental Impact bullet labels (case-folded) with their object ids."""
    return {
        row["object_label"].casefold(): row["object_id"]
        for row in rows(VOCABULARY)
        if row["object_id"].startswith(f"{PREFIX}{SECTION}.")
    }


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
    if written in _known_keys():
        return written
    words = written.split("_")
    for known in _known_keys():
        parts = known.split("_")
        if len(parts) == len(words) and all(_same_word(w, k) for w, k in zip(words, parts, strict=True)):
            return known
    return None


def _escape(key: Any) -> str:
    """A key as one JSON-pointer token."""
    return str(key).replace("~", "~0").replace("/", "~1")


@dataclass
class Entry:
    """One co2_eq_emissions key of a record: the key as written, its value, and its pointer in the front matter."""

    key: str
    value: Any
    pointer: str


class _Reader:
    """The state of one read."""

    def __init__(self, card: Card) -> None:
        self.card = card
        self.rules = field_rules(VOCABULARY)
        self.losses: list[Loss] = []
        self.fills: list[Fill] = []
        self.origins: dict[str, tuple[int, int]] = {}

    def position(self, source: str) -> tuple[int, int]:
        """The position of a front-matter pointer (or its nearest parent)."""
        candidate = source
        while candidate and candidate not in self.card.positions:
            candidate = candidate.rsplit("/", 1)[0]
        return self.card.positions.get(candidate, (1, 1))

    def records(self) -> list[list[Entry]]:
        """co2_eq_emissions as records of entries (a list of full maps gives several records)."""
        value, base = self.card.meta.get(CO2), f"/{CO2}"
        if value is None:
            return []
        if isinstance(value, dict):
            return [[Entry(str(k), v, f"{base}/{_escape(k)}") for k, v in value.items()]]
        if isinstance(value, list):
            return self._list_records(value, base)
        return [[Entry(CO2, value, base)]]

    def _list_records(self, items: list[Any], base: str) -> list[list[Entry]]:
        maps = [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                self.losses.append(Loss(f"{CO2}.{index}", item, "a list item that is not a key: value map"))
        full = [(i, m) for i, m in maps if sum(normalise_key(k) == "emissions" for k in m) == 1 and len(m) > 1]
        if len(full) > 1:
            return [[Entry(str(k), v, f"{base}/{i}/{_escape(k)}") for k, v in m.items()] for i, m in maps]
        merged: list[Entry] = []
        for index, item in maps:
            merged.extend(Entry(str(k), v, f"{base}/{index}/{_escape(k)}") for k, v in item.items())
        return [merged] if merged else []

    def footprint(self, entries: list[Entry], pointer: str) -> dict[str, Any]:
        """One footprint from the entries of a record."""
        fp: dict[str, Any] = {}
        seen: dict[str, Entry] = {}
        for entry in entries:
            key = CO2 if entry.key == CO2 else normalise_key(entry.key)
            if key is None:
                self.losses.append(
                    Loss(
                        self._where(entry), entry.value, "a key the HF spec and the crosswalk do not know; not carried"
                    )
                )
            elif key in seen:
                self.losses.append(Loss(self._where(entry), entry.value, f"a second {key!r}: the first is kept"))
            else:
                seen[key] = entry
                self._entry(fp, pointer, key, entry)
        return fp

    def _where(self, entry: Entry) -> str:
        return ".".join(t.replace("~1", "/").replace("~0", "~") for t in entry.pointer.lstrip("/").split("/"))

    def _entry(self, fp: dict[str, Any], pointer: str, key: str, entry: Entry) -> None:
        object_id = f"{PREFIX}{CO2}" if key == CO2 else _known_keys()[key]
        rule = self.rules.get(object_id)
        if key == "training_type":
            self._stage(fp, pointer, entry)
        elif rule is None:
            self.losses.append(
                Loss(
                    self._where(entry),
                    entry.value,
                    f"{key}: the crosswalk relates it to no aistd slot that can carry it",
                )
            )
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
            self.losses.append(
                Loss(
                    self._where(entry),
                    entry.value,
                    "training_type is not one of " + ", ".join(table) + ": stage left as other",
                )
            )
            return
        fp["stage"] = stage
        self.origins[f"{pointer}/stage"] = self.position(entry.pointer)

    def _slot(self, fp: dict[str, Any], pointer: str, rule: FieldRule, entry: Entry) -> None:
        value = self.value(rule, entry.value, self._where(entry))
        if value is None:
            return
        fp[rule.slot] = value
        self.origins[f"{pointer}/{rule.slot}"] = self.position(entry.pointer)

    def value(self, rule: FieldRule, raw: Any, where: str, unit_fill: str | None = None) -> Any:
        """A raw value as its slot holds it, or None after reporting why it cannot be carried."""
        quantity_class = slot_classes().get(rule.slot)
        if rule.unit in ("", None):
            if isinstance(raw, str) and not UNFILLED.match(raw):
                return raw.strip()
            self.losses.append(Loss(where, raw, "not a text value" if not isinstance(raw, str) else "left unfilled"))
            return None
        if isinstance(raw, bool) or raw is None or isinstance(raw, list | dict):
            self.losses.append(Loss(where, raw, "not a figure"))
            return None
        if isinstance(raw, int | float):
            parsed: Quantity | str = Quantity(raw, rule.unit, True)
        else:
            units = tuple(unit_table()[quantity_class]["units"]) if quantity_class else (rule.unit,)
            parsed = parse_quantity(str(raw), units, rule.unit)
        return self._quantity(rule, raw, where, parsed, unit_fill)

    def _quantity(self, rule: FieldRule, raw: Any, where: str, parsed: Quantity | str, fill: str | None) -> Any:
        if isinstance(parsed, str):
            self.losses.append(Loss(where, raw, f"cannot be read as one {rule.slot} figure: {parsed}"))
            return None
        if parsed.value == 0:
            self.losses.append(
                Loss(
                    where,
                    raw,
                    "0 is the placeholder cards leave when nothing was measured: not carried as a measured zero",
                )
            )
            return None
        value = to_slot_value(replace(rule, unit=parsed.unit), parsed.value)
        if not within_limits(rule.slot, value) or not math.isfinite(float(parsed.value)):
            self.losses.append(Loss(where, raw, f"not a valid {rule.slot} value"))
            return None
        if parsed.note:
            self.losses.append(Loss(where, parsed.note, NOTE_REASONS["offset" in parsed.note.casefold()]))
        if not parsed.unit_given and fill:
            self.fills.append(
                Fill(fill, parsed.unit, "the card gives no unit: read in the unit the spec or template asks for")
            )
        return value

    def _location(self, fp: dict[str, Any], pointer: str, entry: Entry) -> None:
        if not isinstance(entry.value, str) or UNFILLED.match(entry.value):
            self.losses.append(Loss(self._where(entry), entry.value, "not a place name"))
            return
        parsed = parse_location(entry.value)
        if isinstance(parsed, str):
            self.losses.append(Loss(self._where(entry), entry.value, parsed))
            return
        fp.setdefault("location", {}).update(parsed)
        for slot in parsed:
            self.origins[f"{pointer}/location/{slot}"] = self.position(entry.pointer)

    def _hardware(self, fp: dict[str, Any], pointer: str, entry: Entry, kind: str | None) -> None:
        if not isinstance(entry.value, str) or UNFILLED.match(entry.value):
            self.losses.append(Loss(self._where(entry), entry.value, "not a hardware description"))
            return
        items = parse_hardware(entry.value)
        if kind is not None:
            items = [{"hardware_type": kind, "hardware_model": entry.value.strip()}]
        start = len(fp.get("hardware", []))
        fp.setdefault("hardware", []).extend(items)
        for index in range(start, start + len(items)):
            self.origins[f"{pointer}/hardware/{index}"] = self.position(entry.pointer)

    def footprints(self) -> list[dict[str, Any]]:
        """A footprint per co2_eq_emissions record, the body section added to a single one, figures compared."""
        footprints = []
        for entries in self.records():
            footprint = self.footprint(entries, f"/footprints/{len(footprints)}")
            if footprint:  # a record with nothing aistd can carry (its losses are reported) gives no footprint
                footprints.append(footprint)
        if len(footprints) <= 1:
            body: dict[str, Any] = footprints[0] if footprints else {}
            self.section(body, "/footprints/0")
            if body and not footprints:
                footprints.append(body)
        else:
            why = "several co2_eq_emissions records: the section cannot be tied to one"
            self.losses.extend(
                Loss(f"Environmental Impact: {b.label}", b.value, why) for b in self.card.bullets if b.in_section
            )
        self.cross_check(footprints[0] if len(footprints) == 1 else None)
        return footprints

    # --- the body ---------------------------------------------------------------------------------------

    def section(self, fp: dict[str, Any], pointer: str) -> None:
        """The Environmental Impact bullets: carried where the front matter is silent, compared where not."""
        labels = _section_fields()
        for bullet in self.card.bullets:
            if not (bullet.in_section or not self.card.has_section):
                continue
            object_id = labels.get(bullet.label.casefold())
            if object_id is not None:
                self._section_bullet(fp, pointer, bullet, object_id)
            elif bullet.in_section and not (FIGURE_LABEL.search(bullet.label) and re.search(r"\d", bullet.value)):
                self.losses.append(
                    Loss(
                        f"Environmental Impact: {bullet.label}",
                        bullet.value,
                        "a bullet the template does not have: not read",
                    )
                )
        for line, text in self.card.prose:
            self.losses.append(Loss(f"Environmental Impact (line {line})", text, "prose: not read"))

    def _section_bullet(self, fp: dict[str, Any], pointer: str, bullet: Bullet, object_id: str) -> None:
        if UNFILLED.match(_plain(bullet.value)):
            return
        rule, where = self.rules[object_id], f"Environmental Impact: {bullet.label}"
        if rule.slot == "hardware":
            self._section_hardware(fp, pointer, bullet, where)
            return
        if rule.slot == "cloud_provider" and NOT_A_CLOUD.match(_plain(bullet.value)):
            self.losses.append(Loss(where, bullet.value, "says no public cloud was used; aistd names providers only"))
            return
        home, inner = (fp.setdefault("location", {}), "/location") if rule.slot.startswith("cloud_") else (fp, "")
        slot_pointer = f"{pointer}{inner}/{rule.slot}"
        fill = f"{slot_pointer}/unit" if slot_classes().get(rule.slot) == "CO2eMassQuantity" else None
        value = self.value(rule, _plain(bullet.value), where, fill)
        if value is None:
            return
        if rule.slot in home:
            self._compare(home[rule.slot], value, rule.slot, where, bullet.value)
            return
        home[rule.slot] = value
        self.origins[slot_pointer] = (bullet.line, bullet.column)

    def _section_hardware(self, fp: dict[str, Any], pointer: str, bullet: Bullet, where: str) -> None:
        items = parse_hardware(_plain(bullet.value))
        if "hardware" not in fp:
            fp["hardware"] = items
            self.origins[f"{pointer}/hardware"] = (bullet.line, bullet.column)
        elif items != fp["hardware"]:
            self.losses.append(
                Loss(where, bullet.value, "differs from the front matter's hardware_used, which is kept")
            )

    def _compare(self, kept: Any, other: Any, slot: str, where: str, raw: str) -> None:
        first, second = magnitude({slot: kept}, slot), magnitude({slot: other}, slot)
        if kept != other and not (first is not None and second is not None and _agrees(first, second, raw, other)):
            self.losses.append(Loss(where, raw, _disagreement(first, second, slot)))

    def cross_check(self, fp: dict[str, Any] | None) -> None:
        """Figures stated in bullets outside the section (or unknown to the template): compared, never read."""
        labels = _section_fields()
        for bullet in self.card.bullets:
            templated = bullet.label.casefold() in labels and (bullet.in_section or not self.card.has_section)
            if templated or not FIGURE_LABEL.search(bullet.label) or not re.search(r"\d", bullet.value):
                continue
            slot = "energy_consumption" if re.search(r"energy|kwh", bullet.label + bullet.value, re.I) else None
            self._cross_check(fp, bullet, slot or "operational_emissions")

    def _cross_check(self, fp: dict[str, Any] | None, bullet: Bullet, slot: str) -> None:
        where = f"line {bullet.line}: {bullet.label}"
        stated = magnitude(fp, slot) if fp else None
        units = tuple(unit_table()[slot_classes()[slot]]["units"])
        hint = re.search(r"\(in ([^)]+)\)", bullet.label)
        label_unit = parse_quantity(f"1 {hint.group(1)}", units, None) if hint else None
        parsed = parse_quantity(bullet.value, units, label_unit.unit if isinstance(label_unit, Quantity) else None)
        if stated is None or isinstance(parsed, str):
            reason = f"a figure ({slot}) in the card's prose, not in a field aistd reads: not read"
            self.losses.append(Loss(where, bullet.value, reason))
            return
        factor = unit_table()[slot_classes()[slot]]["units"][parsed.unit]["factor_to_canonical"]
        body = parsed.value * factor
        if not _agrees(stated, body, bullet.value, {"value": parsed.value, "unit": parsed.unit}):
            reason = _disagreement(stated, body, slot) + " (the front matter is kept)"
            self.losses.append(Loss(where, bullet.value, reason))


def _agrees(kept: float, other: float, raw: str, written: Any) -> bool:
    """Whether a figure written in text matches the kept one: within 1 %, or within the text's rounding."""
    if math.isclose(kept, other, rel_tol=0.01):
        return True
    leading = LEADING.match(_plain(raw))
    digits = leading.group("number") if leading else ""
    if not digits or "e" in digits.lower() or not isinstance(written, dict):
        return False
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = other / written["value"] if written.get("value") else 0
    return abs(kept - other) <= 0.5 * 10**-decimals * abs(scale)


def _disagreement(kept: float | None, other: float | None, slot: str) -> str:
    text = f"disagrees with the {slot} kept"
    if kept and other:
        ratio = other / kept
        text += f" ({kept:.6g} vs {other:.6g} in canonical units)"
        if 900 <= ratio <= 1100 or 900 <= 1 / ratio <= 1100:
            text += ": off by a factor of about 1000, probably kilograms written where grams are expected"
    return text


def _finish(fp: dict[str, Any], pointer: str, fills: list[Fill], system: str | None, identifier: str) -> None:
    """Required values the card does not state, filled and reported; the footprint's id and system."""
    if "stage" not in fp:
        fp["stage"] = "other"
        fills.append(
            Fill(f"{pointer}/stage", "other", "the card gives no training_type aistd can map: set the stage by hand")
        )
    if "operational_emissions" in fp:
        fp["emissions_accounting_method"] = "location-based"
        fills.append(
            Fill(
                f"{pointer}/emissions_accounting_method",
                "location-based",
                "the card does not say; the"
                " tools that feed cards (CodeCarbon, AutoTrain, the ML CO2 Impact calculator) use grid"
                " averages",
            )
        )
    if "energy_consumption" in fp:
        fp["energy_boundary"] = "compute-node"
        fills.append(
            Fill(
                f"{pointer}/energy_boundary",
                "compute-node",
                "energy_consumed is CodeCarbon's CPU + GPU"
                " + RAM energy of the tracked machine, copied by sentence-transformers and SetFit",
            )
        )
    head = {"id": identifier, **({"system": system} if system else {}), "stage": fp.pop("stage")}
    rest = dict(fp)
    fp.clear()
    fp.update(head)
    fp.update(rest)


# --- writing -------------------------------------------------------------------------------------------


def _choose(footprints: list[Any], system: str | None) -> int | None:
    """The footprint the card reports: of the card's system, a training stage first."""
    candidates = [
        (index, fp)
        for index, fp in enumerate(footprints)
        if isinstance(fp, dict) and (system is None or fp.get("system") in (system, None))
    ]
    for index, fp in candidates:
        if fp.get("stage") in reverse_enum_values(VOCABULARY, f"{PREFIX}{CO2}.training_type", "LifecycleStage"):
            return index
    return candidates[0][0] if candidates else None


class _Writer:
    """The state of one write."""

    def __init__(self, disclosure: dict[str, Any]) -> None:
        self.disclosure = disclosure
        self.rules = field_rules(VOCABULARY)
        self.slots = slot_fields(VOCABULARY)
        self.losses: list[Loss] = []
        self.fills: list[Fill] = []

    def lose(self, where: str, value: Any, reason: str = "a model card has no field for it") -> None:
        """Report a value not written."""
        self.losses.append(Loss(where, value, reason))

    def number(self, object_id: str, value: Any, where: str) -> int | float | None:
        """A slot value in the unit of a card field, or None after reporting it lost."""
        written = from_slot_value(self.rules[object_id], value)
        if isinstance(written, bool) or not isinstance(written, int | float):
            self.lose(where, value, "not a number in a unit this card field can take")
            return None
        return written

    def system(self) -> tuple[str | None, str | None]:
        """The id and name of the system the card is about (the first one), reporting the others lost."""
        systems = [s for s in self.disclosure.get("ai_systems", []) if isinstance(s, dict)]
        for index, other in enumerate(systems[1:], start=1):
            self.lose(f"/ai_systems/{index}", other, "a model card describes one model")
        if not systems:
            return None, None
        for key, value in systems[0].items():
            if key not in ("id", "name"):
                self.lose(f"/ai_systems/0/{key}", value)
        return systems[0].get("id"), systems[0].get("name")

    def co2(self, fp: dict[str, Any], pointer: str) -> tuple[dict[str, Any], list[str]]:
        """The co2_eq_emissions map (grams) and the Environmental Impact bullets of one footprint."""
        meta: dict[str, Any] = {}
        bullets: list[str] = []
        done = {"id", "system"}
        if "operational_emissions" in fp:
            done.add("operational_emissions")
            grams = self.number(
                f"{PREFIX}{CO2}.emissions", fp["operational_emissions"], f"{pointer}/operational_emissions"
            )
            if grams is not None:
                meta["emissions"] = grams
                bullets.append(f"- **Carbon Emitted:** {grams} g CO2eq")
        self._stage(fp, pointer, meta, done)
        self._text_fields(fp, pointer, meta, bullets, done)
        self._figures(fp, pointer, meta, bullets, done)
        for key, value in fp.items():
            if key not in done:
                self.lose(f"{pointer}/{key}", value)
        return meta, bullets

    def _stage(self, fp: dict[str, Any], pointer: str, meta: dict[str, Any], done: set[str]) -> None:
        table = reverse_enum_values(VOCABULARY, f"{PREFIX}{CO2}.training_type", "LifecycleStage")
        if fp.get("stage") in table:
            meta["training_type"] = table[fp["stage"]]
            done.add("stage")
        elif fp.get("stage") == "other":
            done.add("stage")

    def _text_fields(
        self, fp: dict[str, Any], pointer: str, meta: dict[str, Any], bullets: list[str], done: set[str]
    ) -> None:
        if isinstance(fp.get("method"), str):
            meta[self.slots["method"].field.rsplit(".", 1)[1]] = fp["method"]
            done.add("method")
        location = fp.get("location")
        if isinstance(location, dict):
            done.add("location")
            self._location(location, f"{pointer}/location", meta, bullets)
        hardware = fp.get("hardware")
        if isinstance(hardware, list) and hardware:
            done.add("hardware")
            items = self._hardware(hardware, f"{pointer}/hardware")
            if items:
                meta["hardware_used"] = hardware_text(items)
                bullets.insert(0, f"- **Hardware Type:** {meta['hardware_used']}")

    def _location(self, location: dict[str, Any], pointer: str, meta: dict[str, Any], bullets: list[str]) -> None:
        text = location_text(location)
        if text is not None:
            meta["geographical_location"] = text
        elif "region" in location:
            self.lose(f"{pointer}/region", location["region"], "a region without its country cannot be written")
        for slot, label in (("cloud_provider", "Cloud Provider"), ("cloud_region", "Compute Region")):
            if isinstance(location.get(slot), str):
                bullets.append(f"- **{label}:** {location[slot]}")
        for key, value in location.items():
            if key not in ("country", "region", "cloud_provider", "cloud_region"):
                self.lose(f"{pointer}/{key}", value)

    def _hardware(self, items: list[Any], pointer: str) -> list[dict[str, Any]]:
        kept = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                self.lose(f"{pointer}/{index}", item, "not a hardware item")
                continue
            kept.append(item)
            for key, value in item.items():
                if key not in ("hardware_type", "hardware_model", "hardware_count"):
                    self.lose(f"{pointer}/{index}/{key}", value)
        return kept

    def _figures(
        self, fp: dict[str, Any], pointer: str, meta: dict[str, Any], bullets: list[str], done: set[str]
    ) -> None:
        if "energy_consumption" in fp and fp.get("energy_boundary") == "compute-node":
            done |= {"energy_consumption", "energy_boundary"}
            energy = self.number(
                f"{PREFIX}{CO2}.energy_consumed", fp["energy_consumption"], f"{pointer}/energy_consumption"
            )
            if energy is not None:
                meta["energy_consumed"] = energy
        if "duration" in fp:
            done.add("duration")
            hours = self.number(f"{PREFIX}{CO2}.hours_used", fp["duration"], f"{pointer}/duration")
            if hours is not None:
                meta["hours_used"] = hours
        if "accelerator_hours" in fp:
            done.add("accelerator_hours")
            hours = self.number(
                f"{PREFIX}{SECTION}.hours_used", fp["accelerator_hours"], f"{pointer}/accelerator_hours"
            )
            if hours is not None:
                bullets.insert(1 if bullets and "Hardware" in bullets[0] else 0, f"- **Hours used:** {hours}")

    def document_losses(self, chosen: int | None) -> None:
        """Everything beside the chosen footprint and the system's name."""
        placeholders = ({"name": UNKNOWN_ENTITY}, {"start_date": PLACEHOLDER_START, "end_date": PLACEHOLDER_END})
        for key, value in self.disclosure.items():
            if key not in ("schema_version", "footprints", "ai_systems") and value not in placeholders:
                self.lose(f"/{key}", value)
        for index, fp in enumerate(self.disclosure.get("footprints", [])):
            if index != chosen:
                self.lose(
                    f"/footprints/{index}",
                    fp,
                    "a card's co2_eq_emissions holds one figure: the footprint"
                    " of the card's training stage is written, the others are not",
                )


def _card_text(name: str | None, meta: dict[str, Any], bullets: list[str]) -> str:
    import yaml

    front = yaml.safe_dump({CO2: meta}, sort_keys=False, allow_unicode=True, width=110) if meta else ""
    lines = ["---", front.rstrip("\n"), "---", ""] if front else []
    lines.append(f"# Model Card for {name}" if name else "# Model Card")
    if bullets:
        lines += ["", "## Environmental Impact", "", *bullets]
    return "\n".join(lines) + "\n"


class HFCardFormat:
    """Hugging Face model cards (README.md): co2_eq_emissions front matter and Environmental Impact section."""

    name = "hf-card"
    vocabulary = VOCABULARY
    suffixes = (".md", ".markdown")

    def sniff(self, path: str, text: str) -> bool:
        """Front matter with co2_eq_emissions, or a Markdown file with model-card metadata or the section."""
        head = text[:65536].removeprefix("\ufeff")
        try:
            front = _front_matter(head)
        except ConversionError:
            front = None
        if front is not None and re.search(rf"^{CO2}\s*:", front[0], re.M):
            return True
        if PurePath(path).suffix.lower() not in self.suffixes:
            return False
        return bool(
            (front and CARD_KEYS.search(front[0]))
            or TEMPLATE_BULLET.search(head)
            or any(ENV_HEADING.search(h.group(2)) for h in map(HEADING.match, head.splitlines()) if h)
        )

    def read(self, text: str, path: str) -> Conversion:
        """The card's system, and one footprint per co2_eq_emissions record (or for the body section alone)."""
        card = _split(text.removeprefix("\ufeff"))
        reader = _Reader(card)
        name = _system_name(card)
        system = _slug(name) if name else None
        footprints = reader.footprints()
        if not footprints and name is None:
            why = f" ({reader.losses[0].where}: {reader.losses[0].reason})" if reader.losses else ""
            raise ConversionError(
                f"no figure, no Environmental Impact section and no model name: nothing to convert{why}", 1, 1
            )
        numbered = len(footprints) > 1
        for index, fp in enumerate(footprints):
            identifier = f"{system or 'model'}-{fp.get('stage', 'other')}" + (f"-{index + 1}" if numbered else "")
            _finish(fp, f"/footprints/{index}", reader.fills, system, identifier)
            reader.origins.setdefault(f"/footprints/{index}", reader.position(f"/{CO2}"))
        identifier = f"urn:aistd:hf-card:{system or _slug(PurePath(path).stem)}"
        document = disclosure_shell(identifier, None, None, reader.fills)
        reader.fills.append(Fill("/id", identifier, "a card has no identifier: made from the model name"))
        if name:
            document["ai_systems"] = [{"id": system, "name": name}]
        if footprints:
            document["footprints"] = footprints
        return Conversion(self.name, "aistd", document, reader.losses, reader.fills, reader.origins)

    def write(self, disclosure: dict[str, Any]) -> Conversion:
        """A README.md: co2_eq_emissions (grams) in the front matter, and an Environmental Impact section."""
        writer = _Writer(disclosure)
        system, name = writer.system()
        footprints = disclosure.get("footprints", [])
        chosen = _choose(footprints if isinstance(footprints, list) else [], system)
        meta: dict[str, Any] = {}
        bullets: list[str] = []
        if chosen is not None:
            meta, bullets = writer.co2(footprints[chosen], f"/footprints/{chosen}")
        writer.document_losses(chosen)
        return Conversion("aistd", self.name, _card_text(name, meta, bullets), writer.losses, writer.fills)
