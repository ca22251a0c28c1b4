"""Profiles: what each standard or regulation requires of a disclosure that claims to conform to it.

Profiles are declared in `schema/profiles/*.yaml` and compiled by the build into `aistd.profiles.json`;
this module reads them. `aistd.check.profiles` checks a disclosure against them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from aistd.knowledge import artifacts
from aistd.model.finding import Rule, Severity


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
    computes: tuple[dict[str, Any], ...] = ()
    """Indicators the profile's text computes from reported values (each names the rule that computes it)."""


@cache
def profiles() -> dict[str, Profile]:
    """Every declared profile, by id."""
    document = json.loads(artifacts.PROFILE_TABLE.read_text(encoding="utf-8"))
    return {
        key: Profile(
            id=key,
            title=value["title"],
            provisional=bool(value["provisional"]),
            references=tuple(value["references"]),
            requirements=tuple(value["requirements"]),
            rules=tuple(value.get("rules") or ()),
            computes=tuple(value.get("computes") or ()),
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


def computed_rule(indicator: dict[str, Any]) -> Rule:
    """An indicator a profile computes, described as a rule (its findings are info)."""
    return Rule(indicator["id"], indicator["title"], Severity.INFO, "", (indicator["clause"],))


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
