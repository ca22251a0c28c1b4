"""Write a batch's results as Parquet: one file per partition, one row per document and one per finding.

Every file has the same schema; the `kind` column tells the rows apart:

- `document`: id, path, row, vocabulary, syntax, verdict, errors, warnings, infos (and, for `convert`,
  output: the converted document);
- `finding`: id, path, row, vocabulary, syntax, rule, severity, pointer, line, column, message.

A document's row comes first, its findings right after it, in input order. A partition is written to a
hidden temporary file, in row groups as documents are checked, and renamed into place when complete, so a
retried or failed partition never leaves half a file that readers of `OUT/*.parquet` would see.

A run as a whole is staged too (`stage`): its partitions are written into a hidden folder inside the output
folder, and only when the run ends are they moved into place, the summary last (`Staging.publish`). A run that
ends in a usage error or is interrupted leaves the earlier results as they were and no half of its own; one
whose input turns out unreadable on the way publishes that input as a failure row, with its summary.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aistd.model.finding import Finding, Severity

PART_NAME = "part-{index:06d}.parquet"
SUMMARY_NAME = "_summary.json"
"""Files starting with `_` or `.` are skipped by Parquet dataset readers (pyarrow, DuckDB's globs do not match)."""
FLUSH_ROWS = 4096

FIELDS: tuple[tuple[str, str], ...] = (
    ("kind", "string"),
    ("id", "string"),
    ("path", "string"),
    ("row", "int64"),
    ("vocabulary", "string"),
    ("syntax", "string"),
    ("verdict", "string"),
    ("errors", "int32"),
    ("warnings", "int32"),
    ("infos", "int32"),
    ("rule", "string"),
    ("severity", "string"),
    ("pointer", "string"),
    ("line", "int32"),
    ("column", "int32"),
    ("message", "string"),
    ("partition", "int32"),
)
OUTPUT_FIELD = ("output", "large_string")


def field_names(command: str) -> list[str]:
    """The columns of a run's output, in order."""
    return [name for name, _ in FIELDS] + ([OUTPUT_FIELD[0]] if command == "convert" else [])


def schema(command: str) -> Any:
    """The Arrow schema of a run's output (`convert` adds the converted document)."""
    import pyarrow as pa

    fields = [*FIELDS, OUTPUT_FIELD] if command == "convert" else list(FIELDS)
    return pa.schema([pa.field(name, getattr(pa, kind)()) for name, kind in fields])


VOCABULARY_OF_SYNTAX = {"yaml": "aistd", "json": "aistd"}


@dataclass
class Outcome:
    """One checked (or converted) document: where it came from, what it is, and its findings."""

    id: str
    path: str
    row: int | None
    syntax: str
    findings: list[Finding]
    output: str | None = None

    @property
    def vocabulary(self) -> str:
        """The format the document was written in: aistd (YAML or JSON), cyclonedx, hf-card, ... or unknown."""
        return VOCABULARY_OF_SYNTAX.get(self.syntax, self.syntax)

    def count(self, severity: Severity) -> int:
        """How many findings of that severity."""
        return sum(f.severity is severity for f in self.findings)

    @property
    def verdict(self) -> str:
        """'error' with an error finding, else 'warning' with a warning, else 'valid'."""
        if self.count(Severity.ERROR):
            return "error"
        return "warning" if self.count(Severity.WARNING) else "valid"


@dataclass
class PartitionWriter:
    """Rows of one partition, flushed as row groups to a temporary file, renamed into place on commit."""

    out: Path
    index: int
    command: str
    _columns: dict[str, list[Any]] = field(init=False)
    _writer: Any = field(default=None, init=False)
    _rows: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._columns = {name: [] for name in field_names(self.command)}

    @property
    def final(self) -> Path:
        """Where the finished partition goes."""
        return self.out / PART_NAME.format(index=self.index)

    @property
    def temporary(self) -> Path:
        """Where it is written meanwhile (hidden from dataset readers)."""
        return self.out / f".{self.final.name}.{os.getpid()}.tmp"

    def add(self, outcome: Outcome) -> None:
        """Queue a document's row and its findings' rows; flush a row group when enough are queued."""
        common = {
            "id": outcome.id,
            "path": outcome.path,
            "row": outcome.row,
            "vocabulary": outcome.vocabulary,
            "syntax": outcome.syntax,
            "partition": self.index,
        }
        self._append(
            kind="document",
            verdict=outcome.verdict,
            errors=outcome.count(Severity.ERROR),
            warnings=outcome.count(Severity.WARNING),
            infos=outcome.count(Severity.INFO),
            output=outcome.output,
            **common,
        )
        for f in outcome.findings:
            self._append(
                kind="finding",
                rule=f.rule,
                severity=f.severity.value,
                pointer=f.pointer,
                line=f.line,
                column=f.column,
                message=f.message,
                **common,
            )
        if self._rows >= FLUSH_ROWS:
            self.flush()

    def _append(self, **values: Any) -> None:
        """One row: the values given, null in every other column."""
        for name, column in self._columns.items():
            column.append(values.get(name))
        self._rows += 1

    def flush(self) -> None:
        """Write the queued rows as one row group."""
        if not self._rows and self._writer is not None:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pydict(self._columns, schema=schema(self.command))
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.temporary, table.schema, compression="zstd")
        self._writer.write_table(table)
        self._columns = {name: [] for name in self._columns}
        self._rows = 0

    def commit(self) -> Path:
        """Flush, close, and move the file into place (replacing one a retried attempt may have left)."""
        self.flush()
        self._writer.close()
        self._writer = None
        os.replace(self.temporary, self.final)
        return self.final

    def discard(self) -> None:
        """Drop what was written (the partition failed)."""
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()
            self._writer = None
        with contextlib.suppress(OSError):
            self.temporary.unlink()

    def __enter__(self) -> PartitionWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


STAGING_PREFIX = ".aistd-batch-"
"""The hidden folder a run writes into before its results are moved into place (skipped by Parquet readers)."""


def _ours(name: str) -> bool:
    """A file an earlier run wrote: a partition, a partition being written, or the summary."""
    partition = name.startswith("part-") and name.endswith(".parquet")
    return partition or name == SUMMARY_NAME or (name.startswith(".part-") and name.endswith(".tmp"))


def write_summary(out: Path, summary: dict[str, Any]) -> None:
    """The run's summary beside the partitions (`_summary.json`, skipped by Parquet readers)."""
    (out / SUMMARY_NAME).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


@dataclass
class Staging:
    """Where a run writes (`folder`, hidden inside `out`) until it publishes its results into `out`."""

    out: Path
    folder: Path

    def publish(self, summary: dict[str, Any]) -> None:
        """Move the run's partitions into the output folder, replacing an earlier run's, and its summary last."""
        write_summary(self.folder, summary)
        written = {path.name for path in self.folder.iterdir() if _ours(path.name) and not path.name.startswith(".")}
        for name in sorted(written - {SUMMARY_NAME}):
            os.replace(self.folder / name, self.out / name)
        for path in self.out.iterdir():  # an earlier run's partitions that this run did not write again
            if _ours(path.name) and path.name not in written:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        os.replace(self.folder / SUMMARY_NAME, self.out / SUMMARY_NAME)
        self.discard()

    def discard(self) -> None:
        """Drop the staging folder and whatever is left in it (a run that ended in a usage error)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def stage(out: Path, overwrite: bool) -> Staging:
    """Create the output folder and a staging folder inside it; refuse an output folder that holds earlier results
    unless told to replace them (they stay until the run publishes its own). With `overwrite`, the staging folders
    of runs that never ended are removed."""
    out.mkdir(parents=True, exist_ok=True)
    earlier = [p for p in out.iterdir() if _ours(p.name)]
    if earlier and not overwrite:
        raise FileExistsError(f"{out} holds results of an earlier run ({len(earlier)} files): pass --overwrite")
    if overwrite:
        for path in out.iterdir():
            if path.name.startswith(STAGING_PREFIX) and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
    return Staging(out, Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out)))
