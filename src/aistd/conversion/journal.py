"""What a conversion produces, and the journal every reader and writer keeps on the way.

A `Journal` records what was carried (canonical pointer <- source position), what was lost (where, value,
reason) and what was filled (where, value, reason); `Journal.conversion` turns it into the `Conversion`
a format returns. Nothing is dropped or invented silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aistd.model.finding import Finding
from aistd.model.pointer import Position, position_of

BRIEF_LIMIT = 600


@dataclass(frozen=True)
class _Entry:
    where: str
    value: Any
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the JSON loss report."""
        return {"where": self.where, "value": self.value, "reason": self.reason}


@dataclass(frozen=True)
class Loss(_Entry):
    """A value of the source that the target has no place for (nothing is dropped silently)."""


@dataclass(frozen=True)
class Fill(_Entry):
    """A value the target requires and the source lacked, filled in by the converter, and why."""


@dataclass
class Conversion:
    """One conversion's result: the document (a canonical disclosure or a target-format document)."""

    source_format: str
    target_format: str
    document: Any
    losses: list[Loss] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    origins: dict[str, tuple[int, int]] = field(default_factory=dict)
    """For a canonical document read from another format: JSON pointer -> (line, column) in the source."""
    warnings: list[Finding] = field(default_factory=list)
    """What parsing the source found to warn about (a YAML 1.1 literal kept as text, a byte-order mark)."""

    def report(self) -> dict[str, Any]:
        """The loss report as plain data."""
        return {
            "from": self.source_format,
            "to": self.target_format,
            "lost": [loss.as_dict() for loss in self.losses],
            "filled": [fill.as_dict() for fill in self.fills],
            "warnings": [
                {"rule": w.rule, "message": w.message, "line": w.line, "column": w.column} for w in self.warnings
            ],
        }


class ConversionError(ValueError):
    """An input that cannot be converted at all (wrong format, unreadable), with where and why."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def brief(value: Any) -> Any:
    """A lost value as reported: itself when small, otherwise what it was (whole sections can be huge)."""
    if isinstance(value, dict | list) and len(json.dumps(value, ensure_ascii=False, default=str)) > BRIEF_LIMIT:
        kind = f"object with keys {', '.join(map(str, value))}" if isinstance(value, dict) else "list"
        return f"<{kind} ({len(value)} {'keys' if isinstance(value, dict) else 'items'})>"
    return value


@dataclass
class Journal:
    """What one read or write has carried, lost and filled so far, and where the source's values sit.

    `positions` are the source's (JSON pointer -> line, column) for a reader. An `abridged` journal reports a
    large lost value by what it was (formats whose losses can be whole sections of a BOM or a graph).
    """

    positions: Mapping[str, Position] = field(default_factory=dict)
    abridged: bool = False
    losses: list[Loss] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    origins: dict[str, Position] = field(default_factory=dict)
    warnings: list[Finding] = field(default_factory=list)

    def carried(self, canonical: str, source: str) -> None:
        """Record that the value at the source pointer now sits at the canonical pointer (when it has a place)."""
        if source in self.positions:
            self.origins[canonical] = self.positions[source]

    def carried_near(self, canonical: str, source: str) -> None:
        """Like `carried`, placing the value at its nearest parent that has a place when it has none itself."""
        position = self.position(source)
        if position is not None:
            self.origins[canonical] = position

    def carried_at(self, canonical: str, position: Position) -> None:
        """Record the line and column a canonical value came from (sources without pointers: CSV, Markdown)."""
        self.origins[canonical] = position

    def position(self, source: str) -> Position | None:
        """The line and column of a source pointer, or of its nearest parent that has one."""
        line, column = position_of(self.positions, source)
        return None if line is None or column is None else (line, column)

    def lost(self, where: str, value: Any, reason: str) -> None:
        """Record a value the target cannot carry."""
        self.losses.append(Loss(where, brief(value) if self.abridged else value, reason))

    def filled(self, where: str, value: Any, reason: str) -> Any:
        """Record a value the converter supplied, and return it."""
        self.fills.append(Fill(where, value, reason))
        return value

    def repoint_fills(self, place: Callable[[str], str]) -> None:
        """Point each fill recorded so far at its new place (a reader that names records by id until it knows
        their index in the disclosure)."""
        self.fills[:] = [Fill(place(fill.where), fill.value, fill.reason) for fill in self.fills]

    def renumber(self, list_pointer: str, moved: Mapping[int, int]) -> None:
        """Follow items of a list that were put in another order: origins and fills under `list_pointer/<old>` move
        to `list_pointer/<new>`."""

        def place(pointer: str) -> str:
            head = list_pointer + "/"
            if not pointer.startswith(head):
                return pointer
            index, slash, rest = pointer[len(head) :].partition("/")
            if not index.isdigit() or int(index) not in moved:
                return pointer
            return f"{head}{moved[int(index)]}{slash}{rest}"

        self.origins = {place(pointer): position for pointer, position in self.origins.items()}
        self.repoint_fills(place)

    def withdraw_losses(self, under: str) -> None:
        """Forget the losses at or under a pointer: what turned out to be the writer's own filling, not the source's."""
        self.losses[:] = [
            loss for loss in self.losses if loss.where != under and not loss.where.startswith(under + "/")
        ]

    def withdraw_fills(self, *where: str) -> None:
        """Forget the fills of places that turned out to be stated after all (one pass over the fills)."""
        places = set(where)
        self.fills[:] = [fill for fill in self.fills if fill.where not in places]

    def conversion(self, source_format: str, target_format: str, document: Any) -> Conversion:
        """The conversion this journal accounts for."""
        return Conversion(source_format, target_format, document, self.losses, self.fills, self.origins, self.warnings)
