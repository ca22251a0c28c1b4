"""Checks over groups of items: the stages of a system within its all-stages total, the phases of a life
cycle impact, and the accelerators of a footprint's hardware list. A formula looks at one item; these
gather several, or count the items of a nested list by kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from aistd.check.rules.compare import holds
from aistd.check.rules.registry import Issue, check, items
from aistd.knowledge.rules import RuleSpec
from aistd.knowledge.units import describe, figure
from aistd.model import figure as fig
from aistd.model.message import says
from aistd.model.pointer import hashable

ACCELERATOR_TYPES = {"gpu", "tpu", "npu", "fpga"}
LCA_INDICATORS = ("global_warming_potential", "abiotic_depletion_elements", "primary_energy", "final_energy")
STAGE_QUANTITIES = ("energy_consumption", "operational_emissions")


@check("stages.sum-within-total")
def stages_within_total(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    groups: dict[tuple[Any, Any], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for pointer, item in items(data, "footprints"):
        groups[(hashable(item.get("system")), hashable(item.get("energy_boundary")))].append((pointer, item))
    for members in groups.values():
        totals = [(p, f) for p, f in members if f.get("stage") == "all-stages"]
        stages = [(p, f) for p, f in members if f.get("stage") != "all-stages"]
        for pointer, total in totals:
            for slot in STAGE_QUANTITIES:
                whole = figure(total, slot)
                parts = fig.total([v for v in (figure(f, slot) for _, f in stages) if v is not None])
                if whole is None or parts is None:
                    continue
                if not holds("<=", parts, whole, spec.tolerance):
                    yield (
                        f"{pointer}/{slot}",
                        says(
                            "the stages' {slot} add up to {total}, more than the all-stages total of {whole}",
                            slot=slot,
                            total=describe(parts.point, slot),
                            whole=describe(whole.point, slot),
                        ),
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
            whole = figure(total, slot)
            embodied, use = figure(phases["embodied"][1], slot), figure(phases["use"][1], slot)
            both = fig.add(embodied, use) if embodied is not None and use is not None else None
            if whole is None or both is None:
                continue
            if not holds("=", whole, both, spec.tolerance):
                yield (
                    f"{total_pointer}/{slot}",
                    says(
                        "total {slot} is {value} but embodied + use = {total}",
                        slot=slot,
                        value=describe(whole.point, slot),
                        total=describe(both.point, slot),
                    ),
                )


@check("footprint.accelerator-hours")
def accelerator_hours(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in items(data, "footprints"):
        busy, hours = figure(item, "accelerator_hours", "h"), figure(item, "duration", "h")
        hardware = item.get("hardware")
        if busy is None or hours is None or not isinstance(hardware, list):
            continue
        count = sum(
            h.get("hardware_count", 0)
            for h in hardware
            if isinstance(h, dict)
            and hashable(h.get("hardware_type")) in ACCELERATOR_TYPES
            and isinstance(h.get("hardware_count"), int)
        )
        if not count:
            continue
        try:
            limit = fig.multiply(fig.Figure.exact(float(count)), hours)
        except OverflowError:  # a count past the float range (the loader admits integers of 4,300 digits)
            continue
        if limit is not None and not holds("<=", busy, limit, spec.tolerance):
            yield (
                f"{pointer}/accelerator_hours",
                says(
                    "accelerator_hours ({busy:.6g} h) exceed {count} accelerators x duration ({limit:.6g} h)",
                    busy=busy.point,
                    count=count,
                    limit=limit.point,
                ),
            )
