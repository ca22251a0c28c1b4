"""Where a batch's documents come from: folders, globs and Parquet datasets, cut lazily into partitions.

The driver only lists: folder listings and globs are walked as generators and cut into partitions of
file names; Parquet files are opened for their footer only, and their row groups grouped into partitions.
Workers read their own partition (`read_part`): the files, or the partition's row groups in record batches.
Nothing here holds the whole input, its listing included.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from aistd.load.detect import CONVERTIBLE_SUFFIXES, DISCLOSURE_SUFFIXES, PARQUET_SUFFIXES, suffix

FILE_SUFFIXES = DISCLOSURE_SUFFIXES + CONVERTIBLE_SUFFIXES
"""What a folder walk picks up: every suffix aistd reads without --rdf (model cards and CSVs included)."""


class SourceError(Exception):
    """An input that cannot be listed at all (missing path, missing column): a usage error."""


@dataclass(frozen=True)
class Columns:
    """The columns of a Parquet input: the document's text, its id, and optionally its format."""

    text: str = "text"
    id: str = "id"
    format: str | None = None

    def names(self) -> list[str]:
        """The columns to read, in a stable order."""
        return [self.id, self.text] + ([self.format] if self.format else [])


@dataclass(frozen=True)
class FilesPart:
    """A partition of files: their paths."""

    index: int
    paths: tuple[str, ...]

    def describe(self) -> str:
        """A short label for messages."""
        return f"partition {self.index} ({len(self.paths)} files from {self.paths[0]})"


@dataclass(frozen=True)
class ParquetPart:
    """A partition of a Parquet file: consecutive row groups, and the row number the first one starts at."""

    index: int
    file: str
    row_groups: tuple[int, ...]
    first_row: int
    rows: int

    def describe(self) -> str:
        """A short label for messages."""
        groups = f"{self.row_groups[0]}-{self.row_groups[-1]}" if len(self.row_groups) > 1 else str(self.row_groups[0])
        return f"{self.file}#row-groups={groups}"


Part = FilesPart | ParquetPart


@dataclass(frozen=True)
class Item:
    """One document to check: its id, where it is, and its bytes (None for a file: the checker reads it)."""

    id: str
    path: str
    row: int | None = None
    raw: bytes | None = None
    source: str | None = None


def walk(folder: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    """The files under a folder with one of the suffixes, streamed (one folder's entries at a time, unsorted).

    Symbolic links to folders are not followed. A folder that cannot be listed is yielded itself, so that
    it becomes a document that fails with load.unreadable instead of vanishing.
    """
    pending = [folder]
    while pending:
        current = pending.pop()
        subfolders: list[str] = []
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        subfolders.append(entry.path)
                    elif suffix(entry.name) in suffixes and entry.is_file():
                        yield entry.path
        except OSError:
            yield current
        pending.extend(reversed(subfolders))


def expand(inputs: Iterable[str], suffixes: tuple[str, ...]) -> Iterator[str]:
    """Files named, files under folders named, and matches of glob patterns (`**` recurses), lazily."""
    for given in inputs:
        if glob.has_magic(given):
            for match in glob.iglob(given, recursive=True):
                if os.path.isdir(match):
                    yield from walk(match, suffixes)
                else:
                    yield match
        elif os.path.isdir(given):
            yield from walk(given, suffixes)
        else:
            yield given


def missing(inputs: Iterable[str]) -> list[str]:
    """The inputs that are neither a glob pattern nor an existing path."""
    return [given for given in inputs if not glob.has_magic(given) and not os.path.exists(given)]


def file_parts(inputs: Iterable[str], size: int) -> Iterator[FilesPart]:
    """Partitions of `size` files each, in listing order."""
    paths = expand(inputs, FILE_SUFFIXES)
    index = 0
    while chunk := tuple(islice(paths, size)):
        yield FilesPart(index, chunk)
        index += 1


def _check_columns(path: str, schema: Any, columns: Columns) -> None:
    """Refuse a file without the columns named, or whose text column holds neither text nor bytes."""
    import pyarrow as pa

    names = schema.names
    for role, name in (("id", columns.id), ("text", columns.text), ("format", columns.format)):
        if name is not None and name not in names:
            raise SourceError(f"{path}: no {role} column {name!r} (columns: {', '.join(names)})")
    kind = schema.field(columns.text).type
    textual = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary, pa.types.is_large_binary)
    if not any(check(kind) for check in textual):
        raise SourceError(f"{path}: the text column {columns.text!r} is {kind}, not text or binary")


def parquet_parts(inputs: Iterable[str], size: int, columns: Columns) -> Iterator[ParquetPart]:
    """Partitions of consecutive row groups holding at least `size` rows (or the rest of a file).

    Only footers are read here. A row group is never split: a group larger than `size` is one partition,
    read by its worker in record batches.
    """
    import pyarrow.parquet as pq

    index = 0
    for path in expand(inputs, PARQUET_SUFFIXES):
        try:
            with pq.ParquetFile(path) as handle:
                _check_columns(path, handle.schema_arrow, columns)
                metadata = handle.metadata
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
            raise SourceError(f"{path}: not a readable Parquet file: {error}") from None
        groups: list[int] = []
        rows = first = start = 0
        for group in range(metadata.num_row_groups):
            group_rows = metadata.row_group(group).num_rows
            if not groups:
                first = start
            groups.append(group)
            rows += group_rows
            start += group_rows
            if rows >= size:
                yield ParquetPart(index, path, tuple(groups), first, rows)
                index, groups, rows = index + 1, [], 0
        if groups:
            yield ParquetPart(index, path, tuple(groups), first, rows)
            index += 1


def _as_bytes(column: Any) -> Any:
    """A text column as binary, without copying, so that each row's UTF-8 is checked on its own."""
    import pyarrow as pa

    if pa.types.is_string(column.type):
        return column.cast(pa.binary())
    if pa.types.is_large_string(column.type):
        return column.cast(pa.large_binary())
    return column


def read_part(part: Part, columns: Columns, batch_rows: int, source: str | None = None) -> Iterator[Item]:
    """The documents of a partition, read by the worker: one record batch of a Parquet part at a time."""
    if isinstance(part, FilesPart):
        for path in part.paths:
            yield Item(path, path, None, None, source)
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    row = part.first_row
    with pq.ParquetFile(part.file) as handle:
        batches = handle.iter_batches(
            batch_size=batch_rows, row_groups=list(part.row_groups), columns=columns.names(), use_threads=False
        )
        for batch in batches:
            ids = batch.column(columns.id).cast(pa.string()).to_pylist()
            texts = _as_bytes(batch.column(columns.text)).to_pylist()
            formats = batch.column(columns.format).to_pylist() if columns.format else [None] * len(ids)
            for offset, (name, raw, form) in enumerate(zip(ids, texts, formats, strict=True)):
                number = row + offset
                yield Item(
                    name if name is not None else f"{part.file}#{number}", part.file, number, raw, form or source
                )
            row += len(ids)
