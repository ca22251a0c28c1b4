"""Writing a CycloneDX BOM: one machine-learning-model component per AI system, its footprints as the
energyConsumptions of its model card; what CycloneDX's own fields cannot hold goes into `aistd:` properties
(`aistd.conversion.carry`), so that reading the BOM back gives the disclosure whole."""

from __future__ import annotations

import json
import uuid
from typing import Any

from aistd.conversion.carry import FILLED, property_entry
from aistd.conversion.dates import day_of
from aistd.conversion.disclosure import is_placeholder, is_stated_name
from aistd.conversion.fields import enum_values, field_number, reverse_enum_values, slot_fields, tidy, to_slot_value
from aistd.conversion.formats.cyclonedx.terms import (
    ENVIRONMENT,
    ML_TYPE,
    PLACEHOLDER_SOURCE,
    PREFIX,
    SPEC_VERSIONS,
    SPELLED_UNITS,
    VOCABULARY,
    slot_field,
)
from aistd.conversion.formats.cyclonedx.xml_codec import bom_to_xml
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.knowledge.units import slot_classes
from aistd.model.message import says
from aistd.model.versions import PACKAGE_VERSION

ENCODINGS = ("json", "xml")
JSON_ONLY = ("$schema", "bomFormat", "specVersion")
"""Keys of a JSON BOM that XML says with its namespace instead."""
NATIVE = {"schema_version", "ai_systems", "footprints"}
"""Top-level parts a BOM holds in its own fields (the schema version is the current one whatever is written)."""


def serial_number(disclosure_id: str) -> str:
    """The BOM serial number of a disclosure: a name-based (version 5) UUID of its id, so always the same."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, disclosure_id)}"


def either(options: tuple[str, ...]) -> str:
    """The options said one after the other with "or" (`1.6 or 1.7`), each "or" in the report's language."""
    said: str = options[0]
    for option in options[1:]:
        said = says("{choices} or {choice}", choices=said, choice=option)
    return said


def _write_measure(slot: str, value: Any) -> tuple[str, dict, bool] | None:
    """The (key, measure, exact) an aistd quantity slot becomes in an energyConsumption, or None when CycloneDX
    has no field for it; `exact` says whether reading the measure back gives the value as it was."""
    target = slot_field(slot)
    rule = slot_fields(VOCABULARY).get(slot)
    if target is None or rule is None or target[0] != "energyConsumption" or rule.unit not in SPELLED_UNITS:
        return None
    number = field_number(rule, value)
    if number is None:
        return None
    written = tidy(number)
    return target[1], {"value": written, "unit": SPELLED_UNITS[rule.unit]}, to_slot_value(rule, written) == value


def native_measure(slot: str, value: Any) -> dict[str, Any] | None:
    """The measure an energyConsumption holds for an aistd quantity, as this writer writes it (None: no field)."""
    written = _write_measure(slot, value)
    return None if written is None else written[1]


def _activity(stage: Any) -> tuple[str, bool]:
    """The activity of an aistd stage, and whether reading it back gives the stage (else it is carried too)."""
    activities = reverse_enum_values(VOCABULARY, PREFIX + "activity", "LifecycleStage")
    stages = enum_values(VOCABULARY, PREFIX + "activity", "LifecycleStage")
    activity = activities.get(stage) if isinstance(stage, str) else None
    if activity is None:
        return activities["other"], False
    return activity, stages.get(activity) == stage


def _write_entry(footprint: dict[str, Any], provider: str, target: str, journal: Journal) -> dict | None:
    """One footprint as an energyConsumption entry; None when it states no energy CycloneDX can write (an entry
    requires activityEnergyCost), and the footprint is then carried whole by its component."""
    energy = _write_measure("energy_consumption", footprint.get("energy_consumption"))
    if energy is None:
        return None
    activity, exact_stage = _activity(footprint.get("stage"))
    entry: dict[str, Any] = {"activity": activity}
    measures: dict[str, Any] = {}
    carried = [property_entry("footprint", "id", footprint.get("id"))]
    if not exact_stage:
        carried.append(property_entry("footprint", "stage", footprint.get("stage")))
    for slot, value in footprint.items():
        if slot in ("id", "stage", "system"):
            continue
        written = _write_measure(slot, value) if slot_classes().get(slot) is not None else None
        if written is not None:
            measures[written[0]] = written[1]
        if written is None or not written[2]:
            carried.append(property_entry("footprint", slot, value))
    provided = measures["activityEnergyCost"]
    entry["energyProviders"] = journal.filled(
        target + "/energyProviders",
        [{"organization": {"name": provider}, "energySource": PLACEHOLDER_SOURCE, "energyProvided": dict(provided)}],
        says(
            "CycloneDX requires energyProviders and aistd has no provider: the reporting entity (or unknown), "
            "source unknown, providing all the activity's energy"
        ),
    )
    return {**entry, **measures, "properties": carried}


def _write_component(
    system: dict[str, Any], index: int, footprints: list[tuple[int, dict]], provider: str, journal: Journal
) -> dict:
    """One AI system as a machine-learning-model component with its energy consumptions; its other slots and the
    footprints no entry can hold are its `aistd:` properties."""
    component: dict[str, Any] = {"type": ML_TYPE, "bom-ref": str(system.get("id"))}
    carried: list[dict[str, str]] = []
    for slot, value in system.items():
        target = slot_field(slot)
        if slot == "id" and isinstance(value, str):
            continue
        if target is not None and target[0] == "component" and isinstance(value, str):
            component[target[1]] = value
        else:
            carried.append(property_entry("system", slot, value))
    if not component.get("name"):
        component["name"] = journal.filled(
            f"/components/{index}/name", component["bom-ref"], says("CycloneDX requires a name")
        )
        carried.append(property_entry("system", FILLED, ["name"]))
    entries: list[dict[str, Any]] = []
    base = f"/components/{index}/{'/'.join(ENVIRONMENT)}/energyConsumptions"
    for _, footprint in footprints:
        entry = _write_entry(footprint, provider, f"{base}/{len(entries)}", journal)
        if entry is None:
            carried.append(property_entry("footprint", None, footprint))
        else:
            entries.append(entry)
    if entries:
        component["modelCard"] = {"considerations": {"environmentalConsiderations": {"energyConsumptions": entries}}}
    if carried:
        component["properties"] = carried
    return component


def _write_metadata(disclosure: dict[str, Any], carried: list[dict[str, str]]) -> tuple[dict[str, Any], str]:
    """The BOM metadata (timestamp from the issue day, the tool, the manufacturer) and the provider name to fill
    energyProviders with; what it cannot hold exactly is carried."""
    metadata: dict[str, Any] = {}
    issued = disclosure.get("issued")
    if issued is not None and day_of(issued) == issued and slot_field("issued") == ("metadata", "timestamp"):
        metadata["timestamp"] = f"{issued}T00:00:00Z"
    elif issued is not None:
        carried.append(property_entry("disclosure", "issued", issued))
    metadata["tools"] = {"components": [{"type": "application", "name": "aistd", "version": PACKAGE_VERSION}]}
    entity = disclosure.get("reporting_entity")
    provider = PLACEHOLDER_SOURCE
    target = slot_field("reporting_entity")
    if is_stated_name(entity) and target and target[0] == "metadata":
        metadata[target[1]] = {"name": entity["name"]}  # type: ignore[index]
        provider = entity["name"]  # type: ignore[index]
        if set(entity) != {"name"}:  # type: ignore[arg-type]
            carried.append(property_entry("disclosure", "reporting_entity", entity))
    elif entity is not None and not is_placeholder("reporting_entity", entity):
        carried.append(property_entry("disclosure", "reporting_entity", entity))
    return metadata, provider


def _frame(disclosure: dict[str, Any], spec_version: str, carried: list[dict[str, str]]) -> dict[str, Any]:
    """The BOM's frame; the disclosure's id and every top-level part a BOM has no field for are carried."""
    identifier = str(disclosure.get("id", ""))
    carried.append(property_entry("disclosure", "id", disclosure.get("id")))
    for key, value in disclosure.items():
        if key in NATIVE | {"id", "reporting_entity", "issued"} or is_placeholder(key, value):
            continue
        carried.append(property_entry("disclosure", key, value))
    return {
        "$schema": f"http://cyclonedx.org/schema/bom-{spec_version}.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": spec_version,
        "serialNumber": serial_number(identifier),
        "version": 1,
    }


def write_bom(disclosure: dict[str, Any], *, spec_version: str = "1.6", encoding: str = "json") -> Conversion:
    """A valid CycloneDX BOM (1.6 unless told 1.7; JSON unless told `xml`): one machine-learning-model component
    per AI system, and everything CycloneDX's own fields cannot hold in `aistd:` properties."""
    if spec_version not in SPEC_VERSIONS:
        choices = either(SPEC_VERSIONS)
        raise ConversionError(
            says("CycloneDX {version} cannot be written; choose {choices}", version=spec_version, choices=choices)
        )
    if encoding not in ENCODINGS:
        choices = either(ENCODINGS)
        raise ConversionError(
            says("CycloneDX cannot be written as {encoding!r}; choose {choices}", encoding=encoding, choices=choices)
        )
    if not isinstance(disclosure, dict):
        raise ConversionError(says("the disclosure is not an object"))
    journal = Journal(abridged=True)
    carried: list[dict[str, str]] = []
    bom = _frame(disclosure, spec_version, carried)
    metadata, provider = _write_metadata(disclosure, carried)
    bom["metadata"] = metadata
    systems = [s for s in disclosure.get("ai_systems") or [] if isinstance(s, dict)]
    footprints = [f for f in disclosure.get("footprints") or [] if isinstance(f, dict)]
    known = {s.get("id") for s in systems}
    bom["components"] = [
        _write_component(
            system,
            i,
            [(j, f) for j, f in enumerate(footprints) if f.get("system") == system.get("id")],
            provider,
            journal,
        )
        for i, system in enumerate(systems)
    ]
    carried.extend(property_entry("footprint", None, f) for f in footprints if f.get("system") not in known)
    order = [f.get("id") for f in footprints]
    if len(footprints) > 1:
        carried.append(property_entry("disclosure", "footprint_order", order))
    _carry_what_is_not_an_object(disclosure, journal)
    if carried:
        bom["properties"] = carried
    if encoding == "xml":
        text = bom_to_xml({k: v for k, v in bom.items() if k not in JSON_ONLY}, spec_version)
    else:
        text = json.dumps(bom, indent=2, ensure_ascii=False) + "\n"
    return journal.conversion("aistd", "cyclonedx", text)


def _carry_what_is_not_an_object(disclosure: dict[str, Any], journal: Journal) -> None:
    """Systems and footprints that are not objects have no place anywhere: they are reported lost."""
    for key in ("ai_systems", "footprints"):
        items = disclosure.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                journal.lost(f"/{key}/{i}", item, says("not an object"))
