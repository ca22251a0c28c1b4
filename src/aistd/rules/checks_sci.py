"""Checks of the Software Carbon Intensity rules (ISO/IEC 21031:2024)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aistd.quantities import describe, magnitude
from aistd.rules.engine import Issue, RuleSpec, check
from aistd.rules.support import GRAMS_PER_KILOGRAM, close, exceeds, items

ASSESSMENTS = "sci_assessments"


def _assessments(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    return items(data, ASSESSMENTS)


def operational(item: dict[str, Any]) -> float | None:
    """O in kg: stated, or E x I."""
    stated = magnitude(item, "sci_operational_emissions")
    if stated is not None:
        return stated
    energy, intensity = magnitude(item, "sci_energy"), magnitude(item, "sci_carbon_intensity")
    return None if energy is None or intensity is None else energy * intensity / GRAMS_PER_KILOGRAM


@check("sci.operational")
def sci_operational(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _assessments(data):
        stated = magnitude(item, "sci_operational_emissions")
        energy, intensity = magnitude(item, "sci_energy"), magnitude(item, "sci_carbon_intensity")
        if stated is None or energy is None or intensity is None:
            continue
        expected = energy * intensity / GRAMS_PER_KILOGRAM
        if not close(stated, expected, spec.tolerance):
            yield (
                f"{pointer}/sci_operational_emissions",
                f"O is {describe(stated, 'sci_operational_emissions')} but E x I = "
                f"{describe(expected, 'sci_operational_emissions')}",
            )


@check("sci.embodied")
def sci_embodied(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _assessments(data):
        values = [
            magnitude(item, slot)
            for slot in (
                "sci_embodied_emissions",
                "sci_total_embodied_emissions",
                "time_reserved",
                "sci_expected_lifespan",
                "resources_reserved",
                "total_resources",
            )
        ]
        if any(v is None for v in values):
            continue
        stated, total, reserved, lifespan, resources, available = (float(v) for v in values if v is not None)
        if not lifespan or not available:
            continue
        expected = total * (reserved / lifespan) * (resources / available)
        if not close(stated, expected, spec.tolerance):
            yield (
                f"{pointer}/sci_embodied_emissions",
                f"M is {describe(stated, 'sci_embodied_emissions')} but TE x TiR/EL x RR/ToR = "
                f"{describe(expected, 'sci_embodied_emissions')}",
            )


@check("sci.shares-within-one")
def sci_shares(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _assessments(data):
        for part, whole, label in (
            ("time_reserved", "sci_expected_lifespan", "time share TiR/EL"),
            ("resources_reserved", "total_resources", "resource share RR/ToR"),
        ):
            small, large = magnitude(item, part), magnitude(item, whole)
            if small is not None and large is not None and exceeds(small, large):
                share = f"{small / large:.6g}" if large else f"{small:.6g} / 0"  # a whole of 0 would divide by zero
                yield (f"{pointer}/{part}", f"the {label} is {share}, above 1")


@check("sci.total")
def sci_total(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _assessments(data):
        total, embodied, ops = (
            magnitude(item, "sci_total_carbon"),
            magnitude(item, "sci_embodied_emissions"),
            operational(item),
        )
        if total is None or embodied is None or ops is None:
            continue
        if not close(total, ops + embodied, spec.tolerance):
            yield (
                f"{pointer}/sci_total_carbon",
                f"C is {describe(total, 'sci_total_carbon')} but O + M = "
                f"{describe(ops + embodied, 'sci_total_carbon')}",
            )


@check("sci.score")
def sci_score(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _assessments(data):
        score, units = magnitude(item, "sci_score"), magnitude(item, "functional_unit_count")
        if score is None or not units:
            continue
        carbon = magnitude(item, "sci_total_carbon")
        ops, embodied = operational(item), magnitude(item, "sci_embodied_emissions")
        if carbon is None and ops is not None and embodied is not None:
            carbon = ops + embodied
        if carbon is not None:
            if not close(score, carbon / units, spec.tolerance):
                yield (
                    f"{pointer}/sci_score",
                    f"SCI is {describe(score, 'sci_score')} per unit but C / R = "
                    f"{describe(carbon / units, 'sci_score')}",
                )
        elif ops is not None and score < (ops / units) * (1 - spec.tolerance):
            yield (
                f"{pointer}/sci_score",
                f"SCI is {describe(score, 'sci_score')} per unit, below the operational part alone, O / R = "
                f"{describe(ops / units, 'sci_score')}",
            )


@check("sci.no-market-based")
def sci_no_market_based(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _assessments(data):
        if item.get("emissions_accounting_method") == "market-based":
            yield (
                f"{pointer}/emissions_accounting_method",
                "an SCI assessment uses a market-based emission factor; SCI allows location-based factors only",
            )


@check("sci.no-offset")
def sci_no_offset(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _assessments(data):
        offset, total = magnitude(item, "emissions_offset"), magnitude(item, "sci_total_carbon")
        ops, embodied = operational(item), magnitude(item, "sci_embodied_emissions")
        if not offset or total is None or ops is None or embodied is None:
            continue
        if total < (ops + embodied) * (1 - spec.tolerance):
            yield (
                f"{pointer}/sci_total_carbon",
                f"C ({describe(total, 'sci_total_carbon')}) is below O + M "
                f"({describe(ops + embodied, 'sci_total_carbon')}) with an offset declared: offsets never reduce SCI",
            )
