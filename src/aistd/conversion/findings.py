"""A conversion's account as findings: `convert.lost` for each loss, `convert.filled` for each fill."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aistd.conversion.journal import Fill, Loss
from aistd.knowledge.rules import finding
from aistd.model.finding import Finding
from aistd.model.pointer import Position, position_of


def _entry_finding(rule: str, entry: Loss | Fill, positions: Mapping[str, Position] | None) -> Finding:
    where = entry.where
    message = f"{where}: {entry.reason}"
    if not (isinstance(where, str) and where.startswith("/")):
        place = positions.get(where) if positions is not None and isinstance(where, str) else None
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
    placed where the positions give that name.
    """
    found = [_entry_finding("convert.lost", loss, positions) for loss in losses]
    return found + [_entry_finding("convert.filled", fill, positions) for fill in fills]
