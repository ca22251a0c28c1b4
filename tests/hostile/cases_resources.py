"""Hostile inputs against time and memory: large logs, large graphs, wide manifests, long cells, and the budgets.

Every input is made at test time, a tenth of the size `benchmarks/memory.py` measures (its 10^6-row CodeCarbon
log, 200,000-node N-Triples graph and 35,000-leaf Impact Framework manifest), with limits in proportion: what
was super-linear before its fix fails these limits by a wide margin, what is linear now passes them.

- A CodeCarbon log is read as a stream: a run's earlier snapshots cost two numbers each, and a disclosure is
  held to the values a disclosure file may hold (a log of 100,000 separate runs is refused by line 83,335).
- A long run of spaces in a cell, or of `}/` in an Impact Framework component name, takes linear time.
- A graph of over 1,000,000 triples is refused before it is parsed (`load.too-large`); a graph of 60,000
  violations is reported as 1,000 results and `rdf.too-many-results`.
- Each file is checked within a time and a memory budget (`--max-seconds`, `--max-memory`): past it, the file is
  one `load.budget-exceeded` finding and the other files are reported as usual, with `-j 2` too, also when the
  native SHACL engine aborts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tests.hostile.catalogue import CONVERT, VALIDATE, VALIDATE_RDF, Case, Maker, _write

RUNS = 100_000
RDF_NODES = 60_000
TRIPLES = 1_200_000
OBSERVATIONS = 10_000
SPACES = 100_000
BRACES = 50_000
AISTD = "https://w3id.org/aistd/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DATA = Path(__file__).parents[1] / "data"


def _rows(path: Path, header: str, row: Iterator[str]) -> Path:
    """A CSV written a row at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        handle.writelines(line + "\n" for line in row)
    return path


def codecarbon_snapshots(folder: Path) -> Path:
    """100,000 cumulative snapshots of ten CodeCarbon runs (one every 15 s: what an online tracker appends)."""
    rows = (f"2025-01-01T00:00:00,r{i % 10},{i // 10 * 15 + 15},0.1,0.2" for i in range(RUNS))
    return _rows(folder / "emissions.csv", "timestamp,run_id,duration,emissions,energy_consumed", rows)


def codecarbon_runs(folder: Path) -> Path:
    """100,000 rows of CodeCarbon, each its own run (no run_id column): a disclosure of 100,000 footprints."""
    rows = ("2025-01-01T00:00:00,10,0.1,0.2" for _ in range(RUNS))
    return _rows(folder / "emissions.csv", "timestamp,duration,emissions,energy_consumed", rows)


def codecarbon_many_runs(folder: Path) -> Path:
    """24,000 rows of CodeCarbon, each its own run: the largest disclosure its values allow (some 3 s, 100 MB)."""
    rows = ("2025-01-01T00:00:00,10,0.1,0.2" for _ in range(24_000))
    return _rows(folder / "emissions.csv", "timestamp,duration,emissions,energy_consumed", rows)


def codecarbon_count_prefix(folder: Path) -> Path:
    """A CodeCarbon row whose gpu_model is "2 x a", 100,000 spaces, "b"."""
    model = "2 x a" + " " * SPACES + "b"
    rows = iter([f'2025-01-01T00:00:00,10,0.1,0.2,"{model}"'])
    return _rows(folder / "emissions.csv", "timestamp,duration,emissions,energy_consumed,gpu_model", rows)


def impact_framework_wide(folder: Path, name: str = "manifest.yaml") -> Path:
    """An Impact Framework leaf of 10,000 observations, each naming a parameter of its own."""
    lines = ["name: wide", "tree:", "  children:", "    server:", "      inputs:"]
    lines += [f"        - p{i}: {i}" for i in range(OBSERVATIONS)]
    return _write(folder / name, "\n".join(lines) + "\n")


def impact_framework_braces(folder: Path) -> Path:
    """An Impact Framework component named "a", 50,000 times "}/", a line break and "b"."""
    key = "a" + "}/" * BRACES + "\\n" + "b"
    text = (
        "name: braces\ntree:\n  children:\n"
        f'    ? "{key}"\n'
        "    : inputs:\n        - {timestamp: '2024-03-01T00:00', duration: 3600, energy: 0.5}\n"
    )
    return _write(folder / "manifest.yaml", text)


def ntriples_violations(folder: Path) -> Path:
    """N-Triples of 60,000 footprints (13 MB), each with a stage outside the enumeration: 60,000 violations."""
    path = folder / "graph.nt"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f'<urn:d> {TYPE} <{AISTD}Disclosure> .\n<urn:d> <{AISTD}schema_version> "0.2.0" .\n')
        for i in range(RDF_NODES):
            handle.write(f"<urn:f:{i}> {TYPE} <{AISTD}StageFootprint> .\n")
            handle.write(f'<urn:f:{i}> <{AISTD}stage> "bogus" .\n<urn:d> <{AISTD}footprints> <urn:f:{i}> .\n')
    return path


def turtle_many_triples(folder: Path) -> Path:
    """Turtle of one subject with 1,200,000 objects of one predicate (17 MB): 1,200,000 triples."""
    path = folder / "graph.ttl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("<urn:s> <urn:p> ")
        handle.write(", ".join(f"<urn:{i}>" for i in range(TRIPLES)))
        handle.write(" .\n")
    return path


def with_valid(make: Maker, valid: str) -> Maker:
    """A folder holding the input `make` writes and a valid disclosure (`valid`, from the test data)."""

    def made(folder: Path) -> Path:
        inputs = folder / "inputs"
        inputs.mkdir(parents=True, exist_ok=True)
        make(inputs)
        source = DATA / valid
        _write(inputs / f"valid{source.suffix}", source.read_text(encoding="utf-8"))
        return inputs

    made.__doc__ = f"A folder: {(make.__doc__ or '').strip().rstrip('.')}, and a valid disclosure ({valid})."
    return made


def cases() -> Iterator[Case]:
    """The cases of this module, each run by tests/test_hostile.py."""

    def one(name: str, make: Maker, command: str, exit_code: int, *rules: str, **more: object) -> Case:
        return Case(name, make, command, exit_code, frozenset(rules), **more)  # type: ignore[arg-type]

    read = ("convert.filled", "convert.lost")
    held = "every row was held, with a dictionary of cells and one of columns, before the runs were grouped"
    yield one(
        "codecarbon-100k-snapshots", codecarbon_snapshots, VALIDATE, 0, *read, seconds=6.0, megabytes=120.0,
        fixed=f"{held}: 132 MB here, 3.8 GB at 10^6 rows",
    )  # fmt: skip
    yield one("codecarbon-100k-snapshots-convert", codecarbon_snapshots, CONVERT, 0, seconds=6.0, megabytes=120.0)
    refused = "a disclosure of more than 500,000 values (83,334 runs by line 83,335)"
    every = "100,000 footprints were built and checked: 14.5 s, 503 MB and 100,003 findings (at 10^6 rows 3.8 GB)"
    yield one(
        "codecarbon-100k-runs", codecarbon_runs, VALIDATE, 1, "convert.unreadable", says=refused, seconds=5.0,
        megabytes=150.0, fixed=every,
    )  # fmt: skip
    yield one("codecarbon-100k-runs-convert", codecarbon_runs, CONVERT, 1, says=refused, seconds=5.0, megabytes=150.0)
    yield one(
        "codecarbon-count-prefix-100k-spaces", codecarbon_count_prefix, VALIDATE, 0, *read, seconds=3.0,
        fixed="the count-prefix pattern backtracked over the spaces: 34 s",
    )  # fmt: skip
    yield one(
        "impact-framework-10k-parameters", impact_framework_wide, VALIDATE, 0, *read, seconds=8.0, megabytes=200.0,
        fixed="a dense table of parameters by observations: 16 s and 880 MB (at 20,000: 69 s and 3.3 GB)",
    )  # fmt: skip
    yield one(
        "impact-framework-brace-names", impact_framework_braces, VALIDATE, 0, "convert.filled", seconds=3.0,
        fixed="the pattern resolving fill places backtracked over the braces: still running after 30 s",
    )  # fmt: skip
    yield one(
        "turtle-1.2m-triples", turtle_many_triples, VALIDATE_RDF, 1, "load.too-large",
        says="over the limit of 1,000,000", seconds=5.0, megabytes=150.0,
        fixed="parsed and validated whole: 194 MB here, no limit at any size",
    )  # fmt: skip
    yield one(
        "ntriples-60k-violations", ntriples_violations, VALIDATE_RDF, 1, "rdf.too-many-results",
        "shacl.InConstraintComponent", "shacl.MinCountConstraintComponent",
        says="stopped after 1,000 results", seconds=10.0, megabytes=200.0,
        fixed="every violation was a finding and every typed node a probe result: 2.2 GB at 200,000 nodes",
    )  # fmt: skip
    heavy = with_valid(codecarbon_many_runs, "convert/impact_framework/inference-with-sci.yaml")
    yield one(
        "budget-seconds", heavy, VALIDATE, 1, "load.budget-exceeded", *read, says="ran past the 1 s time budget",
        options=("--max-seconds", "1"), seconds=5.0,
    )  # fmt: skip
    yield one(
        "budget-memory", heavy, VALIDATE, 1, "load.budget-exceeded", *read, says="the 1 MiB memory budget",
        options=("--max-memory", "1M"), seconds=8.0,
    )  # fmt: skip
    graph = with_valid(ntriples_violations, "rdf/disclosure.ttl")
    yield one(
        "budget-memory-rdf-j2", graph, VALIDATE_RDF, 1, "load.budget-exceeded", says="the 1 MiB",
        options=("-j", "2", "--max-memory", "1M"), seconds=8.0,
        fixed="past its memory the native engine aborts the process: with -j 2 no file had a report",
    )  # fmt: skip
