"""The example disclosures, checked through the package's own loader and JSON Schema conformance.

Every file in ``examples/valid`` passes with no finding. Every file in ``examples/invalid`` fails, and among
its findings is one for the JSON Schema keyword and the instance location (a JSON pointer) that
``examples/invalid.expected.yaml`` records for it, together with the reason it is invalid.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aistd.check import check_document
from aistd.load import load_path
from tests.conftest import EXAMPLES, beyond_computed

VALID_DIR = EXAMPLES / "valid"
INVALID_DIR = EXAMPLES / "invalid"
EXPECTED_FILE = EXAMPLES / "invalid.expected.yaml"
EXAMPLE_SUFFIXES = {".yaml", ".yml", ".json"}
MIN_VALID = 6
MIN_INVALID = 20


def example_files(directory: Path) -> list[Path]:
    """The example disclosures in a folder, sorted by name."""
    return sorted(p for p in directory.iterdir() if p.suffix in EXAMPLE_SUFFIXES)


VALID_FILES = example_files(VALID_DIR)
INVALID_FILES = example_files(INVALID_DIR)
EXPECTED: dict[str, dict[str, str]] = load_path(EXPECTED_FILE).data


def test_enough_examples() -> None:
    assert len(VALID_FILES) >= MIN_VALID
    assert len(INVALID_FILES) >= MIN_INVALID


def test_expected_lists_every_invalid_file() -> None:
    assert set(EXPECTED) == {p.name for p in INVALID_FILES}
    for name, entry in EXPECTED.items():
        assert set(entry) == {"keyword", "pointer", "reason"}, name
        assert entry["pointer"] == "" or entry["pointer"].startswith("/"), name


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_valid_example(path: Path) -> None:
    findings = beyond_computed(check_document(load_path(path)))
    assert not findings, "\n".join(f"{f.pointer}: {f.message}" for f in findings)


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_invalid_example(path: Path) -> None:
    expected = EXPECTED[path.name]
    findings = check_document(load_path(path))
    assert findings, f"{path.name} passed the schema but should fail: {expected['reason']}"
    findings = [f for f in findings if f.rule.startswith("schema.") or f.rule == "units.dimension"]
    keyword = {"units.dimension": "enum"}
    found = [(keyword.get(f.rule, f.rule.removeprefix("schema.")), f.pointer) for f in findings]
    assert (expected["keyword"], expected["pointer"]) in found, found
    assert all(f.line is not None for f in findings), "every finding is placed in the file"
