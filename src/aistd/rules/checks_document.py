"""Checks that look across a disclosure: periods, references between items, one quantity in two places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from aistd.quantities import describe, magnitude
from aistd.rules.engine import Issue, RuleSpec, check, cross_document_check
from aistd.rules.support import ITEM_LISTS, close, exceeds, hashable, items

UNKNOWN_STAGE = "other"
BOUNDARY_ORDER = {"accelerator-only": 0, "compute-node": 1, "it-equipment": 2, "facility": 3}
SYSTEM_REFERENCING_LISTS = ("footprints", "sci_assessments", "life_cycle_impacts", "frugality_results")
FOOTPRINT_QUANTITIES = (
    "energy_consumption",
    "operational_emissions",
    "embodied_emissions_allocated",
    "total_emissions",
    "water_consumption_site",
    "compute_operations",
    "duration",
    "accelerator_hours",
)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


PERIOD_SLOTS = ("period", "measurement_period", "reporting_period")


def periods(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every period of the disclosure: its own, and those of the items of its lists."""
    candidates: list[tuple[str, Any]] = [("/reporting_period", data.get("reporting_period"))]
    for key in ITEM_LISTS:
        for pointer, item in items(data, key):
            candidates.extend((f"{pointer}/{slot}", item[slot]) for slot in PERIOD_SLOTS if slot in item)
    for pointer, value in candidates:
        if isinstance(value, dict) and "start_date" in value and "end_date" in value:
            yield pointer, value


@check("period.order")
def period_order(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, period in periods(data):
        start, end = _date(period["start_date"]), _date(period["end_date"])
        if start is not None and end is not None and start > end:
            yield (f"{pointer}/end_date", f"the period ends ({end}) before it starts ({start})")


@check("period.measurement-inside")
def measurement_inside(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    reporting = data.get("reporting_period")
    if not isinstance(reporting, dict):
        return
    first, last = _date(reporting.get("start_date")), _date(reporting.get("end_date"))
    if first is None or last is None:
        return
    for pointer, item in items(data, "footprints"):
        measured = item.get("measurement_period")
        if not isinstance(measured, dict):
            continue
        start, end = _date(measured.get("start_date")), _date(measured.get("end_date"))
        if start is not None and end is not None and (start < first or end > last):
            yield (
                f"{pointer}/measurement_period",
                f"measured from {start} to {end}, outside the reporting period {first} to {last}",
            )


@check("refs.known-system")
def known_system(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    declared = {hashable(system.get("id")) for _, system in items(data, "ai_systems")}
    for key in SYSTEM_REFERENCING_LISTS:
        for pointer, item in items(data, key):
            system = item.get("system")
            if isinstance(system, str) and system not in declared:
                yield (f"{pointer}/system", f"system {system!r} is not among the disclosure's ai_systems")


@check("refs.unique-ids")
def unique_ids(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    seen: dict[str, str] = {}
    for key in ITEM_LISTS:
        for pointer, item in items(data, key):
            identifier = item.get("id")
            if not isinstance(identifier, str):
                continue
            if identifier in seen:
                yield (f"{pointer}/id", f"id {identifier!r} is already used at {seen[identifier]}")
            else:
                seen[identifier] = pointer


def _same_stage_groups(documents: list[dict[str, Any]]) -> dict[tuple[Any, ...], list[tuple[int, str, dict[str, Any]]]]:
    """Footprints that describe one activity: same system, stage, scope, period and place.

    Within one document, two footprints count as one activity only when they state the same period;
    across documents given with --same-system, the caller has said they describe one system. Footprints
    of unknown stage ("other") describe no activity in particular and are never paired here.
    """
    several = len(documents) > 1
    groups: dict[tuple[Any, ...], list[tuple[int, str, dict[str, Any]]]] = defaultdict(list)
    for index, data in enumerate(documents):
        names = {hashable(s.get("id")): s.get("name") for _, s in items(data, "ai_systems")}
        for pointer, item in items(data, "footprints"):
            if item.get("stage") == UNKNOWN_STAGE:
                continue
            period = _period_of(item, "period")
            measured = _period_of(item, "measurement_period")
            if not several and period == (None, None) and measured == (None, None):
                continue
            location = item.get("location") if isinstance(item.get("location"), dict) else {}
            system = item.get("system")
            key = (
                names.get(hashable(system)) or system,
                item.get("stage"),
                item.get("training_scope"),
                *period,
                *measured,
                location.get("country"),
                location.get("cloud_region"),
            )
            groups[tuple(map(hashable, key))].append((index, pointer, item))
    return groups


def _period_of(item: dict[str, Any], slot: str) -> tuple[Any, Any]:
    period = item.get(slot)
    return (period.get("start_date"), period.get("end_date")) if isinstance(period, dict) else (None, None)


def _place(index: int, pointer: str, several: bool) -> str:
    return f"document {index + 1} {pointer}" if several else pointer


@cross_document_check("crosswalk.same-quantity")
def same_quantity(documents: list[dict[str, Any]], spec: RuleSpec) -> Iterator[tuple[int, str, str]]:
    several = len(documents) > 1
    for members in _same_stage_groups(documents).values():
        for slot in FOOTPRINT_QUANTITIES:
            stated = [(i, p, f, magnitude(f, slot)) for i, p, f in members]
            stated = [entry for entry in stated if entry[3] is not None]
            for position, (index, pointer, item, value) in enumerate(stated):
                for other_index, other_pointer, other, other_value in stated[:position]:
                    if several and index == other_index:
                        continue  # pairs within one document are the single-document run's to report
                    if slot == "energy_consumption" and item.get("energy_boundary") != other.get("energy_boundary"):
                        continue
                    assert value is not None and other_value is not None
                    if not close(value, other_value, spec.tolerance):
                        yield (
                            index,
                            f"{pointer}/{slot}",
                            f"{slot} is {describe(value, slot)} here but {describe(other_value, slot)} at "
                            f"{_place(other_index, other_pointer, several)} for the same system and stage",
                        )


@cross_document_check("crosswalk.narrower-within-broader")
def narrower_within_broader(documents: list[dict[str, Any]], spec: RuleSpec) -> Iterator[tuple[int, str, str]]:
    several = len(documents) > 1
    for members in _same_stage_groups(documents).values():
        bounded = [
            (i, p, f, magnitude(f, "energy_consumption"), BOUNDARY_ORDER.get(hashable(f.get("energy_boundary"))))
            for i, p, f in members
        ]
        bounded = [entry for entry in bounded if entry[3] is not None and entry[4] is not None]
        for index, pointer, _, value, rank in bounded:
            for other_index, other_pointer, other, other_value, other_rank in bounded:
                if several and index == other_index:
                    continue
                assert value is not None and other_value is not None and rank is not None and other_rank is not None
                if rank < other_rank and exceeds(value, other_value, spec.tolerance):
                    yield (
                        index,
                        f"{pointer}/energy_consumption",
                        f"energy within the narrower boundary ({describe(value, 'energy_consumption')}) exceeds "
                        f"the {other.get('energy_boundary')} energy ({describe(other_value, 'energy_consumption')}) "
                        f"at {_place(other_index, other_pointer, several)}",
                    )


ADDITIVE_QUANTITIES = ("energy_consumption", "operational_emissions", "water_consumption_site")


def _by_stage(data: dict[str, Any]) -> dict[Any, list[tuple[str, dict[str, Any]]]]:
    stages: dict[Any, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for pointer, item in items(data, "footprints"):
        stages[hashable(item.get("stage"))].append((pointer, item))
    return stages


def _total(members: list[tuple[str, dict[str, Any]]], slot: str) -> float | None:
    values = [magnitude(item, slot) for _, item in members]
    if not values or any(v is None for v in values):
        return None
    boundaries = {hashable(item.get("energy_boundary")) for _, item in members}
    if slot == "energy_consumption" and len(boundaries) > 1:
        return None
    return sum(v for v in values if v is not None)


@cross_document_check("crosswalk.total-of-parts")
def total_of_parts(documents: list[dict[str, Any]], spec: RuleSpec) -> Iterator[tuple[int, str, str]]:
    """A document's single figure for a stage equals the sum of another document's figures for it.

    The other document's figures are those of the same stage, or, when it states none, those of unknown
    stage (e.g. the CodeCarbon runs behind a model card's training total).
    """
    if len(documents) < 2:
        return
    staged = [_by_stage(data) for data in documents]
    for index, stages in enumerate(staged):
        for stage, members in stages.items():
            if len(members) != 1 or stage == UNKNOWN_STAGE:
                continue
            pointer, item = members[0]
            for other_index, other_stages in enumerate(staged):
                same_stage = other_stages.get(stage) or []
                parts = same_stage or other_stages.get(UNKNOWN_STAGE) or []
                if other_index == index or not parts or (same_stage and len(parts) < 2):
                    continue  # one figure against one of the same stage is crosswalk.same-quantity's to compare
                for slot in ADDITIVE_QUANTITIES:
                    whole, summed = magnitude(item, slot), _total(parts, slot)
                    if whole is None or summed is None:
                        continue
                    if slot == "energy_consumption" and item.get("energy_boundary") != parts[0][1].get(
                        "energy_boundary"
                    ):
                        continue
                    if not close(whole, summed, spec.tolerance):
                        yield (
                            index,
                            f"{pointer}/{slot}",
                            f"{slot} is {describe(whole, slot)} here, but the {len(parts)} figures of document "
                            f"{other_index + 1} for this stage add up to {describe(summed, slot)}",
                        )
