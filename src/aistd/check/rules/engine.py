"""Run the rules: every formula rule compiled once into plain functions, and the few procedural checks.

The plan groups the formula rules by the list of items they look at, so that each item is visited once
and a clause whose slots are not all stated is passed over with one set comparison. Findings take their
severity and references from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from aistd.check.rules import procedural
from aistd.check.rules.compile import CompiledClause, clause_failures, compile_rule
from aistd.check.rules.registry import CHECKS, CROSS_DOCUMENT_CHECKS, CrossDocumentCheck, DocumentCheck
from aistd.knowledge.rules import RuleSpec, rule_catalogue
from aistd.knowledge.schema import ROOT_CLASS, list_of
from aistd.model.finding import Finding

del procedural  # imported for its registrations

NAME = re.compile(r"[a-z_][a-z0-9_]*")


class FormulaRule:
    """A formula rule, compiled into clauses the first time an item that states one of its names is checked (so
    that one file pays only for the rules its items can meet)."""

    __slots__ = ("_clauses", "names", "spec")

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self._clauses: tuple[CompiledClause, ...] | None = None
        text = " ".join([spec.formula, *spec.definitions.values()])
        self.names = frozenset(NAME.findall(text))
        """Every word of the formula: an item that states none of them cannot meet any clause (each needs a slot)."""

    @property
    def clauses(self) -> tuple[CompiledClause, ...]:
        """The rule's compiled clauses."""
        if self._clauses is None:
            self._clauses = compile_rule(self.spec)
        return self._clauses

    def compiled(self) -> FormulaRule:
        """The rule with its clauses compiled now (a formula that does not compile raises FormulaError)."""
        _ = self.clauses
        return self


class Plan:
    """What to run: formula rules by the list they look at (None: the disclosure itself), then the procedural
    and cross-document checks, each with the list it looks at (None: the whole disclosure)."""

    __slots__ = ("checks", "cross_document", "lists")
    lists: tuple[tuple[str | None, tuple[FormulaRule, ...]], ...]
    checks: tuple[tuple[RuleSpec, DocumentCheck, str | None], ...]
    cross_document: tuple[tuple[RuleSpec, CrossDocumentCheck, str | None], ...]

    def __init__(
        self,
        lists: tuple[tuple[str | None, tuple[FormulaRule, ...]], ...],
        checks: tuple[tuple[RuleSpec, DocumentCheck, str | None], ...],
        cross_document: tuple[tuple[RuleSpec, CrossDocumentCheck, str | None], ...],
    ) -> None:
        self.lists = lists
        self.checks = checks
        self.cross_document = cross_document


class RulePlanError(ValueError):
    """A catalogue the engine cannot run: a formula that does not compile, a procedural rule with no check."""


def plan_for(catalogue: Mapping[str, RuleSpec], eager: bool = True) -> Plan:
    """A catalogue's consistency and cross-document rules as a plan; formulas are compiled now (`eager`), or
    each on its first use."""
    lists: dict[str | None, list[FormulaRule]] = {}
    checks, cross = [], []
    for spec in catalogue.values():
        if spec.stage not in ("consistency", "cross-document"):
            continue
        if spec.from_formula:
            key = None if spec.applies_to == ROOT_CLASS else list_of(spec.applies_to)
            if key is None and spec.applies_to != ROOT_CLASS:
                raise RulePlanError(f"{spec.id}: no list of the disclosure holds {spec.applies_to} items")
            rule = FormulaRule(spec)
            lists.setdefault(key, []).append(rule.compiled() if eager else rule)
        elif spec.id in CHECKS:
            checks.append((spec, CHECKS[spec.id], list_of(spec.applies_to)))
        elif spec.id in CROSS_DOCUMENT_CHECKS:
            cross.append((spec, CROSS_DOCUMENT_CHECKS[spec.id], list_of(spec.applies_to)))
        else:
            raise RulePlanError(f"{spec.id} is procedural but no check is registered for it")
    return Plan(tuple((key, tuple(rules)) for key, rules in lists.items()), tuple(checks), tuple(cross))


@cache
def default_plan() -> Plan:
    """The plan of the committed catalogue, once per process; each formula compiles on its first use (the
    test suite compiles them all)."""
    return plan_for(rule_catalogue(), eager=False)


def _finding(spec: RuleSpec, pointer: str, message: str) -> Finding:
    return Finding(spec.id, spec.severity, message, pointer, references=spec.references)


def _formula_findings(data: dict[str, Any], plan: Plan, wanted: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    for key, rules in plan.lists:
        values = [data] if key is None else data.get(key)
        if values.__class__ is not list:
            continue
        active = [rule for rule in rules if not rule.spec.profile_only or rule.spec.id in wanted]
        for index, item in enumerate(values):  # type: ignore[arg-type]
            if item.__class__ is not dict:
                continue
            stated = item.keys()
            for rule in active:
                if rule.names.isdisjoint(stated):
                    continue
                for clause in rule.clauses:
                    if stated >= clause.required:
                        for message in clause_failures(clause, item):
                            base = "" if key is None else f"/{key}/{index}"
                            findings.append(_finding(rule.spec, f"{base}/{clause.at}", message))
    return findings


def run_rules(data: dict[str, Any], extra_rules: Iterable[str] = (), plan: Plan | None = None) -> list[Finding]:
    """Every rule finding about one document: all general rules, plus the profile-only ones named.

    A check of a list's items runs only when the list has items; a comparison within the document, only when
    the list has two.
    """
    plan = plan or default_plan()
    wanted = set(extra_rules)
    findings = _formula_findings(data, plan, wanted)
    for spec, check, key in plan.checks:
        if (spec.profile_only and spec.id not in wanted) or (key is not None and not data.get(key)):
            continue
        findings.extend(_finding(spec, pointer, message) for pointer, message in check(data, spec))
    for spec, cross, key in plan.cross_document:
        members = data.get(key) if key is not None else None
        if key is not None and (members.__class__ is not list or len(members) < 2):
            continue
        findings.extend(_finding(spec, pointer, message) for _, pointer, message in cross([data], spec))
    return findings


def run_cross_document_rules(
    documents: list[dict[str, Any]], plan: Plan | None = None
) -> Iterator[tuple[int, Finding]]:
    """Findings that compare several documents about one system: (index of the document, finding)."""
    for spec, cross, _ in (plan or default_plan()).cross_document:
        for index, pointer, message in cross(documents, spec):
            yield index, _finding(spec, pointer, message)
