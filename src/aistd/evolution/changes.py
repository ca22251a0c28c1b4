"""What a schema diff is made of: one Change per difference, and the SchemaDiff that holds them in a stable order.

The JSON form (`SchemaDiff.as_dict`, `aistd diff --format json`)::

    {"old": "0.1.0", "new": "0.2.0",                  # the versions the two schemas declare (or null)
     "sources": {"old": "0.1.0", "new": "current"},    # the two schemas as named on the command line
     "changes": [{"kind": ..., "change": ..., "name": ..., "details": {...}}, ...],
     "counts": {"total": 3, "by_change": {"renamed": 0, ...}, "by_kind": {"class": 0, ...}}}

`kind` is one of KINDS; `change` one of CHANGES; `name` the element (`slot`, `Class.slot` for a class's own
slot, `Enum.value` for a permissible value). `details` by change:

- added / removed element: a summary (`range`, `unit`, `required`, `multivalued`, `slots`, `values`,
  `enum`, `value`, `description`, as they apply);
- renamed: `new_name`, `declared_by` (`exact`, `possible`, `replaced_by`, or null), `inferred` (true when only
  the heuristic says so: same range, unit and description under another name);
- changed, and added / removed of one aspect (range, unit, constraint, description, annotation): each property
  that differs as `{"old": ..., "new": ...}` (a class's slot list as `slots: {"added": [...], "removed": [...]}`);
- mapping: `mapping` (the CURIE) with `predicate` (added / removed) or `predicate: {"old", "new"}` (changed);
- deprecated: `reason`, `replacement` (an element name, or null), `replacement_type`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KINDS = ("class", "slot", "enum", "type", "unit", "range", "constraint", "mapping", "description", "annotation")
"""Kinds of change, in report order: elements (a unit enum's codes are `unit`), then the aspects of an element."""
CHANGES = ("renamed", "added", "removed", "changed", "deprecated")


@dataclass(frozen=True)
class Change:
    """One difference between two schemas."""

    kind: str
    change: str
    name: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[int, int, str, str]:
        """Kind, then change, then name, then details: the report's stable order."""
        details = json.dumps(self.details, sort_keys=True, default=str)
        return (KINDS.index(self.kind), CHANGES.index(self.change), self.name, details)

    def as_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        return {"kind": self.kind, "change": self.change, "name": self.name, "details": dict(self.details)}


@dataclass(frozen=True)
class SchemaDiff:
    """Every difference from one schema to another, sorted, with the versions and sources compared."""

    old: str | None
    new: str | None
    changes: tuple[Change, ...]
    old_source: str | None = None
    new_source: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "changes", tuple(sorted(self.changes, key=Change.sort_key)))

    def counts(self) -> dict[str, Any]:
        """How many changes: in all, by change, by kind (every change and kind named, zeros included)."""
        by_change = dict.fromkeys(CHANGES, 0)
        by_kind = dict.fromkeys(KINDS, 0)
        for change in self.changes:
            by_change[change.change] += 1
            by_kind[change.kind] += 1
        return {"total": len(self.changes), "by_change": by_change, "by_kind": by_kind}

    def as_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data (the structure is in this module's docstring)."""
        return {
            "old": self.old,
            "new": self.new,
            "sources": {"old": self.old_source, "new": self.new_source},
            "changes": [change.as_dict() for change in self.changes],
            "counts": self.counts(),
        }
