"""Checks that compare figures about one activity: across the documents given with --same-system, and
between the items of one document. Grouping footprints by system, stage, period and place, and ranking
energy boundaries, is what a single-item formula cannot do."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aistd.check.rules.compare import holds
from aistd.check.rules.registry import cross_document_check, items
from aistd.knowledge.rules import RuleSpec
from aistd.knowledge.units import describe, figure
from aistd.model import figure as fig
from aistd.model.figure import Figure
from aistd.model.message import listing, says
from aistd.model.pointer import hashable

DOCUMENT_NAMES: ContextVar[tuple[str, ...]] = ContextVar("DOCUMENT_NAMES", default=())
"""The names (file paths) of the documents being compared, as messages name them; "document N" without."""
UNKNOWN_STAGES = ("other", "not-stated")
BOUNDARY_ORDER = {"accelerator-only": 0, "compute-node": 1, "it-equipment": 2, "facility": 3}
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


def _same_stage_groups(documents: list[dict[str, Any]]) -> dict[tuple[Any, ...], list[tuple[int, str, dict[str, Any]]]]:
    """Footprints that describe one activity: same system, stage, scope, period and place, both actual or both
    hypothetical.

    Within one document, two footprints count as one activity only when they state the same period;
    across documents given with --same-system, the caller has said they describe one system. Footprints
    of unknown stage ("other", "not-stated") describe no activity in particular and are never paired here.
    """
    several = len(documents) > 1
    groups: dict[tuple[Any, ...], list[tuple[int, str, dict[str, Any]]]] = defaultdict(list)
    for index, data in enumerate(documents):
        names = {hashable(s.get("id")): s.get("name") for _, s in items(data, "ai_systems")}
        for pointer, item in items(data, "footprints"):
            if item.get("stage") in UNKNOWN_STAGES:
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
                item.get("hypothetical") is True,  # a what-if is never the same activity as what happened
            )
            groups[tuple(map(hashable, key))].append((index, pointer, item))
    return groups


def _period_of(item: dict[str, Any], slot: str) -> tuple[Any, Any]:
    period = item.get(slot)
    return (period.get("start_date"), period.get("end_date")) if isinstance(period, dict) else (None, None)


def _other_boundary(slot: str, first: dict[str, Any], second: dict[str, Any]) -> bool:
    """True when two figures are different quantities: energy of different boundaries, or emissions of different
    accounting methods (a location-based and a market-based figure are never compared)."""
    if slot == "energy_consumption":
        return first.get("energy_boundary") != second.get("energy_boundary")
    if slot in ("operational_emissions", "total_emissions"):
        methods = {first.get("emissions_accounting_method"), second.get("emissions_accounting_method")}
        return methods == {"location-based", "market-based"}  # a method not stated may be either: compared
    return False


@contextmanager
def named_documents(names: Sequence[str]) -> Iterator[None]:
    """Within the block, messages name the documents compared by these names (in the order they are given)."""
    token = DOCUMENT_NAMES.set(tuple(names))
    try:
        yield
    finally:
        DOCUMENT_NAMES.reset(token)


def document_name(index: int) -> str:
    """How a message names the document at `index`: its name when known, else "document N"."""
    names = DOCUMENT_NAMES.get()
    return names[index] if index < len(names) else says("document {number}", number=index + 1)


def _place(index: int, pointer: str, several: bool) -> str:
    return listing([document_name(index), pointer], " ") if several else pointer


@cross_document_check("crosswalk.same-quantity")
def same_quantity(documents: list[dict[str, Any]], spec: RuleSpec) -> Iterator[tuple[int, str, str]]:
    several = len(documents) > 1
    for members in _same_stage_groups(documents).values():
        for slot in FOOTPRINT_QUANTITIES:
            stated = [(i, p, f, figure(f, slot)) for i, p, f in members]
            stated = [entry for entry in stated if entry[3] is not None]
            for position, (index, pointer, item, value) in enumerate(stated):
                for other_index, other_pointer, other, other_value in stated[:position]:
                    if several and index == other_index:
                        continue  # pairs within one document are the single-document run's to report
                    if _other_boundary(slot, item, other):
                        continue
                    if not holds("=", value, other_value, spec.tolerance):
                        yield (
                            index,
                            f"{pointer}/{slot}",
                            says(
                                "{slot} is {value} here but {other_value} at {other} for the same system and stage",
                                slot=slot,
                                value=describe(value.point, slot),
                                other_value=describe(other_value.point, slot),
                                other=_place(other_index, other_pointer, several),
                            ),
                        )


@cross_document_check("crosswalk.narrower-within-broader")
def narrower_within_broader(documents: list[dict[str, Any]], spec: RuleSpec) -> Iterator[tuple[int, str, str]]:
    several = len(documents) > 1
    for members in _same_stage_groups(documents).values():
        bounded = [
            (i, p, f, figure(f, "energy_consumption"), BOUNDARY_ORDER.get(hashable(f.get("energy_boundary"))))
            for i, p, f in members
        ]
        bounded = [entry for entry in bounded if entry[3] is not None and entry[4] is not None]
        for index, pointer, _, value, rank in bounded:
            for other_index, other_pointer, other, other_value, other_rank in bounded:
                if several and index == other_index:
                    continue
                assert value is not None and other_value is not None and rank is not None and other_rank is not None
                if rank < other_rank and not holds("<=", value, other_value, spec.tolerance):
                    yield (
                        index,
                        f"{pointer}/energy_consumption",
                        says(
                            "energy within the narrower boundary ({value}) exceeds the {boundary} energy "
                            "({other_value}) at {other}",
                            value=describe(value.point, "energy_consumption"),
                            boundary=other.get("energy_boundary"),
                            other_value=describe(other_value.point, "energy_consumption"),
                            other=_place(other_index, other_pointer, several),
                        ),
                    )


ADDITIVE_QUANTITIES = ("energy_consumption", "operational_emissions", "water_consumption_site")


def _by_stage(data: dict[str, Any]) -> dict[Any, list[tuple[str, dict[str, Any]]]]:
    """A document's footprints by stage; one that restates another (the same figures said twice) is left out,
    footprint.restated-agrees compares it with what it restates."""
    stages: dict[Any, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for pointer, item in items(data, "footprints"):
        if item.get("restates") is None:
            stages[hashable(item.get("stage"))].append((pointer, item))
    return stages


def _total(members: list[tuple[str, dict[str, Any]]], slot: str) -> Figure | None:
    values = [figure(item, slot) for _, item in members]
    if not values or any(v is None for v in values):
        return None
    boundaries = {hashable(item.get("energy_boundary")) for _, item in members}
    if slot == "energy_consumption" and len(boundaries) > 1:
        return None
    return fig.total([v for v in values if v is not None])


def _same_kind(item: dict[str, Any], part: dict[str, Any]) -> bool:
    """Whether a part can add up to the item: the same training scope (a final run is no sum of experiments),
    both actual or both hypothetical."""
    return hashable(item.get("training_scope")) == hashable(part.get("training_scope")) and (
        item.get("hypothetical") is True
    ) == (part.get("hypothetical") is True)


@cross_document_check("crosswalk.total-of-parts")
def total_of_parts(documents: list[dict[str, Any]], spec: RuleSpec) -> Iterator[tuple[int, str, str]]:
    """A document's single figure for a stage equals the sum of another document's figures for it.

    The other document's figures are those of the same stage, or, when it states none, those of no stage in
    particular ("not-stated" or "other": e.g. the CodeCarbon runs behind a model card's training total).
    """
    if len(documents) < 2:
        return
    staged = [_by_stage(data) for data in documents]
    for index, stages in enumerate(staged):
        for stage, members in stages.items():
            if len(members) != 1 or stage in UNKNOWN_STAGES:
                continue
            pointer, item = members[0]
            for other_index, other_stages in enumerate(staged):
                same_stage = [part for part in other_stages.get(stage) or [] if _same_kind(item, part[1])]
                parts = same_stage or [part for s in UNKNOWN_STAGES for part in other_stages.get(s) or []]
                if other_index == index or not parts or (same_stage and len(parts) < 2):
                    continue  # one figure against one of the same stage is crosswalk.same-quantity's to compare
                for slot in ADDITIVE_QUANTITIES:
                    whole, summed = figure(item, slot), _total(parts, slot)
                    if whole is None or summed is None or _other_boundary(slot, item, parts[0][1]):
                        continue
                    if not holds("=", whole, summed, spec.tolerance):
                        yield (
                            index,
                            f"{pointer}/{slot}",
                            says(
                                "{slot} is {value} here, but the {count} figures of {document} for this stage add "
                                "up to {total}",
                                slot=slot,
                                value=describe(whole.point, slot),
                                count=len(parts),
                                document=document_name(other_index),
                                total=describe(summed.point, slot),
                            ),
                        )
