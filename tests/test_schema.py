"""The ontology itself: enough indicators, each fully described, units that UCUM reads, stage mappings."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest
from linkml_runtime.utils.schemaview import SchemaView
from ucumvert import PintUcumRegistry

from aistd.build.indicator_table import parse_references
from aistd.knowledge import artifacts
from tests.conftest import SCHEMA_FILE

REFERENCE_CATALOGUE_CONFIDENCES = {"verified-from-source", "secondary-source", "recalled"}


@cache
def view() -> SchemaView:
    return SchemaView(str(SCHEMA_FILE))


@cache
def indicators() -> dict[str, Any]:
    return json.loads(artifacts.INDICATOR_TABLE.read_text(encoding="utf-8"))


@cache
def unit_table() -> dict[str, Any]:
    return json.loads(artifacts.UNIT_TABLE.read_text(encoding="utf-8"))


def test_at_least_sixty_indicator_slots() -> None:
    assert len(indicators()) >= 60


@pytest.mark.parametrize("name", sorted(indicators()))
def test_indicator_is_fully_described(name: str) -> None:
    entry = indicators()[name]
    assert len(entry["definition"]) >= 20, "a definition in our own words"
    assert entry["ucum"], "a UCUM unit code"
    assert entry["references"], "the clauses it rests on"
    assert {r["confidence"] for r in entry["references"]} <= REFERENCE_CATALOGUE_CONFIDENCES
    stages = set(view().get_enum("LifecycleStage").permissible_values) | {"all"}
    assert entry["stages"] and set(entry["stages"]) <= stages
    assert entry["classes"], "used by at least one class"


@pytest.mark.parametrize("name", sorted(indicators()))
def test_indicator_unit_is_read_by_ucum_and_admitted_by_its_quantity_class(name: str) -> None:
    entry = indicators()[name]
    registry = PintUcumRegistry()
    code = entry["ucum"]
    if entry["quantity_class"] is None:
        # plain numbers: a ratio ("1") or an annotated count ("{FLOP}", "{sample}/J")
        assert code == "1" or "{" in code
        return
    quantity_class = unit_table()[entry["quantity_class"]]
    assert code in quantity_class["units"], f"{code} is not admitted by {entry['quantity_class']}"
    assert str(registry.from_ucum(code).dimensionality) == quantity_class["dimension"]


def test_unit_table_factors_match_ucum() -> None:
    registry = PintUcumRegistry()
    for class_name, entry in unit_table().items():
        canonical = registry.from_ucum(entry["canonical_unit"])
        for code, unit in entry["units"].items():
            expected = registry.from_ucum(code).to(canonical.units).magnitude
            assert unit["factor_to_canonical"] == pytest.approx(expected, rel=1e-12), (class_name, code)


def test_known_unit_scales() -> None:
    energy = unit_table()["EnergyQuantity"]["units"]
    mass = unit_table()["CO2eMassQuantity"]["units"]
    assert energy["MW.h"]["factor_to_canonical"] == 1000
    assert energy["MJ"]["factor_to_canonical"] == pytest.approx(1 / 3.6)
    assert mass["g{CO2eq}"]["factor_to_canonical"] == pytest.approx(0.001)
    assert mass["t{CO2eq}"]["factor_to_canonical"] == 1000


def test_a_quantity_class_refuses_a_unit_of_another_dimension() -> None:
    from aistd.build.unit_table import UnitTableError, build_unit_table

    schema = view().schema
    bad_view = SchemaView(schema)
    bad_view.get_enum("EnergyUnit").permissible_values["kg"] = {"text": "kg"}
    bad_view.set_modified()
    with pytest.raises(UnitTableError, match="kg"):
        build_unit_table(bad_view)


def test_reference_lines_are_parsed_and_malformed_ones_refused() -> None:
    from aistd.build.indicator_table import ReferenceFormatError

    parsed = parse_references(
        "ISO/IEC 21031:2024 | SCI | verified-from-source\nIEEE P7100 | water | secondary-source | draft"
    )
    assert [r.provisional for r in parsed] == [False, True]
    with pytest.raises(ReferenceFormatError):
        parse_references("ISO/IEC 21031:2024 | SCI | guessed")


def test_provisional_references_are_marked() -> None:
    drafts = {r["document"] for e in indicators().values() for r in e["references"] if r["draft"]}
    assert {"IEEE P7100", "GSF SCI for AI"} <= drafts
    for entry in indicators().values():
        for reference in entry["references"]:
            assert reference["provisional"] == (reference["draft"] or reference["confidence"] == "recalled")


def test_names_follow_linkml_conventions() -> None:
    for name in view().all_classes():
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", name), name
    for name in view().all_slots():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name), name
    for name in view().all_enums():
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", name), name


@cache
def published_view() -> SchemaView:
    """The merged schema the build publishes, with the SSSOM crosswalks overlaid."""
    return SchemaView(str(artifacts.MERGED_SCHEMA))


def _stage_mappings(prefix: str) -> set[str]:
    found = set()
    for value in published_view().get_enum("LifecycleStage").permissible_values.values():
        for kind in ("exact_mappings", "close_mappings", "broad_mappings", "narrow_mappings"):
            found |= {curie.split(":", 1)[1] for curie in getattr(value, kind) or [] if curie.startswith(prefix + ":")}
    return found


def test_lifecycle_stages_cover_every_cyclonedx_activity() -> None:
    activities = {
        "design", "data-collection", "data-preparation", "training", "fine-tuning",
        "validation", "deployment", "inference", "other",
    }  # fmt: skip
    assert {f"activity.{a}" for a in activities} <= _stage_mappings("cdx")


def test_lifecycle_stages_cover_spdx_boamps_l1801_sci_ai_and_iso_5338() -> None:
    assert _stage_mappings("spdx_ai") == {
        "trainingEnergyConsumption", "finetuningEnergyConsumption", "inferenceEnergyConsumption",
    }  # fmt: skip
    assert {f"taskStage.{s}" for s in
            ("datacreation", "preprocessing", "training", "finetuning", "inference", "retraining")
            } == _stage_mappings("boamps")  # fmt: skip
    assert {f"L1801.{s}" for s in ("hardware-manufacture", "build-and-train", "inference", "end-of-life")} <= (
        _stage_mappings("itut")
    )
    assert {
        "inception",
        "design-and-development",
        "deployment",
        "operation-and-monitoring",
        "end-of-life",
    } <= (_stage_mappings("sciai"))
    assert len(_stage_mappings("iso5338")) >= 6


def test_every_area_of_the_ontology_is_present() -> None:
    classes = set(view().all_classes())
    assert {
        "Disclosure", "AISystem", "StageFootprint", "HardwareItem", "DataCentreReport", "SCIAssessment",
        "GHGInventory", "LifeCycleImpact", "FrugalityResult", "Methodology", "Assurance", "Location",
    } <= classes  # fmt: skip
    names = set(indicators())
    sci = {"sci_energy", "sci_carbon_intensity", "sci_embodied_emissions", "sci_total_embodied_emissions",
           "time_reserved", "sci_expected_lifespan", "resources_reserved", "total_resources",
           "functional_unit_count", "sci_score"}  # fmt: skip
    kpis = {"facility_energy", "it_equipment_energy", "renewable_energy", "reused_energy", "pue", "ref",
            "erf", "wue", "cue", "cer", "iteusv", "water_input"}  # fmt: skip
    assert sci <= names and kpis <= names
    assert {"primary_energy", "final_energy", "abiotic_depletion_elements"} <= names
    assert {"task_score", "energy_per_inference", "energy_per_training_run"} <= names
