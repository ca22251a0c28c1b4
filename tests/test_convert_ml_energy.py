"""ML.ENERGY Leaderboard data files: each configuration an inference footprint with its energy per request, token,
image or video as published, each figure placed at its line and column in the JSON; read-only."""

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
from aistd.conversion.formats.ml_energy import FORMAT
from aistd.conversion.registry import detect
from aistd.load.detect import looks_like
from tests.conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "data" / "convert" / "ml_energy"
LLAMA = FIXTURES / "meta-llama__Llama-3.1-8B-Instruct__lm-arena-chat.json"
SD = FIXTURES / "stabilityai__stable-diffusion-3.5-medium__text-to-image.json"
VIDEO_TASK = FIXTURES / "tasks__text-to-video.json"
INDEX = FIXTURES / "index.json"
CORPUS = "other/ml-energy-leaderboard"


def read(path: Path) -> Any:
    return FORMAT.read(path.read_text(encoding="utf-8"), str(path))


def read_data(data: Any, name: str = "model.json") -> Any:
    return FORMAT.read(json.dumps(data, indent=2), name)


def schema_findings(document: dict[str, Any]) -> list[Any]:
    return [f for f in check_data(document) if f.rule.startswith(("schema.", "units."))]


def value_at(path: Path, place: tuple[int, int]) -> str:
    """The JSON text at a (line, column): the number or string that starts there."""
    line = path.read_text(encoding="utf-8").splitlines()[place[0] - 1]
    return line[place[1] - 1 :].rstrip(",")


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def minimal_configuration(**changes: Any) -> dict[str, Any]:
    config = {
        "avg_power_watts": 300.5,
        "energy_per_request_joules": 120.25,
        "energy_per_token_joules": 0.5,
        "gpu_model": "H100",
        "max_num_seqs": 8,
        "num_gpus": 1,
    }
    return {**config, **changes}


# --- the real files -------------------------------------------------------------------------------------


def test_a_language_model_file_gives_a_footprint_per_request_and_one_per_token() -> None:
    conversion = read(LLAMA)
    document = conversion.document
    (system,) = document["ai_systems"]
    assert system == {
        "id": "meta-llama-llama-3-1-8b-instruct",
        "name": "meta-llama/Llama-3.1-8B-Instruct",
        "parameter_count": 8000000000,
        "description": "On the ML.ENERGY Leaderboard: architecture Dense Transformer; weight precision bfloat16",
    }
    request, token = document["footprints"][:2]
    assert request["id"] == "meta-llama-llama-3-1-8b-instruct-lm-arena-chat-configuration-0"
    assert (request["stage"], request["functional_unit"]) == ("inference", "request")
    assert request["energy_per_functional_unit"] == {"value": 151.50076862712154, "unit": "J"}
    assert request["average_power"] == {"value": 639.3908265351646, "unit": "W"}
    assert request["throughput"] == {"value": 1637.2643059323757, "unit": "{token}/s"}
    assert request["tokens_per_request"] == 387.9423828125 and request["batch_size"] == 8
    assert request["hardware"] == [{"hardware_type": "gpu", "hardware_model": "B200", "hardware_count": 1}]
    assert request["energy_boundary"] == "accelerator-only" and request["measurement_status"] == "measured"
    assert "tensor parallel 1" in request["description"]
    assert token["id"] == request["id"] + "-per-token" and token["functional_unit"] == "token"
    assert token["energy_per_functional_unit"] == {"value": 0.3905238905034637, "unit": "J"}
    origins = conversion.origins
    assert value_at(LLAMA, origins["/footprints/0/energy_per_functional_unit"]) == "151.50076862712154"
    assert value_at(LLAMA, origins["/footprints/1/energy_per_functional_unit"]) == "0.3905238905034637"
    assert value_at(LLAMA, origins["/footprints/0/average_power"]) == "639.3908265351646"
    assert value_at(LLAMA, origins["/ai_systems/0/parameter_count"]) == "8.0"
    assert schema_findings(document) == []


def test_what_has_no_slot_is_lost_at_its_json_pointer() -> None:
    conversion = read(LLAMA)
    lost = {loss.where: loss for loss in conversion.losses}
    assert lost["/configurations/0/p99_itl_ms"].value == 14.804588232655046
    assert "inter-token latency" in lost["/configurations/0/median_itl_ms"].reason
    assert lost["/activated_params_billions"].value == 8.0
    assert lost["/output_length_distribution"].value.startswith("<object with keys bins, counts")
    assert "/configurations/0/avg_batch_size" in lost


def test_a_diffusion_model_file_gives_the_energy_per_image() -> None:
    conversion = read(SD)
    first = conversion.document["footprints"][0]
    assert first["functional_unit"] == "image"
    assert first["functional_unit_description"] == "One generated image of 1024x1024 pixels, 28 inference steps"
    assert first["energy_per_functional_unit"] == {"value": 1621.5662499889731, "unit": "J"}
    assert first["latency"] == {"value": 2.4692238569259644, "unit": "s"}
    assert first["throughput"] == {"value": 0.4049855573827721, "unit": "/s"}
    assert first["batch_size"] == 1
    assert "nickname Stable Diffusion 3.5 Medium" in conversion.document["ai_systems"][0]["description"]
    assert len(conversion.document["footprints"]) == 2  # no per-token energy for images


def test_a_task_file_names_the_model_in_each_configuration() -> None:
    conversion = read(VIDEO_TASK)
    (system,) = conversion.document["ai_systems"]
    assert system["name"] == "Wan-AI/Wan2.1-T2V-1.3B-Diffusers" and system["parameter_count"] == 1300000000
    assert "architecture diffusion" in system["description"]
    first = conversion.document["footprints"][0]
    assert first["functional_unit"] == "other"
    assert (
        first["functional_unit_description"]
        == "One generated video of 832x480 pixels, 81 frames at 15 fps, 50 inference steps"
    )
    assert first["energy_per_functional_unit"] == {"value": 61491.41150003672, "unit": "J"}
    assert "text-to-video (Text to Video)" in first["description"] and "ring degree 1" in first["description"]
    assert value_at(VIDEO_TASK, conversion.origins["/ai_systems/0"]) == '"Wan-AI/Wan2.1-T2V-1.3B-Diffusers"'


def test_the_index_lists_the_models_and_the_day_it_was_built() -> None:
    conversion = read(INDEX)
    document = conversion.document
    assert document["issued"] == "2026-02-16" and "footprints" not in document
    assert [s["parameter_count"] for s in document["ai_systems"]] == [1600000000, 4800000000, 600000000]
    assert {"/tasks", "/architectures"} <= {loss.where for loss in conversion.losses}
    assert schema_findings(document) == []


def test_every_fixture_is_detected_and_conforms() -> None:
    for path in sorted(FIXTURES.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert detect(str(path), text) == "ml-energy", path
        assert schema_findings(FORMAT.read(text, str(path)).document) == [], path


# --- the shared corpus -------------------------------------------------------------------------------------


def test_every_corpus_file_converts_and_conforms(corpus_dir: Path) -> None:
    files = sorted((corpus_dir / CORPUS).glob("*.json"))
    assert len(files) == 5
    for path in files:
        conversion = read(path)
        assert conversion.document["ai_systems"], path
        assert schema_findings(conversion.document) == [], path
    qwen = read(corpus_dir / CORPUS / "Qwen__Qwen3-8B__gpqa.json").document
    assert len(qwen["footprints"]) == 20  # 10 configurations, per request and per token
    assert qwen["footprints"][0]["energy_per_functional_unit"] == {"value": 9706.6138467097, "unit": "J"}
    pixart = read(corpus_dir / CORPUS / "PixArt-alpha__PixArt-Sigma-XL-2-1024-MS__text-to-image.json").document
    assert len(pixart["footprints"]) == 105
    eight = next(fp for fp in pixart["footprints"] if fp["hardware"][0]["hardware_count"] == 8)
    assert eight["average_power"]["value"] > 1000  # the power of all the configuration's GPUs


def test_no_other_corpus_file_looks_like_the_leaderboard(corpus_dir: Path) -> None:
    with (corpus_dir / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        files = [(row["local_path"], row["format"]) for row in csv.DictReader(manifest, delimiter="\t")]
    for local, form in files:
        try:
            text = (corpus_dir / local).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        assert looks_like("ml-energy", local, text) == (form == "mlenergy-leaderboard-json"), local
    for path in sorted((EXAMPLES / "valid").glob("*.json")):
        assert not looks_like("ml-energy", str(path), path.read_text(encoding="utf-8")), path


# --- the command line -------------------------------------------------------------------------------------


def test_convert_and_validate_through_the_command_line(corpus_dir: Path) -> None:
    for path in (LLAMA, INDEX, corpus_dir / CORPUS / "Qwen__Qwen3-Omni-30B-A3B-Instruct__video-chat.json"):
        code, out, err = run_cli("convert", str(path), "--to", "aistd", "--format", "json")
        assert code == EXIT_OK, err
        assert yaml.safe_load(out)["schema_version"] == "0.2.0"
        assert json.loads(err)["from"] == "ml-energy"
        assert run_cli("validate", str(path))[0] == EXIT_OK


def test_validate_places_a_lost_field_at_its_line() -> None:
    code, out, _ = run_cli("validate", str(LLAMA))
    assert code == EXIT_OK
    (line,) = [x for x in out.splitlines() if "/configurations/1/p90_itl_ms" in x]
    row = next(
        n
        for n, text in enumerate(LLAMA.read_text(encoding="utf-8").splitlines(), 1)
        if "p90_itl_ms" in text and n > 130
    )
    assert line.split(":")[1] == str(row)


def test_writing_is_refused() -> None:
    with pytest.raises(ConversionError, match="read-only"):
        FORMAT.write({"footprints": []})
    code, _, err = run_cli("convert", str(LLAMA), "--to", "ml-energy")
    assert code == EXIT_USAGE and "read-only" in err and "Traceback" not in err  # refused before reading


# --- malformed input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("{", "malformed JSON"),
        ("[1, 2]", "not a mapping"),
        ('{"task": "gpqa"}', "neither configurations nor models"),
        ('{"configurations": {"a": 1}}', "not a list"),
        ('{"models": [1]}', "not an object"),
        ('{"configurations": [' + "1" * 5000 + "]}", "too large"),
    ],
)
def test_bad_files_are_conversion_errors(text: str, message: str) -> None:
    with pytest.raises(ConversionError, match=message):
        FORMAT.read(text, "model.json")


@pytest.mark.parametrize(
    ("changes", "key", "reason"),
    [
        ({"num_gpus": "two"}, "num_gpus", "not a number"),
        ({"num_gpus": 0}, "num_gpus", "not a whole number of at least 1"),
        ({"num_gpus": 1.5}, "num_gpus", "not a whole number of at least 1"),
        ({"max_num_seqs": 10**400}, "max_num_seqs", "a number too large to hold as a figure"),
        ({"avg_power_watts": -3}, "avg_power_watts", "not a valid average_power"),
        ({"energy_per_request_joules": "120 J"}, "energy_per_request_joules", "not a number"),
        ({"energy_per_request_joules": True}, "energy_per_request_joules", "not a number"),
        ({"gpu_model": ["H100"]}, "gpu_model", "not a GPU name"),
        ({"mystery": 1}, "mystery", "does not know"),
    ],
)
def test_bad_values_are_losses_at_their_pointer(changes: dict[str, Any], key: str, reason: str) -> None:
    data = {"model_id": "org/model", "task": "gpqa", "configurations": [minimal_configuration(**changes)]}
    conversion = read_data(data)
    (lost,) = [loss for loss in conversion.losses if loss.where == f"/configurations/0/{key}"]
    assert reason in lost.reason
    assert schema_findings(conversion.document) == []


def test_configurations_that_are_no_objects_are_lost() -> None:
    conversion = read_data({"model_id": "org/model", "configurations": [1, minimal_configuration()]})
    assert [loss.where for loss in conversion.losses] == ["/configurations/0"]
    assert conversion.document["footprints"][0]["id"] == "org-model-task-configuration-1"


def test_a_bad_issue_day_is_lost() -> None:
    conversion = read_data({"models": {"a/b": {"total_params_billions": 1}}, "last_updated": "yesterday"}, "index.json")
    assert "issued" not in conversion.document
    assert [loss.where for loss in conversion.losses] == ["/last_updated"]
