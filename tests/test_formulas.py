"""The rule formulas are what runs: the language reads them, units and dimensions are resolved once, the one
tolerance semantics decides, and a changed formula changes the verdicts with no Python edited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aistd.build.catalogues import compile_rules
from aistd.check.conformance import check_conformance
from aistd.check.rules import plan_for, run_rules
from aistd.check.rules.compare import holds
from aistd.check.rules.compile import compile_rule
from aistd.check.rules.formula import FormulaError, parse_rule, render
from aistd.knowledge.rules import RuleSpec, specs_from
from aistd.model.figure import Figure, figure_of_number
from aistd.model.finding import Severity
from tests.conftest import ROOT

RULES_FILE = ROOT / "schema" / "rules.yaml"
META_SCHEMA = ROOT / "schema" / "meta" / "catalogue.yaml"


def spec(formula: str, applies_to: str = "DataCentreReport", tolerance: float = 0.0, **let: str) -> RuleSpec:
    return RuleSpec("test.rule", "A test rule", Severity.ERROR, "consistency", formula, tolerance, (), "",
                    applies_to, definitions=let)  # fmt: skip


def failures(formula: str, item: dict[str, Any], applies_to: str = "DataCentreReport", **let: str) -> list[str]:
    from aistd.check.rules.compile import clause_failures

    return [m for clause in compile_rule(spec(formula, applies_to, **let)) for m in clause_failures(clause, item)]


# --- reading ---------------------------------------------------------------------------------------------


def test_clauses_relations_conditions_and_let_names_are_read() -> None:
    (first, second) = parse_rule("a = b / c; 1 [kW] <= d <= 2 [MW] when e = 'x' and absent(f)")
    assert render(first.claim.operands[1]) == "b / c"
    assert second.claim.operators == ("<=", "<=") and len(second.conditions) == 2
    (clause,) = parse_rule("t = O + m", {"O": "first(p, q x r)"})
    assert render(clause.claim.operands[1]) == "O + m"


@pytest.mark.parametrize(
    ("formula", "says"),
    [
        ("a + b", "states no relation"),
        ("a = nope(b)", "unknown function"),
        ("a = 3 [kW", "unclosed unit bracket"),
        ("a = (b + c", "expected ')'"),
        ("a = b $ c", "cannot read"),
        ("present(a + b)", "takes one slot name"),
    ],
)
def test_a_formula_the_engine_cannot_read_says_why(formula: str, says: str) -> None:
    with pytest.raises(FormulaError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_rule(formula)


@pytest.mark.parametrize(
    ("formula", "says"),
    [
        ("pue = facility_energy", "different dimensions"),
        ("it_equipment_energy <= facility_energy + water_input", "different dimensions"),
        ("pue = no_such_slot / facility_energy", "has no slot 'no_such_slot'"),
        ("installed_it_power >= 500 [furlong]", "not a unit code"),
        ("emissions_accounting_method <= 'location-based'", "text compares only with = and !="),
        ("pue = emissions_accounting_method x 2", "text takes part in arithmetic"),
    ],
)
def test_a_formula_that_does_not_compile_is_refused_with_the_reason(formula: str, says: str) -> None:
    with pytest.raises(FormulaError, match=says):
        compile_rule(spec(formula))


# --- units, dimensions and the tolerance semantics ---------------------------------------------------------


def test_operands_in_different_units_are_compared_in_one_system() -> None:
    report = {
        "operational_emissions": {"value": 3000, "unit": "t{CO2eq}"},
        "it_equipment_energy": {"value": 10.0, "unit": "GW.h"},
        "cue": {"value": 300, "unit": "g{CO2eq}/(kW.h)"},
    }
    assert failures("cue = operational_emissions / it_equipment_energy", report) == []
    wrong = {**report, "cue": {"value": 0.03, "unit": "kg{CO2eq}/(kW.h)"}}
    (message,) = failures("cue = operational_emissions / it_equipment_energy", wrong)
    assert message.startswith("cue is 0.03 kg{CO2eq}/(kW.h), but operational_emissions / it_equipment_energy = 0.3")


def test_a_clause_with_an_operand_not_stated_is_not_judged() -> None:
    report = {"pue": 1.1, "facility_energy": {"value": 12.0, "unit": "GW.h"}}
    assert failures("pue = facility_energy / it_equipment_energy", report) == []
    zero = {**report, "it_equipment_energy": {"value": 0, "unit": "GW.h"}}
    assert failures("pue = facility_energy / it_equipment_energy", zero) == [], "a division by zero judges nothing"
    garbage = {**report, "it_equipment_energy": {"value": "ten", "unit": "GW.h"}}
    assert failures("pue = facility_energy / it_equipment_energy", garbage) == []


def test_conditions_and_presence_tests() -> None:
    formula = "absent(iteusv) when accelerator_dominated = true"
    assert failures(formula, {"accelerator_dominated": True, "iteusv": 0.5}) == [f"{formula} does not hold"]
    assert failures(formula, {"accelerator_dominated": False, "iteusv": 0.5}) == []
    assert failures(formula, {"iteusv": 0.5}) == [], "an unstated condition does not hold"


def test_sum_and_first_take_what_is_stated() -> None:
    footprint = {"energy_consumption": {"value": 5, "unit": "kW.h"}, "cpu_energy": {"value": 20, "unit": "kW.h"}}
    formula = "energy_consumption >= sum(accelerator_energy, cpu_energy, memory_energy)"
    (message,) = failures(formula, footprint, "StageFootprint")
    assert "20 kW.h" in message
    grams = "g{CO2eq}"
    sci = {
        "sci_total_carbon": {"value": 10, "unit": grams},
        "sci_embodied_emissions": {"value": 4, "unit": grams},
        "sci_energy": {"value": 0.02, "unit": "kW.h"},
        "sci_carbon_intensity": {"value": 300, "unit": "g{CO2eq}/(kW.h)"},
    }
    let = {"O": "first(sci_operational_emissions, sci_energy x sci_carbon_intensity)"}
    assert failures("sci_total_carbon = O + sci_embodied_emissions", sci, "SCIAssessment", **let) == []
    stated = {**sci, "sci_operational_emissions": {"value": 1, "unit": "g{CO2eq}"}}
    assert failures("sci_total_carbon = O + sci_embodied_emissions", stated, "SCIAssessment", **let) != []


@pytest.mark.parametrize(
    ("operator", "left", "right", "tolerance", "expected"),
    [
        ("=", 1.0, 1.009, 0.01, True),
        ("=", 1.0, 1.02, 0.01, False),
        ("=", 0.1 + 0.2, 0.3, 0.0, True),  # binary noise is forgiven
        ("<=", 1.01, 1.0, 0.01, True),
        ("<=", 1.02, 1.0, 0.01, False),
        (">=", 0.99, 1.0, 0.01, True),
        (">=", 0.98, 1.0, 0.01, False),
        ("<", 1.0, 1.0, 0.0, False),
        ("!=", 1.0, 1.0, 0.0, False),
        ("=", "market-based", "market-based", 0.0, True),
        ("!=", "market-based", "location-based", 0.0, True),
    ],
)
def test_the_one_tolerance_semantics(operator: str, left: Any, right: Any, tolerance: float, expected: bool) -> None:
    def exact(value: Any) -> Any:
        return Figure.exact(value) if isinstance(value, float) else value

    assert holds(operator, exact(left), exact(right), tolerance) is expected


@pytest.mark.parametrize(
    ("operator", "left", "right", "expected"),
    [
        ("=", 0.0249, 0.02, True),  # an ERF published as 0.02 allows up to 0.025
        ("=", 0.0251, 0.02, False),
        ("=", 16.6849, 16.68, True),
        ("=", 16.6851, 16.68, False),
        ("<=", 100.4, 100, True),  # 100 (an integer as written) reaches 100.5
        ("<=", 100.6, 100, False),
        (">=", 99.6, 100, True),
        (">=", 99.4, 100, False),
    ],
)
def test_a_published_figure_is_the_interval_of_its_digits(
    operator: str, left: float, right: float | int, expected: bool
) -> None:
    computed, stated = Figure.exact(left), figure_of_number(right)
    assert holds(operator, computed, stated, 0.0) is expected


# --- a changed formula changes the verdicts, with no Python edited -----------------------------------------


def _verdicts(rules_file: Path, rule_id: str) -> tuple[list[str], list[str]]:
    table = compile_rules(rules_file, META_SCHEMA)
    plan = plan_for(specs_from(table))
    rule = next(r for r in table["rules"] if r["id"] == rule_id)

    def raised(document: dict[str, Any]) -> list[str]:
        return [f.rule for f in check_conformance(document) + run_rules(document, plan=plan)]

    return raised(rule["passing"][0]), raised(rule["failing"][0])


def test_changing_a_formula_in_a_copy_of_the_rules_file_changes_the_verdicts(tmp_path: Path) -> None:
    text = RULES_FILE.read_text(encoding="utf-8")
    passing, failing = _verdicts(RULES_FILE, "dc.it-within-facility")
    assert "dc.it-within-facility" not in passing and "dc.it-within-facility" in failing
    turned = tmp_path / "rules.yaml"
    original = 'formula: "it_equipment_energy <= facility_energy"'
    assert text.count(original) == 1
    turned.write_text(text.replace(original, 'formula: "it_equipment_energy >= facility_energy"'), encoding="utf-8")
    passing, failing = _verdicts(turned, "dc.it-within-facility")
    assert "dc.it-within-facility" in passing and "dc.it-within-facility" not in failing


def test_changing_a_tolerance_in_a_copy_of_the_rules_file_changes_the_verdicts(tmp_path: Path) -> None:
    text = RULES_FILE.read_text(encoding="utf-8")
    head, rest = text.split("  - id: dc.pue-identity\n", 1)
    rule, tail = rest.split("\n  - id: ", 1)
    assert "    tolerance: 0.01\n" in rule
    loose = tmp_path / "rules.yaml"
    loose.write_text(head + "  - id: dc.pue-identity\n" + rule.replace("tolerance: 0.01", "tolerance: 0.5") +
                     "\n  - id: " + tail, encoding="utf-8")  # fmt: skip
    _, failing = _verdicts(RULES_FILE, "dc.pue-identity")
    assert "dc.pue-identity" in failing
    _, failing = _verdicts(loose, "dc.pue-identity")
    assert "dc.pue-identity" not in failing, "pue 1.1 against 1.2 is within a 50 % tolerance"
