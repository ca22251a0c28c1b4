"""Real published disclosures, written faithfully in the aistd format, each judged as its expectation records.

`examples/published/` holds disclosures transcribed from public sources (model cards, papers, an LCA,
provider statements), each citing its source in its header and keeping the publisher's digits and units.
`examples/published.expected.yaml` lists, per file, every warning and error the checks must raise (rule and
JSON pointer) with the reason; a file with none listed must raise none. Among them are real inconsistencies
caught and rounded tables accepted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aistd.check import check_document
from aistd.load import load_path
from aistd.model.finding import Severity
from tests.conftest import EXAMPLES

PUBLISHED = EXAMPLES / "published"
FILES = sorted(p for p in PUBLISHED.iterdir() if p.suffix in (".yaml", ".json")) if PUBLISHED.is_dir() else []
EXPECTED: dict[str, list[dict[str, str]]] = (
    load_path(EXAMPLES / "published.expected.yaml").data if PUBLISHED.is_dir() else {}
)
MIN_FILES = 12
MIN_INCONSISTENT = 3


def test_enough_real_disclosures_with_inconsistencies_among_them() -> None:
    assert len(FILES) >= MIN_FILES
    assert set(EXPECTED) == {p.name for p in FILES}
    assert sum(1 for findings in EXPECTED.values() if findings) >= MIN_INCONSISTENT


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_published_disclosure_gets_exactly_its_expected_findings(path: Path) -> None:
    raised = sorted(
        (f.rule, f.pointer) for f in check_document(load_path(path)) if f.severity in (Severity.ERROR, Severity.WARNING)
    )
    expected = sorted((entry["rule"], entry["pointer"]) for entry in EXPECTED[path.name] or [])
    assert raised == expected


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_published_disclosure_cites_its_source(path: Path) -> None:
    head = path.read_text(encoding="utf-8").split("\n", 12)[:12]
    assert any(line.startswith("# Source:") for line in head), "the header names the source"
    assert any("http" in line for line in head), "the header gives the source's address"
