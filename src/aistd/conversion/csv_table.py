"""A CSV (or tab-separated) file as a table: its header, and each data row with the line and the column where
each of its cells starts, so that every figure read from a cell keeps its place.

Malformed rows (a cell count other than the header's) are reported lost with their line; a header that names
a column twice keeps the first column of that name and reports a later one that disagrees with it. What makes
a row a header is the caller's to say (`is_header`): a file whose first row is not one is refused.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from aistd.conversion.journal import ConversionError, Journal
from aistd.model.message import Message, says

MAX_COLUMNS = 1000
"""The most columns a header may have: the formats read here write a few dozen, and each unknown one is a loss."""


@dataclass
class Row:
    """One data row: its physical line, its cells by column name, and the 1-based column of each cell."""

    line: int
    cells: dict[str, str]
    columns: dict[str, int] = field(default_factory=dict)

    def place(self, column: str) -> tuple[int, int]:
        """The line and column of a cell (the row's first column when the cell is not in the header)."""
        return (self.line, self.columns.get(column, 1))


@dataclass
class Table:
    """A header and the rows under it."""

    header: list[str]
    rows: list[Row]


def where_and_value(column: str, values: dict[str, str], rows: int) -> tuple[str, object]:
    """A column's lost values as one loss: the column and the value when every row of the file has the same,
    else the column with the line of its first lost value, and the value of each line (`{"line 3": ...}`)."""
    distinct = set(values.values())
    if len(distinct) == 1 and len(values) == rows > 1:
        return column, next(iter(distinct))
    first = next(iter(values))
    if len(values) > 1:
        return says("{column}, {first} and {count} more", column=column, first=first, count=len(values) - 1), values
    return says("{column}, {first}", column=column, first=first), values


def cell_starts(line: str, delimiter: str) -> list[int]:
    """The 1-based character column where each cell of a CSV line starts (quotes respected)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(index + 2)
    return starts


def first_row(text: str, delimiter: str = ",") -> list[str] | None:
    """The cells of the first non-blank line of a text (in its first 8 KiB), None when it has none."""
    for line in text[:8192].splitlines():
        if line.strip():
            try:
                return next(csv.reader([line], delimiter=delimiter))
            except (csv.Error, StopIteration):
                return None
    return None


def _header(cells: list[str], line: int) -> tuple[list[str], dict[str, list[int]]]:
    """The header's names (first occurrence of each), and the other indexes of each repeated name."""
    if len(cells) > MAX_COLUMNS:
        raise ConversionError(
            says("the header has {count:,} columns, over the limit of {limit:,}", count=len(cells), limit=MAX_COLUMNS),
            line,
            1,
        )
    names = [cell.strip() for cell in cells]
    first: dict[str, int] = {}
    repeats: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        if name in first:
            repeats.setdefault(name, []).append(index)
        else:
            first[name] = index
    return names, repeats


def read_table(text: str, journal: Journal, is_header: Callable[[list[str]], bool], what: str) -> Table:
    """The header and data rows of a CSV text (comma-separated, or tab-separated when the header has tabs and no
    commas); ConversionError for an empty file, a first row that is not a header, or a header with no rows."""
    text = text.removeprefix("\ufeff")
    head = first_row(text)
    delimiter = "\t" if head is not None and len(head) == 1 and "\t" in head[0] else ","
    lines = text.split("\n")  # physical lines as the csv module counts them
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    repeats: dict[str, list[int]] = {}
    rows: list[Row] = []
    previous_end = 0
    try:
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                if not is_header(cells):
                    raise ConversionError(says("not {what}: the first row is not its header", what=what), line, 1)
                header, repeats = _header(cells, line)
                continue
            if len(cells) != len(header):
                reason = says(
                    "the row has {count} cells where the header has {columns}: not read",
                    count=len(cells),
                    columns=len(header),
                )
                journal.lost(says("line {line}", line=line), cells[:MAX_COLUMNS], reason)
                continue
            rows.append(_row(header, repeats, cells, line, lines, delimiter, journal))
    except csv.Error as error:
        raise ConversionError(says("unreadable CSV: {error}", error=str(error)), reader.line_num, 1) from None
    if header is None:
        raise ConversionError(says("the file is empty"), 1, 1)
    if not rows:
        raise ConversionError(says("the file has the header of {what} but no data rows", what=what), 1, 1)
    return Table([name for index, name in enumerate(header) if not _repeated(index, name, repeats)], rows)


def _repeated(index: int, name: str, repeats: dict[str, list[int]]) -> bool:
    return index in repeats.get(name, ())


def _row(
    header: list[str],
    repeats: dict[str, list[int]],
    cells: list[str],
    line: int,
    lines: list[str],
    delimiter: str,
    journal: Journal,
) -> Row:
    starts = cell_starts(lines[line - 1], delimiter) if line <= len(lines) else []
    row = Row(line, {})
    for index, (name, cell) in enumerate(zip(header, cells, strict=True)):
        if _repeated(index, name, repeats):
            kept = row.cells.get(name, "")
            if cell.strip() != kept:
                reason = says(
                    "a second {name!r} column whose cell differs from the first one's ({kept!r}): the first is kept",
                    name=name,
                    kept=kept,
                )
                where = says("line {line}, column {column} ({name})", line=line, column=index + 1, name=name)
                journal.lost(where, cell, reason)
            continue
        row.cells[name] = cell.strip()
        row.columns[name] = starts[index] if index < len(starts) else 1
    return row


FORMULA_STARTS = frozenset("=+-@\t\r\n")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""
TEXT_MARK = "'"
"""The apostrophe spreadsheets take as "this cell is text" and do not show: what neutralises a formula."""
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def neutralised(cell: str) -> str:
    """A cell as a CSV writer puts it, so that no spreadsheet runs it: text starting with a formula character (or
    with the apostrophe that marks text, before one) gets an apostrophe in front; numbers, and white space alone,
    are left as they are.

    `restored` undoes it exactly: the two are inverse on every text."""
    if not cell:
        return cell
    if cell[0] in FORMULA_STARTS and cell.strip() and not _PLAIN_NUMBER.fullmatch(cell):
        return TEXT_MARK + cell
    if cell[0] == TEXT_MARK and cell[1:2] and cell[1] in FORMULA_STARTS | {TEXT_MARK}:
        return TEXT_MARK + cell
    return cell


def csv_line(cells: list[str]) -> str:
    """One CSV row ending in a line feed, each cell quoted when it holds a comma, a quote, a line feed or a
    carriage return. (The csv module with a "\\n" terminator leaves a bare carriage return unquoted, and every CSV
    reader ends the row there: a cell could write a row of its own.)"""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue().removesuffix("\r\n") + "\n"


def restored(cell: str) -> str:
    """A cell as it was before `neutralised`: the apostrophe before a formula character (or before another
    apostrophe) removed, as a spreadsheet shows it."""
    if cell[:1] == TEXT_MARK and cell[1:2] and cell[1] in FORMULA_STARTS | {TEXT_MARK}:
        return cell[1:]
    return cell


def neutralised_reason(column: str, first: str) -> Message:
    """Why a writer changed a cell that starts with `first` in a column: a fill in its journal."""
    return says(
        "{column}: text that starts with {first!r}, which a spreadsheet runs as a formula, is written with an"
        " apostrophe in front (OWASP CSV injection); aistd reads it back without it",
        column=column,
        first=first,
    )


def safe_cell(cell: str, column: str, pointer: str, journal: Journal) -> str:
    """A cell no spreadsheet runs as a formula (`neutralised`), the change recorded as a fill at `pointer`."""
    written = neutralised(cell)
    if written != cell:
        journal.filled(pointer, written, neutralised_reason(column, cell[0]))
    return written
