"""The command line's contract: exit codes, locations in messages, JSON report shape, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aistd.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from tests.conftest import EXAMPLES, ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aistd", *args], cwd=ROOT, capture_output=True, text=True)


def test_valid_examples_exit_zero() -> None:
    done = run("validate", str(EXAMPLES / "valid"))
    assert done.returncode == EXIT_OK, done.stdout
    assert done.stdout.strip().splitlines()[-1].endswith("0 errors, 0 warnings")


def test_invalid_examples_exit_one_with_file_line_column() -> None:
    done = run("validate", str(EXAMPLES / "invalid"))
    assert done.returncode == EXIT_FINDINGS
    first = done.stdout.splitlines()[0]
    path, line, column, _ = first.split(":", 3)
    assert Path(path).suffix in {".yaml", ".json"} and int(line) >= 1 and int(column) >= 1
    assert "Traceback" not in done.stderr


def test_missing_path_is_a_usage_error() -> None:
    done = run("validate", "no/such/file.yaml")
    assert done.returncode == EXIT_USAGE
    assert "no such file" in done.stderr


def test_bad_option_is_a_usage_error() -> None:
    assert run("validate", "--format", "xml", str(EXAMPLES / "valid")).returncode == EXIT_USAGE


def test_no_command_prints_help_and_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == EXIT_USAGE
    assert "validate" in capsys.readouterr().out


def test_version_names_package_and_schema() -> None:
    done = run("--version")
    assert done.returncode == 0 and "aistd 0.2.0.dev0 (schema 0.2.0)" in done.stdout


def test_json_report_shape(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nschema_version: 0.1.0\nfootprints: [\n", encoding="utf-8")
    done = run("validate", "--format", "json", str(broken), str(EXAMPLES / "valid"))
    assert done.returncode == EXIT_FINDINGS
    report = json.loads(done.stdout)
    assert set(report) == {"aistd_version", "files", "skipped", "summary"}
    (first,) = [entry for entry in report["files"] if entry["path"] == str(broken)]  # files come sorted by path
    assert set(first) == {"path", "format", "valid", "findings"}
    finding = first["findings"][0]
    assert set(finding) == {"rule", "severity", "message", "pointer", "line", "column", "references"}
    assert finding["rule"] == "load.malformed" and finding["line"] == 4
    assert report["summary"]["files"] == len(report["files"])
    assert report["summary"]["valid"] == len(report["files"]) - 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"- a\n- b\n", "not a mapping"),
        (b'{"id": NaN}', "NaN"),
        (b"key: [unclosed\n", "malformed YAML"),
    ],
)
def test_bad_input_is_a_finding_not_a_traceback(tmp_path: Path, content: bytes, message: str) -> None:
    name = "bad.json" if content.startswith(b"{") else "bad.yaml"
    (tmp_path / name).write_bytes(content)
    done = run("validate", str(tmp_path / name))
    assert done.returncode == EXIT_FINDINGS
    assert message in done.stdout
    assert "Traceback" not in done.stderr


def test_fail_on_warning_threshold(tmp_path: Path) -> None:
    assert main(["validate", "--fail-on", "warning", str(EXAMPLES / "valid")]) == EXIT_OK


def test_the_console_script_flushes_every_line_before_it_leaves(tmp_path: Path) -> None:
    """`aistd` ends its process without the interpreter's teardown: nothing it printed may be lost."""
    out = tmp_path / "report.json"
    with out.open("w") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "aistd", "validate", "--format", "json", str(EXAMPLES / "invalid")],
            stdout=handle, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    assert done.returncode == 1 and done.stderr == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["files"] == len(list((EXAMPLES / "invalid").glob("*.yaml"))) + len(
        list((EXAMPLES / "invalid").glob("*.json"))
    )
