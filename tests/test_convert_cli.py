"""`aistd convert` and cross-format validation, on the package's examples and on real corpus files."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
import yaml

from aistd.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from aistd.conversion import TARGET_NAMES
from tests.conftest import EXAMPLES

TEENY = "hf-modelcards/Nkluge-correa__TeenyTinyLlama"
TEENY_LOGS = "codecarbon/real/Nkluge-correa__TeenyTinyLlama/emissions-160m.csv"


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("target", [name for name in TARGET_NAMES if name != "aistd"])
def test_a_valid_example_converts_to_every_format_and_back(target: str, tmp_path: Path) -> None:
    source = EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml"
    out = tmp_path / f"out.{target}"
    code, _, err = run_cli("convert", str(source), "--to", target, "-o", str(out), "--format", "json")
    assert code == EXIT_OK, err
    report = json.loads(err)
    assert report["from"] == "aistd" and report["to"] == target
    assert isinstance(report["lost"], list) and isinstance(report["filled"], list)
    back, text, err = run_cli("convert", str(out), "--from", target, "--to", "aistd")
    assert back == EXIT_OK, err
    assert yaml.safe_load(text)["schema_version"] == "0.2.0"


def test_unknown_format_and_missing_input_are_usage_errors() -> None:
    source = str(EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml")
    assert run_cli("convert", source, "--to", "pdf")[0] == EXIT_USAGE
    assert run_cli("convert", "no/such.csv", "--to", "aistd")[0] == EXIT_USAGE


def test_unconvertible_input_is_a_clean_failure(tmp_path: Path) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_text("a;b\n1;2\n", encoding="utf-8")
    code, _, err = run_cli("convert", str(junk), "--to", "aistd")
    assert code == EXIT_FINDINGS and "junk.csv" in err and "Traceback" not in err


def test_a_card_and_its_logs_merge_into_one_disclosure(corpus_dir: Path) -> None:
    card = corpus_dir / TEENY / "cards__models__TeenyTinyLlama-160m.md"
    code, text, err = run_cli("convert", str(card), str(corpus_dir / TEENY_LOGS), "--to", "aistd")
    assert code == EXIT_OK, err
    disclosure = yaml.safe_load(text)
    (system,) = disclosure["ai_systems"]
    assert {f["system"] for f in disclosure["footprints"]} == {system["id"]}
    assert disclosure["reporting_period"].get("start_date"), "the logs' dates make the reporting period"
    assert run_cli("validate", "--same-system", str(card), str(corpus_dir / TEENY_LOGS))[0] == EXIT_OK


def test_a_card_that_contradicts_its_logs_is_caught_at_the_card_line(corpus_dir: Path) -> None:
    old_card = corpus_dir / TEENY / "OLD-0d4e15f__cards__models__TeenyTinyLlama-160m.md"
    code, out, _ = run_cli("validate", "--same-system", str(old_card), str(corpus_dir / TEENY_LOGS))
    assert code == EXIT_FINDINGS
    (line,) = [x for x in out.splitlines() if "crosswalk.total-of-parts" in x]
    path, row, column, _ = line.split(":", 3)
    assert path == str(old_card) and int(row) > 1 and int(column) >= 1
    assert "5.67" in line, "the logs' kilograms against the card's grams"
    alone = run_cli("validate", str(old_card), str(corpus_dir / TEENY_LOGS))[1]
    assert "crosswalk.total-of-parts" not in alone, "only with --same-system"
    # the card alone contradicts itself: 5.6 g in its front matter, 5.6 kg in its body
    assert "footprint.restated-agrees" in alone


def test_cyclonedx_version_is_chosen_on_the_command_line(tmp_path: Path) -> None:
    source = str(EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml")
    out = tmp_path / "bom.json"
    assert run_cli("convert", source, "--to", "cyclonedx", "--cyclonedx-version", "1.7", "-o", str(out))[0] == EXIT_OK
    assert json.loads(out.read_text(encoding="utf-8"))["specVersion"] == "1.7"
    assert run_cli("convert", source, "--to", "spdx3", "--cyclonedx-version", "1.7")[0] == EXIT_USAGE


def test_the_python_api_converts_one_input_or_several_about_one_system(corpus_dir: Path) -> None:
    import aistd
    from aistd.conversion import ConversionError

    one = aistd.convert(EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml", to="cyclonedx", spec_version="1.7")
    assert one.target_format == "cyclonedx" and json.loads(one.document)["specVersion"] == "1.7"
    card = corpus_dir / TEENY / "cards__models__TeenyTinyLlama-160m.md"
    merged = aistd.convert([str(card), corpus_dir / TEENY_LOGS], to="aistd")
    disclosure = yaml.safe_load(merged.document)
    (system,) = disclosure["ai_systems"]
    assert {f["system"] for f in disclosure["footprints"]} == {system["id"]}
    with pytest.raises(ConversionError):
        aistd.convert(EXAMPLES / "invalid" / "expected.yaml", to="cyclonedx", source="codecarbon")


def test_set_supplies_what_a_source_lacks_and_is_reported(corpus_dir: Path, tmp_path: Path) -> None:
    log = str(corpus_dir / TEENY_LOGS)
    out = tmp_path / "d.json"
    code, _, err = run_cli(
        "convert", log, "--to", "aistd", "-o", str(out), "--set", "/footprints/*/stage=training",
        "--set", "/reporting_entity/name=Nicholas Kluge", "--set", '/ai_systems/0/parameter_count=162000000',
    )  # fmt: skip
    assert code == EXIT_OK, err
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {fp["stage"] for fp in document["footprints"]} == {"training"}
    assert document["reporting_entity"] == {"name": "Nicholas Kluge"}  # no longer "not stated"
    assert document["ai_systems"][0]["parameter_count"] == 162000000  # JSON: a number
    assert "filled /footprints/0/stage: 'training': set on the command line (--set)" in err
    assert "filled /reporting_entity: {'not_stated': True}" not in err


@pytest.mark.parametrize(
    ("argument", "code", "says"),
    [("footprints/0/stage=x", EXIT_USAGE, "is not POINTER=VALUE"), ("/footprints/99/stage=x", EXIT_FINDINGS,
     "reaches nothing"), ("/footprints/0/stage/deeper=x", EXIT_FINDINGS, "reaches nothing")],
)  # fmt: skip
def test_a_set_that_cannot_apply_says_why(corpus_dir: Path, argument: str, code: int, says: str) -> None:
    done = run_cli("convert", str(corpus_dir / TEENY_LOGS), "--to", "aistd", "--set", argument)
    assert done[0] == code and says in done[2]


def test_fail_on_loss_exits_1_when_anything_is_lost(tmp_path: Path) -> None:
    source = str(EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml")
    assert run_cli("convert", source, "--to", "cyclonedx", "-o", str(tmp_path / "b.json"), "--fail-on-loss")[0] == 0
    code, _, err = run_cli("convert", source, "--to", "codecarbon", "-o", str(tmp_path / "e.csv"), "--fail-on-loss")
    assert code == EXIT_FINDINGS and "could not be carried (--fail-on-loss)" in err
    assert run_cli("convert", source, "--to", "codecarbon", "-o", str(tmp_path / "e.csv"))[0] == EXIT_OK


@pytest.mark.parametrize("target", ["ml-energy", "mlperf-power"])
def test_a_read_only_format_is_refused_as_a_target(target: str) -> None:
    code, _, err = run_cli("convert", str(EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml"), "--to", target)
    assert code == EXIT_USAGE and "read-only" in err
