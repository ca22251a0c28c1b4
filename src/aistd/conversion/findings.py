"""A conversion's account as findings: `convert.lost` for each loss, `convert.filled` for each fill."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from aistd.conversion.journal import Fill, Loss
from aistd.knowledge.rules import finding
from aistd.model.finding import Finding
from aistd.model.message import says
from aistd.model.pointer import Position, position_of

LINE_PLACE = re.compile(r"line (\d{1,9})\b")
"""How text readers (CSV, Markdown) name a place that is a whole line: `line 12`, `line 12: table`."""


def _entry_finding(rule: str, entry: Loss | Fill, positions: Mapping[str, Position] | None) -> Finding:
    where = entry.where
    message = says("{where}: {reason}", where=where, reason=entry.reason)
    if not (isinstance(where, str) and where.startswith("/")):
        place = positions.get(where) if positions is not None and isinstance(where, str) else None
        line = LINE_PLACE.match(where) if isinstance(where, str) else None
        if place is None and line is not None:
            place = (int(line.group(1)), 1)
        return finding(rule, message, "", *place) if place is not None else finding(rule, message)
    if positions is None:
        return finding(rule, message, where)
    return finding(rule, message, "", *position_of(positions, where))


def journal_findings(
    losses: Iterable[Loss], fills: Iterable[Fill] = (), positions: Mapping[str, Position] | None = None
) -> list[Finding]:
    """The losses, then the fills, as findings whose message names where and why.

    With the positions of the source (JSON pointer -> line, column), an entry that names a JSON pointer of
    the source is placed at that value's line and column (or its nearest parent's); without them, the
    pointer it names is the finding's pointer. An entry that names a place by another name (a CSV column) is
    placed where the positions give that name; one that names a line (`line 12`) at that line.
    """
    found = [_entry_finding("convert.lost", loss, positions) for loss in losses]
    return found + [_entry_finding("convert.filled", fill, positions) for fill in fills]
