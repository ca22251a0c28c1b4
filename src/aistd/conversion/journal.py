"""What a conversion produces: the converted document, and an account of everything it could not carry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Loss:
    """A value of the source that the target has no place for (nothing is dropped silently)."""

    where: str
    value: Any
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the JSON loss report."""
        return {"where": self.where, "value": self.value, "reason": self.reason}


@dataclass(frozen=True)
class Fill:
    """A value the target requires and the source lacked, filled in by the converter, and why."""

    where: str
    value: Any
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the JSON loss report."""
        return {"where": self.where, "value": self.value, "reason": self.reason}


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

    def report(self) -> dict[str, Any]:
        """The loss report as plain data."""
        return {
            "from": self.source_format,
            "to": self.target_format,
            "lost": [loss.as_dict() for loss in self.losses],
            "filled": [fill.as_dict() for fill in self.fills],
        }


class ConversionError(ValueError):
    """An input that cannot be converted at all (wrong format, unreadable), with where and why."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
