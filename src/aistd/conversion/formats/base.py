"""What every format module provides, and helpers they share."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from aistd import SCHEMA_VERSION
from aistd.conversion.journal import Conversion, Fill, Loss


class Format(Protocol):
    """A format aistd converts from and to."""

    name: str
    vocabulary: str | None
    suffixes: tuple[str, ...]

    def sniff(self, path: str, text: str) -> bool:
        """True when the text looks like this format."""
        ...

    def read(self, text: str, path: str) -> Conversion:
        """The text as a canonical aistd disclosure (a dict), with losses, fills and source positions."""
        ...

    def write(self, disclosure: dict[str, Any]) -> Conversion:
        """A canonical disclosure as this format's text, with what could not be carried or had to be filled."""
        ...


UNKNOWN_ENTITY = "unknown (not stated in the source)"
PLACEHOLDER_START = "1970-01-01"
PLACEHOLDER_END = "9999-12-31"


def disclosure_shell(
    identifier: str, start: str | None, end: str | None, fills: list[Fill], entity: str | None = None
) -> dict[str, Any]:
    """The required top of a canonical disclosure; what the source lacks is filled and reported."""
    if entity is None:
        fills.append(Fill("/reporting_entity/name", UNKNOWN_ENTITY, "the source names no reporting entity"))
    if start is None or end is None:
        fills.append(
            Fill("/reporting_period", f"{PLACEHOLDER_START}/{PLACEHOLDER_END}", "the source states no reporting period")
        )
    return {
        "id": identifier,
        "schema_version": SCHEMA_VERSION,
        "reporting_entity": {"name": entity or UNKNOWN_ENTITY},
        "reporting_period": {"start_date": start or PLACEHOLDER_START, "end_date": end or PLACEHOLDER_END},
    }


BRIEF_LIMIT = 600


def brief(value: Any) -> Any:
    """A lost value as reported: itself when small, otherwise what it was (whole sections can be huge)."""
    if isinstance(value, dict | list) and len(json.dumps(value, ensure_ascii=False, default=str)) > BRIEF_LIMIT:
        kind = f"object with keys {', '.join(map(str, value))}" if isinstance(value, dict) else "list"
        return f"<{kind} ({len(value)} {'keys' if isinstance(value, dict) else 'items'})>"
    return value


@dataclass
class ReadState:
    """What one read has carried, lost and filled so far, and where the source values sit."""

    positions: dict[str, tuple[int, int]]
    losses: list[Loss] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    origins: dict[str, tuple[int, int]] = field(default_factory=dict)

    def carried(self, canonical: str, source: str) -> None:
        """Record that the value at `source` now sits at the canonical pointer."""
        if source in self.positions:
            self.origins[canonical] = self.positions[source]

    def lost(self, where: str, value: Any, reason: str) -> None:
        """Record a value the target cannot carry."""
        self.losses.append(Loss(where, brief(value), reason))


def instant(text: Any) -> datetime | None:
    """An ISO 8601 timestamp as a datetime, or None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def slug(text: str, default: str) -> str:
    """Lower-case words joined by hyphens, for identifiers derived from names."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or default


def normalised(text: str) -> str:
    """A name with spaces and underscores as hyphens, in lower case, for lenient matching."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())
