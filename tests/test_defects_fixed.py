"""Defects found while the package was reorganised by stage, one regression test each."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest

from aistd.knowledge.indicators import indicator_table
from aistd.knowledge.units import describe, magnitude, slot_unit
from aistd.load.walk import collect
from aistd.validation import Options, check_file
from tests.conftest import EXAMPLES

BOM = """{{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
 "components": [{{"type": "machine-learning-model", "name": "m", "bom-ref": "m",
   "modelCard": {{"considerations": {{"environmentalConsiderations": {{"energyConsumptions": [
     {{"activity": "training", "activityEnergyCost": {{"value": {value}, "unit": "kWh"}}, "oddity": 3}}]}}}}}}}}]}}
"""


def test_a_slot_has_one_unit_the_one_its_indicator_declares() -> None:
    """Two `canonical_unit` functions answered differently for a quarter of the slots (cue: g vs kg per kWh)."""
    for slot, entry in indicator_table().items():
        if entry["quantity_class"] is not None:
            assert slot_unit(slot) == entry["ucum"], slot
    report = {"cue": {"value": 300, "unit": "g{CO2eq}/(kW.h)"}}
    assert magnitude(report, "cue") == pytest.approx(0.3)
    assert describe(0.3, "cue") == "0.3 kg{CO2eq}/(kW.h)"
    assert magnitude(report, "cue", "g{CO2eq}/(kW.h)") == pytest.approx(300)


def test_losses_are_placed_in_their_own_file_even_when_two_texts_hash_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Source positions were cached under hash(text): two texts with one hash shared one set of places."""
    short = tmp_path / "a.cdx.json"
    short.write_text(BOM.format(value=1), encoding="utf-8")
    longer = tmp_path / "b.cdx.json"
    longer.write_text("\n\n\n" + BOM.format(value=2), encoding="utf-8")
    real_hash = builtins.hash
    monkeypatch.setattr(builtins, "hash", lambda value: 0 if isinstance(value, str) else real_hash(value))
    lines = []
    for path in (short, longer):
        lost = [f for f in check_file(path, Options()).result.findings if f.rule == "convert.lost"]
        lines.append({f.line for f in lost if "oddity" in f.message})
    assert lines[0] and lines[1] and lines[1] == {line + 3 for line in lines[0]}


@pytest.mark.parametrize("suffix", [".TTL", ".Nt", ".JSONLD"])
def test_rdf_suffixes_are_told_apart_without_regard_to_case(tmp_path: Path, suffix: str) -> None:
    """The folder walk compared suffixes case-insensitively for RDF and check_file case-sensitively."""
    graph = tmp_path / f"graph{suffix}"
    graph.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert [f.rule for f in check_file(graph, Options()).result.findings] == ["load.rdf-needs-flag"]
    assert collect([tmp_path], rdf=True).files == [graph]
    assert collect([tmp_path], rdf=False).files == [tmp_path], "reported as a folder with nothing to check"


def test_upper_case_disclosure_suffixes_are_found_in_folders(tmp_path: Path) -> None:
    example = next((EXAMPLES / "valid").glob("*.json"))
    (tmp_path / "DISCLOSURE.JSON").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    (found,) = collect([tmp_path]).files
    assert found.name == "DISCLOSURE.JSON"
    assert check_file(found, Options()).result.findings == []
    assert json.loads(found.read_text(encoding="utf-8"))["id"]


def test_a_final_run_is_not_compared_with_the_sum_of_a_final_run_and_all_experiments() -> None:
    """crosswalk.total-of-parts summed parts of every training scope: BLOOM's final run (24,690 kg) was said to
    differ from final run + all experiments (90,980 kg) of another document."""
    from aistd.check.rules import run_cross_document_rules

    def document(*footprints: dict[str, object]) -> dict[str, object]:
        return {"ai_systems": [{"id": "bloom", "name": "BLOOM"}], "footprints": list(footprints)}

    def run(scope: str, value: float) -> dict[str, object]:
        return {
            "id": scope,
            "system": "bloom",
            "stage": "training",
            "training_scope": scope,
            "operational_emissions": {"value": value, "unit": "kg{CO2eq}"},
            "emissions_accounting_method": "location-based",
        }

    def totals(*documents: dict[str, object]) -> list[str]:
        return [f.rule for _, f in run_cross_document_rules(list(documents)) if f.rule == "crosswalk.total-of-parts"]

    one = document(run("final-run", 24690))
    assert [
        f.rule
        for _, f in run_cross_document_rules([one, document(run("final-run", 24690), run("all-experiments", 66290))])
    ] == []
    assert totals(one, document({**run("final-run", 20000), "id": "a"}, {**run("final-run", 4690), "id": "b"})) == []
    wrong = document({**run("final-run", 20000), "id": "a"}, {**run("final-run", 9690), "id": "b"})
    assert totals(one, wrong) == ["crosswalk.total-of-parts"]
