"""Every case of the hostile-input catalogue, each in its own `aistd` process, watched and measured.

Per case: the exit code and the report's rule ids (or the convert error) are those the catalogue states,
nothing is a traceback or an internal error, the wall time and peak memory stay within the case's limits,
and an audit hook in the child (tests/hostile/guard.py, installed as `sitecustomize`) saw no network use,
no program started, and no file opened beyond the input, the aistd package, the virtual environment and
Python's standard library. Time and peak memory (`ru_maxrss`, from `os.wait4`) are measured by a small
launcher process (tests/hostile/launcher.py), which also kills a child that hangs.

`python -m tests.test_hostile` prints the catalogue with the time and memory measured here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import aistd
from tests.hostile import catalogue
from tests.hostile.cases_walk_output import remove_tree
from tests.hostile.catalogue import CASES, CONVERT, SECRET, Case

GUARD = Path(__file__).parent / "hostile" / "guard.py"
LAUNCHER = Path(__file__).parent / "hostile" / "launcher.py"
PACKAGE = Path(aistd.__file__).resolve().parent
HANG_SECONDS = 60.0
"""When a child is killed: well past every case's limit, so that a hang fails the test instead of stalling it."""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What a terminal obeys or that reorders text: no validate report and no standard error may hold it raw."""
TEXT_RULE = re.compile(r": (?:error|warning|info) ([\w.-]+): ")


@dataclass(frozen=True)
class Outcome:
    """What one run of a case did: exit code, output, time, peak memory, and what the guard recorded."""

    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float
    guarded: tuple[str, ...]
    timed_out: bool


def run_case(case: Case, folder: Path) -> Outcome:
    """Make the case's input under `folder`, run its command in a fresh guarded process, and measure it."""
    inputs, work = folder / "inputs", folder / "run"
    inputs.mkdir()
    work.mkdir()
    target = case.make(inputs)
    shutil.copy(GUARD, work / "sitecustomize.py")
    log = work / "guard.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AISTD_", "COVERAGE"))}
    env |= {
        "PYTHONPATH": str(work),
        "PYTHONDONTWRITEBYTECODE": "1",
        "AISTD_GUARD_LOG": str(log),
        "AISTD_GUARD_ALLOW": os.pathsep.join([str(target), str(PACKAGE)]),
        "NO_COLOR": "1",
    }
    argv = [sys.executable, "-m", "aistd", *case.argv(target)]
    measured = work / "measured.json"
    launch = [sys.executable, "-I", "-S", str(LAUNCHER), str(measured), str(HANG_SECONDS), *argv]
    with (work / "stdout").open("wb") as out, (work / "stderr").open("wb") as err:
        subprocess.run(launch, cwd=inputs, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, check=True)
    remove_tree(inputs)  # some inputs are deeper than shutil.rmtree (and pytest's clean-up) can recurse
    figures = json.loads(measured.read_text(encoding="utf-8"))
    guarded = tuple(log.read_text(encoding="utf-8").splitlines()) if log.exists() else ()
    return Outcome(
        exit_code=figures["exit_code"],
        stdout=(work / "stdout").read_text(encoding="utf-8", errors="replace"),
        stderr=(work / "stderr").read_text(encoding="utf-8", errors="replace"),
        seconds=figures["seconds"],
        megabytes=figures["kilobytes"] / 1024,  # ru_maxrss is in kilobytes on Linux
        guarded=guarded,
        timed_out=figures["timed_out"],
    )


def report_form(case: Case) -> str:
    """The form of a validate case's report: JSON, unless its options ask for another (the last one counts)."""
    asked = [case.options[i + 1] for i, option in enumerate(case.options[:-1]) if option == "--format"]
    return asked[-1] if asked else "json"


def report_rules(outcome: Outcome, form: str = "json") -> set[str]:
    """The rule ids of a report: JSON, SARIF, or text (`file:line:col: severity rule: message` lines)."""
    if form == "text":
        return {found.group(1) for line in outcome.stdout.splitlines() if (found := TEXT_RULE.search(line))}
    report = json.loads(outcome.stdout)
    if form == "sarif":
        return {result["ruleId"] for result in report["runs"][0]["results"]}
    return {finding["rule"] for result in report["files"] for finding in result["findings"]}


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="per-process peak memory needs os.wait4")
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_ends_in_a_clear_finding_quickly_and_offline(case: Case, tmp_path: Path) -> None:
    outcome = run_case(case, tmp_path)
    assert not outcome.timed_out, f"{case.name}: still running after {HANG_SECONDS:.0f} s"
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, outcome.stderr[-2000:]
    assert outcome.exit_code == case.exit_code, outcome.stderr[-2000:] or outcome.stdout[-2000:]
    assert not RAW.search(outcome.stderr), f"raw control characters on stderr: {outcome.stderr[-2000:]!r}"
    if case.command == CONVERT:
        assert outcome.exit_code == 0 or outcome.stdout == "", "a failed conversion wrote a document"
        assert case.says in outcome.stderr, outcome.stderr[-2000:]
    elif case.exit_code == 2:  # a usage error: said on stderr, no report
        assert outcome.stdout == "" and case.says in outcome.stderr, outcome.stderr[-2000:]
    else:
        assert report_rules(outcome, report_form(case)) == case.rules, outcome.stdout[-2000:]
        assert case.says in outcome.stdout, outcome.stdout[-2000:]
        assert not RAW.search(outcome.stdout), f"raw control characters in the report: {outcome.stdout[-2000:]!r}"
    assert SECRET not in outcome.stdout + outcome.stderr
    assert outcome.guarded[:1] and outcome.guarded[0].startswith("guard\tinstalled\t"), "the guard did not load"
    assert outcome.guarded[1:] == (), "\n".join(outcome.guarded)
    assert outcome.seconds < case.seconds, f"{case.name}: {outcome.seconds:.2f} s"
    assert outcome.megabytes < case.megabytes, f"{case.name}: {outcome.megabytes:.0f} MB"


@pytest.mark.parametrize("event", ["network", "open"])
def test_the_guard_sees_what_it_watches_for(event: str, tmp_path: Path) -> None:
    """Control: in a guarded child, a name lookup is refused and recorded, and so is opening a file elsewhere."""
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("x", encoding="utf-8")
    code = {
        "network": "import socket\ntry:\n    socket.getaddrinfo('example.invalid', 80)\nexcept PermissionError:\n"
        "    print('refused')",
        "open": f"open({str(elsewhere)!r}).close()\nprint('opened')",
    }[event]
    shutil.copy(GUARD, tmp_path / "sitecustomize.py")
    log = tmp_path / "guard.log"
    env = os.environ | {"PYTHONPATH": str(tmp_path), "AISTD_GUARD_LOG": str(log), "AISTD_GUARD_ALLOW": str(PACKAGE)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() in ("refused", "opened")
    installed, line = log.read_text(encoding="utf-8").splitlines()
    assert installed.startswith("guard\tinstalled\t")
    assert line.startswith(f"{event}\t")
    assert event == "network" or str(elsewhere) in line


RDF_DATA = Path(__file__).parent / "data" / "rdf"


def test_xml_entities_used_as_namespace_abbreviations_are_still_read(tmp_path: Path) -> None:
    """The entity bound refuses expansion past the size limit, not the Protégé idiom `&xsd;date`."""
    pytest.importorskip("shacl")
    from aistd.check.shacl import validate_rdf

    text = (RDF_DATA / "disclosure.rdf").read_text(encoding="utf-8")
    abbreviated = text.replace('"http://www.w3.org/2001/XMLSchema#', '"&xsd;')
    declaration = '<!DOCTYPE rdf:RDF [<!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">]>'
    declared = abbreviated.replace("?>", "?>\n" + declaration, 1)
    assert declared.count("&xsd;") == 7
    path = tmp_path / "abbreviated.rdf"
    path.write_text(declared, encoding="utf-8")
    assert validate_rdf(path) == validate_rdf(RDF_DATA / "disclosure.rdf") == []


@pytest.mark.parametrize(
    ("entities", "title", "refused"),
    [
        ('<!ENTITY a "&b;"><!ENTITY b "&a;">', "&a;", True),  # a cycle never ends
        ('<!ENTITY a "' + "x" * 600 + '">', "&a;" * 2, True),  # flat, but repeated past the limit
        ('<!ENTITY big "' + "&a;" * 300 + '"><!ENTITY a "xx">', "ok", True),  # unused, but parsers build it
        ('<!ENTITY a "x"><!ENTITY b "&a;&a;">', "&b;&b;", False),
    ],
)
def test_xml_entity_expansion_is_counted_not_performed(
    tmp_path: Path, entities: str, title: str, refused: bool
) -> None:
    from aistd.load.rdf import RdfLoadError, data_graph

    text = catalogue.RDF_XML.format(entities=entities, title=title)
    path = tmp_path / "entities.rdf"
    path.write_text(text, encoding="utf-8")
    limit = len(text.encode()) + 500
    if not refused:
        assert data_graph(path, max_bytes=limit).syntax == "rdfxml"
        return
    with pytest.raises(RdfLoadError) as caught:
        data_graph(path, max_bytes=limit)
    assert [f.rule for f in caught.value.findings] == ["load.too-large"]


def test_every_case_has_a_unique_name_and_a_documented_input() -> None:
    assert len({case.name for case in CASES}) == len(CASES)
    assert all(case.make.__doc__ for case in CASES)


def _table() -> str:
    """The catalogue as a Markdown table, with the time and memory measured on this machine."""
    rows = ["| case | command | expected | exit | s | MB |", "|---|---|---|---|---|---|"]
    for case in CASES:
        with tempfile.TemporaryDirectory() as folder:
            outcome = run_case(case, Path(folder))
        command = " ".join(["aistd", *case.argv(Path("INPUT"))]).replace(" --format json", "")
        expected = ", ".join(sorted(case.rules)) or (f"“{case.says}”" if case.says else "no finding")
        rows.append(
            f"| {case.name}{' (fixed)' if case.fixed else ''} | `{command}` | {expected} | {outcome.exit_code} "
            f"| {outcome.seconds:.2f} "
            f"| {outcome.megabytes:.0f} |"
        )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.stdout.write(_table())
