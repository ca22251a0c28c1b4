"""Figures are judged by their published digits: a rounded table is accepted, a row 10 % off is not.

The table is the location-based emissions of the Llama 3.2 (text) model card, Meta, `meta-llama/llama-models`
`models/llama3_2/MODEL_CARD.md`: rows 107, 133, 0.381 and 0.461 t CO2eq, two SpinQuant rows "Negligible"
(footnote: less than 0.001 metric tonnes), and a Total of 240 t. The rows add up to 240.842 t, which rounds
to 241: compared as plain numbers, the Total is wrong; compared as the intervals their digits allow, it holds.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from aistd.check import check_data
from aistd.check.rules.compare import holds
from aistd.model.figure import Figure, figure_of_number, figure_of_quantity, half_unit, half_unit_of_digits

ROWS = {
    "llama-3.2-1b": {"value": 107, "unit": "t{CO2eq}"},
    "llama-3.2-3b": {"value": 133, "unit": "t{CO2eq}"},
    "llama-3.2-1b-spinquant": {"value": 0.001, "unit": "t{CO2eq}", "qualifier": "upper-bound"},
    "llama-3.2-3b-spinquant": {"value": 0.001, "unit": "t{CO2eq}", "qualifier": "upper-bound"},
    "llama-3.2-1b-qlora": {"value": 0.381, "unit": "t{CO2eq}"},
    "llama-3.2-3b-qlora": {"value": 0.461, "unit": "t{CO2eq}"},
}


def table(rows: dict[str, dict[str, Any]], total: float = 240) -> dict[str, Any]:
    """The table as a disclosure: a family total over one footprint per model."""
    systems = [{"id": name, "name": name} for name in rows]
    members = [
        {"id": f"{name}-training", "system": name, "stage": "training", "location_based_emissions": figure}
        for name, figure in rows.items()
    ]
    aggregate = {
        "id": "llama-3.2-training",
        "system": "llama-3.2",
        "stage": "training",
        "aggregates": [member["id"] for member in members],
        "location_based_emissions": {"value": total, "unit": "t{CO2eq}"},
    }
    return {
        "id": "urn:example:llama-3.2-card",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "Meta"},
        "reporting_period": {"not_stated": True},
        "ai_systems": [{"id": "llama-3.2", "name": "Llama 3.2", "members": list(rows)}, *systems],
        "footprints": [aggregate, *members],
    }


def verdicts(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in check_data(document) if f.severity.value != "info"]


def test_the_published_table_is_accepted_though_its_rows_add_up_to_241() -> None:
    assert verdicts(table(ROWS)) == []
    assert round(sum(row["value"] for row in ROWS.values() if "qualifier" not in row)) == 241


def test_the_same_table_with_one_row_10_percent_off_is_flagged() -> None:
    rows = copy.deepcopy(ROWS)
    rows["llama-3.2-3b"]["value"] = 146.3  # 133 x 1.1
    assert verdicts(table(rows)) == [("footprint.aggregate-sum", "/footprints/0/location_based_emissions")]


def test_a_total_off_by_more_than_its_digits_allow_is_flagged() -> None:
    assert verdicts(table(ROWS, total=238)) == [("footprint.aggregate-sum", "/footprints/0/location_based_emissions")]


def test_plain_numbers_within_a_small_tolerance_would_have_rejected_the_published_table() -> None:
    """What the interval semantics changes: the same comparison on the stated points fails."""
    points = sum(row["value"] for row in ROWS.values() if "qualifier" not in row)
    assert not holds("=", Figure.exact(240.0), Figure.exact(points), 0.001)


@pytest.mark.parametrize(
    ("number", "half"),
    [(16.68, 0.005), (14000, 0.5), (0.4158, 0.00005), (1.5e20, 5e18), (5821.2, 0.05), (0.0, 0.05)],
)
def test_half_a_unit_of_the_last_written_digit(number: float, half: float) -> None:
    assert math.isclose(half_unit(number), half, rel_tol=1e-9)


def test_significant_digits_restore_what_the_number_in_the_file_lost() -> None:
    assert math.isclose(half_unit_of_digits(1460000.0, 3), 5000)  # "1.46M"
    assert math.isclose(half_unit_of_digits(1.2, 3), 0.005)  # "1.20"
    quantity = {"value": 39300000, "unit": "h", "significant_digits": 3}  # "39.3M"
    stated = figure_of_quantity(quantity)
    assert stated is not None and (stated.low, stated.high) == (39250000.0, 39350000.0)


@pytest.mark.parametrize(
    ("quantity", "low", "high"),
    [
        ({"value": 25, "unit": "t", "qualifier": "approximate"}, 24, 26),
        ({"value": 0.001, "unit": "t", "qualifier": "upper-bound"}, 0, 0.0015),
        ({"value": 500, "unit": "t", "qualifier": "lower-bound"}, 499.5, math.inf),
        ({"unit": "W", "qualifier": "range", "minimum": 350, "maximum": 400}, 349.5, 400.5),
        ({"value": 10, "unit": "t", "uncertainty": 2}, 8, 12),
        ({"unit": "t", "qualifier": "negligible"}, 0, math.inf),
    ],
)
def test_each_qualifier_gives_its_interval(quantity: dict[str, Any], low: float, high: float) -> None:
    stated = figure_of_quantity(quantity)
    assert stated is not None
    assert math.isclose(stated.low, low, abs_tol=1e-12) and (stated.high == high or math.isclose(stated.high, high))


def test_counts_are_exact_and_ratios_are_rounded() -> None:
    assert (figure_of_number(8, exact=True).low, figure_of_number(8, exact=True).high) == (8, 8)  # type: ignore[union-attr]
    pue = figure_of_number(1.26)
    assert pue is not None and math.isclose(pue.low, 1.255) and math.isclose(pue.high, 1.265)


def test_a_market_based_zero_intensity_is_no_implausibility() -> None:
    footprint = {
        "id": "run",
        "stage": "training",
        "grid_carbon_intensity": {"value": 0, "unit": "g{CO2eq}/(kW.h)"},
        "emissions_accounting_method": "market-based",
    }
    document = table({}) | {"footprints": [footprint], "ai_systems": [{"id": "m", "name": "m"}]}
    assert verdicts(document) == []
    footprint["emissions_accounting_method"] = "location-based"
    assert verdicts(document) == [("footprint.implied-intensity", "/footprints/0/grid_carbon_intensity")]


def test_location_and_market_based_figures_of_one_run_are_never_compared() -> None:
    def run(identifier: str, method: str, tonnes: float) -> dict[str, Any]:
        return {
            "id": identifier,
            "system": "m",
            "stage": "training",
            "period": {"start_date": "2025-01", "end_date": "2025-03"},
            "operational_emissions": {"value": tonnes, "unit": "t{CO2eq}"},
            "emissions_accounting_method": method,
        }

    document = table({}) | {"ai_systems": [{"id": "m", "name": "m"}]}
    document["footprints"] = [run("a", "location-based", 420), run("b", "market-based", 0)]
    assert verdicts(document) == []
    document["footprints"] = [run("a", "location-based", 420), run("b", "location-based", 380)]
    assert verdicts(document) == [("crosswalk.same-quantity", "/footprints/1/operational_emissions")]
