"""Run the registered checks with the severities and tolerances the rule catalogue declares."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from aistd import resources
from aistd.findings import Finding, Rule, Severity

Issue = tuple[str, str]  # (JSON pointer, message)


@dataclass(frozen=True)
class RuleSpec:
    """A rule as the catalogue declares it."""

    id: str
    title: str
    severity: Severity
    formula: str
    tolerance: float
    references: tuple[str, ...]
    profile_only: bool
    cross_document: bool
    applies_to: str = "Disclosure"

    def describe(self) -> Rule:
        """The rule's description for reports."""
        return Rule(self.id, self.title, self.severity, self.formula, self.references)


@cache
def rule_catalogue() -> dict[str, RuleSpec]:
    """Every declared rule, by id."""
    document = json.loads(resources.RULE_TABLE.read_text(encoding="utf-8"))
    return {
        rule["id"]: RuleSpec(
            id=rule["id"],
            title=rule["title"],
            severity=Severity(rule["severity"]),
            formula=rule["formula"],
            tolerance=float(rule.get("tolerance") or 0.0),
            references=tuple(rule["references"]),
            profile_only=bool(rule.get("profile_only")),
            cross_document=bool(rule.get("cross_document")),
            applies_to=rule["applies_to"],
        )
        for rule in document["rules"]
    }


DocumentCheck = Callable[[dict[str, Any], RuleSpec], Iterable[Issue]]
CrossDocumentCheck = Callable[[list[dict[str, Any]], RuleSpec], Iterable[tuple[int, str, str]]]
CHECKS: dict[str, DocumentCheck] = {}
CROSS_DOCUMENT_CHECKS: dict[str, CrossDocumentCheck] = {}


def check(rule_id: str) -> Callable[[DocumentCheck], DocumentCheck]:
    """Register the check of a rule that looks at one document."""

    def register(function: DocumentCheck) -> DocumentCheck:
        CHECKS[rule_id] = function
        return function

    return register


def cross_document_check(rule_id: str) -> Callable[[CrossDocumentCheck], CrossDocumentCheck]:
    """Register the check of a rule that compares several documents (and items within one)."""

    def register(function: CrossDocumentCheck) -> CrossDocumentCheck:
        CROSS_DOCUMENT_CHECKS[rule_id] = function
        return function

    return register


@cache
def _load_checks() -> None:
    from aistd.rules import checks_datacentre, checks_document, checks_footprint, checks_inventory, checks_sci

    del checks_datacentre, checks_document, checks_footprint, checks_inventory, checks_sci


def _finding(spec: RuleSpec, pointer: str, message: str) -> Finding:
    return Finding(spec.id, spec.severity, message, pointer, references=spec.references)


CLASS_LISTS = {
    "AISystem": "ai_systems",
    "StageFootprint": "footprints",
    "DataCentreReport": "data_centre_reports",
    "SCIAssessment": "sci_assessments",
    "GHGInventory": "ghg_inventories",
    "LifeCycleImpact": "life_cycle_impacts",
    "FrugalityResult": "frugality_results",
}


@cache
def _plan() -> tuple[tuple[RuleSpec, str | None, DocumentCheck | None, CrossDocumentCheck | None], ...]:
    """Each rule with the list it looks at and its checks, resolved once per process."""
    _load_checks()
    return tuple(
        (spec, CLASS_LISTS.get(spec.applies_to), CHECKS.get(rule_id), CROSS_DOCUMENT_CHECKS.get(rule_id))
        for rule_id, spec in rule_catalogue().items()
    )


def run_rules(data: dict[str, Any], extra_rules: Iterable[str] = ()) -> list[Finding]:
    """Every rule finding about one document: all general rules, plus the profile-only ones named."""
    wanted = set(extra_rules)
    findings: list[Finding] = []
    for spec, key, checker, cross in _plan():
        if (spec.profile_only and spec.id not in wanted) or (key is not None and not data.get(key)):
            continue
        if checker is not None:
            for pointer, message in checker(data, spec):
                findings.append(_finding(spec, pointer, message))
        if cross is not None:
            for _, pointer, message in cross([data], spec):
                findings.append(_finding(spec, pointer, message))
    return findings


def run_cross_document_rules(documents: list[dict[str, Any]]) -> Iterator[tuple[int, Finding]]:
    """Findings that compare several documents about one system: (index of the document, finding)."""
    _load_checks()
    for rule_id, cross in CROSS_DOCUMENT_CHECKS.items():
        spec = rule_catalogue()[rule_id]
        for index, pointer, message in cross(documents, spec):
            yield index, _finding(spec, pointer, message)
