"""Every file of the shared corpus converts and validates without a traceback (exit 0, or 1 with findings)."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import pytest

from aistd.cli import EXIT_FINDINGS, EXIT_OK, main


def corpus_files(corpus: Path) -> list[tuple[str, str]]:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        return [(row["local_path"], row["format"]) for row in csv.DictReader(manifest, delimiter="\t")]


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_manifest_lists_existing_files(corpus_dir: Path) -> None:
    files = corpus_files(corpus_dir)
    assert len(files) >= 100
    assert all((corpus_dir / path).is_file() for path, _ in files)


def test_every_corpus_file_converts_and_validates_without_a_traceback(corpus_dir: Path) -> None:
    problems = []
    for path, form in corpus_files(corpus_dir):
        target = str(corpus_dir / path)
        for args in (("convert", target, "--to", "aistd"), ("validate", target)):
            code, _, err = run_cli(*args)
            if code not in (EXIT_OK, EXIT_FINDINGS) or "Traceback" in err or "internal error" in err:
                problems.append((args[0], path, form, code, err.strip()[-300:]))
    assert problems == [], problems


SUPPORTED = {
    "codecarbon-csv": (".csv",),
    "hf-modelcard": (".md",),
    "cyclonedx-mlbom": (".json", ".xml", ".textproto"),
    "spdx3-ai": (".json", ".jsonld"),
    "if-manifest": (".yaml", ".yml"),
    "boamps-json": (".json",),
    "eco2ai-csv": (".csv",),
    "mlenergy-leaderboard-json": (".json",),
    "mlperf-power-csv": (".csv",),
}


@pytest.mark.parametrize("form", sorted(SUPPORTED))
def test_most_files_of_each_supported_format_convert(corpus_dir: Path, form: str) -> None:
    files = [path for path, kind in corpus_files(corpus_dir) if kind == form and Path(path).suffix in SUPPORTED[form]]
    converted = sum(run_cli("convert", str(corpus_dir / p), "--to", "aistd")[0] == EXIT_OK for p in files)
    assert files and converted / len(files) >= 0.5, (form, converted, len(files))
