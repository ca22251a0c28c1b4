"""Reading a BoAmps report: the header, the task (stage, requests, algorithms as AI systems), the
infrastructure's hardware and location and the environment's carbon intensity, then one footprint per
energy measure; older layouts are read where their meaning is plain."""

from __future__ import annotations

from typing import Any

from aistd.conversion.countries import alpha_2
from aistd.conversion.dates import instant
from aistd.conversion.disclosure import STAGE_NOT_STATED, disclosure_shell, normalised, slug
from aistd.conversion.fields import FieldRule, enum_values, to_slot_value, with_unit
from aistd.conversion.formats.boamps.flattened import unflatten
from aistd.conversion.formats.boamps.measures import complete_footprint, measure_footprint, report_measures
from aistd.conversion.formats.boamps.task import ReportReader, Task, is_blank
from aistd.conversion.formats.boamps.terms import (
    ALGORITHM_ALIASES,
    COMPONENT_ALIASES,
    PREFIX,
    VOCABULARY,
    field_rule,
    refusal,
    report_number,
    slot_of,
)
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.conversion.slots import class_slots, enum_members
from aistd.conversion.units import slot_unit_code
from aistd.load import LoadError, parse_text, value_positions
from aistd.load.detect import looks_like
from aistd.model.message import says
from aistd.model.pointer import Position, escape

SECTIONS = ("header", "task", "measures", "infrastructure", "environment", "quality", "hardware")
IGNORED = ("$schema",)  # names the schema the file claims; not data


def _read_header(read: ReportReader) -> tuple[str | None, str | None]:
    """The report id and publisher; the issue date goes on the disclosure later."""
    identifier = entity = None
    for key, value in read.section("header").items():
        at = f"/header/{escape(key)}"
        slot = slot_of(f"header.{key}")
        if key == "publisher" and isinstance(value, dict):
            entity = _read_publisher(read, value, at)
        elif slot == "id" and isinstance(value, str) and value.strip():
            identifier = value.strip()
            read.journal.carried("/id", at)
        elif slot != "issued":
            read.lose(at, value, says("header {key}: no aistd slot", key=key))
    return identifier, entity


def _read_publisher(read: ReportReader, publisher: dict[str, Any], at: str) -> str | None:
    entity = None
    for key, value in publisher.items():
        if slot_of(f"header.publisher.{key}") == "reporting_entity" and isinstance(value, str) and value.strip():
            entity = value
            read.journal.carried("/reporting_entity/name", f"{at}/{escape(key)}")
        else:
            read.lose(f"{at}/{escape(key)}", value, says("publisher {key}: no aistd slot", key=key))
    return entity


def _issued(read: ReportReader, disclosure: dict[str, Any]) -> None:
    """The report's date and time, kept as the disclosure's issue date."""
    for key, value in read.section("header").items():
        if slot_of(f"header.{key}") != "issued":
            continue
        moment = instant(value)
        if moment is not None:
            disclosure["issued"] = moment.date().isoformat()
            read.journal.carried("/issued", f"/header/{escape(key)}")
        else:
            read.lose(f"/header/{escape(key)}", value, says("not a date and time ({form})", form="YYYY-MM-DD HH:MM:SS"))


def _stage(read: ReportReader, text: Any) -> tuple[str, str | None]:
    """The first stage of taskStage ('training+inference' names two; the measures do not say how they split)."""
    if not isinstance(text, str) or not text.strip():
        return STAGE_NOT_STATED, says("the report states no taskStage: not stated")
    parts = [part.strip() for part in text.split("+") if part.strip()]
    if len(parts) > 1:
        reason = says(
            "a joint stage: the measures do not say how their energy splits between the stages, so each "
            "footprint carries the first, {first!r}",
            first=parts[0],
        )
        read.lose("/task/taskStage", text, reason)
    known = {
        normalised(k).replace("-", ""): v
        for k, v in enum_values(VOCABULARY, PREFIX + "taskStage", "LifecycleStage").items()
    }
    first = normalised(parts[0])
    stage = known.get(first.replace("-", "")) or (first if first in enum_members("LifecycleStage") else None)
    if stage is None:
        return "other", says("taskStage {stage!r} names no aistd stage", stage=parts[0])
    return stage, None


def _read_task(read: ReportReader, task: Task) -> None:
    """Stage, request count, description and algorithms; the rest of the task is reported."""
    section = read.section("task")
    stage_keys = [key for key in section if slot_of(f"task.{key}") == "stage"]
    task.stage, task.stage_fill = _stage(read, section.get(stage_keys[0]) if stage_keys else None)
    for key, value in section.items():
        at = f"/task/{escape(key)}"
        slot = slot_of(f"task.{key}")
        if slot == "stage" or is_blank(value):
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
            reason = says(
                "aistd keeps a task score in a frugality result, which needs a named benchmark; BoAmps names none"
            )
            read.lose(at, value, reason)
        else:
            read.lose(at, value, says("task {key}: no aistd slot", key=key))


def _requests(read: ReportReader, task: Task, value: Any, at: str) -> None:
    rule, number = field_rule("task.nbRequest"), report_number(value)
    count = None if rule is None or number is None or number <= 0 else to_slot_value(rule, number)
    if count is None:
        reason = says("{field}: not a positive count of requests", field="nbRequest")
        read.lose(at, value, refusal(value, "nbRequest", reason))
        return
    task.common["functional_unit_count"] = count
    task.common["functional_unit"] = "request"
    task.sources["functional_unit_count"] = at


def _dataset_requests(read: ReportReader, task: Task, datasets: list[Any]) -> None:
    """Datasets have no aistd home; an older report's inferenceProperties[].nbRequest is the request count."""
    for index, item in enumerate(datasets):
        at = f"/task/dataset/{index}"
        properties = item.get("inferenceProperties") if isinstance(item, dict) else None
        counts = [
            p.get("nbRequest") for p in properties or [] if isinstance(p, dict) and not is_blank(p.get("nbRequest"))
        ]
        if len(counts) == 1 and "functional_unit_count" not in task.common:
            _requests(read, task, counts[0], f"{at}/inferenceProperties/0/nbRequest")
            rest = {k: v for k, v in item.items() if k != "inferenceProperties"}
            read.lose(at, rest, says("dataset description: no aistd slot"))
        else:
            read.lose(at, item, says("dataset description: no aistd slot"))


def _unique_id(name: str, systems: list[dict[str, Any]]) -> str:
    taken = {other["id"] for other in systems}
    identifier = slug(name, "system")
    if identifier not in taken:
        return identifier
    return next(f"{identifier}-{n}" for n in range(2, len(taken) + 3) if f"{identifier}-{n}" not in taken)


def _read_algorithms(read: ReportReader, task: Task, algorithms: list[Any]) -> None:
    """Each named algorithm or foundation model as an AI system, with its parameter count."""
    for index, raw in enumerate(algorithms):
        at = f"/task/algorithms/{index}"
        if not isinstance(raw, dict):
            read.lose(at, raw, says("an algorithm that is not an object"))
            continue
        item = {ALGORITHM_ALIASES.get(key, key): value for key, value in raw.items()}
        spelled = {ALGORITHM_ALIASES.get(key, key): key for key in raw}
        name_key = next(
            (k for k in ("foundationModelName", "algorithmName") if isinstance(item.get(k), str) and item[k].strip()),
            None,
        )
        if name_key is None:
            read.lose(at, item, says("an algorithm with no name: no AI system to attach it to"))
            continue
        system = {"id": _unique_id(item[name_key], task.systems), "name": item[name_key]}
        sources = {"name": f"{at}/{escape(spelled[name_key])}"}
        for key, value in item.items():
            if key == name_key or is_blank(value):
                continue
            rule = field_rule(f"algorithms.{key}")
            number = report_number(value)
            count = None
            if rule is not None and rule.slot == "parameter_count" and number is not None and number >= 0:
                count = to_slot_value(rule, number)  # None when billions of parameters leave the float range
            if count is not None:
                system["parameter_count"] = count
                sources["parameter_count"] = f"{at}/{key}"
            else:
                reason = refusal(
                    value, says("algorithm {key}", key=key), says("algorithm {key}: no aistd slot", key=key)
                )
                read.lose(f"{at}/{escape(key)}", value, reason)
        task.systems.append(system)
        for slot, pointer in sources.items():
            read.journal.carried(f"/ai_systems/{len(task.systems) - 1}/{slot}", pointer)


def _read_infrastructure(read: ReportReader, task: Task) -> None:
    for key, value in read.section("infrastructure").items():
        at = f"/infrastructure/{escape(key)}"
        slot = slot_of(f"infrastructure.{key}")
        if key == "components" and isinstance(value, list):
            _read_components(read, task, value, "/infrastructure/components")
        elif slot in class_slots("Location") and isinstance(value, str) and value.strip():
            task.common.setdefault("location", {})[slot] = value
            task.sources[f"location/{slot}"] = at
        else:
            read.lose(at, value, says("infrastructure {key}: no aistd slot", key=key))
    old = read.report.get("hardware")
    if isinstance(old, list):
        _read_components(read, task, old, "/hardware")


def _read_components(read: ReportReader, task: Task, components: list[Any], base: str) -> None:
    for index, item in enumerate(components):
        at = f"{base}/{index}"
        if not isinstance(item, dict):
            read.lose(at, item, says("a component that is not an object"))
            continue
        task.hardware.append(_component(read, item, at))


def _component(read: ReportReader, item: dict[str, Any], at: str) -> tuple[dict[str, Any], dict[str, str]]:
    """One component as a hardware item: type, model, count and share."""
    fields = {COMPONENT_ALIASES.get(k, k): (v, f"{at}/{escape(k)}") for k, v in item.items() if not is_blank(v)}
    known_types = enum_values(VOCABULARY, PREFIX + "componentType", "HardwareType")
    name = fields.get("componentName")
    if "componentType" not in fields and name and isinstance(name[0], str) and name[0].strip().lower() in known_types:
        fields["componentType"] = fields.pop("componentName")  # older reports name the type in componentName
    hardware: dict[str, Any] = {"hardware_type": "other"}
    sources: dict[str, str] = {}
    for key, (value, pointer) in fields.items():
        rule = field_rule(f"infrastructure.components.{key}")
        slot_value = _component_value(read, rule, key, value, pointer)
        if slot_value is not None and rule is not None:
            hardware[rule.slot], sources[rule.slot] = slot_value, pointer
    if "hardware_type" not in sources:
        read.journal.filled(f"{at}/componentType", "other", says("the component states no type"))
    return hardware, sources


def _component_value(read: ReportReader, rule: FieldRule | None, key: str, value: Any, pointer: str) -> Any:
    if rule is None:
        read.lose(pointer, value, says("component {key}: no aistd slot", key=key))
        return None
    if rule.slot == "hardware_type":
        text = normalised(str(value))
        kind = enum_values(VOCABULARY, PREFIX + "componentType", "HardwareType").get(text)
        kind = kind or (text if text in enum_members("HardwareType") else None)
        if kind is None:
            read.journal.filled(
                pointer, "other", says("componentType {value!r} names no aistd hardware type", value=value)
            )
        return kind or "other"
    if rule.slot == "hardware_model":
        return str(value)
    number = report_number(value)
    if number is None or (rule.slot == "hardware_count" and (number != int(number) or number < 1)):
        reason = says("component {key}: not a valid {slot}", key=key, slot=rule.slot)
        read.lose(pointer, value, refusal(value, says("component {key}", key=key), reason))
        return None
    return int(number) if rule.slot == "hardware_count" else to_slot_value(rule, number)


def _read_environment(read: ReportReader, task: Task) -> None:
    section = read.section("environment")
    unit = section.get("powerSourceCarbonIntensityUnit")
    for key, value in section.items():
        at = f"/environment/{escape(key)}"
        if is_blank(value) or key == "powerSourceCarbonIntensityUnit":
            continue
        slot = slot_of(f"environment.{key}")
        if slot == "country" and isinstance(value, str):
            code = alpha_2(value)
            if code is None:
                read.lose(
                    at, value, says("{field}: not a country name or ISO 3166 code that can be told", field="country")
                )
            else:
                task.common.setdefault("location", {})["country"] = code
                task.sources["location/country"] = at
        elif slot == "grid_carbon_intensity":
            _intensity(read, task, value, unit, f"environment.{key}", at)
        else:
            read.lose(at, value, says("environment {key}: no aistd slot", key=key))


def _intensity(read: ReportReader, task: Task, value: Any, unit: Any, path: str, at: str) -> None:
    rule, number = field_rule(path), report_number(value)
    code = slot_unit_code(unit, rule.slot) if isinstance(unit, str) and rule is not None else None
    intensity = None
    if rule is not None and number is not None and (unit is None or code is not None):
        intensity = to_slot_value(with_unit(rule, code) if code else rule, number)
    if intensity is None:
        reason = says(
            "{field}: not a number in a known unit ({unit})",
            field="powerSourceCarbonIntensity",
            unit=unit or "gCO2eq/kWh",
        )
        read.lose(at, value, refusal(value, "powerSourceCarbonIntensity", reason))
        return
    task.common["grid_carbon_intensity"] = intensity
    task.sources["grid_carbon_intensity"] = at


def _read_quality(read: ReportReader, task: Task) -> None:
    value = read.report.get("quality")
    if is_blank(value):
        return
    grade = enum_values(VOCABULARY, PREFIX + "quality", "DataQuality").get(str(value).strip().lower())
    if grade is None:
        read.lose("/quality", value, says("{field}: not high, medium or low", field="quality"))
        return
    task.common["data_quality"], task.sources["data_quality"] = grade, "/quality"


def _other_sections(read: ReportReader) -> None:
    for key, value in read.report.items():
        if key not in SECTIONS and key not in IGNORED and key != "quality":
            read.lose(f"/{escape(key)}", value, says("{key}: no aistd slot", key=key))


def read_report(report: Any, positions: dict[str, Position], other_rows: list[int] | None = None) -> Conversion:
    """A parsed BoAmps report as a canonical disclosure (`other_rows`: the lines of a flattened CSV's rows after
    the first, each another report, reported and not read)."""
    if not isinstance(report, dict) or not isinstance(report.get("measures"), list):
        raise ConversionError(says("not a BoAmps report: no `measures` list at the top"), 1, 1)
    read, task = ReportReader(report, Journal(positions)), Task()
    journal = read.journal
    identifier, entity = _read_header(read)
    _read_task(read, task)
    _read_infrastructure(read, task)
    _read_environment(read, task)
    _read_quality(read, task)
    _other_sections(read)
    footprints = []
    for index, measure in report_measures(read):
        footprint = measure_footprint(read, task, len(footprints), measure, f"/measures/{index}")
        complete_footprint(journal, task, footprint, len(footprints))
        footprints.append(footprint)
    if identifier is None:
        identifier = journal.filled("/id", "urn:aistd:boamps:report", says("the report has no reportId"))
    periods = [fp["period"] for fp in footprints if "period" in fp]
    start = min((p["start_date"] for p in periods), default=None)
    end = max((p["end_date"] for p in periods), default=None)
    disclosure = disclosure_shell(journal, identifier, start, end, entity)
    if "header" in report:
        _issued(read, disclosure)
    if task.systems:
        disclosure["ai_systems"] = task.systems
    if footprints:
        disclosure["footprints"] = footprints
    for line in other_rows or []:
        journal.lost(f"/rows/{line}", None, says("one report per conversion: convert the other rows separately"))
    return journal.conversion("boamps", "aistd", disclosure)


def read_text(text: str, path: str) -> Conversion:
    """A BoAmps report in JSON, or in the flattened CSV form, as a canonical disclosure."""
    if not text.lstrip().startswith("{") and looks_like("boamps", path, text):
        report, positions, other_rows = unflatten(text)
        return read_report(report, positions, other_rows)
    try:
        document = parse_text(text, path if path.endswith(".json") else f"{path}.json")
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    return read_report(document.data, value_positions(text))
