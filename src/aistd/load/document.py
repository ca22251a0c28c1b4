"""What loading yields: a Document (data, syntax, text, positions on demand) or a LoadError, and the limits
every reader applies to hostile input."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aistd.knowledge.rules import finding
from aistd.model.finding import Finding
from aistd.model.pointer import Position, position_of

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists a disclosure may have (the top-level mapping is level 1)."""
MAX_VALUES = 500_000
"""The most values (scalars, lists, mappings) a file may hold: parse time and memory grow with the count.

A large disclosure holds a few thousand; PyYAML needs about 400 bytes and 5 microseconds a value.
"""
MAX_INT_DIGITS = 4300
"""The longest integer accepted, in decimal digits: Python's default int/str conversion limit."""

_INT_CEILING = 10**MAX_INT_DIGITS
_TOO_DEEP = f"the data is nested more than {MAX_DEPTH} levels deep"


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
    _positions: dict[str, Position] | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[str, Position]:
        """JSON pointer -> 1-based line and column of every value of the text, worked out on first use."""
        if self._positions is None:
            from aistd.load.positions import value_positions

            self._positions = value_positions(self.text)
        return self._positions

    def position(self, pointer: str) -> tuple[int | None, int | None]:
        """The 1-based line and column of the value at a JSON pointer, or of its nearest parent."""
        return position_of(self.positions, pointer)


def _kind(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "mapping" if isinstance(value, dict) else type(value).__name__


def _a(kind: str) -> str:
    """A kind with its article: 'a list', 'a number', but 'null'."""
    return kind if kind == "null" else f"a {kind}"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def non_finite_message(literal: str) -> str:
    spelled = literal.strip().lstrip("+-").lower() in (".inf", ".nan", "nan", "infinity")
    what = f"{literal} is not a finite number" if spelled else f"{_clip(literal, 20)} overflows to infinity"
    return f"{what}: JSON and aistd allow only finite numbers"


def too_many_values(text: str, index: int) -> LoadError:
    line, column = line_column(text, index)
    return LoadError(
        f"the file holds more than {MAX_VALUES:,} values, the most a disclosure may have",
        line,
        column,
        "load.too-large",
    )
