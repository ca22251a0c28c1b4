"""Tables of figures in a card's body (the Llama cards' "Training Greenhouse Gas Emissions" table): a footprint
per row, each row naming the model it is about, and a "Total" row that adds them up.

A column is read when its header names an aistd slot (through the crosswalk's labels, after its stage and
qualifying words, with the unit in its parentheses: "Training Location-Based Greenhouse Gas Emissions (tons
CO2eq)"); the first other column names the rows. A table whose rows are numbered steps (checkpoints, token
counts) rather than named items is reported, not read: its rows are not separate activities. Cells keep their
published digits ("370k", "1,354", "< 0.001"); "-" states nothing; "Negligible" with a footnote marker takes the
bound its footnote gives ("less than 0.001 metric tonnes"). A per-device power column takes its basis (peak, TDP,
measured average) and whether the PUE is in it from the sentence that defines the column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aistd.conversion.disclosure import slug
from aistd.conversion.formats.hf_card.body import CardReading, Named, name_label, split_hint, stage_in, without_lead
from aistd.conversion.formats.hf_card.card import Cell, Table
from aistd.conversion.formats.hf_card.drafts import Draft
from aistd.conversion.formats.hf_card.figures import MARKERS, NUMBER, read_figure, shown, split_marker
from aistd.conversion.formats.hf_card.quantities import NOTE_REASONS
from aistd.conversion.formats.hf_card.terms import words
from aistd.conversion.slots import within_limits
from aistd.knowledge.units import slot_classes
from aistd.model.message import says
from aistd.model.pointer import Position

BOUND_WORDS = ("less than", "lower than", "below", "under", "at most", "up to", "<")
DEFINITION_REACH = 300
"""Characters after a column's name in which a sentence defining it is looked for."""
DEFINITION_TRIES = 16
"""Mentions of a column's name looked at per line (a line that repeats it endlessly defines nothing)."""
BASIS_WORDS = (
    ("peak", "peak"),
    ("thermal design power", "tdp"),
    ("tdp", "tdp"),
    ("measured", "measured-average"),
    ("average", "measured-average"),
)
PUE_WORDS = ("power usage efficiency", "power usage effectiveness", "pue")


@dataclass(frozen=True)
class Column:
    """A column of figures: where it is, its header cell, and what its header names."""

    index: int
    header: Cell
    named: Named

    @property
    def title(self) -> str:
        """The header as a reader sees it."""
        return shown(self.header.text)


class _TableReader:
    """One table into footprints."""

    def __init__(self, reader: CardReading, drafts: list[Draft], table: Table) -> None:
        self.reader = reader
        self.journal = reader.journal
        self.drafts = drafts
        self.table = table
        self.lines = reader.card.sections[table.section]
        self.definitions: dict[int, tuple[str, Position]] = {}

    def read(self) -> None:
        """The table's rows, each a footprint, when its header names figures."""
        columns = [
            Column(index, cell, named)
            for index, cell in enumerate(self.table.header)
            if (named := name_label(shown(cell.text))) is not None and slot_classes().get(named.label.slot)
        ]
        if not columns:
            return
        taken = {column.index for column in columns}
        label = next((index for index in range(len(self.table.header)) if index not in taken), None)
        names = [self._row_name(row, label) for row in self.table.rows]
        if any(name and NUMBER.match(name) for name, _ in names) or (label is None and len(names) != 1):
            reason = says(
                "its rows are numbered steps (checkpoints, token counts), not named items: the table is not read"
            )
            self.journal.lost(self._where(), " | ".join(c.title for c in columns), reason)
            return
        self._unknown_columns(taken | {label})
        stage = self._stage(columns)
        self.definitions = {
            column.index: found
            for column in columns
            if column.named.label.slot == "device_power" and (found := self._definition(column)) is not None
        }
        members, totals = [], []
        for row, (name, cell) in zip(self.table.rows, names, strict=True):
            draft = self._row(row, name, cell, columns, stage)
            if draft is not None:
                (totals if draft.system is None else members).append(draft)
        for total in totals:
            total.aggregates = list(members)

    def _where(self, line: int | None = None, row: str = "", column: str = "") -> str:
        line = line or self.table.header[0].line
        if row and column:
            return says("line {line}: table row {row!r}, column {column!r}", line=line, row=row, column=column)
        if row:
            return says("line {line}: table row {row!r}", line=line, row=row)
        if column:
            return says("line {line}: table, column {column!r}", line=line, column=column)
        return says("line {line}: table", line=line)

    def _unknown_columns(self, known: set[int | None]) -> None:
        for index, cell in enumerate(self.table.header):
            if index in known:
                continue
            cells = [row[index].text for row in self.table.rows if index < len(row)]
            if any(any(c.isdigit() for c in text) for text in cells):
                reason = says("a column whose header names no aistd slot: its figures are not read")
                self.journal.lost(self._where(column=shown(cell.text)), cells, reason)

    def _row_name(self, row: list[Cell], label: int | None) -> tuple[str, Cell | None]:
        if label is None:
            return "", row[0] if row else None
        cell = row[label] if label < len(row) else None
        return (split_marker(shown(cell.text))[0] if cell else ""), cell

    def _stage(self, columns: list[Column]) -> tuple[str, Position] | None:
        stated: dict[str, Cell] = {}
        for column in columns:
            if column.named.stage:
                stated.setdefault(column.named.stage, column.header)
        if len(stated) == 1:
            stage, cell = next(iter(stated.items()))
            return stage, (cell.line, cell.column)
        if stated:
            return None
        nearby = {stage_in(text): line for line, text in (self.table.before, self.table.after) if text}
        nearby.pop(None, None)
        if len(nearby) == 1:
            stage, line = next(iter(nearby.items()))
            return str(stage), (line, 1)
        return None

    def _row(
        self,
        row: list[Cell],
        name: str,
        cell: Cell | None,
        columns: list[Column],
        stage: tuple[str, Position] | None,
    ) -> Draft | None:
        if cell is None or (not name and len(self.table.rows) > 1):
            self.journal.lost(
                self._where(row[0].line if row else None), [c.text for c in row], says("a row with no name")
            )
            return None
        total = bool(name) and words(name)[:1] == ("total",)
        position = (cell.line, cell.column)
        draft = Draft({}, self.journal, system=None if total else Draft.CARD, name=name or None)
        for column in columns:
            self._cell(draft, row, column, name)
        if not draft.footprint:
            return None
        self._definitions(draft, columns)
        if stage is not None:
            draft.footprint["stage"] = stage[0]
            draft.carry("/stage", stage[1])
        if total:
            draft.link_position = position
        elif name:
            draft.system = self._system(name, position)
        draft.carry("", position)
        self.drafts.append(draft)
        return draft

    def _system(self, name: str, position: Position) -> str:
        """The AI system a row names: the card's own, or one added beside it."""
        identifier = slug(name, "model")
        if identifier == self.reader.system:
            return Draft.CARD
        self.reader.systems.setdefault(identifier, (name, position))
        return identifier

    def _cell(self, draft: Draft, row: list[Cell], column: Column, name: str) -> None:
        if column.index >= len(row):
            return
        cell = row[column.index]
        where = self._where(cell.line, name, column.title)
        reading = read_figure(cell.text, column.named.label.slot, column.named.hint)
        if reading is None:
            return
        if isinstance(reading, str):
            slot = column.named.label.slot
            self.journal.lost(
                where, cell.text, says("cannot be read as one {slot} figure: {reason}", slot=slot, reason=reading)
            )
            return
        quantity = reading.quantity
        if quantity.get("qualifier") == "negligible":
            self._footnote(draft, cell, quantity, column, reading.slot)
        if "value" in quantity and not within_limits(reading.slot, quantity):
            self.journal.lost(where, cell.text, says("not a valid {slot} value", slot=reading.slot))
            return
        if reading.note:
            self.journal.lost(where, reading.note, NOTE_REASONS["offset" in reading.note.casefold()])
        if reading.slot in draft.footprint:
            reason = says("a second {slot} in the row: the first is kept", slot=reading.slot)
            self.journal.lost(where, cell.text, reason)
            return
        draft.footprint[reading.slot] = quantity
        draft.carry(f"/{reading.slot}", (cell.line, cell.column))

    def _footnote(self, draft: Draft, cell: Cell, quantity: dict[str, Any], column: Column, slot: str) -> None:
        """The bound a footnote gives a figure called negligible ("** ... less than 0.001 metric tonnes each")."""
        _, marker = split_marker(shown(cell.text))
        if not marker:
            return
        for number, line in self.lines:
            if number <= cell.line:
                continue
            text = shown(line)
            if not text.startswith(marker) or text[len(marker) : len(marker) + 1] in tuple(MARKERS):
                continue
            bound = _bound(text[len(marker) :], slot, column)
            if bound is not None:
                stated = {**bound, **{k: v for k, v in quantity.items() if k not in bound}}
                quantity.clear()
                quantity.update(stated)
                draft.carry(f"/{slot}/value", (number, 1))
            return

    def _definitions(self, draft: Draft, columns: list[Column]) -> None:
        """What the sentence defining a per-device power column says of the figures' basis and of the PUE."""
        for column in columns:
            definition = self.definitions.get(column.index)
            if definition is None or "device_power" not in draft.footprint:
                continue
            clause, position = definition
            bases = {basis for spelled, basis in BASIS_WORDS if _has_words(clause, spelled)}
            if len(bases) == 1:
                draft.footprint["device_power_basis"] = bases.pop()
                draft.carry("/device_power_basis", position)
            negated = _has_words(clause, "not") or _has_words(clause, "without")
            if not negated and any(_has_words(clause, spelled) for spelled in PUE_WORDS):
                draft.footprint["device_power_includes_pue"] = True
                draft.carry("/device_power_includes_pue", position)

    def _definition(self, column: Column) -> tuple[str, Position] | None:
        """The clause that follows the column's name and "is" or a colon, in the table's section."""
        name, _ = split_hint(column.title)
        phrase = " ".join(without_lead(words(name))[0])
        if not phrase:
            return None
        for number, line in self.lines:
            folded = shown(line).casefold()
            start = folded.find(phrase)
            for _ in range(DEFINITION_TRIES):
                if start == -1:
                    break
                after = folded[start + len(phrase) : start + len(phrase) + DEFINITION_REACH].lstrip()
                for lead in (":", "is ", "="):
                    if after.startswith(lead):
                        clause = after[len(lead) :]
                        end = min((i for i in (clause.find(". "), clause.find(";")) if i != -1), default=len(clause))
                        return clause[:end], (number, 1)
                start = folded.find(phrase, start + len(phrase))
        return None


def _has_words(text: str, spelled: str) -> bool:
    """Whether a text holds a phrase as whole words."""
    return f" {spelled} " in f" {' '.join(words(text))} "


def _bound(text: str, slot: str, column: Column) -> dict[str, Any] | None:
    """The value and unit of the bound a footnote states ("less than 0.001 metric tonnes each")."""
    folded = text.casefold()
    for spelled in BOUND_WORDS:
        at = folded.find(spelled)
        if at == -1:
            continue
        sentence = text[at + len(spelled) :]
        end = sentence.find(". ")
        reading = read_figure(sentence[: end if end != -1 else len(sentence)], slot, column.named.hint)
        if reading is None or isinstance(reading, str) or "value" not in reading.quantity:
            return None
        bound = {"value": reading.quantity["value"], "unit": reading.quantity["unit"]}
        if "significant_digits" in reading.quantity:
            bound["significant_digits"] = reading.quantity["significant_digits"]
        return bound
    return None


def read_tables(reader: CardReading, drafts: list[Draft]) -> None:
    """Every table of figures of the body, a footprint per row."""
    for table in reader.card.tables:
        _TableReader(reader, drafts, table).read()
