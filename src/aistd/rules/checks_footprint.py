"""Checks of the stage-footprint rules: emissions identity, plausibility, components, per-unit figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from aistd.quantities import describe, magnitude
from aistd.rules.engine import Issue, RuleSpec, check
from aistd.rules.support import GRAMS_PER_KILOGRAM, close, exceeds, hashable, items, register_bound

FOOTPRINTS = "footprints"
PLAUSIBLE_INTENSITY = (1.0, 1200.0)  # g CO2e per kWh
SECONDS_PER_HOUR = 3600.0
JOULES_PER_KWH = 3.6e6
SYSTEMIC_RISK_FLOP = 1e25
ACCELERATOR_TYPES = {"gpu", "tpu", "npu", "fpga"}
TRAINING_STAGES = {"training", "fine-tuning", "retraining"}


def _footprints(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    return items(data, FOOTPRINTS)


register_bound("footprint.embodied-share", FOOTPRINTS, "embodied_emissions_allocated", "embodied_emissions_total")
register_bound("footprint.water-within-withdrawal", FOOTPRINTS, "water_consumption_site", "water_withdrawal_site")


@check("footprint.emissions-identity")
def emissions_identity(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _footprints(data):
        emissions = magnitude(item, "operational_emissions")  # kg
        energy = magnitude(item, "energy_consumption")  # kWh
        factor = magnitude(item, "grid_carbon_intensity")  # g/kWh
        if emissions is None or energy is None or factor is None:
            continue
        expected = energy * factor / GRAMS_PER_KILOGRAM
        if not close(emissions, expected, spec.tolerance):
            yield (
                f"{pointer}/operational_emissions",
                f"operational_emissions is {describe(emissions, 'operational_emissions')} but energy x factor = "
                f"{describe(energy, 'energy_consumption')} x {describe(factor, 'grid_carbon_intensity')} = "
                f"{describe(expected, 'operational_emissions')}",
            )


@check("footprint.implied-intensity")
def implied_intensity(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    low, high = PLAUSIBLE_INTENSITY
    for pointer, item in _footprints(data):
        factor = magnitude(item, "grid_carbon_intensity")
        if factor is not None and not low <= factor <= high:
            yield (
                f"{pointer}/grid_carbon_intensity",
                f"grid_carbon_intensity of {factor:.6g} g CO2e/kWh is outside the plausible {low:g} to {high:g}",
            )
        emissions, energy = magnitude(item, "operational_emissions"), magnitude(item, "energy_consumption")
        if emissions is None or not energy:
            continue
        implied = emissions * GRAMS_PER_KILOGRAM / energy
        if not low <= implied <= high:
            yield (
                f"{pointer}/operational_emissions",
                f"operational_emissions / energy_consumption implies {implied:.6g} g CO2e/kWh, outside the "
                f"plausible {low:g} to {high:g}: check the units",
            )


@check("footprint.components-within-total")
def components_within_total(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    parts = ("accelerator_energy", "cpu_energy", "memory_energy")
    for pointer, item in _footprints(data):
        total = magnitude(item, "energy_consumption")
        values = {part: magnitude(item, part) for part in parts}
        present = {part: value for part, value in values.items() if value is not None}
        if total is None or not present:
            continue
        summed = sum(present.values())
        if exceeds(summed, total, spec.tolerance):
            names = " + ".join(present)
            yield (
                f"{pointer}/energy_consumption",
                f"{names} = {describe(summed, 'energy_consumption')} exceeds energy_consumption "
                f"({describe(total, 'energy_consumption')})",
            )


@check("footprint.power-time")
def power_time(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _footprints(data):
        energy = magnitude(item, "energy_consumption")  # kWh
        power, seconds = magnitude(item, "average_power"), magnitude(item, "duration")  # W, s
        if energy is None or power is None or seconds is None:
            continue
        expected = power * seconds / JOULES_PER_KWH
        if not close(energy, expected, spec.tolerance):
            yield (
                f"{pointer}/energy_consumption",
                f"energy_consumption is {describe(energy, 'energy_consumption')} but average_power x duration "
                f"= {describe(expected, 'energy_consumption')}",
            )


def _per_unit(item: dict[str, Any], pointer: str, per_unit: str, total: str, scale: float, tolerance: float):  # type: ignore[no-untyped-def]
    unit_value, count, whole = (
        magnitude(item, per_unit),
        magnitude(item, "functional_unit_count"),
        magnitude(item, total),
    )
    if unit_value is None or count is None or whole is None:
        return
    expected = unit_value * count * scale
    if not close(whole, expected, tolerance):
        yield (
            f"{pointer}/{per_unit}",
            f"{per_unit} x functional_unit_count = {describe(expected, total)}, but {total} is "
            f"{describe(whole, total)}",
        )


@check("footprint.per-unit-energy")
def per_unit_energy(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _footprints(data):
        yield from _per_unit(item, pointer, "energy_per_functional_unit", "energy_consumption", 1.0, spec.tolerance)


@check("footprint.per-unit-emissions")
def per_unit_emissions(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _footprints(data):
        yield from _per_unit(
            item, pointer, "emissions_per_functional_unit", "operational_emissions", 1.0, spec.tolerance
        )


@check("footprint.per-unit-water")
def per_unit_water(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _footprints(data):
        yield from _per_unit(item, pointer, "water_per_functional_unit", "water_consumption_site", 1.0, spec.tolerance)


@check("footprint.total-emissions")
def total_emissions(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _footprints(data):
        total = magnitude(item, "total_emissions")
        operational = magnitude(item, "operational_emissions")
        embodied = magnitude(item, "embodied_emissions_allocated")
        if total is None or operational is None or embodied is None:
            continue
        if not close(total, operational + embodied, spec.tolerance):
            yield (
                f"{pointer}/total_emissions",
                f"total_emissions is {describe(total, 'total_emissions')} but operational + allocated embodied = "
                f"{describe(operational + embodied, 'total_emissions')}",
            )


@check("footprint.accelerator-hours")
def accelerator_hours(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _footprints(data):
        busy, seconds = magnitude(item, "accelerator_hours"), magnitude(item, "duration")
        hardware = item.get("hardware")
        if busy is None or seconds is None or not isinstance(hardware, list):
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
            limit = count * seconds
        except OverflowError:  # a count past the float range (the loader admits integers of 4,300 digits)
            continue
        if exceeds(busy, limit, spec.tolerance):
            yield (
                f"{pointer}/accelerator_hours",
                f"accelerator_hours ({busy / SECONDS_PER_HOUR:.6g} h) exceed {count} accelerators x duration "
                f"({limit / SECONDS_PER_HOUR:.6g} h)",
            )


@check("footprint.systemic-risk-compute")
def systemic_risk_compute(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    types = {s.get("id"): s.get("system_type") for _, s in items(data, "ai_systems") if isinstance(s.get("id"), str)}
    for pointer, item in _footprints(data):
        compute = magnitude(item, "compute_operations")
        if compute is None or compute <= SYSTEMIC_RISK_FLOP or hashable(item.get("stage")) not in TRAINING_STAGES:
            continue
        system_type = types.get(hashable(item.get("system")))
        if system_type != "general-purpose-model-systemic-risk":
            yield (
                f"{pointer}/compute_operations",
                f"training compute of {compute:.3g} FLOP exceeds 1e25 FLOP, but system {item.get('system')!r} "
                f"is declared as {system_type or 'no type'}, not general-purpose-model-systemic-risk",
            )


@check("footprint.market-based-basis")
def market_based_basis(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, item in _footprints(data):
        if item.get("emissions_accounting_method") == "market-based" and "carbon_intensity_basis" in item:
            yield (
                f"{pointer}/carbon_intensity_basis",
                f"a market-based figure names a {item['carbon_intensity_basis']} grid factor, a location-based notion",
            )


@check("stages.sum-within-total")
def stages_within_total(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    groups: dict[tuple[Any, Any], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for pointer, item in _footprints(data):
        groups[(hashable(item.get("system")), hashable(item.get("energy_boundary")))].append((pointer, item))
    for members in groups.values():
        totals = [(p, f) for p, f in members if f.get("stage") == "all-stages"]
        stages = [(p, f) for p, f in members if f.get("stage") != "all-stages"]
        for pointer, total in totals:
            for slot in ("energy_consumption", "operational_emissions"):
                whole = magnitude(total, slot)
                parts = [v for v in (magnitude(f, slot) for _, f in stages) if v is not None]
                if whole is None or not parts:
                    continue
                if exceeds(sum(parts), whole, spec.tolerance):
                    yield (
                        f"{pointer}/{slot}",
                        f"the stages' {slot} add up to {describe(sum(parts), slot)}, more than the all-stages "
                        f"total of {describe(whole, slot)}",
                    )
