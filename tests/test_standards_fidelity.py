"""Standards fidelity: each correction a reader who knows the standards asked for, held by a test.

Each test fails on the schema and rules as they were (0.1.0) and passes now.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from aistd.build.catalogues import CatalogueError, compile_documents, compile_profiles, compile_rules
from aistd.build.docs.environment import environment, render
from aistd.build.docs.pages import site_pages
from aistd.build.docs.tables import read_tables
from aistd.check import check_data
from aistd.knowledge import artifacts
from tests.conftest import ROOT


def disclosure(**report: Any) -> dict[str, Any]:
    base = {"id": "dc-1", "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-12-31"}}
    return {
        "id": "urn:x",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "Example Colocation B.V."},
        "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-12-31"},
        "data_centre_reports": [base | report],
    }


def verdicts(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in check_data(document) if f.severity.value != "info"]


def test_cue_counts_every_energy_source_of_the_site() -> None:
    """ISO/IEC 30134-8: the CO2e of all the site's energy (backup diesel included) over IT energy. A site that
    burns fuel has a CUE above grid factor x PUE, and that is no inconsistency."""
    site = {
        "it_equipment_energy": {"value": 10, "unit": "GW.h"},
        "pue": 1.2,
        "pue_category": "category-2",
        "grid_carbon_intensity": {"value": 250, "unit": "g{CO2eq}/(kW.h)"},
        "site_emissions": {"value": 3300, "unit": "t{CO2eq}"},  # 3,000 t of grid electricity + 300 t of diesel
        "emissions_accounting_method": "location-based",
        "cue": {"value": 0.33, "unit": "kg{CO2eq}/(kW.h)"},
    }
    assert verdicts(disclosure(**site)) == []
    assert verdicts(disclosure(**site, grid_electricity_only=True)) == [
        ("dc.cue-grid-pue", "/data_centre_reports/0/cue")
    ]
    wrong = site | {"cue": {"value": 0.29, "unit": "kg{CO2eq}/(kW.h)"}}
    assert verdicts(disclosure(**wrong)) == [("dc.cue-identity", "/data_centre_reports/0/cue")]


def test_a_data_centres_operational_emissions_are_its_site_emissions_now() -> None:
    old = {
        "operational_emissions": {"value": 3300, "unit": "t{CO2eq}"},
        "emissions_accounting_method": "location-based",
    }
    found = [(f.rule, f.pointer, f.message) for f in check_data(disclosure(**old))]
    assert found == [
        (
            "schema.deprecated",
            "/data_centre_reports/0/operational_emissions",
            "the slot `operational_emissions` is deprecated: use `site_emissions` instead",
        )
    ]


def test_a_correctly_rounded_erf_is_accepted() -> None:
    """ERF published as 0.02 for a true 0.0249: the half unit of its last digit (0.005), not 1 % of it."""
    site = {
        "facility_energy": {"value": 10000, "unit": "MW.h"},
        "reused_energy": {"value": 249, "unit": "MW.h"},
        "erf": 0.02,
        "ref": 0.7,
        "renewable_energy": {"value": 7040, "unit": "MW.h"},  # REF 0.704, published 0.7
    }
    assert verdicts(disclosure(**site)) == []
    assert verdicts(disclosure(**site | {"erf": 0.04})) == [("dc.erf-identity", "/data_centre_reports/0/erf")]


def test_the_eu_wue_is_water_input_over_it_energy_in_litres_per_kwh() -> None:
    """DR 2024/1364 Annex III (b): WUE = W_IN / E_IT, m3 over MWh (= L/kWh, factor 1, not 1000), and an input, not
    the consumption ISO/IEC 30134-9 counts."""
    from aistd.knowledge.crosswalks import mapping_table

    rows = {(row["subject_id"], row["object_id"]): row for row in mapping_table()["mappings"]}
    input_row, iso_row = rows[("aistd:wue_water_input", "eudc:WUE")], rows[("aistd:wue", "eudc:WUE")]
    assert (input_row["predicate_id"], input_row["object_unit"], input_row["unit_conversion_factor"]) == (
        "skos:exactMatch",
        "m3/(MW.h)",
        1,
    )
    assert iso_row["predicate_id"] == "skos:relatedMatch" and iso_row["unit_conversion_factor"] == 1
    site = {
        "water_input": {"value": 7800, "unit": "m3"},
        "it_equipment_energy": {"value": 14000, "unit": "MW.h"},
        "wue_water_input": {"value": 0.557, "unit": "L/(kW.h)"},
    }
    assert verdicts(disclosure(**site)) == []
    consumption_figure = site | {"wue_water_input": {"value": 0.4, "unit": "L/(kW.h)"}}  # 5,600 m3 consumed / IT
    assert verdicts(disclosure(**consumption_figure)) == [
        ("dc.wue-input-identity", "/data_centre_reports/0/wue_water_input")
    ]


def test_the_eu_profile_asks_for_what_operators_report_not_for_what_the_commission_computes() -> None:
    """DR 2024/1364: operators report Annex I and II items; the Annex III indicators (PUE, WUE, ERF, REF) are
    computed from them, so a report without them meets the profile, and one without its type does not."""
    reported = {
        "name": "AMS-1",
        "data_centre_type": "colocation",
        "location": {"country": "NL", "lau_code": "GM0363"},
        "installed_it_power": {"value": 2400, "unit": "kW"},
        "facility_energy": {"value": 17640, "unit": "MW.h"},
        "it_equipment_energy": {"value": 14000, "unit": "MW.h"},
        "total_floor_area": {"value": 9500, "unit": "m2"},
        "computer_room_floor_area": {"value": 3800, "unit": "m2"},
        "water_input": {"value": 7800, "unit": "m3"},
        "potable_water_input": {"value": 2100, "unit": "m3"},
        "reused_energy": {"value": 882, "unit": "MW.h"},
        "renewable_energy": {"value": 12348, "unit": "MW.h"},
        "renewable_energy_certificates": {"value": 8820, "unit": "MW.h"},
        "renewable_energy_ppa": {"value": 3000, "unit": "MW.h"},
        "renewable_energy_onsite": {"value": 528, "unit": "MW.h"},
        "waste_heat_temperature": {"value": 32, "unit": "Cel"},
        "intake_air_temperature_setpoint": {"value": 24, "unit": "Cel"},
        "backup_generator_energy": {"value": 12, "unit": "MW.h"},
    }
    document = disclosure(**reported) | {"conforms_to": ["eu-dc-2024-1364"]}
    assert verdicts(document) == []
    untyped = disclosure(**{k: v for k, v in reported.items() if k != "data_centre_type"})
    assert verdicts(untyped | {"conforms_to": ["eu-dc-2024-1364"]}) == [
        ("eu-dc-2024-1364.data-centre", "/data_centre_reports/0")
    ]
    computed = [f.message.split(": ", 1)[1] for f in check_data(document) if f.severity.value == "info"]
    assert computed == [
        "facility_energy / it_equipment_energy = 1.26 (the item does not state it)",
        "water_input / it_equipment_energy = 0.557143 L/(kW.h) (the item does not state it)",
        "reused_energy / facility_energy = 0.05 (the item does not state it)",
        "renewable_energy / facility_energy = 0.7 (the item does not state it)",
    ]


def test_the_eu_profile_reports_the_annex_iii_indicators_it_computes_beside_what_a_report_states() -> None:
    """DR 2024/1364 Annex III: PUE = E_DC/E_IT "shall be calculated" from the reported values. A stated PUE is shown
    beside the computed one, and a stated PUE the energies do not give is the rule's error, not the profile's."""
    energies = {"facility_energy": {"value": 12, "unit": "GW.h"}, "it_equipment_energy": {"value": 10, "unit": "GW.h"}}
    stated = disclosure(**energies, pue=1.5, pue_category="category-1") | {"conforms_to": ["eu-dc-2024-1364"]}
    found = {f.rule: f for f in check_data(stated)}
    assert found["eu-dc-2024-1364.pue"].severity.value == "info"
    assert found["eu-dc-2024-1364.pue"].message.endswith("= 1.2 (the item states 1.5)")
    assert found["dc.pue-identity"].severity.value == "error"
    assert "eu-dc-2024-1364.pue" not in {f.rule for f in check_data(disclosure(**energies))}  # profile not claimed
    halves = disclosure(facility_energy={"value": 12, "unit": "GW.h"}) | {"conforms_to": ["eu-dc-2024-1364"]}
    assert "eu-dc-2024-1364.pue" not in {f.rule for f in check_data(halves)}  # E_IT missing: nothing computed


def test_the_unep_profile_follows_the_2025_u4e_guidelines_as_far_as_they_can_be_read() -> None:
    """UNEP U4E, Sustainable Procurement Guidelines for Data Centres and Servers (2025): criteria named in secondary
    sources only, no thresholds read, so the profile is provisional and asks with warnings, power supply efficiency,
    idle power and the operating envelope included."""
    from aistd.knowledge.profiles import profiles

    unep = profiles()["unep-dc-procurement"]
    assert unep.provisional and "U4E" in unep.title and "2025" in unep.title
    assert {requirement["severity"] for requirement in unep.requirements} == {"warning"}
    asked = {slot for requirement in unep.requirements for slot in requirement.get("slots") or []}
    assert {"pue", "iteesv", "cer", "psu_efficiency", "server_idle_power", "ref", "operating_temperature"} <= asked
    document = disclosure(pue=1.3, pue_category="category-2") | {"conforms_to": ["unep-dc-procurement"]}
    raised = {(f.rule, f.severity.value) for f in check_data(document) if f.rule.startswith("unep")}
    assert ("unep-dc-procurement.servers", "warning") in raised and all(level == "warning" for _, level in raised)


def test_predicates_and_attributions_a_standards_reader_corrected() -> None:
    from aistd.knowledge.crosswalks import mapping_table

    rows = {(row["subject_id"], row["object_id"]): row["predicate_id"] for row in mapping_table()["mappings"]}
    assert rows[("aistd:LifecycleStage.design", "cdx:activity.design")] == "skos:broadMatch"
    assert rows[("aistd:LifecycleStage.end-of-life", "sciai:end-of-life")] == "skos:closeMatch"
    assert rows[("aistd:LifecycleStage.retraining", "iso5338:re-evaluation")] == "skos:relatedMatch"
    assert rows[("aistd:wue", "codecarbon:wue")] == "skos:relatedMatch"
    assert rows[("aistd:compute_operations", "euaiact:annex-xi-1-2d-computational-resources")] == "skos:broadMatch"
    assert rows[("aistd:duration", "euaiact:annex-xi-1-2d-training-time")] == "skos:closeMatch"
    assert rows[("aistd:parameter_count", "euaiact:annex-xi-1-1d-parameters")] == "skos:exactMatch"
    assert ("aistd:modalities", "euaiact:annex-xi-1-1e-modality") in rows
    assert not any(obj == "iso30134:W_source" for _, obj in rows), "source WUE is The Green Grid's, not ISO's"


def test_the_ai_act_profile_is_no_stricter_than_the_act() -> None:
    """Annex XI 2(d): computational resources, the FLOP count being an example; 1(d) and 1(e): parameters and
    modalities. Accelerator-hours meet the compute item; a model without its parameters does not meet 1(d)."""
    document = {
        "id": "urn:x",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "Example AI Lab SAS"},
        "reporting_period": {"start_date": "2025", "end_date": "2025"},
        "conforms_to": ["eu-ai-act-annex-xi"],
        "ai_systems": [
            {
                "id": "m",
                "name": "M",
                "version": "1",
                "system_type": "general-purpose-model",
                "parameter_count": 7e9,
                "modalities": ["text"],
            }
        ],
        "footprints": [
            {
                "id": "t",
                "system": "m",
                "stage": "training",
                "accelerator_hours": {"value": 184320, "unit": "h"},
                "duration": {"value": 30, "unit": "d"},
                "energy_consumption": {"value": 80, "unit": "MW.h"},
                "energy_boundary": "facility",
                "measurement_status": "estimated",
                "method": "GPU-hours times power times PUE",
            }
        ],
    }
    assert verdicts(document) == []
    del document["ai_systems"][0]["parameter_count"]
    assert verdicts(document) == [("eu-ai-act-annex-xi.model-description", "/ai_systems/0")]


def test_references_support_what_they_are_attached_to_and_say_what_was_read() -> None:
    from aistd.knowledge.indicators import indicator_table
    from aistd.knowledge.profiles import profiles
    from aistd.knowledge.rules import rule_catalogue

    rules = rule_catalogue()
    unrelated = ("SCI", "2024/1364", "2024/1689", "14040")
    for rule in (
        "units.dimension",
        "period.order",
        "period.measurement-inside",
        "refs.known-system",
        "refs.unique-ids",
    ):
        assert not any(word in reference for reference in rules[rule].references for word in unrelated), rule
    cited = [ref for spec in rules.values() for ref in spec.references] + [
        ref["document"] for entry in indicator_table().values() for ref in entry["references"]
    ]
    assert not any(ref.startswith("ISO/IEC 21031:2024 (SCI 1.1.0)") for ref in cited), "only GSF SCI 1.1.0 was read"
    afnor = profiles()["afnor-spec-2314"]
    assert all("| draft" not in clause and "2024" in clause for clause in afnor.references), "published in 2024"


def test_the_vocabulary_pages_say_what_each_crosswalk_rests_on() -> None:
    from aistd.build.docs import generate_pages
    from aistd.knowledge import artifacts
    from aistd.knowledge.crosswalks import vocabulary_stats
    from tests.conftest import ROOT

    pages = generate_pages(artifacts.ARTIFACT_DIR, ROOT / "mappings")
    reading = vocabulary_stats("eu-dc-2024-1364", [])["reading"]
    expected = (
        f"| Rows resting on | {reading['verified-from-source']} content read at the source, "
        f"{reading['secondary-source']} read in a secondary source, {reading['recalled']} recalled |"
    )
    assert expected in pages["vocabularies/eu-dc-2024-1364.md"]


def test_coverage_the_review_found_missing_is_there_and_checked() -> None:
    """WUE measurement category, CUE category (kept as written: ISO/IEC 30134-8's categories were not read),
    circularity (reuse, e-waste, recycled content, end of life), ADP per component,
    ADPf and critical raw materials, scarcity-weighted and embodied water in an LCA, PSU efficiency and idle power,
    data-centre type and NUTS location: each a slot, each with its constraint."""
    site = {
        "wue_category": "category-2",
        "cue_category": "category 2 (as the operator's report names it)",
        "reused_equipment_share": 0.12,
        "ewaste_mass": {"value": 4.2, "unit": "t"},
        "end_of_life_treatment": "refurbishment",
        "psu_efficiency": 0.94,
        "server_idle_power": {"value": 110, "unit": "W"},
        "data_centre_type": "enterprise",
        "location": {"country": "FR", "nuts_code": "FR101"},
    }
    document = disclosure(**site)
    document["ai_systems"] = [{"id": "m", "name": "M"}]
    document["footprints"] = [
        {
            "id": "t",
            "system": "m",
            "stage": "training",
            "hardware": [
                {
                    "hardware_type": "gpu",
                    "hardware_count": 8,
                    "hardware_abiotic_depletion": {"value": 0.04, "unit": "kg{Sb_eq}"},
                    "recycled_content_share": 0.2,
                    "end_of_life_treatment": "recycling",
                }
            ],
        }
    ]
    document["life_cycle_impacts"] = [
        {
            "id": "lca",
            "system": "m",
            "lca_phase": "total",
            "abiotic_depletion_fossil": {"value": 1.2e6, "unit": "MJ"},
            "water_scarcity_footprint": {"value": 41000, "unit": "m3{world_eq}"},
            "water_embodied": {"value": 250, "unit": "m3"},
            "critical_raw_materials": ["cobalt", "neodymium"],
        }
    ]
    assert verdicts(document) == []
    broken = disclosure(**site | {"reused_equipment_share": 12, "wue_category": "category-3"})
    assert sorted(verdicts(broken)) == [
        ("schema.enum", "/data_centre_reports/0/wue_category"),
        ("schema.maximum", "/data_centre_reports/0/reused_equipment_share"),
    ]


def test_a_profile_computing_an_indicator_must_name_a_rule_that_computes_it(tmp_path: Path) -> None:
    """The build refuses a computed indicator whose rule is not `slot = expression` (nothing to compute)."""
    sources = ROOT / "schema"
    rules = {r["id"]: r for r in compile_rules(sources / "rules.yaml", sources / "meta" / "catalogue.yaml")["rules"]}
    profile = yaml.safe_load((sources / "profiles" / "eu-dc-2024-1364.yaml").read_text(encoding="utf-8"))
    (tmp_path / "eu-dc-2024-1364.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    assert compile_profiles(tmp_path, sources / "meta" / "catalogue.yaml", rules)["profiles"]
    profile["computes"][0]["rule"] = "dc.reporting-threshold"  # a bound, not a computation
    (tmp_path / "eu-dc-2024-1364.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"dc\.reporting-threshold is not `slot = expression`"):
        compile_profiles(tmp_path, sources / "meta" / "catalogue.yaml", rules)


def test_every_cited_document_has_its_edition_status_and_the_pages_show_it(tmp_path: Path) -> None:
    """Cite current editions: every document a reference names is in the register with what is known of newer
    editions (ISO/IEC 30134-2:2016 is superseded, its new edition unread); a reference outside it stops the build."""
    documents = json.loads(artifacts.DOCUMENT_TABLE.read_text(encoding="utf-8"))["documents"]
    assert documents["ISO/IEC 30134-2:2016"]["status"] == "superseded"
    assert documents["ISO/IEC 30134-9:2022"]["status"] == "under-revision"
    assert documents["ITU-T L.1801 (02/2026)"]["status"] == "current"
    register = ROOT / "schema" / "meta" / "documents.yaml"
    meta = ROOT / "schema" / "meta" / "catalogue.yaml"
    assert set(compile_documents(register, meta, set(documents))["documents"]) == set(documents)
    with pytest.raises(CatalogueError, match="cited but not in the register"):
        compile_documents(register, meta, set(documents) | {"ISO/IEC 30134-2:2026"})
    tables = read_tables(artifacts.ARTIFACT_DIR, ROOT / "mappings")
    pages = {page.path: page for page in site_pages(tables)}
    pue = render(environment(tables), "indicator.md.j2", **pages["indicators/pue.md"].context)
    assert "| ISO/IEC 30134-2:2016 | PUE | secondary-source | superseded |" in pue
    sources = render(environment(tables), "sources.md.j2", **pages["reference/sources.md"].context)
    assert "| ISO/IEC 30134-2:2016 | superseded | Reported withdrawn in 2026" in sources
