"""The Impact Framework converter: real manifests in, canonical disclosures out, and back to manifests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aistd.check import check_data
from aistd.conversion import read_input
from aistd.conversion.formats.impact_framework import FORMAT
from aistd.conversion.journal import Conversion, ConversionError
from aistd.knowledge.crosswalks import rows
from aistd.knowledge.units import magnitude
from aistd.load import parse_text
from aistd.load.detect import looks_like
from tests.conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "data" / "convert" / "impact_framework"
IF_NAMES = {row["object_label"] for row in rows("impact-framework")} | {"timestamp"}


def manifests(corpus: Path) -> list[Path]:
    return sorted(p for p in (corpus / "impact-framework").rglob("*") if p.suffix in (".yml", ".yaml"))


def read(path: Path) -> Conversion:
    return FORMAT.read(path.read_text(encoding="utf-8"), str(path))


def manifest(corpus: Path, relative: str) -> Conversion:
    return read(corpus / "impact-framework" / "gsf-if" / "manifests" / relative)


def conformance(document: dict[str, Any]) -> list[str]:
    return [
        f"{f.rule} {f.pointer} {f.message}" for f in check_data(document) if f.rule.startswith(("schema.", "units."))
    ]


def losses_at(conversion: Conversion, fragment: str) -> list[str]:
    return [loss.reason for loss in conversion.losses if fragment in loss.where]


# --- (1, 2) the real manifests ------------------------------------------------------------------------


def test_every_corpus_manifest_converts_and_conforms(corpus_dir: Path) -> None:
    files = manifests(corpus_dir)
    assert len(files) >= 80
    for path in files:
        conversion = read(path)
        assert conversion.document["schema_version"]
        assert conformance(conversion.document) == [], path


def test_computed_manifest_sums_energy_and_keeps_constant_properties(corpus_dir: Path) -> None:
    conversion = manifest(corpus_dir, "outputs/pipelines/scenario-4.yaml")
    (footprint,) = conversion.document["footprints"]
    assert footprint["energy_consumption"] == {"value": 5, "unit": "kW.h"}
    assert footprint["cpu_energy"] == {"value": 20, "unit": "kW.h"}
    assert footprint["cpu_utilization"] == 0.5  # 50 % in IF, a fraction in aistd
    assert footprint["hardware"] == [{"hardware_type": "cpu", "thermal_design_power": {"value": 100, "unit": "W"}}]
    assert footprint["location"] == {"cloud_region": "uk-west"}
    assert conversion.document["methodology"]["tool"] == {"name": "Impact Framework", "version": "0.6.0"}
    # network/energy is only part of E: a narrow match is reported, not carried
    assert any("narrowMatch" in reason for reason in losses_at(conversion, "network~1energy"))
    assert conversion.origins["/footprints/0/energy_consumption"][0] > 1


def test_carbon_in_grams_converts_to_kilograms(corpus_dir: Path) -> None:
    (footprint,) = manifest(corpus_dir, "outputs/builtins/sci-embodied/scenario-1.yaml").document["footprints"]
    grams = 2 * 34.24657534246575
    assert footprint["embodied_emissions_allocated"]["unit"] == "g{CO2eq}"
    assert magnitude(footprint, "embodied_emissions_allocated") == pytest.approx(grams / 1000)


def test_sci_outputs_give_an_assessment_with_the_window_score(corpus_dir: Path) -> None:
    conversion = manifest(corpus_dir, "examples/pipelines/outputs-if-diff/pipeline-with-aggregate.yaml")
    first = conversion.document["sci_assessments"][0]
    assert first["id"] == "child-1-sci"
    assert first["functional_unit"] == "request"
    assert first["functional_unit_count"] == pytest.approx(60)
    # sci varies over the time-synced observations: the score is the summed carbon over the summed requests
    assert first["sci_score"]["value"] == pytest.approx(first["sci_total_carbon"]["value"] / 60)
    assert any(fill.where == "/sci_assessments/0/sci_score" for fill in conversion.fills)
    assert any("varies" in reason for reason in losses_at(conversion, "child-1/outputs/0/sci"))
    # the zero-padded time steps make the grid intensity vary: not carried, reported
    assert "grid_carbon_intensity" not in conversion.document["footprints"][0]
    assert any("varies" in reason for reason in losses_at(conversion, "grid~1carbon-intensity"))


def test_quirk_tdp_declared_in_kwh_is_read_as_watts(corpus_dir: Path) -> None:
    conversion = manifest(corpus_dir, "examples/pipelines/pipeline-with-aggregate.yml")
    reasons = losses_at(conversion, "parameter-metadata/inputs/cpu~1thermal-design-power/unit")
    assert reasons and "mislabel" in reasons[0]


def test_quirk_output_manifests_leak_no_local_paths(corpus_dir: Path) -> None:
    conversion = manifest(corpus_dir, "outputs/pipelines/scenario-3.yaml")
    assert "/home/" not in repr(conversion.document) + repr(conversion.report())
    assert any(loss.where == "/execution/command" for loss in conversion.losses)


def test_quirk_malformed_timestamp_is_reported_and_left_out() -> None:
    conversion = read(FIXTURES / "inference-with-sci.yaml")
    (footprint,) = conversion.document["footprints"]
    assert footprint["period"] == {"start_date": "2024-03-01", "end_date": "2024-03-01"}
    assert any("malformed timestamp" in reason for reason in losses_at(conversion, "inputs/1/timestamp"))


def test_stage_comes_from_a_tree_node_and_defaults_apply_to_inputs() -> None:
    conversion = read(FIXTURES / "inference-with-sci.yaml")
    (footprint,) = conversion.document["footprints"]
    (sci,) = conversion.document["sci_assessments"]
    assert footprint["stage"] == "inference"
    assert not any(fill.where.endswith("/stage") for fill in conversion.fills)
    assert footprint["energy_consumption"] == {"value": 0.8, "unit": "kW.h"}
    assert footprint["grid_carbon_intensity"] == {"value": 300, "unit": "g{CO2eq}/(kW.h)"}
    assert footprint["location"] == {"cloud_region": "eu-west-1"}
    assert magnitude(footprint, "operational_emissions") == pytest.approx(0.24)
    assert sci["sci_score"] == {"value": 0.16, "unit": "g{CO2eq}"}
    assert sci["functional_unit_count"] == 1600
    assert conformance(conversion.document) == []


def test_without_a_stage_the_footprint_is_other_with_a_fill(corpus_dir: Path) -> None:
    conversion = manifest(corpus_dir, "outputs/builtins/sum/success.yaml")
    assert conversion.document["footprints"][0]["stage"] == "other"
    assert any(fill.where == "/footprints/0/stage" for fill in conversion.fills)


def test_inputs_only_manifest_converts_what_the_inputs_state(corpus_dir: Path) -> None:
    conversion = manifest(corpus_dir, "examples/pipelines/sci.yml")
    (footprint,) = conversion.document["footprints"]
    assert footprint["duration"] == {"value": 43, "unit": "s"}
    # the Sci plugin divides by `component`, given once as a default: a count of 1, not a sum over time
    assert footprint["functional_unit_count"] == 1
    assert footprint["functional_unit"] == "other"
    assert "sci_assessments" not in conversion.document  # nothing computed, nothing invented
    assert "energy_consumption" not in footprint


def test_missing_duration_leaves_a_one_day_period(corpus_dir: Path) -> None:
    conversion = manifest(corpus_dir, "examples/bugs/input-error-missing-duration.yml")
    (footprint,) = conversion.document["footprints"]
    assert "duration" not in footprint
    assert footprint["period"] == {"start_date": "2023-07-06", "end_date": "2023-07-06"}


@pytest.mark.parametrize(
    ("text", "line"),
    [("name: x\ntree: [1, 2\n", 3), ("name: no tree here\n", 1), ("- a\n- b\n", 1)],
)
def test_not_a_manifest_raises_a_placed_conversion_error(text: str, line: int) -> None:
    with pytest.raises(ConversionError) as raised:
        FORMAT.read(text, "bad.yaml")
    assert raised.value.line == line


# --- (3) writing --------------------------------------------------------------------------------------


def observations(manifest_text: str) -> list[dict[str, Any]]:
    """Every observation of every leaf of a written manifest."""
    found = []
    stack = [yaml.safe_load(manifest_text)["tree"]]
    while stack:
        node = stack.pop()
        stack.extend((node.get("children") or {}).values())
        found.extend(node.get("inputs") or [])
    return found


@pytest.mark.parametrize("example", sorted((EXAMPLES / "valid").glob("*.yaml")), ids=lambda p: p.stem)
def test_written_manifests_load_and_keep_if_parameter_names(example: Path) -> None:
    disclosure = parse_text(example.read_text(encoding="utf-8"), str(example)).data
    written = FORMAT.write(disclosure)
    manifest_data = yaml.safe_load(written.document)
    assert isinstance(manifest_data["name"], str) and isinstance(manifest_data["initialize"]["plugins"], dict)
    counted = {p["config"]["functional-unit"] for p in manifest_data["initialize"]["plugins"].values()}
    for observation in observations(written.document):
        assert {"timestamp", "duration"} <= set(observation)
        assert set(observation) <= IF_NAMES | counted, set(observation) - IF_NAMES - counted
    assert looks_like("impact-framework", "out.yaml", written.document)
    assert conformance(FORMAT.read(written.document, "out.yaml").document) == []


def test_writing_converts_units_to_if_conventions() -> None:
    disclosure = yaml.safe_load((EXAMPLES / "valid" / "Disclosure-inference-service.yaml").read_text(encoding="utf-8"))
    written = FORMAT.write(disclosure)
    (observation,) = observations(written.document)
    assert observation["carbon-operational"] == pytest.approx(38.304e6)  # t -> g
    assert observation["energy"] == 100800  # kWh
    assert observation["duration"] == 365 * 86400  # d -> s
    assert observation["requests"] == 240000000
    assert any(loss.where == "/footprints/0/water_consumption_site" for loss in written.losses)
    assert any(loss.where == "/footprints/0/energy_boundary" for loss in written.losses)


def test_writing_fills_the_timestamp_and_duration_if_requires() -> None:
    disclosure = {
        "id": "d",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "E"},
        "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-01-02"},
        "footprints": [{"id": "f", "stage": "training", "energy_consumption": {"value": 3, "unit": "MW.h"}}],
    }
    written = FORMAT.write(disclosure)
    (observation,) = observations(written.document)
    assert observation == {"timestamp": "2025-01-01T00:00:00.000Z", "duration": 2 * 86400, "energy": 3000}
    assert {fill.where for fill in written.fills} >= {
        "/name",
        "/footprints/0/period/start_date",
        "/footprints/0/duration",
    }


# --- (4) round trip -----------------------------------------------------------------------------------

ENERGY_UNITS = ["kW.h", "W.h", "MW.h", "J", "MJ"]
MASS_UNITS = ["g{CO2eq}", "kg{CO2eq}", "t{CO2eq}"]
INTENSITY_UNITS = ["g{CO2eq}/(kW.h)", "kg{CO2eq}/(MW.h)", "kg{CO2eq}/(kW.h)"]
KINDS = ["request", "token", "inference", "image", "user", "other"]
STAGES = ["inference", "training", "fine-tuning", "data-preparation", "validation", "other"]
positive = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)
names = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)


def quantity(units: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda v, u: {"value": v, "unit": u}, positive, st.sampled_from(units))


@st.composite
def footprints(draw: st.DrawFn, index: int) -> dict[str, Any]:
    footprint: dict[str, Any] = {"id": f"fp-{index}", "stage": draw(st.sampled_from(STAGES))}
    optional = {
        "energy_consumption": quantity(ENERGY_UNITS),
        "cpu_energy": quantity(ENERGY_UNITS),
        "memory_energy": quantity(ENERGY_UNITS),
        "operational_emissions": quantity(MASS_UNITS),
        "embodied_emissions_allocated": quantity(MASS_UNITS),
        "total_emissions": quantity(MASS_UNITS),
        "grid_carbon_intensity": quantity(INTENSITY_UNITS),
        "cpu_utilization": st.floats(min_value=0, max_value=1, allow_nan=False),
    }
    for slot, strategy in optional.items():
        if draw(st.booleans()):
            footprint[slot] = draw(strategy)
    seconds = draw(st.integers(min_value=1, max_value=400 * 86400))
    footprint["duration"] = {"value": seconds, "unit": "s"}
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)))
    end = (datetime(start.year, start.month, start.day) + timedelta(seconds=seconds, microseconds=-1)).date()
    footprint["period"] = {"start_date": start.isoformat(), "end_date": end.isoformat()}
    if draw(st.booleans()):
        footprint["location"] = {"cloud_region": draw(names), "cloud_provider": draw(names)}
    hardware = []
    if draw(st.booleans()):
        hardware.append(
            {"hardware_type": "cpu", "hardware_model": draw(names), "thermal_design_power": draw(quantity(["W", "kW"]))}
        )
    if draw(st.booleans()):
        hardware.append(
            {
                "hardware_type": "other",
                "hardware_embodied_emissions": draw(quantity(MASS_UNITS)),
                "expected_lifespan": draw(quantity(["a", "d", "s"])),
            }
        )
    if hardware:
        footprint["hardware"] = hardware
    if draw(st.booleans()):
        footprint["functional_unit"] = draw(st.sampled_from(KINDS))
        footprint["functional_unit_count"] = draw(st.integers(min_value=1, max_value=10**9))
    if "energy_consumption" in footprint:
        footprint["energy_boundary"] = "compute-node"
    if "operational_emissions" in footprint:
        footprint["emissions_accounting_method"] = "location-based"
    return footprint


EXTRAS = {"water_consumption_site": {"value": 5, "unit": "L"}, "pue_applied": 1.2, "method": "metered"}


@st.composite
def disclosures(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(min_value=1, max_value=3))
    items = [draw(footprints(index)) for index in range(count)]
    extras = draw(st.sampled_from([{}, EXTRAS]))
    items[0].update(extras)
    return {
        "id": "urn:example:roundtrip",
        "schema_version": "0.2.0",
        "title": draw(names),
        "reporting_entity": {"name": "Example"},
        "reporting_period": {"start_date": "2000-01-01", "end_date": "2031-12-31"},
        "footprints": items,
    }


def compare(original: dict[str, Any], back: dict[str, Any], skip: set[str]) -> None:
    for slot, value in original.items():
        if slot in skip:
            continue
        if slot == "hardware":
            by_type = {item["hardware_type"]: item for item in back["hardware"]}
            for item in value:
                for key, one in item.items():
                    compare_value(one, by_type[item["hardware_type"]], key)
        elif slot == "location":
            assert back["location"] == value
        else:
            compare_value(value, back, slot)


def compare_value(value: Any, holder: dict[str, Any], slot: str) -> None:
    if isinstance(value, dict) and "value" in value:
        assert magnitude(holder, slot) == pytest.approx(magnitude({slot: value}, slot), rel=1e-9), slot
    elif isinstance(value, float):
        assert holder[slot] == pytest.approx(value, rel=1e-9, abs=1e-12), slot
    else:
        assert holder[slot] == value, slot


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disclosures())
def test_round_trip_keeps_every_value_if_can_hold(disclosure: dict[str, Any]) -> None:
    written = FORMAT.write(disclosure)
    back = FORMAT.read(written.document, "roundtrip.yaml")
    assert conformance(back.document) == []
    returned = {fp["id"]: fp for fp in back.document["footprints"]}
    for footprint in disclosure["footprints"]:
        compare(footprint, returned[footprint["id"]], skip=set(EXTRAS) | {"energy_boundary"})
    lost = {loss.where for loss in written.losses}
    for slot in EXTRAS:
        if slot in disclosure["footprints"][0]:
            assert f"/footprints/0/{slot}" in lost
    assert "/footprints/0/energy_boundary" in lost or "energy_consumption" not in disclosure["footprints"][0]


SCI_SLOTS = {
    "sci_energy": quantity(ENERGY_UNITS),
    "sci_carbon_intensity": quantity(INTENSITY_UNITS),
    "sci_operational_emissions": quantity(MASS_UNITS),
    "sci_embodied_emissions": quantity(MASS_UNITS),
    "sci_total_embodied_emissions": quantity(MASS_UNITS),
    "time_reserved": quantity(["s", "h", "d"]),
    "sci_expected_lifespan": quantity(["a", "s"]),
    "resources_reserved": st.integers(min_value=1, max_value=64),
    "total_resources": st.integers(min_value=64, max_value=128),
    "sci_total_carbon": quantity(MASS_UNITS),
}


@st.composite
def assessments(draw: st.DrawFn) -> dict[str, Any]:
    sci: dict[str, Any] = {
        "id": "svc-sci",
        "functional_unit": draw(st.sampled_from(KINDS)),
        "functional_unit_count": draw(st.integers(min_value=1, max_value=10**6)),
        "sci_score": draw(quantity(MASS_UNITS)),
        "period": {"start_date": "2025-06-11", "end_date": "2025-06-12"},
    }
    for slot, strategy in SCI_SLOTS.items():
        if draw(st.booleans()):
            sci[slot] = draw(strategy)
    return sci


@settings(max_examples=40, deadline=None)
@given(assessments())
def test_round_trip_keeps_sci_assessments(sci: dict[str, Any]) -> None:
    disclosure = {
        "id": "d",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "E"},
        "reporting_period": {"start_date": "2025-06-11", "end_date": "2025-06-12"},
        "sci_assessments": [sci],
    }
    written = FORMAT.write(disclosure)
    back = FORMAT.read(written.document, "sci.yaml").document
    (returned,) = back["sci_assessments"]
    assert returned["id"] == "svc-sci"
    compare(sci, returned, skip=set())


def test_a_footprint_and_its_sci_assessment_share_one_component() -> None:
    source = read(FIXTURES / "inference-with-sci.yaml")
    written = FORMAT.write(source.document)
    assert len(observations(written.document)) == 1
    back = FORMAT.read(written.document, "again.yaml").document
    assert back["sci_assessments"][0]["sci_score"] == source.document["sci_assessments"][0]["sci_score"]
    assert back["footprints"][0]["stage"] == "inference"


# --- (5) detection ------------------------------------------------------------------------------------


def test_sniff_recognises_every_corpus_manifest(corpus_dir: Path) -> None:
    for path in manifests(corpus_dir):
        assert looks_like("impact-framework", str(path), path.read_text(encoding="utf-8")), path


def test_sniff_rejects_the_other_formats(corpus_dir: Path) -> None:
    others = [p for p in corpus_dir.rglob("*") if p.is_file() and "impact-framework" not in p.parts]
    others += sorted((EXAMPLES / "valid").glob("*"))
    assert len(others) > 20
    for path in others:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert not looks_like("impact-framework", str(path), text), path


def test_read_input_detects_and_reads_a_manifest(corpus_dir: Path) -> None:
    path = corpus_dir / "impact-framework" / "gsf-if" / "manifests" / "outputs" / "builtins" / "sum" / "success.yaml"
    conversion = read_input(path)
    assert conversion.source_format == "impact-framework"
    assert conversion.document["footprints"]


@pytest.mark.parametrize(
    ("energies", "reason"),
    [
        (["1" + "0" * 400, "0.5"], "a number too large to hold as a figure in an observation"),
        (["1.7e308", "1.7e308"], "the sum of the observations is an infinite number"),
    ],
)
def test_energy_no_figure_can_hold_is_a_loss_that_says_why(energies: list[str], reason: str) -> None:
    """A 401-digit integer, and two finite energies whose sum overflows a double, are not summed into a figure."""
    inputs = "".join(
        f"        - {{timestamp: '2025-01-01T00:00:0{i}Z', duration: 1, energy: {v}}}\n" for i, v in enumerate(energies)
    )
    text = "name: m\ntree:\n  children:\n    a:\n      inputs:\n" + inputs
    conversion = FORMAT.read(text, "m.yaml")
    assert "energy" not in conversion.document["footprints"][0]
    assert any(reason in loss.reason for loss in conversion.losses if loss.where.endswith("/energy"))
