"""Conversion throughput per format against the parse-only time of the same files.

Run: `.venv/bin/python benchmarks/convert_benchmark.py [--repeat N] [--corpus PATH] [--json PATH]`. Reads every
corpus file of each supported format (the shared corpus beside the checkout, or AISTD_CORPUS), times the plain
parse of its syntax (json / yaml / csv / model-card front matter) and aistd's conversion to a canonical
disclosure, and prints one markdown table (with `--json`, also writes it as JSON).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

from aistd.conversion.journal import ConversionError
from aistd.conversion.registry import detect, format_named

ROOT = Path(__file__).resolve().parents[1]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_only(path: Path, text: str) -> object:
    """The cheapest honest parse of the file's syntax: what any reader must do before converting."""
    if path.suffix == ".json":
        return json.loads(text)
    if path.suffix in (".yaml", ".yml"):
        return yaml.load(text, Loader=LOADER)
    if path.suffix == ".csv":
        return list(csv.reader(io.StringIO(text)))
    if text.startswith("---"):
        return yaml.load(text.split("---", 2)[1], Loader=LOADER)
    return text.splitlines()


def rate(function: Callable[[], object], files: int, repeat: int) -> float:
    """Files per second, best of `repeat` rounds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return files / best if best else float("inf")


def corpus_files(corpus: Path) -> dict[str, list[tuple[Path, str]]]:
    """Corpus files grouped by the format aistd detects (files no converter reads are left out)."""
    groups: dict[str, list[tuple[Path, str]]] = defaultdict(list)
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "MANIFEST.tsv"):
        try:
            text = path.read_text(encoding="utf-8")
            name = detect(str(path), text)
            format_named(name).read(text, str(path))
        except (ConversionError, UnicodeDecodeError):
            continue
        groups[name].append((path, text))
    return groups


def main() -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--corpus", type=Path, default=Path(os.environ.get("AISTD_CORPUS", ROOT.parent / "shared/corpus"))
    )
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the table as JSON")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    groups = corpus_files(args.corpus)
    machine = (
        f"machine: nproc {os.cpu_count()}, {platform.system()} {platform.machine()}, Python {platform.python_version()}"
    )
    corpus = f"corpus: {args.corpus}; best of {args.repeat} rounds; in-process, imports done first"
    print("# aistd conversion benchmark\n")
    print(machine)
    print(corpus + "\n")
    print("| format | files | parse only (files/s) | convert to aistd (files/s) | convert / parse time |")
    print("|---|---|---|---|---|")
    rows: list[dict[str, object]] = []
    for name in sorted(groups):
        files = groups[name]
        reader = format_named(name)
        parsed = rate(lambda files=files: [parse_only(p, t) for p, t in files], len(files), args.repeat)
        converted = rate(
            lambda files=files, reader=reader: [reader.read(t, str(p)) for p, t in files], len(files), args.repeat
        )
        print(f"| {name} | {len(files)} | {parsed:,.0f} | {converted:,.0f} | {parsed / converted:.1f}x |")
        rows.append(
            {
                "format": name,
                "files": len(files),
                "parse_only_files_per_second": parsed,
                "convert_files_per_second": converted,
                "convert_over_parse_time": parsed / converted,
            }
        )
    if args.json is not None:
        document = {
            "benchmark": "convert",
            "script": "benchmarks/convert_benchmark.py",
            "arguments": sys.argv[1:],
            "date": datetime.date.today().isoformat(),
            "header": [machine, corpus],
            "rows": rows,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
