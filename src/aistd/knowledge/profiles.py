"""Profiles: what each standard or regulation requires of a disclosure that claims to conform to it.

Profiles are declared in `schema/profiles/*.yaml` and compiled by the build into `aistd.profiles.json`;
this module reads them. `aistd.check.profiles` checks a disclosure against them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from aistd.knowledge import artifacts
from aistd.model.finding import Rule, Severity
from aistd.model.message import Bilingual, bilingual, says


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
    fr: Mapping[str, str] = field(default_factory=dict)
    """The profile in French: `title`, `description` and `source`."""


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
            fr=dict(value.get("fr") or {}),
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


LANGUAGES = ("en", "fr")
"""The languages the catalogue's titles and finding messages are given in."""


def check_language(lang: str) -> None:
    """ValueError unless aistd has its titles and messages in `lang`."""
    if lang not in LANGUAGES:
        raise ValueError(f"no language {lang!r}; known: {', '.join(LANGUAGES)}")


@cache
def _requirements_and_indicators() -> dict[str, tuple[str, dict[str, Any]]]:
    """Every requirement and computed indicator, by id: its kind ("requirement" or "computed") and its entry."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for profile in profiles().values():
        found.update((r["id"], ("requirement", r)) for r in profile.requirements)
        found.update((c["id"], ("computed", c)) for c in profile.computes)
    return found


def localised_requirement_title(requirement_id: str, lang: str) -> str:
    """The title of a profile requirement or computed indicator in `lang` ("en" or "fr")."""
    check_language(lang)
    _, entry = _requirements_and_indicators()[requirement_id]
    return entry["fr"]["title"] if lang == "fr" else entry["title"]


def initial_lowered(title: str) -> str:
    """A French title as a clause: its first letter lowered, unless the title starts with an acronym."""
    return title[0].lower() + title[1:] if title[:2].istitle() else title


def said_title(entry: Mapping[str, Any], lowered: bool = False) -> Bilingual:
    """The title of a profile requirement or computed indicator in the report's language; `lowered`, as a clause
    (the English all in lower case, as messages have always said it)."""
    english, french = entry["title"], (entry.get("fr") or {}).get("title") or entry["title"]
    return bilingual(english.lower(), initial_lowered(french)) if lowered else bilingual(english, french)


def profile_label(profile: Profile) -> str:
    """How a finding names the profile it comes from: `[id]`, or `[id, provisional]`."""
    return says("[{profile}, provisional]", profile=profile.id) if profile.provisional else f"[{profile.id}]"


def with_detail(lead: str, message: str, english_title: str) -> str:
    """A French lead followed by the English message's specifics, when the message has any beyond the title."""
    detail = message.strip()
    if detail.startswith("[") and "] " in detail:  # a profile's finding names its profile first: `[id] title: …`
        detail = detail.split("] ", 1)[1]
    if detail.casefold().startswith(english_title.casefold() + ":"):  # the title is said in French already
        detail = detail[len(english_title) + 1 :].strip()
    if not detail or detail.rstrip(".").casefold() == english_title.casefold():
        return lead
    return f"{lead} (détail : {detail})"


def localised_requirement_message(requirement_id: str, message: str, lang: str) -> str:
    """A finding's message for a profile requirement or computed indicator (findings name them by id) in `lang`.

    For "en" the message is unchanged; for "fr", the requirement's French title as a finding (or the computed
    indicator's), then the English specifics: `<lead> (détail : <message>)`.
    """
    check_language(lang)
    kind, entry = _requirements_and_indicators()[requirement_id]
    if lang == "en":
        return message
    title = initial_lowered(entry["fr"]["title"])
    lead = entry["fr"].get("message") or (
        f"exigence non satisfaite : {title}" if kind == "requirement" else f"indicateur calculé : {title}"
    )
    return with_detail(lead, message, entry["title"])


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
