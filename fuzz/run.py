"""Run the aistd fuzz targets for a bounded budget each and print what they found.

    python fuzz/run.py                          # every target, 60 s each
    python fuzz/run.py --seconds 180 -j 2       # 3 minutes a target, two targets at a time
    python fuzz/run.py --runs 500 validate      # 500 inputs for one target
    python fuzz/run.py --json                   # the summary as JSON on stdout

Each target starts from seeds copied into a temporary folder (never into the checkout): the example
disclosures under examples/ and the real files of the shared corpus (AISTD_CORPUS, or ../shared/corpus
beside the checkout) that suit it. A target whose fuzzer stops early (a hang libFuzzer had to kill, an
out-of-memory) is restarted until its budget is spent. The table gives, per target, the inputs tried,
the crashes found (unique by stack) and the time taken; each crash is listed after it with its saved
input, which `python fuzz/fuzz_targets.py --repro TARGET FILE` replays. Exit 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS_SCRIPT = HERE / "fuzz_targets.py"
DICTIONARY = HERE / "aistd.dict"
"""Tokens libFuzzer splices into inputs: YAML tags and special scalars, JSON escapes, CSV and card syntax, keys."""
sys.path.insert(0, str(HERE))
from fuzz_targets import TARGETS, WRITABLE  # noqa: E402  (beside this script; imports no aistd)

EXAMPLES = ROOT / "examples"
RDF_FIXTURES = ROOT / "tests" / "data" / "rdf"
DISCLOSURES = ("**/*.yaml", "**/*.json")
WRITTEN = WRITABLE
"""The write-FORMAT targets decode a disclosure from any bytes: the example files' bytes make varied first choices."""
SEEDS: dict[str, list[tuple[str, str]]] = {
    "load-yaml": [("examples", "**/*.yaml"), ("corpus", "**/*.yaml"), ("corpus", "**/*.yml")],
    "load-json": [("examples", "**/*.json"), ("corpus", "**/*.json")],
    "convert-aistd": [("examples", pattern) for pattern in DISCLOSURES],
    "convert-cyclonedx": [("corpus", "cyclonedx/*")],
    "convert-spdx3": [("corpus", "spdx3/**/*")],
    "convert-hf-card": [("corpus", "hf-modelcards/**/*")],
    "convert-codecarbon": [("corpus", "codecarbon/**/*")],
    "convert-impact-framework": [("corpus", "impact-framework/**/*")],
    "convert-boamps": [("corpus", "boamps/*")],
    "convert-eco2ai": [("corpus", "other/eco2ai/*")],
    "convert-ml-energy": [("corpus", "other/ml-energy-leaderboard/*")],
    "convert-mlperf-power": [("corpus", "mlperf-power/**/*")],
    **{f"write-{name}": [("examples", "valid/*")] for name in WRITTEN},
    "check-data": [("examples", pattern) for pattern in DISCLOSURES],
    "validate": [("examples", "valid/*"), ("examples", "invalid/*-unknown-*"), ("corpus", "**/*")],
    "validate-rdf": [("rdf", "*")],
}
"""Where each target's seeds come from: (examples or corpus, glob)."""

MAX_LEN = 131072
"""The longest input libFuzzer makes (bytes); seeds longer than this are left out."""

_RESTARTS = 5
_UNITS = re.compile(r"stat::number_of_executed_units:\s*(\d+)")
_ARTIFACT = re.compile(r"^(crash|timeout|oom|leak|slow-unit)-[0-9a-f]+$")


def corpus_folder() -> Path | None:
    """The shared corpus of real files: AISTD_CORPUS, or shared/corpus beside the checkout, if present."""
    named = os.environ.get("AISTD_CORPUS")
    folder = Path(named) if named else ROOT.parent / "shared" / "corpus"
    return folder if folder.is_dir() else None


def seed(target: str, into: Path, corpus: Path | None, max_len: int = MAX_LEN) -> int:
    """Copy the target's seed files into a folder; the number copied."""
    into.mkdir(parents=True, exist_ok=True)
    roots = {"examples": EXAMPLES, "corpus": corpus, "rdf": RDF_FIXTURES}
    seen: set[Path] = set()
    for root_name, pattern in SEEDS[target]:
        root = roots[root_name]
        if root is None:
            continue
        for path in sorted(root.glob(pattern)):
            if path in seen or not path.is_file() or path.name == "MANIFEST.tsv" or path.stat().st_size > max_len:
                continue
            seen.add(path)
            shutil.copyfile(path, into / f"{len(seen):04d}-{path.name}")
    return len(seen)


@dataclass
class Outcome:
    """What fuzzing one target did."""

    target: str
    seeds: int = 0
    inputs: int = 0
    seconds: float = 0.0
    crashes: dict[str, dict[str, Any]] = field(default_factory=dict)
    stops: list[str] = field(default_factory=list)


def _libfuzzer_artifacts(out: Path, known: set[str]) -> list[Path]:
    return sorted(p for p in out.iterdir() if _ARTIFACT.match(p.name) and p.name not in known)


def fuzz(
    target: str, runs: int | None, seconds: float | None, work: Path, corpus: Path | None, options: Any
) -> Outcome:
    """Fuzz one target within its budget (inputs and/or seconds), restarting it if it stops early."""
    outcome = Outcome(target)
    seeds, grown, out = work / "seeds", work / "corpus", work / "out"
    grown.mkdir(parents=True)
    out.mkdir()
    outcome.seeds = seed(target, seeds, corpus, options.max_len)
    state_path = out / "state.json"
    environment = dict(os.environ, AISTD_FUZZ_STATE=str(state_path))
    log = out / "fuzzer.log"
    started = time.monotonic()
    known: set[str] = set()
    for attempt in range(_RESTARTS + 1):
        spent = time.monotonic() - started
        left_runs = None if runs is None else runs - outcome.inputs
        left_seconds = None if seconds is None else seconds - spent
        if (left_runs is not None and left_runs <= 0) or (left_seconds is not None and left_seconds < 1):
            break
        command = [sys.executable, str(TARGETS_SCRIPT), target, f"-max_len={options.max_len}", "-timeout=60"]
        command += ["-rss_limit_mb=4096", f"-artifact_prefix={out}/", "-print_final_stats=1", f"-seed={options.seed}"]
        command.append(f"-dict={DICTIONARY}")
        if left_runs is not None:
            command.append(f"-runs={left_runs}")
        if left_seconds is not None:
            command.append(f"-max_total_time={max(1, int(left_seconds))}")
        command += [str(grown), str(seeds)]
        before = _state(state_path).get("inputs", 0)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"\n$ {' '.join(command)}\n")
            handle.flush()
            done = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, env=environment, cwd=work)
        text = log.read_text(encoding="utf-8", errors="replace").rsplit("\n$ ", 1)[-1]
        units = _UNITS.findall(text)
        outcome.inputs += int(units[-1]) if units else _state(state_path).get("inputs", 0) - before
        if done.returncode == 0:
            if left_runs is None or outcome.inputs >= runs:  # type: ignore[operator]
                break
            continue  # libFuzzer ends a -runs budget after the seeds when it has nothing new: go on
        for artifact in _libfuzzer_artifacts(out, known):
            known.add(artifact.name)
            kind = artifact.name.split("-")[0]
            key = f"libfuzzer-{kind}"
            entry = outcome.crashes.setdefault(
                key, {"kind": kind, "type": f"libFuzzer {kind}", "message": "", "frames": [], "count": 0}
            )
            entry["count"] += 1
            entry.setdefault("input", str(artifact))
        outcome.stops.append(f"attempt {attempt + 1} ended with exit {done.returncode}")
        if not _libfuzzer_artifacts(out, set()) and done.returncode != 0 and attempt == 0 and outcome.inputs == 0:
            outcome.stops.append(f"the fuzzer did not start: see {log}")
            break
    outcome.seconds = time.monotonic() - started
    state = _state(state_path)
    outcome.crashes = {**state.get("crashes", {}), **outcome.crashes}
    return outcome


def _state(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def table(outcomes: list[Outcome]) -> str:
    """The summary table (Markdown), one row per target and a total."""
    rows = [["target", "seeds", "inputs tried", "crashes (unique by stack)", "time (s)"]]
    for o in outcomes:
        rows.append([o.target, str(o.seeds), f"{o.inputs:,}", str(len(o.crashes)), f"{o.seconds:.0f}"])
    total_inputs = sum(o.inputs for o in outcomes)
    total_crashes = sum(len(o.crashes) for o in outcomes)
    total_seconds = sum(o.seconds for o in outcomes)
    rows.append(["total", "", f"{total_inputs:,}", str(total_crashes), f"{total_seconds:.0f}"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines) + "\n"


def crash_list(outcomes: list[Outcome]) -> str:
    """Every distinct crash: target, id, kind, exception, where, and its saved input."""
    lines = []
    for o in outcomes:
        for digest, crash in o.crashes.items():
            where = " > ".join(crash.get("frames", [])[-3:])
            lines.append(f"{o.target} {digest} ({crash['kind']}, seen {crash['count']}x): {crash['type']}: ")
            lines[-1] += f"{crash['message'][:160]}\n    at {where}\n    input: {crash.get('input', '?')}"
        for stop in o.stops:
            lines.append(f"{o.target}: {stop}")
    return "\n".join(lines) + ("\n" if lines else "")


def main(argv: list[str] | None = None) -> int:
    """Fuzz the chosen targets and print the table; exit 1 when any crashed."""
    parser = argparse.ArgumentParser(description="Fuzz aistd's loaders, converters and validator (atheris).")
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=f"default: all ({', '.join(TARGETS)})")
    parser.add_argument("--seconds", type=float, default=None, help="time budget per target (default 60)")
    parser.add_argument("--runs", type=int, default=None, help="input budget per target")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="targets fuzzed at once")
    parser.add_argument("--max-len", type=int, default=MAX_LEN, help="longest input, in bytes")
    parser.add_argument("--seed", type=int, default=0, help="libFuzzer's random seed (0: from the clock)")
    parser.add_argument("--out", type=Path, default=None, help="keep corpora, logs and crash inputs here")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    targets = args.targets or list(TARGETS)
    seconds = args.seconds if args.seconds is not None or args.runs is not None else 60.0
    base = args.out or Path(tempfile.mkdtemp(prefix="aistd-fuzz-"))
    if base.resolve().is_relative_to(ROOT):
        parser.error("--out must lie outside the checkout")
    corpus = corpus_folder()

    def one(target: str) -> Outcome:
        work = base / target
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        return fuzz(target, args.runs, seconds, work, corpus, args)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(one, targets))
    if args.json:
        print(json.dumps({"out": str(base), "targets": [o.__dict__ for o in outcomes]}, indent=1))
    else:
        print(table(outcomes) + crash_list(outcomes), end="")
        note = "" if corpus else " (no shared corpus found: seeds from examples/ only)"
        print(f"corpora, logs and crash inputs: {base}{note}")
    return 1 if any(o.crashes for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
