"""Time and memory: the budget each file is checked within, the caps of the RDF path, and readers that stream.

The hostile catalogue (tests/hostile/cases_resources.py) runs the large inputs through the command line and
measures them; here the mechanisms are held one by one: what a worker that runs out of time or memory, or dies,
gives back; the order and completeness of the results around it; the SHACL result and triple caps; and the
CodeCarbon and Impact Framework readers on the inputs that used to be super-linear.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from aistd.budget import Budget, run_watched
from aistd.conversion.journal import ConversionError

MIB = 1024**2
AISTD = "https://w3id.org/aistd/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


WORKERS = """
import json, os, signal, sys, time
from aistd.budget import Budget, Exceeded, run_watched

def work(item):
    if item == -1:
        os.kill(os.getpid(), signal.SIGKILL)
    if item == -2:
        time.sleep(30)
    if item >= 1000:
        return len(bytearray((item - 1000) * 1024 * 1024))
    return item

items = [1, 1000 + 400, 2, -1, 3, -2, 4, 5]
started = time.monotonic()
results = run_watched(work, items, Budget(seconds=1.0, memory=200 * 1024 * 1024), int(sys.argv[1]))
print(json.dumps({"seconds": time.monotonic() - started, "results": [
    {"kind": r.kind, "reason": r.reason} if isinstance(r, Exceeded) else r for r in results]}))
"""
"""Run in a fresh interpreter: the test process may run threads (a Dask cluster's) and map far more than it uses
(pyarrow), where workers are spawned and no memory cap can be set; the command line is a fresh process too."""


def _fresh(code: str, *args: str) -> Any:
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the budgets are enforced by forked workers here")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_worker_past_its_budget_costs_its_own_item_only(jobs: str) -> None:
    outcome = _fresh(WORKERS, jobs)
    results = outcome["results"]
    assert outcome["seconds"] < 10
    assert [r for r in results if not isinstance(r, dict)] == [1, 2, 3, 4, 5]
    assert [r["kind"] for r in results if isinstance(r, dict)] == ["memory", "died", "time"]
    assert "200 MiB" in results[1]["reason"] and "SIGKILL" in results[3]["reason"] and "1 s" in results[5]["reason"]


def _work(item: int) -> int:
    return len(bytearray((item - 1000) * MIB)) if item >= 1000 else item


def test_without_a_budget_nothing_is_cut_short() -> None:
    assert run_watched(_work, [1000 + 300, 7], Budget(seconds=None, memory=None)) == [300 * MIB, 7]


SLOW_FILE = """
import json, sys, time
from pathlib import Path
import aistd.validation
from aistd.validation import Options, validate_paths

real = aistd.validation.check_file

def slow(path, options=None, stdin=None):
    if path.name == "slow.yaml":
        time.sleep(30)
    return real(path, options, stdin)

aistd.validation.check_file = slow  # the forked workers inherit it
folder = Path(sys.argv[1])
reports = [validate_paths([folder], Options(max_seconds=1.0), jobs=jobs) for jobs in (1, 2)]
plain = {r.path: r for r in validate_paths([folder], Options(max_seconds=None, max_memory=None)).files}
result = {r.path: r for r in reports[0].files}
print(json.dumps({
    "same": reports[0] == reports[1],
    "slow": [(f.rule, f.message) for f in result[str(folder / "slow.yaml")].findings],
    "others_as_without_budget": all(result[p] == plain[p] for p in result if not p.endswith("slow.yaml")),
    "files": len(result),
}))
"""


def test_a_file_over_budget_is_one_finding_and_the_report_is_the_same_whatever_the_jobs(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    for example in sorted((EXAMPLES / "valid").glob("*.yaml"))[:3]:
        (tmp_path / example.name).write_bytes(example.read_bytes())
    (tmp_path / "slow.yaml").write_text("id: urn:x\n", encoding="utf-8")
    outcome = _fresh(SLOW_FILE, str(tmp_path))
    assert outcome["same"] and outcome["others_as_without_budget"] and outcome["files"] == 4
    [(rule, message)] = outcome["slow"]
    assert rule == "load.budget-exceeded" and "1 s time budget" in message


# --- the RDF path ---------------------------------------------------------------------------------------------


def _violations(path: Path, nodes: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f'<urn:d> {TYPE} <{AISTD}Disclosure> .\n<urn:d> <{AISTD}schema_version> "0.2.0" .\n')
        for i in range(nodes):
            handle.write(f'<urn:f:{i}> {TYPE} <{AISTD}StageFootprint> .\n<urn:f:{i}> <{AISTD}stage> "bogus" .\n')
            handle.write(f"<urn:d> <{AISTD}footprints> <urn:f:{i}> .\n")
    return path


def test_shacl_stops_at_a_thousand_results_and_says_so(tmp_path: Path) -> None:
    """20,000 violations used to be 20,000 findings (259 MB; at 200,000 nodes 2.2 GB and a lost report)."""
    pytest.importorskip("shacl")
    from aistd.check.shacl import MAX_RESULTS, validate_rdf

    findings = validate_rdf(_violations(tmp_path / "graph.nt", 20_000))
    rules = [f.rule for f in findings]
    assert rules.count("rdf.too-many-results") == 1
    assert len([r for r in rules if r.startswith("shacl.")]) == MAX_RESULTS
    assert "rdf.untyped" not in rules
    assert validate_rdf(_violations(tmp_path / "small.nt", 10)) == validate_rdf(tmp_path / "small.nt")
    assert "rdf.too-many-results" not in {f.rule for f in validate_rdf(tmp_path / "small.nt")}


def test_a_graph_over_the_triple_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    pytest.importorskip("shacl")
    from aistd.check.shacl import MAX_TRIPLES, validate_rdf

    path = tmp_path / "graph.ttl"
    path.write_text("<urn:s> <urn:p> " + ", ".join(f"<urn:{i}>" for i in range(MAX_TRIPLES + 1)) + " .\n")
    [finding] = validate_rdf(path)
    assert finding.rule == "load.too-large" and f"{MAX_TRIPLES + 1:,} triples" in finding.message


def test_triples_are_counted_outside_strings_iris_and_comments() -> None:
    from aistd.check.graph_size import triple_count
    from aistd.load.rdf import DataGraph

    turtle = '<urn:a> <urn:p> "x, y; z." , 1.5 ; <urn:q> <urn:o.b> . # a, b; c.\n<urn:c> <urn:p> """m,\n." """ .\n'
    many = turtle * 30_000  # past the quick bound, so the strings are skipped
    assert triple_count(DataGraph(text=many, syntax="turtle", base="urn:x", native=True)) == 4 * 30_000
    lines = "# a comment\n\n<urn:a> <urn:p> <urn:o> .\n" * 60_000
    assert triple_count(DataGraph(text=lines, syntax="ntriples", base="urn:x", native=True)) == 60_000


def test_the_probe_finds_the_typed_nodes_and_imports_of_a_large_graph(tmp_path: Path) -> None:
    pytest.importorskip("shacl")
    from aistd.check.shacl import validate_rdf

    owl = "<http://www.w3.org/2002/07/owl#imports>"
    path = _violations(tmp_path / "graph.nt", 3_000)
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(f"<urn:d> {owl} <urn:import:{i}> .\n" for i in range(1_500))
    rules = [f.rule for f in validate_rdf(path)]
    assert "rdf.untyped" not in rules and rules.count("rdf.imports-ignored") == 13  # 12 listed, and "more"


# --- readers ----------------------------------------------------------------------------------------------------


def _codecarbon(text: str) -> Any:
    from aistd.conversion.formats.codecarbon.read import read_emissions

    return read_emissions(text, "emissions.csv")


def test_a_log_of_many_snapshots_keeps_one_row_and_counts_the_rest() -> None:
    rows = "".join(f"2025-01-01T00:00:00,r,{i + 1},0.1,0.2\n" for i in range(12_000))
    conversion = _codecarbon("timestamp,run_id,duration,emissions,energy_consumed\n" + rows)
    [footprint] = conversion.document["footprints"]
    [loss] = [loss for loss in conversion.losses if loss.where == "run_id r"]
    assert loss.value == {"superseded_lines": {"count": 11_999, "first": 2, "last": 12_000}, "kept_line": 12_001}
    assert footprint["measurement_period"] and conversion.origins["/footprints/0"] == (12_001, 1)


def test_runs_are_grouped_by_the_last_header_even_when_an_earlier_one_names_them_otherwise() -> None:
    """A v1.x block (experiment_id) then a v3 block (run_id): the v1.x rows have no run_id, so each is a run."""
    old = "timestamp,experiment_id,duration,emissions,energy_consumed\n"
    new = "timestamp,run_id,duration,emissions,energy_consumed\n"
    rows = "2025-01-01T00:00:00,e,{0},0.1,0.2\n"
    text = old + rows.format(1) + rows.format(2) + new + rows.format(3) + rows.format(4)
    ids = [fp["id"] for fp in _codecarbon(text).document["footprints"]]
    assert ids == ["codecarbon-line-2", "codecarbon-line-3", "e"]


def test_cells_keep_their_lines_and_columns_across_quoted_line_breaks() -> None:
    text = (
        'timestamp,duration,emissions,energy_consumed,project_name\r\n2025-01-01T00:00:00,1,0.1,0.2,"a\r\nb"\r\n'
        "2025-01-02T00:00:00,1,0.1,0.2,c\r\n"
    )
    conversion = _codecarbon(text)
    assert [fp["id"] for fp in conversion.document["footprints"]] == ["codecarbon-line-2", "codecarbon-line-4"]
    assert conversion.origins["/footprints/1/energy_consumption"] == (4, 27)


def test_a_log_of_more_runs_than_a_disclosure_may_hold_is_refused_early() -> None:
    rows = "2025-01-01T00:00:00,10,0.1,0.2\n" * 100_000
    with pytest.raises(ConversionError) as refused:
        _codecarbon("timestamp,duration,emissions,energy_consumed\n" + rows)
    assert "more than 500,000 values" in refused.value.message and refused.value.line < 100_000


def test_a_count_prefix_is_read_in_linear_time() -> None:
    from aistd.conversion.formats.codecarbon.columns import count_prefix

    started = time.perf_counter()
    assert count_prefix("2 x a" + " " * 200_000 + "b") == ("2", "a" + " " * 200_000 + "b")
    assert time.perf_counter() - started < 0.5
    assert count_prefix("2 x Tesla V100") == ("2", "Tesla V100") and count_prefix("8\u00d7H100") is None


def _manifest(text: str) -> Any:
    from aistd.conversion.formats.impact_framework.read import read_manifest

    return read_manifest(text, "manifest.yaml")


def test_an_impact_framework_leaf_with_a_parameter_per_observation_is_read_in_linear_time() -> None:
    """A dense table of parameters by observations: 69 s and 3.3 GB at 20,000."""
    lines = ["name: wide", "tree:", "  children:", "    server:", "      inputs:"]
    lines += [f"        - p{i}: {i}" for i in range(5_000)]
    started = time.perf_counter()
    conversion = _manifest("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 10
    assert len([loss for loss in conversion.losses if "no aistd slot for the IF parameter" in loss.reason]) == 5_000


def test_fills_of_a_component_whose_name_holds_braces_point_at_its_footprint() -> None:
    """The pattern used to backtrack over the braces (minutes at 100,000 characters) and left the fill unplaced."""
    name = "a" + "}/" * 20_000 + "\\n" + "b"
    text = (
        f'name: braces\ntree:\n  children:\n    ? "{name}"\n'
        "    : inputs:\n        - {timestamp: '2024-03-01T00:00', duration: 3600, energy: 0.5}\n"
    )
    started = time.perf_counter()
    conversion = _manifest(text)
    assert time.perf_counter() - started < 5
    assert {fill.where for fill in conversion.fills} >= {"/footprints/0/stage", "/footprints/0/energy_boundary"}


def test_a_default_inherited_by_many_leaves_is_reported_once() -> None:
    leaves = "".join(f"    s{i}:\n      inputs:\n        - {{duration: 1, energy: 0.5}}\n" for i in range(3))
    text = "name: d\ntree:\n  defaults:\n    cloud/region: [a, b]\n  children:\n" + leaves
    lost = [loss for loss in _manifest(text).losses if loss.where == "/tree/defaults/cloud~1region"]
    assert len(lost) == 1 and lost[0].reason.endswith("not a text")


def test_the_memory_benchmark_runs_on_small_inputs_and_prints_its_table() -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "memory.py"), "--scale", "0.001", "--timeout", "60"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| input | size | command | the issue | before (this machine) | after (this machine) |" in done.stdout
    assert done.stdout.count("exit ") == 12
