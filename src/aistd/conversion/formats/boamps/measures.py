"""A BoAmps report's energy measures as stage footprints: each measure's figures, tool and time, completed
with what the report gives every measure (stage, hardware, location, intensity)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aistd.conversion.dates import instant, last_day
from aistd.conversion.fields import FieldRule, to_slot_value, with_unit
from aistd.conversion.formats.boamps.task import ReportReader, Task, is_blank
from aistd.conversion.formats.boamps.terms import MEASURE_ALIASES, field_rule, refusal, related_fields, report_number
from aistd.conversion.journal import Journal
from aistd.conversion.units import slot_unit_code
from aistd.knowledge.units import magnitude
from aistd.model.message import says
from aistd.model.pointer import escape

BOUNDARY_REASON = says(
    "BoAmps states no boundary: a software meter (CodeCarbon) or a plug wattmeter covers one machine"
)


def report_measures(read: ReportReader) -> list[tuple[int, dict[str, Any]]]:
    """The report's measures with their indexes; one that is not an object is reported lost."""
    measures = read.report.get("measures")
    if not isinstance(measures, list):
        read.lose("/measures", measures, says("{key} is not a list", key="measures"))
        return []
    found = []
    for index, item in enumerate(measures):
        if isinstance(item, dict):
            found.append((index, item))
        else:
            read.lose(f"/measures/{index}", item, says("a measure that is not an object"))
    return found


def measure_footprint(read: ReportReader, task: Task, index: int, measure: dict[str, Any], at: str) -> dict[str, Any]:
    """One measure as a footprint of the task."""
    footprint: dict[str, Any] = {"id": f"measure-{index + 1}", "stage": task.stage}
    fields = {MEASURE_ALIASES.get(k, k): (v, f"{at}/{escape(k)}") for k, v in measure.items() if not is_blank(v)}
    unit = fields.pop("unit", None)
    notes, start = [], None
    journal = read.journal
    for key, (value, pointer) in fields.items():
        if f"measures.{key}" in related_fields("method"):
            notes.append(f"{key}: {value}")
            continue
        rule = field_rule(f"measures.{key}")
        if rule is None:
            read.lose(pointer, value, says("measure {key}: no aistd slot", key=key))
        elif rule.slot in ("tool", "version"):
            part = "name" if rule.slot == "tool" else "version"
            footprint.setdefault("tool", {})[part] = str(value)
            journal.carried(f"/footprints/{index}/tool/{part}", pointer)
        elif rule.slot == "period":
            start = instant(value)
            if start is None:
                read.lose(pointer, value, says("{key}: not a date and time", key=key))
            else:
                journal.carried(f"/footprints/{index}/period/start_date", pointer)
        else:
            stated = unit if key == "powerConsumption" else None
            _measure_quantity(read, footprint, rule, value, pointer, stated, index)
    if notes:
        footprint["method"] = "; ".join(notes)
    if "tool" in footprint and "name" not in footprint["tool"]:
        reason = says("a tool version without the tool's name")
        read.lose(f"{at}/version", footprint.pop("tool").get("version"), reason)
    _period(footprint, start)
    return footprint


def _measure_quantity(
    read: ReportReader,
    footprint: dict[str, Any],
    rule: FieldRule,
    value: Any,
    pointer: str,
    unit: tuple[Any, str] | None,
    index: int,
) -> None:
    number = report_number(value)
    code = slot_unit_code(unit[0], rule.slot) if unit and isinstance(unit[0], str) else None
    converted = None if number is None else to_slot_value(with_unit(rule, code) if code else rule, number)
    if converted is None or number < 0 or (unit is not None and code is None):
        reason = (
            says("{slot}: not a non-negative number in {unit!r} in a known unit", slot=rule.slot, unit=unit[0])
            if unit
            else says("{slot}: not a non-negative number in a known unit", slot=rule.slot)
        )
        read.lose(pointer, value, refusal(value, rule.slot, reason))
        return
    footprint[rule.slot] = converted
    read.journal.carried(f"/footprints/{index}/{rule.slot}", pointer)
    read.journal.carried(f"/footprints/{index}/{rule.slot}/value", pointer)


def _period(footprint: dict[str, Any], start: datetime | None) -> None:
    """The days from the start of the measurement to its end (start + duration)."""
    if start is None:
        return
    end = last_day(start, magnitude(footprint, "duration", "s") or 0)
    if end is None:  # a duration that ends after the year 9999: no period (the duration stays)
        return
    footprint["period"] = {"start_date": start.date().isoformat(), "end_date": end.isoformat()}


def complete_footprint(journal: Journal, task: Task, footprint: dict[str, Any], index: int) -> None:
    """Add what the report gives every measure, and what the schema requires beside it."""
    for slot, value in task.common.items():
        footprint[slot] = json.loads(json.dumps(value))
    if len(task.systems) == 1:
        footprint["system"] = task.systems[0]["id"]
    if task.hardware:
        footprint["hardware"] = [json.loads(json.dumps(item)) for item, _ in task.hardware]
    if "energy_consumption" in footprint:
        footprint["energy_boundary"] = journal.filled(
            f"/footprints/{index}/energy_boundary", "compute-node", BOUNDARY_REASON
        )
    if task.stage_fill is not None:
        journal.filled(f"/footprints/{index}/stage", task.stage, task.stage_fill)
    for key, pointer in task.sources.items():
        journal.carried(f"/footprints/{index}/{key}", pointer)
        if isinstance(footprint.get(key), dict):
            journal.carried(f"/footprints/{index}/{key}/value", pointer)
    for position, (_, sources) in enumerate(task.hardware):
        for slot, pointer in sources.items():
            journal.carried(f"/footprints/{index}/hardware/{position}/{slot}", pointer)
