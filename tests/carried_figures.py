"""How many of the figures real files state reach the aistd form, and CycloneDX and SPDX 3 from there.

A figure is a number. The figures a source states are those its reader carried into the aistd form plus the numbers
it reported lost (a loss too large to report whole counts as none: those are sections about something else, such as
a BOM's dependencies). A figure reaches a target when writing the aistd form in the target and reading it back
gives the same number at the same place.

`python -m tests.carried_figures [CORPUS]` prints the table, per format of the corpus's MANIFEST.tsv.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aistd.conversion import ConversionError, read_input
from aistd.conversion.registry import format_named

TARGETS = ("cyclonedx", "spdx3")


def figures(value: Any, pointer: str = "") -> Iterator[tuple[str, float | int]]:
    """Every number in a value, with its JSON pointer."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from figures(item, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from figures(item, f"{pointer}/{index}")


@dataclass
class Tally:
    """The figures of one format's files: stated, read into the aistd form, and back from each target."""

    files: int = 0
    refused: list[str] = field(default_factory=list)
    stated: int = 0
    read: int = 0
    carried: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TARGETS, 0))

    def share(self, target: str) -> float:
        """The share of the aistd form's figures that come back from a target."""
        return self.carried[target] / self.read if self.read else 1.0


def count_file(path: Path, tally: Tally) -> None:
    """Add one file's figures to its format's tally."""
    tally.files += 1
    try:
        conversion = read_input(path)
    except ConversionError as error:
        tally.refused.append(f"{path.name}: {error.message}")
        return
    read = dict(figures(conversion.document))
    lost = sum(1 for loss in conversion.losses for _ in figures(loss.value))
    tally.read += len(read)
    tally.stated += len(read) + lost
    for target in TARGETS:
        written = format_named(target).write(conversion.document)
        back = dict(figures(format_named(target).read(written.document, f"back.{target}").document))
        tally.carried[target] += sum(1 for pointer, number in read.items() if back.get(pointer) == number)


def manifest(corpus: Path) -> dict[str, list[Path]]:
    """The corpus files by the format MANIFEST.tsv gives them."""
    found: dict[str, list[Path]] = {}
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            path = corpus / row["local_path"]
            if path.is_file():
                found.setdefault(row["format"], []).append(path)
    return found


def tally_corpus(corpus: Path) -> dict[str, Tally]:
    """Every format's tally."""
    tallies: dict[str, Tally] = {}
    for name, paths in sorted(manifest(corpus).items()):
        tally = tallies.setdefault(name, Tally())
        for path in sorted(paths):
            count_file(path, tally)
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    """The tallies as a Markdown table."""
    lines = [
        "| format | files | refused | figures stated | in the aistd form | back from CycloneDX | back from SPDX 3 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    total = Tally()
    for name, tally in tallies.items():
        lines.append(_row(name, tally))
        total.files += tally.files
        total.refused += tally.refused
        total.stated += tally.stated
        total.read += tally.read
        for target in TARGETS:
            total.carried[target] += tally.carried[target]
    lines.append(_row("**all**", total))
    return "\n".join(lines)


def _row(name: str, tally: Tally) -> str:
    back = " | ".join(f"{tally.carried[t]} ({tally.share(t):.0%})" for t in TARGETS)
    return f"| {name} | {tally.files} | {len(tally.refused)} | {tally.stated} | {tally.read} | {back} |"


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    tallies = tally_corpus(root)
    print(table(tallies))
    for name, tally in tallies.items():
        for reason in tally.refused:
            print(f"refused ({name}): {reason}")
