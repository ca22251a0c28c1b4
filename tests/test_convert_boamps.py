"""The BoAmps converter: real reports in, canonical disclosures out, and back to schema-valid reports."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from aistd.check import check_data
from aistd.conversion import read_input
from aistd.conversion.formats.boamps import FORMAT
from aistd.conversion.journal import Conversion, ConversionError
from aistd.knowledge.units import magnitude
from aistd.load import parse_text
from aistd.load.detect import looks_like
from tests.conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "data" / "convert" / "boamps"
REPORT_SCHEMA = "https://raw.githubusercontent.com/Boavizta/BoAmps/main/model/report_schema.json"


def reports(corpus: Path) -> list[Path]:
    return sorted(p for p in (corpus / "boamps").iterdir() if p.suffix in (".json", ".csv"))


def read(path: Path) -> Conversion:
    return FORMAT.read(path.read_text(encoding="utf-8"), str(path))


def conformance(document: dict[str, Any]) -> list[str]:
    return [
        f"{f.rule} {f.pointer} {f.message}" for f in check_data(document) if f.rule.startswith(("schema.", "units."))
    ]


@pytest.fixture(scope="module")
def boamps_schemas(corpus_dir: Path) -> Path:
    """The folder of the official BoAmps schemas, beside the corpus."""
    return corpus_dir.parent / "schemas" / "boamps"


@pytest.fixture(scope="module")
def boamps_validator(boamps_schemas: Path) -> Draft4Validator:
    """The official report schema with its sibling schemas, resolved from the local copies only."""
    return validator(boamps_schemas)


@cache
def validator(folder: Path) -> Draft4Validator:
    schemas = {}
    for path in folder.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[schema["id"]] = schema
    registry = Registry().with_resources(
        (uri, Resource.from_contents(schema, default_specification=DRAFT4)) for uri, schema in schemas.items()
    )
    return Draft4Validator(schemas[REPORT_SCHEMA], registry=registry)


def schema_errors(check: Draft4Validator, text: str) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(json.loads(text))]


# --- (1, 2) the real reports --------------------------------------------------------------------------


def test_every_corpus_report_converts_and_conforms(corpus_dir: Path) -> None:
    files = reports(corpus_dir)
    assert len(files) == 7
    for path in files:
        conversion = read(path)
        assert conversion.document["footprints"], path
        assert conformance(conversion.document) == [], path


def test_current_report_values_and_units(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / "boamps" / "examples_energy-report-llm-inference.json")
    document = conversion.document
    (footprint,) = document["footprints"]
    assert footprint["stage"] == "inference"
    assert footprint["energy_consumption"] == {"value": 0.00267074, "unit": "kW.h"}  # powerConsumption is kWh
    assert footprint["duration"] == {"value": 19.09390426, "unit": "s"}
    assert footprint["tool"] == {"name": "codecarbon", "version": "2.5.0"}
    assert footprint["functional_unit"] == "request" and footprint["functional_unit_count"] == 1
    assert footprint["location"]["cloud_provider"] == "ovh"
    assert footprint["data_quality"] == "high"
    assert footprint["period"] == {"start_date": "2024-09-30", "end_date": "2024-09-30"}
    assert [h["hardware_type"] for h in footprint["hardware"]] == ["cpu", "gpu", "memory"]
    assert footprint["hardware"][1] == {
        "hardware_type": "gpu",
        "hardware_model": "2 x Tesla V100S-PCIE-32GB",
        "hardware_count": 2,
    }
    assert document["ai_systems"] == [{"id": "llama2-13b", "name": "llama2-13b", "parameter_count": 13_000_000_000}]
    assert footprint["system"] == "llama2-13b"
    assert document["id"] == "2f4643f7-68b5-4fb6-21f0-b5dcda04897d"
    assert document["reporting_entity"] == {"name": "sopra steria"}
    assert document["issued"] == "2025-02-26"
    assert conversion.origins["/footprints/0/energy_consumption"] == (47, 33)


def test_country_names_become_iso_codes(corpus_dir: Path) -> None:
    pytest.importorskip("pycountry")
    (footprint,) = read(corpus_dir / "boamps" / "examples_energy-report-llm-inference.json").document["footprints"]
    assert footprint["location"]["country"] == "FR"  # "france"
    conversion = read(corpus_dir / "boamps" / "hist__tests_data_energy-report-instance1.json")
    assert "country" not in conversion.document["footprints"][0].get("location", {})  # "UK" is no ISO code (GB)
    assert any(loss.where == "/environment/country" for loss in conversion.losses)


def test_quirk_old_reports_state_energy_in_wh(corpus_dir: Path) -> None:
    (footprint,) = read(corpus_dir / "boamps" / "hist__examples_energy-report-example-1-old-format.json").document[
        "footprints"
    ]
    assert footprint["energy_consumption"] == {"value": 351, "unit": "W.h"}
    assert magnitude(footprint, "energy_consumption") == pytest.approx(0.351)
    assert footprint["grid_carbon_intensity"] == {"value": 25, "unit": "g{CO2eq}/(kW.h)"}
    assert footprint["stage"] == "training"


def test_quirk_old_reports_write_numbers_as_text(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / "boamps" / "hist__examples_tmpcsax2ozj.json")
    (footprint,) = conversion.document["footprints"]
    assert footprint["energy_consumption"] == {"value": 0.359554063044399, "unit": "kW.h"}
    assert footprint["duration"]["value"] == pytest.approx(4.11198234558105)
    # componentName "gpu" names the type in this older layout; nbComponent and share are text
    assert footprint["hardware"] == [{"hardware_type": "gpu", "hardware_count": 2, "hardware_share": 1}]
    assert footprint["functional_unit_count"] == 1  # the older inferenceProperties[].nbRequest


def test_quirk_oldest_layout_with_keys_and_a_hardware_list(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / "boamps" / "hist__tests_data_energy-report-instance2.json")
    first, second = conversion.document["footprints"]
    # two tools measured one task: two footprints, never added up
    assert first["energy_consumption"] == {"value": 459, "unit": "W.h"} and first["tool"]["name"] == "CodeCarbon"
    assert second["energy_consumption"] == {"value": 610, "unit": "W.h"} and second["tool"]["name"] == "$Wattmeter"
    assert first["hardware"] == [
        {"hardware_type": "cpu", "hardware_count": 1, "hardware_share": 0.2},
        {"hardware_type": "gpu", "hardware_count": 4, "hardware_share": 0.5},
    ]
    assert conversion.document["ai_systems"][0]["name"] == "ResNet50"
    assert first["stage"] == "not-stated" and any(f.where == "/footprints/0/stage" for f in conversion.fills)


def test_the_flattened_csv_reads_like_its_json(corpus_dir: Path) -> None:
    from_csv = read(corpus_dir / "boamps" / "examples_energy-report-llm-inference.csv")
    from_json = read(corpus_dir / "boamps" / "examples_energy-report-llm-inference.json")
    assert from_csv.document == from_json.document
    assert from_csv.origins["/footprints/0/energy_consumption"] == (2, 28)  # data row, 28th column


def test_quirk_joint_stage_keeps_the_first_and_reports_the_rest() -> None:
    conversion = read(FIXTURES / "joint-stage.json")
    footprints = conversion.document["footprints"]
    assert [fp["stage"] for fp in footprints] == ["training", "training"]
    assert [fp["id"] for fp in footprints] == ["measure-1", "measure-2"]
    assert any(loss.where == "/task/taskStage" and "joint" in loss.reason for loss in conversion.losses)
    assert footprints[0]["period"] == {"start_date": "2025-01-09", "end_date": "2025-01-10"}
    assert conformance(conversion.document) == []


def test_quirk_a_cp1252_report_is_refused_with_a_reason() -> None:
    with pytest.raises(ConversionError) as raised:
        read_input(FIXTURES / "cp1252-report.json", "boamps")
    assert "not UTF-8" in raised.value.message and raised.value.line == 3


def test_measured_accuracy_is_reported_not_invented(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / "boamps" / "hist__examples_energy-report-example-1-old-format.json")
    assert "frugality_results" not in conversion.document
    assert any(loss.where == "/task/measuredAccuracy" for loss in conversion.losses)


@pytest.mark.parametrize(
    ("text", "line"),
    [('{"measures": [1,}', 1), ('{"task": {}}', 1), ("[1, 2]", 1), ('{\n  "measures": [],\n  "measures": []\n}', 3)],
)
def test_not_a_report_raises_a_placed_conversion_error(text: str, line: int) -> None:
    with pytest.raises(ConversionError) as raised:
        FORMAT.read(text, "bad.json")
    assert raised.value.line == line


# --- (3) writing --------------------------------------------------------------------------------------


def test_corpus_reports_written_back_are_schema_valid(corpus_dir: Path, boamps_validator: Draft4Validator) -> None:
    for path in reports(corpus_dir):
        written = FORMAT.write(read(path).document)
        assert schema_errors(boamps_validator, written.document) == [], path


@pytest.mark.parametrize("example", sorted((EXAMPLES / "valid").glob("*.*")), ids=lambda p: p.stem)
def test_examples_written_are_schema_valid(example: Path, boamps_validator: Draft4Validator) -> None:
    disclosure = parse_text(example.read_text(encoding="utf-8"), str(example)).data
    if not any(magnitude(fp, "energy_consumption") for fp in disclosure.get("footprints", [])):
        with pytest.raises(ConversionError, match="energy"):
            FORMAT.write(disclosure)
        return
    written = FORMAT.write(disclosure)
    assert schema_errors(boamps_validator, written.document) == []
    filled = {fill.where for fill in written.fills}
    assert {"/task/taskFamily", "/task/dataset", "/infrastructure/infraType"} <= filled


def test_writing_converts_energy_to_kwh_and_fills_what_boamps_requires(boamps_validator: Draft4Validator) -> None:
    disclosure = {
        "id": "urn:example:x",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "Example"},
        "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-12-31"},
        "footprints": [
            {"id": "measure-1", "stage": "fine-tuning", "energy_consumption": {"value": 7.2, "unit": "MJ"}},
            {"id": "measure-2", "stage": "inference", "energy_consumption": {"value": 500, "unit": "W.h"}},
        ],
    }
    written = FORMAT.write(disclosure)
    report = json.loads(written.document)
    assert [m["powerConsumption"] for m in report["measures"]] == [pytest.approx(2.0), pytest.approx(0.5)]
    assert report["task"]["taskStage"] == "finetuning+inference"
    assert report["header"]["reportDatetime"] == "2025-12-31 00:00:00"
    assert schema_errors(boamps_validator, written.document) == []
    assert any("one task per report" in loss.reason for loss in written.losses)


# --- (4) round trip -----------------------------------------------------------------------------------

STAGES = ["training", "fine-tuning", "inference", "data-collection", "data-preparation", "retraining", "validation"]
HARDWARE = ["cpu", "gpu", "memory", "storage", "tpu", "server"]
positive = st.floats(min_value=1e-6, max_value=1e7, allow_nan=False, allow_infinity=False)
fraction = st.floats(min_value=0, max_value=1, allow_nan=False)
words = st.from_regex(r"[A-Za-z][A-Za-z0-9 .-]{0,15}", fullmatch=True)


def quantity(units: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda v, u: {"value": v, "unit": u}, positive, st.sampled_from(units))


@st.composite
def measures(draw: st.DrawFn, index: int, stage: str, common: dict[str, Any]) -> dict[str, Any]:
    footprint: dict[str, Any] = {"id": f"measure-{index + 1}", "stage": stage, **json.loads(json.dumps(common))}
    footprint["energy_consumption"] = draw(quantity(["kW.h", "W.h", "MJ", "kJ"]))
    footprint["energy_boundary"] = "compute-node"
    footprint["tool"] = {"name": draw(words)}
    if draw(st.booleans()):
        footprint["tool"]["version"] = draw(st.from_regex(r"[0-9]\.[0-9]{1,2}\.[0-9]", fullmatch=True))
    for slot in ("cpu_utilization", "accelerator_utilization"):
        if draw(st.booleans()):
            footprint[slot] = draw(fraction)
    if draw(st.booleans()):
        seconds = draw(st.integers(min_value=1, max_value=10 * 86400))
        footprint["duration"] = {"value": seconds, "unit": "s"}
        start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)))
        end = (datetime(start.year, start.month, start.day) + timedelta(seconds=seconds, microseconds=-1)).date()
        footprint["period"] = {"start_date": start.isoformat(), "end_date": end.isoformat()}
    return footprint


@st.composite
def disclosures(draw: st.DrawFn) -> dict[str, Any]:
    common: dict[str, Any] = {}
    if draw(st.booleans()):
        common["grid_carbon_intensity"] = draw(quantity(["g{CO2eq}/(kW.h)", "kg{CO2eq}/(MW.h)"]))
        common["location"] = {"country": draw(st.sampled_from(["FR", "DE", "US", "JP"]))}
    if draw(st.booleans()):
        common.setdefault("location", {})["cloud_provider"] = draw(st.sampled_from(["aws", "ovh", "azure"]))
    if draw(st.booleans()):
        common["data_quality"] = draw(st.sampled_from(["high", "medium", "low"]))
    if draw(st.booleans()):
        common["functional_unit"] = "request"
        common["functional_unit_count"] = draw(st.integers(min_value=1, max_value=10**6))
    if draw(st.booleans()):
        common["hardware"] = [
            {"hardware_type": kind, "hardware_model": draw(words), "hardware_count": draw(st.integers(1, 64))}
            | ({"hardware_share": draw(fraction)} if draw(st.booleans()) else {})
            for kind in draw(st.lists(st.sampled_from(HARDWARE), min_size=1, max_size=3, unique=True))
        ]
    disclosure: dict[str, Any] = {
        "id": draw(st.uuids()).hex,
        "schema_version": "0.2.0",
        "reporting_entity": {"name": draw(words)},
        "reporting_period": {"start_date": "2020-01-01", "end_date": "2030-12-31"},
        "issued": draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1))).isoformat(),
    }
    if draw(st.booleans()):
        name = draw(st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,5}){0,2}", fullmatch=True))
        disclosure["ai_systems"] = [{"id": name, "name": name, "parameter_count": draw(st.integers(1, 10**12))}]
        common["system"] = name
    stage = draw(st.sampled_from(STAGES))
    count = draw(st.integers(min_value=1, max_value=2))
    disclosure["footprints"] = [draw(measures(index, stage, common)) for index in range(count)]
    if draw(st.booleans()):
        disclosure["footprints"][0]["water_consumption_site"] = {"value": 3, "unit": "L"}  # must show as a loss
    return disclosure


def compare(original: Any, back: Any, where: str) -> None:
    if isinstance(original, dict) and "value" in original and "unit" in original:
        slot = where.rsplit("/", 1)[-1]
        assert magnitude({slot: back}, slot) == pytest.approx(magnitude({slot: original}, slot), rel=1e-9), where
    elif isinstance(original, dict):
        for key, value in original.items():
            compare(value, back[key], f"{where}/{key}")
    elif isinstance(original, list):
        assert len(back) == len(original), where
        for index, value in enumerate(original):
            compare(value, back[index], f"{where}/{index}")
    elif isinstance(original, float):
        assert back == pytest.approx(original, rel=1e-9, abs=1e-12), where
    else:
        assert back == original, where


@settings(max_examples=60, deadline=None)
@given(disclosure=disclosures())
def test_round_trip_keeps_every_value_boamps_can_hold(disclosure: dict[str, Any], boamps_schemas: Path) -> None:
    pytest.importorskip("pycountry")
    written = FORMAT.write(disclosure)
    assert schema_errors(validator(boamps_schemas), written.document) == []
    back = FORMAT.read(written.document, "roundtrip.json").document
    assert conformance(back) == []
    for key in ("id", "reporting_entity", "issued", "ai_systems"):
        if key in disclosure:
            compare(disclosure[key], back[key], f"/{key}")
    for index, footprint in enumerate(disclosure["footprints"]):
        expected = {k: v for k, v in footprint.items() if k != "water_consumption_site"}
        compare(expected, back["footprints"][index], f"/footprints/{index}")
    if "water_consumption_site" in disclosure["footprints"][0]:
        assert any(loss.where == "/footprints/0/water_consumption_site" for loss in written.losses)


# --- (5) detection ------------------------------------------------------------------------------------


def test_sniff_recognises_every_corpus_report(corpus_dir: Path) -> None:
    for path in reports(corpus_dir):
        assert looks_like("boamps", str(path), path.read_text(encoding="utf-8")), path


def test_sniff_rejects_the_other_formats(corpus_dir: Path) -> None:
    others = [p for p in corpus_dir.rglob("*") if p.is_file() and "boamps" not in p.parts]
    others += sorted((EXAMPLES / "valid").glob("*"))
    assert len(others) > 20
    for path in others:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert not looks_like("boamps", str(path), text), path


def test_read_input_detects_a_report(corpus_dir: Path) -> None:
    conversion = read_input(corpus_dir / "boamps" / "tools_json_generator_bash_data_output_boamps_report.json")
    assert conversion.source_format == "boamps"
    assert conversion.document["footprints"][0]["energy_consumption"]["value"] == pytest.approx(0.0004784439185735)


@pytest.mark.parametrize(
    ("spelled", "stage"),
    [
        ("finetuning", "fine-tuning"),
        ("Fine-Tuning", "fine-tuning"),
        ("datacreation", "data-collection"),
        ("preprocessing", "data-preparation"),
        ("Training", "training"),
        ("inference", "inference"),
        ("validation", "validation"),
    ],
)
def test_quirk_free_text_task_stages_map_to_aistd_stages(spelled: str, stage: str) -> None:
    report = json.loads((FIXTURES / "joint-stage.json").read_text(encoding="utf-8"))
    report["task"]["taskStage"] = spelled
    conversion = FORMAT.read(json.dumps(report), "stage.json")
    assert {fp["stage"] for fp in conversion.document["footprints"]} == {stage}
    assert not any(fill.where.endswith("/stage") for fill in conversion.fills)


def test_quirk_total_energy_and_request_count_stay_totals(corpus_dir: Path) -> None:
    (footprint,) = read(corpus_dir / "boamps" / "tools_json_generator_bash_data_output_boamps_report.json").document[
        "footprints"
    ]
    assert footprint["functional_unit_count"] == 1 and footprint["functional_unit"] == "request"
    assert "energy_per_functional_unit" not in footprint  # BoAmps gives a total and a count, nothing per request
