"""The crosswalk commands: terms, one term's mappings, the table between two vocabularies, stats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aistd.knowledge.crosswalks import BROAD, CLOSE, EXACT, NARROW, RELATED, compose
from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aistd", *args], cwd=ROOT, capture_output=True, text=True)


def run_json(*args: str) -> object:
    done = run(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_terms_lists_every_indicator_with_its_unit() -> None:
    terms = run_json("terms")
    assert len(terms) >= 60
    assert {"term": "pue", "unit": "1"}.items() <= next(t for t in terms if t["term"] == "pue").items()


def test_terms_of_one_vocabulary() -> None:
    terms = run_json("terms", "--vocabulary", "codecarbon")
    emissions = next(t for t in terms if t["object_id"] == "codecarbon:emissions")
    assert emissions["subject_id"] == "aistd:operational_emissions"
    assert emissions["object_unit"] == "kg{CO2eq}" and emissions["unit_conversion_factor"] == 1


def test_crosswalk_of_a_term_shows_every_scale() -> None:
    term = run_json("crosswalk", "operational_emissions")
    assert term["unit"] == "kg{CO2eq}"
    factors = {m["object_id"]: m["unit_conversion_factor"] for m in term["mappings"]}
    assert factors["hfcard:co2_eq_emissions.emissions"] == pytest.approx(0.001)
    assert factors["cdx:energyConsumption.co2CostEquivalent"] == 1000
    assert factors["codecarbon:emissions"] == 1


def test_crosswalk_accepts_an_external_term() -> None:
    assert run_json("crosswalk", "iso30134:PUE")["term"] == "pue"


def test_crosswalk_between_two_vocabularies_converts_units() -> None:
    pairs = run_json("crosswalk", "--from", "hf-model-card", "--to", "cyclonedx")
    pair = next(
        p
        for p in pairs
        if p["from"] == "hfcard:co2_eq_emissions.emissions" and p["to"] == "cdx:energyConsumption.co2CostEquivalent"
    )
    assert pair["factor"] == pytest.approx(1e-6)  # grams to tonnes


def test_text_output_is_a_table() -> None:
    done = run("crosswalk", "--from", "codecarbon", "--to", "spdx3-ai")
    assert done.returncode == 0
    assert done.stdout.splitlines()[0].startswith("aistd term")


@pytest.mark.parametrize(
    "args",
    [("crosswalk", "no_such_term"), ("terms", "--vocabulary", "nope"), ("crosswalk", "--from", "codecarbon")],
)
def test_unknown_names_are_usage_errors(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_mapping_stats_cover_every_vocabulary(reference_catalogue: Path) -> None:
    done = run("mappings", "stats", "--reference", str(reference_catalogue))
    assert done.returncode == 0, done.stdout
    assert "iso-iec-30134" in done.stdout and "ai-energy-score" in done.stdout
    stats = run_json("mappings", "stats", "--reference", str(reference_catalogue))
    assert len(stats) >= 19 and all(s["unaccounted"] == [] for s in stats)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (EXACT, NARROW, NARROW),  # A = aistd ⊃ B
        (NARROW, EXACT, BROAD),  # A ⊂ aistd = B
        (NARROW, BROAD, BROAD),  # A ⊂ aistd ⊂ B
        (BROAD, NARROW, NARROW),  # A ⊃ aistd ⊃ B
        (NARROW, NARROW, RELATED),  # both inside aistd: no order between them
        (CLOSE, CLOSE, CLOSE),
    ],
)
def test_relations_compose_through_aistd(first: str, second: str, expected: str) -> None:
    assert compose(first, second) == expected


def test_mapping_stats_read_no_catalogue_they_are_not_given(tmp_path: Path) -> None:
    """Without --reference nothing outside the package is read, even where a `shared/reference` lies about."""
    planted = tmp_path / "shared" / "reference" / "terms.yaml"
    planted.parent.mkdir(parents=True)
    planted.write_text("terms: [{source: x, source_term: y, ucum: kW.h, confidence: verified-from-source}]\n")
    command = [sys.executable, "-m", "aistd", "mappings", "stats"]
    done = subprocess.run([*command, "--format", "json"], cwd=tmp_path, capture_output=True, text=True)
    stats = json.loads(done.stdout)
    assert stats and all(set(s) == {"vocabulary", "rows", "predicates", "provisional", "reading"} for s in stats)
    text = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True).stdout
    assert "pass --reference terms.yaml" in text
    missing = subprocess.run([*command, "--reference", "nowhere.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert missing.returncode == 2 and "no such reference catalogue" in missing.stderr


def test_a_name_of_several_terms_asks_for_one_and_case_does_not_matter() -> None:
    done = run("crosswalk", "AIEnergyScore:GPU_Energy_per_1k_Queries")
    assert done.returncode == 2 and "several aistd terms" in done.stderr and "energy_per_inference" in done.stderr
    assert run_json("crosswalk", "ISO30134:pue")["term"] == "pue"
    assert run_json("crosswalk", "--from", "CodeCarbon", "--to", "CycloneDX")
