"""The rule catalogue: every rule a finding can name — load, schema, rdf, convert, batch, consistency and
cross-document rules from `schema/rules.yaml`, and each profile's requirements — read once per process.

Emitters never restate a rule's severity, title or references: they call `finding(rule_id, message, ...)`
and the catalogue supplies the rest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from aistd.knowledge import artifacts
from aistd.model.finding import Finding, Rule, Severity


class RuleSpec(NamedTuple):
    """A rule as the catalogue declares it."""

    id: str
    title: str
    severity: Severity
    stage: str
    formula: str = ""
    tolerance: float = 0.0
    references: tuple[str, ...] = ()
    description: str = ""
    applies_to: str = "Disclosure"
    profile_only: bool = False
    procedural: str = ""
    """Why a Python check, not the formula, decides this rule (empty for formula rules and input rules)."""
    definitions: Mapping[str, str] = MappingProxyType({})
    """Named sub-expressions the formula uses (`let`)."""
    at: str = ""
    """The slot a finding points at; the formula's first slot when empty."""
    fr: Mapping[str, str] = MappingProxyType({})
    """The rule in French: `title`, `description`, `message` (the lead of a finding) and `source`."""

    @property
    def from_formula(self) -> bool:
        """True when the engine decides the rule from its formula."""
        return self.stage in ("consistency", "cross-document") and not self.procedural

    def describe(self) -> Rule:
        """The rule's description for reports."""
        return Rule(self.id, self.title, self.severity, self.formula, self.references)


def spec_from(entry: dict[str, Any]) -> RuleSpec:
    """A rule of the compiled table as a RuleSpec."""
    return RuleSpec(
        id=entry["id"],
        title=entry["title"],
        severity=Severity(entry["severity"]),
        stage=entry["stage"],
        formula=entry.get("formula") or "",
        tolerance=float(entry.get("tolerance") or 0.0),
        references=tuple(entry["references"]),
        description=entry.get("description") or "",
        applies_to=entry.get("applies_to") or "Disclosure",
        profile_only=bool(entry.get("profile_only")),
        procedural=entry.get("procedural") or "",
        definitions=dict(entry.get("let") or {}),
        at=entry.get("at") or "",
        fr=MappingProxyType(dict(entry.get("fr") or {})),
    )


def specs_from(table: dict[str, Any]) -> dict[str, RuleSpec]:
    """Every rule of a compiled rule table (the build's `aistd.rules.json`, or one compiled from a copy)."""
    return {entry["id"]: spec_from(entry) for entry in table["rules"]}


@cache
def rule_catalogue() -> dict[str, RuleSpec]:
    """Every declared rule, by id."""
    return specs_from(json.loads(artifacts.RULE_TABLE.read_text(encoding="utf-8")))


def load_catalogue(path: Path) -> dict[str, RuleSpec]:
    """The rules of another compiled rule table (to try a changed catalogue without rebuilding)."""
    return specs_from(json.loads(path.read_text(encoding="utf-8")))


def tolerance(rule_id: str) -> float:
    """The tolerance a rule of the catalogue allows (0 when it states none)."""
    return rule_catalogue()[rule_id].tolerance or 0.0


def finding(
    rule_id: str, message: str, pointer: str = "", line: int | None = None, column: int | None = None
) -> Finding:
    """A finding of a declared rule, with the severity and references the catalogue gives it."""
    spec = rule_catalogue()[rule_id]
    return Finding(rule_id, spec.severity, message, pointer, line, column, spec.references)


def localised_title(rule_id: str, lang: str) -> str:
    """The title of a rule, profile requirement or computed indicator in `lang` ("en" or "fr")."""
    from aistd.knowledge import profiles

    profiles.check_language(lang)
    spec = rule_catalogue().get(rule_id)
    if spec is None:
        return profiles.localised_requirement_title(rule_id, lang)
    return spec.fr["title"] if lang == "fr" else spec.title


def localised_message(rule_id: str, message: str, lang: str) -> str:
    """A finding's message in `lang`: in French, the rule's French lead, then the English specifics.

    For "en" the message is returned unchanged; for "fr" it is `<French lead> (détail : <message>)`, or the lead
    alone when the message adds nothing to the rule's title. Profile requirements and computed indicators are
    looked up by their id, as findings name them.
    """
    from aistd.knowledge import profiles

    profiles.check_language(lang)
    spec = rule_catalogue().get(rule_id)
    if spec is None:
        return profiles.localised_requirement_message(rule_id, message, lang)
    if lang == "en":
        return message
    lead = spec.fr.get("message") or localised_title(rule_id, lang)
    return profiles.with_detail(lead, message, spec.title)


@cache
def all_rules() -> dict[str, Rule]:
    """Every rule a finding can name, by id: the catalogue's, the profiles' requirements and computed indicators."""
    from aistd.knowledge import profiles

    rules = {rule_id: spec.describe() for rule_id, spec in rule_catalogue().items()}
    for profile in profiles.profiles().values():
        for requirement in profile.requirements:
            rules[requirement["id"]] = profiles.requirement_rule(requirement)
        for indicator in profile.computes:
            rules[indicator["id"]] = profiles.computed_rule(indicator)
    return rules
