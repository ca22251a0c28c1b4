"""CycloneDX 1.6 / 1.7 JSON ML-BOMs: the energy figures of machine-learning-model components.

Each component of type `machine-learning-model` is one AI system; each entry of its
`modelCard.considerations.environmentalConsiderations.energyConsumptions[]` is one stage footprint.
Which field carries which aistd slot, the stage of each `activity` and the units come from the
`cyclonedx` crosswalk; this module knows only where things sit in a BOM and how CycloneDX spells them.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aistd.conversion.fields import (
    FieldRule,
    enum_values,
    field_rules,
    from_slot_value,
    reverse_enum_values,
    slot_fields,
    tidy,
    to_slot_value,
)
from aistd.conversion.formats.base import UNKNOWN_ENTITY, ReadState, brief, disclosure_shell
from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
from aistd.knowledge.units import slot_classes
from aistd.load import LoadError, parse_text, value_positions

VOCABULARY = "cyclonedx"
PREFIX = "cdx:"
ML_TYPE = "machine-learning-model"
ENVIRONMENT = ("modelCard", "considerations", "environmentalConsiderations")
SPEC_VERSIONS = ("1.6", "1.7")
# The one unit spelling each CycloneDX measure admits (energyMeasure, co2Measure), by the UCUM unit the
# crosswalk gives the field: the JSON spelling is syntax, its meaning comes from the mapping row.
SPELLED_UNITS = {"kW.h": "kWh", "t{CO2eq}": "tCO2eq"}
# BOM keys that only frame the document (identity, version of the spec); nothing of them is a figure.
FRAME_KEYS = {"$schema", "bomFormat", "specVersion", "serialNumber", "version"}
COMPONENT_KEYS = {"type", "bom-ref", "components", "modelCard"}
PLACEHOLDER_SOURCE = "unknown"
# the reporting period a reader fills in when its source states none: not worth reporting as lost
PLACEHOLDER_PERIOD = disclosure_shell("", None, None, [])["reporting_period"]


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _date_part(timestamp: Any) -> str | None:
    """The calendar day of an ISO 8601 date-time, or None."""
    if isinstance(timestamp, str) and re.match(r"^\d{4}-\d{2}-\d{2}(T|$)", timestamp):
        return timestamp[:10]
    return None


def _rule(definition: str, key: str) -> FieldRule | None:
    return field_rules(VOCABULARY).get(f"{PREFIX}{definition}.{key}")


def _slot_field(slot: str) -> tuple[str, str] | None:
    """The (definition, key) of the CycloneDX field that carries an aistd slot when writing."""
    rule = slot_fields(VOCABULARY).get(slot)
    if rule is None:
        return None
    definition, _, key = rule.field.removeprefix(PREFIX).partition(".")
    return definition, key


# --- reading ----------------------------------------------------------------------------------------


@dataclass
class _Reader(ReadState):
    """What one read has carried, lost and filled so far, and where the source values sit."""

    def measure(self, raw: Any, rule: FieldRule, source: str, canonical: str) -> dict[str, Any] | None:
        """An energyMeasure or co2Measure as an aistd quantity, or None (and a loss) when unreadable."""
        spelled = SPELLED_UNITS.get(rule.unit)
        if not isinstance(raw, dict) or not _is_number(raw.get("value")) or raw.get("unit") != spelled:
            self.lost(source, raw, f"not a measure {{value: number, unit: {spelled}}}, the only form CycloneDX allows")
            return None
        self.carried(canonical, source)
        self.carried(canonical + "/value", source + "/value")
        self.carried(canonical + "/unit", source + "/unit")
        return to_slot_value(rule, raw["value"])


@dataclass
class _Owner:
    """The system the entries being read belong to, and where its footprints start in the disclosure."""

    system: str
    entity: str | None
    first: int
    index: int = 0


def _ml_components(bom: dict[str, Any], reader: _Reader) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every machine-learning-model component, with its pointer; other components are reported lost."""
    roots: list[tuple[str, Any]] = []
    metadata = bom.get("metadata")
    if isinstance(metadata, dict) and "component" in metadata:
        roots.append(("/metadata/component", metadata["component"]))
    components = bom.get("components")
    if isinstance(components, list):
        roots.extend((f"/components/{i}", item) for i, item in enumerate(components))
    elif components is not None:
        reader.lost("/components", components, "not a list of components")
    while roots:
        pointer, component = roots.pop(0)
        if not isinstance(component, dict):
            reader.lost(pointer, component, "not a component object")
            continue
        children = component.get("components")
        if isinstance(children, list):
            roots.extend((f"{pointer}/components/{i}", item) for i, item in enumerate(children))
        if component.get("type") == ML_TYPE:
            yield pointer, component
        else:
            reader.lost(pointer, component.get("name", component.get("type")), "not a machine-learning-model component")


def _system_id(component: dict[str, Any], taken: set[str]) -> str:
    ref = component.get("bom-ref")
    base = (
        ref
        if isinstance(ref, str) and ref
        else "-".join(str(component[k]) for k in ("group", "name", "version") if isinstance(component.get(k), str))
        or "model"
    )
    identifier, n = base, 1
    while identifier in taken:
        n += 1
        identifier = f"{base}-{n}"
    taken.add(identifier)
    return identifier


def _read_system(pointer: str, component: dict[str, Any], index: int, reader: _Reader, taken: set[str]) -> dict:
    """One ML component as an aistd AI system (id, name, version); its other fields are reported lost."""
    system: dict[str, Any] = {"id": _system_id(component, taken)}
    canonical = f"/ai_systems/{index}"
    reader.carried(canonical, pointer)
    reader.carried(canonical + "/id", pointer + "/bom-ref")
    for key, value in component.items():
        rule = _rule("component", key)
        if rule is not None and isinstance(value, str):
            system[rule.slot] = value
            reader.carried(f"{canonical}/{rule.slot}", f"{pointer}/{_escape(key)}")
        elif key not in COMPONENT_KEYS:
            reader.lost(f"{pointer}/{_escape(key)}", value, "aistd keeps only the name and version of a model")
    if not isinstance(system.get("name"), str) or not system["name"]:
        system["name"] = system["id"]
        reader.fills.append(Fill(f"{canonical}/name", system["id"], "the component has no name; its id is used"))
    return system


def _environment(pointer: str, component: dict[str, Any], reader: _Reader) -> Any:
    """The environmentalConsiderations of a component; the rest of its model card is reported lost."""
    node: Any = component
    path = pointer
    for depth, key in enumerate(ENVIRONMENT):
        if depth > 0:
            for other, value in node.items():
                if other != key:
                    reader.lost(f"{path}/{_escape(other)}", value, "not an environmental figure")
        child = node.get(key)
        path = f"{path}/{key}"
        if child is None:
            return None
        if depth < len(ENVIRONMENT) - 1 and not isinstance(child, dict):
            reader.lost(path, child, "not an object")
            return None
        node = child
    return node


def _provider_is_placeholder(provider: Any, entry: dict[str, Any], entity: str | None) -> bool:
    """True for an energyProviders entry that says nothing: unknown source, all the energy, the BOM's maker."""
    names = {PLACEHOLDER_SOURCE, entity or PLACEHOLDER_SOURCE}
    return (
        isinstance(provider, dict)
        and set(provider) == {"organization", "energySource", "energyProvided"}
        and provider["energySource"] == PLACEHOLDER_SOURCE
        and provider["organization"] in [{"name": name} for name in names]
        and provider["energyProvided"] == entry.get("activityEnergyCost")
    )


def _read_stage(entry: dict[str, Any], source: str, canonical: str, reader: _Reader) -> str:
    activity = entry.get("activity")
    stages = enum_values(VOCABULARY, PREFIX + "activity", "LifecycleStage")
    if isinstance(activity, str) and activity in stages:
        reader.carried(canonical + "/stage", source + "/activity")
        return stages[activity]
    fallback = stages["other"]
    reader.lost(source + "/activity", activity, "not one of the CycloneDX activities")
    reader.fills.append(Fill(canonical + "/stage", fallback, "the entry has no valid activity"))
    return fallback


def _read_entry(entry: Any, source: str, owner: _Owner, reader: _Reader) -> dict[str, Any] | None:
    """One energyConsumptions entry as a footprint of the system, or None when it carries no figure."""
    if not isinstance(entry, dict):
        reader.lost(source, entry, "not an energyConsumption object")
        return None
    canonical = f"/footprints/{owner.index}"
    stage = _read_stage(entry, source, canonical, reader)
    figures: dict[str, Any] = {}
    for key, raw in entry.items():
        where = f"{source}/{_escape(key)}"
        rule = _rule("energyConsumption", key)
        if key == "energyProviders":
            _read_providers(raw, where, entry, owner.entity, reader)
        elif rule is not None and slot_classes().get(rule.slot) is not None:
            value = reader.measure(raw, rule, where, f"{canonical}/{rule.slot}")
            if value is not None:
                figures[rule.slot] = value
        elif key != "activity":
            reader.lost(where, raw, "aistd has no slot for this field")
    if not figures:
        return None
    reader.carried(canonical, source)
    return {"id": "", "system": owner.system, "stage": stage, **figures}


def _read_providers(raw: Any, where: str, entry: dict[str, Any], entity: str | None, reader: _Reader) -> None:
    if not isinstance(raw, list):
        reader.lost(where, raw, "energyProviders is not a list")
        return
    for i, provider in enumerate(raw):
        if not _provider_is_placeholder(provider, entry, entity):
            reason = "aistd has no per-stage energy provider or energy source slot"
            if not isinstance(provider, dict):
                reason = "an energy provider must be an object {organization, energySource, energyProvided}"
            reader.lost(f"{where}/{i}", provider, reason)


def _read_environment(env: Any, pointer: str, owner: _Owner, reader: _Reader) -> list[dict]:
    """The footprints of one environmentalConsiderations object."""
    if env is None:
        return []
    if not isinstance(env, dict):
        reader.lost(pointer, env, "not an environmentalConsiderations object")
        return []
    footprints: list[dict[str, Any]] = []
    for key, value in env.items():
        where = f"{pointer}/{_escape(key)}"
        if _rule("environmentalConsiderations", key) is None or not isinstance(value, list):
            reader.lost(where, value, "aistd has no slot for this field")
            continue
        for i, entry in enumerate(value):
            owner.index = owner.first + len(footprints)
            footprint = _read_entry(entry, f"{where}/{i}", owner, reader)
            if footprint is not None:
                footprints.append(footprint)
    return footprints


def _read_metadata(bom: dict[str, Any], reader: _Reader) -> tuple[str | None, str | None]:
    """The reporting entity's name and the issue day, from the BOM metadata; the rest is reported lost."""
    metadata = bom.get("metadata")
    entity = issued = None
    if not isinstance(metadata, dict):
        if metadata is not None:
            reader.lost("/metadata", metadata, "not an object")
        return entity, issued
    for key, value in metadata.items():
        rule, where = _rule("metadata", key), f"/metadata/{_escape(key)}"
        if rule is not None and rule.slot == "reporting_entity" and isinstance(value, dict):
            entity = value.get("name") if isinstance(value.get("name"), str) else None
            reader.carried("/reporting_entity/name", where + "/name")
            rest = {k: v for k, v in value.items() if k != "name"}
            if rest or entity is None:
                reader.lost(where, rest or value, "aistd keeps only the name of the reporting entity")
        elif rule is not None and rule.slot == "issued" and _date_part(value):
            issued = _date_part(value)
            reader.carried("/issued", where)
        elif key != "component":
            reader.lost(where, value, "aistd has no slot for this field")
    return entity, issued


def _parse(text: str) -> dict[str, Any]:
    """The BOM as data, or ConversionError for XML, protobuf text and anything not a JSON CycloneDX BOM."""
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head == "<":
        raise ConversionError("CycloneDX XML is not supported: only the JSON serialisation of CycloneDX is", 1, 1)
    if head != "{":
        if "proto-message: Bom" in text[:500] or "spec_version:" in text[:2000]:
            raise ConversionError("CycloneDX protobuf text is not supported: only the JSON serialisation is", 1, 1)
        raise ConversionError("not a CycloneDX JSON BOM: only the JSON serialisation of CycloneDX is supported", 1, 1)
    try:
        data = parse_text(text, "bom.json").data  # the name only makes the loader read JSON
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    if not isinstance(data, dict) or data.get("bomFormat") != "CycloneDX":
        raise ConversionError('not a CycloneDX BOM: "bomFormat" is not "CycloneDX"', 1, 1)
    return data


def _disclosure_id(bom: dict[str, Any], text: str, reader: _Reader) -> str:
    serial = bom.get("serialNumber")
    if isinstance(serial, str) and serial:
        reader.carried("/id", "/serialNumber")
        return serial
    derived = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'cyclonedx:' + hashlib.sha256(text.encode()).hexdigest())}"
    reader.fills.append(Fill("/id", derived, "the BOM has no serialNumber; an id is derived from its content"))
    return derived


# --- writing ----------------------------------------------------------------------------------------


def serial_number(disclosure_id: str) -> str:
    """The BOM serial number of a disclosure: a name-based (version 5) UUID of its id, so always the same."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, disclosure_id)}"


@dataclass
class _Writer:
    """What one write could not carry or had to fill."""

    losses: list[Loss] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)

    def lost(self, where: str, value: Any, reason: str) -> None:
        self.losses.append(Loss(where, brief(value), reason))


def _write_measure(slot: str, value: Any, where: str, writer: _Writer) -> tuple[str, dict] | None:
    """The (key, measure) an aistd quantity slot becomes in an energyConsumption, or None and a loss."""
    target = _slot_field(slot)
    rule = slot_fields(VOCABULARY).get(slot)
    if target is None or rule is None or target[0] != "energyConsumption" or rule.unit not in SPELLED_UNITS:
        writer.lost(where, value, f"CycloneDX energyConsumption has no field for {slot}")
        return None
    try:
        number = from_slot_value(rule, value)
    except ValueError:
        number = None
    if not _is_number(number):
        writer.lost(where, value, "not a quantity in a unit aistd admits for this slot")
        return None
    return target[1], {"value": tidy(number), "unit": SPELLED_UNITS[rule.unit]}


def _write_activity(stage: Any, where: str, writer: _Writer) -> str:
    """The activity of an aistd stage; a stage CycloneDX has no activity for is reported."""
    activities = reverse_enum_values(VOCABULARY, PREFIX + "activity", "LifecycleStage")
    stages = enum_values(VOCABULARY, PREFIX + "activity", "LifecycleStage")
    activity = activities.get(stage) if isinstance(stage, str) else None
    if activity is None:
        activity = activities["other"]
        writer.lost(where, stage, f"CycloneDX has no activity for this stage; written as {activity}")
    elif stages.get(activity) != stage:
        writer.lost(
            where, stage, f"CycloneDX has no activity of its own for {stage}; written as {activity}, which covers more"
        )
    return activity


def _write_entry(footprint: dict[str, Any], index: int, provider: str, target: str, writer: _Writer) -> dict | None:
    """One footprint as an energyConsumption entry (None when it has no energy figure, which CycloneDX requires)."""
    where = f"/footprints/{index}"
    if "energy_consumption" not in footprint:
        writer.lost(where, footprint, "CycloneDX requires activityEnergyCost and the footprint states no energy")
        return None
    entry: dict[str, Any] = {"activity": _write_activity(footprint.get("stage"), where + "/stage", writer)}
    measures: dict[str, Any] = {}
    for slot, value in footprint.items():
        if slot in ("stage", "system"):
            continue
        if slot_classes().get(slot) is None:
            writer.lost(f"{where}/{slot}", value, f"CycloneDX energyConsumption has no field for {slot}")
            continue
        written = _write_measure(slot, value, f"{where}/{slot}", writer)
        if written is not None:
            measures[written[0]] = written[1]
    if "activityEnergyCost" not in measures:
        writer.lost(
            where, footprint, "CycloneDX requires activityEnergyCost and the footprint's energy cannot be written"
        )
        return None
    provided = measures["activityEnergyCost"]
    entry["energyProviders"] = [
        {"organization": {"name": provider}, "energySource": PLACEHOLDER_SOURCE, "energyProvided": dict(provided)}
    ]
    writer.fills.append(
        Fill(
            target + "/energyProviders",
            entry["energyProviders"],
            "CycloneDX requires energyProviders and aistd has no provider: the reporting entity (or unknown), "
            "source unknown, providing all the activity's energy",
        )
    )
    return {**entry, **measures}


def _write_component(
    system: dict[str, Any], index: int, footprints: list[tuple[int, dict]], provider: str, writer: _Writer
) -> dict:
    """One AI system as a machine-learning-model component with its energy consumptions."""
    component: dict[str, Any] = {"type": ML_TYPE, "bom-ref": str(system.get("id"))}
    for slot, value in system.items():
        target = _slot_field(slot)
        if slot == "id":
            continue
        if target is not None and target[0] == "component":
            component[target[1]] = str(value)
        else:
            writer.lost(f"/ai_systems/{index}/{slot}", value, f"a CycloneDX component has no field for {slot}")
    if not component.get("name"):
        component["name"] = component["bom-ref"]
        writer.fills.append(Fill(f"/components/{index}/name", component["name"], "CycloneDX requires a name"))
    entries: list[dict[str, Any]] = []
    base = f"/components/{index}/{'/'.join(ENVIRONMENT)}/energyConsumptions"
    for position, footprint in footprints:
        entry = _write_entry(footprint, position, provider, f"{base}/{len(entries)}", writer)
        if entry is not None:
            entries.append(entry)
    if entries:
        component["modelCard"] = {"considerations": {"environmentalConsiderations": {"energyConsumptions": entries}}}
    return component


def _write_metadata(disclosure: dict[str, Any], writer: _Writer) -> tuple[dict[str, Any], str]:
    """The BOM metadata (manufacturer, timestamp) and the provider name to fill energyProviders with."""
    metadata: dict[str, Any] = {}
    issued = _date_part(disclosure.get("issued"))
    if issued is not None and _slot_field("issued") == ("metadata", "timestamp"):
        metadata["timestamp"] = f"{issued}T00:00:00Z"
    entity = disclosure.get("reporting_entity")
    name = entity.get("name") if isinstance(entity, dict) else None
    provider = PLACEHOLDER_SOURCE
    target = _slot_field("reporting_entity")
    if isinstance(name, str) and name and name != UNKNOWN_ENTITY and target and target[0] == "metadata":
        metadata[target[1]] = {"name": name}
        provider = name
    if isinstance(entity, dict):
        for key, value in entity.items():
            if key != "name":
                writer.lost(f"/reporting_entity/{key}", value, "a CycloneDX organizational entity has no field for it")
    return metadata, provider


def _group_footprints(disclosure: dict[str, Any], systems: list[Any], writer: _Writer) -> dict[Any, list]:
    known = {s.get("id") for s in systems if isinstance(s, dict)}
    grouped: dict[Any, list[tuple[int, dict[str, Any]]]] = {}
    for i, footprint in enumerate(disclosure.get("footprints") or []):
        if isinstance(footprint, dict) and footprint.get("system") in known:
            grouped.setdefault(footprint["system"], []).append((i, footprint))
        else:
            writer.lost(f"/footprints/{i}", footprint, "the footprint names no AI system of the disclosure")
    return grouped


# --- the format -------------------------------------------------------------------------------------


class CycloneDXFormat:
    """CycloneDX 1.6 and 1.7 JSON ML-BOMs (XML and protobuf text are recognised and refused)."""

    name = "cyclonedx"
    vocabulary = VOCABULARY
    suffixes = (".cdx.json", ".json")

    def sniff(self, path: str, text: str) -> bool:
        """A JSON BOM with bomFormat CycloneDX, or a CycloneDX XML or protobuf-text BOM (refused on read)."""
        head = text[:4096]
        if re.search(r'"bomFormat"\s*:\s*"CycloneDX"', head):
            return True
        if "<bom" in head and "cyclonedx.org/schema/bom" in head:
            return True
        return "proto-message: Bom" in head or "proto-file: schema/bom-" in head

    def read(self, text: str, path: str) -> Conversion:
        """The BOM's ML components and their energy consumptions as a canonical disclosure."""
        bom = _parse(text)
        reader = _Reader(value_positions(text))
        entity, issued = _read_metadata(bom, reader)
        components = list(_ml_components(bom, reader))
        if not components:
            raise ConversionError("the BOM has no component of type machine-learning-model: nothing to convert", 1, 1)
        for key, value in bom.items():
            if key not in FRAME_KEYS | {"metadata", "components"}:
                reader.lost(f"/{_escape(key)}", value, "not about an AI system's environmental footprint")
        document = disclosure_shell(_disclosure_id(bom, text, reader), None, None, reader.fills, entity)
        if issued is not None:
            document["issued"] = issued
        systems, footprints = _read_components(components, entity, reader)
        document["ai_systems"] = systems
        if footprints:
            document["footprints"] = footprints
        return Conversion(self.name, "aistd", document, reader.losses, reader.fills, reader.origins)

    def write(self, disclosure: dict[str, Any], *, spec_version: str = "1.6") -> Conversion:
        """A valid CycloneDX BOM (1.6 unless told 1.7): one machine-learning-model component per AI system."""
        if spec_version not in SPEC_VERSIONS:
            raise ConversionError(f"CycloneDX {spec_version} cannot be written; choose {' or '.join(SPEC_VERSIONS)}")
        if not isinstance(disclosure, dict):
            raise ConversionError("the disclosure is not an object")
        writer = _Writer()
        bom = _frame(disclosure, spec_version, writer)
        metadata, provider = _write_metadata(disclosure, writer)
        if metadata:
            bom["metadata"] = metadata
        systems = [s for s in disclosure.get("ai_systems") or [] if isinstance(s, dict)]
        grouped = _group_footprints(disclosure, systems, writer)
        bom["components"] = [
            _write_component(system, i, grouped.get(system.get("id"), []), provider, writer)
            for i, system in enumerate(systems)
        ]
        text = json.dumps(bom, indent=2, ensure_ascii=False) + "\n"
        return Conversion("aistd", self.name, text, writer.losses, writer.fills)


def _frame(disclosure: dict[str, Any], spec_version: str, writer: _Writer) -> dict[str, Any]:
    """The BOM's frame, and a loss for every top-level part of the disclosure a BOM has no place for."""
    identifier = str(disclosure.get("id", ""))
    writer.lost("/id", identifier, "a CycloneDX serialNumber is a UUID: written as the name-based UUID of the id")
    carried = {"id", "schema_version", "reporting_entity", "issued", "ai_systems", "footprints"}
    for key, value in disclosure.items():
        if key not in carried and not (key == "reporting_period" and value == PLACEHOLDER_PERIOD):
            writer.lost(f"/{key}", value, "a CycloneDX BOM has no place for it")
    return {
        "$schema": f"http://cyclonedx.org/schema/bom-{spec_version}.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": spec_version,
        "serialNumber": serial_number(identifier),
        "version": 1,
    }


def _read_components(
    components: list[tuple[str, dict[str, Any]]], entity: str | None, reader: _Reader
) -> tuple[list[dict], list[dict]]:
    """The AI systems and footprints of the ML components, with footprint ids unique per system and stage."""
    systems: list[dict[str, Any]] = []
    footprints: list[dict[str, Any]] = []
    taken: set[str] = set()
    for pointer, component in components:
        system = _read_system(pointer, component, len(systems), reader, taken)
        systems.append(system)
        env = _environment(pointer, component, reader)
        owner = _Owner(system["id"], entity, len(footprints))
        footprints.extend(_read_environment(env, f"{pointer}/{'/'.join(ENVIRONMENT)}", owner, reader))
    seen: dict[str, int] = {}
    for footprint in footprints:
        base = f"{footprint['system']}-{footprint['stage']}"
        seen[base] = seen.get(base, 0) + 1
        footprint["id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return systems, footprints
