"""Every consistency rule has a passing and a failing example, and behaves as its examples say."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aistd import resources
from aistd.conformance import check_conformance
from aistd.findings import Finding, Severity
from aistd.rules import rule_catalogue, run_cross_document_rules, run_rules
from aistd.rules.engine import CHECKS, CROSS_DOCUMENT_CHECKS, _load_checks
from aistd.validation import check_data
from tests.conftest import EXAMPLES

RULES: list[dict[str, Any]] = json.loads(resources.RULE_TABLE.read_text(encoding="utf-8"))["rules"]
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


def test_every_declared_rule_has_a_check_and_every_check_is_declared() -> None:
    _load_checks()
    implemented = set(CHECKS) | set(CROSS_DOCUMENT_CHECKS) | CHECKED_DURING_CONFORMANCE
    assert implemented == set(rule_catalogue())


@pytest.mark.parametrize("rule", RULES, ids=rule_ids())
def test_passing_example_raises_nothing(rule: dict[str, Any]) -> None:
    if rule.get("cross_document"):
        assert list(run_cross_document_rules(rule["passing"])) == []
        for document in rule["passing"]:
            assert _rules_of(document, rule) == []
        return
    (document,) = rule["passing"]
    assert _rules_of(document, rule) == []


@pytest.mark.parametrize("rule", RULES, ids=rule_ids())
def test_failing_example_raises_the_rule(rule: dict[str, Any]) -> None:
    if rule.get("cross_document"):
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
    if rule.get("cross_document"):
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
    from aistd.loading import load_path

    for path in sorted((EXAMPLES / "valid").iterdir()):
        assert check_data(load_path(path).data) == [], path.name
