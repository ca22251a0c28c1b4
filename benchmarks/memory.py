"""Peak memory and time of `aistd` on the large inputs of the hardening issue, each command in a fresh process.

The inputs are made in a temporary folder (nothing large is committed): a CodeCarbon log of 10^6 rows, each
its own run (31 MB, the issue's file) and 10^6 cumulative snapshots of ten runs (37 MB, what an online tracker
writes); an N-Triples graph of 200,000 footprint nodes (45 MB), valid, and with a violation on each node; and an
Impact Framework manifest of 35,000 leaves (4.9 MB). Each command runs in its own process, started from a small
launcher that reads the child's peak resident memory (`ru_maxrss`, which counts the worker processes the child
reaps) and kills it after `--timeout` seconds.

The table shows the figures the issue reported, and the figures measured here: with `--baseline SRC` (a source
tree of the code before the fix, e.g. `git archive <commit> | tar -x -C /tmp/before`), before and after side by
side. `--scale 0.1` makes every input a tenth of its size.

    .venv/bin/python benchmarks/memory.py [--scale S] [--baseline SRC] [--timeout SECONDS] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
AISTD = "https://w3id.org/aistd/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LAUNCHER = """
import json, os, subprocess, sys, time
result, limit, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
start = time.perf_counter()
child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
timed_out = False
while True:
    pid, status, usage = os.wait4(child.pid, os.WNOHANG)
    if pid:
        break
    if time.perf_counter() - start > limit:
        child.kill()
        _, status, usage = os.wait4(child.pid, 0)
        timed_out = True
        break
    time.sleep(0.01)
child.returncode = os.waitstatus_to_exitcode(status)
kilobytes = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
json.dump({"exit": child.returncode, "seconds": time.perf_counter() - start, "kilobytes": kilobytes,
           "timed_out": timed_out}, open(result, "w"))
"""


@dataclass(frozen=True)
class Case:
    """One input, one command, and what the issue reported for it (empty: not reported)."""

    input: str  # {n}: the count of rows, nodes or leaves, at the scale asked for
    count: int
    make: Callable[[Path, float], Path]
    command: tuple[str, ...]
    issue: str = ""
    fraction: float = 1.0  # of the input's full size (the same input at several sizes shows how time grows)


def _lines(path: Path, header: str, rows: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header)
        handle.writelines(rows)
    return path


def codecarbon_runs(folder: Path, scale: float) -> Path:
    """10^6 CodeCarbon rows, each its own run (no run_id column): 31 MB."""
    rows = ("2025-01-01T00:00:00,10,0.1,0.2\n" for _ in range(int(1_000_000 * scale)))
    return _lines(folder / "runs.csv", "timestamp,duration,emissions,energy_consumed\n", rows)


def codecarbon_snapshots(folder: Path, scale: float) -> Path:
    """10^6 cumulative snapshots of ten CodeCarbon runs: 37 MB."""
    rows = (f"2025-01-01T00:00:00,r{i % 10},{i // 10 + 1},0.1,0.2\n" for i in range(int(1_000_000 * scale)))
    return _lines(folder / "snapshots.csv", "timestamp,run_id,duration,emissions,energy_consumed\n", rows)


def _graph(path: Path, nodes: int, stage: str) -> Path:
    head = f'<urn:d> {TYPE} <{AISTD}Disclosure> .\n<urn:d> <{AISTD}schema_version> "0.2.0" .\n'
    rows = (
        f'<urn:f:{i}> {TYPE} <{AISTD}StageFootprint> .\n<urn:f:{i}> <{AISTD}stage> "{stage}" .\n'
        f"<urn:d> <{AISTD}footprints> <urn:f:{i}> .\n"
        for i in range(nodes)
    )
    return _lines(path, head, rows)


def ntriples_valid(folder: Path, scale: float) -> Path:
    """200,000 footprint nodes of valid stages (the disclosure lacks two required fields): 45 MB."""
    return _graph(folder / "nodes.nt", int(200_000 * scale), "inference")


def ntriples_violations(folder: Path, scale: float) -> Path:
    """200,000 footprint nodes, each with a stage outside the enumeration: 200,000 violations."""
    return _graph(folder / "violations.nt", int(200_000 * scale), "bogus")


def impact_framework(folder: Path, scale: float) -> Path:
    """An Impact Framework manifest of 35,000 leaves, one observation each: 4.9 MB."""
    head = "name: big\ninitialize:\n  plugins:\n    sci:\n      path: builtin\n      method: Sci\n"
    head += "      config:\n        functional-unit: requests\ntree:\n  children:\n"
    rows = (
        f"    server-{i}:\n      inputs:\n        - timestamp: 2024-03-01T00:00\n          duration: 3600\n"
        f"          energy: 0.{i % 9 + 1}\n          carbon: 1.5\n"
        for i in range(int(35_000 * scale))
    )
    return _lines(folder / "manifest.yaml", head, rows)


VALIDATE = ("validate", "--format", "json")
CONVERT = ("convert", "--to", "aistd")
AT_CAP = "CodeCarbon, {n} rows, each its own run (within the most a disclosure holds)"
CASES = (
    Case("CodeCarbon, {n} rows, each its own run", 1_000_000, codecarbon_runs, VALIDATE, "3.8 GB"),
    Case("CodeCarbon, {n} rows, each its own run", 1_000_000, codecarbon_runs, CONVERT),
    Case(AT_CAP, 1_000_000, codecarbon_runs, VALIDATE, fraction=0.024),
    Case(AT_CAP, 1_000_000, codecarbon_runs, CONVERT, fraction=0.024),
    Case("CodeCarbon, {n} snapshots of 10 runs", 1_000_000, codecarbon_snapshots, VALIDATE),
    Case("CodeCarbon, {n} snapshots of 10 runs", 1_000_000, codecarbon_snapshots, CONVERT),
    Case("N-Triples, {n} nodes (--rdf)", 200_000, ntriples_valid, (*VALIDATE, "--rdf")),
    Case(
        "N-Triples, {n} nodes, a violation each (--rdf)",
        200_000,
        ntriples_violations,
        (*VALIDATE, "--rdf"),
        "5.6 GB, the engine aborts: no report",
    ),
    Case("Impact Framework, {n} leaves", 35_000, impact_framework, VALIDATE),
    Case("Impact Framework, {n} leaves", 35_000, impact_framework, CONVERT, fraction=0.25),
    Case("Impact Framework, {n} leaves", 35_000, impact_framework, CONVERT, fraction=0.5),
    Case("Impact Framework, {n} leaves", 35_000, impact_framework, CONVERT, "25 s"),
)


def measure(case: Case, target: Path, source: Path | None, timeout: float, folder: Path) -> dict[str, Any]:
    """Run the case's command once in a fresh process; its exit code, wall time and peak memory."""
    command = case.command
    argv = [*command[:1], str(target), *command[1:]] if command[0] == "convert" else [*command, str(target)]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    if source is not None:
        env["PYTHONPATH"] = str(source)
    result = folder / "measured.json"
    launch = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), str(timeout), sys.executable, "-m", "aistd"]
    subprocess.run([*launch, *argv], env=env, check=True, cwd=folder)
    figures = json.loads(result.read_text(encoding="utf-8"))
    return {
        "exit": figures["exit"],
        "seconds": round(figures["seconds"], 2),
        "megabytes": round(figures["kilobytes"] / 1024),
        "timed_out": figures["timed_out"],
    }


def _cell(figures: dict[str, Any] | None, timeout: float) -> str:
    if figures is None:
        return "—"
    if figures["timed_out"]:
        return f"> {timeout:.0f} s (killed), {figures['megabytes']:,} MB"
    return f"{figures['seconds']:.1f} s, {figures['megabytes']:,} MB, exit {figures['exit']}"


def main() -> None:
    """Make the inputs, run every case (before and after with --baseline), print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="the inputs' size, as a fraction (default 1)")
    parser.add_argument("--baseline", type=Path, default=None, metavar="SRC", help="the code before, to compare")
    parser.add_argument("--timeout", type=float, default=300.0, help="kill a command after this (default 300 s)")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--only", action="append", default=[], metavar="WORDS", help="only inputs named with these")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        made: dict[str, Path] = {}
        for case in CASES:
            if args.only and not any(word in case.input for word in args.only):
                continue
            key = f"{case.make.__name__}-{case.fraction}"
            if key not in made:
                made[key] = case.make(folder / key, args.scale * case.fraction)
            target = made[key]
            before = measure(case, target, args.baseline, args.timeout, folder) if args.baseline else None
            after = measure(case, target, ROOT / "src", args.timeout, folder)
            size = target.stat().st_size / 1024**2
            label = case.input.format(n=f"{int(case.count * args.scale * case.fraction):,}")
            rows.append(
                {"input": label, "megabytes_of_input": round(size, 1), "command": case.command[0]}
                | {"issue": case.issue, "before": before, "after": after}
            )
            print(
                f"{label} ({case.command[0]}): {_cell(before, args.timeout)} -> {_cell(after, args.timeout)}",
                file=sys.stderr,
                flush=True,
            )
    columns = "| input | size | command | the issue | before (this machine) | after (this machine) |"
    print(columns)
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['input']} | {row['megabytes_of_input']} MB | `{row['command']}` | {row['issue'] or '—'} "
            f"| {_cell(row['before'], args.timeout)} | {_cell(row['after'], args.timeout)} |"
        )
    if args.json is not None:
        args.json.write_text(json.dumps({"scale": args.scale, "rows": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
