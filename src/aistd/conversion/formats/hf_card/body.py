"""The labelled lines of a card's body (`- **Total energy consumption:** 1.2 MWh`, the Environmental Impact
template's `Hours used` / `Carbon Emitted`, `Carbon Emitted: 149 kg CO2eq`), read into footprints.

A label names an aistd slot through the crosswalk's labels (the template's, those cards write, the metadata
keys in words) or an indicator's own name, after the words that qualify it ("Total", "Training") are set aside;
its unit comes from the figure's text, else from the label ("CO2 Emissions (in grams)"), else, for the template's
labels, from the template. Lines in a row form a block: the blocks add their figures to the card's footprint
where it is silent; a figure it states already is compared, and when the two disagree (by their published
digits) the line's figure is kept in a footprint that `restates` the first, for the stated-twice rule to judge.
Blocks that one section captions one by one (`*IDEFICS-9b pretraining*`) and that state the same figures are
separate activities: each is a footprint of its own, its caption as description.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from aistd.conversion.formats.hf_card.card import Card, Statement
from aistd.conversion.formats.hf_card.descriptions import parse_hardware
from aistd.conversion.formats.hf_card.drafts import Draft
from aistd.conversion.formats.hf_card.figures import read_figure, shown
from aistd.conversion.formats.hf_card.inline import unescaped
from aistd.conversion.formats.hf_card.quantities import NOTE_REASONS, plain
from aistd.conversion.formats.hf_card.terms import (
    PREFIX,
    QUALIFYING_WORDS,
    SECTION,
    UNFILLED,
    Label,
    crosswalk_labels,
    indicator_labels,
    stage_words,
    words,
)
from aistd.conversion.journal import Journal
from aistd.conversion.slots import within_limits
from aistd.conversion.units import reference_unit
from aistd.knowledge.rules import tolerance
from aistd.knowledge.units import figure, slot_classes
from aistd.model.message import says
from aistd.model.pointer import Position

NOT_A_CLOUD = re.compile(r"^\s*(?:private infrastructure|private|on[- ]?prem(?:ise|ises)?|local|none|n/?a)\s*$", re.I)
FIGURE_LABEL = re.compile(r"emission|co2|co\u2082|carbon|energy", re.I)
PLACEHOLDER = says("0 is the placeholder cards leave when nothing was measured: not carried as a measured zero")
UNIT_FILL = says("the card gives no unit: read in the unit the spec or template asks for")


class CardReading(Protocol):
    """What reading the body needs of the card's reader: the card, the journal, and the card's system."""

    card: Card
    journal: Journal
    system: str | None
    systems: dict[str, tuple[str, Position]]


@dataclass(frozen=True)
class Named:
    """What a label names: the crosswalk's label, the unit hint in its parentheses, and the stage it names."""

    label: Label
    hint: str | None
    stage: str | None


def split_hint(label: str) -> tuple[str, str | None]:
    """A label without the unit in parentheses at its end, and that unit ("CO2 Emissions (in grams)")."""
    text = label.strip()
    if not text.endswith(")"):
        return text, None
    opening = text.rfind("(")
    if opening <= 0:
        return text, None
    return text[:opening].strip(), text[opening + 1 : -1].strip() or None


def _stage_at(found: tuple[str, ...], index: int) -> tuple[str | None, int]:
    """The stage the word at `index` names (alone, or joined with the next: "pre training"), and its length."""
    table = stage_words()
    if index + 1 < len(found) and found[index] + found[index + 1] in table:
        return table[found[index] + found[index + 1]], 2
    return table.get(found[index]), 1


def without_lead(found: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """A label's words without the qualifying and stage words it starts with, and the stage they name."""
    stage, index = None, 0
    while index < len(found):
        named, length = _stage_at(found, index)
        if named is not None:
            stage, index = stage or named, index + length
        elif found[index] in QUALIFYING_WORDS:
            index += 1
        else:
            break
    return found[index:], stage


def stage_in(text: str) -> str | None:
    """The one lifecycle stage a text names ("IDEFICS-9b pretraining"), or None for none or several."""
    found = words(text)
    stages = set()
    for index in range(len(found)):
        named, _ = _stage_at(found, index)
        if named is not None:
            stages.add(named)
    return stages.pop() if len(stages) == 1 else None


@lru_cache(maxsize=4096)  # bounded: a hostile card may write a million labels
def name_label(label: str) -> Named | None:
    """What a label of the body names, or None when neither the crosswalk nor an indicator's name knows it."""
    name, hint = split_hint(label)
    full = words(name)
    stripped, stage = without_lead(full)
    for table in (crosswalk_labels(), indicator_labels()):
        for candidate in (full, stripped):
            if candidate and candidate in table:
                return Named(table[candidate], hint, stage)
    return None


def same_figure(kept: Any, other: Any, slot: str) -> bool:
    """Whether two statements of a figure agree, as the stated-twice rule judges them: their published digits
    allow a common value (within the rule's tolerance)."""
    unit = reference_unit(slot)  # both in one unit: "5.6 kg" against 5600 g
    first, second = figure({slot: kept}, slot, unit), figure({slot: other}, slot, unit)
    if first is None or second is None:
        return bool(kept == other)
    scale = max(abs(first.point), abs(second.point))
    slack = tolerance("footprint.restated-agrees") * scale + 1e-9 * scale
    return first.low <= second.high + slack and second.low <= first.high + slack


class _Statements:
    """One reading of the body's labelled lines into the card's footprints."""

    def __init__(self, reader: CardReading, drafts: list[Draft]) -> None:
        self.reader = reader
        self.journal = reader.journal
        self.drafts = drafts
        if not drafts:
            drafts.append(Draft({}, reader.journal))
        self.primary = drafts[0]

    def templated(self, statement: Statement, named: Named) -> bool:
        """A line of the template: its label is the template's, in the section (or in a card without one)."""
        in_template = statement.in_section or not self.reader.card.has_section
        return in_template and (named.label.field or "").startswith(f"{PREFIX}{SECTION}.")

    def where(self, statement: Statement, named: Named | None) -> str:
        """How a loss names a line: by the template's section for its lines, by line number for others."""
        if named is not None and self.templated(statement, named):
            return says("Environmental Impact: {label}", label=statement.label)
        return says("line {line}: {label}", line=statement.line, label=statement.label)

    def read(self) -> None:
        """Every labelled line into its footprint; unknown labels that hold a figure, and the section's prose,
        reported."""
        named = []
        for statement in self.reader.card.statements:
            found = name_label(statement.label)
            if found is None:
                self._unknown(statement)
            else:
                named.append((statement, found))
        separate = _separate_blocks(named)
        targets: dict[int, Draft] = {}
        for statement, found in named:
            if statement.block in separate and statement.block not in targets:
                targets[statement.block] = self._block_footprint(statement)
            self._statement(targets.get(statement.block, self.primary), statement, found)
        for line, text in self.reader.card.prose:
            self.journal.lost(says("Environmental Impact (line {line})", line=line), text, says("prose: not read"))

    def _block_footprint(self, statement: Statement) -> Draft:
        caption = statement.caption or ""
        draft = Draft({"description": caption} if caption else {}, self.journal)
        where = (statement.caption_line or statement.line, 1)
        draft.carry("", where)
        if caption:
            draft.carry("/description", where)
        stage = stage_in(caption)
        if stage is not None:
            draft.footprint["stage"] = stage
            draft.carry("/stage", where)
        self.drafts.append(draft)
        return draft

    def _unknown(self, statement: Statement) -> None:
        if FIGURE_LABEL.search(statement.label) and any(c.isdigit() for c in statement.value):
            reason = says("a figure whose label neither the crosswalk nor an indicator's name knows: not read")
            where = says("line {line}: {label}", line=statement.line, label=statement.label)
            self.journal.lost(where, statement.value, reason)
        elif statement.in_section:
            reason = says("a line the template does not have: not read")
            self.journal.lost(says("Environmental Impact: {label}", label=statement.label), statement.value, reason)

    def _statement(self, draft: Draft, statement: Statement, named: Named) -> None:
        if UNFILLED.match(plain(statement.value)):
            return
        slot = named.label.slot
        if slot == "hardware":
            self._hardware(draft, statement, named)
        elif slot in ("cloud_provider", "cloud_region"):
            self._cloud(draft, statement, named, slot)
        else:
            self._figure(draft, statement, named)

    def _figure(self, draft: Draft, statement: Statement, named: Named) -> None:
        templated = self.templated(statement, named)
        where = self.where(statement, named)
        default = named.label.default_unit if templated else None
        reading = read_figure(statement.value, named.label.slot, named.hint, default)
        if reading is None:
            return
        if isinstance(reading, str):
            reason = says("cannot be read as one {slot} figure: {reason}", slot=named.label.slot, reason=reading)
            self.journal.lost(where, statement.value, reason)
            return
        quantity = reading.quantity
        if templated and quantity.get("value") == 0:
            self.journal.lost(where, statement.value, PLACEHOLDER)
            return
        if "value" in quantity and not within_limits(reading.slot, quantity):
            self.journal.lost(where, statement.value, says("not a valid {slot} value", slot=reading.slot))
            return
        if reading.note:
            self.journal.lost(where, reading.note, NOTE_REASONS["offset" in reading.note.casefold()])
        filled = not reading.unit_given and slot_classes().get(reading.slot) == "CO2eMassQuantity"
        self.place(draft, reading.slot, quantity, (statement.line, statement.column), filled)

    def place(self, draft: Draft, slot: str, quantity: dict[str, Any], position: Position, filled: bool) -> None:
        """A figure into a footprint where it is silent; beside it, restating it, where the two disagree."""
        if slot in draft.footprint:
            if same_figure(draft.footprint[slot], quantity, slot):
                return
            draft = self._restating(draft, slot, position)
        draft.footprint[slot] = quantity
        draft.carry(f"/{slot}", position)
        if filled:
            draft.fill(f"/{slot}/unit", quantity["unit"], UNIT_FILL)

    def _restating(self, draft: Draft, slot: str, position: Position) -> Draft:
        for other in self.drafts:
            if other.restates is draft and slot not in other.footprint:
                return other
        restating = Draft({}, self.journal, name=f"{self.reader.system or 'model'} restated")
        restating.restates = draft
        restating.link_position = position
        restating.carry("", position)
        self.drafts.append(restating)
        return restating

    def _hardware(self, draft: Draft, statement: Statement, named: Named) -> None:
        items = parse_hardware(unescaped(statement.value))
        fp = draft.footprint
        if "hardware" not in fp:
            fp["hardware"] = items
            draft.carry("/hardware", (statement.line, statement.column))
            return
        counted = _counted(fp["hardware"], items)
        if counted is None:
            reason = says("differs from the hardware already read (the front matter's hardware_used), which is kept")
            self.journal.lost(self.where(statement, named), statement.value, reason)
            return
        for index in counted:
            fp["hardware"][index]["hardware_count"] = items[index]["hardware_count"]
            draft.carry(f"/hardware/{index}/hardware_count", (statement.line, statement.column))

    def _cloud(self, draft: Draft, statement: Statement, named: Named, slot: str) -> None:
        text = unescaped(statement.value)
        where = self.where(statement, named)
        if slot == "cloud_provider" and NOT_A_CLOUD.match(text):
            reason = says("says no public cloud was used; aistd names providers only")
            self.journal.lost(where, statement.value, reason)
            return
        location = draft.footprint.get("location")
        if isinstance(location, dict) and slot in location:
            if location[slot] != text:
                self.journal.lost(where, statement.value, says("disagrees with the {slot} kept", slot=slot))
            return
        draft.footprint.setdefault("location", {})[slot] = text
        draft.carry(f"/location/{slot}", (statement.line, statement.column))


def _counted(kept: list[dict[str, Any]], items: list[dict[str, Any]]) -> list[int] | None:
    """The items whose count a second description adds to the same hardware ([] when it adds nothing), or None
    when it describes other hardware."""
    if len(kept) != len(items):
        return None
    added = []
    for index, (first, second) in enumerate(zip(kept, items, strict=True)):
        if first.get("hardware_type") != second.get("hardware_type"):
            return None
        if str(first.get("hardware_model", "")).casefold() != str(second.get("hardware_model", "")).casefold():
            return None
        if "hardware_count" not in second:
            continue
        if "hardware_count" not in first:
            added.append(index)
        elif first["hardware_count"] != second["hardware_count"]:
            return None
    return added


def _separate_blocks(named: list[tuple[Statement, Named]]) -> set[int]:
    """The blocks that are activities of their own: captioned blocks of one section that state the same figure."""
    slots: dict[int, set[str]] = defaultdict(set)
    captioned: dict[int, list[int]] = defaultdict(list)
    for statement, found in named:
        slots[statement.block].add(found.label.slot)
        if statement.caption and statement.block not in captioned[statement.section]:
            captioned[statement.section].append(statement.block)
    separate: set[int] = set()
    for blocks in captioned.values():
        for position, block in enumerate(blocks):
            if any(slots[block] & slots[other] for other in blocks[position + 1 :]):
                separate.update(blocks)
    return separate


def read_statements(reader: CardReading, drafts: list[Draft]) -> None:
    """The body's labelled lines into the card's footprint (drafts[0], made when the front matter gives none)."""
    _Statements(reader, drafts).read()


def lose_statements(reader: CardReading, reason: str) -> None:
    """Report every labelled line that names an aistd slot lost, for `reason`."""
    for statement in reader.card.statements:
        if name_label(statement.label) is not None and not UNFILLED.match(plain(statement.value)):
            where = says("line {line}: {label}", line=statement.line, label=shown(statement.label))
            reader.journal.lost(where, statement.value, reason)
