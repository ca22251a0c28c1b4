"""Every consistency rule has a passing and a failing example, and behaves as its examples say."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aistd.check import check_data
from aistd.check.conformance import check_conformance
from aistd.check.rules import plan_for, run_cross_document_rules, run_rules
from aistd.check.rules.registry import CHECKS, CROSS_DOCUMENT_CHECKS
from aistd.knowledge import artifacts
from aistd.knowledge.rules import rule_catalogue
from aistd.model.finding import Finding, Severity
from tests.conftest import EXAMPLES, beyond_computed

RULES: list[dict[str, Any]] = [
    rule for rule in json.loads(artifacts.RULE_TABLE.read_text(encoding="utf-8"))["rules"] if "failing" in rule
]
CHECKED_DURING_CONFORMANCE = {"units.dimension"}


def rule_ids() -> list[str]:
    return [rule["id"] for rule in RULES]


def _findings_of(document: dict[str, Any], rule: dict[str, Any]) -> list[Finding]:
    """All findings of the full pipeline; a profile-only rule runs without its profile's other requirements."""
    if rule.get("profile_only"):
        return check_conformance(document) + run_rules(document, [rule["id"]])
    return check_data(document)


def _rules_of(document: dict[str, Any], rule: dict[str, Any]) -> list[str]:
    return [f.rule for f in _findings_of(document, rule)]


def test_every_rule_runs_from_its_formula_or_from_a_declared_procedural_check() -> None:
    plan = plan_for(rule_catalogue())  # every formula compiles now, or this raises
    from_formulas = {rule.spec.id for _, rules in plan.lists for rule in rules}
    procedural = {spec.id for spec in rule_catalogue().values() if spec.procedural}
    assert set(CHECKS) | set(CROSS_DOCUMENT_CHECKS) == procedural, "a Python check is declared procedural, with why"
    checked = {spec.id for spec in rule_catalogue().values() if spec.stage in ("consistency", "cross-document")}
    assert from_formulas | procedural == checked and not from_formulas & procedural
    assert {rule["id"] for rule in RULES} == checked | CHECKED_DURING_CONFORMANCE
    assert len(from_formulas) >= 35


@pytest.mark.parametrize("rule", RULES, ids=rule_ids())
def test_passing_example_raises_nothing(rule: dict[str, Any]) -> None:
    if rule["stage"] == "cross-document":
        assert list(run_cross_document_rules(rule["passing"])) == []
        for document in rule["passing"]:
            assert _rules_of(document, rule) == []
        return
    (document,) = rule["passing"]
    assert _rules_of(document, rule) == []


@pytest.mark.parametrize("rule", RULES, ids=rule_ids())
def test_failing_example_raises_the_rule(rule: dict[str, Any]) -> None:
    if rule["stage"] == "cross-document":
        raised = [finding for _, finding in run_cross_document_rules(rule["failing"])]
        assert rule["id"] in {f.rule for f in raised}
        for document in rule["failing"]:
            assert _rules_of(document, rule) == [], "each document is sound on its own"
        return
    (document,) = rule["failing"]
    raised = _rules_of(document, rule)
    assert rule["id"] in raised
    assert not [r for r in raised if r.startswith("schema.")], "a failing example is otherwise schema-valid"


@pytest.mark.parametrize("rule", RULES, ids=rule_ids())
def test_findings_carry_the_declared_severity_and_references(rule: dict[str, Any]) -> None:
    if rule["stage"] == "cross-document":
        findings = [f for _, f in run_cross_document_rules(rule["failing"])]
    else:
        findings = _findings_of(rule["failing"][0], rule)
    (first, *_) = [f for f in findings if f.rule == rule["id"]]
    assert first.severity is Severity(rule["severity"])
    assert first.references == tuple(rule["references"])
    assert first.pointer.startswith("/")


def test_same_quantity_within_one_document_is_compared_too() -> None:
    rule = next(r for r in RULES if r["id"] == "crosswalk.same-quantity")
    merged = dict(rule["failing"][0])
    merged["footprints"] = rule["failing"][0]["footprints"] + rule["failing"][1]["footprints"]
    assert "crosswalk.same-quantity" not in [f.rule for f in check_data(merged)], "no shared period: two runs"
    period = {"start_date": "2025-02-01", "end_date": "2025-03-01"}
    merged["footprints"] = [{**f, "period": period} for f in merged["footprints"]]
    assert "crosswalk.same-quantity" in [f.rule for f in check_data(merged)]


def test_valid_examples_raise_no_rule() -> None:
    from aistd.load import load_path

    for path in sorted((EXAMPLES / "valid").iterdir()):
        assert beyond_computed(check_data(load_path(path).data)) == [], path.name
