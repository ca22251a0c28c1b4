"""Validate disclosures: load each input, check it, and gather the findings into a report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from aistd.conformance import check_conformance
from aistd.findings import Finding, Severity
from aistd.loading import DEFAULT_MAX_BYTES, Document, LoadError, load_path
from aistd.report import FileResult, Report

DISCLOSURE_SUFFIXES = (".yaml", ".yml", ".json")


def disclosure_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the disclosure files found under the folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in DISCLOSURE_SUFFIXES)
        else:
            yield path


def check_document(document: Document) -> list[Finding]:
    """Every finding about one parsed document, placed at its line and column."""
    if not isinstance(document.data, dict):
        kind = type(document.data).__name__
        return [
            Finding("load.top-level", Severity.ERROR, f"the document is a {kind}, not a mapping", "", 1, 1)
        ]
    return [finding.at(*document.position(finding.pointer)) for finding in check_conformance(document.data)]


def validate_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> FileResult:
    """Load and check one file; an unreadable or malformed file is a finding, never an exception."""
    try:
        document = load_path(path, max_bytes)
    except LoadError as error:
        finding = Finding("load.malformed", Severity.ERROR, error.message, "", error.line, error.column)
        return FileResult(str(path), "unknown", [finding])
    return FileResult(str(path), document.syntax, check_document(document))


def validate(source: str | Path | dict[str, Any]) -> Report:
    """Validate one file, a folder of files, or parsed disclosure data."""
    if isinstance(source, dict):
        return Report([FileResult("<data>", "data", check_conformance(source))])
    return Report([validate_file(path) for path in disclosure_files([Path(source)])])
