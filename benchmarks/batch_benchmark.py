"""`aistd batch validate` throughput and memory: the local engine against Dask with 1 and 2 workers.

Run: `.venv/bin/python benchmarks/batch_benchmark.py [--files 100000] [--partition-size 1000] [--input parquet|files]
[--json PATH]`.

Generates a mixed corpus with `generate.py` (the same perturbed and partly broken disclosures as the
validation benchmark): 35% aistd YAML, 35% aistd JSON, and 30% converted with `aistd.conversion` to CycloneDX
JSON, CodeCarbon CSV and Hugging Face model cards (10% each). By default it is written as a Parquet dataset
(one document per row: `id`, `text`; no format column, so every document's format is detected), in files of
10,000 rows and row groups of one partition; `--input files` writes one file per document instead.

Then each configuration runs as its own process (`python -m aistd batch validate ... --quiet`): the local
engine with 1 and 2 processes, and a local Dask cluster (`--engine dask`) with 1 and 2 workers. The table
gives wall-clock time of the whole process (start-up and cluster start included), files/s, the peak RSS of
the busiest worker and of the driver, and whether every configuration wrote the same rows. A last run of
the local engine over a tenth of the input shows whether a worker's memory grows with the input. A sizing
note for 10^7 documents follows, derived from the measured figures. Everything goes to a temporary
folder, deleted at the end unless `--keep` names one. With `--json PATH`, the table's figures (and the
sizing note) are also written as JSON.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

ROOT = Path(__file__).resolve().parents[1]
ROWS_PER_FILE = 10_000
MIX = (
    ("aistd-yaml", 0.35, ".yaml"),
    ("aistd-json", 0.35, ".json"),
    ("cyclonedx", 0.10, ".cdx.json"),
    ("codecarbon", 0.10, ".csv"),
    ("hf-card", 0.10, ".md"),
)
TARGET_DOCUMENTS = 10**7


@dataclass
class Run:
    """One configuration's figures."""

    label: str
    engine: str
    workers: int
    files: int
    wall: float
    inner: float
    worker_peak: int
    driver_peak: int
    counts: tuple[int, int, int, int]
    out: Path

    @property
    def rate(self) -> float:
        """Files per second, whole process."""
        return self.files / self.wall


def _converted(kind: str, data: dict[str, object], name: str) -> str | None:
    """The document written in another format, or None when that format cannot carry it (a data-centre
    report has no place in a CodeCarbon log): such a document stays aistd, as it would in real life."""
    from aistd.conversion.journal import ConversionError
    from aistd.conversion.registry import detect, format_named

    try:
        text = format_named(kind).write(data).document
        if detect(name, text) != kind:
            return None
        format_named(kind).read(text, name)
    except (ConversionError, ValueError, KeyError, TypeError):
        return None
    return str(text)


def mixed_documents(count: int, seed: int) -> Iterator[tuple[str, str, str]]:
    """(id, text, kind) for `count` generated documents, in the MIX proportions.

    Each document takes the kind furthest behind its share among those it can be written in (a data-centre
    report, which no CodeCarbon log or model card can carry, stays aistd), so the mix holds for any count.
    """
    shares = {kind: share for kind, share, _ in MIX}
    suffixes = {kind: suffix for kind, _, suffix in MIX}
    counts = dict.fromkeys(shares, 0)
    for index, document in enumerate(generate.documents(count, seed), start=1):
        for kind in sorted(shares, key=lambda k: (counts[k] - shares[k] * index, k)):
            if kind == "aistd-json":
                text: str | None = generate.to_json(document.data)
            elif kind == "aistd-yaml":
                text = generate.to_yaml(document.data)
            else:
                text = _converted(kind, document.data, document.stem + suffixes[kind])
            if text is not None:
                counts[kind] += 1
                yield document.stem + suffixes[kind], text, kind
                break


def write_input(folder: Path, count: int, seed: int, partition_size: int, form: str) -> dict[str, int]:
    """Write the documents as a Parquet dataset (or as files); the count of each kind."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True)
    kinds: dict[str, int] = {}
    schema = pa.schema([("id", pa.string()), ("text", pa.string())])
    writer, rows, batch = None, 0, {"id": [], "text": []}

    def flush() -> None:
        if batch["id"]:
            writer.write_table(pa.Table.from_pydict(batch, schema=schema), row_group_size=partition_size)
            batch["id"], batch["text"] = [], []

    for name, text, kind in mixed_documents(count, seed):
        kinds[kind] = kinds.get(kind, 0) + 1
        if form == "files":
            (folder / name).write_text(text, encoding="utf-8")
            continue
        if rows % ROWS_PER_FILE == 0:
            flush()
            if writer is not None:
                writer.close()
            writer = pq.ParquetWriter(folder / f"docs-{rows // ROWS_PER_FILE:04d}.parquet", schema, compression="zstd")
        batch["id"].append(name)
        batch["text"].append(text)
        rows += 1
        if len(batch["id"]) >= partition_size:
            flush()
    if writer is not None:
        flush()
        writer.close()
    return kinds


def run(label: str, data: Path, out: Path, engine: str, workers: int, partition_size: int) -> Run:
    """One configuration, as its own process."""
    command = [sys.executable, "-m", "aistd", "batch", "validate", str(data), "--out", str(out), "--engine", engine]
    command += ["-j", str(workers), "--partition-size", str(partition_size), "--quiet", "--overwrite"]
    command += ["--input", "files" if data.is_dir() and not any(data.glob("*.parquet")) else "parquet"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{label} failed ({done.returncode}): {done.stderr[-2000:]}")
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    peaks = summary["peak_rss_per_worker"].values()
    counts = (summary["files"], summary["valid"], summary["errors"], summary["warnings"])
    return Run(
        label,
        engine,
        workers,
        summary["files"],
        wall,
        summary["seconds"] - summary["startup_seconds"],
        max(peaks, default=0),
        summary["driver_peak_rss"],
        counts,
        out,
    )


def same_rows(first: Path, other: Path) -> bool:
    """Whether two runs wrote the same partitions, row for row (read one partition at a time)."""
    import pyarrow.parquet as pq

    names = sorted(p.name for p in first.glob("part-*.parquet"))
    if names != sorted(p.name for p in other.glob("part-*.parquet")):
        return False
    return all(pq.read_table(first / name).equals(pq.read_table(other / name)) for name in names)


def mb(size: int) -> str:
    """Bytes as MB."""
    return f"{size / 2**20:,.0f} MB"


def sizing(runs: list[Run], output_bytes: int, load: str) -> list[str]:
    """The sizing note for TARGET_DOCUMENTS, from the Dask runs' own timings (cluster start excluded).

    The planning rate per worker is the lower of the one-worker rate and the per-worker rate of the largest
    run: on a shared machine the second worker may not get a whole core, and a plan should not count on it.
    """
    dask = {r.workers: r for r in runs if r.engine == "dask"}
    one, best = dask[min(dask)], dask[max(dask)]
    single = one.files / one.inner / one.workers
    shared = best.files / best.inner / best.workers
    planned, hopeful = min(single, shared), max(single, shared)
    memory = max(r.worker_peak for r in dask.values())
    partitions = len(list(best.out.glob("part-*.parquet")))
    lines = [
        f"- Measured (time inside the run, cluster start excluded): one Dask worker {single:,.0f} files/s; "
        f"{best.workers} workers {shared * best.workers:,.0f} files/s, {shared:,.0f} per worker, on this "
        f"{os.cpu_count()}-core machine ({load}). Planning rate: {planned:,.0f} files/s per worker of one core "
        f"and one thread (up to {hopeful:,.0f} when each worker has a core to itself).",
        f"- {TARGET_DOCUMENTS:,} documents: {TARGET_DOCUMENTS / planned / 3600:,.1f} worker-hours "
        f"({TARGET_DOCUMENTS / hopeful / 3600:,.1f} at the better rate).",
    ]
    for workers in (8, 32, 128):
        hours = TARGET_DOCUMENTS / (planned * workers) / 3600
        lines.append(f"  - {workers} workers: {hours:,.2f} h ({hours * 60:,.0f} min), plus cluster start-up")
    needed = -(-TARGET_DOCUMENTS // int(planned * 3600))
    lines += [
        f"- To finish within one hour: {needed} workers. A worker's memory stays near {mb(memory)} (its peak "
        f"here, Dask's own share included, flat in the input's size): {mb(memory * needed)} across them.",
        f"- The driver only lists and submits: {TARGET_DOCUMENTS * partitions // best.files:,} partitions of "
        f"{best.files // partitions:,} documents, a few milliseconds of scheduling each, far below a worker's "
        f"{best.files / partitions / planned:,.1f} s per partition.",
        f"- Output: {output_bytes / best.files:,.0f} bytes of Parquet per document here, so about "
        f"{output_bytes / best.files * TARGET_DOCUMENTS / 2**30:,.1f} GiB for {TARGET_DOCUMENTS:,} documents "
        "(more where documents have more findings).",
    ]
    return lines


def main() -> int:
    """Generate, run every configuration, print the table and the sizing note."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--partition-size", type=int, default=1000)
    parser.add_argument("--input", choices=["parquet", "files"], default="parquet")
    parser.add_argument("--engines", default="local,dask", help="which engines to run (default local,dask)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the input and outputs in this new folder")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args()
    engines = set(args.engines.split(","))
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="aistd-batch-bench-"))
    if work.is_relative_to(ROOT):
        parser.error(f"{work} is inside the checkout; keep the data elsewhere")
    try:
        loads = [", ".join(f"{x:.2f}" for x in os.getloadavg())]
        started = time.perf_counter()
        data = work / "input"
        kinds = write_input(data, args.files, args.seed, args.partition_size, args.input)
        generated = time.perf_counter() - started
        size = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
        plan = [("local", 1), ("local", 2)] * ("local" in engines) + [("dask", 1), ("dask", 2)] * ("dask" in engines)
        runs = []
        for engine, workers in plan:
            label = f"{engine}, {'-j' if engine == 'local' else 'workers'} {workers}"
            runs.append(run(label, data, work / f"out-{engine}-{workers}", engine, workers, args.partition_size))
        tenth = None
        if args.input == "parquet" and args.files >= 2 * ROWS_PER_FILE:
            first = data / "docs-0000.parquet"
            tenth = run("local, -j 1, first file only", first, work / "out-tenth", "local", 1, args.partition_size)
        loads.append(", ".join(f"{x:.2f}" for x in os.getloadavg()))
        print("# aistd batch benchmark\n")
        print(
            f"machine: nproc {os.cpu_count()}, {platform.system()} {platform.machine()}, Python "
            f"{platform.python_version()}; load average {loads[0]} at the start, {loads[1]} at the end"
        )
        mix = ", ".join(f"{kind} {count:,}" for kind, count in sorted(kinds.items()))
        print(
            f"input: {args.files:,} generated documents ({mix}; seed {args.seed}) as "
            f"{'a Parquet dataset' if args.input == 'parquet' else 'files'}, {mb(size)}, generated in "
            f"{generated:,.0f} s; partition size {args.partition_size}\n"
        )
        print(
            "| engine | workers | files | wall s (whole process) | files/s | files/s per worker | "
            "peak RSS, busiest worker | peak RSS, driver | same rows as the first |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        rows = []
        for r in runs:
            same = "yes" if r is runs[0] or (r.counts == runs[0].counts and same_rows(runs[0].out, r.out)) else "NO"
            rows.append(
                {
                    "engine": r.engine,
                    "workers": r.workers,
                    "files": r.files,
                    "wall_seconds": r.wall,
                    "files_per_second": r.rate,
                    "files_per_second_per_worker": r.rate / r.workers,
                    "worker_peak_rss_bytes": r.worker_peak,
                    "driver_peak_rss_bytes": r.driver_peak,
                    "same_rows_as_first": same == "yes",
                }
            )
            print(
                f"| {r.engine} | {r.workers} | {r.files:,} | {r.wall:,.1f} | {r.rate:,.0f} | "
                f"{r.rate / r.workers:,.0f} | {mb(r.worker_peak)} | {mb(r.driver_peak)} | {same} |"
            )
        if tenth is not None:
            print(
                f"\nmemory flat in the input: the local engine (-j 1) over {tenth.files:,} documents peaked at "
                f"{mb(tenth.worker_peak)}, over {runs[0].files:,} at {mb(runs[0].worker_peak)}."
            )
        counts = runs[0].counts
        print(f"\nverdicts: {counts[1]:,} of {counts[0]:,} valid; {counts[2]:,} errors, {counts[3]:,} warnings")
        sized: list[str] = []
        if any(r.engine == "dask" for r in runs):
            output = sum(p.stat().st_size for p in runs[-1].out.glob("part-*.parquet"))
            sized = sizing(runs, output, f"load average {loads[0]} at the start, {loads[1]} at the end")
            print(f"\n## Sizing for {TARGET_DOCUMENTS:,} documents\n")
            print("\n".join(sized))
        print(f"\nthe whole benchmark took {time.perf_counter() - started:,.0f} s")
        if args.json is not None:
            document = {
                "benchmark": "batch",
                "script": "benchmarks/batch_benchmark.py",
                "arguments": sys.argv[1:],
                "date": datetime.date.today().isoformat(),
                "input": {"files": args.files, "kinds": kinds, "bytes": size, "generated_seconds": generated},
                "load_average": {"start": loads[0], "end": loads[1]},
                "rows": rows,
                "tenth": None if tenth is None else {"files": tenth.files, "worker_peak_rss_bytes": tenth.worker_peak},
                "verdicts": dict(zip(("files", "valid", "errors", "warnings"), counts, strict=True)),
                "sizing": sized,
                "seconds": time.perf_counter() - started,
            }
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
