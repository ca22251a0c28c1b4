"""Reading a CycloneDX JSON BOM: each machine-learning-model component as an AI system, each entry of its
energyConsumptions as a stage footprint, and the `aistd:` properties an aistd writer left (`aistd.conversion.carry`);
everything else is reported lost."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aistd.conversion.carry import FILLED, FOOTPRINT_ORDER, CarriedValue, carried_values, forget_filled
from aistd.conversion.dates import day_of
from aistd.conversion.disclosure import disclosure_shell, qualify_unstated
from aistd.conversion.fields import FieldRule, enum_values, to_slot_value
from aistd.conversion.footprints import number_footprints
from aistd.conversion.formats.cyclonedx.proto_codec import bom_from_protobuf, bom_from_textproto
from aistd.conversion.formats.cyclonedx.terms import (
    ENVIRONMENT,
    ML_TYPE,
    PLACEHOLDER_SOURCE,
    PREFIX,
    SPELLED_UNITS,
    VOCABULARY,
    field_rule,
)
from aistd.conversion.formats.cyclonedx.write import native_measure
from aistd.conversion.formats.cyclonedx.xml_codec import bom_from_xml
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.conversion.slots import is_number, too_large
from aistd.knowledge.units import slot_classes, slot_unit
from aistd.load import LoadError, parse_text, value_positions
from aistd.model.figure import TOO_LARGE
from aistd.model.message import says
from aistd.model.pointer import escape

# BOM keys that only frame the document (identity, version of the spec); nothing of them is a figure.
FRAME_KEYS = {"$schema", "bomFormat", "specVersion", "serialNumber", "version"}
COMPONENT_KEYS = {"type", "bom-ref", "components", "modelCard", "properties"}
METADATA_FRAME = {"component", "tools"}
"""Metadata that describes the BOM and its making, not a figure: read elsewhere or not needed."""
NO_SLOT = says("aistd has no slot for this field")
NOT_AN_OBJECT = says("not an object")


@dataclass
class _Owner:
    """The system the entries being read belong to, and where its footprints start in the disclosure."""

    system: str
    entity: str | None
    first: int
    index: int = 0


def _measure(journal: Journal, raw: Any, rule: FieldRule, source: str, canonical: str) -> dict[str, Any] | None:
    """An energyMeasure or co2Measure as an aistd quantity, or None (and a loss) when unreadable."""
    spelled = SPELLED_UNITS.get(rule.unit)
    if not isinstance(raw, dict) or not is_number(raw.get("value")) or raw.get("unit") != spelled:
        if isinstance(raw, dict) and too_large(raw.get("value")):  # a number, or XML digits, past the float range
            journal.lost(source + "/value", raw["value"], TOO_LARGE)
            return None
        journal.lost(
            source,
            raw,
            says("not a measure {{value: number, unit: {unit}}}, the only form CycloneDX allows", unit=spelled),
        )
        return None
    value = to_slot_value(rule, raw["value"])
    if value is None:
        reason = says("{reason} once converted to {unit}", reason=TOO_LARGE, unit=slot_unit(rule.slot))
        journal.lost(source + "/value", raw["value"], reason)
        return None
    journal.carried(canonical, source)
    journal.carried(canonical + "/value", source + "/value")
    journal.carried(canonical + "/unit", source + "/unit")
    return value


def read_properties(raw: Any, where: str, journal: Journal) -> list[tuple[str, CarriedValue]]:
    """The `aistd:` properties of a properties list, each with its pointer; other properties are reported lost."""
    if not isinstance(raw, list):
        journal.lost(where, raw, says("{key} is not a list", key="properties"))
        return []
    pairs = [
        (f"{where}/{i}", item, *((item.get("name"), item.get("value")) if isinstance(item, dict) else (None, None)))
        for i, item in enumerate(raw)
    ]
    return carried_values(pairs, journal)


def _written_by_aistd(properties: Any) -> bool:
    """Whether a BOM's properties carry an aistd disclosure (then a BOM without a model still has footprints)."""
    return isinstance(properties, list) and any(
        isinstance(p, dict) and p.get("name") == "aistd:disclosure:id" for p in properties
    )


def _ml_components(bom: dict[str, Any], journal: Journal) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every machine-learning-model component, with its pointer; other components are reported lost."""
    roots: list[tuple[str, Any]] = []
    metadata = bom.get("metadata")
    if isinstance(metadata, dict) and "component" in metadata:
        roots.append(("/metadata/component", metadata["component"]))
    components = bom.get("components")
    if isinstance(components, list):
        roots.extend((f"/components/{i}", item) for i, item in enumerate(components))
    elif components is not None:
        journal.lost("/components", components, says("not a list of components"))
    while roots:
        pointer, component = roots.pop(0)
        if not isinstance(component, dict):
            journal.lost(pointer, component, says("not a component object"))
            continue
        children = component.get("components")
        if isinstance(children, list):
            roots.extend((f"{pointer}/components/{i}", item) for i, item in enumerate(children))
        if component.get("type") == ML_TYPE:
            yield pointer, component
        else:
            journal.lost(
                pointer, component.get("name", component.get("type")), says("not a {type} component", type=ML_TYPE)
            )


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


def _read_system(
    pointer: str,
    component: dict[str, Any],
    index: int,
    journal: Journal,
    taken: set[str],
    carried_properties: list[tuple[str, CarriedValue]],
) -> dict:
    """One ML component as an aistd AI system (id, name, version, and the slots aistd carried in its properties);
    its other fields are reported lost."""
    system: dict[str, Any] = {"id": _system_id(component, taken)}
    canonical = f"/ai_systems/{index}"
    journal.carried(canonical, pointer)
    journal.carried(canonical + "/id", pointer + "/bom-ref")
    for key, value in component.items():
        rule = field_rule("component", key)
        if rule is not None and isinstance(value, str):
            system[rule.slot] = value
            journal.carried(f"{canonical}/{rule.slot}", f"{pointer}/{escape(key)}")
        elif key not in COMPONENT_KEYS:
            journal.lost(f"{pointer}/{escape(key)}", value, says("aistd keeps only the name and version of a model"))
    for at, carried in carried_properties:
        if carried.scope == "system" and carried.slot == FILLED:
            forget_filled(system, carried.value)
        elif carried.scope == "system" and carried.slot is not None:
            system[carried.slot] = carried.value
            journal.carried(f"{canonical}/{carried.slot}", at + "/value")
    if "name" not in system and any(c.slot == FILLED for _, c in carried_properties):
        return system
    if not isinstance(system.get("name"), str) or not system["name"]:
        system["name"] = system["id"]
        journal.filled(f"{canonical}/name", system["id"], says("the component has no name; its id is used"))
    return system


def _environment(pointer: str, component: dict[str, Any], journal: Journal) -> Any:
    """The environmentalConsiderations of a component; the rest of its model card is reported lost."""
    node: Any = component
    path = pointer
    for depth, key in enumerate(ENVIRONMENT):
        if depth > 0:
            for other, value in node.items():
                if other != key:
                    journal.lost(f"{path}/{escape(other)}", value, says("not an environmental figure"))
        child = node.get(key)
        path = f"{path}/{key}"
        if child is None:
            return None
        if depth < len(ENVIRONMENT) - 1 and not isinstance(child, dict):
            journal.lost(path, child, NOT_AN_OBJECT)
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


def _read_stage(entry: dict[str, Any], source: str, canonical: str, journal: Journal) -> str:
    activity = entry.get("activity")
    stages = enum_values(VOCABULARY, PREFIX + "activity", "LifecycleStage")
    if isinstance(activity, str) and activity in stages:
        journal.carried(canonical + "/stage", source + "/activity")
        return stages[activity]
    fallback = stages["other"]
    journal.lost(source + "/activity", activity, says("not one of the CycloneDX activities"))
    journal.filled(canonical + "/stage", fallback, says("the entry has no valid activity"))
    return fallback


def _read_entry(entry: Any, source: str, owner: _Owner, journal: Journal) -> dict[str, Any] | None:
    """One energyConsumptions entry as a footprint of the system, or None when it carries no figure."""
    if not isinstance(entry, dict):
        journal.lost(source, entry, says("not an {kind} object", kind="energyConsumption"))
        return None
    canonical = f"/footprints/{owner.index}"
    stage = _read_stage(entry, source, canonical, journal)
    figures: dict[str, Any] = {}
    native: dict[str, Any] = {}
    for key, raw in entry.items():
        where = f"{source}/{escape(key)}"
        rule = field_rule("energyConsumption", key)
        if key == "energyProviders":
            _read_providers(raw, where, entry, owner.entity, journal)
        elif rule is not None and slot_classes().get(rule.slot) is not None:
            value = _measure(journal, raw, rule, where, f"{canonical}/{rule.slot}")
            if value is not None:
                figures[rule.slot] = value
                native[rule.slot] = raw
        elif key == "properties":
            _apply_entry_properties(read_properties(raw, where, journal), figures, native, canonical, journal)
        elif key != "activity":
            journal.lost(where, raw, NO_SLOT)
    if not figures:
        return None
    journal.carried(canonical, source)
    carried_stage = figures.pop("stage", None)
    written_by_aistd = "id" in figures  # its id rides in an aistd: property: the disclosure said what it said
    footprint = {"id": figures.pop("id", ""), "system": owner.system, "stage": carried_stage or stage, **figures}
    if not written_by_aistd:
        qualify_unstated(footprint, canonical, journal, "CycloneDX")
    return footprint


def _apply_entry_properties(
    found: list[tuple[str, CarriedValue]],
    figures: dict[str, Any],
    native: dict[str, Any],
    canonical: str,
    journal: Journal,
) -> None:
    """The footprint slots an entry's `aistd:` properties carry. A slot the entry also holds in its own field keeps
    the property's value (its unit and published digits) only when the field still says the same; a field edited
    since aistd wrote it wins, and the stale property is reported."""
    for at, carried in found:
        slot = carried.slot
        if carried.scope != "footprint" or slot is None:
            journal.lost(at, carried.value, says("not a property of a footprint"))
            continue
        if slot in native and native_measure(slot, carried.value) != native[slot]:
            journal.lost(
                at, carried.value, says("disagrees with the entry's own {slot} field, which is kept", slot=slot)
            )
            continue
        figures[slot] = carried.value
        journal.carried(f"{canonical}/{slot}", at + "/value")


def _read_providers(raw: Any, where: str, entry: dict[str, Any], entity: str | None, journal: Journal) -> None:
    if not isinstance(raw, list):
        journal.lost(where, raw, says("{key} is not a list", key="energyProviders"))
        return
    for i, provider in enumerate(raw):
        if not _provider_is_placeholder(provider, entry, entity):
            reason = says("aistd has no per-stage energy provider or energy source slot")
            if not isinstance(provider, dict):
                reason = says("an energy provider must be an object {{organization, energySource, energyProvided}}")
            journal.lost(f"{where}/{i}", provider, reason)


def _read_environment(env: Any, pointer: str, owner: _Owner, journal: Journal) -> list[dict]:
    """The footprints of one environmentalConsiderations object."""
    if env is None:
        return []
    if not isinstance(env, dict):
        journal.lost(pointer, env, says("not an {kind} object", kind="environmentalConsiderations"))
        return []
    footprints: list[dict[str, Any]] = []
    for key, value in env.items():
        where = f"{pointer}/{escape(key)}"
        if field_rule("environmentalConsiderations", key) is None or not isinstance(value, list):
            journal.lost(where, value, NO_SLOT)
            continue
        for i, entry in enumerate(value):
            owner.index = owner.first + len(footprints)
            footprint = _read_entry(entry, f"{where}/{i}", owner, journal)
            if footprint is not None:
                footprints.append(footprint)
    return footprints


def _read_metadata(bom: dict[str, Any], journal: Journal) -> tuple[str | None, str | None]:
    """The reporting entity's name and the issue day, from the BOM metadata; the rest is reported lost."""
    metadata = bom.get("metadata")
    entity = issued = None
    if not isinstance(metadata, dict):
        if metadata is not None:
            journal.lost("/metadata", metadata, NOT_AN_OBJECT)
        return entity, issued
    for key, value in metadata.items():
        rule, where = field_rule("metadata", key), f"/metadata/{escape(key)}"
        if rule is not None and rule.slot == "reporting_entity" and isinstance(value, dict):
            entity = value.get("name") if isinstance(value.get("name"), str) else None
            journal.carried("/reporting_entity/name", where + "/name")
            rest = {k: v for k, v in value.items() if k != "name"}
            if rest or entity is None:
                journal.lost(where, rest or value, says("aistd keeps only the name of the reporting entity"))
        elif rule is not None and rule.slot == "issued" and day_of(value):
            issued = day_of(value)
            journal.carried("/issued", where)
        elif key not in METADATA_FRAME:
            journal.lost(where, value, NO_SLOT)
    return entity, issued


def _parse(text: str) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """The BOM as data in the JSON encoding's shape, with the line and column of its values, from any of the
    CycloneDX encodings given as text (JSON, XML, protobuf text); ConversionError for anything else."""
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head == "<":
        return bom_from_xml(text)
    if head != "{":
        if "proto-message: Bom" in text[:500] or "spec_version:" in text[:2000]:
            return bom_from_textproto(text), {}
        raise ConversionError(says("not a CycloneDX BOM in JSON, XML or protobuf text"), 1, 1)
    try:
        data = parse_text(text, "bom.json").data  # the name only makes the loader read JSON
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    if not isinstance(data, dict) or data.get("bomFormat") != "CycloneDX":
        raise ConversionError(says('not a CycloneDX BOM: "bomFormat" is not "CycloneDX"'), 1, 1)
    return data, value_positions(text)


def _disclosure_id(bom: dict[str, Any], text: str, journal: Journal) -> str:
    serial = bom.get("serialNumber")
    if isinstance(serial, str) and serial:
        journal.carried("/id", "/serialNumber")
        return serial
    derived = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'cyclonedx:' + hashlib.sha256(text.encode()).hexdigest())}"
    journal.filled("/id", derived, says("the BOM has no serialNumber; an id is derived from its content"))
    return derived


def _read_components(
    components: list[tuple[str, dict[str, Any]]], entity: str | None, journal: Journal
) -> tuple[list[dict], list[dict]]:
    """The AI systems and footprints of the ML components, with footprint ids unique per system and stage."""
    systems: list[dict[str, Any]] = []
    footprints: list[dict[str, Any]] = []
    taken: set[str] = set()
    for pointer, component in components:
        found = (
            read_properties(component["properties"], f"{pointer}/properties", journal)
            if "properties" in component
            else []
        )
        system = _read_system(pointer, component, len(systems), journal, taken, found)
        systems.append(system)
        env = _environment(pointer, component, journal)
        owner = _Owner(system["id"], entity, len(footprints))
        footprints.extend(_read_environment(env, f"{pointer}/{'/'.join(ENVIRONMENT)}", owner, journal))
        for at, carried in found:
            if carried.scope == "footprint" and carried.slot is None:
                journal.carried(f"/footprints/{len(footprints)}", at + "/value")
                footprints.append(carried.value)
            elif carried.scope != "system":
                journal.lost(at, carried.value, says("not a property of an AI system or a footprint"))
    unnamed = [f for f in footprints if not f.get("id")]
    number_footprints(unnamed)
    return systems, footprints


def read_bom(text: str, path: str = "") -> Conversion:
    """The BOM's ML components and their energy consumptions as a canonical disclosure, from JSON, XML or
    protobuf text (the path is not needed: a BOM is told by its content)."""
    bom, positions = _parse(text)
    return _read_parsed(bom, positions, text)


def read_binary_bom(data: bytes, path: str = "") -> Conversion:
    """A CycloneDX BOM in the protobuf binary encoding (`.cdx.bin`, `.cdx.pb`) as a canonical disclosure."""
    return _read_parsed(bom_from_protobuf(data), {}, data.hex()[:4096])


def _read_parsed(bom: dict[str, Any], positions: dict[str, tuple[int, int]], text: str) -> Conversion:
    """A BOM given as data in the JSON encoding's shape, as a canonical disclosure; `text` names it when it has no
    serial number."""
    journal = Journal(positions, abridged=True)
    entity, issued = _read_metadata(bom, journal)
    components = list(_ml_components(bom, journal))
    if not components and not _written_by_aistd(bom.get("properties")):
        raise ConversionError(says("the BOM has no component of type {type}: nothing to convert", type=ML_TYPE), 1, 1)
    found: list[tuple[str, CarriedValue]] = []
    for key, value in bom.items():
        if key == "properties":
            found = read_properties(value, "/properties", journal)
        elif key not in FRAME_KEYS | {"metadata", "components"}:
            journal.lost(f"/{escape(key)}", value, says("not about an AI system's environmental footprint"))
    parts = {c.slot: (at, c.value) for at, c in found if c.scope == "disclosure" and c.slot is not None}
    identifier = parts["id"][1] if "id" in parts else _disclosure_id(bom, text, journal)
    document = disclosure_shell(journal, identifier, None, None, entity)
    if issued is not None:
        document["issued"] = issued
    systems, footprints = _read_components(components, entity, journal)
    footprints.extend(c.value for _, c in found if c.scope == "footprint" and c.slot is None)
    document["ai_systems"] = systems
    if footprints:
        document["footprints"] = footprints
    _apply_disclosure_properties(document, parts, journal)
    for at, carried in found:
        if carried.scope == "system" or (carried.scope == "footprint" and carried.slot is not None):
            journal.lost(at, carried.value, says("not a property of the disclosure"))
    return journal.conversion("cyclonedx", "aistd", document)


def _apply_disclosure_properties(document: dict[str, Any], parts: dict[str, tuple[str, Any]], journal: Journal) -> None:
    """The top-level parts the BOM's `aistd:` properties carry, and the footprints put back in their order."""
    for slot, (at, value) in parts.items():
        if slot == FOOTPRINT_ORDER:
            continue
        if slot in ("reporting_entity", "reporting_period"):
            journal.withdraw_fills(f"/{slot}")
        document[slot] = value
        journal.carried(f"/{slot}", at + "/value")
    order = parts.get(FOOTPRINT_ORDER, (None, None))[1]
    footprints = document.get("footprints") or []
    if not isinstance(order, list) or sorted(map(str, order)) != sorted(str(f.get("id")) for f in footprints):
        return
    rank = {str(identifier): i for i, identifier in enumerate(order)}
    moved = sorted(range(len(footprints)), key=lambda i: rank[str(footprints[i].get("id"))])
    footprints[:] = [footprints[i] for i in moved]
    journal.renumber("/footprints", {old: new for new, old in enumerate(moved)})
