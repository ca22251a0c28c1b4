"""Checks of the organisation inventory and life cycle impact rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from aistd.quantities import describe, magnitude
from aistd.rules.engine import Issue, RuleSpec, check
from aistd.rules.support import close, exceeds, hashable, items

LCA_INDICATORS = ("global_warming_potential", "abiotic_depletion_elements", "primary_energy", "final_energy")


def _total_issue(item: dict[str, Any], pointer: str, total: str, scope2: str, tolerance: float) -> Iterator[Issue]:
    parts = [magnitude(item, slot) for slot in ("scope1_emissions", scope2, "scope3_emissions")]
    stated = magnitude(item, total)
    if stated is None or any(p is None for p in parts):
        return
    summed = sum(p for p in parts if p is not None)
    if not close(stated, summed, tolerance):
        yield (
            f"{pointer}/{total}",
            f"{total} is {describe(stated, total)} but scope 1 + {scope2} + scope 3 = {describe(summed, total)}",
        )


@check("ghg.total-location-based")
def total_location_based(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in items(data, "ghg_inventories"):
        yield from _total_issue(
            item,
            pointer,
            "total_ghg_emissions_location_based",
            "scope2_location_based_emissions",
            spec.tolerance,
        )


@check("ghg.total-market-based")
def total_market_based(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in items(data, "ghg_inventories"):
        yield from _total_issue(
            item, pointer, "total_ghg_emissions_market_based", "scope2_market_based_emissions", spec.tolerance
        )


@check("ghg.scope3-categories")
def scope3_categories(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in items(data, "ghg_inventories"):
        scope3, categories = magnitude(item, "scope3_emissions"), item.get("scope3_categories")
        if scope3 is None or not isinstance(categories, list):
            continue
        values = [magnitude(c, "category_emissions") for c in categories if isinstance(c, dict)]
        summed = sum(v for v in values if v is not None)
        if exceeds(summed, scope3, spec.tolerance):
            yield (
                f"{pointer}/scope3_categories",
                f"the Scope 3 categories add up to {describe(summed, 'scope3_emissions')}, more than "
                f"scope3_emissions ({describe(scope3, 'scope3_emissions')})",
            )


@check("lca.phase-sum")
def phase_sum(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    groups: dict[tuple[Any, Any], dict[str, tuple[str, dict[str, Any]]]] = defaultdict(dict)
    for pointer, item in items(data, "life_cycle_impacts"):
        phase = item.get("lca_phase")
        if isinstance(phase, str):
            groups[(hashable(item.get("system")), hashable(item.get("stage")))].setdefault(phase, (pointer, item))
    for phases in groups.values():
        if not {"embodied", "use", "total"} <= set(phases):
            continue
        total_pointer, total = phases["total"]
        for slot in LCA_INDICATORS:
            whole = magnitude(total, slot)
            embodied, use = magnitude(phases["embodied"][1], slot), magnitude(phases["use"][1], slot)
            if whole is None or embodied is None or use is None:
                continue
            if not close(whole, embodied + use, spec.tolerance):
                yield (
                    f"{total_pointer}/{slot}",
                    f"total {slot} is {describe(whole, slot)} but embodied + use = {describe(embodied + use, slot)}",
                )
