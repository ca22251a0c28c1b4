"""An emissions.csv as a table: its header, its data rows with the line and column of each cell, and the
runs the rows are snapshots of."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from aistd.conversion.journal import ConversionError, Journal
from aistd.load.detect import CODECARBON_COLUMNS, is_codecarbon_header

MAX_COLUMNS = 1000
"""The most columns a header may have: CodeCarbon writes at most 38, and each unknown column is a loss."""


@dataclass
class Row:
    """One data row: its physical line, its cells by column name, and the 1-based column of each cell."""

    line: int
    cells: dict[str, str]
    columns: dict[str, int]


@dataclass
class Run:
    """A tracked run: the row that carries it and the earlier cumulative snapshots it supersedes."""

    key: str | None
    row: Row
    superseded: list[Row] = field(default_factory=list)


def _cell_columns(line: str) -> list[int]:
    """The 1-based character column where each cell of a CSV line starts (quotes respected)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts


def _header(cells: list[str], line: int) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        raise ConversionError(
            f"the header has {len(cells):,} columns, over the limit of {MAX_COLUMNS:,}: "
            "a CodeCarbon emissions.csv has a few dozen",
            line,
            1,
        )
    names = [cell.strip() for cell in cells]
    seen: set[str] = set()
    for name in names:
        if name and name in seen:  # a set, not names.count: a header may have a million columns
            raise ConversionError(f"column {name!r} appears twice in the header", line, 1)
        seen.add(name)
    return names


def parse_table(text: str, journal: Journal) -> tuple[list[str], list[Row]]:
    """The header and the data rows; a malformed row is reported lost, a repeated header restarts."""
    lines = text.split("\n")  # physical lines as the csv module counts them
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[Row] = []
    previous_end = 0
    try:
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None or (is_codecarbon_header(cells) and cells != list(header)):
                if not is_codecarbon_header(cells):
                    missing = ", ".join(sorted(CODECARBON_COLUMNS))
                    raise ConversionError(f"not a CodeCarbon emissions.csv: the header lacks {missing}", line, 1)
                header = _header(cells, line)
                starts = _cell_columns(lines[line - 1]) if line <= len(lines) else []
                for i, name in enumerate(header):  # where each column is named: losses per column point there
                    journal.origins.setdefault(name, (line, starts[i] if i < len(starts) else 1))
                continue
            if len(cells) != len(header):
                reason = f"the row has {len(cells)} cells where the header has {len(header)}: not read"
                journal.lost(f"line {line}", cells, reason)
                continue
            starts = _cell_columns(lines[line - 1]) if line <= len(lines) else []
            columns = {name: starts[i] if i < len(starts) else 1 for i, name in enumerate(header)}
            rows.append(Row(line, {n: c.strip() for n, c in zip(header, cells, strict=True)}, columns))
    except csv.Error as error:
        raise ConversionError(f"unreadable CSV: {error}", reader.line_num, 1) from None
    if header is None:
        raise ConversionError("the file is empty", 1, 1)
    if not rows:
        raise ConversionError("the CodeCarbon file has a header but no data rows", 1, 1)
    return header, rows


def run_key_column(header: list[str]) -> str | None:
    """The column that names a row's run: run_id, else (v1.x, one per tracker) experiment_id."""
    if "run_id" in header:
        return "run_id"
    return "experiment_id" if "experiment_id" in header else None


def runs(header: list[str], rows: list[Row]) -> list[Run]:
    """Rows grouped by run, in order of first appearance; the last snapshot of each run carries it."""
    key_column = run_key_column(header)
    found: dict[Any, Run] = {}
    for row in rows:
        key = row.cells.get(key_column, "") if key_column else ""
        slot = key or ("line", row.line)
        if slot in found:
            found[slot].superseded.append(found[slot].row)
            found[slot].row = row
        else:
            found[slot] = Run(key or None, row)
    return list(found.values())
