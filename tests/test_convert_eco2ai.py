"""eco2AI emission.csv: every layout read by header name, one footprint per row (per epoch in training mode), each
figure with its published digits, unit and cell; written back in the current layout."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from aistd.check import check_data
from aistd.cli import EXIT_FINDINGS, EXIT_OK, main
from aistd.conversion import ConversionError
from aistd.conversion.formats.eco2ai import CURRENT_COLUMNS, FORMAT
from aistd.conversion.registry import detect
from aistd.knowledge.units import magnitude
from aistd.load.detect import looks_like
from tests.conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "data" / "convert" / "eco2ai"
CORPUS_FILE = "other/eco2ai/kp-156__eco2ai-implementation-minor-project__emission.csv"
QUANTITIES = ("duration", "energy_consumption", "operational_emissions", "cpu_energy", "accelerator_energy")
HEADER = CURRENT_COLUMNS


def read(path: Path) -> Any:
    return FORMAT.read(path.read_text(encoding="utf-8"), str(path))


def read_text(text: str, name: str = "emission.csv") -> Any:
    return FORMAT.read(text, name)


def schema_findings(document: dict[str, Any]) -> list[Any]:
    return [f for f in check_data(document) if f.rule.startswith(("schema.", "units."))]


def losses_at(conversion: Any, where: str) -> list[Any]:
    """The losses of a column (`OS`, or `duration(s), line 3` when not every row lost the same value) or a line."""
    return [loss for loss in conversion.losses if loss.where == where or loss.where.startswith(f"{where}, line ")]


def cell_at(path: Path, place: tuple[int, int]) -> str:
    """The text of the CSV cell that starts at a (line, column)."""
    line = path.read_text(encoding="utf-8").splitlines()[place[0] - 1]
    return next(csv.reader([line[place[1] - 1 :]]))[0]


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def row(**cells: str) -> str:
    """A data row of the current layout, from a few cells."""
    values = {"id": "r1", "start_time": "2024-01-01 10:00:00", "duration(s)": "60", "power_consumption(kWh)": "0.5"}
    values |= {"CO2_emissions(kg)": "0.1", **cells}
    return ",".join(f'"{values.get(column, "")}"' for column in HEADER)


def text_of(*rows: str) -> str:
    return ",".join(HEADER) + "\n" + "\n".join(rows) + "\n"


# --- the real files: every figure with its digits, unit and cell ------------------------------------


def test_the_current_layout_keeps_every_figure_with_its_cell() -> None:
    path = FIXTURES / "sb-ai-lab-method-labels.csv"
    conversion = read(path)
    (footprint,) = conversion.document["footprints"]
    assert footprint["id"] == "6abc598e-c680-4e99-a9ee-4d02a9be656f"
    assert footprint["duration"] == {"value": 0.007401227951049805, "unit": "s"}
    assert footprint["energy_consumption"] == {"value": 0.002, "unit": "kW.h"}
    assert footprint["operational_emissions"] == {"value": 7.844e-05, "unit": "kg{CO2eq}"}
    assert footprint["energy_boundary"] == "compute-node"
    assert footprint["emissions_accounting_method"] == "location-based"
    assert footprint["measurement_period"] == {"start_date": "2026-10-06", "end_date": "2026-10-06"}
    assert footprint["location"] == {"country": "CH", "region": "Ticino"}
    assert footprint["tool"] == {"name": "eco2AI"}
    tdp = {"value": 45, "unit": "W"}
    assert footprint["hardware"] == [
        {"hardware_type": "cpu", "hardware_model": "CPU", "hardware_count": 1, "thermal_design_power": tdp}
    ]
    assert footprint["measurement_status"] == "estimated" and "CPU tdp" in footprint["method"]
    for slot, published in [("duration", "0.007401227951049805"), ("energy_consumption", "0.002")]:
        assert cell_at(path, conversion.origins[f"/footprints/0/{slot}"]) == published
    assert conversion.origins["/footprints/0/operational_emissions"] == (2, 136)
    assert cell_at(path, conversion.origins["/footprints/0/hardware/0/thermal_design_power"]).endswith("method:tdp")
    (gpu,) = losses_at(conversion, "GPU_name")
    assert gpu.value == {"line 2": "CPU 0 device(s)"} and "no GPU hardware item" in gpu.reason
    lost = {loss.where for loss in conversion.losses}
    assert lost == {f"{column}, line 2" for column in ("start_time", "GPU_name", "OS", "cost")}


def test_epoch_rows_of_training_mode_are_footprints_of_their_own_never_summed() -> None:
    conversion = read(FIXTURES / "raman-spectras-epochs.csv")
    footprints = conversion.document["footprints"]
    tracker = "f029dd05-94ab-4ae3-a0f0-8785552639b3"
    assert [fp["id"] for fp in footprints[3:]] == [f"{tracker}-epoch-{n}" for n in (1, 2, 3)]
    assert [fp["stage"] for fp in footprints] == ["other"] * 3 + ["training"] * 3
    assert footprints[4]["energy_consumption"] == {"value": 0.0309984998312839, "unit": "kW.h"}
    assert footprints[5]["duration"] == {"value": 3079.5801038742065, "unit": "s"}
    assert "epoch: 3, num_iter: 3" in footprints[5]["description"]
    fills = {fill.where for fill in conversion.fills}
    assert {"/footprints/0/stage", "/footprints/2/stage"} <= fills and "/footprints/3/stage" not in fills
    # a run of 83700 s that started at 15:06 ends the next day
    assert footprints[2]["measurement_period"] == {"start_date": "2022-09-06", "end_date": "2022-09-07"}
    assert footprints[0]["hardware"][1]["thermal_design_power"] == {"value": 185.0, "unit": "W"}
    assert schema_findings(conversion.document) == []


def test_a_gpu_without_a_name_keeps_its_count() -> None:
    footprints = read(FIXTURES / "fed-sophia-gpu-without-name.csv").document["footprints"]
    assert footprints[0]["hardware"][0] == {"hardware_type": "gpu", "hardware_count": 2}
    assert footprints[0]["location"] == {"country": "US", "region": "Iowa"}
    assert footprints[2]["energy_consumption"] == {"value": 0.016650459388936778, "unit": "kW.h"}


def test_tiny_values_keep_their_digits() -> None:
    conversion = read(FIXTURES / "green-ai-tiny-values.csv")
    first = conversion.document["footprints"][0]
    assert first["energy_consumption"] == {"value": 6.526102974930836e-09, "unit": "kW.h"}
    assert first["operational_emissions"] == {"value": 4.0825538163364086e-09, "unit": "kg{CO2eq}"}
    assert [fp["stage"] for fp in conversion.document["footprints"]] == ["other", "training", "other", "other"]


def test_two_machines_in_one_file() -> None:
    footprints = read(FIXTURES / "hse-masters-two-machines.csv").document["footprints"]
    assert footprints[0]["location"] == {"country": "UZ", "region": "Tashkent"}
    assert footprints[-1]["location"] == {"country": "RU", "region": "Moscow"}
    assert footprints[-1]["hardware"] == [
        {"hardware_type": "gpu", "hardware_model": "NVIDIA A100 80GB PCIe", "hardware_count": 2},
        {
            "hardware_type": "cpu",
            "hardware_model": "Intel(R) Xeon(R) Gold 6326 CPU @ 2.90GHz",
            "hardware_count": 2,
            "thermal_design_power": {"value": 185.0, "unit": "W"},
        },
    ]


def test_the_prototype_layout_reads_kwth_and_time() -> None:
    conversion = read(FIXTURES / "prototype-five-columns.csv")
    (footprint,) = conversion.document["footprints"]
    assert footprint["id"] == "eco2ai-line-2"
    assert footprint["duration"] == {"value": 0.6073946952819824, "unit": "s"}
    assert footprint["energy_consumption"] == {"value": 1.0739223725265926e-06, "unit": "kW.h"}
    assert "testing SberEmissionTrack" in footprint["description"]
    assert conversion.losses == []


def test_columns_of_a_derived_tool_are_reported_lost_with_their_lines() -> None:
    conversion = read(FIXTURES / "se-tool-derived-layout.csv")
    (lost,) = losses_at(conversion, "cpu_power_consumption(kWh)")
    assert lost.value["line 2"] == "1.2509943235629815e-06" and "does not know" in lost.reason
    cpu = conversion.document["footprints"][0]["hardware"][0]
    assert cpu == {"hardware_type": "cpu", "hardware_model": "11th Gen Intel(R) Core(TM) i5-1135G7 @ 2.40GHz"}


def test_every_fixture_conforms_and_is_detected() -> None:
    for path in sorted(FIXTURES.glob("*.csv")):
        text = path.read_text(encoding="utf-8")
        assert detect(str(path), text) == "eco2ai", path
        conversion = FORMAT.read(text, str(path))
        assert conversion.document["footprints"] and conversion.origins, path
        assert schema_findings(conversion.document) == [], path


# --- the shared corpus ----------------------------------------------------------------------------


def test_the_corpus_file_keeps_its_figures(corpus_dir: Path) -> None:
    path = corpus_dir / CORPUS_FILE
    conversion = read(path)
    (footprint,) = conversion.document["footprints"]
    assert footprint["duration"] == {"value": 1009.2773571014404, "unit": "s"}
    assert footprint["energy_consumption"] == {"value": 0.001852887875604317, "unit": "kW.h"}
    assert footprint["operational_emissions"] == {"value": 0.0011591166270054193, "unit": "kg{CO2eq}"}
    assert footprint["location"] == {"country": "IN", "region": "Delhi"}
    assert footprint["hardware"][0] == {
        "hardware_type": "gpu",
        "hardware_model": "Quadro T1000 with Max-Q Design",
        "hardware_count": 1,
    }
    assert footprint["hardware"][1]["thermal_design_power"] == {"value": 45.0, "unit": "W"}
    assert cell_at(path, conversion.origins["/footprints/0/energy_consumption"]) == "0.001852887875604317"
    assert schema_findings(conversion.document) == []


def test_no_other_corpus_file_looks_like_eco2ai(corpus_dir: Path) -> None:
    with (corpus_dir / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        files = [(row["local_path"], row["format"]) for row in csv.DictReader(manifest, delimiter="\t")]
    for local, form in files:
        try:
            text = (corpus_dir / local).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        assert looks_like("eco2ai", local, text) == (form == "eco2ai-csv"), local


# --- the command line -------------------------------------------------------------------------------


def test_convert_and_validate_through_the_command_line(corpus_dir: Path) -> None:
    for path in (FIXTURES / "raman-spectras-epochs.csv", corpus_dir / CORPUS_FILE):
        code, out, err = run_cli("convert", str(path), "--to", "aistd", "--format", "json")
        assert code == EXIT_OK, err
        assert yaml.safe_load(out)["schema_version"] == "0.2.0"
        assert json.loads(err)["from"] == "eco2ai"
        assert run_cli("validate", str(path))[0] == EXIT_OK


def test_validate_points_a_lost_value_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "emission.csv"
    path.write_text(text_of(row(), row(id="r2", **{"duration(s)": "abc"})), encoding="utf-8")
    code, out, _ = run_cli("validate", str(path))
    assert code in (EXIT_OK, EXIT_FINDINGS)
    assert "duration(s), line 3: not a valid duration value" in out


# --- malformed input: a ConversionError or a loss with its line, never a traceback ----------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("\n\n", "empty"),
        (",".join(HEADER) + "\n", "no data rows"),
        ("a,b,c\n1,2,3\n", "not an eco2AI"),
        ("project_name,power_consumption(kWh),duration(s)\np,1,2\n", "not an eco2AI"),
        (",".join(HEADER) + '\n"unclosed,1,2\n', "no data rows"),
    ],
)
def test_bad_files_are_conversion_errors(text: str, message: str) -> None:
    with pytest.raises(ConversionError, match=message) as refused:
        read_text(text)
    assert refused.value.line is not None


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"duration(s)": "abc"}, "duration(s)", "not a valid duration"),
        ({"power_consumption(kWh)": "1" + "0" * 400}, "power_consumption(kWh)", "a number too large to hold"),
        ({"power_consumption(kWh)": "1e400"}, "power_consumption(kWh)", "a number too large to hold"),
        ({"CO2_emissions(kg)": "-5"}, "CO2_emissions(kg)", "not a valid operational_emissions"),
        ({"start_time": "yesterday"}, "start_time", "not a date and time"),
        ({"region/country": "WORLD"}, "region/country", "no ISO 3166-1 alpha-2"),
        ({"CPU_name": "Xeon/99999999999 device(s), TDP:45"}, "CPU_name", "no CPU hardware item"),
        ({"CPU_name": "Xeon/1 device(s), TDP:hot"}, "CPU_name", "not a power in W"),
        ({"GPU_name": "A100 1 device(s) method:guessing"}, "GPU_name", "an unknown power method label"),
        ({"GPU_name": "A100 1 device(s) by guessing"}, "GPU_name", "not in eco2AI's GPU_name form"),
    ],
)
def test_bad_cells_are_losses_with_their_line(cells: dict[str, str], column: str, reason: str) -> None:
    conversion = read_text(text_of(row(**cells)))
    (lost,) = [loss for loss in losses_at(conversion, column) if reason in loss.reason]
    assert lost.value == {"line 2": next(iter(cells.values()))}
    assert schema_findings(conversion.document) == []


def test_a_row_with_too_few_cells_and_a_header_unit_eco2ai_never_writes_are_losses() -> None:
    header = ",".join(HEADER) + ",GPU_consumption(Wh)"
    text = header + "\n" + row() + ",3\n" + "r2,p\n"
    conversion = read_text(text)
    assert len(conversion.document["footprints"]) == 1
    assert losses_at(conversion, "line 3")[0].reason.startswith("the row has 2 cells")
    (unit,) = losses_at(conversion, "GPU_consumption(Wh)")
    assert "the unit 'Wh'" in unit.reason


def test_long_hostile_cells_are_read_in_linear_time() -> None:
    hostile = {
        "CPU_name": "/" * 100_000 + "1 device(s), TDP:",
        "GPU_name": "1" * 100_000 + " device(s)",
        "region/country": "/" * 100_000,
        "duration(s)": "9" * 100_000,
    }
    started = time.perf_counter()
    conversion = read_text(text_of(row(**hostile)))
    assert time.perf_counter() - started < 2
    assert "duration" not in conversion.document["footprints"][0]
    with pytest.raises(ConversionError, match="field larger than field limit"):
        read_text(text_of(row(OS="x" * 200_000)))


# --- writing -------------------------------------------------------------------------------------------


def test_fixtures_and_the_corpus_survive_a_round_trip(corpus_dir: Path) -> None:
    for path in [*sorted(FIXTURES.glob("*.csv")), corpus_dir / CORPUS_FILE]:
        first = read(path).document
        written = FORMAT.write(first)
        assert written.document.splitlines()[0].startswith(",".join(CURRENT_COLUMNS))
        again = read_text(written.document).document
        for before, after in zip(first["footprints"], again["footprints"], strict=True):
            for slot in QUANTITIES:
                assert magnitude(after, slot) == magnitude(before, slot), (path, slot)
            for key in ("location", "energy_boundary", "emissions_accounting_method"):
                assert after.get(key) == before.get(key), (path, key)
            assert after.get("hardware", []) == before.get("hardware", []), path
            start = before.get("measurement_period", {}).get("start_date")
            assert after.get("measurement_period", {}).get("start_date") == start, path


def test_writing_reports_what_eco2ai_cannot_hold() -> None:
    document = json.loads((EXAMPLES / "valid" / "Disclosure-fine-tune.json").read_text(encoding="utf-8"))
    conversion = FORMAT.write(document)
    lost = {loss.where for loss in conversion.losses}
    assert {"/footprints/0/average_power", "/footprints/0/grid_carbon_intensity", "/reporting_entity"} <= lost
    written = next(csv.DictReader(io.StringIO(conversion.document)))
    assert written["project_name"] == "Northwind Support 7B" and written["epoch"] == "N/A"


def test_a_figure_whose_column_would_change_meaning_is_not_written() -> None:
    footprint = {
        "id": "f",
        "stage": "other",
        "energy_consumption": {"value": 2, "unit": "kW.h"},
        "energy_boundary": "facility",
        "operational_emissions": {"value": 1, "unit": "kg{CO2eq}"},
        "emissions_accounting_method": "market-based",
        "cpu_energy": {"value": 500, "unit": "W.h"},
    }
    conversion = FORMAT.write({"footprints": [footprint]})
    written = next(csv.DictReader(io.StringIO(conversion.document)))
    assert written["power_consumption(kWh)"] == "" and written["CO2_emissions(kg)"] == ""
    assert written["CPU_consumption(kWh)"] == "0.5" and written["GPU_consumption(kWh)"] == "N/A"
    lost = {loss.where for loss in conversion.losses}
    assert {"/footprints/0/energy_consumption", "/footprints/0/operational_emissions"} <= lost
    assert read_text(conversion.document).document["footprints"][0]["cpu_energy"] == {"value": 0.5, "unit": "kW.h"}


def test_the_first_tab_separated_layout_is_read() -> None:
    """The layout of eco2AI's first releases (emission_track.py at sb-ai-lab/Eco2AI f612f55, May 2022): tabs, the
    unit spelled kWTh, CPU_name as '{model}/{tdp} TDP: {count} device(s)' and a country column '{region}/{country}'.
    The row is made up from that code: no file of that layout was found published."""
    header = "project_name\texperiment_description(model type etc.)\tstart_time\tduration(s)\tpower_consumption(kWTh)"
    header += "\tCO2_emissions(kg)\tCPU_name\tGPU_name\tOS\tcountry"
    line = "demo\tresnet\t2022-05-31 12:00:00\t120.5\t0.0125\t0.0043\tIntel Xeon/165 TDP: 2 device(s)"
    line += "\tTesla T4 1 device(s)\tLinux\tMoscow/RU"
    conversion = read_text(f"{header}\n{line}\n")
    assert detect("emission.csv", f"{header}\n{line}\n") == "eco2ai"
    (footprint,) = conversion.document["footprints"]
    assert footprint["energy_consumption"] == {"value": 0.0125, "unit": "kW.h"}
    assert footprint["location"] == {"country": "RU", "region": "Moscow"}
    assert footprint["hardware"][1] == {
        "hardware_type": "cpu",
        "hardware_model": "Intel Xeon",
        "hardware_count": 2,
        "thermal_design_power": {"value": 165, "unit": "W"},
    }
    assert "resnet" in footprint["description"]
    assert conversion.origins["/footprints/0/energy_consumption"] == (
        2,
        len("demo\tresnet\t2022-05-31 12:00:00\t120.5\t") + 1,
    )
