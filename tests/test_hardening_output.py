"""The folder walk, the command line and what reaches the terminal, under hostile inputs.

A folder walk never follows a link out of the folders named, never opens a named pipe, and is iterative; what
the inputs say (keys, labels, headers, file names) reaches the text report and standard error as escapes, never
raw; the JSON, SARIF and JUnit reports keep exact strings and never fail to encode; standard input is read once,
before any worker starts; every failed read or write says what happened.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aistd.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from aistd.load.walk import LINKED_FOLDER, OUTSIDE, collect
from aistd.model.finding import Finding, Severity
from aistd.report import FileResult, Report
from aistd.report.sanitise import encodable, json_safe, shown, shown_lines, shown_path
from aistd.validation import Options, usable_jobs, validate_paths
from tests.conftest import EXAMPLES, ROOT
from tests.hostile.cases_walk_output import DEEP_FOLDERS, ESCAPES, SHOWN, remove_tree

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What a terminal obeys, or that reorders what is read."""
VALID = (EXAMPLES / "valid" / "Disclosure-fine-tune.json").read_text(encoding="utf-8")
NOT_UTF8 = os.fsdecode(b"caf\xe9.json")


def run(*argv: str) -> tuple[int, str, str]:
    """Run the command line in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as leaving:
            code = int(leaving.code or 0)
    return code, out.getvalue(), err.getvalue()


def aistd(*argv: str, stdin: bytes = b"", env: dict[str, str] | None = None, cwd: Path = ROOT) -> Any:
    """Run `python -m aistd` in its own process."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    command = [sys.executable, "-m", "aistd", *argv]
    return subprocess.run(command, input=stdin, capture_output=True, env=environment, cwd=cwd, timeout=120)


def finding(message: str, pointer: str = "") -> Finding:
    return Finding("schema.required", Severity.ERROR, message, pointer, line=1, column=1)


# --- the sanitiser ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, é and 中 stay", "plain text, é and 中 stay"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("nul\x00 cr\r nl\n tab\t", "nul\\x00 cr\\r nl\\n tab\\t"),
        ("csi\x9b31m del\x7f", "csi\\x9b31m del\\x7f"),
        ("".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])), "".join(
            f"\\u{code:04x}" for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
        )),
        ("zero\u200bwidth, line\u2028separator", "zero\\u200bwidth, line\\u2028separator"),
        (NOT_UTF8, "caf\\xe9.json"),
        ("lone \ud800", "lone \\ud800"),
        ("tag \U000e0041", "tag \\U000e0041"),
    ],
)  # fmt: skip
def test_shown_writes_what_a_terminal_would_obey_as_escapes(text: str, expected: str) -> None:
    assert shown(text) == expected
    assert shown(expected) == expected  # escapes are printable: showing twice changes nothing


@given(st.text())
def test_shown_text_is_one_printable_line(text: str) -> None:
    assert shown(text).isprintable()
    assert shown_path(text).isprintable()
    assert all(line.isprintable() for line in shown_lines(text).split("\n"))
    assert shown_lines(text).count("\n") == text.count("\n")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("examples/valid/a b.yaml", "examples/valid/a b.yaml"),
        ("dossier/émissions.yaml", "dossier/émissions.yaml"),
        ("forged\nline.yaml", "'forged\\nline.yaml'"),
        ("bad\x1b[31m.yaml", "'bad\\x1b[31m.yaml'"),
        ("rlo\u202egnp.yaml", "'rlo\\u202egnp.yaml'"),
        (NOT_UTF8, "'caf\\xe9.json'"),
        ("it's.yaml", "'it\\'s.yaml'"),
        (" leading.yaml", "' leading.yaml'"),
    ],
)
def test_file_names_are_quoted_when_they_hold_anything_unusual(path: str, expected: str) -> None:
    assert shown_path(path) == expected


@given(st.recursive(st.text() | st.integers(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_safe_keeps_the_data_and_shows_nothing_raw(data: Any) -> None:
    for indent in (None, 2):
        text = json_safe(json.dumps(data, indent=indent, ensure_ascii=False))
        assert json.loads(text) == data
        assert not RAW.search(text.replace("\n", " "))
        text.encode("utf-8")  # lone surrogates are JSON escapes


def test_encodable_turns_only_lone_surrogates_into_escape_text() -> None:
    assert encodable("café \x1b") == "café \x1b"
    assert encodable(NOT_UTF8) == "caf\\xe9.json"
    assert encodable("a\ud800b") == "a\\ud800b"


# --- the reports -----------------------------------------------------------------------------------------


def hostile_report() -> Report:
    names = ["forged\nline.yaml", f"name{ESCAPES}.json", NOT_UTF8]
    results = [FileResult(name, "json", [finding(f"key 'k{ESCAPES}' {NOT_UTF8}", f"/k{ESCAPES}")]) for name in names]
    return Report(results, [(f"skip{ESCAPES}.png", f".png{ESCAPES} is not a format aistd reads")])


def test_the_text_report_prints_one_line_per_finding_and_nothing_raw() -> None:
    from aistd.report.text import render_text

    text = render_text(hostile_report())
    lines = text.splitlines()
    assert len(lines) == 3 + 1 + 1  # three findings, one skipped file, the summary
    assert not RAW.search(text.replace("\n", " "))
    assert lines[0].startswith("'forged\\nline.yaml':1:1: error schema.required: key 'k" + SHOWN)
    assert lines[1].startswith(f"'name{SHOWN}.json':1:1:")
    assert lines[2].startswith("'caf\\xe9.json':1:1:") and lines[2].endswith("caf\\xe9.json")
    assert lines[3] == f"'skip{SHOWN}.png': skipped: .png{SHOWN} is not a format aistd reads"


def test_json_sarif_and_junit_keep_exact_strings_and_always_encode() -> None:
    from aistd.knowledge.rules import all_rules
    from aistd.report.json import render_json
    from aistd.report.junit import render_junit
    from aistd.report.sarif import render_sarif

    report = hostile_report()
    rendered = {
        "json": render_json(report),
        "sarif": render_sarif(report, all_rules(), root=Path.cwd()),
        "junit": render_junit(report),
    }
    for text in rendered.values():
        text.encode("utf-8")
        assert not RAW.search(text.replace("\n", " "))
    data = json.loads(rendered["json"])
    assert [f["path"] for f in data["files"]] == ["forged\nline.yaml", f"name{ESCAPES}.json", "caf\\xe9.json"]
    assert data["files"][0]["findings"][0]["message"] == f"key 'k{ESCAPES}' caf\\xe9.json"
    sarif = json.loads(rendered["sarif"])
    uris = [artifact["location"]["uri"] for artifact in sarif["runs"][0]["artifacts"]]
    assert "caf%E9.json" in uris and "forged%0Aline.yaml" in uris  # the exact bytes of each name
    assert "caf\\xe9.json" in rendered["junit"] and "&#x202E;" in rendered["junit"]
    from xml.etree import ElementTree

    failure = ElementTree.fromstring(rendered["junit"].split("\n", 1)[1]).find(".//failure")
    assert failure is not None and "\u202e\x9b31m" in (failure.text or "")  # the same text, as references


# --- the walk --------------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """walked/ holds a valid disclosure, links out of it to a file and a folder, a link to a folder inside it,
    a link loop, a named pipe and a socket; outside/ holds a secret disclosure."""
    outside, walked = tmp_path / "outside", tmp_path / "walked"
    (walked / "inner").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.yaml").write_text("SECRET: leaked\n", encoding="utf-8")
    (walked / "valid.json").write_text(VALID, encoding="utf-8")
    (walked / "inner" / "also.json").write_text(VALID, encoding="utf-8")
    (walked / "shadow.yaml").symlink_to(outside / "secret.yaml")
    (walked / "elsewhere").symlink_to(outside, target_is_directory=True)
    (walked / "inner-again").symlink_to(walked / "inner", target_is_directory=True)
    (walked / "inner" / "loop").symlink_to(walked, target_is_directory=True)
    (walked / "sibling.json").symlink_to(walked / "valid.json")
    os.mkfifo(walked / "pipe.yaml")
    os.mkfifo(walked / "pipe.csv")
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(walked / "socket.json"))
    return walked


def test_a_walk_follows_no_link_out_of_the_folders_and_opens_no_pipe(tree: Path) -> None:
    found = collect([tree])
    assert sorted(p.relative_to(tree).as_posix() for p in found.files) == [
        "inner/also.json",
        "sibling.json",  # a link inside the folder, to a file inside it: read
        "valid.json",
    ]
    skipped = {Path(s.path).relative_to(tree).as_posix(): s.reason for s in found.skipped}
    assert skipped == {
        "shadow.yaml": OUTSIDE,
        "elsewhere": OUTSIDE,
        "inner-again": LINKED_FOLDER,
        "inner/loop": LINKED_FOLDER,
        "pipe.yaml": "a named pipe, not a regular file: not opened",
        "pipe.csv": "a named pipe, not a regular file: not opened",
        "socket.json": "a socket, not a regular file: not opened",
    }


def test_with_follow_symlinks_every_folder_is_walked_once(tree: Path) -> None:
    found = collect([tree], follow_symlinks=True)
    names = sorted(p.relative_to(tree).as_posix() for p in found.files)
    assert names == ["elsewhere/secret.yaml", "inner/also.json", "shadow.yaml", "sibling.json", "valid.json"]
    assert {Path(s.path).name for s in found.skipped} == {"pipe.yaml", "pipe.csv", "socket.json"}


def test_a_link_into_another_folder_named_is_followed(tree: Path) -> None:
    found = collect([tree, tree.parent / "outside"])
    assert tree / "shadow.yaml" in found.files and tree.parent / "outside" / "secret.yaml" in found.files


def test_a_link_named_is_followed_because_it_was_named(tree: Path) -> None:
    assert collect([tree / "shadow.yaml"]).files == [tree / "shadow.yaml"]
    code, out, _ = run("validate", "--format", "json", str(tree / "shadow.yaml"))
    assert code == EXIT_FINDINGS and json.loads(out)["files"][0]["path"] == str(tree / "shadow.yaml")


def test_the_report_of_a_walk_never_quotes_a_file_it_did_not_validate(tree: Path) -> None:
    code, out, err = run("validate", str(tree))
    assert code == EXIT_OK, out + err
    assert "SECRET" not in out + err
    assert f"{tree / 'shadow.yaml'}: skipped: {OUTSIDE}" in out


def test_a_tree_deeper_than_the_recursion_limit_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "deep"
    folder.mkdir()
    try:
        for _ in range(DEEP_FOLDERS):
            folder = folder / "a"
            folder.mkdir()
        (folder / "bottom.json").write_text(VALID, encoding="utf-8")
        assert collect([tmp_path / "deep"]).files == [folder / "bottom.json"]
        from aistd.batch.sources import expand

        pattern = str(tmp_path / "deep" / "**" / "*.json")
        assert list(expand([str(tmp_path / "deep")], (".json",))) == [str(folder / "bottom.json")]
        assert list(expand([pattern], (".json",))) == [str(folder / "bottom.json")]
    finally:
        remove_tree(tmp_path / "deep")


def test_a_folder_that_cannot_be_listed_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "walked" / "locked"
    locked.mkdir(parents=True)
    (tmp_path / "walked" / "valid.json").write_text(VALID, encoding="utf-8")
    listing = os.scandir

    def refusing(path: Any = ".") -> Any:  # what chmod 0 does, for every user (root lists every folder)
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refusing)
    # checked in this process (no budget): a spawned budget worker would not see the stand-in for chmod 0
    report = validate_paths([tmp_path / "walked"], Options(max_seconds=None, max_memory=None))
    (result,) = [r for r in report.files if r.path == str(locked)]
    assert [f.rule for f in result.findings] == ["load.unreadable"]
    assert result.findings[0].message == "cannot list the folder: Permission denied"


def test_reports_are_identical_whatever_the_processes(tree: Path) -> None:
    from aistd.report.json import render_json

    one = render_json(validate_paths([tree], Options(), jobs=1))
    assert render_json(validate_paths([tree], Options(), jobs=2)) == one


# --- batch listing ---------------------------------------------------------------------------------------


def test_batch_listing_skips_links_out_and_pipes_and_says_so(tree: Path) -> None:
    from aistd.batch.sources import FILE_SUFFIXES, expand

    said: list[tuple[str, str]] = []
    found = expand([str(tree)], FILE_SUFFIXES, False, lambda path, reason: said.append((path, reason)))
    listed = sorted(Path(p).relative_to(tree).as_posix() for p in found)
    assert listed == ["inner/also.json", "sibling.json", "valid.json"]
    assert {Path(path).name: reason for path, reason in said} == {
        "shadow.yaml": OUTSIDE,
        "pipe.yaml": "a named pipe, not a regular file: not opened",
        "pipe.csv": "a named pipe, not a regular file: not opened",
        "socket.json": "a socket, not a regular file: not opened",
    }
    through = sorted(Path(p).name for p in expand([str(tree / "*.yaml")], FILE_SUFFIXES))
    assert through == []  # the one YAML file a pattern matches is a link out: skipped


def test_deep_patterns_match_what_glob_matches(tmp_path: Path) -> None:
    import glob

    from aistd.batch.sources import expand

    for name in ("a.json", "x/b.json", "x/y/c.yaml", "x/.hidden/d.json", ".top/e.json", "x/y/z/f.txt", "q/x/g.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    suffixes = (".json", ".yaml")
    for pattern in ("**", "**/*.json", "x/**", "x/**/*.yaml", "**/x", "**/y/*", "*/**/c.yaml", "**/.hidden/*"):
        full = str(tmp_path / pattern)
        expected = set()
        for match in glob.glob(full, recursive=True):
            if os.path.isdir(match):
                expected |= {
                    os.path.join(root, name)
                    for root, _, names in os.walk(match)
                    for name in names
                    if os.path.splitext(name)[1] in suffixes
                }
            else:
                expected.add(match)
        assert {os.path.normpath(p) for p in expand([full], suffixes)} == {os.path.normpath(p) for p in expected}, (
            pattern
        )


def test_batch_refuses_a_named_pipe_named_as_parquet_at_once(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    os.mkfifo(tmp_path / "x.parquet")
    done = aistd("batch", "validate", str(tmp_path / "x.parquet"), "--out", str(tmp_path / "out"))
    assert done.returncode == EXIT_USAGE
    assert b"x.parquet: a named pipe, not a regular file: not read as Parquet" in done.stderr
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "folder" / "y.parquet")
    done = aistd("batch", "validate", str(tmp_path / "folder"), "--out", str(tmp_path / "out2"))
    assert b"skipped " in done.stderr and b"y.parquet: a named pipe" in done.stderr
    assert b"Traceback" not in done.stderr


# --- the command line ------------------------------------------------------------------------------------


def test_stdin_is_read_before_the_workers_start(tmp_path: Path) -> None:
    (tmp_path / "other.json").write_text(VALID, encoding="utf-8")
    for jobs in ("1", "2"):
        done = aistd("validate", "--format", "json", "-j", jobs, "-", "other.json", stdin=VALID.encode(), cwd=tmp_path)
        report = json.loads(done.stdout)
        assert done.returncode == EXIT_OK, done.stdout
        assert [(f["path"], f["valid"]) for f in report["files"]] == [("<stdin>", True), ("other.json", True)]


def test_jobs_are_capped_at_the_cores_and_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert usable_jobs(100_000, 3) <= 3 and usable_jobs(100_000, 10**6) <= (os.cpu_count() or 1)
    assert usable_jobs(1, 0) == 1
    started: list[int] = []
    from aistd import budget

    real = budget.run_watched

    def recording(function: Any, items: Any, limits: Any, jobs: int, advance: Any = None) -> Any:
        started.append(jobs)
        return real(function, items, limits, jobs, advance)

    monkeypatch.setattr(budget, "run_watched", recording)
    for index in range(3):
        (tmp_path / f"d{index}.json").write_text(VALID, encoding="utf-8")
    monkeypatch.setattr("aistd.validation.cores", lambda: 64)
    assert validate_paths([tmp_path], jobs=100_000).valid
    assert started == [3]  # workers for the three files, not for the 100,000 asked for


@pytest.mark.parametrize("form", ["text", "json", "sarif", "junit"])
def test_an_ascii_terminal_gets_escapes_not_a_crash(tmp_path: Path, form: str) -> None:
    body = json.loads(VALID) | {f"clé{ESCAPES}": 1}
    (tmp_path / NOT_UTF8).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    done = aistd("validate", "--format", form, ".", env=env, cwd=tmp_path)
    assert done.returncode == EXIT_FINDINGS, done.stderr
    assert done.stderr == b"" and done.stdout.isascii()
    text = done.stdout.decode("ascii")
    assert not RAW.search(text.replace("\n", " "))
    if form in ("json", "sarif"):
        json.loads(text)
    if form == "text":
        assert "'caf\\xe9.json'" in text and "cl\\xe9" + SHOWN in text


def test_usage_errors_show_the_arguments_safely() -> None:
    code, _, err = run("validate", "--format", f"x{ESCAPES}", "examples")
    assert code == EXIT_USAGE and not RAW.search(err.replace("\n", " ")) and SHOWN in err
    code, _, err = run("validate", f"missing{ESCAPES}.yaml")
    assert code == EXIT_USAGE and err == f"aistd validate: no such file or folder: 'missing{SHOWN}.yaml'\n"


def test_over_long_paths_say_the_name_is_too_long(tmp_path: Path) -> None:
    long = str(tmp_path / ("a/" * 2500 + "x.yaml"))
    for argv in (("validate", long), ("convert", long, "--to", "aistd"), ("migrate", long)):
        code, _, err = run(*argv)
        assert code == EXIT_USAGE and "File name too long" in err and "internal error" not in err, err
        assert len(err) < 400  # the name is shortened, its length said


def test_writing_where_nothing_can_be_written_says_why(tmp_path: Path) -> None:
    source = str(EXAMPLES / "valid" / "Disclosure-fine-tune.json")
    code, _, err = run("convert", source, "--to", "cyclonedx", "-o", str(tmp_path / "missing" / "x.json"))
    assert code == EXIT_USAGE and err.startswith("aistd convert: cannot write ") and "No such file" in err
    if not Path("/dev/full").exists():
        return
    code, _, err = run("convert", source, "--to", "cyclonedx", "-o", "/dev/full")
    assert (code, err) == (EXIT_USAGE, "aistd convert: cannot write /dev/full: No space left on device\n")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "aistd", "validate", "--format", "json", source],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=120,
        )
    assert done.returncode == EXIT_USAGE
    assert done.stderr == b"aistd validate: cannot write the output: No space left on device\n"


def test_a_failed_read_or_write_names_the_file_not_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from aistd.cli import rules

    def failing(args: Any) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", f"locked{ESCAPES}.yaml")

    monkeypatch.setattr(rules, "run", failing)
    code, _, err = run("rules")
    assert (code, err) == (EXIT_USAGE, f"aistd rules: 'locked{SHOWN}.yaml': Permission denied\n")
