"""Writing an SPDX 3.0.1 JSON-LD document: creation info, the reporting organisation, and one AI package per
AI system whose energy consumption lists hold its footprints' energy (decimals as strings, no exponent)."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from typing import Any

from aistd.conversion.dates import ISO_DAY
from aistd.conversion.disclosure import is_placeholder, is_stated_name
from aistd.conversion.fields import field_number, slot_fields
from aistd.conversion.footprints import footprints_by_system
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
    curie,
    decimal_text,
    energy_units,
    stage_keys,
    stage_properties,
)
from aistd.conversion.journal import Conversion, ConversionError, Journal

CARRIED = {"id", "schema_version", "reporting_entity", "issued", "ai_systems", "footprints"}


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
        journal.lost(where, value, "not an energy quantity in a unit aistd admits")
        return None
    return {
        "type": "ai_EnergyConsumptionDescription",
        QUANTITY_KEY: decimal_text(number),
        UNIT_KEY: name or by_ucum[rule.unit],
    }


def _write_footprint(footprint: dict[str, Any], index: int, energy: dict[str, list], journal: Journal) -> None:
    """One footprint's energy into the list of its stage; everything else it holds is reported lost."""
    where = f"/footprints/{index}"
    stage = footprint.get("stage")
    key = stage_keys().get(stage) if isinstance(stage, str) else None
    if key is None:
        journal.lost(
            where, footprint, f"SPDX 3.0.1 records energy only for training, fine-tuning and inference, not {stage}"
        )
        return
    if stage_properties().get(curie(key)) != stage:
        journal.lost(where + "/stage", stage, f"SPDX has no energy list of its own for {stage}; written as {key}")
    for slot, value in footprint.items():
        if slot in ("stage", "system"):
            continue
        if slot == "energy_consumption":
            description = _write_quantity(value, f"{where}/{slot}", journal)
            if description is not None:
                energy.setdefault(key, []).append(description)
        elif slot == "id":
            journal.lost(f"{where}/{slot}", value, "SPDX energy descriptions have no identifier")
        else:
            journal.lost(f"{where}/{slot}", value, f"SPDX 3.0.1 AI energy consumption has no place for {slot}")


def _write_package(
    system: dict[str, Any], index: int, footprints: list[tuple[int, dict]], iri: str, journal: Journal
) -> dict:
    """One AI system as an ai_AIPackage with the energy of its footprints."""
    package: dict[str, Any] = {"type": PACKAGE_TYPE, "spdxId": iri, "creationInfo": "_:creationinfo"}
    targets = {rule.slot: rule.field for rule in slot_fields(VOCABULARY).values()}
    for slot, value in system.items():
        target = targets.get(slot)
        if slot in SYSTEM_SLOTS and target is not None:
            package[compact_key(target)] = str(value)
        elif slot != "id":
            journal.lost(f"/ai_systems/{index}/{slot}", value, f"an SPDX AI package has no place for {slot}")
    energy: dict[str, list[dict[str, Any]]] = {}
    for position, footprint in footprints:
        _write_footprint(footprint, position, energy, journal)
    if energy:
        package[ENERGY_KEY] = {"type": "ai_EnergyConsumption", **{k: energy[k] for k in sorted(energy)}}
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
        "SPDX requires a creation time and the disclosure states no issue day",
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
        reason = "SPDX requires a creating agent and the disclosure names no reporting entity: an unnamed organisation"
        journal.filled("/@graph/1", dict(agent), reason)
    return agent


def _top_losses(disclosure: dict[str, Any], journal: Journal) -> None:
    journal.lost("/id", disclosure.get("id"), "SPDX element ids are IRIs: written as name-based UUID URNs of the id")
    for key, value in disclosure.items():
        if key not in CARRIED and not (key == "reporting_period" and is_placeholder(key, value)):
            journal.lost(f"/{key}", value, "an SPDX 3.0.1 document has no place for it")
    entity = disclosure.get("reporting_entity")
    for key, value in (entity or {}).items() if isinstance(entity, dict) else []:
        if key not in ("name", "not_stated"):
            journal.lost(f"/reporting_entity/{key}", value, "aistd writes only the name of the creating organisation")


def write_document(disclosure: dict[str, Any]) -> Conversion:
    """A valid SPDX 3.0.1 JSON-LD document: creation info, the reporting organisation, one AI package per system."""
    if not isinstance(disclosure, dict):
        raise ConversionError("the disclosure is not an object")
    journal = Journal(abridged=True)
    identifier = str(disclosure.get("id", ""))
    _top_losses(disclosure, journal)
    agent = _agent(disclosure, identifier, journal)
    creation = {
        "type": "CreationInfo",
        "@id": "_:creationinfo",
        "specVersion": SPEC_VERSION,
        "created": _created(disclosure, journal),
        "createdBy": [agent["spdxId"]],
    }
    systems = [s for s in disclosure.get("ai_systems") or [] if isinstance(s, dict)]
    grouped = footprints_by_system(disclosure, systems, journal)
    packages = [
        _write_package(s, i, grouped.get(s.get("id"), []), element_iri(identifier, f"ai-system:{s.get('id')}"), journal)
        for i, s in enumerate(systems)
    ]
    document = {
        "type": "SpdxDocument",
        "spdxId": element_iri(identifier, "document"),
        "creationInfo": "_:creationinfo",
        "profileConformance": ["core", "software"],
        "rootElement": [p["spdxId"] for p in packages],
        "element": [agent["spdxId"], *(p["spdxId"] for p in packages)],
    }
    if not packages:
        del document["rootElement"]
    data = {"@context": CONTEXT, "@graph": [creation, agent, document, *packages]}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return journal.conversion("aistd", "spdx3", text)
