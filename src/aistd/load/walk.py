"""Which files of the paths given are inputs: files named are, and under a folder every file aistd can read —
disclosures and the other formats it converts (cards, CSV logs, manifests, BOMs) — with every other file skipped
and the reason said.

A folder's YAML and JSON files are inputs whatever they hold (a malformed one is a finding). A file only another
format writes (Markdown, CSV, XML…) is an input when its first characters are that format's; a README that is
no model card, or a CSV that is no known log, is skipped rather than reported as an error.

What a folder walk does not open, and says so (`Skipped`):
- a symbolic link that leads outside the folders named (to a file or a folder), unless `follow_symlinks`:
  the walk reads what the folders hold, never what a link in them points at elsewhere (`ln -s /etc/shadow`);
- a symbolic link to a folder, even inside them, unless `follow_symlinks` (then each folder is walked once,
  so that a link loop ends);
- anything that is not a regular file or a folder: a named pipe (opening it would wait for a writer for ever),
  a socket, a device.
A path named on the command line is an input as named: a named symbolic link is followed, to wherever it leads,
because it was named; a named pipe named is read (without waiting) and refused with a finding.

The walk is iterative (a stack of folders, `os.scandir`): a tree thousands of folders deep is walked like a
shallow one. A folder that cannot be listed is an input itself, so that it is reported as unreadable.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
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
from aistd.model.message import says

SNIFF_BYTES = 65_536
"""How much of a file is read to tell its format."""

OUTSIDE = says(
    "a symbolic link that leads outside the folders named: not followed ({option} follows it)",
    option="--follow-symlinks",
)
LINKED_FOLDER = says("a symbolic link to a folder: not followed ({option} follows it)", option="--follow-symlinks")
KINDS = (
    (stat.S_ISDIR, says("a folder")),
    (stat.S_ISFIFO, says("a named pipe")),
    (stat.S_ISSOCK, says("a socket")),
    (stat.S_ISCHR, says("a character device")),
    (stat.S_ISBLK, says("a block device")),
)


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


@dataclass(frozen=True)
class Entry:
    """One thing found under a folder: a file to consider, one not to open (`skipped` says why), or a folder
    that could not be listed (`unlisted`)."""

    path: str
    skipped: str | None = None
    unlisted: bool = False


def real(path: str | os.PathLike[str]) -> str:
    """The path with every symbolic link resolved, absolute."""
    return os.path.realpath(path)


def within(path: str, roots: Iterable[str]) -> bool:
    """True when the resolved `path` is one of the resolved `roots` or lies beneath one."""
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


SPECIAL_FILE = says("a special file")


def kind_of(mode: int) -> str:
    """What a file of this mode is when it is not a regular file: a named pipe, a socket, a device…"""
    return next((name for test, name in KINDS if test(mode)), SPECIAL_FILE)


def not_regular(mode: int) -> str:
    """Why a file of this mode is not opened: it is a named pipe, a socket or a device."""
    return says("{kind}, not a regular file: not opened", kind=kind_of(mode))


def _linked(path: str, roots: tuple[str, ...], follow: bool) -> tuple[str | None, bool]:
    """For a symbolic link: why it is not followed (None when it is), and whether it leads to a folder."""
    if not follow and not within(real(path), roots):
        return OUTSIDE, False
    try:
        mode = os.stat(path).st_mode
    except OSError:  # a link to nothing, or a loop: an input, reported unreadable when it is read
        return None, False
    if stat.S_ISDIR(mode):
        return (None if follow else LINKED_FOLDER), True
    if not stat.S_ISREG(mode):
        return not_regular(mode), False
    return None, False


def entries(folder: str, roots: tuple[str, ...] | None = None, follow_symlinks: bool = False) -> Iterator[Entry]:
    """Everything under a folder, streamed one folder's listing at a time, without recursion: the folders in
    name order, the files of each in listing order.

    `roots` are the resolved folders a symbolic link may lead into without `follow_symlinks` (by default the
    folder itself). With `follow_symlinks`, links are followed wherever they lead, each folder walked once.
    """
    roots = roots if roots is not None else (real(folder),)
    seen: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        if follow_symlinks:
            try:
                status = os.stat(current)
            except OSError:
                status = None
            if status is not None:
                if (status.st_dev, status.st_ino) in seen:
                    continue
                seen.add((status.st_dev, status.st_ino))
        subfolders: list[str] = []
        try:
            with os.scandir(current) as listing:
                for entry in listing:
                    found = _entry(entry, roots, follow_symlinks, subfolders)
                    if found is not None:
                        yield found
        except OSError:
            yield Entry(current, unlisted=True)
        pending.extend(sorted(subfolders, reverse=True))  # name order: a folder reached twice is named alike


def _entry(entry: os.DirEntry[str], roots: tuple[str, ...], follow: bool, subfolders: list[str]) -> Entry | None:
    """What one listing entry is; a folder to walk is added to `subfolders` instead."""
    try:
        if entry.is_symlink():
            reason, folder = _linked(entry.path, roots, follow)
            if folder and reason is None:
                subfolders.append(entry.path)
                return None
            return Entry(entry.path, reason)
        if entry.is_dir(follow_symlinks=False):
            subfolders.append(entry.path)
            return None
        if entry.is_file(follow_symlinks=False):
            return Entry(entry.path)
        return Entry(entry.path, not_regular(entry.stat(follow_symlinks=False).st_mode))
    except OSError:  # gone since the listing, or cannot be looked at: an input, reported when it is read
        return Entry(entry.path)


def _sniffed(path: str) -> str | None:
    """Why a convertible file is not an input (None when its format is recognised)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError as error:
        return says("cannot be read ({reason})", reason=error.strerror or str(error))
    try:
        detect_format(path, head)
    except UnknownFormatError:
        return says("{suffix}: not recognised as any format aistd reads", suffix=os.path.splitext(path)[1])
    return None


def _classified(path: str, rdf: bool) -> str | None:
    """Why a file found under a folder is skipped (None when it is an input)."""
    name = os.path.basename(path)
    if is_disclosure_file(name) or is_binary_file(name) or (rdf and is_rdf_file(name)):
        return None
    if is_rdf_file(name):
        return says("RDF: validated only with {option}", option="--rdf")
    if is_convertible_file(name):
        return _sniffed(path)
    extension = os.path.splitext(name)[1]
    if not extension:
        return says("a name without a suffix is not a format aistd reads")
    return says("{suffix} is not a format aistd reads", suffix=extension)


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, say: not a folder; reading it says what is wrong
        return False


def collect(paths: Iterable[Path], rdf: bool = False, follow_symlinks: bool = False) -> Inputs:
    """The inputs among the paths: each file named, and the files aistd can read under each folder named.

    A folder that holds none is an input itself, so that it is reported rather than passed in silence; so is a
    folder under them that cannot be listed. See the module's notes for what is never opened.
    """
    paths = list(paths)
    roots = tuple(real(path) for path in paths if _is_folder(path))
    inputs = Inputs()
    for path in paths:
        if not _is_folder(path):
            inputs.files.append(path)
            continue
        found: list[str] = []
        for entry in entries(str(path), roots, follow_symlinks):
            reason = entry.skipped
            if entry.unlisted:
                found.append(entry.path)
                continue
            if reason is None:
                reason = _classified(entry.path, rdf)
            if reason is None:
                found.append(entry.path)
            else:
                inputs.skipped.append(Skipped(entry.path, reason))
        inputs.files.extend([Path(name) for name in sorted(found)] or [path])
    inputs.skipped.sort(key=lambda s: s.path)
    return inputs
