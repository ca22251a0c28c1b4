"""What aistd says about the shipped examples and the shared corpus, as JSON, through the command line only.

The command line is the contract that outlives any reorganisation of the package, so the snapshot goes
through `aistd.cli.main` alone: `validate --format json` of every example and corpus file, and `convert
--to aistd|cyclonedx|spdx3 --format json` of every corpus file (document, losses and fills). Paths are
written relative to their root, so a snapshot taken in one checkout compares with one taken in another.

    python -m tests.behaviour.snapshot OUT_DIR [--full]   # write examples.json and corpus.json
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aistd.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONVERT_TARGETS = ("aistd", "cyclonedx", "spdx3")


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def _relative(text: str, root: Path) -> str:
    return text.replace(str(root) + "/", "")


def _without_clock(value: Any, today: str) -> Any:
    """The value with every timestamp of the run's own day (a writer's `created`, say) masked."""
    if isinstance(value, str):
        return "<now>" if value.startswith(today + "T") else value
    if isinstance(value, list):
        return [_without_clock(v, today) for v in value]
    if isinstance(value, dict):
        return {k: _without_clock(v, today) for k, v in value.items()}
    return value


def _validation(path: Path, root: Path) -> dict[str, Any]:
    code, out, err = _run(["validate", "--format", "json", str(path)])
    report = json.loads(out) if out.strip() else None
    if report is not None:
        for entry in report["files"]:
            entry["path"] = _relative(entry["path"], root)
        report.pop("aistd_version", None)
    return {"exit": code, "report": report, "stderr": _relative(err, root)}


def _conversion(path: Path, target: str, root: Path, full: bool) -> dict[str, Any]:
    code, out, err = _run(["convert", str(path), "--to", target, "--format", "json"])
    try:
        document: Any = json.loads(out) if out.strip() else None
    except json.JSONDecodeError:
        document = out
    try:
        report: Any = json.loads(err) if err.strip() else None
    except json.JSONDecodeError:
        report = _relative(err, root)
    today = datetime.now(UTC).date().isoformat()
    document = _without_clock(document, today)
    entry = {"exit": code, "report": _without_clock(report, today)}
    if full:
        return entry | {"document": document}
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return entry | {"document_sha256": hashlib.sha256(canonical).hexdigest()}


def example_files() -> list[Path]:
    """Every example disclosure, in a stable order."""
    return sorted(p for p in (ROOT / "examples").rglob("*") if p.is_file() and p.suffix in (".yaml", ".json"))


def corpus_files(corpus: Path) -> list[str]:
    """The corpus files the manifest lists, relative to the corpus."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        return sorted(row["local_path"] for row in csv.DictReader(manifest, delimiter="\t"))


def snapshot_examples() -> dict[str, Any]:
    """The validation report of every example, by path."""
    return {str(p.relative_to(ROOT)): _validation(p, ROOT) for p in example_files()}


def snapshot_corpus(corpus: Path, full: bool = False) -> dict[str, Any]:
    """The validation report and the conversions of every corpus file, by path.

    Converted documents are kept as a digest (the corpus is other people's work, not the project's), or
    whole with `full`, to read what changed.
    """
    snapshot: dict[str, Any] = {}
    for name in corpus_files(corpus):
        path = corpus / name
        entry = {"validate": _validation(path, corpus)}
        for target in CONVERT_TARGETS:
            entry[f"convert-{target}"] = _conversion(path, target, corpus, full)
        snapshot[name] = entry
    return snapshot


def write(snapshot: dict[str, Any], path: Path) -> None:
    """The snapshot as stable, readable JSON."""
    path.write_text(json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import os

    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    write(snapshot_examples(), out_dir / "examples.json")
    corpus = Path(os.environ.get("AISTD_CORPUS") or ROOT.parent / "shared" / "corpus")
    write(snapshot_corpus(corpus, full="--full" in sys.argv), out_dir / "corpus.json")
