"""The partitions of a Parquet input, one file at a time, so that a file that cannot be read is a finding.

`aistd.batch.sources.parquet_parts` lists every file named and raises at the first that is not Parquet; here each
file is first opened on its own (its footer only): one that cannot be read becomes an `UnreadablePart`, which the
worker writes as one failure row (`batch.partition-failed`), and the files after it are read as usual. A Parquet
file without the columns named, or a named input that is not a regular file, stays a usage error.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from aistd.batch.sources import Columns, ParquetPart, Skip, expand
from aistd.batch.sources import parquet_parts as listed_parts
from aistd.load.detect import PARQUET_SUFFIXES
from aistd.model.message import says


@dataclass(frozen=True)
class UnreadablePart:
    """A Parquet file that cannot be opened (truncated, corrupt, not Parquet): one failure row."""

    index: int
    file: str
    why: str
    first_row: int | None = None

    def describe(self) -> str:
        """A short label for messages."""
        return f"partition {self.index} ({self.file})"


def _why_unreadable(path: str) -> str | None:
    """Why a regular file cannot be opened as Parquet, or None (also for what is not a regular file: the listing
    refuses that as a usage error)."""
    import pyarrow.parquet as pq

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
    except OSError:
        return None
    try:
        with pq.ParquetFile(path):
            return None
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        return says("not a readable Parquet file: {error}", error=str(error)[:300])


def parquet_parts(
    inputs: Iterable[str], size: int, columns: Columns, follow_symlinks: bool, skipped: Skip
) -> Iterator[ParquetPart | UnreadablePart]:
    """The partitions of `sources.parquet_parts`, numbered the same, with an unreadable file as an UnreadablePart
    where the listing would have stopped the run."""
    index = 0
    for path in expand(inputs, PARQUET_SUFFIXES, follow_symlinks, skipped):
        why = _why_unreadable(path)
        if why is not None:
            yield UnreadablePart(index, path, why)
            index += 1
            continue
        for part in listed_parts([path], size, columns, follow_symlinks, skipped):
            yield replace(part, index=index)
            index += 1
