"""Shared fixtures: the checkout's folders and the real-file corpus beside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Reports follow the locale's language (`aistd validate --lang`): the tests expect English unless they ask.
for _variable in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "schema" / "aistd.yaml"
EXAMPLES = ROOT / "examples"


def computed_indicator_ids() -> set[str]:
    """The finding ids of the indicators profiles compute (info findings a valid disclosure may well carry)."""
    from aistd.knowledge.profiles import profiles

    return {indicator["id"] for profile in profiles().values() for indicator in profile.computes}


def beyond_computed(findings: list) -> list:
    """The findings other than the indicators profiles compute: what a valid disclosure must not have."""
    computed = computed_indicator_ids()
    return [f for f in findings if f.rule not in computed]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus of real files; skips when absent, unless AISTD_CORPUS names it (as CI does)."""
    named = os.environ.get("AISTD_CORPUS")
    folder = Path(named) if named else ROOT.parent / "shared" / "corpus"
    if not folder.is_dir():
        if named:
            pytest.fail(f"AISTD_CORPUS={named} is not a folder")
        pytest.skip("the shared corpus is not beside this checkout")
    return folder


@pytest.fixture(scope="session")
def reference_catalogue(corpus_dir: Path) -> Path:
    """The researched catalogue of real indicator terms, beside the corpus in `shared/`."""
    path = corpus_dir.parent / "reference" / "terms.yaml"
    if not path.is_file():
        pytest.fail(f"{path} is missing beside the corpus")
    return path
