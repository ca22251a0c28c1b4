"""Writing a CycloneDX BOM: one machine-learning-model component per AI system, its footprints as the
energyConsumptions of its model card; what a BOM has no field for is reported lost."""

from __future__ import annotations

import json
import uuid
from typing import Any

from aistd.conversion.dates import day_of
from aistd.conversion.disclosure import is_placeholder, is_stated_name
from aistd.conversion.fields import enum_values, field_number, reverse_enum_values, slot_fields, tidy
from aistd.conversion.footprints import footprints_by_system
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
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.knowledge.units import slot_classes

CARRIED = {"id", "schema_version", "reporting_entity", "issued", "ai_systems", "footprints"}


def serial_number(disclosure_id: str) -> str:
    """The BOM serial number of a disclosure: a name-based (version 5) UUID of its id, so always the same."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, disclosure_id)}"


def _write_measure(slot: str, value: Any, where: str, journal: Journal) -> tuple[str, dict] | None:
    """The (key, measure) an aistd quantity slot becomes in an energyConsumption, or None and a loss."""
    target = slot_field(slot)
    rule = slot_fields(VOCABULARY).get(slot)
    if target is None or rule is None or target[0] != "energyConsumption" or rule.unit not in SPELLED_UNITS:
        journal.lost(where, value, f"CycloneDX energyConsumption has no field for {slot}")
        return None
    number = field_number(rule, value)
    if number is None:
        journal.lost(where, value, "not a quantity in a unit aistd admits for this slot")
        return None
    return target[1], {"value": tidy(number), "unit": SPELLED_UNITS[rule.unit]}


def _write_activity(stage: Any, where: str, journal: Journal) -> str:
    """The activity of an aistd stage; a stage CycloneDX has no activity for is reported."""
    activities = reverse_enum_values(VOCABULARY, PREFIX + "activity", "LifecycleStage")
    stages = enum_values(VOCABULARY, PREFIX + "activity", "LifecycleStage")
    activity = activities.get(stage) if isinstance(stage, str) else None
    if activity is None:
        activity = activities["other"]
        journal.lost(where, stage, f"CycloneDX has no activity for this stage; written as {activity}")
    elif stages.get(activity) != stage:
        journal.lost(
            where, stage, f"CycloneDX has no activity of its own for {stage}; written as {activity}, which covers more"
        )
    return activity


def _write_entry(footprint: dict[str, Any], index: int, provider: str, target: str, journal: Journal) -> dict | None:
    """One footprint as an energyConsumption entry (None when it has no energy figure, which CycloneDX requires)."""
    where = f"/footprints/{index}"
    if "energy_consumption" not in footprint:
        journal.lost(where, footprint, "CycloneDX requires activityEnergyCost and the footprint states no energy")
        return None
    entry: dict[str, Any] = {"activity": _write_activity(footprint.get("stage"), where + "/stage", journal)}
    measures: dict[str, Any] = {}
    for slot, value in footprint.items():
        if slot in ("stage", "system"):
            continue
        if slot_classes().get(slot) is None:
            journal.lost(f"{where}/{slot}", value, f"CycloneDX energyConsumption has no field for {slot}")
            continue
        written = _write_measure(slot, value, f"{where}/{slot}", journal)
        if written is not None:
            measures[written[0]] = written[1]
    if "activityEnergyCost" not in measures:
        journal.lost(
            where, footprint, "CycloneDX requires activityEnergyCost and the footprint's energy cannot be written"
        )
        return None
    provided = measures["activityEnergyCost"]
    entry["energyProviders"] = journal.filled(
        target + "/energyProviders",
        [{"organization": {"name": provider}, "energySource": PLACEHOLDER_SOURCE, "energyProvided": dict(provided)}],
        "CycloneDX requires energyProviders and aistd has no provider: the reporting entity (or unknown), "
        "source unknown, providing all the activity's energy",
    )
    return {**entry, **measures}


def _write_component(
    system: dict[str, Any], index: int, footprints: list[tuple[int, dict]], provider: str, journal: Journal
) -> dict:
    """One AI system as a machine-learning-model component with its energy consumptions."""
    component: dict[str, Any] = {"type": ML_TYPE, "bom-ref": str(system.get("id"))}
    for slot, value in system.items():
        target = slot_field(slot)
        if slot == "id":
            continue
        if target is not None and target[0] == "component":
            component[target[1]] = str(value)
        else:
            journal.lost(f"/ai_systems/{index}/{slot}", value, f"a CycloneDX component has no field for {slot}")
    if not component.get("name"):
        component["name"] = journal.filled(
            f"/components/{index}/name", component["bom-ref"], "CycloneDX requires a name"
        )
    entries: list[dict[str, Any]] = []
    base = f"/components/{index}/{'/'.join(ENVIRONMENT)}/energyConsumptions"
    for position, footprint in footprints:
        entry = _write_entry(footprint, position, provider, f"{base}/{len(entries)}", journal)
        if entry is not None:
            entries.append(entry)
    if entries:
        component["modelCard"] = {"considerations": {"environmentalConsiderations": {"energyConsumptions": entries}}}
    return component


def _write_metadata(disclosure: dict[str, Any], journal: Journal) -> tuple[dict[str, Any], str]:
    """The BOM metadata (manufacturer, timestamp) and the provider name to fill energyProviders with."""
    metadata: dict[str, Any] = {}
    issued = day_of(disclosure.get("issued"))
    if issued is not None and slot_field("issued") == ("metadata", "timestamp"):
        metadata["timestamp"] = f"{issued}T00:00:00Z"
    entity = disclosure.get("reporting_entity")
    name = entity.get("name") if isinstance(entity, dict) else None
    provider = PLACEHOLDER_SOURCE
    target = slot_field("reporting_entity")
    if is_stated_name(entity) and target and target[0] == "metadata":
        metadata[target[1]] = {"name": name}
        provider = name
    if isinstance(entity, dict):
        for key, value in entity.items():
            if key not in ("name", "not_stated"):
                journal.lost(f"/reporting_entity/{key}", value, "a CycloneDX organizational entity has no field for it")
    return metadata, provider


def _frame(disclosure: dict[str, Any], spec_version: str, journal: Journal) -> dict[str, Any]:
    """The BOM's frame, and a loss for every top-level part of the disclosure a BOM has no place for."""
    identifier = str(disclosure.get("id", ""))
    journal.lost("/id", identifier, "a CycloneDX serialNumber is a UUID: written as the name-based UUID of the id")
    for key, value in disclosure.items():
        if key not in CARRIED and not (key == "reporting_period" and is_placeholder(key, value)):
            journal.lost(f"/{key}", value, "a CycloneDX BOM has no place for it")
    return {
        "$schema": f"http://cyclonedx.org/schema/bom-{spec_version}.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": spec_version,
        "serialNumber": serial_number(identifier),
        "version": 1,
    }


def write_bom(disclosure: dict[str, Any], *, spec_version: str = "1.6") -> Conversion:
    """A valid CycloneDX BOM (1.6 unless told 1.7): one machine-learning-model component per AI system."""
    if spec_version not in SPEC_VERSIONS:
        raise ConversionError(f"CycloneDX {spec_version} cannot be written; choose {' or '.join(SPEC_VERSIONS)}")
    if not isinstance(disclosure, dict):
        raise ConversionError("the disclosure is not an object")
    journal = Journal(abridged=True)
    bom = _frame(disclosure, spec_version, journal)
    metadata, provider = _write_metadata(disclosure, journal)
    if metadata:
        bom["metadata"] = metadata
    systems = [s for s in disclosure.get("ai_systems") or [] if isinstance(s, dict)]
    grouped = footprints_by_system(disclosure, systems, journal)
    bom["components"] = [
        _write_component(system, i, grouped.get(system.get("id"), []), provider, journal)
        for i, system in enumerate(systems)
    ]
    text = json.dumps(bom, indent=2, ensure_ascii=False) + "\n"
    return journal.conversion("aistd", "cyclonedx", text)
