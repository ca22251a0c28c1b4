"""Throughput of the RDF path: the native `shacl` engine beside pySHACL, one graph per file.

The seven valid examples are copied to about 200 files, and each file is read, turned into a typed RDF
graph and validated against the committed shapes with `aistd.check.shacl.validate_rdf`.

    .venv/bin/python benchmarks/rdf_benchmark.py [--copies N]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aistd.check.shacl import ENGINES, shacl_results, validate_rdf
from aistd.load.rdf import data_graph
from aistd.model.finding import Finding, Severity

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "examples" / "valid"


def corpus(folder: Path, copies: int) -> list[Path]:
    """The valid examples copied `copies` times into `folder`, one file per copy."""
    examples = sorted(p for p in VALID.iterdir() if p.suffix in {".yaml", ".yml", ".json"})
    paths = []
    for index in range(copies):
        for example in examples:
            target = folder / f"{example.stem}-{index:03d}{example.suffix}"
            shutil.copyfile(example, target)
            paths.append(target)
    return paths


def main() -> None:
    """Print files per second for each engine, end to end and for the engine alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=29, help="copies of each example (29 x 7 = 203 files)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = corpus(Path(folder), args.copies)
        result = benchmark_rdf(paths, ENGINES)
    print(f"{result['files']} files, one graph per file")
    print(f"read + parse + typed RDF (shared): {result['load_and_type']['files_per_second']:.0f} files/s")
    print(f"{'engine':<10} {'end-to-end files/s':>19} {'engine-only files/s':>20} {'conforming':>11}")
    for engine in ENGINES:
        row = result[engine]
        print(
            f"{engine:<10} {row['files_per_second']:>19.1f} {row['engine_only_files_per_second']:>20.1f}"
            f" {row['conforming']:>11}"
        )
    for column in ("files_per_second", "engine_only_files_per_second"):
        ratio = result["shacl"][column] / result["pyshacl"][column]
        print(f"shacl / pySHACL ({column}): {ratio:.0f}x")


if __name__ == "__main__":
    main()


def errors_in(findings: list[Finding]) -> list[Finding]:
    """The error findings."""
    return [f for f in findings if f.severity is Severity.ERROR]


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else float("inf")


def benchmark_rdf(paths: Sequence[Path], engines: Sequence[str] = ENGINES) -> dict[str, Any]:
    """Files per second of the RDF path over `paths`, one graph per file, for each engine.

    `end_to_end` is `validate_rdf` (read, parse, type, validate, findings); `engine_only` validates graphs
    built beforehand; `load_and_type` is the part both share. Libraries are imported and shapes compiled
    before any clock starts, as in a long run.
    """
    measured: dict[str, Any] = {"files": len(paths)}
    if not paths:
        return measured
    data_graph(paths[0])  # warm up: the vocabulary, read once per process
    start = time.perf_counter()
    graphs = [data_graph(path) for path in paths]
    measured["load_and_type"] = {"files_per_second": _rate(len(paths), time.perf_counter() - start)}
    for engine in engines:
        validate_rdf(paths[0], engine=engine)  # warm up: imports and compiled shapes
        start = time.perf_counter()
        for graph in graphs:
            shacl_results(graph, engine)
        engine_only = time.perf_counter() - start
        start = time.perf_counter()
        verdicts = [not errors_in(validate_rdf(path, engine=engine)) for path in paths]
        end_to_end = time.perf_counter() - start
        measured[engine] = {
            "seconds": round(end_to_end, 3),
            "files_per_second": _rate(len(paths), end_to_end),
            "engine_only_files_per_second": _rate(len(paths), engine_only),
            "conforming": sum(verdicts),
        }
    return measured
