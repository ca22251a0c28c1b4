"""Checks of periods: a period runs forward, a measurement lies inside its reporting period, a PUE over less
than a year is interim. Dates are calendar arithmetic, which the formula language does not do."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from aistd.check.rules.registry import Issue, check, items
from aistd.knowledge.rules import RuleSpec
from aistd.knowledge.schema import definitions, item_lists
from aistd.model.calendar import first_day, last_day
from aistd.model.message import says

PERIOD_SLOTS = ("period", "measurement_period", "reporting_period")
ANNUAL_DAYS = 360


def period_days(period: Any) -> int | None:
    """The number of days a period covers, both ends included (a month or a year end counts whole); None when
    unreadable."""
    if not isinstance(period, dict):
        return None
    start, end = first_day(period.get("start_date")), last_day(period.get("end_date"))
    return None if start is None or end is None else (end - start).days + 1


@cache
def _lists_with_periods() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The disclosure's lists whose items have periods, each with its period slots."""
    found = []
    for key, class_name in item_lists().items():
        slots = tuple(slot for slot in PERIOD_SLOTS if slot in definitions()[class_name].get("properties", {}))
        if slots:
            found.append((key, slots))
    return tuple(found)


def periods(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every period of the disclosure: its own, and those of the items of its lists."""
    candidates: list[tuple[str, Any]] = [("/reporting_period", data.get("reporting_period"))]
    for key, slots in _lists_with_periods():
        for pointer, item in items(data, key):
            candidates.extend((f"{pointer}/{slot}", item[slot]) for slot in slots if slot in item)
    for pointer, value in candidates:
        if isinstance(value, dict) and "start_date" in value and "end_date" in value:
            yield pointer, value


def _in_order(start: Any, end: Any) -> bool:
    """True when two calendar dates written YYYY-MM-DD run forward: such text sorts as the dates do."""
    return start.__class__ is str and end.__class__ is str and len(start) == len(end) == 10 and start <= end


@check("period.order")
def period_order(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, period in periods(data):
        if _in_order(period["start_date"], period["end_date"]):
            continue
        start, end = first_day(period["start_date"]), last_day(period["end_date"])
        if start is not None and end is not None and start > end:
            yield (
                f"{pointer}/end_date",
                says(
                    "the period ends ({end}) before it starts ({start})",
                    end=period["end_date"],
                    start=period["start_date"],
                ),
            )


@check("period.measurement-inside")
def measurement_inside(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    reporting = data.get("reporting_period")
    if not isinstance(reporting, dict):
        return
    first, last = first_day(reporting.get("start_date")), last_day(reporting.get("end_date"))
    if first is None or last is None:
        return
    for pointer, item in items(data, "footprints"):
        measured = item.get("measurement_period")
        if not isinstance(measured, dict):
            continue
        start, end = first_day(measured.get("start_date")), last_day(measured.get("end_date"))
        if start is not None and end is not None and (start < first or end > last):
            yield (
                f"{pointer}/measurement_period",
                says(
                    "measured from {start} to {end}, outside the reporting period {first} to {last}",
                    start=start,
                    end=end,
                    first=first,
                    last=last,
                ),
            )


@check("dc.annual-pue")
def annual_pue(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    for pointer, report in items(data, "data_centre_reports"):
        days = period_days(report.get("reporting_period"))
        if "pue" in report and days is not None and days < ANNUAL_DAYS and report.get("pue_kind") != "interim":
            yield (
                f"{pointer}/pue",
                says(
                    "pue covers {days} days; a PUE over less than a year is an interim PUE (set pue_kind: interim)",
                    days=days,
                ),
            )
