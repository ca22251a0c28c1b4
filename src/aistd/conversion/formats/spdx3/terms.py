"""How SPDX 3 writes what aistd carries: compact JSON-LD keys, the energy lists of each stage, energy units
and decimals; which property carries which slot comes from the `spdx3-ai` crosswalk."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from aistd.conversion.fields import RANK, FieldRule, enum_rows, field_rules, tidy
from aistd.knowledge.crosswalks import rows
from aistd.load.limits import MAX_INT_DIGITS

VOCABULARY = "spdx3-ai"
CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
SPEC_VERSION = "3.0.1"
TERMS = "https://spdx.org/rdf/3.0.1/terms/"
# SPDX compact JSON-LD keys carry their profile as a prefix (`ai_`, `software_`...); Core terms have none.
KEY_PREFIXES = {"ai": "spdx_ai", "software": "spdx_software"}
CORE_PREFIX = "spdx_core"
PACKAGE_TYPE = "ai_AIPackage"
ENERGY_KEY = "ai_energyConsumption"
QUANTITY_KEY, UNIT_KEY = "ai_energyQuantity", "ai_energyUnit"
UNIT_VOCABULARY = "spdx_ai:EnergyUnitType/"
DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]*)?$")
SYSTEM_SLOTS = ("name", "version")


def curie(key: str) -> str:
    """The crosswalk identifier of a compact SPDX JSON-LD key (`software_packageVersion` -> spdx_software:...)."""
    profile, _, rest = key.partition("_")
    if rest and profile in KEY_PREFIXES:
        return f"{KEY_PREFIXES[profile]}:{rest}"
    return f"{CORE_PREFIX}:{key}"


def compact_key(identifier: str) -> str:
    """The compact JSON-LD key of a crosswalk identifier (spdx_software:packageVersion -> software_packageVersion)."""
    prefix, _, name = identifier.partition(":")
    profile = next((p for p, full in KEY_PREFIXES.items() if full == prefix), None)
    return f"{profile}_{name}" if profile else name


def compact_type(value: Any) -> Any:
    """A type written as a full SPDX IRI (…/terms/AI/AIPackage) in its compact form (ai_AIPackage)."""
    if isinstance(value, str) and value.startswith(TERMS):
        profile, _, name = value[len(TERMS) :].partition("/")
        return name if profile == "Core" else f"{profile.lower()}_{name}"
    return value


def node_type(node: Any) -> Any:
    """The compact type of a graph node (None for anything that is not a node)."""
    return compact_type(node.get("type", node.get("@type"))) if isinstance(node, dict) else None


def node_id(node: dict[str, Any]) -> Any:
    """The identifier of a graph node (`spdxId`, or `@id`)."""
    return node.get("spdxId", node.get("@id"))


def _best_rows(enum: str, prefix: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """External term (after `prefix`) -> (aistd enum value, row), the best-ranked row for each term."""
    best: dict[str, tuple[int, str, dict[str, Any]]] = {}
    for rank, external, value, row in enum_rows(VOCABULARY, prefix, enum):
        if external not in best or rank < best[external][0]:
            best[external] = (rank, value, row)
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


def decimal_text(number: float | int) -> str:
    """A number as SPDX writes an xsd:decimal: digits and a point, never an exponent (3.6e-06 -> 0.0000036)."""
    return format(Decimal(repr(number)) if isinstance(number, float) else Decimal(number), "f")


def read_decimal(raw: Any) -> float | int | None:
    """An energyQuantity (a JSON number, or a decimal string) as a number, or None when it is not one.

    Whole decimals written without a point are integers (exact digits). A number past the float range comes back
    as it is (an integer of 309 or more digits, or infinity from a decimal such as 1e400): the caller refuses it
    (`aistd.model.figure.unheld` says why), for it is a number, only not one a figure can hold."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return raw
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    if DECIMAL.match(text) and "." not in text and len(text) <= MAX_INT_DIGITS:
        return int(value)
    return tidy(float(value))  # past the float range: infinity, which tidy leaves as it is
