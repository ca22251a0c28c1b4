"""Speed of `aistd validate` beside its peers, measured in one run on this machine.

1. One file, cold, through the command line (whole process): `aistd validate FILE` beside
   `linkml-validate -s SCHEMA -C Disclosure FILE`.
2. Generated disclosures (benchmarks/generate.py), once as YAML and once as JSON, every rule on:
   `validate_paths` in-process beside the parse-only time of the same files (`load_path`, and the plain
   parser), beside linkml's Python `Validator` (JSON Schema plugin, built once) on a sample, and the
   command line over the whole folder with -j 1 and -j 2.
3. The SHACL path: `aistd validate --rdf` per file in-process beside pySHACL one file at a time, on the same
   RDF, with the benchmark function benchmarks/rdf_benchmark.py uses.
4. Peak memory of in-process validation over N/10 and N files, each in a fresh process.

Prints one markdown table, then the targets (met / not met, with the measured ratio) and notes.
Progress goes to standard error. With `--json PATH` the same results are also written as JSON, each
comparable row with its two figures as numbers and their unit (`benchmarks/results/validate.json` holds the
published run; `benchmarks/charts.py` draws it for the documentation site).

    .venv/bin/python benchmarks/validate_benchmark.py [--files N] [--quick] [--json PATH]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime
import importlib
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import generate
import yaml

from aistd.check import check_data
from aistd.load import load_path
from aistd.model.finding import Severity
from aistd.validation import Options, check_file, validate_paths

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCHEMA = ROOT / "src" / "aistd" / "schemas" / "aistd.yaml"
ONE_FILE = ROOT / "examples" / "valid" / "Disclosure-llm-pretraining.yaml"
FORMATS = ("yaml", "json")
MB = 1024 * 1024

# Targets
COLD_MS = 80.0
COLD_VS_LINKML = 15.0
PARSE_ONLY = {"yaml": 1.3, "json": 3.0}
"""Every rule on, validation within this many times the parse-only time (`load_path`), per syntax."""
VS_LINKML_VALIDATOR = 50.0
VS_PYSHACL = 10.0
FLAT_MB = 20.0


@dataclass
class Row:
    """One line of the table: what was measured, aistd's figure, the peer and its figure, the ratio.

    When the two figures are in one unit, `unit` names it (`ms`, `files/s` or `MB`) and `aistd_value` and
    `peer_value` hold them as numbers, for the charts.
    """

    number: str
    measurement: str
    aistd: str
    peer: str
    peer_figure: str
    ratio: str
    unit: str | None = None
    aistd_value: float | None = None
    peer_value: float | None = None


@dataclass
class Target:
    """One target: met, not met, or not measured (None), and the measured figure."""

    text: str
    met: bool | None
    measured: str


@dataclass
class Results:
    """Everything the run prints."""

    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def progress(message: str) -> None:
    """A progress line on standard error."""
    print(f"[benchmark] {message}", file=sys.stderr, flush=True)


def rate(count: int, seconds: float) -> float:
    """Files per second."""
    return count / seconds if seconds > 0 else float("inf")


def per_second(value: float) -> str:
    """A throughput as text."""
    return f"{value:,.0f} files/s" if value >= 100 else f"{value:,.1f} files/s"


def times(value: float) -> str:
    """A ratio as text."""
    return f"{value:,.1f}x" if value < 100 else f"{value:,.0f}x"


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds an action took, and its result."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run_process(command: Sequence[str | Path], env: dict[str, str] | None = None) -> tuple[float, Any]:
    """Whole-process wall time of a command, and its completed process (output captured)."""
    argv = [str(part) for part in command]
    return timed(lambda: subprocess.run(argv, capture_output=True, text=True, env=env, check=False))


def spread(samples: list[float], scale: float = 1.0, unit: str = "") -> str:
    """The median, with the range when there are several samples."""
    middle = statistics.median(samples) * scale
    if len(samples) < 2:
        return f"{middle:,.0f}{unit}"
    return f"{middle:,.0f}{unit} ({min(samples) * scale:,.0f} to {max(samples) * scale:,.0f})"


def version(package: str) -> str:
    """The installed version of a distribution, or '-'."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


# --- 1. one file, cold, through the command line ---------------------------------------------------------


def cold_cli(results: Results, aistd_runs: int, linkml_runs: int) -> None:
    """`aistd validate FILE` and `linkml-validate ... FILE`, each a fresh process, medians."""
    progress(f"1. one file through the CLI: aistd x{aistd_runs}, linkml-validate x{linkml_runs}")
    aistd_cmd = [BIN / "aistd", "validate", ONE_FILE]
    linkml_cmd = [BIN / "linkml-validate", "-s", SCHEMA, "-C", "Disclosure", ONE_FILE]
    for command in (aistd_cmd, linkml_cmd):  # untimed: page cache and any first-run work
        _, done = run_process(command)
        if done.returncode != 0:
            results.notes.append(f"`{Path(command[0]).name}` exited {done.returncode} on {ONE_FILE.name}")
    aistd_times: list[float] = []
    linkml_times: list[float] = []
    for index in range(max(aistd_runs, linkml_runs)):
        if index < aistd_runs:
            aistd_times.append(run_process(aistd_cmd)[0])
        if index < linkml_runs:
            linkml_times.append(run_process(linkml_cmd)[0])
    # The same, with bytecode cached: this environment sets PYTHONDONTWRITEBYTECODE and aistd is installed
    # editable, so by default aistd's own modules are compiled at every start (site-packages have .pyc).
    with tempfile.TemporaryDirectory(prefix="aistd-pycache-") as prefix:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = prefix
        run_process(aistd_cmd, env)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        cached_times = [run_process(aistd_cmd, env)[0] for _ in range(aistd_runs)]
    aistd_ms, linkml_ms = statistics.median(aistd_times) * 1000, statistics.median(linkml_times) * 1000
    cached_ms = statistics.median(cached_times) * 1000
    file = ONE_FILE.relative_to(ROOT)
    results.rows.append(
        Row(
            "1a",
            f"one file cold via the CLI, whole process (`{file}`), ms",
            spread(aistd_times, 1000, " ms"),
            "`linkml-validate -s aistd.yaml -C Disclosure`",
            spread(linkml_times, 1000, " ms"),
            f"{times(linkml_ms / aistd_ms)} faster",
            "ms",
            aistd_ms,
            linkml_ms,
        )
    )
    results.rows.append(
        Row(
            "1b",
            "the same, aistd's bytecode cached (PYTHONPYCACHEPREFIX), ms",
            spread(cached_times, 1000, " ms"),
            "`linkml-validate` (as 1a)",
            f"{linkml_ms:,.0f} ms",
            f"{times(linkml_ms / cached_ms)} faster",
            "ms",
            cached_ms,
            linkml_ms,
        )
    )
    results.targets.append(
        Target(f"1. one file cold via the CLI <= {COLD_MS:.0f} ms", aistd_ms <= COLD_MS, f"{aistd_ms:.0f} ms")
    )
    results.targets.append(
        Target(
            f"1. >= {COLD_VS_LINKML:.0f}x faster than linkml-validate",
            linkml_ms / aistd_ms >= COLD_VS_LINKML,
            times(linkml_ms / aistd_ms),
        )
    )


# --- 2. many files ---------------------------------------------------------------------------------------


def raw_parser(syntax: str) -> Callable[[Path], Any]:
    """The plain parser of a syntax: libyaml's CSafeLoader, or the standard library's json."""
    if syntax == "json":
        return lambda path: json.loads(path.read_bytes())
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return lambda path: yaml.load(path.read_bytes(), Loader=loader)


def parse_all(paths: list[Path], parse: Callable[[Path], Any]) -> None:
    """Parse every file, keeping nothing."""
    for path in paths:
        parse(path)


def verdicts_as_generated(report: Any, manifest: list[dict[str, Any]]) -> int:
    """How many files aistd judged as the generator meant them (valid: no error; broken: an error)."""
    return sum(
        result.valid == (entry["breakage"] is None) for result, entry in zip(report.files, manifest, strict=True)
    )


@dataclass
class Throughput:
    """In-process seconds over all the files of one syntax."""

    validate: list[float]
    load: list[float]
    raw: list[float]


def in_process(
    folder: Path, paths: list[Path], syntax: str, repeat: int, manifest: list[dict[str, Any]], results: Results
) -> Throughput:
    """validate_paths over the folder, beside load_path and the plain parser, interleaved, `repeat` rounds."""
    validate_paths(paths[:20])  # warm up: imports, the compiled JSON Schema, the rule and profile tables
    parse = raw_parser(syntax)
    measured = Throughput([], [], [])
    for round_ in range(repeat):
        progress(f"2. {syntax}: in-process round {round_ + 1}/{repeat} over {len(paths):,} files")
        seconds, report = timed(lambda: validate_paths([folder], Options()))
        measured.validate.append(seconds)
        if round_ == 0:
            matching = verdicts_as_generated(report, manifest)
            invalid = sum(not result.valid for result in report.files)
            results.notes.append(
                f"{syntax}: aistd found errors in {invalid:,} of {len(report.files):,} files; its verdict matches the "
                f"generator's intent (valid / broken) for {matching:,} of {len(manifest):,}"
            )
        del report
        measured.load.append(timed(lambda: parse_all(paths, load_path))[0])
        measured.raw.append(timed(lambda: parse_all(paths, parse))[0])
    return measured


@dataclass
class LinkmlRun:
    """linkml's Validator and aistd's check_data over the same parsed dicts (parsing not counted)."""

    linkml_rate: float
    linkml_reported: int
    aistd_rate: float
    aistd_reported: int
    setup: float


def linkml_validator(paths: list[Path], syntax: str) -> LinkmlRun:
    """linkml's Validator (JSON Schema plugin, closed as linkml-validate uses it), built once, over the
    parsed dicts of `paths`, and aistd's `check_data` over the same dicts."""
    start = time.perf_counter()
    from linkml.validator import Validator
    from linkml.validator.plugins import JsonschemaValidationPlugin

    validator = Validator(str(SCHEMA), validation_plugins=[JsonschemaValidationPlugin(closed=True)])
    parse = raw_parser(syntax)
    documents = [parse(path) for path in paths]
    validator.validate(documents[0], "Disclosure")  # first call builds the JSON Schema
    setup = time.perf_counter() - start
    seconds, reported = timed(lambda: sum(bool(validator.validate(d, "Disclosure").results) for d in documents))
    check_data(documents[0])
    ours, flagged = timed(lambda: sum(any(f.severity is Severity.ERROR for f in check_data(d)) for d in documents))
    return LinkmlRun(rate(len(documents), seconds), reported, rate(len(documents), ours), flagged, setup)


def cli_folder(folder: Path, jobs: int, repeat: int) -> tuple[list[float], int]:
    """`aistd validate -j N FOLDER`, whole process: the seconds of each run and the files it counted."""
    samples, counted = [], 0
    for _ in range(repeat):
        seconds, done = run_process([BIN / "aistd", "validate", "-j", str(jobs), folder])
        if done.returncode not in (0, 1):
            raise RuntimeError(f"aistd validate -j {jobs} exited {done.returncode}: {done.stderr[-500:]}")
        match = re.search(r"(\d[\d,]*) files", done.stdout.strip().splitlines()[-1])
        counted = int(match.group(1).replace(",", "")) if match else -1
        samples.append(seconds)
    return samples, counted


def many_files(
    results: Results,
    folders: dict[str, Path],
    paths: dict[str, list[Path]],
    manifest: list[dict[str, Any]],
    repeat: int,
    cli_repeat: int,
    linkml_sample: int,
) -> dict[str, float]:
    """Section 2 for each syntax; returns the ratio to load_path by syntax (for profiling)."""
    ratios = {}
    # Both syntaxes are measured before linkml is imported: the peer's objects, alive in this process, would make
    # every garbage collection during aistd's rounds longer (about 7 % here), which a real `aistd` process never pays.
    in_process_runs = {
        syntax: in_process(folders[syntax], paths[syntax], syntax, repeat, manifest, results) for syntax in FORMATS
    }
    for syntax in FORMATS:
        files = paths[syntax]
        count = len(files)
        measured = in_process_runs[syntax]
        validate_s, load_s, raw_s = (statistics.median(s) for s in (measured.validate, measured.load, measured.raw))
        aistd_rate = rate(count, validate_s)
        letter = "a" if syntax == "yaml" else "f"
        label = syntax.upper()
        plain = "yaml.load(CSafeLoader)" if syntax == "yaml" else "json.loads"
        ratios[syntax] = validate_s / load_s
        results.rows.append(
            Row(
                f"2{letter}",
                f"{label}, {count:,} files in-process, every rule (`validate_paths`) vs parse only",
                per_second(aistd_rate),
                "`aistd.load.load_path` alone",
                per_second(rate(count, load_s)),
                f"{times(validate_s / load_s)} the parse time",
                "files/s",
                aistd_rate,
                rate(count, load_s),
            )
        )
        results.rows.append(
            Row(
                f"2{chr(ord(letter) + 1)}",
                f"{label}, the same vs the plain parser (read + parse)",
                per_second(aistd_rate),
                f"`{plain}`",
                per_second(rate(count, raw_s)),
                f"{times(validate_s / raw_s)} the parse time",
                "files/s",
                aistd_rate,
                rate(count, raw_s),
            )
        )
        sample = files[:: max(1, count // linkml_sample)][:linkml_sample]
        progress(f"2. {syntax}: linkml Validator over {len(sample):,} files")
        linkml = linkml_validator(sample, syntax)
        linkml_rate = linkml.linkml_rate
        results.rows.append(
            Row(
                f"2{chr(ord(letter) + 2)}",
                f"{label}, `validate_paths` (files/s of 2a/2f) vs linkml `Validator` (JSON Schema plugin, built "
                f"once) on the parsed dicts of a {len(sample):,}-file sample",
                per_second(aistd_rate),
                "linkml `Validator.validate(dict)`",
                per_second(linkml_rate),
                f"{times(aistd_rate / linkml_rate)} faster",
                "files/s",
                aistd_rate,
                linkml_rate,
            )
        )
        results.rows.append(
            Row(
                f"2{chr(ord(letter) + 3)}",
                f"{label}, like for like: aistd `check_data(dict)` (schema, rules, profiles) on the same parsed dicts",
                per_second(linkml.aistd_rate),
                "linkml `Validator.validate(dict)`",
                per_second(linkml_rate),
                f"{times(linkml.aistd_rate / linkml_rate)} faster",
                "files/s",
                linkml.aistd_rate,
                linkml_rate,
            )
        )
        results.notes.append(
            f"{syntax}: on the {len(sample):,}-file sample linkml's Validator reported "
            f"{linkml.linkml_reported:,} files (schema only), aistd {linkml.aistd_reported:,} (schema and rules); "
            f"importing linkml and building its Validator took {linkml.setup:.1f} s, not counted"
        )
        results.targets.append(
            Target(
                f"2. {label}: within {PARSE_ONLY[syntax]}x of parse-only (`load_path`)",
                validate_s / load_s <= PARSE_ONLY[syntax],
                times(validate_s / load_s),
            )
        )
        results.targets.append(
            Target(
                f"2. {label}: >= {VS_LINKML_VALIDATOR:.0f}x linkml's Validator",
                aistd_rate / linkml_rate >= VS_LINKML_VALIDATOR,
                times(aistd_rate / linkml_rate),
            )
        )
        progress(f"2. {syntax}: CLI over the folder, -j 1 and -j 2, x{cli_repeat}")
        one, counted_one = cli_folder(folders[syntax], 1, cli_repeat)
        two, counted_two = cli_folder(folders[syntax], 2, cli_repeat)
        if counted_one != count or counted_two != count:
            results.notes.append(f"{syntax}: the CLI counted {counted_one} / {counted_two} files, not {count}")
        one_s, two_s = statistics.median(one), statistics.median(two)
        results.rows.append(
            Row(
                f"2{chr(ord(letter) + 4)}",
                f"{label}, CLI over the folder, whole process: `aistd validate -j 1` vs `-j 2`",
                f"-j 1: {one_s:.1f} s, {per_second(rate(count, one_s))}",
                "`aistd validate -j 2`",
                f"{two_s:.1f} s, {per_second(rate(count, two_s))}",
                f"-j 2 is {times(one_s / two_s)} -j 1",
                "files/s",
                rate(count, one_s),
                rate(count, two_s),
            )
        )
    return ratios


# --- where the time goes ---------------------------------------------------------------------------------

STAGES = {
    "load_path": "read + parse (load_path)",
    "check_conformance": "JSON Schema (check_conformance)",
    "run_rules": "consistency rules (run_rules)",
    "check_profiles": "profiles (check_profiles)",
    "position": "line/column of findings (Document.position)",
}


def where_time_goes(folder: Path, syntax: str, count: int) -> list[str]:
    """cProfile of validate_paths over `count` files: the share of each stage, and the top functions."""
    files = sorted(folder.iterdir())[:count]
    validate_paths(files[:20])
    profiler = cProfile.Profile()
    profiler.enable()
    validate_paths(files)
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    total = max(cumulative for (_, _, _, cumulative, _) in entries.values())
    lines = [
        f"where the time goes, {syntax.upper()} (cProfile over {len(files):,} files; profiling inflates Python code):"
    ]
    shares = []
    for name, label in STAGES.items():
        cumulative = sum(v[3] for (file, _, function), v in entries.items() if function == name and "aistd" in file)
        shares.append(f"{label} {cumulative / total:.0%}")
    lines.append("  stages (cumulative): " + "; ".join(shares))
    top = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:8]
    described = []
    for (file, line, function), (_, _, own, _, _) in top:
        where = Path(file).name if file != "~" else "builtin"
        described.append(f"{function} ({where}:{line}) {own / total:.0%}")
    lines.append("  top functions (own time): " + "; ".join(described))
    return lines


# --- 3. SHACL --------------------------------------------------------------------------------------------


def shacl_path(results: Results, paths: list[Path]) -> None:
    """`aistd validate --rdf` per file in-process beside pySHACL, and rdf_benchmark's benchmark function."""
    try:
        rdf_benchmark = importlib.import_module("rdf_benchmark")
        benchmark_rdf = rdf_benchmark.benchmark_rdf
        import pyshacl  # noqa: F401  (the peer must be installed)
        import shacl  # noqa: F401
        from rdf_benchmark import errors_in

        from aistd.check.shacl import validate_rdf
    except (ImportError, AttributeError) as error:
        results.notes.append(f"3. SHACL skipped: {error}")
        results.targets.append(Target(f"3. SHACL >= {VS_PYSHACL:.0f}x pySHACL, identical verdicts", None, "skipped"))
        return
    progress(f"3. SHACL: rdf_benchmark.benchmark_rdf over {len(paths)} files (shacl, pyshacl)")
    measured = benchmark_rdf(paths, ("shacl", "pyshacl"))
    progress(f"3. SHACL: per file, aistd validate --rdf in-process and pySHACL, {len(paths)} files")
    options = Options(rdf=True)
    check_file(paths[0], options)
    validate_rdf(paths[0], engine="pyshacl")
    aistd_s = pyshacl_s = 0.0
    same_verdict = same_findings = nonconforming = 0
    for path in paths:
        seconds, _ = timed(lambda path=path: check_file(path, options))
        aistd_s += seconds
        seconds, theirs = timed(lambda path=path: validate_rdf(path, engine="pyshacl"))
        pyshacl_s += seconds
        ours = validate_rdf(path, engine="shacl")
        same_verdict += bool(errors_in(ours)) == bool(errors_in(theirs))
        same_findings += ours == theirs
        nonconforming += bool(errors_in(ours))
    count = len(paths)
    aistd_rate, pyshacl_rate = rate(count, aistd_s), rate(count, pyshacl_s)
    results.rows.append(
        Row(
            "3a",
            f"SHACL, per file in-process: `aistd validate --rdf` (schema + rules + native SHACL), {count} YAML files",
            per_second(aistd_rate),
            "pySHACL one file at a time (`validate_rdf(engine='pyshacl')`)",
            per_second(pyshacl_rate),
            f"{times(aistd_rate / pyshacl_rate)} faster",
            "files/s",
            aistd_rate,
            pyshacl_rate,
        )
    )
    for number, key, label in (
        ("3b", "files_per_second", "end to end (read, type, validate, findings)"),
        ("3c", "engine_only_files_per_second", "engine only, graphs built beforehand"),
    ):
        ours_rate, theirs_rate = measured["shacl"][key], measured["pyshacl"][key]
        results.rows.append(
            Row(
                number,
                f"SHACL via `rdf_benchmark.benchmark_rdf`, {label}: `shacl` engine",
                per_second(ours_rate),
                "pySHACL",
                per_second(theirs_rate),
                f"{times(ours_rate / theirs_rate)} faster",
                "files/s",
                ours_rate,
                theirs_rate,
            )
        )
    results.targets.append(
        Target(
            f"3. SHACL: `aistd validate --rdf` >= {VS_PYSHACL:.0f}x pySHACL, identical verdicts",
            aistd_rate / pyshacl_rate >= VS_PYSHACL and same_verdict == count,
            f"{times(aistd_rate / pyshacl_rate)}; verdicts identical for {same_verdict}/{count} files",
        )
    )
    results.notes.append(
        f"SHACL: the native engine and pySHACL agree on the verdict of {same_verdict}/{count} files and on every "
        f"finding of {same_findings}/{count} ({nonconforming} non-conforming); benchmark_rdf counted "
        f"{measured['shacl']['conforming']} / {measured['pyshacl']['conforming']} conforming (shacl / pySHACL)"
    )


# --- 4. memory -------------------------------------------------------------------------------------------

# ru_maxrss survives exec: a child of this (large) process would report this process's peak. The probe
# forks first; the grandchild starts a fresh count.
MEMORY_PROBE = """
import os, resource, sys
pid = os.fork()
if pid:
    sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
from pathlib import Path
from aistd.validation import validate_paths
files = sorted(Path(sys.argv[1]).iterdir())[: int(sys.argv[2])]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = validate_paths(files)
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(report.files))
"""


def memory(results: Results, folder: Path, sizes: tuple[int, int]) -> None:
    """Peak RSS of in-process validation over two numbers of files, each in a fresh process."""
    peaks = []
    for size in sizes:
        progress(f"4. memory: validate_paths over {size:,} files in a fresh process")
        done = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE, str(folder), str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        before, peak, counted = (int(x) for x in done.stdout.split())
        peaks.append((size, before / 1024, peak / 1024, counted))
    (small, _, small_peak, _), (large, before, large_peak, _) = peaks
    growth = large_peak - small_peak
    results.rows.append(
        Row(
            "4",
            f"peak RSS of in-process validation (YAML), fresh process each; after imports {before:.0f} MB",
            f"{large:,} files: {large_peak:.0f} MB",
            f"the same over {small:,} files",
            f"{small_peak:.0f} MB",
            f"+{growth:.1f} MB for {large - small:,} more files",
            "MB",
            large_peak,
            small_peak,
        )
    )
    results.targets.append(
        Target(
            f"4. peak memory flat in the number of files (< {FLAT_MB:.0f} MB more)",
            growth < FLAT_MB,
            f"+{growth:.1f} MB",
        )
    )


# --- output ----------------------------------------------------------------------------------------------


def machine() -> str:
    """The machine and the versions measured."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    versions = ", ".join(
        f"{name} {version(name)}" for name in ("aistd", "linkml", "jsonschema-rs", "PyYAML", "pyshacl", "shacl")
    )
    return (
        f"machine: nproc {cpus}, {platform.system()} {platform.machine()}, Python {platform.python_version()}; "
        f"load average {load} at the start; {versions}"
    )


def render(results: Results, header: list[str]) -> str:
    """The report: header lines, the table, the targets and the notes."""
    lines = ["# aistd validation benchmark", "", *header, ""]
    lines.append("| # | measurement | aistd | peer | peer's figure | ratio |")
    lines.append("|---|---|---|---|---|---|")
    for row in results.rows:
        cells = (row.number, row.measurement, row.aistd, row.peer, row.peer_figure, row.ratio)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines += ["", "## Targets", ""]
    for target in results.targets:
        verdict = {True: "met", False: "NOT met", None: "not measured"}[target.met]
        lines.append(f"- **{verdict}** — {target.text}: {target.measured}")
    if results.notes:
        lines += ["", "## Notes", ""]
        lines += [f"  - {note.strip()}" if note.startswith("  ") else f"- {note}" for note in results.notes]
    return "\n".join(lines) + "\n"


def results_json(results: Results, header: list[str], arguments: list[str]) -> str:
    """The results as JSON: the header lines, every row (with its figures as numbers), the targets, the notes."""
    document = {
        "benchmark": "validate",
        "script": "benchmarks/validate_benchmark.py",
        "arguments": arguments,
        "date": datetime.date.today().isoformat(),
        "header": header,
        "rows": [dataclasses.asdict(row) for row in results.rows],
        "targets": [dataclasses.asdict(target) for target in results.targets],
        "notes": results.notes,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Generate the files, measure every section, print the report (and write it as JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=None, help="generated disclosures (default 10000; --quick 40)")
    parser.add_argument("--quick", action="store_true", help="one round of everything, small samples (a smoke run)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=None, help="rounds of each in-process measurement (default 3)")
    parser.add_argument("--linkml-sample", type=int, default=1000, help="files given to linkml's Validator")
    parser.add_argument("--rdf-sample", type=int, default=200, help="files for the SHACL comparison")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args()
    files = args.files or (40 if args.quick else 10_000)
    if files < 10:
        parser.error("--files must be at least 10")
    repeat = args.repeat or (1 if args.quick else 3)
    cli_repeat = 1 if args.quick else 3
    aistd_runs, linkml_runs = (2, 1) if args.quick else (9, 5)
    results = Results()
    started = time.perf_counter()
    header = [machine()]
    with tempfile.TemporaryDirectory(prefix="aistd-benchmark-") as temporary:
        folder = Path(temporary)
        progress(f"generating {files:,} disclosures as YAML and JSON in {folder}")
        seconds, paths = timed(lambda: generate.write(folder, files, args.seed, FORMATS))
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        broken = sum(entry["breakage"] is not None for entry in manifest)
        sizes = {s: sum(p.stat().st_size for p in paths[s]) / MB for s in FORMATS}
        header.append(
            f"corpus: {files:,} generated disclosures (seed {args.seed}; {files - broken:,} valid, {broken:,} broken "
            f"on purpose), {sizes['yaml']:.1f} MB as YAML, {sizes['json']:.1f} MB as JSON, generated in {seconds:.0f} s"
        )
        header.append(
            f"timings: wall clock; CLI rows are whole processes (median of {aistd_runs} aistd / {linkml_runs} "
            f"linkml-validate runs for one file, range in brackets; {cli_repeat} per folder run); in-process rows "
            f"are the median of {repeat} interleaved round(s) with imports and warm-up done first"
        )
        cold_cli(results, aistd_runs, linkml_runs)
        folders = {syntax: folder / syntax for syntax in FORMATS}
        ratios = many_files(results, folders, paths, manifest, repeat, cli_repeat, min(args.linkml_sample, files))
        rdf_count = min(args.rdf_sample, files)
        shacl_path(results, paths["yaml"][:: max(1, files // rdf_count)][:rdf_count])
        memory(results, folders["yaml"], (max(1, files // 10), files))
        for syntax, ratio in ratios.items():
            if ratio > PARSE_ONLY[syntax]:
                progress(f"profiling {syntax}: aistd is {ratio:.1f}x its parse time")
                results.notes.extend(where_time_goes(folders[syntax], syntax, min(files, 2000)))
    results.notes.append(f"the whole run took {time.perf_counter() - started:.0f} s")
    sys.stdout.write(render(results, header))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(results_json(results, header, sys.argv[1:]), encoding="utf-8")


if __name__ == "__main__":
    main()
