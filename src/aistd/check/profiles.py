"""Check a disclosure against the profiles it claims or is asked to meet.

A requirement names a class, optionally only the objects whose slots hold given values, and asks that
enough such objects exist and that each carries some slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from aistd.check.computed import computed_indicators
from aistd.knowledge.profiles import Profile, profile_label, said_title
from aistd.knowledge.schema import list_of
from aistd.model.finding import Finding, Severity
from aistd.model.message import listing, says


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


def _describe_where(requirement: dict[str, Any]) -> str | None:
    """The conditions a requirement's objects meet ("stage in training and ..."); None when it has none."""
    described = None
    for c in requirement.get("where") or []:
        condition = says("{slot} in {values}", slot=c["slot"], values=", ".join(map(str, c["values"])))
        described = (
            condition
            if described is None
            else says("{conditions} and {condition}", conditions=described, condition=condition)
        )
    return described


def _requirement_finding(profile: Profile, requirement: dict[str, Any], message: str, pointer: str) -> Finding:
    """A finding of a requirement, with the severity and the clause the profile gives it."""
    severity = Severity(requirement["severity"])
    said = listing([profile_label(profile), message], " ")
    return Finding(requirement["id"], severity, said, pointer, references=(requirement["clause"],))


def check_requirement(data: dict[str, Any], profile: Profile, requirement: dict[str, Any]) -> Iterator[Finding]:
    """Findings for one requirement of one profile."""
    conditions = requirement.get("where") or []
    selected = [(p, o) for p, o in _objects(data, requirement["class_name"]) if _matches(o, conditions)]
    needed = requirement.get("at_least") or 0
    if len(selected) < needed:
        class_name = requirement["class_name"]
        where = f"/{list_of(class_name) or ''}".rstrip("/")
        described, title = _describe_where(requirement), said_title(requirement, lowered=True)
        message = (
            says("needs at least {count} {class_name}: {title}", count=needed, class_name=class_name, title=title)
            if described is None
            else says(
                "needs at least {count} {class_name} with {conditions}: {title}",
                count=needed,
                class_name=class_name,
                conditions=described,
                title=title,
            )
        )
        yield _requirement_finding(profile, requirement, message, where if where in {f"/{k}" for k in data} else "")
    slots, alternatives = requirement.get("slots") or [], requirement.get("any_of_slots") or []
    for pointer, item in selected:
        missing = [slot for slot in slots if not _stated(item.get(slot))]
        if missing:
            unknown = [slot for slot in missing if slot in item]
            title, listed = said_title(requirement), ", ".join(missing)
            message = (
                says(
                    "{title}: missing {slots} ({unknown} recorded as not stated)",
                    title=title,
                    slots=listed,
                    unknown=", ".join(unknown),
                )
                if unknown
                else says("{title}: missing {slots}", title=title, slots=listed)
            )
            yield _requirement_finding(profile, requirement, message, pointer)
        if alternatives and not any(_stated(item.get(slot)) for slot in alternatives):
            message = says("{title}: give one of {slots}", title=said_title(requirement), slots=", ".join(alternatives))
            yield _requirement_finding(profile, requirement, message, pointer)


def check_profiles(data: dict[str, Any], chosen: Iterable[Profile]) -> list[Finding]:
    """Every requirement finding of the chosen profiles, and the indicators they compute (info)."""
    findings = []
    for profile in chosen:
        for requirement in profile.requirements:
            findings.extend(check_requirement(data, profile, requirement))
        findings.extend(computed_indicators(data, profile))
    return findings
