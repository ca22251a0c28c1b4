"""The flattened CSV form of a BoAmps report: one column per field path (`measures_0_powerConsumption`), the
report in the first data row."""

from __future__ import annotations

import csv
import io
from typing import Any

from aistd.conversion.journal import ConversionError
from aistd.model.message import says
from aistd.model.pointer import Position, escape


def unflatten(text: str) -> tuple[dict[str, Any], dict[str, Position], list[int]]:
    """The report rebuilt from the first data row, the position of each of its values, and the lines of the
    other data rows (one report per conversion)."""
    reader = csv.reader(io.StringIO(text))
    try:
        table = list(reader)
    except csv.Error as error:  # e.g. a bare carriage return inside a field
        raise ConversionError(says("unreadable CSV: {detail}", detail=str(error)), reader.line_num, 1) from None
    if len(table) < 2 or not any(cell.strip() for cell in table[1]):
        raise ConversionError(says("a flattened BoAmps CSV needs a header row and a data row"), 1, 1)
    header, row = table[0], table[1]
    if len(row) != len(header):
        message = says("the data row has {cells} cells for {columns} columns", cells=len(row), columns=len(header))
        raise ConversionError(message, 2, 1)
    tree: dict[str, Any] = {}
    positions: dict[str, Position] = {}
    for column, (name, cell) in enumerate(zip(header, row, strict=True), start=1):
        if cell.strip():
            parts = name.strip().split("_")
            _insert(tree, parts, cell)
            positions["/" + "/".join(escape(p) for p in parts)] = (2, column)
    others = [n for n in range(3, len(table) + 1) if any(c.strip() for c in table[n - 1])]
    return _listify(tree), positions, others


def _insert(tree: dict[str, Any], parts: list[str], value: str) -> None:
    node = tree
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ConversionError(says("column {column} clashes with a value column", column="_".join(parts)), 1, 1)
    node[parts[-1]] = value


def _listify(node: Any) -> Any:
    """Objects keyed 0, 1, 2... back into lists."""
    if not isinstance(node, dict):
        return node
    items = {key: _listify(value) for key, value in node.items()}
    if items and all(key.isdigit() for key in items):
        return [items[key] for key in sorted(items, key=int)]
    return items
