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
                yield (f"/{key}/{index}/system", f"system {system!r} is not among the disclosure's ai_systems")


@check("refs.known-item")
def known_item(data: dict[str, Any], spec: RuleSpec) -> Iterator[Issue]:
    footprints = members(data, "footprints")
    if any("aggregates" in item or "restates" in item for _, item in footprints):
        footprint_ids = {hashable(item.get("id")) for _, item in footprints}
        for index, item in footprints:
            named = item.get("aggregates")
            for position, identifier in enumerate(named if named.__class__ is list else []):
                if hashable(identifier) not in footprint_ids or identifier == item.get("id"):
                    message = f"aggregates names {identifier!r}, which is no other footprint"
                    yield (f"/footprints/{index}/aggregates/{position}", message)
            restated = item.get("restates")
            if restated is not None and (hashable(restated) not in footprint_ids or restated == item.get("id")):
                yield (f"/footprints/{index}/restates", f"restates names {restated!r}, which is no other footprint")
    systems = members(data, "ai_systems")
    if any("members" in system for _, system in systems):
        system_ids = {hashable(system.get("id")) for _, system in systems}
        for index, system in systems:
            named = system.get("members")
            for position, identifier in enumerate(named if named.__class__ is list else []):
                if hashable(identifier) not in system_ids or identifier == system.get("id"):
                    message = f"members names {identifier!r}, which is no other AI system"
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
                            f"the source is given for {slot!r}, which this item does not state",
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
                yield (f"/{key}/{index}/id", f"id {identifier!r} is already used at {seen[identifier]}")
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
            yield (
                f"{pointer}/compute_operations",
                f"training compute of {compute:.3g} FLOP exceeds 1e25 FLOP, but system {item.get('system')!r} "
                f"is declared as {system_type or 'no type'}, not general-purpose-model-systemic-risk",
            )
