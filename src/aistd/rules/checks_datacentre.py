"""Checks of the data-centre KPI rules (ISO/IEC 30134 series, EU data-centre reporting)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from aistd.quantities import describe, magnitude
from aistd.rules.engine import Issue, RuleSpec, check
from aistd.rules.support import GRAMS_PER_KILOGRAM, close, exceeds, items, register_bound, register_ratio

REPORTS = "data_centre_reports"
EU_THRESHOLD_KW = 500.0
ANNUAL_DAYS = 360


def _reports(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    return items(data, REPORTS)


# KPIs defined as one reported quantity over another (ISO/IEC 30134 series)
for _rule, _result, _numerator, _denominator, _scale in (
    ("dc.pue-identity", "pue", "facility_energy", "it_equipment_energy", 1.0),
    ("dc.ref-identity", "ref", "renewable_energy", "facility_energy", 1.0),
    ("dc.erf-identity", "erf", "reused_energy", "facility_energy", 1.0),
    ("dc.wue-identity", "wue", "water_consumption_site", "it_equipment_energy", 1.0),
    ("dc.cue-identity", "cue", "operational_emissions", "it_equipment_energy", GRAMS_PER_KILOGRAM),
    ("dc.cer-identity", "cer", "heat_removed", "cooling_energy", 1.0),
):
    register_ratio(_rule, REPORTS, _result, _numerator, _denominator, _scale)

# quantities that are parts of others
for _rule, _part, _whole in (
    ("dc.it-within-facility", "it_equipment_energy", "facility_energy"),
    ("dc.renewable-within-facility", "renewable_energy", "facility_energy"),
    ("dc.reuse-within-facility", "reused_energy", "facility_energy"),
    ("dc.potable-within-input", "potable_water_input", "water_input"),
    ("dc.computer-room-within-floor", "computer_room_floor_area", "total_floor_area"),
):
    register_bound(_rule, REPORTS, _part, _whole)


@check("dc.renewable-split")
def renewable_split(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    parts = ("renewable_energy_certificates", "renewable_energy_ppa", "renewable_energy_onsite")
    for pointer, report in _reports(data):
        total = magnitude(report, "renewable_energy")
        values = [magnitude(report, part) for part in parts]
        if total is None or any(value is None for value in values):
            continue
        summed = sum(value for value in values if value is not None)
        if not close(summed, total, spec.tolerance):
            yield (
                f"{pointer}/renewable_energy",
                f"certificates + PPA + on-site = {describe(summed, 'renewable_energy')}, "
                f"but renewable_energy is {describe(total, 'renewable_energy')}",
            )


@check("dc.cue-grid-pue")
def cue_grid_pue(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, report in _reports(data):
        if report.get("emissions_accounting_method") != "location-based":
            continue
        cue, factor, pue = (
            magnitude(report, "cue"),
            magnitude(report, "grid_carbon_intensity"),
            magnitude(report, "pue"),
        )
        if cue is None or factor is None or pue is None:
            continue
        if not close(cue, factor * pue, spec.tolerance):
            yield (
                f"{pointer}/cue",
                f"cue is {describe(cue, 'cue')} but grid_carbon_intensity x pue = "
                f"{describe(factor * pue, 'cue')}; true only if all the site's energy is grid electricity",
            )


@check("dc.cooling-within-overhead")
def cooling_within_overhead(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, report in _reports(data):
        cooling = magnitude(report, "cooling_energy")
        facility, it = magnitude(report, "facility_energy"), magnitude(report, "it_equipment_energy")
        if cooling is None or facility is None or it is None or it > facility:
            continue
        if exceeds(cooling, facility - it):
            yield (
                f"{pointer}/cooling_energy",
                f"cooling_energy ({describe(cooling, 'cooling_energy')}) exceeds facility minus IT energy "
                f"({describe(facility - it, 'cooling_energy')})",
            )


@check("dc.iteusv-accelerators")
def iteusv_accelerators(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, report in _reports(data):
        if report.get("accelerator_dominated") is True and "iteusv" in report:
            yield (
                f"{pointer}/iteusv",
                "iteusv is given for a site whose servers are accelerator-dominated, which ITEUsv does not cover",
            )


def period_days(period: Any) -> int | None:
    """The number of days a period covers, both ends included; None when unreadable."""
    if not isinstance(period, dict):
        return None
    try:
        start = date.fromisoformat(str(period.get("start_date")))
        end = date.fromisoformat(str(period.get("end_date")))
    except ValueError:
        return None
    return (end - start).days + 1


@check("dc.annual-pue")
def annual_pue(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, report in _reports(data):
        days = period_days(report.get("reporting_period"))
        if "pue" in report and days is not None and days < ANNUAL_DAYS and report.get("pue_kind") != "interim":
            yield (
                f"{pointer}/pue",
                f"pue covers {days} days; a PUE over less than a year is an interim PUE (set pue_kind: interim)",
            )


@check("dc.reporting-threshold")
def reporting_threshold(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, report in _reports(data):
        power = magnitude(report, "installed_it_power")
        if power is not None and power < EU_THRESHOLD_KW * 1000:
            yield (
                f"{pointer}/installed_it_power",
                f"installed IT power is {power / 1000:.6g} kW, below the 500 kW from which EU reporting is due",
            )
