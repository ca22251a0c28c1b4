"""Profiles: what each standard or regulation requires of a disclosure that claims to conform to it.

Profiles are declared in `schema/profiles/*.yaml` and compiled by the build into `aistd.profiles.json`.
A requirement names a class, optionally only the objects whose slots hold given values, and asks that
enough such objects exist and that each carries some slots.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from aistd import resources
from aistd.findings import Finding, Rule, Severity
from aistd.rules.engine import CLASS_LISTS


class UnknownProfileError(LookupError):
    """A profile name that no profile declares."""


@dataclass(frozen=True)
class Profile:
    """One compiled profile."""

    id: str
    title: str
    provisional: bool
    references: tuple[str, ...]
    requirements: tuple[dict[str, Any], ...]
    rules: tuple[str, ...]


@cache
def profiles() -> dict[str, Profile]:
    """Every declared profile, by id."""
    document = json.loads(resources.PROFILE_TABLE.read_text(encoding="utf-8"))
    return {
        key: Profile(
            id=key,
            title=value["title"],
            provisional=bool(value["provisional"]),
            references=tuple(value["references"]),
            requirements=tuple(value["requirements"]),
            rules=tuple(value.get("rules") or ()),
        )
        for key, value in document["profiles"].items()
    }


def requirement_rule(requirement: dict[str, Any]) -> Rule:
    """A requirement described as a rule, for reports."""
    return Rule(
        requirement["id"],
        requirement["title"],
        Severity(requirement["severity"]),
        "",
        (requirement["clause"],),
    )


def select(names: Iterable[str]) -> list[Profile]:
    """The profiles with these names, in order, or UnknownProfileError naming the first unknown one."""
    chosen = []
    for name in dict.fromkeys(names):
        if name not in profiles():
            raise UnknownProfileError(f"no profile {name!r}; known: {', '.join(sorted(profiles()))}")
        chosen.append(profiles()[name])
    return chosen


def claimed(data: dict[str, Any]) -> list[str]:
    """The profile names a disclosure claims in `conforms_to` that aistd knows."""
    names = data.get("conforms_to")
    return [n for n in names if isinstance(n, str) and n in profiles()] if isinstance(names, list) else []


def _objects(data: dict[str, Any], class_name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if class_name == "Disclosure":
        yield "", data
        return
    key = CLASS_LISTS.get(class_name)
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
        where = f"/{CLASS_LISTS.get(requirement['class_name'], '')}".rstrip("/")
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
