"""Plain-text tables for the command line: aligned columns, long cells cut with an ellipsis."""

from __future__ import annotations

from collections.abc import Sequence

MAX_CELL = 60


def _text(value: object) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "yes"
    if isinstance(value, float):
        return f"{value:.6g}"
    return " ".join(str(value).split())


def _cell(value: object, limit: int) -> str:
    text = _text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]], max_cell: int = MAX_CELL) -> str:
    """Rows under headers, columns padded to their widest cell, one line each."""
    cells = [[_cell(value, max_cell) for value in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)
    return "\n".join(lines) + "\n"
