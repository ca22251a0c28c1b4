"""The top of a canonical disclosure as readers make it, and the names they derive for what sources leave out."""

from __future__ import annotations

import re
from typing import Any

from aistd.conversion.journal import Journal
from aistd.model.message import says
from aistd.model.versions import SCHEMA_VERSION

NOT_STATED = {"not_stated": True}
"""What `disclosure_shell` records when a source lacks a required part: not stated, never an invented value."""
STAGE_NOT_STATED = "not-stated"
"""The stage of a footprint whose source does not say which stage its figures cover (a measurement log)."""
UNSTATED_QUALIFIERS = (
    ("energy_consumption", "energy_boundary", says("what the energy includes")),
    (
        "operational_emissions",
        "emissions_accounting_method",
        says("whether the emissions are location- or market-based"),
    ),
)
"""A figure the schema reads only with its qualifier, the qualifier, and what a source that omits it leaves open."""


def disclosure_shell(
    journal: Journal, identifier: str, start: str | None, end: str | None, entity: str | None = None
) -> dict[str, Any]:
    """The required top of a canonical disclosure; what the source lacks is recorded as not stated, and said."""
    if entity is None:
        journal.filled("/reporting_entity", dict(NOT_STATED), says("the source names no reporting entity: not stated"))
    if start is None or end is None:
        journal.filled("/reporting_period", dict(NOT_STATED), says("the source states no reporting period: not stated"))
    return {
        "id": identifier,
        "schema_version": SCHEMA_VERSION,
        "reporting_entity": {"name": entity} if entity is not None else dict(NOT_STATED),
        "reporting_period": {"start_date": start, "end_date": end} if start and end else dict(NOT_STATED),
    }


def is_placeholder(key: str, value: Any) -> bool:
    """Whether a top-level value records that the source did not state it (nothing for a writer to carry)."""
    return key in ("reporting_entity", "reporting_period") and value == NOT_STATED


def is_stated_name(entity: Any) -> bool:
    """Whether an organisation is stated with a name."""
    return isinstance(entity, dict) and isinstance(entity.get("name"), str) and bool(entity["name"])


def slug(text: str, default: str) -> str:
    """Lower-case words joined by hyphens, for identifiers derived from names."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or default


def normalised(text: str) -> str:
    """A name with spaces and underscores as hyphens, in lower case, for lenient matching."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def qualify_unstated(footprint: dict[str, Any], pointer: str, journal: Journal, source: str) -> None:
    """Record as not stated, and say so, the qualifiers a footprint's figures need and its source does not give
    (an energy figure's boundary, an emissions figure's accounting method)."""
    for figure, qualifier, question in UNSTATED_QUALIFIERS:
        if figure in footprint and qualifier not in footprint:
            footprint[qualifier] = journal.filled(
                f"{pointer}/{qualifier}",
                "not-stated",
                says("{source} does not say {question}: not stated", source=source, question=question),
            )
