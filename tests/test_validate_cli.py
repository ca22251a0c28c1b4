"""`aistd validate` options: stdin, profiles, jobs, cross-document checks, report formats; and the API."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

import aistd
from aistd.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from aistd.report import Report
from tests.conftest import EXAMPLES, ROOT

RULE_EXAMPLES = json.loads((ROOT / "src/aistd/schemas/aistd.rules.json").read_text(encoding="utf-8"))["rules"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aistd", *args], cwd=ROOT, capture_output=True, text=True, input=stdin)


def test_stdin_is_read_with_a_dash() -> None:
    text = (EXAMPLES / "valid" / "Disclosure-sci-assessment.yaml").read_text(encoding="utf-8")
    done = run("validate", "--format", "json", "-", stdin=text)
    assert done.returncode == EXIT_OK, done.stdout
    assert json.loads(done.stdout)["files"][0]["path"] == "<stdin>"


def test_profile_option_adds_a_profile_and_unknown_ones_are_usage_errors() -> None:
    target = str(EXAMPLES / "valid" / "Disclosure-sci-assessment.yaml")
    assert run("validate", target).returncode == EXIT_OK
    done = run("validate", "--profile", "eu-dc-2024-1364", target)
    assert done.returncode == EXIT_FINDINGS and "eu-dc-2024-1364.report" in done.stdout
    bad = run("validate", "--profile", "nope", target)
    assert bad.returncode == EXIT_USAGE and "invalid choice: 'nope'" in bad.stderr and "eu-dc-2024-1364" in bad.stderr


def test_fail_on_warning_turns_warnings_into_a_failing_exit(tmp_path: Path) -> None:
    rule = next(r for r in RULE_EXAMPLES if r["id"] == "footprint.power-time")
    path = tmp_path / "warn.yaml"
    path.write_text(yaml.safe_dump(rule["failing"][0]), encoding="utf-8")
    assert run("validate", str(path)).returncode == EXIT_OK
    assert run("validate", "--fail-on", "warning", str(path)).returncode == EXIT_FINDINGS


def test_jobs_give_byte_identical_reports() -> None:
    one = run("validate", "--format", "json", str(EXAMPLES))
    two = run("validate", "--format", "json", "-j", "2", str(EXAMPLES))
    assert one.returncode == two.returncode == EXIT_FINDINGS
    assert one.stdout == two.stdout


def test_same_system_compares_documents(tmp_path: Path) -> None:
    rule = next(r for r in RULE_EXAMPLES if r["id"] == "crosswalk.same-quantity")
    paths = []
    for index, document in enumerate(rule["failing"]):
        path = tmp_path / f"doc{index}.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        paths.append(str(path))
    assert run("validate", *paths).returncode == EXIT_OK
    done = run("validate", "--same-system", *paths)
    assert done.returncode == EXIT_FINDINGS
    assert "crosswalk.same-quantity" in done.stdout and "document 1" not in done.stdout
    compared = [line for line in done.stdout.splitlines() if "crosswalk.same-quantity" in line]
    assert compared and all(line.startswith(paths[1]) and f" at {paths[0]} /" in line for line in compared), compared


def test_sarif_and_junit_from_the_command_line() -> None:
    sarif = json.loads(run("validate", "--format", "sarif", str(EXAMPLES / "invalid")).stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    rule_ids = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"dc.pue-identity", "schema.required", "eu-ai-act-annex-xi.training-compute"} <= rule_ids
    junit = ElementTree.fromstring(run("validate", "--format", "junit", str(EXAMPLES / "valid")).stdout)
    assert junit.find("testsuite").get("failures") == "0"


def test_rules_command_lists_every_rule_with_references() -> None:
    done = run("rules", "--format", "json")
    rules = json.loads(done.stdout)
    ids = {r["id"] for r in rules}
    assert {r["id"] for r in RULE_EXAMPLES} <= ids
    assert all(r["references"] for r in rules)
    assert all(r["help_uri"].endswith(f"/rules/{r['id']}/") for r in rules)
    assert "dc.pue-identity" in run("rules").stdout


def test_api_validates_paths_and_data() -> None:
    report = aistd.validate(EXAMPLES / "valid")
    assert (
        isinstance(report, Report) and report.valid and len(report.files) == len(list((EXAMPLES / "valid").iterdir()))
    )
    broken = aistd.validate({"id": "x"})
    assert not broken.valid and broken.files[0].path == "<data>"
    with_profile = aistd.validate(EXAMPLES / "valid" / "Disclosure-sci-assessment.yaml", profiles=["ieee-p7100"])
    assert any(f.rule.startswith("ieee-p7100.") for f in with_profile.files[0].findings)


def test_min_severity_hides_what_is_below_it_and_quiet_drops_the_summary(corpus_dir: Path) -> None:
    invalid = str(EXAMPLES / "invalid" / "Share-above-one.yaml")
    quiet = run("validate", "-q", invalid)
    assert quiet.returncode == EXIT_FINDINGS
    assert quiet.stdout.splitlines() and all(": error " in line for line in quiet.stdout.splitlines())
    log = str(corpus_dir / "codecarbon" / "real" / "Nkluge-correa__TeenyTinyLlama" / "emissions-160m.csv")
    assert " info " in run("validate", log).stdout
    hidden = run("validate", "--min-severity", "warning", log)
    assert " info " not in hidden.stdout and hidden.stdout.splitlines()[-1].endswith("warnings")
    assert run("validate", "-q", "--min-severity", "error", log).stdout == ""  # clean: nothing at all


def test_a_converted_files_assumptions_are_info_findings_at_their_place(corpus_dir: Path) -> None:
    log = corpus_dir / "codecarbon" / "real" / "Nkluge-correa__TeenyTinyLlama" / "emissions-160m.csv"
    done = run("validate", "--format", "json", str(log))
    findings = json.loads(done.stdout)["files"][0]["findings"]
    stage = [f for f in findings if f["rule"] == "convert.filled" and "/footprints/0/stage" in f["message"]]
    assert stage and stage[0]["severity"] == "info" and stage[0]["line"] == 2
    lost = {f["message"].split(":")[0]: (f["line"], f["column"]) for f in findings if f["rule"] == "convert.lost"}
    assert lost["cpu_power"][0] == 1 and lost["cpu_power"][1] > 1  # the column's header cell


def test_a_folder_includes_every_format_aistd_reads_and_says_what_it_skipped(corpus_dir: Path, tmp_path: Path) -> None:
    import shutil

    import jsonschema

    (tmp_path / "logs").mkdir()
    shutil.copy(EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml", tmp_path / "disclosure.yaml")
    shutil.copy(
        corpus_dir / "codecarbon" / "real" / "Nkluge-correa__TeenyTinyLlama" / "emissions-160m.csv", tmp_path / "logs"
    )
    card = corpus_dir / "hf-modelcards" / "Nkluge-correa__TeenyTinyLlama" / "cards__models__TeenyTinyLlama-160m.md"
    shutil.copy(card, tmp_path / "card.md")
    (tmp_path / "README.md").write_text("# A project\n\nNothing about its footprint.\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    done = run("validate", "--format", "json", str(tmp_path))
    report = json.loads(done.stdout)
    schema = json.loads((ROOT / "src" / "aistd" / "data" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert sorted(Path(f["path"]).name for f in report["files"]) == ["card.md", "disclosure.yaml", "emissions-160m.csv"]
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert skipped == {
        "README.md": ".md: not recognised as any format aistd reads",
        "notes.csv": ".csv: not recognised as any format aistd reads",
        "logo.png": ".png is not a format aistd reads",
    }
    assert report["summary"]["skipped"] == 3
    text = run("validate", str(tmp_path)).stdout
    assert f"{tmp_path / 'logo.png'}: skipped: .png is not a format aistd reads" in text
    assert text.splitlines()[-1].endswith(", 3 skipped")
    assert run("validate", str(tmp_path / "README.md")).returncode == EXIT_FINDINGS  # named: an error, not a skip


def test_a_binary_cyclonedx_bom_is_validated_as_what_it_converts_to(corpus_dir: Path, tmp_path: Path) -> None:
    from google.protobuf import text_format

    from aistd.conversion.formats.cyclonedx import proto_codec

    text = (corpus_dir / "cyclonedx" / "valid-machine-learning-considerations-env-1.6.textproto").read_text("utf-8")
    message = proto_codec._bom_types()["1.6"]()
    text_format.Parse(proto_codec._SURROGATE_PAIR.sub(proto_codec._join_surrogates, text), message)
    (tmp_path / "model.cdx.bin").write_bytes(message.SerializeToString())
    (tmp_path / "garbage.cdx.bin").write_bytes(b"\xff\x00not a bom")
    report = json.loads(run("validate", "--format", "json", str(tmp_path)).stdout)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["model.cdx.bin"]["format"] == "cyclonedx" and by_name["model.cdx.bin"]["valid"]
    assert any(f["rule"] == "footprint.implied-intensity" for f in by_name["model.cdx.bin"]["findings"])
    assert [f["rule"] for f in by_name["garbage.cdx.bin"]["findings"]] == ["convert.unreadable"]


def test_junit_times_are_measured_unless_source_date_epoch_asks_for_reproducible_output() -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    args = [sys.executable, "-m", "aistd", "validate", "--format", "junit", str(EXAMPLES / "valid")]
    measured = ElementTree.fromstring(subprocess.run(args, capture_output=True, text=True, env=env).stdout)
    times = [float(case.get("time")) for case in measured.iter("testcase")]
    assert len(times) == len(list((EXAMPLES / "valid").iterdir())) and sum(times) > 0
    assert float(measured.find("testsuite").get("time")) == pytest.approx(sum(times), abs=0.01)
    fixed = subprocess.run(args, capture_output=True, text=True, env={**env, "SOURCE_DATE_EPOCH": "0"}).stdout
    assert {case.get("time") for case in ElementTree.fromstring(fixed).iter("testcase")} == {"0.000"}


def test_same_system_messages_name_the_other_file(tmp_path: Path) -> None:
    rule = next(r for r in RULE_EXAMPLES if r["id"] == "crosswalk.total-of-parts")
    paths = []
    for index, document in enumerate(rule["failing"]):
        path = tmp_path / f"part{index}.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        paths.append(str(path))
    done = run("validate", "--same-system", "--format", "json", *paths)
    messages = [
        (result["path"], f["message"])
        for result in json.loads(done.stdout)["files"]
        for f in result["findings"]
        if f["rule"] == "crosswalk.total-of-parts"
    ]
    assert messages and all("document " not in message for _, message in messages)
    assert all(any(other in message for other in paths if other != path) for path, message in messages), messages
