"""A finding: one thing a check has to say about one place in one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters; ordered from most to least severe."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for information."""
        return list(Severity).index(self)


@dataclass(frozen=True)
class Finding:
    """An immutable record of one finding, with its location in the source file when known."""

    rule: str
    severity: Severity
    message: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    references: tuple[str, ...] = field(default_factory=tuple)

    def at(self, line: int | None, column: int | None) -> Finding:
        """The same finding placed at a line and column (1-based)."""
        return Finding(self.rule, self.severity, self.message, self.pointer, line, column, self.references)


DOCS_URL = "https://w3id.org/aistd/docs"


@dataclass(frozen=True)
class Rule:
    """What a rule checks, for reports and docs: its id, title, default severity and the clauses behind it."""

    id: str
    title: str
    severity: Severity
    description: str = ""
    references: tuple[str, ...] = ()

    @property
    def help_uri(self) -> str:
        """The rule's page in the documentation site."""
        return f"{DOCS_URL}/rules/{self.id}/"
