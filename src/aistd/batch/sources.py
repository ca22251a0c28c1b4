"""Where a batch's documents come from: folders, globs and Parquet datasets, cut lazily into partitions.

The driver only lists: folder listings and globs are walked as generators and cut into partitions of
file names; Parquet files are opened for their footer only, and their row groups grouped into partitions.
Workers read their own partition (`read_part`): the files, or the partition's row groups in record batches.
Nothing here holds the whole input, its listing included.

Listing follows the folder walk of `aistd validate` (`aistd.load.walk.entries`): it is iterative (a tree
thousands of folders deep, and `**` patterns over it, are listed like a shallow one), and it never opens a
named pipe, a socket or a device found in a folder or by a pattern, nor follows a symbolic link that leads
outside the folder named (or the fixed part of a pattern) unless asked (`follow_symlinks`); each such file of
a suffix the batch reads is passed to `skipped` with the reason. A file named is read as named.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from aistd.load.detect import CONVERTIBLE_SUFFIXES, DISCLOSURE_SUFFIXES, PARQUET_SUFFIXES, suffix
from aistd.load.walk import OUTSIDE, entries, kind_of, not_regular, real, within

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


Skip = Callable[[str, str], None]
"""Told of each file of a wanted suffix that a listing does not open: its path, and why."""


def _ignore(path: str, reason: str) -> None:
    """The default `skipped`: say nothing."""


def walk(
    folder: str,
    suffixes: tuple[str, ...],
    follow_symlinks: bool = False,
    skipped: Skip = _ignore,
    roots: tuple[str, ...] | None = None,
) -> Iterator[str]:
    """The files under a folder with one of the suffixes, streamed (one folder's entries at a time, unsorted).

    A folder that cannot be listed is yielded itself, so that it becomes a document that fails with
    load.unreadable instead of vanishing. `roots`: the resolved folders links may lead into (the folder's own).
    """
    for entry in entries(folder, roots, follow_symlinks):
        if entry.unlisted:
            yield entry.path
        elif suffix(entry.path) in suffixes:
            if entry.skipped is None:
                yield entry.path
            else:
                skipped(entry.path, entry.skipped)


def _fixed_part(pattern: str) -> tuple[str, list[str]]:
    """A pattern's leading folder without wildcards (where its matches are listed from; "" for the working
    folder), and the rest of it, split into components."""
    parts = pattern.split(os.sep)
    fixed: list[str] = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    root = os.sep.join(fixed) or (os.sep if pattern.startswith(os.sep) else "")
    return root, parts[len(fixed) :]


def _segment_matches(name: str, pattern: str) -> bool:
    """One path component against one component of a pattern, as `glob` matches it (hidden names only by a
    pattern that starts with a dot)."""
    if name.startswith(".") and not pattern.startswith(".") and glob.has_magic(pattern):
        return False
    return fnmatch.fnmatchcase(name, pattern)


def _close(states: set[int], pattern: list[str]) -> set[int]:
    """The pattern positions reachable from `states` by letting each `**` match no component."""
    pending, closed = list(states), set(states)
    while pending:
        at = pending.pop()
        if at < len(pattern) and pattern[at] == "**" and at + 1 not in closed:
            closed.add(at + 1)
            pending.append(at + 1)
    return closed


def deep_match(names: list[str], pattern: list[str]) -> str | None:
    """How a path's components meet a pattern with `**`: "whole" when they match it, "folder" when a leading
    folder of them does (glob yields the folder, which is then walked), else None."""
    states, end, folder = _close({0}, pattern), len(pattern), False
    for name in names:
        folder = folder or end in states
        following = set()
        for at in states:
            if at == end:
                continue
            if pattern[at] == "**":
                if not name.startswith("."):
                    following.add(at)
            elif _segment_matches(name, pattern[at]):
                following.add(at + 1)
        states = _close(following, pattern)
        if not states:
            break
    return "whole" if end in states else "folder" if folder else None


def _deep_glob(pattern: str, suffixes: tuple[str, ...], follow: bool, skipped: Skip) -> Iterator[str]:
    """The matches of a pattern with `**`, found by the iterative walk of its fixed part (the standard library's
    `glob` recurses once per folder level, and follows every link)."""
    root, rest = _fixed_part(pattern)
    if not os.path.isdir(root or os.curdir):
        return
    here = len(os.curdir + os.sep) if not root else 0  # matches under the working folder are named as glob names them
    for entry in entries(root or os.curdir, (real(root or os.curdir),), follow):
        path = entry.path[here:]
        how = deep_match(os.path.relpath(path, root or os.curdir).split(os.sep), rest)
        if how is None or (how == "folder" and not entry.unlisted and suffix(path) not in suffixes):
            continue
        if entry.skipped is None:
            yield path
        else:
            skipped(path, entry.skipped)


def _glob(pattern: str, suffixes: tuple[str, ...], follow: bool, skipped: Skip) -> Iterator[str]:
    """The matches of a pattern: files as matched, folders walked; links and special files as in a walk."""
    if os.altsep:
        pattern = pattern.replace(os.altsep, os.sep)
    if "**" in pattern.split(os.sep):
        yield from _deep_glob(pattern, suffixes, follow, skipped)
        return
    roots = (real(_fixed_part(pattern)[0] or os.curdir),)
    for match in glob.iglob(pattern):  # no `**`: as deep as the pattern, no deeper
        if not follow and not within(real(match), roots):  # through a link, wherever in the match it sits
            skipped(match, OUTSIDE)
            continue
        try:
            mode = os.stat(match).st_mode
        except OSError:  # a link to nothing: a document that fails when it is read
            yield match
            continue
        if stat.S_ISDIR(mode):
            yield from walk(match, suffixes, follow, skipped, roots)
        elif stat.S_ISREG(mode):
            yield match
        else:
            skipped(match, not_regular(mode))


def expand(
    inputs: Iterable[str], suffixes: tuple[str, ...], follow_symlinks: bool = False, skipped: Skip = _ignore
) -> Iterator[str]:
    """Files named, files under folders named, and matches of glob patterns (`**` recurses), lazily."""
    for given in inputs:
        if glob.has_magic(given):
            yield from _glob(given, suffixes, follow_symlinks, skipped)
        elif os.path.isdir(given):
            yield from walk(given, suffixes, follow_symlinks, skipped)
        else:
            yield given


def file_parts(
    inputs: Iterable[str], size: int, follow_symlinks: bool = False, skipped: Skip = _ignore
) -> Iterator[FilesPart]:
    """Partitions of `size` files each, in listing order."""
    paths = expand(inputs, FILE_SUFFIXES, follow_symlinks, skipped)
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


def _regular(path: str) -> None:
    """Refuse a Parquet input that is not a regular file (a named pipe would be waited on for ever)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise SourceError(f"{path}: cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise SourceError(f"{path}: {kind_of(mode)}, not a regular file: not read as Parquet")


def parquet_parts(
    inputs: Iterable[str], size: int, columns: Columns, follow_symlinks: bool = False, skipped: Skip = _ignore
) -> Iterator[ParquetPart]:
    """Partitions of consecutive row groups holding at least `size` rows (or the rest of a file).

    Only footers are read here. A row group is never split: a group larger than `size` is one partition,
    read by its worker in record batches.
    """
    import pyarrow.parquet as pq

    index = 0
    for path in expand(inputs, PARQUET_SUFFIXES, follow_symlinks, skipped):
        _regular(path)
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
