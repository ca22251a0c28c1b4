"""Validate disclosures: load each input, check it at every stage, and gather the findings in a report.

The stages are those of the flow in DESIGN §2: load (syntax, encoding, hostile input), conformance to
the JSON Schema, the consistency rules, the requirements of each profile the disclosure claims or the
caller asks for, and, across documents about one system, the mapping semantics. No stage prints or exits.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aistd.check import check_data, check_document, ordered
from aistd.check.rules import run_cross_document_rules
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
from aistd.model.pointer import position_of
from aistd.report import FileResult, Report

STDIN = "-"


@dataclass(frozen=True)
class Options:
    """How to validate: extra profiles, size cap, whether documents describe one system, RDF path."""

    profiles: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    same_system: bool = False
    rdf: bool = False


@dataclass
class Checked:
    """One checked input: its result, and its data when cross-document rules will need it."""

    result: FileResult
    data: dict[str, Any] | None = field(default=None)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)


def _unreadable(name: str, path: Path, error: LoadError, options: Options) -> FileResult:
    """The result of a path that could not be read: a folder with nothing to validate in it (see
    `aistd.load.walk.collect`), or the reader's finding."""
    if name != "<stdin>" and path.is_dir():
        suffixes = ", ".join(DISCLOSURE_SUFFIXES + (RDF_SUFFIXES if options.rdf else ()))
        message = f"the folder holds no file to validate ({suffixes})"
        return FileResult(name, "unknown", [finding("load.unreadable", message)])
    return _load_failure(name, error)


def _load_failure(path: str, error: LoadError) -> FileResult:
    return FileResult(path, "unknown", [error.finding()])


def _read(path: Path, max_bytes: int) -> Document:
    if str(path) == STDIN:
        raw = sys.stdin.buffer.read(max_bytes + 1)
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
        conversion = format_named(source).read(text, name)
    except ConversionError as error:
        unreadable = finding("convert.unreadable", error.message, "", error.line, error.column)
        return Checked(FileResult(name, "unknown", [unreadable]))
    findings = [
        f.at(*position_of(conversion.origins, f.pointer)) for f in check_data(conversion.document, options.profiles)
    ]
    if conversion.losses:
        from aistd.load import value_positions

        positions = value_positions(text)  # where each source value sits, worked out once per input
        named = {k: v for k, v in conversion.origins.items() if not k.startswith("/")}  # a CSV's columns
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


def check_file(path: Path, options: Options = Options()) -> Checked:
    """Load and check one file; an unreadable or malformed file is a finding, never an exception."""
    name = "<stdin>" if str(path) == STDIN else str(path)
    if is_rdf_file(path) and not path.is_dir():
        if not options.rdf:
            message = f"{path.suffix} input is RDF: validate it with --rdf (SHACL)"
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
        document = _read(path, options.max_bytes)
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


def check_text(name: str, text: str, options: Options = Options(), source: str | None = None) -> FileResult:
    """Check one document given as text (a row of a dataset, say), named `name` in findings.

    `source` names its format; when None, the format is told as for a file: by the suffix of `name`, else
    by the text. Oversized, malformed or hostile text is a finding, never an exception.
    """
    from aistd.load import parse_text

    if len(text) * 4 > options.max_bytes and (size := len(text.encode("utf-8", "surrogatepass"))) > options.max_bytes:
        message = f"the text is {size} bytes, over the {options.max_bytes}-byte limit"
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


def _check_all(paths: list[Path], options: Options, jobs: int, progress: Any = None) -> list[Checked]:
    """Check every path, in input order, on `jobs` processes; advance `progress` as results arrive."""
    checked: list[Checked] = []
    if jobs <= 1 or len(paths) < 2:
        results: Iterable[Checked] = (check_file(path, options) for path in paths)
        for result in results:
            checked.append(result)
            if progress is not None:
                progress.advance()
        return checked
    from concurrent.futures import ProcessPoolExecutor  # only when several processes are asked for

    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(check_file, paths, [options] * len(paths), chunksize=chunk):
            checked.append(result)
            if progress is not None:
                progress.advance()
    return checked


def _cross_document(checked: list[Checked]) -> None:
    documents = [(index, c.data) for index, c in enumerate(checked) if c.data is not None]
    if len(documents) < 2:
        return
    for position, found in run_cross_document_rules([data for _, data in documents]):
        index = documents[position][0]
        result = checked[index].result
        placed = found.at(*position_of(checked[index].positions, found.pointer))
        result.findings = ordered([*result.findings, placed])


def validate_paths(
    paths: Sequence[Path], options: Options = Options(), jobs: int = 1, progress: Any = None, inputs: Any = None
) -> Report:
    """Validate files and folders; with `options.same_system`, also compare the documents with each other.

    Files are checked and reported in the order of their path strings, whatever the order they were named in;
    `inputs` is what `aistd.load.walk.collect` found under the paths, when the caller has walked them already.
    """
    inputs = inputs if inputs is not None else collect(paths, options.rdf)
    files = sorted(inputs.files, key=str)
    checked = _check_all(files, options, jobs, progress)
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
    `aistd.knowledge.profiles.UnknownProfileError` for a profile name aistd does not know.
    """
    profile_catalogue.select(profiles)
    if isinstance(source, dict):
        return Report([FileResult("<data>", "data", ordered(check_data(source, profiles)))])
    options = Options(profiles=tuple(profiles), max_bytes=max_bytes)
    return validate_paths([Path(source)], options)
