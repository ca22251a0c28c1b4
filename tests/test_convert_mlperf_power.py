"""MLPerf results summaries: the rows of one system, benchmark and scenario make one footprint, each Result placed
by its Units label with its published digits and cell; read-only."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from aistd.check import check_data
from aistd.cli import EXIT_OK, EXIT_USAGE, main
from aistd.conversion import ConversionError
from aistd.conversion.formats.mlperf_power import FORMAT
from aistd.conversion.registry import detect
from aistd.knowledge.units import magnitude
from aistd.load.detect import looks_like
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "data" / "convert" / "mlperf_power"
SUMMARY = FIXTURES / "wiwynn-summary-v4.0-excerpt.csv"
DATACENTER = FIXTURES / "hpca-inference-datacenter-excerpt.csv"
TINY = FIXTURES / "hpca-tiny-excerpt.csv"
TRAINING = FIXTURES / "hpca-training-excerpt.csv"
CORPUS = "mlperf-power/aryatschand-MLPerf-Power-HPCA-2025"


def read(path: Path) -> Any:
    return FORMAT.read(path.read_text(encoding="utf-8"), str(path))


def read_text(text: str, name: str = "summary.csv") -> Any:
    return FORMAT.read(text, name)


def schema_findings(document: dict[str, Any]) -> list[Any]:
    return [f for f in check_data(document) if f.rule.startswith(("schema.", "units."))]


def cell_at(path: Path | str, place: tuple[int, int]) -> str:
    text = path if isinstance(path, str) else path.read_text(encoding="utf-8")
    line = text.splitlines()[place[0] - 1]
    return next(csv.reader([line[place[1] - 1 :]]))[0]


def losses_of(conversion: Any, column: str) -> list[Any]:
    return [loss for loss in conversion.losses if loss.where == column or loss.where.startswith(f"{column}, line ")]


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def with_power_row(result: str, units: str, scenario: str = "SingleStream") -> str:
    """The Wiwynn excerpt with a power row added after its result, as the submission checker writes one for a power
    submission (results.py: the row copied, has_power True, Result the power metric, Units the power unit).
    Made up for the test: the excerpt's system made no power submission."""
    lines = SUMMARY.read_text(encoding="utf-8").splitlines()
    source = next(line for line in lines if f",retinanet,retinanet,{scenario}," in line)
    cells = next(csv.reader([source]))
    cells[9], cells[-2], cells[-1] = result, "True", units
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return "\n".join(lines) + "\n" + buffer.getvalue()


# --- the real files ----------------------------------------------------------------------------------------


def test_the_submission_checker_summary_gives_throughput_latency_and_hardware() -> None:
    conversion = read(SUMMARY)
    footprints = conversion.document["footprints"]
    assert len(footprints) == 4
    offline, single = footprints[1], footprints[2]
    assert offline["system"] == "retinanet" and offline["stage"] == "inference"
    assert offline["throughput"] == {"value": 1571.13, "unit": "/s"}
    assert single["latency"] == {"value": 2.503006, "unit": "ms"}
    assert footprints[3]["latency"] == {"value": 11.190099, "unit": "ms"}
    assert "MLPerf Inference v4.0 result (closed, edge, available) submitted by Wiwynn" in single["description"]
    assert single["hardware"] == [
        {"hardware_type": "gpu", "hardware_model": "NVIDIA L40S", "hardware_count": 2},
        {"hardware_type": "cpu", "hardware_model": "INTEL(R) XEON(R) GOLD 6538Y+", "hardware_count": 1},
    ]
    assert "energy_boundary" not in single  # no power result: no energy figure, no boundary
    assert conversion.document["reporting_entity"] == {"name": "Wiwynn"}
    assert cell_at(SUMMARY, conversion.origins["/footprints/2/latency"]) == "2.503006"
    (accuracy,) = losses_of(conversion, "Accuracy")
    assert accuracy.value["line 3"] == "37.361"
    assert schema_findings(conversion.document) == []


def test_a_power_row_of_the_summary_joins_its_result() -> None:
    conversion = read_text(with_power_row("1264.482", "millijoules"))
    single = conversion.document["footprints"][2]
    assert single["latency"] == {"value": 2.503006, "unit": "ms"}
    assert single["energy_per_functional_unit"] == {"value": 1.264482, "unit": "J", "as_published": "1264.482 mJ"}
    assert single["functional_unit"] == "query" and single["energy_boundary"] == "compute-node"
    assert single["measurement_status"] == "measured"
    assert conversion.origins["/footprints/2/energy_per_functional_unit"][0] == 6
    offline = read_text(with_power_row("412.20", "Watts", "Offline")).document["footprints"][1]
    assert offline["average_power"] == {"value": 412.2, "unit": "W", "significant_digits": 5}
    assert offline["throughput"] == {"value": 1571.13, "unit": "/s"}


def test_the_results_tables_give_power_beside_throughput() -> None:
    conversion = read(DATACENTER)
    footprints = conversion.document["footprints"]
    assert len(footprints) == 6
    server = footprints[0]
    assert server["throughput"] == {"value": 117002, "unit": "{request}/s"}
    assert server["average_power"] == {"value": 1413.775, "unit": "W"}
    assert server["hardware"][0] == {
        "hardware_type": "gpu",
        "hardware_model": "NVIDIA A100-SXM-80GB",
        "hardware_count": 4,
    }
    assert server["hardware"][1] == {"hardware_type": "cpu", "hardware_model": "AMD EPYC 7763", "hardware_count": 2}
    assert footprints[3]["average_power"] == {"value": 281.1463444, "unit": "W"}
    assert cell_at(DATACENTER, conversion.origins["/footprints/0/average_power"]) == "1413.775"
    assert conversion.origins["/footprints/0/average_power"][0] == 3
    assert cell_at(DATACENTER, conversion.origins["/footprints/0/hardware/0/hardware_count"]) == "4.0"
    assert [s["name"] for s in conversion.document["ai_systems"]] == ["ResNet", "RNN-T"]
    (notes,) = losses_of(conversion, "notes")
    assert notes.value["line 2"] == "500W A100-SXM-80GB"
    assert schema_findings(conversion.document) == []


def test_microjoules_per_inference_become_joules_with_their_published_form() -> None:
    conversion = read(TINY)
    first = conversion.document["footprints"][0]
    assert first["energy_per_functional_unit"] == {"value": 0.024320841, "unit": "J", "as_published": "24320.841 uJ"}
    assert first["latency"] == {"value": 603.1363088, "unit": "ms"}
    assert first["description"].startswith("MLPerf Tiny v0.5 result submitted by Harvard (Reference)")
    assert first["hardware"] == [
        {"hardware_type": "cpu", "hardware_model": "Arm Cortex-M4 w/ FPU", "hardware_count": 1}
    ]
    assert magnitude(first, "energy_per_functional_unit", "J") == pytest.approx(0.024320841)


def test_training_energy_keeps_its_thousands_separators_and_digits() -> None:
    conversion = read(TRAINING)
    gpt3, lora = conversion.document["footprints"]
    assert gpt3["stage"] == "training"
    assert gpt3["energy_consumption"] == {"value": 1676757.08, "unit": "kJ", "as_published": "1,676,757.08 kJ"}
    assert gpt3["duration"] == {"value": 56.869, "unit": "min"}
    assert lora["energy_consumption"] == {
        "value": 45837.4,
        "unit": "kJ",
        "significant_digits": 7,
        "as_published": "45,837.40 kJ",
    }
    assert gpt3["hardware"][0] == {
        "hardware_type": "gpu",
        "hardware_model": "NVIDIA H100-SXM5-80GB",
        "hardware_count": 512,
    }
    assert "hardware_count" not in gpt3["hardware"][1]  # two per node, on 64 nodes: no total is stated
    assert "64 nodes" in gpt3["description"]
    (per_node,) = losses_of(conversion, "Host Processors Per Node")
    assert "64 nodes" in per_node.reason
    assert not losses_of(conversion, "Units (copy)")  # a copy of Units, read
    assert cell_at(TRAINING, conversion.origins["/footprints/0/energy_consumption"]) == "1,676,757.08"
    assert schema_findings(conversion.document) == []


def test_every_fixture_is_detected() -> None:
    for path in sorted(FIXTURES.glob("*.csv")):
        assert detect(str(path), path.read_text(encoding="utf-8")) == "mlperf-power", path


# --- the shared corpus ----------------------------------------------------------------------------------------


def test_the_edge_results_every_row_placed_or_lost_with_its_line(corpus_dir: Path) -> None:
    path = corpus_dir / CORPUS / "data_cleaned_inference_edge.csv"
    conversion = read(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    results = [r for r in rows if r["Model MLC"] and r["Units"]]
    placed = sum(
        slot in fp
        for fp in conversion.document["footprints"]
        for slot in ("latency", "throughput", "average_power", "energy_per_functional_unit")
    )
    lost_results = sum(len(loss.value) for loss in losses_of(conversion, "Result"))
    assert placed + lost_results == len(results)
    junk = [loss for loss in conversion.losses if loss.where.startswith("line ")]
    assert len(junk) == len(rows) - len(results)  # rows that name no benchmark, each with its line
    first = conversion.document["footprints"][0]
    assert first["energy_per_functional_unit"] == {"value": 0.2682116017, "unit": "J"}
    assert schema_findings(conversion.document) == []


def test_the_training_results_of_the_corpus(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / CORPUS / "data_cleaned_training.csv")
    footprints = conversion.document["footprints"]
    assert len(footprints) == 24 and all(fp["stage"] == "training" for fp in footprints)
    assert all("energy_consumption" in fp and "duration" in fp for fp in footprints)
    assert schema_findings(conversion.document) == []


def test_no_other_corpus_file_looks_like_an_mlperf_summary(corpus_dir: Path) -> None:
    with (corpus_dir / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        files = [(row["local_path"], row["format"]) for row in csv.DictReader(manifest, delimiter="\t")]
    for local, form in files:
        try:
            text = (corpus_dir / local).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        assert looks_like("mlperf-power", local, text) == (form == "mlperf-power-csv"), local


# --- the command line ----------------------------------------------------------------------------------------


def test_convert_and_validate_through_the_command_line(corpus_dir: Path) -> None:
    for path in (TRAINING, corpus_dir / CORPUS / "data_cleaned_inference_edge.csv"):
        code, out, err = run_cli("convert", str(path), "--to", "aistd", "--format", "json")
        assert code == EXIT_OK, err[-500:]
        assert yaml.safe_load(out)["schema_version"] == "0.2.0"
        assert json.loads(err)["from"] == "mlperf-power"
        assert run_cli("validate", str(path))[0] == EXIT_OK


def test_writing_is_refused() -> None:
    with pytest.raises(ConversionError, match="read-only"):
        FORMAT.write({"footprints": []})
    code, _, err = run_cli("convert", str(TRAINING), "--to", "mlperf-power")
    assert code == EXIT_USAGE and "read-only" in err and "Traceback" not in err  # refused before reading


# --- malformed input -----------------------------------------------------------------------------------------


HEADER = "Public ID,Organization,SystemName,Model MLC,Scenario,Result,Units,number_of_nodes,accelerator_model_name"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (HEADER + "\n", "no data rows"),
        ("Organization,Result\nx,1\n", "not an MLPerf results summary"),
        ("a;b\n1;2\n", "not an MLPerf results summary"),
    ],
)
def test_bad_files_are_conversion_errors(text: str, message: str) -> None:
    with pytest.raises(ConversionError, match=message):
        read_text(text)


@pytest.mark.parametrize(
    ("result", "units", "reason"),
    [
        ("abc", "Watts", "not a number in Watts"),
        ("1" + "0" * 400, "Watts", "a number too large to hold as a figure in Watts"),
        ("1e400", "millijoules", "a number too large to hold as a figure in millijoules"),
        ("-5", "Watts", "not a number in Watts"),
        ("1,23", "Watts", "not a number in Watts"),
        ("12", "furlongs", "the Units label 'furlongs'"),
    ],
)
def test_bad_results_are_losses_with_their_line(result: str, units: str, reason: str) -> None:
    first = "1.0-001,Org,Box,resnet,Offline,100,Samples/s,1,NVIDIA T4"
    text = f'{HEADER}\n{first}\n1.0-001,Org,Box,resnet,Offline,"{result}",{units},1,NVIDIA T4\n'
    conversion = read_text(text)
    (lost,) = losses_of(conversion, "Result")
    assert reason in lost.reason and "line 3" in lost.value
    (footprint,) = conversion.document["footprints"]
    assert footprint["throughput"] == {"value": 100, "unit": "/s"} and "average_power" not in footprint
    assert schema_findings(conversion.document) == []


def test_a_second_result_of_the_same_metric_and_odd_counts_are_losses() -> None:
    rows = [
        HEADER + ",accelerators_per_node",
        "1.0-001,Org,Box,resnet,Offline,100,Samples/s,1,NVIDIA T4,1",
        "1.0-001,Org,Box,resnet,Offline,101,Samples/s,1,NVIDIA T4,1",
        "1.0-002,Org,Big,resnet,Offline,5,Samples/s,two,Cloud AI 100,99999999999",
        "1.0-003,Org,Short,resnet,Offline,5",
    ]
    conversion = read_text("\n".join(rows) + "\n")
    reasons = [loss.reason for loss in conversion.losses]
    assert any("a second throughput" in reason for reason in reasons)
    assert any(reason.startswith("the row has 6 cells") for reason in reasons)
    big = conversion.document["footprints"][1]
    assert big["hardware"] == [{"hardware_type": "npu", "hardware_model": "Cloud AI 100"}]
    assert any("not a count of at least one device" in reason for reason in reasons)
