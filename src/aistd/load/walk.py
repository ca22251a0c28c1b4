"""Which files of the paths given are inputs: files named are, and under a folder every file aistd can read —
disclosures and the other formats it converts (cards, CSV logs, manifests, BOMs) — with every other file skipped
and the reason said.

A folder's YAML and JSON files are inputs whatever they hold (a malformed one is a finding). A file only another
format writes (Markdown, CSV, XML…) is an input when its first characters are that format's; a README that is
no model card, or a CSV that is no known log, is skipped rather than reported as an error. Symbolic links to
folders are not followed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from aistd.load.detect import (
    UnknownFormatError,
    detect_format,
    is_binary_file,
    is_convertible_file,
    is_disclosure_file,
    is_rdf_file,
)

SNIFF_BYTES = 65_536
"""How much of a file is read to tell its format."""


@dataclass(frozen=True)
class Skipped:
    """A file under a folder that is not validated, and why."""

    path: str
    reason: str


@dataclass
class Inputs:
    """The files to validate, in a stable order, and the files skipped under the folders given."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _sniffed(path: str) -> str | None:
    """Why a convertible file is not an input (None when its format is recognised)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    try:
        detect_format(path, head)
    except UnknownFormatError:
        return f"{os.path.splitext(path)[1]}: not recognised as any format aistd reads"
    return None


def _classified(path: str, rdf: bool) -> str | None:
    """Why a file found under a folder is skipped (None when it is an input)."""
    name = os.path.basename(path)
    if is_disclosure_file(name) or is_binary_file(name) or (rdf and is_rdf_file(name)):
        return None
    if is_rdf_file(name):
        return "RDF: validated only with --rdf"
    if is_convertible_file(name):
        return _sniffed(path)
    extension = os.path.splitext(name)[1]
    return f"{extension or 'a name without a suffix'} is not a format aistd reads"


def collect(paths: Iterable[Path], rdf: bool = False) -> Inputs:
    """The inputs among the paths: each file named, and the files aistd can read under each folder named.

    A folder that holds none is an input itself, so that it is reported rather than passed in silence.
    """
    inputs = Inputs()
    for path in paths:
        if not path.is_dir():
            inputs.files.append(path)
            continue
        found: list[str] = []
        for folder, _, names in os.walk(path):  # symbolic links to folders are not followed
            for name in names:
                candidate = os.path.join(folder, name)
                reason = _classified(candidate, rdf)
                if reason is None:
                    found.append(candidate)
                else:
                    inputs.skipped.append(Skipped(candidate, reason))
        inputs.files.extend([Path(name) for name in sorted(found)] or [path])
    inputs.skipped.sort(key=lambda s: s.path)
    return inputs
