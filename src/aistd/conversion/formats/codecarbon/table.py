"""An emissions.csv read as a stream of rows, grouped into the runs they are snapshots of.

Only what a run needs is kept: its last snapshot (the row that carries it), with the physical line it starts on,
and the line and duration of each earlier snapshot (two numbers in arrays). The file is read one record at a time,
so memory follows the runs, not the rows: a log of a million snapshots of one run holds one row. The lines are
split without copying the text (`io.StringIO` would hold it again at four bytes a character), and the column of
each cell is worked out only for the rows kept.
"""

from __future__ import annotations

import csv
import math
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from aistd.conversion.csv_table import restored
from aistd.conversion.journal import ConversionError, Journal
from aistd.load.detect import CODECARBON_COLUMNS, is_codecarbon_header
from aistd.load.limits import MAX_VALUES
from aistd.model.message import says

MAX_COLUMNS = 1000
"""The most columns a header may have: CodeCarbon writes at most 38, and each unknown column is a loss."""
MAX_KEPT_CELLS = MAX_VALUES
"""The most non-empty cells the runs' last rows may hold together: each becomes a value of the disclosure (or a
loss), and a disclosure holds at most MAX_VALUES values. Checked as the file is read, so that a file of a million
separate runs is refused after a few thousand rows, not after all of them are held."""
MIN_VALUES_PER_RUN = 6
"""The fewest values a run's footprint has: the footprint, its id, stage, description, tool and the tool's name."""
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
"""A physical line with its ending, as `io.StringIO(text, newline="")` splits them (\\r\\n, \\r or \\n)."""


def too_many_values(line: int, runs: int) -> ConversionError:
    """The error for a file whose runs make a disclosure past MAX_VALUES values."""
    message = says(
        "the file's runs make a disclosure of more than {limit:,} values ({runs:,} runs by line {line:,}),"
        " the most a disclosure may have: split the file",
        limit=MAX_VALUES,
        runs=runs,
        line=line,
    )
    return ConversionError(message, line, 1)


@dataclass(frozen=True)
class Layout:
    """A header: its column names, and the index of each."""

    names: tuple[str, ...]
    index: dict[str, int]


@dataclass
class Row:
    """One data row: its physical line, the text of that line, and its cells under the header it was read with."""

    line: int
    text: str
    values: tuple[str, ...]
    layout: Layout

    @cached_property
    def cells(self) -> dict[str, str]:
        """The cells by column name."""
        return dict(zip(self.layout.names, self.values, strict=True))

    @cached_property
    def columns(self) -> dict[str, int]:
        """The 1-based character column where each cell starts, by column name."""
        starts = cell_starts(self.text)
        return {name: starts[i] if i < len(starts) else 1 for i, name in enumerate(self.layout.names)}


@dataclass
class Run:
    """A tracked run: the row that carries it, and the lines and durations of the earlier snapshots it supersedes."""

    key: str | None
    row: Row
    superseded_lines: array[int] = field(default_factory=lambda: array("q"))
    superseded_durations: array[float] = field(default_factory=lambda: array("d"))

    def supersede(self, row: Row) -> None:
        """A later snapshot of the run: it carries the run now, and the one it replaces is remembered by line."""
        self.superseded_lines.append(self.row.line)
        self.superseded_durations.append(duration_of(self.row))
        self.row = row


@dataclass
class Table:
    """What a read keeps: the last header, the runs in order of first appearance, and the first version stated."""

    header: list[str]
    runs: list[Run]
    version: str


def duration_of(row: Row) -> float:
    """A row's duration as a float, 0 when it is not a finite number (as `number(...) or 0` reads it)."""
    index = row.layout.index.get("duration")
    try:
        value = float(row.values[index]) if index is not None else 0.0
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


def cell_starts(line: str) -> list[int]:
    """The 1-based character column where each cell of a CSV line starts (quotes respected)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts


def _header(cells: list[str], line: int) -> Layout:
    if len(cells) > MAX_COLUMNS:
        message = says(
            "the header has {count:,} columns, over the limit of {limit:,}: a CodeCarbon emissions.csv has a few dozen",
            count=len(cells),
            limit=MAX_COLUMNS,
        )
        raise ConversionError(message, line, 1)
    names = tuple(cell.strip() for cell in cells)
    seen: set[str] = set()
    for name in names:
        if name and name in seen:  # a set, not names.count: a header may have a million columns
            raise ConversionError(says("column {name!r} appears twice in the header", name=name), line, 1)
        seen.add(name)
    return Layout(names, {name: i for i, name in enumerate(names)})


class _Lines:
    """The physical lines of a text, one at a time, remembering the first line of the record being read."""

    def __init__(self, text: str) -> None:
        self._matches = _PHYSICAL_LINE.finditer(text)
        self.first = ""
        self.fresh = True

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._matches).group()
        if self.fresh:
            self.first, self.fresh = line, False
        return line


def run_key_column(header: list[str] | tuple[str, ...]) -> str | None:
    """The column that names a row's run: run_id, else (v1.x, one per tracker) experiment_id."""
    if "run_id" in header:
        return "run_id"
    return "experiment_id" if "experiment_id" in header else None


class _Records:
    """The data rows of a text with the header each is read under; a malformed row is reported lost, a repeated
    header restarts. Iterating raises ConversionError for a text that is not a CodeCarbon file; `layout` is the
    last header read."""

    def __init__(self, text: str, journal: Journal) -> None:
        self.text, self.journal = text, journal
        self.layout: Layout | None = None

    def __iter__(self) -> Iterator[Row]:
        lines = _Lines(self.text)
        reader = csv.reader(lines)
        previous_end = 0
        try:
            for cells in reader:
                line, previous_end = previous_end + 1, reader.line_num
                first, lines.fresh = lines.first, True
                values = tuple(map(str.strip, cells))
                if not any(values):
                    continue
                if self.layout is None or (
                    "timestamp" in values and is_codecarbon_header(cells) and tuple(cells) != self.layout.names
                ):
                    self._header(cells, line, first)
                    continue
                if len(cells) != len(self.layout.names):
                    reason = says(
                        "the row has {count} cells where the header has {columns}: not read",
                        count=len(cells),
                        columns=len(self.layout.names),
                    )
                    self.journal.lost(says("line {line}", line=line), cells[:MAX_COLUMNS], reason)
                    continue
                if "'" in first:  # a cell a writer marked as text (CSV injection): read back as it was
                    values = tuple(map(restored, values))
                yield Row(line, first, values, self.layout)
        except csv.Error as error:
            raise ConversionError(says("unreadable CSV: {error}", error=str(error)), reader.line_num, 1) from None
        if self.layout is None:
            raise ConversionError(says("the file is empty"), 1, 1)

    def _header(self, cells: list[str], line: int, text: str) -> None:
        if not is_codecarbon_header(cells):
            missing = ", ".join(sorted(CODECARBON_COLUMNS))
            raise ConversionError(
                says("not a CodeCarbon emissions.csv: the header lacks {missing}", missing=missing), line, 1
            )
        self.layout = _header(cells, line)
        starts = cell_starts(text)
        for i, name in enumerate(self.layout.names):  # where each column is named: losses per column point there
            self.journal.origins.setdefault(name, (line, starts[i] if i < len(starts) else 1))


def _group(text: str, journal: Journal, key_column: str | None, fixed: bool) -> tuple[Table, bool]:
    """Read the rows into runs, keyed by `key_column` when `fixed`, else by the key column of the header each row
    is read under; also whether that key column is the last header's for every row."""
    found: dict[Any, Run] = {}
    version = ""
    kept_cells = 0
    column_of: dict[int, str | None] = {}
    rows = _Records(text, journal)
    for row in rows:
        layout = row.layout
        if not fixed:
            key_column = column_of.setdefault(id(layout), run_key_column(layout.names))
        key = row.values[layout.index[key_column]] if key_column in layout.index else ""
        if not version and "codecarbon_version" in layout.index:
            version = row.values[layout.index["codecarbon_version"]]
        slot = key or ("line", row.line)
        if slot in found:
            run = found[slot]
            kept_cells -= _filled(run.row)
            run.supersede(row)
        else:
            found[slot] = Run(key or None, row)
        kept_cells += _filled(row)
        if kept_cells > MAX_KEPT_CELLS or len(found) * MIN_VALUES_PER_RUN > MAX_VALUES:
            raise too_many_values(row.line, len(found))
    if not found or rows.layout is None:
        raise ConversionError(says("the CodeCarbon file has a header but no data rows"), 1, 1)
    last = run_key_column(rows.layout.names)
    consistent = fixed or all(column == last for column in column_of.values())
    return Table(list(rows.layout.names), list(found.values()), version), consistent


def _filled(row: Row) -> int:
    return len(row.values) - row.values.count("")


def read_runs(text: str, journal: Journal) -> Table:
    """The runs of an emissions.csv: rows grouped by the run column of the last header (run_id, else
    experiment_id), in order of first appearance, the last snapshot of each carrying it.

    One pass; a second only for a file whose headers name runs by different columns (then the last header's
    column groups every row, as when the whole table was read first)."""
    first = Journal()
    table, consistent = _group(text, first, None, fixed=False)
    if not consistent:
        first = Journal()
        table, _ = _group(text, first, run_key_column(table.header), fixed=True)
    journal.losses.extend(first.losses)
    for name, place in first.origins.items():
        journal.origins.setdefault(name, place)
    return table
