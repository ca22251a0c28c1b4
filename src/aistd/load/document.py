"""What loading yields: a Document (data, syntax, text, positions on demand), or a LoadError (a rule id, a
message and a place)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from aistd.knowledge.rules import finding
from aistd.model.finding import Finding
from aistd.model.pointer import Position, position_of


class LoadError(Exception):
    """A file that cannot be read as a disclosure: why (a stable rule id and a message) and where."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        rule: str = "load.malformed",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.rule = rule

    def finding(self) -> Finding:
        """The error as an error finding at its line and column."""
        return finding(self.rule, self.message, "", self.line, self.column)


@dataclass
class Document:
    """A parsed file: its data, the syntax it was written in, and its text for locating values."""

    path: str
    syntax: str
    data: Any
    text: str
    warnings: list[Finding] = field(default_factory=list)
    locate: Callable[[Collection[str] | None], Mapping[str, Position]] | None = field(
        default=None, repr=False, compare=False
    )
    """Where values sit in the text, given by the reader that parsed it: those at the given pointers (and their
    ancestors), or every one when given None."""
    _positions: Mapping[str, Position] | None = field(default=None, repr=False)

    @property
    def positions(self) -> Mapping[str, Position]:
        """JSON pointer -> 1-based line and column of every value of the text, worked out on first use."""
        if self._positions is None:
            self._positions = self.locate(None) if self.locate is not None else {}
        return self._positions

    def position(self, pointer: str) -> tuple[int | None, int | None]:
        """The 1-based line and column of the value at a JSON pointer, or of its nearest parent."""
        return position_of(self.positions, pointer)

    def places(self, pointers: Collection[str]) -> Mapping[str, Position]:
        """Where the values at these pointers (or their nearest parents) sit, looking only for them."""
        if self._positions is not None or self.locate is None:
            return self.positions
        return self.locate(pointers)
