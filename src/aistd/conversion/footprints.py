"""Footprints and the AI systems they belong to: identifiers when reading, grouping when writing."""

from __future__ import annotations

from collections import Counter
from typing import Any

from aistd.conversion.journal import Journal


def number_footprints(footprints: list[dict[str, Any]]) -> None:
    """Give each footprint the id `<system>-<stage>`, numbered from the second one of a system and stage."""
    seen: Counter[str] = Counter()
    for footprint in footprints:
        base = f"{footprint['system']}-{footprint['stage']}"
        seen[base] += 1
        footprint["id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"


def footprints_by_system(
    disclosure: dict[str, Any], systems: list[dict[str, Any]], journal: Journal
) -> dict[Any, list[tuple[int, dict[str, Any]]]]:
    """Each AI system's footprints with their indexes; a footprint that names no system of the disclosure is
    reported lost (a target that nests footprints under systems has no place for it)."""
    known = {s.get("id") for s in systems}
    grouped: dict[Any, list[tuple[int, dict[str, Any]]]] = {}
    for i, footprint in enumerate(disclosure.get("footprints") or []):
        if isinstance(footprint, dict) and footprint.get("system") in known:
            grouped.setdefault(footprint["system"], []).append((i, footprint))
        else:
            journal.lost(f"/footprints/{i}", footprint, "the footprint names no AI system of the disclosure")
    return grouped


def indexed_records(disclosure: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The items of one of the disclosure's lists that are objects, each with its index in the list."""
    items = disclosure.get(key)
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []
