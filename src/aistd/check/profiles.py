"""Check a disclosure against the profiles it claims or is asked to meet.

A requirement names a class, optionally only the objects whose slots hold given values, and asks that
enough such objects exist and that each carries some slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from aistd.check.computed import computed_indicators
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


NOT_STATED = "not-stated"


def _stated(value: Any) -> bool:
    """Whether a slot holds a real value: present, and not recorded as not stated (the profile needs the value)."""
    if value is None or value == NOT_STATED:
        return False
    return not (isinstance(value, dict) and value.get("not_stated") is True)


def _matches(item: dict[str, Any], conditions: list[dict[str, Any]]) -> bool:
    return all(item.get(c["slot"]) in c["values"] for c in conditions)


def _describe_where(requirement: dict[str, Any]) -> str:
    conditions = requirement.get("where") or []
    text = " and ".join(f"{c['slot']} in {', '.join(map(str, c['values']))}" for c in conditions)
    return f" with {text}" if text else ""


def _requirement_finding(profile: Profile, requirement: dict[str, Any], message: str, pointer: str) -> Finding:
    """A finding of a requirement, with the severity and the clause the profile gives it."""
    label = f"[{profile.id}{', provisional' if profile.provisional else ''}]"
    severity = Severity(requirement["severity"])
    return Finding(requirement["id"], severity, f"{label} {message}", pointer, references=(requirement["clause"],))


def check_requirement(data: dict[str, Any], profile: Profile, requirement: dict[str, Any]) -> Iterator[Finding]:
    """Findings for one requirement of one profile."""
    conditions = requirement.get("where") or []
    selected = [(p, o) for p, o in _objects(data, requirement["class_name"]) if _matches(o, conditions)]
    needed = requirement.get("at_least") or 0
    if len(selected) < needed:
        where = f"/{list_of(requirement['class_name']) or ''}".rstrip("/")
        message = (
            f"needs at least {needed} {requirement['class_name']}{_describe_where(requirement)}: "
            f"{requirement['title'].lower()}"
        )
        yield _requirement_finding(profile, requirement, message, where if where in {f"/{k}" for k in data} else "")
    slots, alternatives = requirement.get("slots") or [], requirement.get("any_of_slots") or []
    for pointer, item in selected:
        missing = [slot for slot in slots if not _stated(item.get(slot))]
        if missing:
            unknown = [slot for slot in missing if slot in item]
            said = f" ({', '.join(unknown)} recorded as not stated)" if unknown else ""
            message = f"{requirement['title']}: missing {', '.join(missing)}{said}"
            yield _requirement_finding(profile, requirement, message, pointer)
        if alternatives and not any(_stated(item.get(slot)) for slot in alternatives):
            message = f"{requirement['title']}: give one of {', '.join(alternatives)}"
            yield _requirement_finding(profile, requirement, message, pointer)


def check_profiles(data: dict[str, Any], chosen: Iterable[Profile]) -> list[Finding]:
    """Every requirement finding of the chosen profiles, and the indicators they compute (info)."""
    findings = []
    for profile in chosen:
        for requirement in profile.requirements:
            findings.extend(check_requirement(data, profile, requirement))
        findings.extend(computed_indicators(data, profile))
    return findings
