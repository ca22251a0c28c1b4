"""Check a disclosure against the profiles it claims or is asked to meet.

A requirement names a class, optionally only the objects whose slots hold given values, and asks that
enough such objects exist and that each carries some slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from aistd.knowledge.profiles import Profile
from aistd.knowledge.schema import list_of
from aistd.model.finding import Finding, Severity


def _objects(data: dict[str, Any], class_name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if class_name == "Disclosure":
        yield "", data
        return
    key = list_of(class_name)
    values = data.get(key) if key else None
    if isinstance(values, list):
        for index, item in enumerate(values):
            if isinstance(item, dict):
                yield f"/{key}/{index}", item


def _matches(item: dict[str, Any], conditions: list[dict[str, Any]]) -> bool:
    return all(item.get(c["slot"]) in c["values"] for c in conditions)


def _describe_where(requirement: dict[str, Any]) -> str:
    conditions = requirement.get("where") or []
    text = " and ".join(f"{c['slot']} in {', '.join(map(str, c['values']))}" for c in conditions)
    return f" with {text}" if text else ""


def check_requirement(data: dict[str, Any], profile: Profile, requirement: dict[str, Any]) -> Iterator[Finding]:
    """Findings for one requirement of one profile."""
    severity = Severity(requirement["severity"])
    clause = (requirement["clause"],)
    label = f"[{profile.id}{', provisional' if profile.provisional else ''}]"
    selected = [
        (p, o) for p, o in _objects(data, requirement["class_name"]) if _matches(o, requirement.get("where") or [])
    ]
    needed = requirement.get("at_least") or 0
    if len(selected) < needed:
        where = f"/{list_of(requirement['class_name']) or ''}".rstrip("/")
        yield Finding(
            requirement["id"],
            severity,
            f"{label} needs at least {needed} {requirement['class_name']}{_describe_where(requirement)}: "
            f"{requirement['title'].lower()}",
            where if where in {f"/{k}" for k in data} else "",
            references=clause,
        )
    for pointer, item in selected:
        missing = [slot for slot in requirement.get("slots") or [] if slot not in item]
        if missing:
            yield Finding(
                requirement["id"],
                severity,
                f"{label} {requirement['title']}: missing {', '.join(missing)}",
                pointer,
                references=clause,
            )
        alternatives = requirement.get("any_of_slots") or []
        if alternatives and not any(slot in item for slot in alternatives):
            yield Finding(
                requirement["id"],
                severity,
                f"{label} {requirement['title']}: give one of {', '.join(alternatives)}",
                pointer,
                references=clause,
            )


def check_profiles(data: dict[str, Any], chosen: Iterable[Profile]) -> list[Finding]:
    """Every requirement finding of the chosen profiles."""
    return [
        finding
        for profile in chosen
        for requirement in profile.requirements
        for finding in check_requirement(data, profile, requirement)
    ]
