"""SPDX 3.0.1 JSON-LD documents: the energy consumption of AI packages (SPDX AI profile).

Each `ai_AIPackage` element is one AI system; each entry of its `ai_energyConsumption` lists
(`ai_trainingEnergyConsumption`, `ai_finetuningEnergyConsumption`, `ai_inferenceEnergyConsumption`) is one
stage footprint with energy only. Which property carries which aistd slot, the stage each list names and
the energy units come from the `spdx3-ai` crosswalk; this module knows the JSON-LD layout (the `@graph`,
compact keys, node references) and how SPDX spells values (decimals as strings without exponent).
The context is never fetched: reading only checks its address; writing names the 3.0.1 context.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from aistd.conversion.fields import RANK, FieldRule, field_rules, from_slot_value, slot_fields, tidy, to_slot_value
from aistd.conversion.formats.base import UNKNOWN_ENTITY, ReadState, brief, disclosure_shell
from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
from aistd.knowledge.crosswalks import rows
from aistd.load import LoadError, parse_text, value_positions

VOCABULARY = "spdx3-ai"
CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
SPEC_VERSION = "3.0.1"
CONTEXT_PATTERN = re.compile(r"^https?://spdx\.org/rdf/3(\.\d+)*/spdx-context\.jsonld$")
TERMS = "https://spdx.org/rdf/3.0.1/terms/"
# SPDX compact JSON-LD keys carry their profile as a prefix (`ai_`, `software_`...); Core terms have none.
KEY_PREFIXES = {"ai": "spdx_ai", "software": "spdx_software"}
CORE_PREFIX = "spdx_core"
PACKAGE_TYPE = "ai_AIPackage"
ENERGY_KEY = "ai_energyConsumption"
QUANTITY_KEY, UNIT_KEY = "ai_energyQuantity", "ai_energyUnit"
UNIT_VOCABULARY = "spdx_ai:EnergyUnitType/"
DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]*)?$")
# Keys that frame an element (identity, type, provenance link) rather than state anything about it.
FRAME_KEYS = {"@context", "type", "@type", "spdxId", "@id", "creationInfo"}
DOCUMENT_FRAME_KEYS = FRAME_KEYS | {"profileConformance", "rootElement", "element"}
SYSTEM_SLOTS = ("name", "version")
# the reporting period a reader fills in when its source states none: not worth reporting as lost
PLACEHOLDER_PERIOD = disclosure_shell("", None, None, [])["reporting_period"]


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _curie(key: str) -> str:
    """The crosswalk identifier of a compact SPDX JSON-LD key (`software_packageVersion` -> spdx_software:...)."""
    profile, _, rest = key.partition("_")
    if rest and profile in KEY_PREFIXES:
        return f"{KEY_PREFIXES[profile]}:{rest}"
    return f"{CORE_PREFIX}:{key}"


def _compact_type(value: Any) -> Any:
    """A type written as a full SPDX IRI (…/terms/AI/AIPackage) in its compact form (ai_AIPackage)."""
    if isinstance(value, str) and value.startswith(TERMS):
        profile, _, name = value[len(TERMS) :].partition("/")
        return name if profile == "Core" else f"{profile.lower()}_{name}"
    return value


def _node_type(node: Any) -> Any:
    return _compact_type(node.get("type", node.get("@type"))) if isinstance(node, dict) else None


def _node_id(node: dict[str, Any]) -> Any:
    return node.get("spdxId", node.get("@id"))


def _best_rows(enum: str, prefix: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """External term (after `prefix`) -> (aistd enum value, row), the best-ranked row for each term."""
    best: dict[str, tuple[int, str, dict[str, Any]]] = {}
    for row in rows(VOCABULARY):
        subject = row["subject_id"].split(":", 1)[1]
        rank = RANK.get(row["predicate_id"])
        if rank is None or not subject.startswith(enum + ".") or not row["object_id"].startswith(prefix):
            continue
        external = row["object_id"][len(prefix) :]
        if external not in best or rank < best[external][0]:
            best[external] = (rank, subject[len(enum) + 1 :], row)
    return {external: (value, row) for external, (_, value, row) in best.items()}


@cache
def stage_properties() -> dict[str, str]:
    """Energy consumption property (crosswalk id) -> aistd stage, from the LifecycleStage rows."""
    found = _best_rows("LifecycleStage", "spdx_ai:")
    return {f"spdx_ai:{prop}": stage for prop, (stage, _) in found.items() if prop.endswith("EnergyConsumption")}


@cache
def stage_keys() -> dict[str, str]:
    """aistd stage -> the compact key of the energy list it is written to (exact rows first)."""
    best: dict[str, tuple[int, str]] = {}
    for row in rows(VOCABULARY):
        subject = row["subject_id"].split(":", 1)[1]
        rank = RANK.get(row["predicate_id"])
        if rank is None or not subject.startswith("LifecycleStage.") or row["object_id"] not in stage_properties():
            continue
        stage = subject.removeprefix("LifecycleStage.")
        if stage not in best or rank < best[stage][0]:
            best[stage] = (rank, "ai_" + row["object_id"].removeprefix("spdx_ai:"))
    return {stage: key for stage, (_, key) in best.items()}


@cache
def energy_units() -> dict[str, FieldRule]:
    """SPDX energy unit name -> the energyQuantity rule in that unit (kilowattHour, megajoule; never other)."""
    quantity = field_rules(VOCABULARY)["spdx_ai:energyQuantity"]
    return {
        name: replace(quantity, unit=row["object_unit"], factor=row["unit_conversion_factor"])
        for name, (_, row) in _best_rows("EnergyUnit", UNIT_VOCABULARY).items()
    }


def _decimal_text(number: float | int) -> str:
    """A number as SPDX writes an xsd:decimal: digits and a point, never an exponent (3.6e-06 -> 0.0000036)."""
    return format(Decimal(repr(number)) if isinstance(number, float) else Decimal(number), "f")


def _read_decimal(raw: Any) -> float | int | None:
    """An energyQuantity (a JSON number, or a decimal string) as a number, or None when it is not one."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return raw
    if not isinstance(raw, str):
        return None
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return int(value) if DECIMAL.match(raw.strip()) and "." not in raw else tidy(float(value))


# --- reading ----------------------------------------------------------------------------------------


@dataclass
class _Graph:
    """The document's nodes, by identifier, and which of them the conversion has used."""

    nodes: list[Any]
    pointers: dict[int, str]
    by_id: dict[str, dict[str, Any]]
    used: set[int] = field(default_factory=set)

    def resolve(self, value: Any) -> tuple[Any, str | None]:
        """A node given inline or by reference, with its pointer when it is a top-level node."""
        if isinstance(value, str) and value in self.by_id:
            node = self.by_id[value]
            self.used.add(id(node))
            return node, self.pointers.get(id(node))
        return value, None


@dataclass
class _Reader(ReadState):
    """What one read has carried, lost and filled so far, and where the source values sit."""


def _parse(text: str) -> tuple[dict[str, Any], _Graph]:
    """The document and its graph, or ConversionError for anything that is not SPDX 3 JSON-LD."""
    if text.lstrip("\ufeff \t\r\n")[:1] != "{":
        raise ConversionError(
            "not an SPDX 3 JSON-LD document: only the JSON-LD serialisation of SPDX 3 is supported", 1, 1
        )
    try:
        data = parse_text(text, "document.json").data  # the name only makes the loader read JSON
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    context = data.get("@context") if isinstance(data, dict) else None
    if not isinstance(context, str) or not CONTEXT_PATTERN.match(context):
        raise ConversionError(
            f"not an SPDX 3 JSON-LD document: its @context is not the SPDX 3 context ({CONTEXT})", 1, 1
        )
    if "@graph" in data:
        graph = data["@graph"] if isinstance(data["@graph"], list) else []
        pointers = {id(node): f"/@graph/{i}" for i, node in enumerate(graph)}
    else:
        graph = [data]
        pointers = {id(data): ""}
    by_id = {_node_id(n): n for n in graph if isinstance(n, dict) and isinstance(_node_id(n), str)}
    return data, _Graph(graph, pointers, by_id)


def _creation(graph: _Graph, document: dict[str, Any] | None, packages: list[dict[str, Any]]) -> tuple[Any, str]:
    """The CreationInfo that dates the disclosure: the document's, else the first package's."""
    for owner in ([document] if document else []) + packages:
        info, pointer = graph.resolve(owner.get("creationInfo"))
        if isinstance(info, dict):
            return info, pointer if pointer is not None else f"{graph.pointers.get(id(owner), '')}/creationInfo"
    return None, ""


def _agent_name(graph: _Graph, agents: Any, where: str, reader: _Reader) -> str | None:
    """The name of the creating agent, preferring an organisation; agents without a name are reported."""
    named: list[tuple[bool, str, str]] = []
    for i, reference in enumerate(agents if isinstance(agents, list) else [agents]):
        agent, pointer = graph.resolve(reference)
        if isinstance(agent, dict) and isinstance(agent.get("name"), str) and agent["name"]:
            named.append((_node_type(agent) != "Organization", agent["name"], f"{pointer}/name"))
        else:
            reader.lost(f"{where}/{i}", reference, "the creating agent has no name in the document")
    if not named:
        return None
    named.sort()
    _, name, pointer = named[0]
    reader.carried("/reporting_entity/name", pointer)
    for _, other, other_pointer in named[1:]:
        reader.lost(other_pointer, other, "aistd names one reporting entity; another creator of the document")
    return name


def _read_creation(graph: _Graph, info: Any, pointer: str, reader: _Reader) -> tuple[str | None, str | None]:
    """The reporting entity's name and the issue day, from a CreationInfo; the rest is reported lost."""
    entity = issued = None
    if not isinstance(info, dict):
        return entity, issued
    graph.used.add(id(info))
    for key, value in info.items():
        rule, where = field_rules(VOCABULARY).get(_curie(key)), f"{pointer}/{_escape(key)}"
        if rule is not None and rule.slot == "reporting_entity":
            entity = _agent_name(graph, value, where, reader)
        elif (
            rule is not None
            and rule.slot == "issued"
            and isinstance(value, str)
            and re.match(r"^\d{4}-\d{2}-\d{2}", value)
        ):
            issued = value[:10]
            reader.carried("/issued", where)
        elif key not in FRAME_KEYS | {"specVersion"}:
            reader.lost(where, value, "aistd has no slot for this field")
    return entity, issued


def _read_description(item: Any, where: str, canonical: str, reader: _Reader) -> dict[str, Any] | None:
    """One EnergyConsumptionDescription as an aistd energy quantity, or None (and a loss)."""
    if not isinstance(item, dict):
        reader.lost(where, item, "not an EnergyConsumptionDescription object")
        return None
    for key, value in item.items():
        if key not in FRAME_KEYS | {QUANTITY_KEY, UNIT_KEY}:
            reader.lost(f"{where}/{_escape(key)}", value, "aistd has no slot for this field")
    unit = item.get(UNIT_KEY)
    unit_name = unit.rsplit("/", 1)[-1] if isinstance(unit, str) else unit
    number = _read_decimal(item.get(QUANTITY_KEY))
    rule = energy_units().get(unit_name) if isinstance(unit_name, str) else None
    if rule is None or number is None:
        reason = (
            f"energy unit {unit_name!r} names no unit, so the quantity cannot be carried"
            if number is not None
            else "the energy quantity is not a decimal number"
        )
        reader.lost(where, {QUANTITY_KEY: item.get(QUANTITY_KEY), UNIT_KEY: unit}, reason)
        return None
    reader.carried(canonical, where)
    reader.carried(canonical + "/value", f"{where}/{QUANTITY_KEY}")
    reader.carried(canonical + "/unit", f"{where}/{UNIT_KEY}")
    return to_slot_value(rule, number)


def _read_energy(graph: _Graph, raw: Any, where: str, system: str, first: int, reader: _Reader) -> list[dict]:
    """The footprints of one EnergyConsumption: one per description, the stage named by its list."""
    node, pointer = graph.resolve(raw)
    where = pointer if pointer is not None else where
    if not isinstance(node, dict):
        reader.lost(where, raw, "not an EnergyConsumption object")
        return []
    footprints: list[dict[str, Any]] = []
    for key, value in node.items():
        stage = stage_properties().get(_curie(key))
        if stage is None:
            if key not in FRAME_KEYS:
                reader.lost(f"{where}/{_escape(key)}", value, "aistd has no slot for this field")
            continue
        for i, reference in enumerate(value if isinstance(value, list) else [value]):
            item, item_pointer = graph.resolve(reference)
            item_where = item_pointer if item_pointer is not None else f"{where}/{_escape(key)}/{i}"
            canonical = f"/footprints/{first + len(footprints)}"
            energy = _read_description(item, item_where, canonical + "/energy_consumption", reader)
            if energy is not None:
                reader.carried(canonical, item_where)
                reader.carried(canonical + "/stage", f"{where}/{_escape(key)}")
                footprints.append({"id": "", "system": system, "stage": stage, "energy_consumption": energy})
    return footprints


def _read_package(graph: _Graph, package: dict[str, Any], index: int, first: int, reader: _Reader) -> tuple[dict, list]:
    """One AI package as an AI system and its footprints; its other properties are reported lost."""
    pointer = graph.pointers.get(id(package), "")
    canonical = f"/ai_systems/{index}"
    system: dict[str, Any] = {"id": _node_id(package)}
    reader.carried(canonical, pointer)
    reader.carried(canonical + "/id", pointer + "/spdxId")
    footprints: list[dict[str, Any]] = []
    for key, value in package.items():
        rule, where = field_rules(VOCABULARY).get(_curie(key)), f"{pointer}/{_escape(key)}"
        if key == ENERGY_KEY:
            footprints = _read_energy(graph, value, where, system["id"], first, reader)
        elif rule is not None and rule.slot in SYSTEM_SLOTS and isinstance(value, str):
            if value:
                system[rule.slot] = value
                reader.carried(f"{canonical}/{rule.slot}", where)
        elif key not in FRAME_KEYS:
            reader.lost(where, value, "aistd keeps only the name, version and energy consumption of an AI package")
    if not system.get("name"):
        system["name"] = system["id"]
        reader.fills.append(Fill(f"{canonical}/name", system["id"], "the AI package has no name; its spdxId is used"))
    return system, footprints


def _read_document(graph: _Graph, reader: _Reader) -> tuple[dict[str, Any] | None, str | None]:
    """The SpdxDocument element and the disclosure id it gives (its spdxId); its own properties are reported."""
    document = next((n for n in graph.nodes if _node_type(n) == "SpdxDocument"), None)
    if document is None:
        return None, None
    graph.used.add(id(document))
    pointer = graph.pointers.get(id(document), "")
    for key, value in document.items():
        if key not in DOCUMENT_FRAME_KEYS:
            reader.lost(f"{pointer}/{_escape(key)}", value, "aistd has no slot for this field")
    identifier = _node_id(document)
    if isinstance(identifier, str):
        reader.carried("/id", pointer + "/spdxId")
        return document, identifier
    return document, None


def _unused_losses(graph: _Graph, reader: _Reader) -> None:
    """One loss for the elements the conversion did not use, counted by type."""
    unused = Counter(str(_node_type(n)) for n in graph.nodes if id(n) not in graph.used)
    if unused:
        reader.lost("/@graph", dict(sorted(unused.items())), "elements that are not AI packages carry no footprint")


def _number_footprints(footprints: list[dict[str, Any]]) -> None:
    seen: Counter[str] = Counter()
    for footprint in footprints:
        base = f"{footprint['system']}-{footprint['stage']}"
        seen[base] += 1
        footprint["id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"


# --- writing ----------------------------------------------------------------------------------------


def element_iri(disclosure_id: str, role: str) -> str:
    """The spdxId of one element written for a disclosure: a name-based UUID URN of the id and the role."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, disclosure_id)
    return f"urn:uuid:{uuid.uuid5(namespace, role)}"


@dataclass
class _Writer:
    """What one write could not carry or had to fill."""

    losses: list[Loss] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)

    def lost(self, where: str, value: Any, reason: str) -> None:
        self.losses.append(Loss(where, brief(value), reason))


def _write_quantity(value: Any, where: str, writer: _Writer) -> dict[str, Any] | None:
    """An aistd energy quantity as an EnergyConsumptionDescription (kWh or MJ kept, any other unit as kWh)."""
    by_ucum = {rule.unit: name for name, rule in energy_units().items()}
    unit = value.get("unit") if isinstance(value, dict) else None
    name = by_ucum.get(unit)
    rule = energy_units()[name] if name else slot_fields(VOCABULARY)["energy_consumption"]
    try:
        number = from_slot_value(rule, value)
    except ValueError:
        number = None
    if not isinstance(number, int | float) or isinstance(number, bool):
        writer.lost(where, value, "not an energy quantity in a unit aistd admits")
        return None
    return {
        "type": "ai_EnergyConsumptionDescription",
        QUANTITY_KEY: _decimal_text(number),
        UNIT_KEY: name or by_ucum[rule.unit],
    }


def _write_footprint(footprint: dict[str, Any], index: int, energy: dict[str, list], writer: _Writer) -> None:
    """One footprint's energy into the list of its stage; everything else it holds is reported lost."""
    where = f"/footprints/{index}"
    stage = footprint.get("stage")
    key = stage_keys().get(stage) if isinstance(stage, str) else None
    if key is None:
        writer.lost(
            where, footprint, f"SPDX 3.0.1 records energy only for training, fine-tuning and inference, not {stage}"
        )
        return
    if stage_properties().get(_curie(key)) != stage:
        writer.lost(where + "/stage", stage, f"SPDX has no energy list of its own for {stage}; written as {key}")
    for slot, value in footprint.items():
        if slot in ("stage", "system"):
            continue
        if slot == "energy_consumption":
            description = _write_quantity(value, f"{where}/{slot}", writer)
            if description is not None:
                energy.setdefault(key, []).append(description)
        elif slot == "id":
            writer.lost(f"{where}/{slot}", value, "SPDX energy descriptions have no identifier")
        else:
            writer.lost(f"{where}/{slot}", value, f"SPDX 3.0.1 AI energy consumption has no place for {slot}")


def _write_package(
    system: dict[str, Any], index: int, footprints: list[tuple[int, dict]], iri: str, writer: _Writer
) -> dict:
    """One AI system as an ai_AIPackage with the energy of its footprints."""
    package: dict[str, Any] = {"type": PACKAGE_TYPE, "spdxId": iri, "creationInfo": "_:creationinfo"}
    targets = {rule.slot: rule.field for rule in slot_fields(VOCABULARY).values()}
    for slot, value in system.items():
        target = targets.get(slot)
        if slot in SYSTEM_SLOTS and target is not None:
            package[_compact_key(target)] = str(value)
        elif slot != "id":
            writer.lost(f"/ai_systems/{index}/{slot}", value, f"an SPDX AI package has no place for {slot}")
    energy: dict[str, list[dict[str, Any]]] = {}
    for position, footprint in footprints:
        _write_footprint(footprint, position, energy, writer)
    if energy:
        package[ENERGY_KEY] = {"type": "ai_EnergyConsumption", **{k: energy[k] for k in sorted(energy)}}
    return package


def _compact_key(curie: str) -> str:
    """The compact JSON-LD key of a crosswalk identifier (spdx_software:packageVersion -> software_packageVersion)."""
    prefix, _, name = curie.partition(":")
    profile = next((p for p, full in KEY_PREFIXES.items() if full == prefix), None)
    return f"{profile}_{name}" if profile else name


def _created(disclosure: dict[str, Any], writer: _Writer) -> str:
    """CreationInfo.created: the issue day at midnight UTC, else the time of conversion (filled).

    The time of conversion honours SOURCE_DATE_EPOCH (reproducible-builds.org), so outputs can be made stable.
    """
    issued = disclosure.get("issued")
    if isinstance(issued, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", issued):
        return f"{issued}T00:00:00Z"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    now = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    writer.fills.append(
        Fill("/@graph/0/created", now, "SPDX requires a creation time and the disclosure states no issue day")
    )
    return now


def _agent(disclosure: dict[str, Any], identifier: str, writer: _Writer) -> dict[str, Any]:
    """The organisation that created the document: the reporting entity, unnamed (and filled) when unknown."""
    agent = {
        "type": "Organization",
        "spdxId": element_iri(identifier, "reporting-entity"),
        "creationInfo": "_:creationinfo",
    }
    entity = disclosure.get("reporting_entity")
    name = entity.get("name") if isinstance(entity, dict) else None
    if isinstance(name, str) and name and name != UNKNOWN_ENTITY:
        agent["name"] = name
    else:
        reason = "SPDX requires a creating agent and the disclosure names no reporting entity: an unnamed organisation"
        writer.fills.append(Fill("/@graph/1", dict(agent), reason))
    return agent


def _group(disclosure: dict[str, Any], systems: list[dict[str, Any]], writer: _Writer) -> dict[Any, list]:
    known = {s.get("id") for s in systems}
    grouped: dict[Any, list[tuple[int, dict[str, Any]]]] = {}
    for i, footprint in enumerate(disclosure.get("footprints") or []):
        if isinstance(footprint, dict) and footprint.get("system") in known:
            grouped.setdefault(footprint["system"], []).append((i, footprint))
        else:
            writer.lost(f"/footprints/{i}", footprint, "the footprint names no AI system of the disclosure")
    return grouped


def _top_losses(disclosure: dict[str, Any], writer: _Writer) -> None:
    carried = {"id", "schema_version", "reporting_entity", "issued", "ai_systems", "footprints"}
    writer.lost("/id", disclosure.get("id"), "SPDX element ids are IRIs: written as name-based UUID URNs of the id")
    for key, value in disclosure.items():
        if key not in carried and not (key == "reporting_period" and value == PLACEHOLDER_PERIOD):
            writer.lost(f"/{key}", value, "an SPDX 3.0.1 document has no place for it")
    entity = disclosure.get("reporting_entity")
    for key, value in (entity or {}).items() if isinstance(entity, dict) else []:
        if key != "name":
            writer.lost(f"/reporting_entity/{key}", value, "aistd writes only the name of the creating organisation")


# --- the format -------------------------------------------------------------------------------------


class SPDX3Format:
    """SPDX 3.0.1 JSON-LD documents with AI packages."""

    name = "spdx3"
    vocabulary = VOCABULARY
    suffixes = (".spdx3.json", ".spdx.json", ".jsonld", ".json")

    def sniff(self, path: str, text: str) -> bool:
        """JSON whose @context is an SPDX 3 context."""
        head = text[:4096]
        return (
            text.lstrip("\ufeff \t\r\n")[:1] == "{"
            and re.search(r"spdx\.org/rdf/3[.\d]*/spdx-context", head) is not None
        )

    def read(self, text: str, path: str) -> Conversion:
        """The document's AI packages and their energy consumption as a canonical disclosure."""
        data, graph = _parse(text)
        reader = _Reader(value_positions(text))
        if data["@context"] != CONTEXT:
            reader.lost("/@context", data["@context"], "not the SPDX 3.0.1 context: read with the 3.0.1 terms")
        packages = [n for n in graph.nodes if _node_type(n) == PACKAGE_TYPE and isinstance(_node_id(n), str)]
        if not packages:
            raise ConversionError("the document has no ai_AIPackage element: nothing to convert", 1, 1)
        graph.used.update(id(p) for p in packages)
        document, identifier = _read_document(graph, reader)
        info, pointer = _creation(graph, document, packages)
        entity, issued = _read_creation(graph, info, pointer, reader)
        if identifier is None:
            identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, hashlib.sha256(text.encode()).hexdigest())}"
            reader.fills.append(
                Fill("/id", identifier, "the document has no SpdxDocument; an id is derived from its content")
            )
        disclosure = disclosure_shell(identifier, None, None, reader.fills, entity)
        if issued is not None:
            disclosure["issued"] = issued
        systems, footprints = [], []
        for package in packages:
            system, found = _read_package(graph, package, len(systems), len(footprints), reader)
            systems.append(system)
            footprints.extend(found)
        _number_footprints(footprints)
        _unused_losses(graph, reader)
        disclosure["ai_systems"] = systems
        if footprints:
            disclosure["footprints"] = footprints
        return Conversion(self.name, "aistd", disclosure, reader.losses, reader.fills, reader.origins)

    def write(self, disclosure: dict[str, Any]) -> Conversion:
        """A valid SPDX 3.0.1 JSON-LD document: creation info, the reporting organisation, one AI package per system."""
        if not isinstance(disclosure, dict):
            raise ConversionError("the disclosure is not an object")
        writer = _Writer()
        identifier = str(disclosure.get("id", ""))
        _top_losses(disclosure, writer)
        agent = _agent(disclosure, identifier, writer)
        creation = {
            "type": "CreationInfo",
            "@id": "_:creationinfo",
            "specVersion": SPEC_VERSION,
            "created": _created(disclosure, writer),
            "createdBy": [agent["spdxId"]],
        }
        systems = [s for s in disclosure.get("ai_systems") or [] if isinstance(s, dict)]
        grouped = _group(disclosure, systems, writer)
        packages = [
            _write_package(
                s, i, grouped.get(s.get("id"), []), element_iri(identifier, f"ai-system:{s.get('id')}"), writer
            )
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
        return Conversion("aistd", self.name, text, writer.losses, writer.fills)
