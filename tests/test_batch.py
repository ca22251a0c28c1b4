"""`aistd batch`: partitions of folders, globs and Parquet datasets, checked locally or on a Dask cluster.

The local engine must say what `aistd validate` says about every file; a real two-worker Dask cluster on
loopback must write the very rows the local engine writes; a hostile document fails its own row only; and
the DuckDB query the docs print runs on the output.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aistd.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from tests.conftest import EXAMPLES, ROOT

pa = pytest.importorskip("pyarrow")
ds = pytest.importorskip("pyarrow.dataset")
pq = pytest.importorskip("pyarrow.parquet")
duckdb = pytest.importorskip("duckdb")

HOSTILE = {
    "bomb.yaml": ("load.alias", b'a: &a ["lol", "lol", "lol"]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c]\n'),
    "latin1.yaml": ("load.encoding", b"id: urn:x\nreporting_entity: {name: Caf\xe9 SARL}\n"),
    "deep.json": ("load.too-deep", b"[" * 100_000 + b"]" * 100_000),
}
CORPUS_FORMATS = ("cyclonedx-mlbom", "spdx3-ai", "hf-modelcard", "codecarbon-csv", "if-manifest", "boamps-json")
SUFFIXES = (".yaml", ".yml", ".json", ".md", ".markdown", ".csv")


def corpus() -> Path | None:
    named = os.environ.get("AISTD_CORPUS")
    folder = Path(named) if named else ROOT.parent / "shared" / "corpus"
    return folder if folder.is_dir() else None


def batch(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["batch", *args])
    return code, out.getvalue(), err.getvalue()


def rows(folder: Path) -> list[dict[str, Any]]:
    """Every row of a run's output, partition by partition."""
    return [row for part in sorted(folder.glob("part-*.parquet")) for row in pq.read_table(part).to_pylist()]


def documents(folder: Path) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows(folder) if row["kind"] == "document"}


def findings(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Each document's findings as (rule, severity, pointer, line, column, message), in order."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows(folder):
        if row["kind"] == "document":
            found[row["id"]] = []
        else:
            found[row["id"]].append(tuple(row[k] for k in ("rule", "severity", "pointer", "line", "column", "message")))
    return found


@dataclass
class Mixed:
    folder: Path
    files: list[str]
    out: Path


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Mixed:
    """Valid and invalid examples, a few real files of other formats, and hostile documents, in one folder."""
    folder = tmp_path_factory.mktemp("batch") / "mixed"
    shutil.copytree(EXAMPLES / "valid", folder / "valid")
    shutil.copytree(EXAMPLES / "invalid", folder / "invalid")
    (folder / "hostile").mkdir()
    for name, (_, raw) in HOSTILE.items():
        (folder / "hostile" / name).write_bytes(raw)
    source = corpus()
    if source is not None:
        with (source / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
            entries = [(r["local_path"], r["format"]) for r in csv.DictReader(manifest, delimiter="\t")]
        for form in CORPUS_FORMATS:
            picked = [p for p, f in entries if f == form and Path(p).suffix in SUFFIXES][:2]
            for path in picked:
                target = folder / "corpus" / form / Path(path).name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / path, target)
    files = sorted(str(p) for p in folder.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    out = folder.parent / "local"
    code, stdout, stderr = batch("validate", str(folder), "--out", str(out), "-j", "2", "--partition-size", "25")
    assert code == EXIT_FINDINGS, stderr
    assert f"{len(files)} files" in stdout
    return Mixed(folder, files, out)


def test_the_local_engine_writes_one_document_row_per_input(mixed: Mixed) -> None:
    table = ds.dataset(mixed.out, format="parquet").to_table()  # _summary.json is skipped
    kinds = table.column("kind").to_pylist()
    assert set(kinds) == {"document", "finding"}
    ids = [i for i, k in zip(table.column("id").to_pylist(), kinds, strict=True) if k == "document"]
    assert sorted(ids) == mixed.files
    assert len(list(mixed.out.glob("part-*.parquet"))) == -(-len(mixed.files) // 25)
    summary = json.loads((mixed.out / "_summary.json").read_text(encoding="utf-8"))
    assert summary["files"] == len(mixed.files) and summary["partitions"] == -(-len(mixed.files) // 25)
    assert summary["failed_partitions"] == [] and summary["peak_rss_per_worker"]


def test_findings_are_those_of_aistd_validate_json(mixed: Mixed) -> None:
    from aistd.cli import main as aistd_main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        aistd_main(["validate", "--format", "json", *mixed.files])
    report = json.loads(out.getvalue())
    expected = {
        entry["path"]: [
            tuple(f[k] for k in ("rule", "severity", "pointer", "line", "column", "message")) for f in entry["findings"]
        ]
        for entry in report["files"]
    }
    assert findings(mixed.out) == expected
    written = documents(mixed.out)
    for entry in report["files"]:
        assert written[entry["path"]]["syntax"] == entry["format"]
        assert (written[entry["path"]]["verdict"] != "error") == entry["valid"]
    summary = json.loads((mixed.out / "_summary.json").read_text(encoding="utf-8"))
    assert {k: summary[k] for k in ("files", "valid", "errors", "warnings")} == {
        k: report["summary"][k] for k in ("files", "valid", "errors", "warnings")
    }
    assert report["summary"]["skipped"] == 0  # files named one by one: nothing skipped


def test_hostile_documents_fail_their_own_row_only(mixed: Mixed) -> None:
    written, found = documents(mixed.out), findings(mixed.out)
    for name, (rule, _) in HOSTILE.items():
        path = str(mixed.folder / "hostile" / name)
        assert written[path]["verdict"] == "error" and written[path]["vocabulary"] == "unknown"
        assert [f[0] for f in found[path]] == [rule]
    partition = written[str(mixed.folder / "hostile" / "deep.json")]["partition"]
    neighbours = [d for d in written.values() if d["partition"] == partition and "hostile" not in d["id"]]
    assert neighbours, "the hostile documents should share their partition with others"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Parquet dataset, one document per row: examples as text, hostile bytes, a format column, a null."""
    folder = tmp_path_factory.mktemp("dataset") / "docs"
    folder.mkdir()
    texts = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.suffix in (".yaml", ".json"))
    texts += sorted((EXAMPLES / "invalid").glob("*.yaml"))[:20]
    ids = [f"doc-{i:03d}{p.suffix}" for i, p in enumerate(texts)]
    bodies = [p.read_text(encoding="utf-8") for p in texts]
    table = pa.table({"doc_id": ids, "body": bodies, "form": pa.array([None] * len(ids), pa.string())})
    pq.write_table(table, folder / "a.parquet", row_group_size=7)
    source = corpus()
    card = None if source is None else next((source / "hf-modelcards").rglob("*.md"))
    hostile = [(name, raw, None) for name, (_, raw) in HOSTILE.items()]
    hostile.append(("no-text", None, None))
    if card is not None:
        hostile.append(("card-without-suffix", card.read_bytes(), "hf-card"))
    table = pa.table(
        {
            "doc_id": [h[0] for h in hostile],
            "body": pa.array([h[1] for h in hostile], pa.binary()),
            "form": [h[2] for h in hostile],
        }
    )
    pq.write_table(table, folder / "b.parquet", row_group_size=2)
    return folder


def test_a_parquet_dataset_is_read_one_document_per_row(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = batch(
        "validate",
        str(dataset),
        "--out",
        str(out),
        "--id-column",
        "doc_id",
        "--text-column",
        "body",
        "--format-column",
        "form",
        "--partition-size",
        "10",
    )
    assert code == EXIT_FINDINGS, err
    written, found = documents(out), findings(out)
    assert (
        len(written)
        == pq.read_metadata(dataset / "a.parquet").num_rows + pq.read_metadata(dataset / "b.parquet").num_rows
    )
    for name, (rule, _) in HOSTILE.items():
        assert written[name]["verdict"] == "error" and [f[0] for f in found[name]] == [rule]
        assert written[name]["path"] == str(dataset / "b.parquet")
    assert [f[0] for f in found["no-text"]] == ["load.empty"]
    if "card-without-suffix" in written:
        assert written["card-without-suffix"]["vocabulary"] == "hf-card"
    # a row's findings are those of the same text validated as a file
    from aistd.validation import check_file

    first = sorted((EXAMPLES / "invalid").glob("*.yaml"))[0]
    texts = pq.read_table(dataset / "a.parquet").to_pylist()
    index = next(i for i, r in enumerate(texts) if r["body"] == first.read_text(encoding="utf-8"))
    expected = check_file(first).result.findings
    assert [(f.rule, f.line, f.column) for f in expected] == [(f[0], f[3], f[4]) for f in found[texts[index]["doc_id"]]]
    assert written[texts[index]["doc_id"]]["row"] == index


@pytest.fixture(scope="module")
def cluster() -> Any:
    """A real Dask cluster of two worker processes on loopback, closed at the end."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as running:
        yield running


def test_a_dask_cluster_writes_the_rows_of_the_local_engine(mixed: Mixed, cluster: Any, tmp_path: Path) -> None:
    out = tmp_path / "dask"
    address = cluster.scheduler_address
    code, stdout, err = batch(
        "validate", str(mixed.folder), "--out", str(out), "--scheduler", address, "--partition-size", "25"
    )
    assert code == EXIT_FINDINGS, err
    assert "dask engine" in stdout
    local, remote = rows(mixed.out), rows(out)
    assert local == remote  # partition by partition, row by row
    by_id = sorted(local, key=lambda r: r["id"]) == sorted(remote, key=lambda r: r["id"])
    assert by_id
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert len(summary["peak_rss_per_worker"]) == 2  # both workers took partitions


def test_a_dask_cluster_reads_a_parquet_dataset_as_the_local_engine_does(
    dataset: Path, cluster: Any, tmp_path: Path
) -> None:
    common = ["--id-column", "doc_id", "--text-column", "body", "--partition-size", "5"]
    batch("validate", str(dataset), "--out", str(tmp_path / "local"), *common)
    batch("validate", str(dataset), "--out", str(tmp_path / "dask"), "--scheduler", cluster.scheduler_address, *common)
    assert rows(tmp_path / "local") == rows(tmp_path / "dask")


def docs_query() -> str:
    page = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    section = page.split("## Which rules fail most often, per vocabulary", 1)[1]
    match = re.search(r"```sql\n(.*?)```", section, re.S)
    assert match, "docs/batch.md lost its DuckDB query"
    return match.group(1)


def test_the_documented_duckdb_query_ranks_failing_rules_per_vocabulary(
    mixed: Mixed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(mixed.out, tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    connection = duckdb.connect()
    cursor = connection.execute(docs_query())
    columns = [c[0] for c in cursor.description]
    result = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
    assert columns == ["vocabulary", "rule", "documents", "findings", "percent_of_documents"]
    written, found = documents(mixed.out), findings(mixed.out)
    counts: dict[tuple[str, str], set[str]] = {}
    for doc_id, items in found.items():
        for f in items:
            if f[1] == "error":
                counts.setdefault((written[doc_id]["vocabulary"], f[0]), set()).add(doc_id)
    top = {}
    for (vocabulary, rule), ids in counts.items():
        top.setdefault(vocabulary, []).append((-len(ids), rule))
    for vocabulary in top:
        expected = [rule for _, rule in sorted(top[vocabulary])][:5]
        got = [r for r in result if r["vocabulary"] == vocabulary]
        assert [r["documents"] for r in got] == [-n for n, _ in sorted(top[vocabulary])][:5]
        assert {r["rule"] for r in got} <= {rule for _, rule in top[vocabulary]}
        assert len(got) == len(expected)
    assert {r["vocabulary"] for r in result} >= {"aistd", "unknown"}
    assert any(r["rule"].startswith("schema.") for r in result if r["vocabulary"] == "aistd")


def test_one_document_that_breaks_the_checker_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import aistd.validation

    real = aistd.validation.check_file

    def fragile(path: Path, options: Any = None) -> Any:
        if path.name == "Disclosure-fine-tune.json":
            raise RuntimeError("a bug")
        return real(path, options or aistd.validation.Options())

    monkeypatch.setattr(aistd.validation, "check_file", fragile)
    code, _, err = batch("validate", str(EXAMPLES / "valid"), "--out", str(tmp_path / "out"))
    assert code == EXIT_FINDINGS, err
    written, found = documents(tmp_path / "out"), findings(tmp_path / "out")
    broken = str(EXAMPLES / "valid" / "Disclosure-fine-tune.json")
    assert [f[0] for f in found[broken]] == ["batch.document-failed"] and "RuntimeError: a bug" in found[broken][0][5]
    assert all(d["verdict"] == "valid" for i, d in written.items() if i != broken)


def test_a_corrupt_parquet_partition_fails_alone(dataset: Path, tmp_path: Path) -> None:
    from aistd.batch.partition import Settings, run_guarded
    from aistd.batch.sources import Columns, parquet_parts

    shutil.copyfile(dataset / "a.parquet", tmp_path / "a.parquet")
    columns = Columns("body", "doc_id")
    parts = list(parquet_parts([str(tmp_path / "a.parquet")], 7, columns))
    (tmp_path / "out").mkdir()
    (tmp_path / "a.parquet").write_bytes(b"PAR1 not parquet at all PAR1")
    result = run_guarded(parts[1], Settings("validate", str(tmp_path / "out"), columns=columns))
    assert result.failed and result.written and result.documents == 1
    [row, finding] = rows(tmp_path / "out")
    assert (
        row["verdict"] == "error"
        and finding["rule"] == "batch.partition-failed"
        and row["path"] == str(tmp_path / "a.parquet")
    )


class DyingPaths(tuple):  # type: ignore[type-arg]
    """Paths that kill the worker process that reads them (but not the driver, which only lists them)."""

    def __iter__(self) -> Any:
        if os.getpid() != int(os.environ["AISTD_TEST_DRIVER"]):
            os._exit(3)
        return super().__iter__()


def test_a_worker_that_dies_takes_only_its_own_partition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aistd.batch.engine_local import run_local
    from aistd.batch.partition import Settings
    from aistd.batch.sources import FilesPart, file_parts

    monkeypatch.setenv("AISTD_TEST_DRIVER", str(os.getpid()))
    (tmp_path / "out").mkdir()
    parts = list(file_parts([str(EXAMPLES / "valid")], 3))
    doomed = FilesPart(len(parts), DyingPaths(["doomed-1.yaml", "doomed-2.yaml"]))
    tally = run_local([*parts, doomed], Settings("validate", str(tmp_path / "out")), jobs=2)
    assert tally.partitions == len(parts) + 1 and len(tally.failed) == 1 and not tally.unwritten
    written, found = documents(tmp_path / "out"), findings(tmp_path / "out")
    assert [f[0] for f in found["doomed-1.yaml"]] == ["batch.partition-failed"]
    assert sum(d["verdict"] == "valid" for d in written.values()) == sum(len(p.paths) for p in parts)


def test_batch_convert_writes_what_aistd_convert_writes(tmp_path: Path) -> None:
    from aistd.cli import main as aistd_main

    source = EXAMPLES / "valid" / "Disclosure-sci-assessment.yaml"
    code, _, err = batch("convert", str(EXAMPLES / "valid"), "--to", "cyclonedx", "--out", str(tmp_path / "out"))
    assert code == EXIT_OK, err
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        aistd_main(["convert", str(source), "--to", "cyclonedx"])
    written = documents(tmp_path / "out")
    assert written[str(source)]["output"] == out.getvalue()
    assert written[str(source)]["vocabulary"] == "aistd"


def test_globs_are_expanded_lazily_and_usage_errors_exit_2(tmp_path: Path) -> None:
    code, stdout, _ = batch("validate", str(EXAMPLES / "valid" / "*.yaml"), "--out", str(tmp_path / "glob"))
    assert code == EXIT_OK and f"{len(list((EXAMPLES / 'valid').glob('*.yaml')))} files" in stdout
    assert batch("validate", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))[0] == EXIT_USAGE
    assert batch("validate", str(EXAMPLES), "--out", str(tmp_path / "glob"))[0] == EXIT_USAGE  # earlier results
    assert batch("validate", str(EXAMPLES), "--out", str(tmp_path / "o"), "--from", "nope")[0] == EXIT_USAGE
    engine = ("--engine", "local", "--scheduler", "tcp://127.0.0.1:1")
    assert batch("validate", str(EXAMPLES), "--out", str(tmp_path / "o"), *engine)[0] == EXIT_USAGE
    missing = batch("validate", str(tmp_path / "x.parquet"), "--out", str(tmp_path / "o"))
    assert missing[0] == EXIT_USAGE
    pq.write_table(pa.table({"id": ["a"]}), tmp_path / "x.parquet")
    no_text = batch("validate", str(tmp_path / "x.parquet"), "--out", str(tmp_path / "o"), "--overwrite")
    assert no_text[0] == EXIT_USAGE and "no text column 'text'" in no_text[2]


def test_nothing_heavy_is_imported_by_aistd_validate_or_by_registering_the_command() -> None:
    probe = (
        "import sys, argparse\n"
        "from aistd.cli import main\n"
        "main(['validate', 'examples/valid'])\n"
        "from aistd.cli import batch\n"
        "batch.register(argparse.ArgumentParser().add_subparsers())\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyarrow', 'dask', 'distributed', 'duckdb'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_batch_benchmark_runs_on_a_few_documents() -> None:
    script = ROOT / "benchmarks" / "batch_benchmark.py"
    done = subprocess.run(
        [sys.executable, str(script), "--files", "40", "--partition-size", "10", "--engines", "local"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| local | 2 | 40 |" in done.stdout and "| yes |" in done.stdout


# --- the run's output is published whole or not at all --------------------------------------------------------


def _published(out: Path) -> dict[str, bytes]:
    """Every file of an output folder by name, hidden ones included (a staging folder counts as a file)."""
    return {p.name: p.read_bytes() if p.is_file() else b"<folder>" for p in sorted(out.iterdir())}


def test_a_corrupt_parquet_file_after_a_good_one_is_a_finding_with_the_summary(dataset: Path, tmp_path: Path) -> None:
    """Used to exit 2 with the first file's partitions written and no summary."""
    shutil.copyfile(dataset / "a.parquet", tmp_path / "a.parquet")
    (tmp_path / "b.parquet").write_bytes(b"PAR1 not parquet at all PAR1")
    out = tmp_path / "out"
    columns = ("--id-column", "doc_id", "--text-column", "body", "--partition-size", "10")
    code, _, err = batch(
        "validate", str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet"), "--out", str(out), *columns
    )
    assert code == EXIT_FINDINGS, err
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert len(summary["failed_partitions"]) == 1 and "not a readable Parquet file" in summary["failed_partitions"][0]
    written, found = documents(out), findings(out)
    assert (
        sum(d["path"] == str(tmp_path / "a.parquet") for d in written.values())
        == pq.read_metadata(tmp_path / "a.parquet").num_rows
    )
    [broken] = [i for i, d in written.items() if d["path"] == str(tmp_path / "b.parquet")]
    assert written[broken]["verdict"] == "error" and [f[0] for f in found[broken]] == ["batch.partition-failed"]
    assert not [name for name in _published(out) if name.startswith(".")], "a staging folder was left behind"


def test_a_run_ending_in_a_usage_error_leaves_the_earlier_results_as_they_were(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    columns = ("--id-column", "doc_id", "--text-column", "body", "--partition-size", "10")
    code, _, err = batch("validate", str(dataset / "a.parquet"), "--out", str(out), *columns)
    assert code == EXIT_FINDINGS, err
    before = _published(out)
    pq.write_table(pa.table({"doc_id": ["x"]}), tmp_path / "z.parquet")  # a later input without the text column
    code, _, err = batch(
        "validate", str(dataset / "a.parquet"), str(tmp_path / "z.parquet"), "--out", str(out), "--overwrite", *columns
    )
    assert code == EXIT_USAGE and "no text column 'body'" in err
    assert _published(out) == before


def test_an_interrupted_run_publishes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import aistd.batch.engine_local

    real = aistd.batch.engine_local.run_local

    def interrupted(parts: Any, settings: Any, jobs: int = 1, report: Any = None) -> Any:
        real(list(parts)[:1], settings, jobs, report)  # one partition written, then the user presses Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(aistd.batch.engine_local, "run_local", interrupted)
    out = tmp_path / "out"
    assert batch("validate", str(EXAMPLES / "valid"), "--out", str(out), "--partition-size", "2")[0] == EXIT_USAGE
    assert _published(out) == {}


def test_overwrite_replaces_every_partition_of_the_earlier_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch("validate", str(EXAMPLES / "valid"), "--out", str(out), "--partition-size", "2")[0] == EXIT_OK
    many = sorted(out.glob("part-*.parquet"))
    assert len(many) > 1
    assert batch("validate", str(EXAMPLES / "valid"), "--out", str(out), "--overwrite")[0] == EXIT_OK
    assert [p.name for p in sorted(out.iterdir())] == ["_summary.json", "part-000000.parquet"]
    assert len(documents(out)) == sum(len(pq.read_table(p)) for p in out.glob("part-*.parquet")) - len(
        [r for r in rows(out) if r["kind"] == "finding"]
    )
