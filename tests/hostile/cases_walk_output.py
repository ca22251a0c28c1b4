"""Hostile inputs for the folder walk, the command line and what reaches the terminal.

The walk: symbolic links out of the folder named (never followed, never echoed), link loops, a tree deeper
than Python's recursion limit, named pipes under a folder (never opened). The output: control characters,
C1 controls and bidirectional overrides in keys, duplicate keys, card labels, CSV headers, Impact Framework
names and file names, a newline in a file name, a file name that is not UTF-8. A case whose options ask for
`--format text` or `--format sarif` is read in that form by tests/test_hostile.py, which also checks that no
validate report and no standard error holds a raw control character or bidi override.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from tests.hostile.catalogue import Case

Maker = Callable[[Path], Path]
SECRET = "SECRET-4e1f"
"""The catalogue's secret (tests.hostile.catalogue.SECRET), restated so that this module imports on its own."""

DEEP_FOLDERS = 1_100
"""Deeper than Python's default recursion limit (1,000): a recursive walk fails."""
ESCAPES = "\x1b]0;pwned\x07\u202e\x9b31m\x1b[2J"
"""An OSC title change, a right-to-left override, a one-character CSI and a screen clear."""
SHOWN = "\\x1b]0;pwned\\x07\\u202e\\x9b31m\\x1b[2J"
"""The same, as the text report and standard error show it."""
TEXT, SARIF = ("--format", "text"), ("--format", "sarif")


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _disclosure(**extra: object) -> str:
    """The smallest valid disclosure as JSON, with extra top-level fields."""
    body = {
        "id": "urn:example:hostile",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "Example Org"},
        "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-12-31"},
        **extra,
    }
    return json.dumps(body)


def small_valid(folder: Path) -> Path:
    """A valid disclosure of a few hundred bytes, small.json."""
    return _write(folder / "small.json", _disclosure())


def _secret(folder: Path) -> Path:
    """A file beside the input, a mapping whose key is SECRET: a schema message would quote it."""
    return _write(folder / "outside" / "shadow.yaml", f"{SECRET}: leaked\n")


def symlink_out_of_folder(folder: Path) -> Path:
    """A folder holding a valid disclosure and x.yaml, a symbolic link to a file outside it."""
    secret = _secret(folder)
    small_valid(folder / "walked")
    (folder / "walked" / "x.yaml").symlink_to(secret)
    return folder / "walked"


def symlink_folder_out_of_folder(folder: Path) -> Path:
    """A folder holding a valid disclosure and a symbolic link to a folder outside it."""
    secret = _secret(folder)
    small_valid(folder / "walked")
    (folder / "walked" / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    return folder / "walked"


def symlink_named(folder: Path) -> Path:
    """A symbolic link named on the command line, to a valid disclosure in another folder: followed."""
    target = small_valid(folder / "elsewhere")
    link = folder / "walked" / "named.json"
    link.parent.mkdir()
    link.symlink_to(target)
    return link


def symlink_loop(folder: Path) -> Path:
    """A folder holding a valid disclosure and `loop`, a symbolic link to the folder itself."""
    small_valid(folder / "walked")
    (folder / "walked" / "loop").symlink_to(".", target_is_directory=True)
    return folder / "walked"


def deep_folders(folder: Path) -> Path:
    """A valid disclosure at the bottom of 1,100 nested folders (made without recursion)."""
    path = folder / "deep"
    path.mkdir()
    for _ in range(DEEP_FOLDERS):
        path = path / "a"
        path.mkdir()
    _write(path / "bottom.json", _disclosure())
    return folder / "deep"


def pipes_in_folder(folder: Path) -> Path:
    """A folder holding a valid disclosure and named pipes pipe.csv and pipe.yaml, no writer to either."""
    small_valid(folder / "walked")
    for name in ("pipe.csv", "pipe.yaml"):
        os.mkfifo(folder / "walked" / name)
    return folder / "walked"


def key_escapes(folder: Path) -> Path:
    """A valid disclosure with one more key, made of terminal escapes and a bidi override."""
    return _write(folder / "keys.json", _disclosure(**{f"evil{ESCAPES}": 1}))


def duplicate_key_escapes(folder: Path) -> Path:
    """A JSON object whose key of escapes (written as JSON escapes: the file is ASCII) appears twice."""
    key = json.dumps(f"k{ESCAPES}")
    return _write(folder / "duplicate.json", f'{{"id": "urn:a", {key}: 1, {key}: 2}}')


def csv_header_escapes(folder: Path) -> Path:
    """A CodeCarbon log with one more column whose header is terminal escapes."""
    header = f"timestamp,duration,emissions,energy_consumed,evil{ESCAPES}"
    return _write(folder / "emissions.csv", f"{header}\n2025-01-01T00:00:00,10,0.1,0.2,1\n")


def card_label_escapes(folder: Path) -> Path:
    """A model card whose body has a bullet labelled with terminal escapes."""
    text = f"---\nco2_eq_emissions: 10\n---\n# Model\n\n- **Energy{ESCAPES} used**: 12 kWh\n"
    return _write(folder / "card" / "README.md", text)


def impact_framework_escapes(folder: Path) -> Path:
    """An Impact Framework manifest whose name, component and parameter hold terminal escapes."""
    manifest = {
        "name": f"run{ESCAPES}",
        "initialize": {"plugins": {}},
        "tree": {
            "children": {
                f"child{ESCAPES}": {
                    "inputs": [
                        {"timestamp": "2023-07-06T00:00", "duration": 1, f"cpu/evil{ESCAPES}": 20, "energy": 1.5}
                    ]
                }
            }
        },
    }
    return _write(folder / "manifest.yaml", yaml.safe_dump(manifest))  # escapes as YAML escapes: the file is ASCII


def file_named(name: str | bytes) -> Maker:
    """A disclosure missing its required fields, in a file of that name (bytes: a name that is not UTF-8)."""

    def make(folder: Path) -> Path:
        return _write(folder / os.fsdecode(name), '{"id": "urn:example:named"}')

    make.__doc__ = f"A disclosure lacking required fields, in a file named {name!r}."
    return make


def over_long_path(folder: Path) -> Path:
    """A path of 5,000 characters, longer than any file name the system accepts."""
    return folder / ("a/" * 2_500 + "x.yaml")


def remove_tree(root: Path) -> None:
    """Remove a folder and everything in it without recursion (`shutil.rmtree` recurses once per level, and
    fails on the deep tree of `deep_folders`); symbolic links are removed, never followed."""
    if not root.exists() and not root.is_symlink():
        return
    folders, pending = [], [str(root)]
    while pending:
        folder = pending.pop()
        folders.append(folder)
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


def cases() -> Iterator[Case]:
    """The cases of this module."""
    from tests.hostile.catalogue import CONVERT, VALIDATE, Case

    def one(name: str, make: Maker, command: str, exit_code: int, *rules: str, **more: object) -> Case:
        return Case(name, make, command, exit_code, frozenset(rules), **more)  # type: ignore[arg-type]

    outside = "a symbolic link that leads outside the folders named: not followed"
    yield one(
        "symlink-file-out-of-folder", symlink_out_of_folder, VALIDATE, 0, says=outside,
        fixed="the walk followed the link and the schema messages quoted the target's lines",
    )  # fmt: skip
    yield one("symlink-folder-out-of-folder", symlink_folder_out_of_folder, VALIDATE, 0, says=outside)
    yield one("symlink-named-is-followed", symlink_named, VALIDATE, 0)
    yield one(
        "symlink-loop-followed-once", symlink_loop, VALIDATE, 0, options=("--follow-symlinks",),
        says='"files": 1',
    )  # fmt: skip
    yield one(
        "folders-1100-deep", deep_folders, VALIDATE, 0, says="bottom.json",
        fixed="os.walk recursed once per level: RecursionError, internal error, exit 2",
    )  # fmt: skip
    yield one(
        "pipes-in-folder", pipes_in_folder, VALIDATE, 0, says="a named pipe, not a regular file: not opened",
        fixed="the walk opened pipe.csv to tell its format, and waited for a writer for ever",
    )  # fmt: skip
    raw = "the text report printed them raw: the terminal obeyed them"
    yield one(
        "key-escapes-text", key_escapes, VALIDATE, 1, "schema.additionalProperties", says=SHOWN, options=TEXT,
        fixed=raw,
    )  # fmt: skip
    yield one("key-escapes-sarif", key_escapes, VALIDATE, 1, "schema.additionalProperties", options=SARIF)
    yield one(
        "duplicate-key-escapes-text", duplicate_key_escapes, VALIDATE, 1, "load.duplicate-key", says=SHOWN,
        options=TEXT, fixed=raw,
    )  # fmt: skip
    lost_filled = ("convert.lost", "convert.filled")
    yield one(
        "csv-header-escapes-text", csv_header_escapes, VALIDATE, 0, *lost_filled, says=SHOWN, options=TEXT,
        fixed=raw,
    )  # fmt: skip
    yield one(
        "csv-header-escapes-convert", csv_header_escapes, CONVERT, 0, says=f"lost evil{SHOWN}",
        fixed="the lost and filled lines on stderr printed them raw",
    )  # fmt: skip
    yield one(
        "card-label-escapes-text", card_label_escapes, VALIDATE, 0, *lost_filled, says=SHOWN, options=TEXT,
        fixed=raw,
    )  # fmt: skip
    yield one(
        "impact-framework-escapes-text", impact_framework_escapes, VALIDATE, 0, *lost_filled, says=SHOWN,
        options=TEXT, fixed=raw,
    )  # fmt: skip
    yield one("impact-framework-escapes-convert", impact_framework_escapes, CONVERT, 0, says=SHOWN)
    required = "schema.required"
    yield one(
        "file-name-newline-text", file_named("forged\nline.yaml"), VALIDATE, 1, required,
        says="forged\\nline.yaml':1:1: error", options=TEXT,
        fixed="the newline in the name split the finding into a forged report line",
    )  # fmt: skip
    yield one(
        "file-name-escapes-text", file_named(f"name{ESCAPES}.json"), VALIDATE, 1, required,
        says=f"name{SHOWN}.json'", options=TEXT, fixed=raw,
    )  # fmt: skip
    not_utf8 = file_named(b"caf\xe9.json")
    yield one("file-name-not-utf8-text", not_utf8, VALIDATE, 1, required, says="caf\\xe9.json'", options=TEXT)
    yield one(
        "file-name-not-utf8-json", not_utf8, VALIDATE, 1, required, says="caf\\\\xe9.json",
        fixed="json.dumps kept the lone surrogate: UnicodeEncodeError on writing, internal error, exit 2",
    )  # fmt: skip
    yield one(
        "file-name-not-utf8-sarif", not_utf8, VALIDATE, 1, required, says="caf%E9.json", options=SARIF,
        fixed="SARIF quoted the URI as UTF-8: UnicodeEncodeError, internal error, exit 2",
    )  # fmt: skip
    yield one(
        "path-of-5000-characters", over_long_path, VALIDATE, 2, says="File name too long",
        fixed="Path.exists raised ENAMETOOLONG: 'aistd: internal error', exit 2",
    )  # fmt: skip
