"""SPDX 3.0.1 AI packages: the real documents read, valid JSON-LD written (JSON Schema and SHACL), round trips."""

from __future__ import annotations

import copy
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aistd.check import check_data
from aistd.conversion import ConversionError, convert, read_input
from aistd.conversion.disclosure import NOT_STATED
from aistd.conversion.formats.spdx3 import FORMAT, element_iri
from aistd.conversion.registry import detect
from aistd.knowledge.units import magnitude, unit_table
from aistd.load import load_path
from aistd.load.detect import looks_like
from tests.conftest import EXAMPLES, ROOT
from tests.strategies import disclosures

WG_SNIPPET = "spdx-ai-wg-site/minimal-aipackage.spdx3.json"
SIMPLEHTR = "spdx-examples/ai/example01/spdx3.0/simplehtr-example.json"
DATASET = "spdx-examples/dataset/example01/spdx3.0/example01.spdx3.json"
FIXTURE = ROOT / "tests" / "data" / "convert" / "spdx3" / "three-stages.spdx3.json"
EXAMPLE_FILES = sorted((EXAMPLES / "valid").iterdir())
SPDX_STAGES = ["training", "fine-tuning", "inference"]


# --- helpers ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spdx_corpus(corpus_dir: Path) -> Path:
    return corpus_dir / "spdx3"


@pytest.fixture(scope="session")
def spdx_schemas(corpus_dir: Path) -> Path:
    return corpus_dir.parent / "schemas" / "spdx3"


@pytest.fixture(scope="session")
def spdx_validator(spdx_schemas: Path) -> Any:
    """python-jsonschema over the official 3.0.1 JSON Schema (self-contained: no $ref leaves the file)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads((spdx_schemas / "v3.0.1-schema.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def fast_spdx_validator(spdx_schemas: Path) -> Any:
    """jsonschema-rs over the same schema, for the many documents of the property test."""
    import jsonschema_rs

    schema = json.loads((spdx_schemas / "v3.0.1-schema.json").read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema, offline=True)


def schema_errors(validator: Any, text: str) -> list[str]:
    """The schema's complaints about a document (python-jsonschema or jsonschema-rs errors)."""
    return [f"{getattr(e, 'json_path', '')}: {e.message[:200]}" for e in validator.iter_errors(json.loads(text))]


def disclosure(*footprints: dict[str, Any], systems: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "id": "urn:example:disclosure:test",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "Example Lab"},
        "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-12-31"},
        "issued": "2025-07-01",
        "ai_systems": systems or [{"id": "m", "name": "Model M", "version": "2"}],
        "footprints": list(footprints),
    }


def footprint(stage: str = "training", **slots: Any) -> dict[str, Any]:
    return {"id": f"f-{stage}", "system": "m", "stage": stage, **slots}


def kwh(value: float, unit: str = "kW.h") -> dict[str, Any]:
    return {"value": value, "unit": unit}


def package(text: str, index: int = 0) -> dict[str, Any]:
    return [n for n in json.loads(text)["@graph"] if n["type"] == "ai_AIPackage"][index]


def where(conversion: Any) -> set[str]:
    return {loss.where for loss in conversion.losses}


def one_package_document(
    energy: dict[str, Any], context: str = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
) -> str:
    node = {"type": "ai_AIPackage", "spdxId": "https://example.org/p", "name": "p", "ai_energyConsumption": energy}
    return json.dumps({"@context": context, **node})


# --- reading the corpus -----------------------------------------------------------------------------


def test_the_corpus_holds_exactly_the_files_these_tests_know(spdx_corpus: Path) -> None:
    found = {p.relative_to(spdx_corpus).as_posix() for p in spdx_corpus.rglob("*") if p.is_file()}
    assert found == {WG_SNIPPET, SIMPLEHTR, DATASET}


def test_the_ai_wg_snippet_with_the_wrong_context(spdx_corpus: Path) -> None:
    """It names the 3.0 context (invalid against the 3.0.1 schema); the terms are read all the same."""
    conversion = read_input(spdx_corpus / WG_SNIPPET, "spdx3")
    document = conversion.document
    assert document["ai_systems"] == [
        {"id": "https://example.org/model-abc123", "name": "sentiment-classifier", "version": "1.1.2"}
    ]
    (found,) = document["footprints"]
    assert found["stage"] == "inference" and found["energy_consumption"] == {"value": 3.6e-06, "unit": "kW.h"}
    assert document["issued"] == "2025-01-15"
    lost = {loss.where: loss for loss in conversion.losses}
    assert lost["/@context"].value == "https://spdx.org/rdf/3.0/spdx-context.jsonld"
    assert lost["/@graph/0/creationInfo/createdBy/0"].value == "https://example.org/agent/ai-team"
    assert {fill.where for fill in conversion.fills} == {
        "/id", "/reporting_entity", "/reporting_period", "/footprints/0/energy_boundary"
    }  # fmt: skip
    assert found["energy_boundary"] == "not-stated"
    text = (spdx_corpus / WG_SNIPPET).read_text(encoding="utf-8").splitlines()
    line, column = conversion.origins["/footprints/0/energy_consumption/value"]
    assert text[line - 1][column - 1 :].startswith('"0.0000036"')


def test_an_ai_bom_without_energy_gives_its_models_only(spdx_corpus: Path) -> None:
    conversion = read_input(spdx_corpus / SIMPLEHTR, "spdx3")
    document = conversion.document
    assert document["id"] == "https://my-first-aibom.com/document1"
    assert [(s["name"], s["version"]) for s in document["ai_systems"]] == [("word-model", "0.0"), ("line-model", "0.0")]
    assert "footprints" not in document
    assert document["reporting_entity"] == {"name": "Gopi Krishnan Rajbahadur"}
    (elements,) = [loss for loss in conversion.losses if loss.where == "/@graph"]
    assert elements.value["software_File"] > 10


def test_a_dataset_document_has_nothing_to_convert(spdx_corpus: Path) -> None:
    with pytest.raises(ConversionError, match="no ai_AIPackage element"):
        read_input(spdx_corpus / DATASET, "spdx3")


@pytest.mark.parametrize("name", [WG_SNIPPET, SIMPLEHTR])
def test_corpus_results_conform_to_the_aistd_schema(spdx_corpus: Path, name: str) -> None:
    document = read_input(spdx_corpus / name, "spdx3").document
    findings = {(f.rule, f.message) for f in check_data(document) if f.rule.startswith(("schema.", "units."))}
    assert findings == set()  # SPDX states no energy boundary: recorded as not stated, and said so


# --- reading: the fixture, quirks and bad input -----------------------------------------------------


def test_the_fixture_is_valid_spdx(spdx_validator: Any) -> None:
    assert schema_errors(spdx_validator, FIXTURE.read_text(encoding="utf-8")) == []


def test_three_stages_units_and_references() -> None:
    conversion = read_input(FIXTURE, "spdx3")
    document = conversion.document
    assert document["reporting_entity"] == {"name": "Example Lab"}  # the organisation, not the person
    stages = [(f["system"].rsplit("/", 1)[1], f["stage"], f["energy_consumption"]) for f in document["footprints"]]
    assert stages == [
        ("sentiment", "training", kwh(0.0048269)),
        ("sentiment", "fine-tuning", kwh(36, "MJ")),
        ("sentiment", "inference", kwh(3.6e-06)),
        ("translator", "training", kwh(1500)),  # its EnergyConsumption is a node referenced by id
    ]
    assert magnitude(document["footprints"][1], "energy_consumption") == pytest.approx(10)  # 36 MJ = 10 kWh
    lost = {loss.where: loss for loss in conversion.losses}
    other = lost["/@graph/4/ai_energyConsumption/ai_finetuningEnergyConsumption/1"]
    assert other.value == {"ai_energyQuantity": "12.5", "ai_energyUnit": "other"} and "names no unit" in other.reason
    assert lost["/@graph/1/name"].value == "Ada Example"
    assert lost["/@graph"].value == {"Relationship": 1}
    assert len({f["id"] for f in document["footprints"]}) == 4


@pytest.mark.parametrize(
    ("quantity", "unit", "expected"),
    [
        ("0.0000036", "kilowattHour", kwh(3.6e-06)),
        (2, "spdx:AI/EnergyUnitType/megajoule", kwh(2, "MJ")),
        ("7.", "https://spdx.org/rdf/3.0.1/terms/AI/EnergyUnitType/kilowattHour", kwh(7)),
        ("3.6e-06", "kilowattHour", kwh(3.6e-06)),
    ],
)
def test_quantity_and_unit_spellings(quantity: Any, unit: str, expected: dict[str, Any]) -> None:
    """Decimals as strings or numbers; units as vocabulary names, prefixed names or full IRIs."""
    description = {"type": "ai_EnergyConsumptionDescription", "ai_energyQuantity": quantity, "ai_energyUnit": unit}
    text = one_package_document({"type": "ai_EnergyConsumption", "ai_inferenceEnergyConsumption": [description]})
    conversion = FORMAT.read(text, "x.json")
    (found,) = conversion.document["footprints"]
    assert found["energy_consumption"] == expected
    assert conversion.losses == []


def test_an_unreadable_quantity_is_lost() -> None:
    description = {"ai_energyQuantity": "about 3", "ai_energyUnit": "kilowattHour"}
    conversion = FORMAT.read(one_package_document({"ai_trainingEnergyConsumption": [description]}), "x.json")
    assert "footprints" not in conversion.document
    (lost,) = [loss for loss in conversion.losses if "decimal" in loss.reason]
    assert lost.value["ai_energyQuantity"] == "about 3"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "only the JSON-LD serialisation"),
        ("@prefix spdx: <https://spdx.org/rdf/3.0.1/terms/> .", "only the JSON-LD serialisation"),
        ('{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [', "line"),
        ('{"@context": "https://example.org/context.jsonld", "@graph": []}', "not the SPDX 3 context"),
        ('{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT"}', "not the SPDX 3 context"),
        ('{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}', "no ai_AIPackage"),
    ],
)
def test_bad_input_is_a_conversion_error_never_a_traceback(text: str, message: str) -> None:
    with pytest.raises(ConversionError) as error:
        FORMAT.read(text, "x.json")
    assert message in str(error.value) or (message == "line" and error.value.line is not None)


# --- sniffing ---------------------------------------------------------------------------------------


def test_sniff_recognises_every_corpus_file(spdx_corpus: Path) -> None:
    for path in [*spdx_corpus.rglob("*.json"), FIXTURE]:
        text = path.read_text(encoding="utf-8")
        assert looks_like("spdx3", str(path), text), path
        assert detect(str(path), text) == "spdx3"


def test_sniff_rejects_the_other_formats_files(corpus_dir: Path) -> None:
    others = [p for p in corpus_dir.rglob("*") if p.is_file() and "spdx3" not in p.parts]
    assert len(others) > 50
    for path in [*others, *EXAMPLE_FILES]:
        text = path.read_bytes()[:65536].decode("utf-8", "replace")
        assert not looks_like("spdx3", str(path), text), path


# --- writing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_writes_spdx_valid_against_the_official_schema(spdx_validator: Any, path: Path) -> None:
    written = FORMAT.write(load_path(path).data)
    assert schema_errors(spdx_validator, written.document) == []


def shacl_report(spdx_schemas: Path, text: str) -> tuple[bool, str]:
    """pySHACL over the official model, the context read from the local copy (never fetched)."""
    pyshacl = pytest.importorskip("pyshacl")
    rdflib = pytest.importorskip("rdflib")
    shapes = rdflib.Graph().parse(spdx_schemas / "v3.0.1-spdx-model.ttl", format="turtle")
    data = json.loads(text)
    data["@context"] = json.loads((spdx_schemas / "v3.0.1-spdx-context.jsonld").read_text(encoding="utf-8"))["@context"]
    graph = rdflib.Graph().parse(data=json.dumps(data), format="json-ld")
    conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=shapes, inference="none")
    return conforms, report


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_written_documents_conform_to_the_spdx_shacl_model(spdx_schemas: Path) -> None:
    source = disclosure(
        footprint("training", energy_consumption=kwh(148.8, "MW.h")),
        footprint("fine-tuning", energy_consumption=kwh(36, "MJ")),
        footprint("inference", energy_consumption=kwh(3.6e-06)) | {"system": "n"},
        systems=[{"id": "m", "name": "Model M", "version": "2"}, {"id": "n", "name": "Model N"}],
    )
    written = FORMAT.write(source).document
    conforms, report = shacl_report(spdx_schemas, written)
    assert conforms, report
    broken = json.loads(written)
    package_node = next(n for n in broken["@graph"] if n["type"] == "ai_AIPackage")
    package_node["ai_energyConsumption"]["ai_trainingEnergyConsumption"][0]["ai_energyQuantity"] = 1.5e-06
    assert not shacl_report(spdx_schemas, json.dumps(broken))[0], "an exponent number is an xsd:double, not a decimal"


def test_quantities_are_decimal_strings_without_exponent(fast_spdx_validator: Any) -> None:
    """Quirk 7: `3.6e-06` fails the JSON Schema pattern (and is an xsd:double); SPDX wants 0.0000036."""
    source = disclosure(
        footprint("inference", energy_consumption=kwh(3.6e-06)),
        footprint("training", energy_consumption=kwh(1e20, "W.h")),
        footprint("fine-tuning", energy_consumption=kwh(2.5, "GJ")),
    )
    written = FORMAT.write(source).document
    energy = package(written)["ai_energyConsumption"]
    assert energy["ai_inferenceEnergyConsumption"] == [
        {"type": "ai_EnergyConsumptionDescription", "ai_energyQuantity": "0.0000036", "ai_energyUnit": "kilowattHour"}
    ]
    assert energy["ai_trainingEnergyConsumption"][0]["ai_energyQuantity"] == "100000000000000000"  # 1e20 Wh in kWh
    assert energy["ai_finetuningEnergyConsumption"][0]["ai_energyQuantity"] == "694.444444444445"  # 2.5 GJ in kWh
    assert schema_errors(fast_spdx_validator, written) == []


def test_megajoules_stay_megajoules() -> None:
    written = FORMAT.write(disclosure(footprint(energy_consumption=kwh(36, "MJ")))).document
    (description,) = package(written)["ai_energyConsumption"]["ai_trainingEnergyConsumption"]
    assert (description["ai_energyQuantity"], description["ai_energyUnit"]) == ("36", "megajoule")


def test_emissions_and_other_figures_ride_in_the_aistd_extension(fast_spdx_validator: Any) -> None:
    """Quirk 7: SPDX 3.0.1 has no property for CO2, boundaries, water or hardware; the footprint is carried whole in
    an `aistd:footprint` property of a CdxPropertiesExtension on its package, and comes back."""
    source = footprint(
        energy_consumption=kwh(5),
        operational_emissions={"value": 1, "unit": "kg{CO2eq}"},
        energy_boundary="facility",
        water_consumption_site={"value": 2, "unit": "L"},
    )
    document = disclosure(source)
    written = FORMAT.write(document)
    assert written.losses == [] and schema_errors(fast_spdx_validator, written.document) == []
    written_package = package(written.document)
    assert written_package["ai_energyConsumption"]["ai_trainingEnergyConsumption"][0]["ai_energyQuantity"] == "5"
    (ext,) = written_package["extension"]
    names = [entry["extension_cdxPropName"] for entry in ext["extension_cdxProperty"]]
    assert ext["type"] == "extension_CdxPropertiesExtension" and names == ["aistd:system:id", "aistd:footprint"]
    assert json.loads(ext["extension_cdxProperty"][1]["extension_cdxPropValue"]) == source
    back = FORMAT.read(written.document, "doc.spdx3.json")
    assert back.document == document and back.losses == []


def test_the_document_names_the_ai_profile_it_uses() -> None:
    graph = json.loads(FORMAT.write(disclosure(footprint(energy_consumption=kwh(1)))).document)["@graph"]
    (document,) = [node for node in graph if node["type"] == "SpdxDocument"]
    assert document["profileConformance"] == ["core", "software", "ai"]


def test_energy_lists_edited_since_aistd_wrote_them_win_over_the_carried_footprints() -> None:
    data = json.loads(FORMAT.write(disclosure(footprint(energy_consumption=kwh(5)))).document)
    energy = package(json.dumps(data))["ai_energyConsumption"]
    (node,) = [n for n in data["@graph"] if n.get("type") == "ai_AIPackage"]
    node["ai_energyConsumption"]["ai_trainingEnergyConsumption"][0]["ai_energyQuantity"] = "7"
    assert energy  # written
    back = FORMAT.read(json.dumps(data), "doc.spdx3.json")
    assert back.document["footprints"][0]["energy_consumption"] == kwh(7)
    (loss,) = back.losses
    assert "disagrees with the package's own energy consumption lists" in loss.reason


@pytest.mark.parametrize(
    ("stage", "key"),
    [("training", "ai_trainingEnergyConsumption"), ("fine-tuning", "ai_finetuningEnergyConsumption"),
     ("inference", "ai_inferenceEnergyConsumption"), ("retraining", "ai_trainingEnergyConsumption"),
     ("validation", None), ("data-preparation", None)],
)  # fmt: skip
def test_stages_without_an_energy_list_of_their_own_are_carried(stage: str, key: str | None) -> None:
    """Quirk 8: SPDX has three energy lists; design, data work, validation, deployment have none. Their energy is
    in no list, and the footprint comes back whole from the extension."""
    source = disclosure(footprint(stage, energy_consumption=kwh(1)))
    written = FORMAT.write(source)
    energy = package(written.document).get("ai_energyConsumption", {})
    assert list(energy)[1:] == ([key] if key else [])
    assert written.losses == []
    assert FORMAT.read(written.document, "doc.spdx3.json").document == source


def test_element_ids_derive_from_the_disclosure_id_and_the_output_is_stable() -> None:
    source = disclosure(footprint(energy_consumption=kwh(1)))
    first, second = FORMAT.write(source).document, FORMAT.write(copy.deepcopy(source)).document
    assert first == second
    graph = json.loads(first)["@graph"]
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, source["id"])
    assert (
        graph[2]["spdxId"] == element_iri(source["id"], "document") == f"urn:uuid:{uuid.uuid5(namespace, 'document')}"
    )
    assert graph[0]["created"] == "2025-07-01T00:00:00Z" and graph[1]["name"] == "Example Lab"


def test_the_conversion_time_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    source = disclosure(footprint(energy_consumption=kwh(1)))
    del source["issued"]
    assert json.loads(FORMAT.write(source).document)["@graph"][0]["created"] == "2025-01-01T00:00:00Z"


def test_a_missing_issue_day_is_filled_with_the_conversion_time(fast_spdx_validator: Any) -> None:
    source = disclosure(footprint(energy_consumption=kwh(1)))
    del source["issued"]
    written = FORMAT.write(source)
    (fill,) = written.fills
    assert fill.where == "/@graph/0/created" and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", fill.value)
    assert schema_errors(fast_spdx_validator, written.document) == []


# --- round trip -------------------------------------------------------------------------------------


def quantities(quantity_class: str) -> st.SearchStrategy[dict[str, Any]]:
    units = sorted(unit_table()[quantity_class]["units"])
    values = st.floats(min_value=1e-7, max_value=1e12, allow_nan=False, allow_infinity=False)
    return st.builds(lambda v, u: {"value": v, "unit": u}, values, st.sampled_from(units))


@st.composite
def canonical_disclosures(draw: st.DrawFn) -> dict[str, Any]:
    """Disclosures of what SPDX can carry, plus figures and stages it cannot (which must come back as losses)."""
    n_systems = draw(st.integers(1, 3))
    systems = [{"id": f"s{i}", "name": draw(st.text(min_size=1, max_size=12))} for i in range(n_systems)]
    for system in systems:
        if draw(st.booleans()):
            system["version"] = draw(st.sampled_from(["1", "0.3-rc1"]))
    footprints = []
    for i in range(draw(st.integers(0, 6))):
        item: dict[str, Any] = {
            "id": f"f{i}",
            "system": f"s{draw(st.integers(0, n_systems - 1))}",
            "stage": draw(st.sampled_from([*SPDX_STAGES, "validation"])),
            "energy_consumption": draw(quantities("EnergyQuantity")),
        }
        if draw(st.booleans()):
            item["operational_emissions"] = draw(quantities("CO2eMassQuantity"))
        if draw(st.booleans()):
            item["energy_boundary"] = "it-equipment"
        footprints.append(item)
    return disclosure(*footprints, systems=systems)


def by_system_and_stage(document: dict[str, Any]) -> dict[tuple, list]:
    """Footprints by (position of their system, stage), in order: what a round trip must keep."""
    systems = {s["id"]: i for i, s in enumerate(document["ai_systems"])}
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    for item in document.get("footprints", []):
        grouped.setdefault((systems[item["system"]], item["stage"]), []).append(item)
    return grouped


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disclosures())
def test_round_trip_is_exact(fast_spdx_validator: Any, source: dict[str, Any]) -> None:
    """aistd -> SPDX 3 -> aistd gives the disclosure back, value for value, with nothing reported lost."""
    written = FORMAT.write(source)
    assert fast_spdx_validator.is_valid(json.loads(written.document))
    assert written.losses == []
    back = FORMAT.read(written.document, "doc.spdx3.json")
    assert back.losses == []
    assert back.document == source


def test_an_unknown_reporting_entity_becomes_an_unnamed_organisation(fast_spdx_validator: Any) -> None:
    source = disclosure(footprint(energy_consumption=kwh(1)))
    source["reporting_entity"] = dict(NOT_STATED)
    source["reporting_period"] = dict(NOT_STATED)  # what readers record when the source states none
    written = FORMAT.write(source)
    agent = json.loads(written.document)["@graph"][1]
    assert agent["type"] == "Organization" and "name" not in agent
    assert [fill.where for fill in written.fills] == ["/@graph/1"]
    assert schema_errors(fast_spdx_validator, written.document) == []
    assert FORMAT.read(written.document, "doc.spdx3.json").document == source  # nothing invented on the way back


def test_a_cyclonedx_bom_converts_to_spdx(corpus_dir: Path, fast_spdx_validator: Any) -> None:
    """Energy crosses over into SPDX's own lists; CycloneDX's CO2 figures, which SPDX has no property for, ride in
    the aistd extension and come back."""
    conversion = convert([corpus_dir / "cyclonedx" / "valid-machine-learning-considerations-env-1.6.json"], "spdx3")
    assert schema_errors(fast_spdx_validator, conversion.document) == []
    (description,) = package(conversion.document)["ai_energyConsumption"]["ai_trainingEnergyConsumption"]
    assert (description["ai_energyQuantity"], description["ai_energyUnit"]) == ("0.4", "kilowattHour")
    assert not {"/footprints/0/operational_emissions", "/footprints/0/emissions_offset"} & where(conversion)
    back = FORMAT.read(conversion.document, "doc.spdx3.json").document
    assert {"operational_emissions", "emissions_offset"} <= set(back["footprints"][0])


def test_inference_energy_is_the_stage_total_never_a_per_request_figure() -> None:
    """Quirk 10: SPDX defines no per-inference semantics (the crosswalk relates, never equates, the two)."""
    description = {"ai_energyQuantity": "0.0000036", "ai_energyUnit": "kilowattHour"}
    text = one_package_document({"ai_inferenceEnergyConsumption": [description]})
    (found,) = FORMAT.read(text, "x.json").document["footprints"]
    assert found["energy_consumption"] == kwh(3.6e-06)
    assert "energy_per_functional_unit" not in found and "functional_unit" not in found
