"""The top of a canonical disclosure as readers make it, and the names they derive for what sources leave out."""

from __future__ import annotations

import re
from typing import Any

from aistd.conversion.journal import Journal
from aistd.model.versions import SCHEMA_VERSION

UNKNOWN_ENTITY = "unknown (not stated in the source)"
PLACEHOLDER_START = "1970-01-01"
PLACEHOLDER_END = "9999-12-31"
PLACEHOLDER_PERIOD = {"start_date": PLACEHOLDER_START, "end_date": PLACEHOLDER_END}
PLACEHOLDERS = {"reporting_entity": {"name": UNKNOWN_ENTITY}, "reporting_period": PLACEHOLDER_PERIOD}
"""What `disclosure_shell` fills when a source lacks it: not the disclosure's own data, so never a loss."""


def disclosure_shell(
    journal: Journal, identifier: str, start: str | None, end: str | None, entity: str | None = None
) -> dict[str, Any]:
    """The required top of a canonical disclosure; what the source lacks is filled and reported."""
    if entity is None:
        journal.filled("/reporting_entity/name", UNKNOWN_ENTITY, "the source names no reporting entity")
    if start is None or end is None:
        journal.filled(
            "/reporting_period", f"{PLACEHOLDER_START}/{PLACEHOLDER_END}", "the source states no reporting period"
        )
    return {
        "id": identifier,
        "schema_version": SCHEMA_VERSION,
        "reporting_entity": {"name": entity or UNKNOWN_ENTITY},
        "reporting_period": {"start_date": start or PLACEHOLDER_START, "end_date": end or PLACEHOLDER_END},
    }


def is_placeholder(key: str, value: Any) -> bool:
    """Whether a top-level value is one `disclosure_shell` filled in."""
    return PLACEHOLDERS.get(key) == value


def slug(text: str, default: str) -> str:
    """Lower-case words joined by hyphens, for identifiers derived from names."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or default


def normalised(text: str) -> str:
    """A name with spaces and underscores as hyphens, in lower case, for lenient matching."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())
