"""The work of one partition, wherever it runs: read its documents, check or convert each, write its Parquet.

Failures are contained at two levels. Each document is checked inside its own guard: whatever a hostile
document does (the loaders already turn bombs, bad encodings and deep nesting into load.* findings), it
ends as that document's row with an error finding, never as an exception. Each partition is run inside a
second guard: when its input cannot be read or its output cannot be written, the partition is written
again as failure rows (rule `batch.partition-failed`), and the job goes on.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from aistd.batch.listing import UnreadablePart
from aistd.batch.output import Outcome, PartitionWriter
from aistd.batch.sources import Columns, FilesPart, Item, ParquetPart, Part, read_part
from aistd.knowledge.rules import finding
from aistd.model.finding import Severity
from aistd.model.message import says
from aistd.validation import Options


@dataclass(frozen=True)
class Settings:
    """What every partition of a run does: the command, where results go, and how documents are read."""

    command: str
    out: str
    options: Options = field(default_factory=Options)
    source: str | None = None
    target: str | None = None
    columns: Columns = field(default_factory=Columns)
    batch_rows: int = 1000


@dataclass
class PartResult:
    """What a partition reports back to the driver: counts, time, and the worker's peak memory."""

    index: int
    documents: int = 0
    valid: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    seconds: float = 0.0
    worker: str = ""
    peak_rss: int = 0
    failed: str | None = None
    """Why the partition was written as failure rows (None: it ran)."""
    written: bool = True
    """False when not even the failure rows could be written (the run then exits 2)."""

    def add(self, outcome: Outcome) -> None:
        """Count one document."""
        self.documents += 1
        self.valid += outcome.verdict != "error"
        self.errors += outcome.count(Severity.ERROR)
        self.warnings += outcome.count(Severity.WARNING)
        self.infos += outcome.count(Severity.INFO)


@dataclass
class Tally:
    """Totals over the partitions of a run, and the peak memory of each worker."""

    partitions: int = 0
    documents: int = 0
    valid: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    failed: list[str] = field(default_factory=list)
    unwritten: list[int] = field(default_factory=list)
    peak_rss: dict[str, int] = field(default_factory=dict)
    startup: float = 0.0
    """Seconds spent starting or reaching the engine (a Dask cluster) before the first partition."""

    def add(self, result: PartResult) -> None:
        """Add a partition's counts."""
        self.partitions += 1
        self.documents += result.documents
        self.valid += result.valid
        self.errors += result.errors
        self.warnings += result.warnings
        self.infos += result.infos
        if result.failed:
            self.failed.append(says("partition {index}: {failure}", index=result.index, failure=result.failed))
        if not result.written:
            self.unwritten.append(result.index)
        if result.worker:
            self.peak_rss[result.worker] = max(self.peak_rss.get(result.worker, 0), result.peak_rss)


def worker_name() -> str:
    """This process, as host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def peak_rss() -> int:
    """This process's peak resident memory in bytes (VmHWM; the rusage figure where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _failure(item_id: str, path: str, row: int | None, rule: str, message: str) -> Outcome:
    return Outcome(item_id, path, row, "unknown", [finding(rule, message)])


def _text_of(item: Item, max_bytes: int) -> str | Outcome:
    """The UTF-8 text of a document (read from its file, or decoded from its row), or its load failure."""
    from aistd.load import LoadError, decode_utf8, read_bytes

    try:
        if item.row is None:
            raw = read_bytes(Path(item.path), max_bytes)
        elif item.raw is None:
            return _failure(item.id, item.path, item.row, "load.empty", says("the row's text is null"))
        else:
            raw = item.raw
            if len(raw) > max_bytes:
                message = says("the text is {size} bytes, over the {limit}-byte limit", size=len(raw), limit=max_bytes)
                return _failure(item.id, item.path, item.row, "load.too-large", message)
        return decode_utf8(raw)
    except LoadError as error:
        return Outcome(item.id, item.path, item.row, "unknown", [error.finding()])


def _validate(item: Item, settings: Settings) -> Outcome:
    from aistd.validation import check_file, check_text

    if item.row is None and item.source is None:  # a file, its format told as `aistd validate` tells it
        result = check_file(Path(item.path), settings.options).result
        return Outcome(item.id, item.path, None, result.syntax, result.findings)
    text = _text_of(item, settings.options.max_bytes)
    if isinstance(text, Outcome):
        return text
    result = check_text(item.id, text, settings.options, item.source)
    return Outcome(item.id, item.path, item.row, result.syntax, result.findings)


def _convert(item: Item, settings: Settings) -> Outcome:
    """One document converted as `aistd convert INPUT --to TARGET` converts one input."""
    import json

    from aistd.conversion import ConversionError, merge
    from aistd.conversion.findings import journal_findings
    from aistd.conversion.registry import detect, format_named
    from aistd.load import value_positions

    text = _text_of(item, settings.options.max_bytes)
    if isinstance(text, Outcome):
        return text
    text = text.removeprefix("\ufeff")
    source = "unknown"
    try:
        source = item.source or detect(item.id, text)
        canonical = merge([format_named(source).read(text, item.id)], [item.id])
        written = format_named(settings.target).write(canonical.document)
    except ConversionError as error:
        unreadable = finding("convert.unreadable", error.message, "", error.line, error.column)
        return Outcome(item.id, item.path, item.row, source, [unreadable])
    document = written.document
    output = document if isinstance(document, str) else json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    positions = value_positions(text) if canonical.losses else {}  # where each source value sits
    findings = journal_findings(canonical.losses, positions=positions)
    findings += journal_findings(written.losses, canonical.fills + written.fills)
    return Outcome(item.id, item.path, item.row, source, findings, output)


def check_item(item: Item, settings: Settings) -> Outcome:
    """Check or convert one document; any exception becomes that document's error finding."""
    try:
        return _convert(item, settings) if settings.command == "convert" else _validate(item, settings)
    except Exception as error:  # the per-document guard: one document never fails its partition
        message = says("checking this document failed: {error}", error=_why(error))
        return _failure(item.id, item.path, item.row, "batch.document-failed", message)


def run_partition(part: Part, settings: Settings) -> PartResult:
    """Check every document of a partition and write its Parquet file; return the partition's counts.

    When the input breaks off (a corrupt row group), what was read is kept and one failure row stands for
    the rest of the partition.
    """
    started = time.perf_counter()
    result = PartResult(part.index, worker=worker_name())
    with PartitionWriter(Path(settings.out), part.index, settings.command) as writer:
        try:
            for item in read_part(part, settings.columns, settings.batch_rows, settings.source):
                outcome = check_item(item, settings)
                writer.add(outcome)
                result.add(outcome)
        except Exception as error:  # the input itself failed: the rest of the partition is one failure row
            message = says(
                "reading the partition failed after {count} documents: {error}",
                count=result.documents,
                error=_why(error),
            )
            outcome = _failure(f"{part.describe()}#rest", _where(part), None, "batch.partition-failed", message)
            writer.add(outcome)
            result.add(outcome)
            result.failed = message
    result.seconds = time.perf_counter() - started
    result.peak_rss = peak_rss()
    return result


def _why(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:300]}"


def _where(part: Part) -> str:
    return part.file if isinstance(part, ParquetPart) else part.paths[0]


def failed_partition(part: Part | UnreadablePart, settings: Settings, why: str) -> PartResult:
    """Write a partition as failure rows: one per file of a file partition, one for a Parquet partition."""
    result = PartResult(part.index, worker=worker_name(), failed=why)
    message = says("the partition failed: {why}", why=why)
    if isinstance(part, FilesPart):
        outcomes = [_failure(path, path, None, "batch.partition-failed", message) for path in part.paths]
    else:
        outcomes = [_failure(part.describe(), part.file, part.first_row, "batch.partition-failed", message)]
    try:
        with PartitionWriter(Path(settings.out), part.index, settings.command) as writer:
            for outcome in outcomes:
                writer.add(outcome)
                result.add(outcome)
    except Exception as error:  # not even that could be written (the output is unwritable)
        result.written = False
        result.failed = says("{why}; writing the failure rows failed too: {error}", why=why, error=_why(error))
    return result


def run_guarded(part: Part | UnreadablePart, settings: Settings) -> PartResult:
    """Run a partition; if it fails as a whole, write it as failure rows instead. Never raises. A Parquet file
    that could not be opened (`UnreadablePart`) is one failure row."""
    if isinstance(part, UnreadablePart):
        return failed_partition(part, settings, part.why)
    try:
        return run_partition(part, settings)
    except Exception as error:  # the per-partition guard
        return failed_partition(part, settings, _why(error))
