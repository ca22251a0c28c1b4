"""Hypothesis strategies for canonical disclosures that use much of the model: round trips through every format
with an extension mechanism must give them back exactly."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from aistd.knowledge.schema import definitions
from aistd.knowledge.units import slot_classes, unit_table

FOOTPRINT_QUANTITIES = (
    "energy_consumption", "operational_emissions", "emissions_offset", "location_based_emissions",
    "market_based_emissions", "water_consumption_site", "device_hours", "device_power", "duration",
    "energy_per_inference", "idle_energy", "grid_carbon_intensity", "request_rate", "latency",
)  # fmt: skip
FOOTPRINT_NUMBERS = ("pue_applied", "carbon_free_energy_share", "batch_size", "emissions_offset_share")
FOOTPRINT_TEXTS = ("energy_boundary", "emissions_accounting_method", "device_power_basis")
SYSTEM_EXTRAS = ("parameter_count", "modalities", "description")


def enum_values(name: str) -> list[str]:
    """The values of one of the schema's enumerations."""
    return list(definitions()[name]["enum"])


XML_SAFE = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
"""Characters XML 1.0 can carry (it has no escape for control characters; a writer refuses them)."""


def texts(xml_safe: bool, min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    """Free text as publishers write it: any character, or only those XML can carry."""
    if xml_safe:
        return st.text(XML_SAFE, min_size=min_size, max_size=max_size)
    return st.text(min_size=min_size, max_size=max_size)


def numbers() -> st.SearchStrategy[float | int]:
    """Figures as publishers write them: small and large, whole and decimal, finite."""
    return st.one_of(
        st.integers(0, 10**12),
        st.floats(min_value=1e-9, max_value=1e12, allow_nan=False, allow_infinity=False),
    )


@st.composite
def quantities(draw: st.DrawFn, slot: str, xml_safe: bool = False) -> dict[str, Any]:
    """A quantity of a slot in one of the units it admits, sometimes with its published digits or a qualifier."""
    units = sorted(unit_table()[slot_classes()[slot]]["units"])
    value: dict[str, Any] = {"value": draw(numbers()), "unit": draw(st.sampled_from(units))}
    if draw(st.booleans()):
        value["significant_digits"] = draw(st.integers(1, 6))
    if draw(st.booleans()):
        value["as_published"] = draw(texts(xml_safe, min_size=1, max_size=12))
    if draw(st.integers(0, 4)) == 0:
        value["qualifier"] = draw(st.sampled_from(["approximate", "upper-bound", "lower-bound"]))
    return value


def _text_values(slot: str) -> st.SearchStrategy[str]:
    ranges = {
        "energy_boundary": "EnergyBoundary",
        "emissions_accounting_method": "EmissionsAccountingMethod",
        "device_power_basis": "DevicePowerBasis",
    }
    values = enum_values(ranges[slot])
    return st.sampled_from(sorted(values)) if values else st.text(min_size=1, max_size=8)


@st.composite
def footprints(draw: st.DrawFn, index: int, systems: list[str], xml_safe: bool = False) -> dict[str, Any]:
    """One footprint: an id, a system (now and then one the disclosure does not list), a stage and some slots."""
    system = (
        draw(st.sampled_from([*systems, "unlisted"]))
        if draw(st.integers(0, 9)) == 0
        else draw(st.sampled_from(systems))
    )
    item: dict[str, Any] = {
        "id": f"f{index}",
        "system": system,
        "stage": draw(st.sampled_from(sorted(enum_values("LifecycleStage")))),
    }
    for slot in draw(st.lists(st.sampled_from(FOOTPRINT_QUANTITIES), max_size=5, unique=True)):
        item[slot] = draw(quantities(slot, xml_safe))
    for slot in draw(st.lists(st.sampled_from(FOOTPRINT_NUMBERS), max_size=2, unique=True)):
        item[slot] = draw(st.floats(0, 1) if slot != "batch_size" else st.integers(1, 4096))
    for slot in draw(st.lists(st.sampled_from(FOOTPRINT_TEXTS), max_size=2, unique=True)):
        item[slot] = draw(_text_values(slot))
    return item


@st.composite
def disclosures(draw: st.DrawFn, xml_safe: bool = False) -> dict[str, Any]:
    """A canonical disclosure with one to three systems, up to six footprints and some top-level parts (its free
    text only of characters XML can carry, when `xml_safe`)."""
    n_systems = draw(st.integers(1, 3))
    systems: list[dict[str, Any]] = []
    for i in range(n_systems):
        system: dict[str, Any] = {"id": f"s{i}", "name": draw(texts(xml_safe, min_size=1, max_size=12))}
        if draw(st.booleans()):
            system["version"] = draw(st.sampled_from(["1", "2.0b", "v3 (preview)"]))
        if draw(st.booleans()):
            system["parameter_count"] = draw(st.integers(1, 10**12))
        if draw(st.booleans()):
            system["description"] = draw(texts(xml_safe, max_size=40))
        systems.append(system)
    ids = [s["id"] for s in systems]
    document: dict[str, Any] = {
        "id": draw(st.sampled_from(["urn:example:d", "https://example.org/d/1", "urn:uuid:1b4e28ba-2fa1-11d2"])),
        "schema_version": "0.2.0",
        "reporting_entity": draw(
            st.sampled_from([{"name": "Example Lab"}, {"not_stated": True}, {"name": "Lab", "country": "FR"}])
        ),
        "reporting_period": draw(
            st.sampled_from([{"not_stated": True}, {"start_date": "2025-01-01", "end_date": "2025-12-31"}])
        ),
        "ai_systems": systems,
    }
    items = [draw(footprints(i, ids, xml_safe)) for i in range(draw(st.integers(0, 6)))]
    if items:
        document["footprints"] = items
    if draw(st.booleans()):
        document["issued"] = draw(st.sampled_from(["2025-02-03", "2026-12", "2026"]))
    if draw(st.integers(0, 3)) == 0:
        document["conforms_to"] = ["iso-iec-21031-sci"]
    return document
