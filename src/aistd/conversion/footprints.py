"""Footprints and the AI systems they belong to: identifiers when reading, records by index when writing."""

from __future__ import annotations

from collections import Counter
from typing import Any


def number_footprints(footprints: list[dict[str, Any]]) -> None:
    """Give each footprint the id `<system>-<stage>`, numbered from the second one of a system and stage."""
    seen: Counter[str] = Counter()
    for footprint in footprints:
        base = f"{footprint['system']}-{footprint['stage']}"
        seen[base] += 1
        footprint["id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"


def indexed_records(disclosure: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The items of one of the disclosure's lists that are objects, each with its index in the list."""
    items = disclosure.get(key)
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []
