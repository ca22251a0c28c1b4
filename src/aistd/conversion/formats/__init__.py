"""The formats aistd converts from and to: each a package with a reader (`read`) and a writer (`write`), and
a `FORMAT` that names them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aistd.conversion.journal import Conversion


@dataclass(frozen=True)
class Format:
    """A format aistd converts from and to: its name, the crosswalk that maps its fields, its reader (text and
    path -> a canonical disclosure) and its writer (a canonical disclosure -> text, with format options)."""

    name: str
    vocabulary: str | None
    read: Callable[[str, str], Conversion]
    write: Callable[..., Conversion]
    read_binary: Callable[[bytes, str], Conversion] | None = None
    """The reader of the format's binary encoding, for formats that have one (CycloneDX protobuf)."""
    tabular: bool = False
    """True for a CSV format: its values are placed by their columns (the reader's origins), not by the
    JSON pointers of a YAML or JSON tree."""
