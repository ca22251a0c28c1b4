"""Loading keeps dates as text, and points findings at the line and column of the value."""

from __future__ import annotations

from aistd.check import check_document
from aistd.load import parse_text

DISCLOSURE = """\
id: urn:example:1
schema_version: 0.2.0
reporting_entity:
  name: Example AI Lab SAS
reporting_period:
  start_date: 2025-01-01
  end_date: 2025-12-31
footprints:
  - id: run
    stage: training
    energy_consumption: {value: -5, unit: kW.h}
    energy_boundary: it-equipment
"""


def test_unquoted_dates_stay_strings() -> None:
    document = parse_text(DISCLOSURE, "d.yaml")
    assert document.data["reporting_period"]["start_date"] == "2025-01-01"


def test_finding_points_at_the_offending_value() -> None:
    findings = check_document(parse_text(DISCLOSURE, "d.yaml"))
    assert [(f.rule, f.pointer, f.line, f.column) for f in findings] == [
        ("schema.minimum", "/footprints/0/energy_consumption/value", 11, 33)
    ]


def test_json_positions_are_found_too() -> None:
    text = '{\n  "id": "x",\n  "schema_version": 1\n}\n'
    document = parse_text(text, "d.json")
    assert document.position("/schema_version") == (3, 21)


def test_exponent_numbers_are_numbers_as_in_yaml_1_2() -> None:
    document = parse_text("a: 1e25\nb: 2.34e23\nc: -1E-3\nd: 12\ne: '1e25'\nf: 1.5\n", "n.yaml")
    assert document.data == {"a": 1e25, "b": 2.34e23, "c": -1e-3, "d": 12, "e": "1e25", "f": 1.5}
