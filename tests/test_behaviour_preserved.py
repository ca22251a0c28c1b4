"""What aistd says about the examples and the corpus stays what it said when the snapshot was taken.

The snapshot (`tests/data/behaviour/`) was taken through the command line before the package was
reorganised; a change of behaviour is made on purpose by writing a new snapshot
(`python -m tests.behaviour.snapshot tests/data/behaviour`) in the same commit, where the diff shows it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.behaviour.snapshot import snapshot_corpus, snapshot_examples

STORED = Path(__file__).parent / "data" / "behaviour"


def _differences(stored: dict[str, Any], now: dict[str, Any]) -> list[str]:
    names = sorted(set(stored) | set(now))
    return [name for name in names if stored.get(name) != now.get(name)]


def test_the_examples_are_judged_as_before() -> None:
    stored = json.loads((STORED / "examples.json").read_text(encoding="utf-8"))
    assert _differences(stored, snapshot_examples()) == []


def test_the_corpus_is_judged_and_converted_as_before(corpus_dir: Path) -> None:
    stored = json.loads((STORED / "corpus.json").read_text(encoding="utf-8"))
    assert _differences(stored, snapshot_corpus(corpus_dir)) == []
