"""What every format module provides, and helpers they share."""

from __future__ import annotations

from typing import Any, Protocol

from aistd import SCHEMA_VERSION
from aistd.convert.model import Conversion, Fill


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
