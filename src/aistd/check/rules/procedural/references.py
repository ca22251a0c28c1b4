"""Checks of references between items: systems named exist, ids are unique, and a footprint's compute agrees
with the type its system declares. A formula looks at one item; these look one item up from another."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from aistd.check.rules.registry import Issue, check, items, members
from aistd.knowledge.rules import RuleSpec
from aistd.knowledge.schema import definitions, item_lists
from aistd.knowledge.units import magnitude
from aistd.model.message import says
from aistd.model.pointer import hashable

SYSTEMIC_RISK_FLOP = 1e25
TRAINING_STAGES = {"training", "fine-tuning", "retraining"}


@cache
def _system_referencing_lists() -> tuple[str, ...]:
    """The lists whose items name the AI system they are about."""
    return tuple(key for key, name in item_lists().items() if "system" in definitions()[name].get("properties", {}))


@check("refs.known-system")
def known_system(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    declared = {hashable(system.get("id")) for _, system in items(data, "ai_systems")}
    for key in _system_referencing_lists():
        for index, item in members(data, key):
            system = item.get("system")
            if system.__class__ is str and system not in declared:
                message = says("system {system!r} is not among the disclosure's ai_systems", system=system)
                yield (f"/{key}/{index}/system", message)


@check("refs.known-item")
def known_item(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    footprints = members(data, "footprints")
    if any("aggregates" in item or "restates" in item for _, item in footprints):
        footprint_ids = {hashable(item.get("id")) for _, item in footprints}
        for index, item in footprints:
            named = item.get("aggregates")
            for position, identifier in enumerate(named if named.__class__ is list else []):
                if hashable(identifier) not in footprint_ids or identifier == item.get("id"):
                    message = says(
                        "aggregates names {identifier!r}, which is no other footprint", identifier=identifier
                    )
                    yield (f"/footprints/{index}/aggregates/{position}", message)
            restated = item.get("restates")
            if restated is not None and (hashable(restated) not in footprint_ids or restated == item.get("id")):
                message = says("restates names {identifier!r}, which is no other footprint", identifier=restated)
                yield (f"/footprints/{index}/restates", message)
    systems = members(data, "ai_systems")
    if any("members" in system for _, system in systems):
        system_ids = {hashable(system.get("id")) for _, system in systems}
        for index, system in systems:
            named = system.get("members")
            for position, identifier in enumerate(named if named.__class__ is list else []):
                if hashable(identifier) not in system_ids or identifier == system.get("id"):
                    message = says("members names {identifier!r}, which is no other AI system", identifier=identifier)
                    yield (f"/ai_systems/{index}/members/{position}", message)
    for key in _lists_with_sources():
        for index, item in members(data, key):
            sources = item.get("sources")
            for number, source in enumerate(sources if sources.__class__ is list else []):
                named = source.get("figures") if source.__class__ is dict else None
                for position, slot in enumerate(named if named.__class__ is list else []):
                    if slot.__class__ is str and slot not in item:
                        yield (
                            f"/{key}/{index}/sources/{number}/figures/{position}",
                            says("the source is given for {slot!r}, which this item does not state", slot=slot),
                        )


@cache
def _lists_with_sources() -> tuple[str, ...]:
    """The lists whose items can name the sources of their figures."""
    return tuple(key for key, name in item_lists().items() if "sources" in definitions()[name].get("properties", {}))


@check("refs.unique-ids")
def unique_ids(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    seen: dict[str, str] = {}
    for key in item_lists():
        for index, item in members(data, key):
            identifier = item.get("id")
            if identifier.__class__ is not str:
                continue
            if identifier in seen:
                message = says(
                    "id {identifier!r} is already used at {pointer}", identifier=identifier, pointer=seen[identifier]
                )
                yield (f"/{key}/{index}/id", message)
            else:
                seen[identifier] = f"/{key}/{index}"


@check("footprint.systemic-risk-compute")
def systemic_risk_compute(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    types = {s.get("id"): s.get("system_type") for _, s in items(data, "ai_systems") if isinstance(s.get("id"), str)}
    for pointer, item in items(data, "footprints"):
        compute = magnitude(item, "compute_operations")
        if compute is None or compute <= SYSTEMIC_RISK_FLOP or hashable(item.get("stage")) not in TRAINING_STAGES:
            continue
        system_type = types.get(hashable(item.get("system")))
        if system_type != "general-purpose-model-systemic-risk":
            message = (
                says(
                    "training compute of {compute:.3g} FLOP exceeds 1e25 FLOP, but system {system!r} is declared as "
                    "{system_type}, not general-purpose-model-systemic-risk",
                    compute=compute,
                    system=item.get("system"),
                    system_type=system_type,
                )
                if system_type
                else says(
                    "training compute of {compute:.3g} FLOP exceeds 1e25 FLOP, but system {system!r} is declared as "
                    "no type, not general-purpose-model-systemic-risk",
                    compute=compute,
                    system=item.get("system"),
                )
            )
            yield (f"{pointer}/compute_operations", message)
