"""What reading a BoAmps report gathers before its measures: the report with its journal, and what the task
and the report-wide sections give every footprint."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aistd.conversion.journal import Journal
from aistd.model.message import says


def is_blank(value: Any) -> bool:
    """None, blank text, or an empty list or mapping: a field that says nothing."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


@dataclass
class ReportReader:
    """The report being read and the journal of the read."""

    report: dict[str, Any]
    journal: Journal

    def lose(self, where: str, value: Any, reason: str) -> None:
        """Record a value aistd has no place for; an empty field says nothing, so it is never a loss."""
        if not is_blank(value):
            self.journal.lost(where, value, reason)

    def section(self, key: str) -> dict[str, Any]:
        """A top-level section of the report (empty when missing; reported when it is not an object)."""
        value = self.report.get(key)
        if value is not None and not isinstance(value, dict):
            self.lose(f"/{key}", value, says("{key} is not an object", key=key))
            return {}
        return value or {}


@dataclass
class Task:
    """What the task and the report-wide sections give every footprint."""

    stage: str = "other"
    stage_fill: str | None = None  # why the stage had to be filled, when it had to
    common: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # slot (or slot/sub) -> source pointer
    hardware: list[tuple[dict[str, Any], dict[str, str]]] = field(default_factory=list)
    systems: list[dict[str, Any]] = field(default_factory=list)
