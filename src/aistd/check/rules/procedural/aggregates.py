"""Footprints linked by id: an aggregate (a "Total" row over per-model rows) equals the sum of its members, and a
footprint that restates another (a prose summary of a table row) agrees with it.

A formula looks at one item; these name others by id, so the checks gather them. Which figures
add up is the schema's to say (`aggregation: sum` on the indicator), and every figure is judged by the
interval its published digits allow, so a table of rounded rows is accepted and one row 10 % off is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from aistd.check.rules.compare import holds
from aistd.check.rules.registry import Issue, check, items
from aistd.knowledge.indicators import indicator_table
from aistd.knowledge.rules import RuleSpec
from aistd.knowledge.units import describe, figure
from aistd.model import figure as fig
from aistd.model.message import says
from aistd.model.pointer import hashable


@cache
def additive_slots() -> tuple[str, ...]:
    """The footprint figures that add up across systems, as the schema marks them."""
    return tuple(
        name
        for name, entry in indicator_table().items()
        if entry.get("additive") and "StageFootprint" in entry.get("classes", ())
    )


def _members(item: dict[str, Any], by_id: dict[Any, tuple[str, dict[str, Any]]]) -> list[dict[str, Any]] | None:
    """The footprints an aggregate names, of its stage; None when one is missing (refs.known-item says so)."""
    named = item.get("aggregates")
    if named.__class__ is not list or not named:
        return None
    found = [by_id.get(hashable(identifier)) for identifier in named]
    if any(entry is None for entry in found):
        return None
    return [member for _, member in found if member.get("stage") == item.get("stage")]  # type: ignore[misc]


def _any_with(data: dict[str, Any], slot: str) -> bool:
    values = data.get("footprints")
    return values.__class__ is list and any(item.__class__ is dict and slot in item for item in values)


@check("footprint.aggregate-sum")
def aggregate_sum(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    if not _any_with(data, "aggregates"):
        return
    footprints = items(data, "footprints")
    by_id = {hashable(item.get("id")): (pointer, item) for pointer, item in footprints}
    for pointer, item in footprints:
        members = _members(item, by_id)
        if not members:
            continue
        for slot in additive_slots():
            whole = figure(item, slot)
            parts = [figure(member, slot) for member in members]
            if whole is None or any(part is None for part in parts):
                continue
            summed = fig.total(parts)  # type: ignore[arg-type]
            if summed is not None and not holds("=", whole, summed, spec.tolerance):
                yield (
                    f"{pointer}/{slot}",
                    says(
                        "{slot} is {value}, but its {count} members add up to {total} (the published digits allow "
                        "{low} to {high} against {total_low} to {total_high})",
                        slot=slot,
                        value=describe(whole.point, slot),
                        count=len(members),
                        total=describe(summed.point, slot),
                        low=describe(whole.low, slot),
                        high=describe(whole.high, slot),
                        total_low=describe(summed.low, slot),
                        total_high=describe(summed.high, slot),
                    ),
                )


@cache
def _indicator_slots() -> tuple[str, ...]:
    return tuple(name for name, entry in indicator_table().items() if "StageFootprint" in entry.get("classes", ()))


@check("footprint.restated-agrees")
def restated_agrees(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    if not _any_with(data, "restates"):
        return
    footprints = items(data, "footprints")
    by_id = {hashable(item.get("id")): (pointer, item) for pointer, item in footprints}
    for pointer, item in footprints:
        other_id = item.get("restates")
        if other_id.__class__ is not str or hashable(other_id) not in by_id or other_id == item.get("id"):
            continue
        other_pointer, other = by_id[hashable(other_id)]
        for slot in _indicator_slots():
            here, there = figure(item, slot), figure(other, slot)
            if here is None or there is None or holds("=", here, there, spec.tolerance):
                continue
            yield (
                f"{pointer}/{slot}",
                says(
                    "{slot} is {value} here but {other_value} at {other}, which states the same activity",
                    slot=slot,
                    value=describe(here.point, slot),
                    other_value=describe(there.point, slot),
                    other=other_pointer,
                ),
            )
