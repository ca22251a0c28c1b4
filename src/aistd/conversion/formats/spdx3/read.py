"""Reading an SPDX 3 JSON-LD document: each `ai_AIPackage` as an AI system, each description in its energy
consumption lists as a stage footprint, and the `aistd:` extension properties an aistd writer left
(`aistd.conversion.carry`). The context is never fetched: reading only checks its address."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aistd.conversion.carry import FILLED, FOOTPRINT_ORDER, CarriedValue, carried_values, forget_filled
from aistd.conversion.disclosure import disclosure_shell, qualify_unstated
from aistd.conversion.fields import field_rules, to_slot_value
from aistd.conversion.footprints import number_footprints
from aistd.conversion.formats.spdx3.terms import (
    CONTEXT,
    ENERGY_KEY,
    PACKAGE_TYPE,
    QUANTITY_KEY,
    SYSTEM_SLOTS,
    UNIT_KEY,
    VOCABULARY,
    curie,
    energy_units,
    node_id,
    node_type,
    read_decimal,
    stage_properties,
)
from aistd.conversion.formats.spdx3.write import ENTRY_TYPE, EXTENSION_TYPE, write_energy
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.load import LoadError, parse_text, value_positions
from aistd.model.figure import TOO_LARGE, unheld
from aistd.model.message import says
from aistd.model.pointer import escape

CONTEXT_PATTERN = re.compile(r"^https?://spdx\.org/rdf/3(\.\d+)*/spdx-context\.jsonld$")
# Keys that frame an element (identity, type, provenance link) rather than state anything about it.
FRAME_KEYS = {"@context", "type", "@type", "spdxId", "@id", "creationInfo"}
DOCUMENT_FRAME_KEYS = FRAME_KEYS | {"profileConformance", "rootElement", "element"}
CREATED_BY = "/@graph/0/createdBy"
"""Where an aistd-written document names its creator (the first node of its graph is the CreationInfo)."""
NO_SLOT = says("aistd has no slot for this field")


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


def _parse(text: str) -> tuple[dict[str, Any], _Graph]:
    """The document and its graph, or ConversionError for anything that is not SPDX 3 JSON-LD."""
    if text.lstrip("\ufeff \t\r\n")[:1] != "{":
        raise ConversionError(
            says("not an SPDX 3 JSON-LD document: only the JSON-LD serialisation of SPDX 3 is supported"), 1, 1
        )
    try:
        data = parse_text(text, "document.json").data  # the name only makes the loader read JSON
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    context = data.get("@context") if isinstance(data, dict) else None
    if not isinstance(context, str) or not CONTEXT_PATTERN.match(context):
        raise ConversionError(
            says("not an SPDX 3 JSON-LD document: its @context is not the SPDX 3 context ({context})", context=CONTEXT),
            1,
            1,
        )
    if "@graph" in data:
        graph = data["@graph"] if isinstance(data["@graph"], list) else []
        pointers = {id(node): f"/@graph/{i}" for i, node in enumerate(graph)}
    else:
        graph = [data]
        pointers = {id(data): ""}
    by_id = {node_id(n): n for n in graph if isinstance(n, dict) and isinstance(node_id(n), str)}
    return data, _Graph(graph, pointers, by_id)


def _creation(graph: _Graph, document: dict[str, Any] | None, packages: list[dict[str, Any]]) -> tuple[Any, str]:
    """The CreationInfo that dates the disclosure: the document's, else the first package's."""
    for owner in ([document] if document else []) + packages:
        info, pointer = graph.resolve(owner.get("creationInfo"))
        if isinstance(info, dict):
            return info, pointer if pointer is not None else f"{graph.pointers.get(id(owner), '')}/creationInfo"
    return None, ""


def _agent_name(graph: _Graph, agents: Any, where: str, journal: Journal) -> str | None:
    """The name of the creating agent, preferring an organisation; agents without a name are reported."""
    named: list[tuple[bool, str, str]] = []
    for i, reference in enumerate(agents if isinstance(agents, list) else [agents]):
        agent, pointer = graph.resolve(reference)
        if isinstance(agent, dict) and isinstance(agent.get("name"), str) and agent["name"]:
            named.append((node_type(agent) != "Organization", agent["name"], f"{pointer}/name"))
        else:
            journal.lost(f"{where}/{i}", reference, says("the creating agent has no name in the document"))
    if not named:
        return None
    named.sort()
    _, name, pointer = named[0]
    journal.carried("/reporting_entity/name", pointer)
    for _, other, other_pointer in named[1:]:
        journal.lost(other_pointer, other, says("aistd names one reporting entity; another creator of the document"))
    return name


def _read_creation(graph: _Graph, info: Any, pointer: str, journal: Journal) -> tuple[str | None, str | None]:
    """The reporting entity's name and the issue day, from a CreationInfo; the rest is reported lost."""
    entity = issued = None
    if not isinstance(info, dict):
        return entity, issued
    graph.used.add(id(info))
    for key, value in info.items():
        rule, where = field_rules(VOCABULARY).get(curie(key)), f"{pointer}/{escape(key)}"
        if rule is not None and rule.slot == "reporting_entity":
            entity = _agent_name(graph, value, where, journal)
        elif (
            rule is not None
            and rule.slot == "issued"
            and isinstance(value, str)
            and re.match(r"^\d{4}-\d{2}-\d{2}", value)
        ):
            issued = value[:10]
            journal.carried("/issued", where)
        elif key not in FRAME_KEYS | {"specVersion"}:
            journal.lost(where, value, NO_SLOT)
    return entity, issued


def _read_description(item: Any, where: str, canonical: str, journal: Journal) -> dict[str, Any] | None:
    """One EnergyConsumptionDescription as an aistd energy quantity, or None (and a loss)."""
    if not isinstance(item, dict):
        journal.lost(where, item, says("not an {kind} object", kind="EnergyConsumptionDescription"))
        return None
    for key, value in item.items():
        if key not in FRAME_KEYS | {QUANTITY_KEY, UNIT_KEY}:
            journal.lost(f"{where}/{escape(key)}", value, NO_SLOT)
    unit = item.get(UNIT_KEY)
    unit_name = unit.rsplit("/", 1)[-1] if isinstance(unit, str) else unit
    number = read_decimal(item.get(QUANTITY_KEY))
    rule = energy_units().get(unit_name) if isinstance(unit_name, str) else None
    if unheld(number) is not None:  # a finite decimal past the float range (the loader refuses NaN and infinity)
        journal.lost(f"{where}/{QUANTITY_KEY}", item.get(QUANTITY_KEY), TOO_LARGE)
        return None
    if rule is None or number is None:
        reason = (
            says("energy unit {unit!r} names no unit, so the quantity cannot be carried", unit=unit_name)
            if number is not None
            else says("the energy quantity is not a decimal number")
        )
        journal.lost(where, {QUANTITY_KEY: item.get(QUANTITY_KEY), UNIT_KEY: unit}, reason)
        return None
    journal.carried(canonical, where)
    journal.carried(canonical + "/value", f"{where}/{QUANTITY_KEY}")
    journal.carried(canonical + "/unit", f"{where}/{UNIT_KEY}")
    return to_slot_value(rule, number)  # kWh and MJ are units of the slot: kept as they are


def _read_energy(graph: _Graph, raw: Any, where: str, system: str, first: int, journal: Journal) -> list[dict]:
    """The footprints of one EnergyConsumption: one per description, the stage named by its list."""
    node, pointer = graph.resolve(raw)
    where = pointer if pointer is not None else where
    if not isinstance(node, dict):
        journal.lost(where, raw, says("not an {kind} object", kind="EnergyConsumption"))
        return []
    footprints: list[dict[str, Any]] = []
    for key, value in node.items():
        stage = stage_properties().get(curie(key))
        if stage is None:
            if key not in FRAME_KEYS:
                journal.lost(f"{where}/{escape(key)}", value, NO_SLOT)
            continue
        for i, reference in enumerate(value if isinstance(value, list) else [value]):
            item, item_pointer = graph.resolve(reference)
            item_where = item_pointer if item_pointer is not None else f"{where}/{escape(key)}/{i}"
            canonical = f"/footprints/{first + len(footprints)}"
            energy = _read_description(item, item_where, canonical + "/energy_consumption", journal)
            if energy is not None:
                journal.carried(canonical, item_where)
                journal.carried(canonical + "/stage", f"{where}/{escape(key)}")
                footprint = {"id": "", "system": system, "stage": stage, "energy_consumption": energy}
                qualify_unstated(footprint, canonical, journal, "SPDX")
                footprints.append(footprint)
    return footprints


def read_extension(raw: Any, where: str, journal: Journal) -> list[tuple[str, CarriedValue]]:
    """The `aistd:` values of an element's CdxPropertiesExtensions; any other extension is reported lost."""
    if not isinstance(raw, list):
        journal.lost(where, raw, says("{key} is not a list", key="extension"))
        return []
    pairs = []
    for i, item in enumerate(raw):
        entries = item.get("extension_cdxProperty") if isinstance(item, dict) else None
        if node_type(item) != EXTENSION_TYPE or not isinstance(entries, list):
            journal.lost(f"{where}/{i}", item, says("not an extension aistd reads (a CdxPropertiesExtension)"))
            continue
        for j, entry in enumerate(entries):
            name, text = (
                (entry.get("extension_cdxPropName"), entry.get("extension_cdxPropValue"))
                if isinstance(entry, dict) and node_type(entry) in (ENTRY_TYPE, None)
                else (None, None)
            )
            pairs.append((f"{where}/{i}/extension_cdxProperty/{j}", entry, name, text))
    return carried_values(pairs, journal)


def _carried_footprints(
    graph: _Graph, package: dict[str, Any], native: list[dict], found: list[tuple[str, CarriedValue]], journal: Journal
) -> list[dict]:
    """The package's footprints as aistd carried them whole, when the package's own energy lists still say what
    they would write; else the lists read natively (edited since aistd wrote them), and the carried ones lost."""
    carried = [(at, c.value) for at, c in found if c.scope == "footprint" and c.slot is None]
    if not carried:
        return native
    expected: dict[str, list] = {}
    for _, footprint in carried:
        write_energy(footprint, expected)
    node, _ = graph.resolve(package.get(ENERGY_KEY))
    actual = {k: v for k, v in node.items() if k != "type"} if isinstance(node, dict) else {}
    if expected != actual:
        for at, footprint in carried:
            journal.lost(
                at, footprint, says("disagrees with the package's own energy consumption lists, which are kept")
            )
        return native
    return [footprint for _, footprint in carried]


def _read_package(
    graph: _Graph, package: dict[str, Any], index: int, first: int, journal: Journal
) -> tuple[dict, list]:
    """One AI package as an AI system and its footprints, with what aistd carried in its extension; its other
    properties are reported lost."""
    pointer = graph.pointers.get(id(package), "")
    canonical = f"/ai_systems/{index}"
    system: dict[str, Any] = {"id": node_id(package)}
    journal.carried(canonical, pointer)
    journal.carried(canonical + "/id", pointer + "/spdxId")
    footprints: list[dict[str, Any]] = []
    found: list[tuple[str, CarriedValue]] = []
    for key, value in package.items():
        rule, where = field_rules(VOCABULARY).get(curie(key)), f"{pointer}/{escape(key)}"
        if key == ENERGY_KEY:
            footprints = _read_energy(graph, value, where, system["id"], first, journal)
        elif key == "extension":
            found = read_extension(value, where, journal)
        elif rule is not None and rule.slot in SYSTEM_SLOTS and isinstance(value, str):
            if value:
                system[rule.slot] = value
                journal.carried(f"{canonical}/{rule.slot}", where)
        elif key not in FRAME_KEYS:
            journal.lost(
                where, value, says("aistd keeps only the name, version and energy consumption of an AI package")
            )
    for at, carried in found:
        if carried.scope == "system" and carried.slot == FILLED:
            forget_filled(system, carried.value)
        elif carried.scope == "system" and carried.slot is not None:
            system[carried.slot] = carried.value
            journal.carried(f"{canonical}/{carried.slot}", at)
        elif carried.scope != "footprint" or carried.slot is not None:
            journal.lost(at, carried.value, says("not a property of an AI system or a whole footprint"))
    footprints = _carried_footprints(graph, package, footprints, found, journal)
    if not system.get("name") and not found:
        system["name"] = journal.filled(
            f"{canonical}/name", system["id"], says("the AI package has no name; its spdxId is used")
        )
    return system, footprints


def _read_document(
    graph: _Graph, journal: Journal
) -> tuple[dict[str, Any] | None, str | None, list[tuple[str, CarriedValue]]]:
    """The SpdxDocument element, the disclosure id it gives (its spdxId) and what aistd carried in its extension;
    its other properties are reported."""
    document = next((n for n in graph.nodes if node_type(n) == "SpdxDocument"), None)
    if document is None:
        return None, None, []
    graph.used.add(id(document))
    pointer = graph.pointers.get(id(document), "")
    found: list[tuple[str, CarriedValue]] = []
    for key, value in document.items():
        if key == "extension":
            found = read_extension(value, f"{pointer}/extension", journal)
        elif key not in DOCUMENT_FRAME_KEYS:
            journal.lost(f"{pointer}/{escape(key)}", value, NO_SLOT)
    identifier = node_id(document)
    if isinstance(identifier, str):
        journal.carried("/id", pointer + "/spdxId")
        return document, identifier, found
    return document, None, found


def _apply_document_extension(
    disclosure: dict[str, Any], found: list[tuple[str, CarriedValue]], journal: Journal
) -> None:
    """The disclosure's parts, orphan footprints, order and filled slots that aistd carried on the SpdxDocument."""
    order: Any = None
    carried_slots = {c.slot for _, c in found if c.scope == "disclosure"}
    for _, carried in found:
        if carried.scope == "disclosure" and carried.slot == FILLED and isinstance(carried.value, list):
            if "reporting_entity" in carried.value:  # the creator aistd had to name: no source's loss
                journal.withdraw_losses(CREATED_BY)
            forget_filled(disclosure, [s for s in carried.value if s == "issued" and s not in carried_slots])
    for at, carried in found:
        if carried.scope == "footprint" and carried.slot is None:
            disclosure.setdefault("footprints", []).append(carried.value)
        elif carried.scope != "disclosure" or carried.slot is None:
            journal.lost(at, carried.value, says("not a property of the disclosure"))
        elif carried.slot == FOOTPRINT_ORDER:
            order = carried.value
        elif carried.slot == FILLED:
            continue
        else:
            if carried.slot in ("reporting_entity", "reporting_period"):
                journal.withdraw_fills(f"/{carried.slot}")
            disclosure[carried.slot] = carried.value
            journal.carried(f"/{carried.slot}", at)
    footprints = disclosure.get("footprints") or []
    if isinstance(order, list) and sorted(map(str, order)) == sorted(str(f.get("id")) for f in footprints):
        rank = {str(identifier): i for i, identifier in enumerate(order)}
        moved = sorted(range(len(footprints)), key=lambda i: rank[str(footprints[i].get("id"))])
        footprints[:] = [footprints[i] for i in moved]
        journal.renumber("/footprints", {old: new for new, old in enumerate(moved)})


def _unused_losses(graph: _Graph, journal: Journal) -> None:
    """One loss for the elements the conversion did not use, counted by type."""
    unused = Counter(str(node_type(n)) for n in graph.nodes if id(n) not in graph.used)
    if unused:
        reason = says("elements that are not AI packages carry no footprint")
        journal.lost("/@graph", dict(sorted(unused.items())), reason)


def read_document(text: str, path: str = "") -> Conversion:
    """The document's AI packages and their energy consumption as a canonical disclosure (the path is not
    needed: the document is told by its content)."""
    data, graph = _parse(text)
    journal = Journal(value_positions(text), abridged=True)
    if data["@context"] != CONTEXT:
        reason = says("not the SPDX {version} context: read with the {version} terms", version="3.0.1")
        journal.lost("/@context", data["@context"], reason)
    packages = [n for n in graph.nodes if node_type(n) == PACKAGE_TYPE and isinstance(node_id(n), str)]
    graph.used.update(id(p) for p in packages)
    document, identifier, document_extension = _read_document(graph, journal)
    if not packages and not any(c.scope == "disclosure" and c.slot == "id" for _, c in document_extension):
        raise ConversionError(says("the document has no {type} element: nothing to convert", type=PACKAGE_TYPE), 1, 1)
    info, pointer = _creation(graph, document, packages)
    entity, issued = _read_creation(graph, info, pointer, journal)
    if identifier is None:
        identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, hashlib.sha256(text.encode()).hexdigest())}"
        reason = says("the document has no SpdxDocument; an id is derived from its content")
        journal.filled("/id", identifier, reason)
    disclosure = disclosure_shell(journal, identifier, None, None, entity)
    if issued is not None:
        disclosure["issued"] = issued
    systems, footprints = [], []
    for package in packages:
        system, found = _read_package(graph, package, len(systems), len(footprints), journal)
        systems.append(system)
        footprints.extend(found)
    number_footprints([f for f in footprints if not f.get("id")])
    _unused_losses(graph, journal)
    disclosure["ai_systems"] = systems
    if footprints:
        disclosure["footprints"] = footprints
    _apply_document_extension(disclosure, document_extension, journal)
    return journal.conversion("spdx3", "aistd", disclosure)
