"""Writing an SPDX 3.0.1 JSON-LD document: creation info, the reporting organisation, and one AI package per
AI system whose energy consumption lists hold its footprints' energy (decimals as strings, no exponent). What SPDX's
own properties cannot hold goes into `aistd:` properties of a CdxPropertiesExtension (`aistd.conversion.carry`):
each footprint whole on its package, the disclosure's other parts on the SpdxDocument."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from typing import Any

from aistd.conversion.carry import FILLED, FOOTPRINT_ORDER, property_entry
from aistd.conversion.dates import ISO_DAY
from aistd.conversion.disclosure import is_placeholder, is_stated_name
from aistd.conversion.fields import field_number, slot_fields
from aistd.conversion.formats.spdx3.terms import (
    CONTEXT,
    ENERGY_KEY,
    PACKAGE_TYPE,
    QUANTITY_KEY,
    SPEC_VERSION,
    SYSTEM_SLOTS,
    UNIT_KEY,
    VOCABULARY,
    compact_key,
    decimal_text,
    energy_units,
    stage_keys,
)
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.model.message import says

NATIVE = {"schema_version", "ai_systems", "footprints"}
EXTENSION_TYPE, ENTRY_TYPE = "extension_CdxPropertiesExtension", "extension_CdxPropertyEntry"


def element_iri(disclosure_id: str, role: str) -> str:
    """The spdxId of one element written for a disclosure: a name-based UUID URN of the id and the role."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, disclosure_id)
    return f"urn:uuid:{uuid.uuid5(namespace, role)}"


def _write_quantity(value: Any, where: str, journal: Journal) -> dict[str, Any] | None:
    """An aistd energy quantity as an EnergyConsumptionDescription (kWh or MJ kept, any other unit as kWh)."""
    by_ucum = {rule.unit: name for name, rule in energy_units().items()}
    unit = value.get("unit") if isinstance(value, dict) else None
    name = by_ucum.get(unit)
    rule = energy_units()[name] if name else slot_fields(VOCABULARY)["energy_consumption"]
    number = field_number(rule, value)
    if number is None:
        journal.lost(where, value, says("not an energy quantity in a unit aistd admits"))
        return None
    return {
        "type": "ai_EnergyConsumptionDescription",
        QUANTITY_KEY: decimal_text(number),
        UNIT_KEY: name or by_ucum[rule.unit],
    }


def write_energy(footprint: dict[str, Any], energy: dict[str, list]) -> None:
    """One footprint's energy into the list of its stage, when SPDX has a list for the stage and the energy can be
    written (the footprint itself is carried whole in an `aistd:footprint` property either way)."""
    stage = footprint.get("stage")
    key = stage_keys().get(stage) if isinstance(stage, str) else None
    if key is None or "energy_consumption" not in footprint:
        return
    description = _write_quantity(footprint["energy_consumption"], "", Journal())
    if description is not None:
        energy.setdefault(key, []).append(description)


def extension(properties: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The `extension` of an element that carries these `aistd:` properties."""
    entries = [
        {"type": ENTRY_TYPE, "extension_cdxPropName": p["name"], "extension_cdxPropValue": p["value"]}
        for p in properties
    ]
    return [{"type": EXTENSION_TYPE, "extension_cdxProperty": entries}]


def _write_package(system: dict[str, Any], footprints: list[dict], iri: str) -> dict:
    """One AI system as an ai_AIPackage with the energy of its footprints; its id, its other slots and its
    footprints whole are `aistd:` properties."""
    package: dict[str, Any] = {"type": PACKAGE_TYPE, "spdxId": iri, "creationInfo": "_:creationinfo"}
    targets = {rule.slot: rule.field for rule in slot_fields(VOCABULARY).values()}
    carried = [property_entry("system", "id", system.get("id"))]
    for slot, value in system.items():
        target = targets.get(slot)
        if slot in SYSTEM_SLOTS and target is not None and isinstance(value, str) and value:
            package[compact_key(target)] = value
        elif slot != "id":
            carried.append(property_entry("system", slot, value))
    energy: dict[str, list[dict[str, Any]]] = {}
    for footprint in footprints:
        write_energy(footprint, energy)
        carried.append(property_entry("footprint", None, footprint))
    if energy:
        package[ENERGY_KEY] = {"type": "ai_EnergyConsumption", **{k: energy[k] for k in sorted(energy)}}
    package["extension"] = extension(carried)
    return package


def _created(disclosure: dict[str, Any], journal: Journal) -> str:
    """CreationInfo.created: the issue day at midnight UTC, else the time of conversion (filled).

    The time of conversion honours SOURCE_DATE_EPOCH (reproducible-builds.org), so outputs can be made stable.
    """
    issued = disclosure.get("issued")
    if isinstance(issued, str) and ISO_DAY.match(issued):
        return f"{issued}T00:00:00Z"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return journal.filled(
        "/@graph/0/created",
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        says("SPDX requires a creation time and the disclosure states no issue day"),
    )


def _agent(disclosure: dict[str, Any], identifier: str, journal: Journal) -> dict[str, Any]:
    """The organisation that created the document: the reporting entity, unnamed (and filled) when unknown."""
    agent = {
        "type": "Organization",
        "spdxId": element_iri(identifier, "reporting-entity"),
        "creationInfo": "_:creationinfo",
    }
    entity = disclosure.get("reporting_entity")
    if is_stated_name(entity):
        agent["name"] = entity["name"]  # type: ignore[index]
    else:
        reason = says(
            "SPDX requires a creating agent and the disclosure names no reporting entity: an unnamed organisation"
        )
        journal.filled("/@graph/1", dict(agent), reason)
    return agent


def _carried_parts(disclosure: dict[str, Any], orphans: list[dict[str, Any]], filled: list[str]) -> list[dict]:
    """The `aistd:` properties of the SpdxDocument: the disclosure's id and the parts SPDX has no property for."""
    carried = [property_entry("disclosure", "id", disclosure.get("id"))]
    entity = disclosure.get("reporting_entity")
    for key, value in disclosure.items():
        if key in NATIVE | {"id"} or is_placeholder(key, value):
            continue
        if key == "reporting_entity" and is_stated_name(entity) and set(entity) == {"name"}:  # type: ignore[arg-type]
            continue
        if key == "issued" and isinstance(value, str) and ISO_DAY.match(value):
            continue
        carried.append(property_entry("disclosure", key, value))
    carried.extend(property_entry("footprint", None, footprint) for footprint in orphans)
    footprints = [f for f in disclosure.get("footprints") or [] if isinstance(f, dict)]
    if len(footprints) > 1:
        carried.append(property_entry("disclosure", FOOTPRINT_ORDER, [f.get("id") for f in footprints]))
    if filled:
        carried.append(property_entry("disclosure", FILLED, filled))
    return carried


def _not_objects(disclosure: dict[str, Any], journal: Journal) -> None:
    """Systems and footprints that are not objects have no place anywhere: they are reported lost."""
    for key in ("ai_systems", "footprints"):
        items = disclosure.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                journal.lost(f"/{key}/{i}", item, says("not an object"))


def write_document(disclosure: dict[str, Any]) -> Conversion:
    """A valid SPDX 3.0.1 JSON-LD document: creation info, the reporting organisation, one AI package per system,
    and everything SPDX's own properties cannot hold in `aistd:` extension properties."""
    if not isinstance(disclosure, dict):
        raise ConversionError(says("the disclosure is not an object"))
    journal = Journal(abridged=True)
    identifier = str(disclosure.get("id", ""))
    _not_objects(disclosure, journal)
    agent = _agent(disclosure, identifier, journal)
    created = _created(disclosure, journal)
    creation = {
        "type": "CreationInfo",
        "@id": "_:creationinfo",
        "specVersion": SPEC_VERSION,
        "created": created,
        "createdBy": [agent["spdxId"]],
    }
    systems = [s for s in disclosure.get("ai_systems") or [] if isinstance(s, dict)]
    footprints = [f for f in disclosure.get("footprints") or [] if isinstance(f, dict)]
    known = {s.get("id") for s in systems}
    packages = [
        _write_package(
            s,
            [f for f in footprints if f.get("system") == s.get("id")],
            element_iri(identifier, f"ai-system:{s.get('id')}"),
        )
        for s in systems
    ]
    orphans = [f for f in footprints if f.get("system") not in known]
    filled = ["issued"] if "issued" not in disclosure else []
    if not is_stated_name(disclosure.get("reporting_entity")):
        filled.append("reporting_entity")  # the unnamed organisation SPDX requires as creator
    document = {
        "type": "SpdxDocument",
        "spdxId": element_iri(identifier, "document"),
        "creationInfo": "_:creationinfo",
        # `extension` is not claimed: with the 3.0.1 context the value "extension" expands to the Core property of
        # that name, not to ProfileIdentifierType/extension, and the document then fails the SHACL model
        "profileConformance": ["core", "software", "ai"] if packages else ["core"],
        "rootElement": [p["spdxId"] for p in packages],
        "element": [agent["spdxId"], *(p["spdxId"] for p in packages)],
        "extension": extension(_carried_parts(disclosure, orphans, filled)),
    }
    if not packages:
        del document["rootElement"]
    data = {"@context": CONTEXT, "@graph": [creation, agent, document, *packages]}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return journal.conversion("aistd", "spdx3", text)
