"""Boavizta BoAmps reports (JSON, and the flattened CSV form): each energy measure as a stage footprint, and back.

A BoAmps report describes one AI task (its stage, request count, algorithms and datasets), one or more
energy measures of that task, the infrastructure it ran on and the electricity it used. Reading gives one
footprint per measure, each with the task's stage, the infrastructure's hardware and location and the
environment's carbon intensity; several measures of one task are alternatives (two tools), never added up.
Older reports (`$$key`, `value` and `unit` on measures, a top-level `hardware` list, numbers written as text)
are read where their meaning is plain. Which field carries which slot, and the units, come from the boamps
crosswalk; writing gives a report valid against the current BoAmps schema, filling what it requires.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from aistd.conversion.fields import (
    FieldRule,
    enum_values,
    field_rules,
    from_slot_value,
    reverse_enum_values,
    tidy,
    to_slot_value,
)
from aistd.conversion.formats.base import UNKNOWN_ENTITY, disclosure_shell, instant, normalised, slug
from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
from aistd.knowledge import artifacts
from aistd.knowledge.crosswalks import rows
from aistd.knowledge.units import magnitude
from aistd.load import LoadError, parse_text, value_positions

VOCABULARY = "boamps"
PREFIX = "boamps:"
CARRYING = ("skos:exactMatch", "skos:closeMatch")
# how older reports spell the units they state, as UCUM codes
UNIT_SPELLINGS = {
    "Wh": "W.h",
    "kWh": "kW.h",
    "MWh": "MW.h",
    "J": "J",
    "kJ": "kJ",
    "MJ": "MJ",
    "gCO2eq/kWh": "g{CO2eq}/(kW.h)",
    "gCO2e/kWh": "g{CO2eq}/(kW.h)",
    "kgCO2eq/kWh": "kg{CO2eq}/(kW.h)",
}
# older report layouts: the key they used -> the current key
MEASURE_ALIASES = {"$$key": "measurementMethod", "value": "powerConsumption"}
COMPONENT_ALIASES = {"$$key": "componentType", "items": "nbComponent"}
ALGORITHM_ALIASES = {"$$key": "algorithmName"}
SECTIONS = ("header", "task", "measures", "infrastructure", "environment", "quality", "hardware")
IGNORED = ("$schema",)  # names the schema the file claims; not data
DAY = 86400
PLACEHOLDER_PERIOD = {"start_date": "1970-01-01", "end_date": "9999-12-31"}  # what disclosure_shell fills


# --- the crosswalk ----------------------------------------------------------------------------------


def _rule(path: str) -> FieldRule | None:
    """The slot a BoAmps field carries (exact or close match only), by its path without brackets."""
    rule = field_rules(VOCABULARY).get(PREFIX + path)
    return rule if rule is not None and rule.predicate in CARRYING else None


@cache
def _related(slot: str) -> frozenset[str]:
    """BoAmps fields only related to a slot (recorded in its text, e.g. tracking modes in `method`)."""
    return frozenset(
        row["object_id"].removeprefix(PREFIX)
        for row in rows(VOCABULARY)
        if row["subject_id"] == f"aistd:{slot}" and row["predicate_id"] == "skos:relatedMatch"
    )


@cache
def _location_slots() -> frozenset[str]:
    """The slots of a canonical Location."""
    schema = json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))
    return frozenset(schema["$defs"]["Location"]["properties"])


@cache
def _enum(name: str) -> tuple[str, ...]:
    """The values of a canonical enum, from the published JSON Schema."""
    schema = json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))
    return tuple(schema["$defs"][name]["enum"])


def _with_unit(rule: FieldRule, unit: str) -> FieldRule:
    return FieldRule(rule.field, rule.slot, rule.predicate, None, unit, rule.boundary, rule.provisional)


# --- small helpers ----------------------------------------------------------------------------------


def _number(value: Any) -> float | int | None:
    """A number, also when an older report writes it as text; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return tidy(number) if number == number and abs(number) != float("inf") else None
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _country(text: str) -> str | None:
    """An ISO 3166-1 alpha-2 code for a country name or code, when it can be told."""
    try:
        import pycountry
    except ImportError:
        code = text.strip().upper()
        return code if re.fullmatch(r"[A-Z]{2}", code) else None
    try:
        return str(pycountry.countries.lookup(text.strip()).alpha_2)
    except LookupError:
        return None


# --- reading ----------------------------------------------------------------------------------------


@dataclass
class _Read:
    """The report being read, and what reading collects."""

    report: dict[str, Any]
    positions: dict[str, tuple[int, int]]
    losses: list[Loss] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    origins: dict[str, tuple[int, int]] = field(default_factory=dict)

    def lose(self, where: str, value: Any, reason: str) -> None:
        if not _blank(value):
            self.losses.append(Loss(where, value, reason))

    def place(self, canonical: str, source: str) -> None:
        if source in self.positions:
            self.origins[canonical] = self.positions[source]


@dataclass
class _Task:
    """What the task and the report-wide sections give every footprint."""

    stage: str = "other"
    stage_fill: str | None = None  # why the stage had to be filled, when it had to
    common: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # slot (or slot/sub) -> source pointer
    hardware: list[tuple[dict[str, Any], dict[str, str]]] = field(default_factory=list)
    systems: list[dict[str, Any]] = field(default_factory=list)


def _section(read: _Read, key: str) -> dict[str, Any]:
    value = read.report.get(key)
    if value is not None and not isinstance(value, dict):
        read.lose(f"/{key}", value, f"{key} is not an object")
        return {}
    return value or {}


def _slot_of(path: str) -> str | None:
    """The aistd slot the crosswalk gives a BoAmps field, by its path without brackets."""
    rule = _rule(path)
    return None if rule is None else rule.slot


def _read_header(read: _Read) -> tuple[str | None, str | None]:
    """The report id and publisher; the issue date goes on the disclosure later."""
    header = _section(read, "header")
    identifier = entity = None
    for key, value in header.items():
        at = f"/header/{_escape(key)}"
        slot = _slot_of(f"header.{key}")
        if key == "publisher" and isinstance(value, dict):
            entity = _read_publisher(read, value, at)
        elif slot == "id" and isinstance(value, str) and value.strip():
            identifier = value.strip()
            read.place("/id", at)
        elif slot != "issued":
            read.lose(at, value, f"header {key}: no aistd slot")
    return identifier, entity


def _read_publisher(read: _Read, publisher: dict[str, Any], at: str) -> str | None:
    entity = None
    for key, value in publisher.items():
        if _slot_of(f"header.publisher.{key}") == "reporting_entity" and isinstance(value, str) and value.strip():
            entity = value
            read.place("/reporting_entity/name", f"{at}/{_escape(key)}")
        else:
            read.lose(f"{at}/{_escape(key)}", value, f"publisher {key}: no aistd slot")
    return entity


def _issued(read: _Read, disclosure: dict[str, Any]) -> None:
    """The report's date and time, kept as the disclosure's issue date."""
    for key, value in _section(read, "header").items():
        if _slot_of(f"header.{key}") != "issued":
            continue
        moment = instant(value)
        if moment is not None:
            disclosure["issued"] = moment.date().isoformat()
            read.place("/issued", f"/header/{_escape(key)}")
        else:
            read.lose(f"/header/{_escape(key)}", value, "not a date and time (YYYY-MM-DD HH:MM:SS)")


def _stage(read: _Read, text: Any) -> tuple[str, str | None]:
    """The first stage of taskStage ('training+inference' names two; the measures do not say how they split)."""
    if not isinstance(text, str) or not text.strip():
        return "other", "the report states no taskStage"
    parts = [part.strip() for part in text.split("+") if part.strip()]
    if len(parts) > 1:
        read.losses.append(
            Loss(
                "/task/taskStage",
                text,
                "a joint stage: the measures do not say how their energy splits between the stages, so each "
                f"footprint carries the first, {parts[0]!r}",
            )
        )
    known = {
        normalised(k).replace("-", ""): v
        for k, v in enum_values(VOCABULARY, PREFIX + "taskStage", "LifecycleStage").items()
    }
    first = normalised(parts[0])
    stage = known.get(first.replace("-", "")) or (first if first in _enum("LifecycleStage") else None)
    if stage is None:
        return "other", f"taskStage {parts[0]!r} names no aistd stage"
    return stage, None


def _read_task(read: _Read, task: _Task) -> None:
    """Stage, request count, description and algorithms; the rest of the task is reported."""
    section = _section(read, "task")
    stage_keys = [key for key in section if _slot_of(f"task.{key}") == "stage"]
    task.stage, task.stage_fill = _stage(read, section.get(stage_keys[0]) if stage_keys else None)
    for key, value in section.items():
        at = f"/task/{_escape(key)}"
        slot = _slot_of(f"task.{key}")
        if slot == "stage" or _blank(value):
            continue
        if key == "algorithms" and isinstance(value, list):
            _read_algorithms(read, task, value)
        elif key == "dataset" and isinstance(value, list):
            _dataset_requests(read, task, value)
        elif slot == "functional_unit_count":
            _requests(read, task, value, at)
        elif slot == "description" and isinstance(value, str):
            task.common["description"], task.sources["description"] = value, at
        elif key == "measuredAccuracy":
            reason = "aistd keeps a task score in a frugality result, which needs a named benchmark; BoAmps names none"
            read.lose(at, value, reason)
        else:
            read.lose(at, value, f"task {key}: no aistd slot")


def _requests(read: _Read, task: _Task, value: Any, at: str) -> None:
    rule, number = _rule("task.nbRequest"), _number(value)
    if rule is None or number is None or number <= 0:
        read.lose(at, value, "nbRequest: not a positive count of requests")
        return
    task.common["functional_unit_count"] = to_slot_value(rule, number)
    task.common["functional_unit"] = "request"
    task.sources["functional_unit_count"] = at


def _dataset_requests(read: _Read, task: _Task, datasets: list[Any]) -> None:
    """Datasets have no aistd home; an older report's inferenceProperties[].nbRequest is the request count."""
    for index, item in enumerate(datasets):
        at = f"/task/dataset/{index}"
        properties = item.get("inferenceProperties") if isinstance(item, dict) else None
        counts = [
            p.get("nbRequest") for p in properties or [] if isinstance(p, dict) and not _blank(p.get("nbRequest"))
        ]
        if len(counts) == 1 and "functional_unit_count" not in task.common:
            _requests(read, task, counts[0], f"{at}/inferenceProperties/0/nbRequest")
            rest = {k: v for k, v in item.items() if k != "inferenceProperties"}
            read.lose(at, rest, "dataset description: no aistd slot")
        else:
            read.lose(at, item, "dataset description: no aistd slot")


def _read_algorithms(read: _Read, task: _Task, algorithms: list[Any]) -> None:
    """Each named algorithm or foundation model as an AI system, with its parameter count."""
    for index, raw in enumerate(algorithms):
        at = f"/task/algorithms/{index}"
        if not isinstance(raw, dict):
            read.lose(at, raw, "an algorithm that is not an object")
            continue
        item = {ALGORITHM_ALIASES.get(key, key): value for key, value in raw.items()}
        spelled = {ALGORITHM_ALIASES.get(key, key): key for key in raw}
        name_key = next(
            (k for k in ("foundationModelName", "algorithmName") if isinstance(item.get(k), str) and item[k].strip()),
            None,
        )
        if name_key is None:
            read.lose(at, item, "an algorithm with no name: no AI system to attach it to")
            continue
        taken = {other["id"] for other in task.systems}
        identifier = slug(item[name_key], "system")
        identifier = (
            next(f"{identifier}-{n}" for n in range(2, len(taken) + 3) if f"{identifier}-{n}" not in taken)
            if identifier in taken
            else identifier
        )
        system = {"id": identifier, "name": item[name_key]}
        sources = {"name": f"{at}/{_escape(spelled[name_key])}"}
        for key, value in item.items():
            if key == name_key or _blank(value):
                continue
            rule = _rule(f"algorithms.{key}")
            number = _number(value)
            if rule is not None and rule.slot == "parameter_count" and number is not None and number >= 0:
                system["parameter_count"] = to_slot_value(rule, number)
                sources["parameter_count"] = f"{at}/{key}"
            else:
                read.lose(f"{at}/{_escape(key)}", value, f"algorithm {key}: no aistd slot")
        task.systems.append(system)
        for slot, pointer in sources.items():
            read.place(f"/ai_systems/{len(task.systems) - 1}/{slot}", pointer)


def _read_infrastructure(read: _Read, task: _Task) -> None:
    section = _section(read, "infrastructure")
    for key, value in section.items():
        at = f"/infrastructure/{_escape(key)}"
        slot = _slot_of(f"infrastructure.{key}")
        if key == "components" and isinstance(value, list):
            _read_components(read, task, value, "/infrastructure/components")
        elif slot in _location_slots() and isinstance(value, str) and value.strip():
            task.common.setdefault("location", {})[slot] = value
            task.sources[f"location/{slot}"] = at
        else:
            read.lose(at, value, f"infrastructure {key}: no aistd slot")
    old = read.report.get("hardware")
    if isinstance(old, list):
        _read_components(read, task, old, "/hardware")


def _read_components(read: _Read, task: _Task, components: list[Any], base: str) -> None:
    for index, item in enumerate(components):
        at = f"{base}/{index}"
        if not isinstance(item, dict):
            read.lose(at, item, "a component that is not an object")
            continue
        hardware, sources = _component(read, item, at)
        task.hardware.append((hardware, sources))


def _component(read: _Read, item: dict[str, Any], at: str) -> tuple[dict[str, Any], dict[str, str]]:
    """One component as a hardware item: type, model, count and share."""
    fields = {COMPONENT_ALIASES.get(k, k): (v, f"{at}/{_escape(k)}") for k, v in item.items() if not _blank(v)}
    known_types = enum_values(VOCABULARY, PREFIX + "componentType", "HardwareType")
    name = fields.get("componentName")
    if "componentType" not in fields and name and isinstance(name[0], str) and name[0].strip().lower() in known_types:
        fields["componentType"] = fields.pop("componentName")  # older reports name the type in componentName
    hardware: dict[str, Any] = {"hardware_type": "other"}
    sources: dict[str, str] = {}
    for key, (value, pointer) in fields.items():
        rule = _rule(f"infrastructure.components.{key}")
        slot_value = _component_value(read, rule, key, value, pointer)
        if slot_value is not None and rule is not None:
            hardware[rule.slot], sources[rule.slot] = slot_value, pointer
    if "hardware_type" not in sources:
        read.fills.append(Fill(f"{at}/componentType", "other", "the component states no type"))
    return hardware, sources


def _component_value(read: _Read, rule: FieldRule | None, key: str, value: Any, pointer: str) -> Any:
    if rule is None:
        read.lose(pointer, value, f"component {key}: no aistd slot")
        return None
    if rule.slot == "hardware_type":
        text = normalised(str(value))
        kind = enum_values(VOCABULARY, PREFIX + "componentType", "HardwareType").get(text)
        kind = kind or (text if text in _enum("HardwareType") else None)
        if kind is None:
            read.fills.append(Fill(pointer, "other", f"componentType {value!r} names no aistd hardware type"))
        return kind or "other"
    if rule.slot == "hardware_model":
        return str(value)
    number = _number(value)
    if number is None or (rule.slot == "hardware_count" and (number != int(number) or number < 1)):
        read.lose(pointer, value, f"component {key}: not a valid {rule.slot}")
        return None
    return int(number) if rule.slot == "hardware_count" else to_slot_value(rule, number)


def _read_environment(read: _Read, task: _Task) -> None:
    section = _section(read, "environment")
    unit = section.get("powerSourceCarbonIntensityUnit")
    for key, value in section.items():
        at = f"/environment/{_escape(key)}"
        if _blank(value) or key == "powerSourceCarbonIntensityUnit":
            continue
        slot = _slot_of(f"environment.{key}")
        if slot == "country" and isinstance(value, str):
            code = _country(value)
            if code is None:
                read.lose(at, value, "country: not a country name or ISO 3166 code that can be told")
            else:
                task.common.setdefault("location", {})["country"] = code
                task.sources["location/country"] = at
        elif slot == "grid_carbon_intensity":
            _intensity(read, task, value, unit, f"environment.{key}", at)
        else:
            read.lose(at, value, f"environment {key}: no aistd slot")


def _intensity(read: _Read, task: _Task, value: Any, unit: Any, path: str, at: str) -> None:
    rule, number = _rule(path), _number(value)
    code = UNIT_SPELLINGS.get(unit) if isinstance(unit, str) else None
    if rule is None or number is None or (unit is not None and code is None):
        read.lose(at, value, f"powerSourceCarbonIntensity: not a number in a known unit ({unit or 'gCO2eq/kWh'})")
        return
    task.common["grid_carbon_intensity"] = to_slot_value(_with_unit(rule, code) if code else rule, number)
    task.sources["grid_carbon_intensity"] = at


def _read_quality(read: _Read, task: _Task) -> None:
    value = read.report.get("quality")
    if _blank(value):
        return
    grade = enum_values(VOCABULARY, PREFIX + "quality", "DataQuality").get(str(value).strip().lower())
    if grade is None:
        read.lose("/quality", value, "quality: not high, medium or low")
        return
    task.common["data_quality"], task.sources["data_quality"] = grade, "/quality"


def _measure(read: _Read, task: _Task, index: int, measure: dict[str, Any], at: str) -> dict[str, Any]:
    """One measure as a footprint of the task."""
    footprint: dict[str, Any] = {"id": f"measure-{index + 1}", "stage": task.stage}
    fields = {MEASURE_ALIASES.get(k, k): (v, f"{at}/{_escape(k)}") for k, v in measure.items() if not _blank(v)}
    unit = fields.pop("unit", None)
    notes, start = [], None
    for key, (value, pointer) in fields.items():
        if f"measures.{key}" in _related("method"):
            notes.append(f"{key}: {value}")
            continue
        rule = _rule(f"measures.{key}")
        if rule is None:
            read.lose(pointer, value, f"measure {key}: no aistd slot")
        elif rule.slot in ("tool", "version"):
            footprint.setdefault("tool", {})["name" if rule.slot == "tool" else "version"] = str(value)
            read.place(f"/footprints/{index}/tool/{'name' if rule.slot == 'tool' else 'version'}", pointer)
        elif rule.slot == "period":
            start = instant(value)
            if start is None:
                read.lose(pointer, value, f"{key}: not a date and time")
            else:
                read.place(f"/footprints/{index}/period/start_date", pointer)
        else:
            _measure_quantity(read, footprint, rule, value, pointer, unit if key == "powerConsumption" else None, index)
    if notes:
        footprint["method"] = "; ".join(notes)
    if "tool" in footprint and "name" not in footprint["tool"]:
        read.lose(f"{at}/version", footprint.pop("tool").get("version"), "a tool version without the tool's name")
    _period(footprint, start)
    return footprint


def _measure_quantity(
    read: _Read,
    footprint: dict[str, Any],
    rule: FieldRule,
    value: Any,
    pointer: str,
    unit: tuple[Any, str] | None,
    index: int,
) -> None:
    number = _number(value)
    code = UNIT_SPELLINGS.get(unit[0]) if unit and isinstance(unit[0], str) else None
    if number is None or number < 0 or (unit is not None and code is None):
        stated = f" in {unit[0]!r}" if unit else ""
        read.lose(pointer, value, f"{rule.slot}: not a non-negative number{stated} in a known unit")
        return
    footprint[rule.slot] = to_slot_value(_with_unit(rule, code) if code else rule, number)
    read.place(f"/footprints/{index}/{rule.slot}", pointer)
    read.place(f"/footprints/{index}/{rule.slot}/value", pointer)


def _period(footprint: dict[str, Any], start: datetime | None) -> None:
    """The days from the start of the measurement to its end (start + duration)."""
    if start is None:
        return
    seconds = magnitude(footprint, "duration") or 0
    try:
        end = start + timedelta(seconds=seconds) - timedelta(microseconds=1 if seconds > 0 else 0)
    except OverflowError:  # a duration that ends after the year 9999: no period (the duration stays)
        return
    footprint["period"] = {"start_date": start.date().isoformat(), "end_date": end.date().isoformat()}


def _complete(read: _Read, task: _Task, footprint: dict[str, Any], index: int) -> None:
    """Add what the report gives every measure, and what the schema requires beside it."""
    for slot, value in task.common.items():
        footprint[slot] = json.loads(json.dumps(value))
    if len(task.systems) == 1:
        footprint["system"] = task.systems[0]["id"]
    if task.hardware:
        footprint["hardware"] = [json.loads(json.dumps(item)) for item, _ in task.hardware]
    if "energy_consumption" in footprint:
        footprint["energy_boundary"] = "compute-node"
        read.fills.append(
            Fill(
                f"/footprints/{index}/energy_boundary",
                "compute-node",
                "BoAmps states no boundary: a software meter (CodeCarbon) or a plug wattmeter covers one machine",
            )
        )
    if task.stage_fill is not None:
        read.fills.append(Fill(f"/footprints/{index}/stage", "other", task.stage_fill))
    for key, pointer in task.sources.items():
        read.place(f"/footprints/{index}/{key}", pointer)
        if isinstance(footprint.get(key), dict):
            read.place(f"/footprints/{index}/{key}/value", pointer)
    for position, (_, sources) in enumerate(task.hardware):
        for slot, pointer in sources.items():
            read.place(f"/footprints/{index}/hardware/{position}/{slot}", pointer)


def _measures(read: _Read) -> list[tuple[int, dict[str, Any]]]:
    measures = read.report.get("measures")
    if not isinstance(measures, list):
        read.lose("/measures", measures, "measures is not a list")
        return []
    found = []
    for index, item in enumerate(measures):
        if isinstance(item, dict):
            found.append((index, item))
        else:
            read.lose(f"/measures/{index}", item, "a measure that is not an object")
    return found


def _other_sections(read: _Read) -> None:
    for key, value in read.report.items():
        if key not in SECTIONS and key not in IGNORED and key != "quality":
            read.lose(f"/{_escape(key)}", value, f"{key}: no aistd slot")


def read_report(report: Any, positions: dict[str, tuple[int, int]]) -> Conversion:
    """A parsed BoAmps report as a canonical disclosure."""
    if not isinstance(report, dict) or not isinstance(report.get("measures"), list):
        raise ConversionError("not a BoAmps report: no `measures` list at the top", 1, 1)
    read, task = _Read(report, positions), _Task()
    identifier, entity = _read_header(read)
    _read_task(read, task)
    _read_infrastructure(read, task)
    _read_environment(read, task)
    _read_quality(read, task)
    _other_sections(read)
    footprints = []
    for index, measure in _measures(read):
        footprint = _measure(read, task, len(footprints), measure, f"/measures/{index}")
        _complete(read, task, footprint, len(footprints))
        footprints.append(footprint)
    if identifier is None:
        identifier = "urn:aistd:boamps:report"
        read.fills.append(Fill("/id", identifier, "the report has no reportId"))
    periods = [fp["period"] for fp in footprints if "period" in fp]
    start = min((p["start_date"] for p in periods), default=None)
    end = max((p["end_date"] for p in periods), default=None)
    disclosure = disclosure_shell(identifier, start, end, read.fills, entity)
    if "header" in report:
        _issued(read, disclosure)
    if task.systems:
        disclosure["ai_systems"] = task.systems
    if footprints:
        disclosure["footprints"] = footprints
    return Conversion("boamps", "aistd", disclosure, read.losses, read.fills, read.origins)


# --- the flattened CSV form -------------------------------------------------------------------------


def _unflatten(text: str) -> tuple[dict[str, Any], dict[str, tuple[int, int]], list[Loss]]:
    """The report rebuilt from a CSV whose columns are paths (`measures_0_powerConsumption`): first data row."""
    reader = csv.reader(io.StringIO(text))
    try:
        table = list(reader)
    except csv.Error as error:  # e.g. a bare carriage return inside a field
        raise ConversionError(f"unreadable CSV: {error}", reader.line_num, 1) from None
    if len(table) < 2 or not any(cell.strip() for cell in table[1]):
        raise ConversionError("a flattened BoAmps CSV needs a header row and a data row", 1, 1)
    header, row = table[0], table[1]
    if len(row) != len(header):
        raise ConversionError(f"the data row has {len(row)} cells for {len(header)} columns", 2, 1)
    tree: dict[str, Any] = {}
    positions: dict[str, tuple[int, int]] = {}
    for column, (name, cell) in enumerate(zip(header, row, strict=True), start=1):
        if cell.strip():
            parts = name.strip().split("_")
            _insert(tree, parts, cell)
            positions["/" + "/".join(_escape(p) for p in parts)] = (2, column)
    extra = [
        Loss(f"/rows/{n}", None, "one report per conversion: convert the other rows separately")
        for n in range(3, len(table) + 1)
        if any(c.strip() for c in table[n - 1])
    ]
    return _listify(tree), positions, extra


def _insert(tree: dict[str, Any], parts: list[str], value: str) -> None:
    node = tree
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ConversionError(f"column {'_'.join(parts)} clashes with a value column", 1, 1)
    node[parts[-1]] = value


def _listify(node: Any) -> Any:
    """Objects keyed 0, 1, 2... back into lists."""
    if not isinstance(node, dict):
        return node
    items = {key: _listify(value) for key, value in node.items()}
    if items and all(key.isdigit() for key in items):
        return [items[key] for key in sorted(items, key=int)]
    return items


# --- writing ----------------------------------------------------------------------------------------

FOOTPRINT_SLOTS = frozenset(
    {
        "id",
        "stage",
        "system",
        "period",
        "energy_consumption",
        "duration",
        "cpu_utilization",
        "accelerator_utilization",
        "tool",
        "hardware",
        "location",
        "grid_carbon_intensity",
        "functional_unit",
        "functional_unit_count",
        "data_quality",
        "description",
        "method",
    }
)
TOP_SLOTS = frozenset(
    {"id", "schema_version", "reporting_entity", "reporting_period", "issued", "ai_systems", "footprints"}
)


def _field_name(rule: FieldRule) -> str:
    """The last key of a field's path (`measures.powerConsumption` -> powerConsumption)."""
    return rule.field.removeprefix(PREFIX).rsplit(".", 1)[-1]


def _key(slot: str) -> str:
    """The BoAmps key written for a slot (the last part of its field's path)."""
    return _field_name(_writing_rules()[slot])


@cache
def _writing_rules() -> dict[str, FieldRule]:
    """Slot -> the BoAmps field written for it (BoAmps fields only, exact or close)."""
    found: dict[str, FieldRule] = {}
    for rule in field_rules(VOCABULARY).values():
        if rule.field.startswith(PREFIX) and rule.predicate in CARRYING:
            current = found.get(rule.slot)
            if current is None or (CARRYING.index(rule.predicate), rule.field) < (
                CARRYING.index(current.predicate),
                current.field,
            ):
                found[rule.slot] = rule
    return found


@dataclass
class _Writer:
    disclosure: dict[str, Any]
    losses: list[Loss] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    shared: dict[str, tuple[Any, str]] = field(default_factory=dict)  # report-wide value -> (value, where first)

    def fill(self, where: str, value: Any, reason: str) -> Any:
        self.fills.append(Fill(where, value, reason))
        return value

    def report(self) -> dict[str, Any]:
        footprints = _records(self.disclosure, "footprints")
        measured = [(i, fp) for i, fp in footprints if magnitude(fp, "energy_consumption") is not None]
        if not measured:
            raise ConversionError(
                "a BoAmps report needs at least one energy measure; the disclosure has no energy figure"
            )
        for index, footprint in footprints:
            if magnitude(footprint, "energy_consumption") is None:
                self.losses.append(Loss(f"/footprints/{index}", footprint, "BoAmps measures need an energy figure"))
        report: dict[str, Any] = {"header": self._header()}
        report["task"] = self._task([fp for _, fp in measured], measured)
        report["measures"] = [self._measure(i, fp) for i, fp in measured]
        report["infrastructure"] = self._infrastructure(measured)
        environment = self._environment(measured)
        if environment:
            report["environment"] = environment
        quality = self._shared(measured, "data_quality")
        if quality is not None:
            grade = reverse_enum_values(VOCABULARY, PREFIX + "quality", "DataQuality").get(quality)
            report[_key("data_quality")] = grade
        for key, value in self.disclosure.items():
            if key not in TOP_SLOTS:
                self.losses.append(Loss(f"/{key}", value, "a BoAmps report has no place for it"))
        return report

    def _header(self) -> dict[str, Any]:
        d = self.disclosure
        header: dict[str, Any] = {}
        if isinstance(d.get("id"), str):
            header[_key("id")] = d["id"]
        issued = d.get("issued")
        if isinstance(issued, str):
            header[_key("issued")] = self.fill(
                "/issued", f"{issued} 00:00:00", "BoAmps wants the report's date and time: the issue day at 00:00"
            )
        else:
            end = (d.get("reporting_period") or {}).get("end_date", "1970-01-01")
            header[_key("issued")] = self.fill(
                "/header/reportDatetime",
                f"{end} 00:00:00",
                "BoAmps requires the report's date: the reporting period's end",
            )
        entity = d.get("reporting_entity") if isinstance(d.get("reporting_entity"), dict) else {}
        publisher: dict[str, Any] = {}
        if isinstance(entity.get("name"), str) and entity["name"] != UNKNOWN_ENTITY:
            publisher[_key("reporting_entity")] = entity["name"]
        for key, value in entity.items():
            if key != "name":
                self.losses.append(Loss(f"/reporting_entity/{key}", value, "BoAmps names the publisher only"))
        publisher["confidentialityLevel"] = self.fill(
            "/header/publisher/confidentialityLevel",
            "public",
            "BoAmps requires a confidentiality level; a disclosure is public",
        )
        header["publisher"] = publisher
        period = d.get("reporting_period")
        if isinstance(period, dict) and period != PLACEHOLDER_PERIOD:
            self.losses.append(
                Loss("/reporting_period", period, "BoAmps has no reporting period: the measures' dates stand for it")
            )
        return header

    def _task(self, footprints: list[dict[str, Any]], measured: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
        stages = []
        for footprint in footprints:
            stage = footprint.get("stage") if isinstance(footprint.get("stage"), str) else "other"
            spelled = reverse_enum_values(VOCABULARY, PREFIX + "taskStage", "LifecycleStage").get(stage, stage)
            if spelled not in stages:
                stages.append(spelled)
        if len(stages) > 1:
            self.losses.append(
                Loss(
                    "/footprints/*/stage",
                    stages,
                    "BoAmps has one task per report: stages joined with '+', which measure is which stage is lost",
                )
            )
        task: dict[str, Any] = {_key("stage"): "+".join(stages)}
        task["taskFamily"] = self.fill(
            "/task/taskFamily", "unspecified", "BoAmps requires a task family; aistd has none"
        )
        count = self._shared(measured, "functional_unit_count", lambda fp: fp.get("functional_unit") == "request")
        if count is not None:
            task[_key("functional_unit_count")] = count
        task["algorithms"] = self._algorithms()
        task["dataset"] = self.fill(
            "/task/dataset",
            [{"dataUsage": "input", "dataType": "other"}],
            "BoAmps requires a dataset; aistd describes none",
        )
        description = self._shared(measured, "description")
        if description is not None:
            task[_key("description")] = description
        return task

    def _algorithms(self) -> list[dict[str, Any]]:
        """Each AI system as an algorithm: a foundation model's name for general-purpose models."""
        algorithms = [self._algorithm(index, system) for index, system in _records(self.disclosure, "ai_systems")]
        if not algorithms:
            algorithms = self.fill(
                "/task/algorithms", [{}], "BoAmps requires at least one algorithm; the disclosure names no AI system"
            )
        return algorithms

    def _algorithm(self, index: int, system: dict[str, Any]) -> dict[str, Any]:
        item: dict[str, Any] = {}
        carried = set()
        general = str(system.get("system_type", "")).startswith("general-purpose")
        if isinstance(system.get("name"), str):
            item["foundationModelName" if general else "algorithmName"] = system["name"]
            carried.add("name")
        rule = _writing_rules().get("parameter_count")
        number = from_slot_value(rule, system.get("parameter_count")) if rule is not None else None
        if isinstance(number, int | float) and not isinstance(number, bool):
            item[_field_name(rule)] = number
            carried.add("parameter_count")
        if system.get("id") == slug(str(system.get("name", "")), "system"):
            carried.add("id")  # read back from the name
        for key, value in system.items():
            if key not in carried:
                reason = "BoAmps algorithms carry a name and a numeric parameter count only"
                self.losses.append(Loss(f"/ai_systems/{index}/{key}", value, reason))
        return item

    def _measure(self, index: int, footprint: dict[str, Any]) -> dict[str, Any]:
        at = f"/footprints/{index}"
        measure: dict[str, Any] = {}
        tool = footprint.get("tool") if isinstance(footprint.get("tool"), dict) else self._methodology_tool()
        measure[_key("tool")] = tool.get("name") or self.fill(
            f"{at}/tool/name", "unknown", "BoAmps requires a measurement method; the footprint names no tool"
        )
        if tool.get("version"):
            measure[_key("version")] = tool["version"]
        for key, value in tool.items():
            if key not in ("name", "version"):
                self.losses.append(Loss(f"{at}/tool/{key}", value, "BoAmps names a tool and its version only"))
        for slot in ("energy_consumption", "duration", "cpu_utilization", "accelerator_utilization"):
            rule = _writing_rules().get(slot)
            if rule is not None and footprint.get(slot) is not None:
                number = from_slot_value(rule, footprint[slot])
                if isinstance(number, int | float):
                    measure[_field_name(rule)] = number
                else:
                    self.losses.append(Loss(f"{at}/{slot}", footprint[slot], "not convertible to BoAmps' unit"))
        self._measure_time(measure, footprint, at)
        for key, value in footprint.items():
            if key not in FOOTPRINT_SLOTS:
                self.losses.append(Loss(f"{at}/{key}", value, "a BoAmps measure has no place for it"))
        if footprint.get("method"):
            self.losses.append(Loss(f"{at}/method", footprint["method"], "BoAmps has no method text"))
        if footprint.get("functional_unit_count") is not None and footprint.get("functional_unit") != "request":
            self.losses.append(
                Loss(f"{at}/functional_unit_count", footprint["functional_unit_count"], "BoAmps counts requests only")
            )
        if footprint.get("id") != f"measure-{index + 1}":
            self.losses.append(
                Loss(f"{at}/id", footprint.get("id"), f"BoAmps measures have no id (read back as measure-{index + 1})")
            )
        return measure

    def _methodology_tool(self) -> dict[str, Any]:
        """The disclosure-wide tool stands for a footprint's own when it names none."""
        methodology = self.disclosure.get("methodology")
        tool = methodology.get("tool") if isinstance(methodology, dict) else None
        return tool if isinstance(tool, dict) else {}

    def _measure_time(self, measure: dict[str, Any], footprint: dict[str, Any], at: str) -> None:
        period = footprint.get("period") if isinstance(footprint.get("period"), dict) else None
        start = _day(period.get("start_date")) if period else None
        if start is None:
            return
        measure[_key("period")] = self.fill(
            f"{at}/period/start_date",
            f"{start.isoformat()} 00:00:00",
            "BoAmps wants a start time: the first day at 00:00",
        )
        seconds = magnitude(footprint, "duration") or 0
        try:
            end: date | None = (
                datetime(start.year, start.month, start.day)
                + timedelta(seconds=seconds)
                - timedelta(microseconds=1 if seconds else 0)
            ).date()
        except OverflowError:  # a duration that ends after the year 9999
            end = None
        if _day(period.get("end_date")) != end:
            self.losses.append(
                Loss(f"{at}/period/end_date", period.get("end_date"), "BoAmps gives a start time and a duration only")
            )

    def _infrastructure(self, measured: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
        infrastructure: dict[str, Any] = {
            "infraType": self.fill(
                "/infrastructure/infraType", "other", "BoAmps requires an infrastructure type; aistd has none"
            )
        }
        provider = self._shared(measured, "location", lambda fp: True, sub="cloud_provider")
        if provider is not None:
            infrastructure[_key("cloud_provider")] = provider
        components = []
        seen: list[Any] = []
        for index, footprint in measured:
            for k, item in enumerate(footprint.get("hardware") or []):
                if item in seen:
                    continue
                seen.append(item)
                components.append(self._component(item, f"/footprints/{index}/hardware/{k}"))
        if not components:
            components = self.fill(
                "/infrastructure/components",
                [{_key("hardware_type"): "other", _key("hardware_count"): 1}],
                "BoAmps requires a component; the disclosure lists no hardware",
            )
        infrastructure["components"] = components
        return infrastructure

    def _component(self, item: Any, at: str) -> dict[str, Any]:
        item = item if isinstance(item, dict) else {}
        kind = item.get("hardware_type", "other")
        spelled = reverse_enum_values(VOCABULARY, PREFIX + "componentType", "HardwareType").get(kind, kind)
        component: dict[str, Any] = {_key("hardware_type"): spelled}
        if isinstance(item.get("hardware_model"), str):
            component[_key("hardware_model")] = item["hardware_model"]
        count = item.get("hardware_count")
        component[_key("hardware_count")] = (
            count
            if isinstance(count, int) and count >= 1
            else self.fill(f"{at}/hardware_count", 1, "BoAmps requires a component count")
        )
        if item.get("hardware_share") is not None:
            component[_key("hardware_share")] = item["hardware_share"]
        for key, value in item.items():
            if key not in ("hardware_type", "hardware_model", "hardware_count", "hardware_share"):
                self.losses.append(Loss(f"{at}/{key}", value, "a BoAmps component has no place for it"))
        return component

    def _environment(self, measured: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
        environment: dict[str, Any] = {}
        country = self._shared(measured, "location", lambda fp: True, sub="country")
        intensity_rule = _writing_rules().get("grid_carbon_intensity")
        intensity = self._shared(measured, "grid_carbon_intensity")
        if intensity is not None and intensity_rule is not None:
            number = from_slot_value(intensity_rule, intensity)
            if isinstance(number, int | float):
                environment[_key("grid_carbon_intensity")] = number
        if country is not None:
            environment[_key("country")] = country
        elif environment:
            environment[_key("country")] = self.fill(
                "/environment/country", "unknown", "BoAmps requires a country beside the carbon intensity"
            )
        for index, footprint in measured:
            location = footprint.get("location") if isinstance(footprint.get("location"), dict) else {}
            for key, value in location.items():
                if key not in ("country", "cloud_provider"):
                    self.losses.append(
                        Loss(
                            f"/footprints/{index}/location/{key}",
                            value,
                            "BoAmps gives a country and a cloud provider only",
                        )
                    )
        return dict(sorted(environment.items(), key=lambda kv: kv[0] != _key("country")))

    def _shared(
        self, measured: list[tuple[int, dict[str, Any]]], slot: str, keep: Any = None, sub: str | None = None
    ) -> Any:
        """One report-wide value from the footprints: the first, with losses for any that differ."""
        chosen, first = None, None
        for index, footprint in measured:
            if keep is not None and not keep(footprint):
                continue
            value = footprint.get(slot)
            if sub is not None:
                value = value.get(sub) if isinstance(value, dict) else None
            if value is None:
                continue
            where = f"/footprints/{index}/{slot}" + (f"/{sub}" if sub else "")
            if first is None:
                chosen, first = value, where
            elif value != chosen:
                self.losses.append(Loss(where, value, f"BoAmps has one value per report; {first} is written"))
        return chosen


def _records(disclosure: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    items = disclosure.get(key)
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


class BoAmpsFormat:
    """Boavizta BoAmps reports (JSON; the flattened CSV form too)."""

    name = "boamps"
    vocabulary = VOCABULARY
    suffixes = (".json", ".csv")

    def sniff(self, path: str, text: str) -> bool:
        """A JSON object with `measures` beside `task`, `infrastructure` or `header`; or the flattened CSV header."""
        head = text.lstrip()[:200000]
        if head.startswith("{"):
            return '"measures"' in head and any(f'"{key}"' in head for key in ("task", "infrastructure", "header"))
        first = head.split("\n", 1)[0]
        return "measures_0_" in first and ("header_" in first or "task_" in first)

    def read(self, text: str, path: str) -> Conversion:
        """One footprint per measure, with the task's stage and the infrastructure's hardware and location."""
        if not text.lstrip().startswith("{") and self.sniff(path, text):
            report, positions, extra = _unflatten(text)
            conversion = read_report(report, positions)
            conversion.losses.extend(extra)
            return conversion
        try:
            document = parse_text(text, path if path.endswith(".json") else f"{path}.json")
        except LoadError as error:
            raise ConversionError(error.message, error.line, error.column) from None
        return read_report(document.data, value_positions(text))

    def write(self, disclosure: dict[str, Any]) -> Conversion:
        """A report valid against the current BoAmps schema; what it requires and the disclosure lacks is filled."""
        if not isinstance(disclosure, dict):
            raise ConversionError("a canonical disclosure is a mapping")
        writer = _Writer(disclosure)
        report = writer.report()
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        return Conversion("aistd", "boamps", text, writer.losses, writer.fills)
