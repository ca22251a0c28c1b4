"""Validate disclosures: load each input, check it at every stage, and gather the findings in a report.

The stages are those of the flow in DESIGN §2: load (syntax, encoding, hostile input), conformance to
the JSON Schema, the consistency rules, the requirements of each profile the disclosure claims or the
caller asks for, and, across documents about one system, the mapping semantics. No stage prints or exits.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aistd.budget import DEFAULT_MEMORY, DEFAULT_SECONDS
from aistd.check import check_data, check_document, ordered
from aistd.check.rules import run_cross_document_rules
from aistd.check.rules.procedural.cross_document import named_documents
from aistd.knowledge import profiles as profile_catalogue
from aistd.knowledge.rules import finding
from aistd.load import DEFAULT_MAX_BYTES, Document, LoadError, decode_utf8, load_bytes, load_path, read_bytes
from aistd.load.detect import (
    DISCLOSURE_SUFFIXES,
    RDF_SUFFIXES,
    is_binary_file,
    is_convertible_file,
    is_disclosure_file,
    is_rdf_file,
)
from aistd.load.walk import collect
from aistd.model.message import says
from aistd.model.pointer import position_of
from aistd.report import FileResult, Report

STDIN = "-"


@dataclass(frozen=True)
class Options:
    """How to validate: extra profiles, size cap, whether documents describe one system, RDF path, and whether
    a folder walk follows symbolic links that lead outside the folders named (see `aistd.load.walk`)."""

    profiles: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    same_system: bool = False
    rdf: bool = False
    follow_symlinks: bool = False
    max_seconds: float | None = DEFAULT_SECONDS  # each file's time budget (aistd.budget; None: none)
    max_memory: int | None = DEFAULT_MEMORY  # each file's memory budget, bytes (None: none)


@dataclass
class Checked:
    """One checked input: its result, and its data when cross-document rules will need it."""

    result: FileResult
    data: dict[str, Any] | None = field(default=None)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)


def _unreadable(name: str, path: Path, error: LoadError, options: Options) -> FileResult:
    """The result of a path that could not be read: a folder with nothing to validate in it (see
    `aistd.load.walk.collect`), or the reader's finding."""
    if name != "<stdin>" and os.path.isdir(path):  # False, not an error, for a name too long
        try:
            os.scandir(path).close()
        except OSError as listing:
            message = says("cannot list the folder: {reason}", reason=listing.strerror or str(listing))
            return FileResult(name, "unknown", [finding("load.unreadable", message)])
        suffixes = ", ".join(DISCLOSURE_SUFFIXES + (RDF_SUFFIXES if options.rdf else ()))
        message = says("the folder holds no file to validate ({suffixes})", suffixes=suffixes)
        return FileResult(name, "unknown", [finding("load.unreadable", message)])
    return _load_failure(name, error)


def _load_failure(path: str, error: LoadError) -> FileResult:
    return FileResult(path, "unknown", [error.finding()])


def read_stdin(max_bytes: int) -> bytes:
    """Standard input's bytes, at most one past the cap (so that an oversized input is told as such).

    Read once, by the process that was given it, before any worker starts: a worker's standard input is not
    the caller's.
    """
    return sys.stdin.buffer.read(max_bytes + 1)


def _read(path: Path, max_bytes: int, stdin: bytes | None = None) -> Document:
    if str(path) == STDIN:
        raw = read_stdin(max_bytes) if stdin is None else stdin
        return load_bytes(raw, "<stdin>", max_bytes)
    return load_path(path, max_bytes)


def check_converted(name: str, text: str, options: Options, source: str | None = None) -> Checked:
    """Convert another format (`source`, detected when None) to a canonical disclosure, check that, and place
    findings in the original."""
    from aistd.conversion.findings import journal_findings
    from aistd.conversion.journal import ConversionError
    from aistd.conversion.registry import detect, format_named

    try:
        source = source or detect(name, text)
        reader = format_named(source)
        conversion = reader.read(text, name)
    except ConversionError as error:
        unreadable = finding("convert.unreadable", error.message, "", error.line, error.column)
        return Checked(FileResult(name, "unknown", [unreadable]))
    findings = [
        f.at(*position_of(conversion.origins, f.pointer)) for f in check_data(conversion.document, options.profiles)
    ]
    findings += conversion.warnings  # placed in the source already
    if conversion.losses:
        from aistd.load import value_positions

        # where each source value sits, worked out once per input; a CSV's are its columns, named in the origins
        positions = {} if reader.tabular else value_positions(text)
        named = {k: v for k, v in conversion.origins.items() if not k.startswith("/")}
        findings += journal_findings(conversion.losses, positions={**positions, **named})
    # what the reader assumed for what the source does not state, as info findings at the source's place
    findings += [f.at(*position_of(conversion.origins, f.pointer)) for f in journal_findings((), conversion.fills)]
    if not options.same_system:
        return Checked(FileResult(name, source, ordered(findings)))
    return Checked(FileResult(name, source, ordered(findings)), conversion.document, dict(conversion.origins))


def check_binary(name: str, path: Path, options: Options) -> Checked:
    """Convert a file in a binary encoding (a CycloneDX protobuf BOM) and check the disclosure it gives."""
    from aistd.conversion import read_binary
    from aistd.conversion.findings import journal_findings
    from aistd.conversion.journal import ConversionError

    try:
        conversion = read_binary(read_bytes(path, options.max_bytes), name)
    except LoadError as error:
        return Checked(_unreadable(name, path, error, options))
    except ConversionError as error:
        unreadable = finding("convert.unreadable", error.message, "", error.line, error.column)
        return Checked(FileResult(name, "unknown", [unreadable]))
    findings = check_data(conversion.document, options.profiles)
    findings += journal_findings(conversion.losses, conversion.fills)
    result = FileResult(name, "cyclonedx", ordered(findings))
    return Checked(result, conversion.document if options.same_system else None)


def _other_format(name: str, text: str) -> bool:
    """True when the text is recognised as a format other than aistd's own."""
    from aistd.load.detect import UnknownFormatError, detect_format

    try:
        return detect_format(name, text) != "aistd"
    except UnknownFormatError:
        return False


def check_file(path: Path, options: Options = Options(), stdin: bytes | None = None) -> Checked:
    """Load and check one file; an unreadable or malformed file is a finding, never an exception.

    `stdin` is standard input's bytes when the path is `-` and they were read already (`read_stdin`).
    """
    name = "<stdin>" if str(path) == STDIN else str(path)
    if is_rdf_file(path) and not os.path.isdir(path):
        if not options.rdf:
            message = says(
                "{suffix} input is RDF: validate it with {option} (SHACL)", suffix=path.suffix, option="--rdf"
            )
            return Checked(FileResult(name, "rdf", [finding("load.rdf-needs-flag", message)]))
        from aistd.check.shacl import validate_rdf

        return Checked(FileResult(name, "rdf", ordered(validate_rdf(path, max_bytes=options.max_bytes))))
    if is_binary_file(path):
        return check_binary(name, path, options)
    if is_convertible_file(path):
        try:
            text = decode_utf8(read_bytes(path, options.max_bytes)).removeprefix("\ufeff")
        except LoadError as error:
            return Checked(_unreadable(name, path, error, options))
        return check_converted(name, text, options)
    try:
        document = _read(path, options.max_bytes, stdin)
    except LoadError as error:
        return Checked(_unreadable(name, path, error, options))
    if isinstance(document.data, dict) and "schema_version" not in document.data and _other_format(name, document.text):
        return check_converted(name, document.text, options)
    findings = check_document(document, options.profiles)
    if options.rdf:
        from aistd.check.shacl import validate_rdf

        findings = ordered(findings + validate_rdf(document.data))
    if not (options.same_system and isinstance(document.data, dict)):
        return Checked(FileResult(name, document.syntax, findings))
    return Checked(FileResult(name, document.syntax, findings), document.data, document.positions)


def check_timed(path: Path, options: Options = Options(), stdin: bytes | None = None) -> Checked:
    """`check_file`, the time it took (seconds) kept in the result's `seconds`."""
    started = time.perf_counter()
    checked = check_file(path, options, stdin)
    checked.result.seconds = time.perf_counter() - started
    return checked


def check_text(name: str, text: str, options: Options = Options(), source: str | None = None) -> FileResult:
    """Check one document given as text (a row of a dataset, say), named `name` in findings.

    `source` names its format; when None, the format is told as for a file: by the suffix of `name`, else
    by the text. Oversized, malformed or hostile text is a finding, never an exception.
    """
    from aistd.load import parse_text

    if len(text) * 4 > options.max_bytes and (size := len(text.encode("utf-8", "surrogatepass"))) > options.max_bytes:
        message = says("the text is {size} bytes, over the {limit}-byte limit", size=size, limit=options.max_bytes)
        return FileResult(name, "unknown", [finding("load.too-large", message)])
    bare = text.removeprefix("\ufeff")
    if source not in (None, "aistd") or (source is None and is_convertible_file(name)):
        return check_converted(name, bare, options, source).result
    if source is None and not is_disclosure_file(name) and _other_format(name, bare):
        return check_converted(name, bare, options).result
    try:
        document = parse_text(text, name)
    except LoadError as error:
        return _load_failure(name, error)
    unversioned = source is None and isinstance(document.data, dict) and "schema_version" not in document.data
    if unversioned and _other_format(name, document.text):
        return check_converted(name, document.text, options).result
    return FileResult(name, document.syntax, check_document(document, options.profiles))


def _check_all(
    paths: list[Path], options: Options, jobs: int, progress: Any = None, stdin: bytes | None = None
) -> list[Checked]:
    """Check every path, in input order, on `jobs` worker processes (one for `jobs` 1), each file within the time
    and memory budget of `options` (`aistd.budget`): a file that runs past it, or whose worker dies, is one
    `load.budget-exceeded` finding and every other file is checked as usual. With no budget and one job, in this
    process. `progress` advances as results arrive; `stdin` is standard input's bytes, read already, for `-`."""
    from functools import partial

    from aistd.budget import Budget, Exceeded, run_watched

    check = partial(check_timed, options=options, stdin=stdin)
    advance = progress.advance if progress is not None else None
    budget = Budget(options.max_seconds, options.max_memory)
    if budget.seconds is None and budget.memory is None and jobs <= 1:
        checked: list[Checked] = []
        for path in paths:
            checked.append(check(path))
            if advance is not None:
                advance()
        return checked
    results = run_watched(check, paths, budget, jobs, advance)
    return [_over_budget(p, r) if isinstance(r, Exceeded) else r for p, r in zip(paths, results, strict=True)]


def _over_budget(path: Path, exceeded: Any) -> Checked:
    """The result of a file whose check went over its budget (`aistd.budget.Exceeded`)."""
    name = "<stdin>" if str(path) == STDIN else str(path)
    option = "--max-seconds" if exceeded.kind == "time" else "--max-memory"
    message = says(
        "{reason}: the file is not checked ({option} sets the budget)", reason=exceeded.reason, option=option
    )
    return Checked(FileResult(name, "unknown", [finding("load.budget-exceeded", message)]))


def _cross_document(checked: list[Checked]) -> None:
    documents = [(index, c.data) for index, c in enumerate(checked) if c.data is not None]
    if len(documents) < 2:
        return
    with named_documents([checked[index].result.path for index, _ in documents]):
        found_all = list(run_cross_document_rules([data for _, data in documents]))
    for position, found in found_all:
        index = documents[position][0]
        result = checked[index].result
        placed = found.at(*position_of(checked[index].positions, found.pointer))
        result.findings = ordered([*result.findings, placed])


def cores() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def usable_jobs(jobs: int, files: int) -> int:
    """The processes worth starting for `jobs` asked: no more than the cores, nor than the files."""
    return max(1, min(jobs, cores(), files))


def validate_paths(
    paths: Sequence[Path], options: Options = Options(), jobs: int = 1, progress: Any = None, inputs: Any = None
) -> Report:
    """Validate files and folders; with `options.same_system`, also compare the documents with each other.

    Files are checked and reported in the order of their path strings, whatever the order they were named in;
    `inputs` is what `aistd.load.walk.collect` found under the paths, when the caller has walked them already.
    Standard input (`-`) is read here, once, before any worker starts. `jobs` is capped at the cores and the
    files (`usable_jobs`): the report is the same whatever it is.
    """
    inputs = inputs if inputs is not None else collect(paths, options.rdf, options.follow_symlinks)
    files = sorted(inputs.files, key=str)
    stdin = read_stdin(options.max_bytes) if any(str(path) == STDIN for path in files) else None
    checked = _check_all(files, options, usable_jobs(jobs, len(files)), progress, stdin)
    if options.same_system:
        _cross_document(checked)
    return Report([c.result for c in checked], [(s.path, s.reason) for s in inputs.skipped])


def validate(
    source: str | Path | dict[str, Any],
    profiles: Sequence[str] = (),
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Report:
    """Validate one file, a folder of files, or parsed disclosure data; return the report.

    `profiles` adds profiles to those the disclosure claims in `conforms_to`. Raises
    `aistd.knowledge.profiles.UnknownProfileError` for a profile name aistd does not know. Data that is not
    JSON data (a cycle, a key that is not a string, a lone surrogate, NaN, a tuple...) is reported as findings
    where it stands, and not checked further.
    """
    from aistd.load.files import data_findings

    profile_catalogue.select(profiles)
    if isinstance(source, dict):
        findings = data_findings(source) or check_data(source, profiles)
        return Report([FileResult("<data>", "data", ordered(findings))])
    options = Options(profiles=tuple(profiles), max_bytes=max_bytes)
    return validate_paths([Path(source)], options)
