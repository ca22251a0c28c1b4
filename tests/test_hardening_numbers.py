"""Numbers no figure can hold, aistd input of the wrong shape, YAML 1.1 literals and data that is not JSON data.

A number past the float range (the loader admits integers of up to 4,300 digits) is refused as a value wherever
it appears: a reader reports it lost at its place with the reason "a number too large to hold as a figure", the
checks report it as `schema.out-of-range`, and nothing computes with it. `convert` refuses an aistd disclosure
that does not conform to the schema. A plain YAML scalar that YAML 1.1 and YAML 1.2 read differently stays the
text written, with a warning. `aistd.validate(data)` reports data that is not JSON data instead of raising.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aistd
import tests.hostile.catalogue  # noqa: F401  (the catalogue first: it imports the cases modules)
from aistd.cli import main
from aistd.conversion.fields import FieldRule, field_number, field_rules, from_slot_value, tidy, to_slot_value
from aistd.conversion.journal import Conversion, ConversionError
from aistd.conversion.registry import TARGET_NAMES, format_named
from aistd.conversion.slots import is_number, too_large, within_limits
from aistd.knowledge.schema import disclosure_validator
from aistd.load import parse_text
from aistd.model.figure import TOO_LARGE, unheld, unheld_numbers
from tests.hostile import cases_numbers
from tests.test_fuzz_properties import EXAMPLE_DATA, deadline, dumped, mutated_data

BIG = 10**400
BASE: dict[str, Any] = {
    "id": "urn:example:numbers",
    "schema_version": "0.2.0",
    "reporting_entity": {"name": "Example Org"},
    "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-12-31"},
}


def report_of(text: str, name: str = "d.yaml") -> list[Any]:
    folder = Path(tempfile.mkdtemp())
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return aistd.validate(path).files[0].findings


# --- the shared layer: a number no figure can hold is no value ---------------------------------------


@pytest.mark.parametrize("value", [BIG, -BIG, math.nan, math.inf, -math.inf])
def test_a_number_no_figure_can_hold_is_no_number(value: float) -> None:
    assert not is_number(value)
    assert not within_limits("pue", value)
    assert not within_limits("energy_consumption", {"value": value, "unit": "kW.h"})
    assert unheld(value) is not None


def test_the_largest_integers_a_double_holds_are_numbers() -> None:
    assert is_number(int(1.7976931348623157e308)) and unheld(int(1.7976931348623157e308)) is None
    assert not is_number(2**1024) and unheld(2**1024) == TOO_LARGE
    assert unheld("1" + "0" * 400) is None and unheld(True) is None  # text and booleans are no numbers at all


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(BIG, True), ("1" + "0" * 400, True), ("1e400", True), (" 1,000" + "0" * 400, True), ("12", False)],
        *[("abc", False), (1e308, False), ("inf", False), ("1e-400", False), (None, False)],
    ],
)
def test_too_large_tells_numbers_and_numerals_past_the_float_range(value: Any, expected: bool) -> None:
    assert too_large(value) is expected


def _energy(vocabulary: str, field: str) -> FieldRule:
    return field_rules(vocabulary)[field]


@pytest.mark.parametrize("raw", [BIG, -BIG, math.nan, math.inf])
def test_to_slot_value_gives_none_for_a_number_no_figure_can_hold(raw: float) -> None:
    rule = _energy("codecarbon", "codecarbon:energy_consumed")
    assert to_slot_value(rule, raw) is None


def test_to_slot_value_gives_none_when_a_conversion_leaves_the_float_range() -> None:
    rule = FieldRule("x", "energy_consumption", "skos:exactMatch", 1e6, "unknown-unit", "", False)
    assert to_slot_value(rule, 1e307) is None
    assert to_slot_value(rule, 2) == {"value": 2000000, "unit": "kW.h"}
    assert to_slot_value(rule, "text") == "text"  # no number: returned as it is, for the reader to judge


@pytest.mark.parametrize(
    "value",
    [BIG, {"value": BIG, "unit": "kW.h"}, {"value": 1e308, "unit": "GW.h"}, {"value": -BIG, "unit": "MW.h"}],
)
def test_from_slot_value_gives_none_for_a_number_no_figure_can_hold(value: Any) -> None:
    rule = _energy("codecarbon", "codecarbon:energy_consumed")
    plain = field_rules("codecarbon")["codecarbon:pue"]
    chosen = plain if not isinstance(value, dict) else rule
    assert from_slot_value(chosen, value) is None
    assert field_number(chosen, value) is None


@pytest.mark.parametrize("unit", [["kW.h"], {"a": 1}, None, 3])
def test_from_slot_value_of_a_quantity_whose_unit_is_no_text_is_no_number(unit: Any) -> None:
    rule = _energy("codecarbon", "codecarbon:energy_consumed")
    value = {"value": 1, "unit": unit}
    assert from_slot_value(rule, value) is value
    assert field_number(rule, value) is None


@pytest.mark.parametrize("number", [BIG, math.inf, -math.inf])
def test_tidy_leaves_a_number_no_figure_can_hold_as_it_is(number: float) -> None:
    assert tidy(number) == number and type(tidy(number)) is type(number)
    assert tidy(0.1 + 0.2) == 0.3 and tidy(2.0) == 2


# --- every reader: a loss at its place, with the reason ---------------------------------------------

READERS = {
    "cyclonedx": (cases_numbers.cyclonedx_json, "/activityEnergyCost/value"),
    "spdx3": (cases_numbers.spdx3_json, "/ai_trainingEnergyConsumption/0/ai_energyQuantity"),
    "boamps": (cases_numbers.boamps_json, "/measures/0/powerConsumption"),
    "eco2ai": (cases_numbers.eco2ai_csv, "power_consumption(kWTh)"),
    "ml-energy": (cases_numbers.ml_energy_json, "/configurations/0/energy_per_request_joules"),
    "mlperf-power": (cases_numbers.mlperf_csv, "Result"),
    "hf-card": (cases_numbers.hf_card_front_matter, "co2_eq_emissions"),
}


@pytest.mark.parametrize("form", sorted(READERS))
def test_every_reader_reports_a_401_digit_number_lost_at_its_place(form: str, tmp_path: Path) -> None:
    make, place = READERS[form]
    conversion = aistd.convert([make(tmp_path)], to="aistd")
    lost = [loss for loss in conversion.losses if TOO_LARGE in loss.reason]
    assert len(lost) == 1 and place in lost[0].where, conversion.losses
    assert unheld_numbers(conversion.document) == []  # nothing of it reached the disclosure
    written = parse_text(conversion.document, "d.yaml").data
    assert not [error for error in disclosure_validator().iter_errors(written)]


@pytest.mark.parametrize("quantity", ["1" + "0" * 400, "1e400", "1" + "0" * 5000])
def test_spdx_decimal_text_past_the_float_range_is_lost_not_dropped(quantity: str, tmp_path: Path) -> None:
    text = (cases_numbers.DATA / "spdx3" / "three-stages.spdx3.json").read_text(encoding="utf-8")
    path = tmp_path / "models.spdx3.json"
    path.write_text(text.replace('"0.0048269"', f'"{quantity}"', 1), encoding="utf-8")
    conversion = aistd.convert([path], to="aistd")
    (lost,) = [loss for loss in conversion.losses if loss.where.endswith("/ai_energyQuantity")]
    assert lost.reason == TOO_LARGE and lost.value == quantity


def test_a_boamps_parameter_count_that_leaves_the_float_range_in_units_is_lost(tmp_path: Path) -> None:
    text = (cases_numbers.DATA / "boamps" / "joint-stage.json").read_text(encoding="utf-8")
    path = tmp_path / "report.json"
    path.write_text(text.replace('"parametersNumber": 0.025', '"parametersNumber": 1e305', 1), encoding="utf-8")
    conversion = aistd.convert([path], to="aistd")
    assert "parameter_count" not in json.dumps(parse_text(conversion.document, "d.yaml").data)
    assert [loss for loss in conversion.losses if loss.where.endswith("/parametersNumber")]


# --- the checks: a number no figure can hold is a finding --------------------------------------------


def test_a_401_digit_pue_is_an_error_at_its_line() -> None:
    findings = report_of(
        cases_numbers.aistd_yaml("pue.yaml", cases_numbers.PUE, "")(Path(tempfile.mkdtemp())).read_text()
    )
    (found,) = [f for f in findings if f.rule == "schema.out-of-range"]
    assert found.severity == "error" and found.pointer == "/data_centre_reports/0/pue"
    assert (found.line, found.column) == (8, 10)
    assert "DataCentreReport.pue" in found.message and TOO_LARGE in found.message and "(401 digits)" in found.message
    assert len(found.message) < 200


def test_a_quantity_value_past_the_float_range_is_named_by_its_slot() -> None:
    footprint = {"id": "f", "stage": "training", "energy_consumption": {"value": BIG, "unit": "kW.h"}}
    findings = aistd.validate({**BASE, "footprints": [{**footprint, "energy_boundary": "facility"}]}).files[0].findings
    (found,) = [f for f in findings if f.rule == "schema.out-of-range"]
    assert found.pointer == "/footprints/0/energy_consumption/value"
    assert found.message.startswith("StageFootprint.energy_consumption: 100000…000 (401 digits)")


def test_a_converted_document_holding_infinity_is_a_finding_not_a_crash() -> None:
    from aistd.check import check_data

    data = {**BASE, "footprints": [{"id": "f", "stage": "training", "energy_consumption": {"value": math.inf}}]}
    assert "schema.out-of-range" in {f.rule for f in check_data(data)}


# --- convert: an aistd disclosure of the wrong shape is refused, with its places ------------------------


@pytest.mark.parametrize("name", sorted(cases_numbers.WRONG_SHAPES))
def test_convert_refuses_a_disclosure_of_the_wrong_shape_with_its_places(name: str, tmp_path: Path) -> None:
    text, field = cases_numbers.WRONG_SHAPES[name]
    path = cases_numbers.aistd_yaml(f"{name}.yaml", text, "")(tmp_path)
    for target in TARGET_NAMES:
        with pytest.raises(ConversionError) as refused:
            aistd.convert([path], to=target)
        error = refused.value
        assert "does not conform to the aistd schema" in error.message and field in error.message
        assert error.line is not None and error.column is not None
        assert f"{error.line}:{error.column} /" in error.message


def test_convert_lists_the_first_five_problems_and_counts_the_rest(tmp_path: Path) -> None:
    footprints = "".join(f"  - {{id: f{i}, stage: {i}}}\n" for i in range(8))
    path = cases_numbers.aistd_yaml("many.yaml", "footprints:\n" + footprints, "")(tmp_path)
    with pytest.raises(ConversionError) as refused:
        aistd.convert([path], to="cyclonedx")
    message = refused.value.message
    assert message.count("/footprints/") == 5 and "more" in message
    assert refused.value.line == 6


def test_a_valid_disclosure_still_converts(tmp_path: Path) -> None:
    path = cases_numbers.aistd_yaml("valid.yaml", "", "")(tmp_path)
    assert isinstance(aistd.convert([path], to="cyclonedx"), Conversion)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_data(EXAMPLE_DATA), st.sampled_from(TARGET_NAMES), st.sampled_from(["yaml", "json"]))
def test_convert_of_mutated_disclosures_writes_or_refuses_never_raises(data: Any, target: str, syntax: str) -> None:
    """Whatever shape a disclosure has, `convert` writes it or raises ConversionError with a place: no writer
    meets a type it does not expect."""
    folder = Path(tempfile.mkdtemp())
    path = folder / f"d.{syntax}"
    path.write_text(dumped(data, syntax), encoding="utf-8")
    try:
        with deadline():
            result = aistd.convert([path], to=target)
    except ConversionError as error:
        assert error.message
        return
    assert isinstance(result, Conversion)


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_data(EXAMPLE_DATA), st.sampled_from(["yaml", "json"]))
def test_the_aistd_reader_gives_only_conforming_disclosures(data: Any, syntax: str) -> None:
    reader = format_named("aistd")
    try:
        conversion = reader.read(dumped(data, syntax), f"d.{syntax}")
    except ConversionError as error:
        assert error.message
        return
    document = conversion.document
    assert [e for e in disclosure_validator().iter_errors(document)] == [] or document.get("schema_version") != "0.2.0"
    assert unheld_numbers(document) == []


# --- YAML 1.1 literals: kept as written, with a warning --------------------------------------------------

DIFFERENT = {
    "1:30": "the number 90",
    "017": "the number 15",
    "0o17": "text",
    "1_000": "the number 1000",
    "NO": "the boolean false",
    "yes": "the boolean true",
    "On": "the boolean true",
    "off": "the boolean false",
    "0b101": "the number 5",
    "08": "text",
    "-0x1A": "the number -26",
}


@pytest.mark.parametrize("literal", sorted(DIFFERENT))
def test_a_yaml_11_literal_is_kept_as_text_with_a_warning_at_its_place(literal: str) -> None:
    document = parse_text(f"id: x\nvalue: {literal}\n", "d.yaml")
    assert document.data["value"] == literal
    (warning,) = document.warnings
    assert warning.rule == "load.yaml11-literal" and warning.severity == "warning"
    assert (warning.line, warning.column, warning.pointer) == (2, 8, "/value")
    assert f"YAML 1.1 reads it as {DIFFERENT[literal]}" in warning.message and literal in warning.message


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        *[("0x1F", 31), ("12", 12), ("-0", 0), ("+7", 7), ("1.5", 1.5), (".5", 0.5), ("1e3", 1000.0)],
        *[("true", True), ("False", False), ("null", None), ("~", None), ("kW.h", "kW.h")],
        ("2025-01-01", "2025-01-01"),
    ],
)
def test_scalars_both_yaml_versions_agree_on_load_as_before(literal: str, value: Any) -> None:
    document = parse_text(f"value: {literal}\n", "d.yaml")
    assert document.data["value"] == value and type(document.data["value"]) is type(value)
    assert document.warnings == []


def test_a_yaml_11_key_is_kept_as_text_and_a_quoted_literal_is_no_warning() -> None:
    document = parse_text("on: 1\nvalue: '017'\n", "d.yaml")
    assert document.data == {"on": 1, "value": "017"}
    assert [(w.line, w.column) for w in document.warnings] == [(1, 1)]


def test_yaml_11_literals_reach_the_report_beside_the_schema_finding() -> None:
    text = (
        "".join(f"{k}: {json.dumps(v)}\n" for k, v in BASE.items())
        + "ai_systems:\n  - {id: a, name: A, parameter_count: 1_000}\n"
    )
    findings = report_of(text)
    assert {f.rule for f in findings} == {"load.yaml11-literal", "schema.type"}


def test_many_yaml_11_literals_are_reported_up_to_a_bound() -> None:
    document = parse_text("values:\n" + "- no\n" * 300, "d.yaml")
    assert document.data["values"] == ["no"] * 300
    assert len(document.warnings) == 101 and "200 more" in document.warnings[-1].message


CARD_WITH_LITERAL = "---\nco2_eq_emissions:\n  emissions: 5\n  training_type: NO\n---\n# Model\n"
MANIFEST_WITH_LITERAL = (
    "name: m\ntree:\n  children:\n    a:\n      inputs:\n"
    "        - timestamp: 2025-01-01T00:00:00Z\n          duration: 1:30\n          energy: 0.5\n"
)


@pytest.mark.parametrize(
    ("name", "text", "place"),
    [("card.md", CARD_WITH_LITERAL, (4, 18)), ("manifest.yaml", MANIFEST_WITH_LITERAL, (7, 21))],
)
def test_a_yaml_11_literal_read_by_a_converter_is_a_warning_at_its_place_in_the_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, place: tuple[int, int]
) -> None:
    """A card's front matter and an Impact Framework manifest warn as an aistd file does (the card's lines
    counted from the top of the card, not of its front matter)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (found,) = [f for f in aistd.validate(path).files[0].findings if f.rule == "load.yaml11-literal"]
    assert (found.line, found.column) == place
    assert main(["convert", str(path), "--to", "cyclonedx"]) == 0
    assert f"warning {path}:{place[0]}:{place[1]}: the plain scalar" in capsys.readouterr().err


# --- aistd.validate(data): data that is not JSON data is reported, never raised ----------------------


def _cyclic() -> dict[str, Any]:
    data = {**BASE, "extra": {"items": []}}
    data["extra"]["items"].append(data)
    return data


@pytest.mark.parametrize(
    ("data", "rule", "words", "pointer"),
    [
        (_cyclic(), "load.not-json-data", "the data is cyclic at /extra/items/0", "/extra/items/0"),
        ({**BASE, 1: "x"}, "load.non-string-key", "a key is not a string at /", ""),
        (
            {**BASE, "reporting_entity": {(1, 2): "x"}},
            "load.non-string-key",
            "an object of type tuple",
            "/reporting_entity",
        ),
        ({**BASE, "id": "urn:\udc80"}, "load.encoding", "a lone surrogate at /id", "/id"),
        ({**BASE, "\udc80": 1}, "load.encoding", "holds a lone surrogate", ""),
        ({**BASE, "pue": math.nan}, "load.non-finite", "NaN is not a number at /pue", "/pue"),
        ({**BASE, "pue": -math.inf}, "load.non-finite", "-inf is not a finite number at /pue", "/pue"),
        ({**BASE, "reporting_entity": {"name": ("a",)}}, "load.not-json-data", "type tuple", "/reporting_entity/name"),
        ({**BASE, "x": {1, 2}}, "load.not-json-data", "a value of type set is not JSON data at /x", "/x"),
        ({**BASE, "x": b"bytes"}, "load.not-json-data", "type bytes", "/x"),
        ({**BASE, "x": 10**5000}, "load.number-too-large", "more than 4300 digits", "/x"),
    ],
)
def test_validate_reports_data_that_is_not_json_data(data: dict[str, Any], rule: str, words: str, pointer: str) -> None:
    findings = aistd.validate(data).files[0].findings
    assert [f.rule for f in findings] == [rule]
    assert words in findings[0].message and findings[0].pointer == pointer


def test_validate_bounds_the_walk_of_data_shared_many_times_over() -> None:
    shared: Any = ["lol"] * 9
    for _ in range(9):
        shared = [shared] * 9
    with deadline(10.0):
        findings = aistd.validate({**BASE, "laughs": shared}).files[0].findings
    assert [f.rule for f in findings] == ["load.too-large"]


def test_validate_reports_data_nested_too_deep() -> None:
    deep: Any = []
    inner = deep
    for _ in range(200):
        inner.append([])
        inner = inner[0]
    findings = aistd.validate({**BASE, "deep": deep}).files[0].findings
    assert [f.rule for f in findings] == ["load.too-deep"]


def test_validate_of_plain_data_checks_it_as_before() -> None:
    assert aistd.validate(dict(BASE)).files[0].findings == []
