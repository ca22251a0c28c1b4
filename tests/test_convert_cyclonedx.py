"""CycloneDX ML-BOMs: the official fixtures read, valid 1.6 and 1.7 BOMs written, values kept both ways."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aistd.check import check_data
from aistd.conversion import ConversionError, read_input
from aistd.conversion.disclosure import NOT_STATED
from aistd.conversion.formats.cyclonedx import FORMAT, serial_number
from aistd.conversion.registry import detect
from aistd.knowledge.units import magnitude, unit_table
from aistd.load import load_path
from aistd.load.detect import looks_like
from aistd.model.versions import PACKAGE_VERSION
from tests.conftest import EXAMPLES
from tests.strategies import disclosures

ENV_FIXTURE = "valid-machine-learning-considerations-env-1.6.json"
JSON_FILES = ["valid-machine-learning-1.5.json", "valid-machine-learning-1.6.json", ENV_FIXTURE]
XML_FILES = [
    "valid-machine-learning-1.5.xml",
    "valid-machine-learning-1.6.xml",
    "valid-machine-learning-considerations-env-1.6.xml",
]
TEXTPROTO_FILES = [
    "valid-machine-learning-1.5.textproto",
    "valid-machine-learning-1.6.textproto",
    "valid-machine-learning-considerations-env-1.6.textproto",
]
EXAMPLE_FILES = sorted((EXAMPLES / "valid").iterdir())
SCHEMA_FILES = ("bom-1.6", "bom-1.7", "spdx", "jsf-0.82", "cryptography-defs")
ENV = ("modelCard", "considerations", "environmentalConsiderations")
CARRIED_SLOTS = ("energy_consumption", "operational_emissions", "emissions_offset")


# --- helpers ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def cyclonedx_corpus(corpus_dir: Path) -> Path:
    return corpus_dir / "cyclonedx"


@pytest.fixture(scope="session")
def bom_validators(corpus_dir: Path) -> dict[str, Any]:
    """python-jsonschema validators of the official 1.6 and 1.7 schemas, $refs resolved from the local copies."""
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource

    folder = corpus_dir.parent / "schemas" / "cyclonedx"
    schemas = {name: json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8")) for name in SCHEMA_FILES}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return {version: Draft7Validator(schemas[f"bom-{version}"], registry=registry) for version in ("1.6", "1.7")}


@pytest.fixture(scope="session")
def fast_bom_validators(corpus_dir: Path) -> dict[str, Any]:
    """jsonschema-rs validators of the same schemas, offline, for the many documents of the property test."""
    import jsonschema_rs

    folder = corpus_dir.parent / "schemas" / "cyclonedx"
    schemas = {name: json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8")) for name in SCHEMA_FILES}
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values()])
    return {
        version: jsonschema_rs.validator_for(schemas[f"bom-{version}"], registry=registry, offline=True)
        for version in ("1.6", "1.7")
    }


def schema_errors(validators: dict[str, Any], text: str) -> list[str]:
    bom = json.loads(text)
    return [f"{e.json_path}: {e.message[:200]}" for e in validators[bom["specVersion"]].iter_errors(bom)]


def disclosure(*footprints: dict[str, Any], systems: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A small canonical disclosure around some footprints."""
    return {
        "id": "urn:example:disclosure:test",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "Example Lab"},
        "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-12-31"},
        "ai_systems": systems or [{"id": "m", "name": "Model M", "version": "2"}],
        "footprints": list(footprints),
    }


def footprint(stage: str = "training", **slots: Any) -> dict[str, Any]:
    return {"id": f"f-{stage}", "system": "m", "stage": stage, **slots}


def bom(*entries: dict[str, Any], **top: Any) -> str:
    """A small CycloneDX 1.6 BOM with one model component holding the given energy consumptions."""
    component = {
        "type": "machine-learning-model",
        "bom-ref": "m",
        "name": "Model M",
        "modelCard": {"considerations": {"environmentalConsiderations": {"energyConsumptions": list(entries)}}},
    }
    return json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [component], **top}, indent=2)


def entry(activity: str = "training", kwh: float = 1.0, **fields: Any) -> dict[str, Any]:
    provided = {"value": kwh, "unit": "kWh"}
    provider = {"organization": {"name": "unknown"}, "energySource": "unknown", "energyProvided": provided}
    return {"activity": activity, "energyProviders": [provider], "activityEnergyCost": dict(provided), **fields}


def energy_entries(text: str) -> list[dict[str, Any]]:
    component = json.loads(text)["components"][0]
    return component["modelCard"]["considerations"]["environmentalConsiderations"]["energyConsumptions"]


def where(conversion: Any) -> set[str]:
    return {loss.where for loss in conversion.losses}


# --- reading the corpus -----------------------------------------------------------------------------


def test_the_corpus_holds_exactly_the_files_these_tests_know(cyclonedx_corpus: Path) -> None:
    assert {p.name for p in cyclonedx_corpus.iterdir()} == {*JSON_FILES, *XML_FILES, *TEXTPROTO_FILES}


@pytest.mark.parametrize("name", JSON_FILES)
def test_json_corpus_files_convert(cyclonedx_corpus: Path, name: str) -> None:
    conversion = read_input(cyclonedx_corpus / name, "cyclonedx")
    document = conversion.document
    assert [s["name"] for s in document["ai_systems"]] in (["stable-diffusion"], ["Llama-2-7b"])
    assert all(loss.where.startswith("/") and loss.reason for loss in conversion.losses)


@pytest.mark.parametrize("encoded", XML_FILES + TEXTPROTO_FILES)
def test_xml_and_protobuf_text_read_as_their_json_twin(cyclonedx_corpus: Path, encoded: str) -> None:
    """The official fixtures in XML and protobuf text give the disclosure their JSON twin gives (the 1.5 fixtures'
    encodings differ in content the figures do not depend on)."""
    twin = encoded.rsplit(".", 1)[0] + ".json"
    from_json, from_other = read_input(cyclonedx_corpus / twin), read_input(cyclonedx_corpus / encoded)
    assert from_other.document["ai_systems"] == from_json.document["ai_systems"]
    assert from_other.document.get("footprints") == from_json.document.get("footprints")
    if encoded.endswith(".xml"):
        assert from_other.origins, "figures read from XML carry their line and column"


def test_a_binary_protobuf_bom_reads_like_its_text(cyclonedx_corpus: Path, tmp_path: Path) -> None:
    from google.protobuf import text_format

    from aistd.conversion.formats.cyclonedx import proto_codec

    text = (cyclonedx_corpus / TEXTPROTO_FILES[2]).read_text(encoding="utf-8")
    message = proto_codec._bom_types()["1.6"]()
    text_format.Parse(proto_codec._SURROGATE_PAIR.sub(proto_codec._join_surrogates, text), message)
    binary = tmp_path / "bom.cdx.bin"
    binary.write_bytes(message.SerializeToString())
    assert read_input(binary).document == read_input(cyclonedx_corpus / TEXTPROTO_FILES[2]).document


def test_the_environmental_fixture_in_tonnes_and_kilowatt_hours(cyclonedx_corpus: Path) -> None:
    conversion = read_input(cyclonedx_corpus / ENV_FIXTURE, "cyclonedx")
    document = conversion.document
    assert document["id"] == "urn:uuid:ed5c5ba0-2be6-4b58-ac29-01a7fd375123"
    assert document["ai_systems"] == [{"id": "huggingface.co-meta-llama-Llama-2-7b", "name": "Llama-2-7b"}]
    (found,) = document["footprints"]
    assert found["system"] == "huggingface.co-meta-llama-Llama-2-7b" and found["stage"] == "training"
    assert found["energy_consumption"] == {"value": 0.4, "unit": "kW.h"}
    # co2CostEquivalent is in tonnes: 31.22 t is 31,220 kg, kept as written, never copied as kg
    assert found["operational_emissions"] == {"value": 31.22, "unit": "t{CO2eq}"}
    assert magnitude(found, "operational_emissions") == pytest.approx(31220)
    assert magnitude(found, "emissions_offset") == pytest.approx(31220)
    provider = (
        "/components/0/modelCard/considerations/environmentalConsiderations/energyConsumptions/0/energyProviders/0"
    )
    (lost,) = [loss for loss in conversion.losses if loss.where == provider]
    assert lost.value["energySource"] == "natural-gas" and lost.value["organization"]["name"] == "Meta"
    text = (cyclonedx_corpus / ENV_FIXTURE).read_text(encoding="utf-8").splitlines()
    line, column = conversion.origins["/footprints/0/energy_consumption/value"]
    assert text[line - 1][column - 1 :].startswith("0.4")
    assert conversion.origins["/ai_systems/0/name"][0] == 1 + next(i for i, t in enumerate(text) if '"Llama-2-7b"' in t)


def test_the_implausible_official_example_is_read_as_written(cyclonedx_corpus: Path) -> None:
    """Quirk 13: 0.4 kWh with 31.22 t is implausible; reading keeps the figures, the rules warn about them."""
    document = read_input(cyclonedx_corpus / ENV_FIXTURE, "cyclonedx").document
    rules = {f.rule for f in check_data(document)}
    assert "footprint.implied-intensity" in rules


def test_a_1_5_bom_has_a_model_but_nothing_environmental(cyclonedx_corpus: Path) -> None:
    conversion = read_input(cyclonedx_corpus / "valid-machine-learning-1.5.json", "cyclonedx")
    assert conversion.document["ai_systems"] == [{"id": "component-a", "name": "stable-diffusion", "version": "1.4"}]
    assert "footprints" not in conversion.document
    assert "/components/0/modelCard/modelParameters" in where(conversion)


@pytest.mark.parametrize("name", JSON_FILES)
def test_corpus_results_conform_to_the_aistd_schema(cyclonedx_corpus: Path, name: str) -> None:
    document = read_input(cyclonedx_corpus / name, "cyclonedx").document
    findings = {(f.rule, f.message) for f in check_data(document) if f.rule.startswith(("schema.", "units."))}
    assert findings == set()
    if name == ENV_FIXTURE:
        # CycloneDX states neither what the energy figure includes nor whether the CO2 figure is location- or
        # market-based: both are recorded as not stated, and said so
        (footprint,) = document["footprints"]
        assert footprint["energy_boundary"] == footprint["emissions_accounting_method"] == "not-stated"


# --- reading: quirks and bad input ------------------------------------------------------------------


def test_energy_providers_written_as_strings_are_reported() -> None:
    """A real-world error: `"energyProviders": ["AWS eu-west-1"]`."""
    conversion = FORMAT.read(bom(entry() | {"energyProviders": ["AWS eu-west-1"]}), "x.json")
    (lost,) = [loss for loss in conversion.losses if loss.value == "AWS eu-west-1"]
    assert "must be an object" in lost.reason
    assert conversion.document["footprints"][0]["energy_consumption"] == {"value": 1.0, "unit": "kW.h"}


def test_the_placeholder_provider_a_write_fills_in_is_not_a_loss() -> None:
    conversion = FORMAT.read(bom(entry()), "x.json")
    assert conversion.losses == []


def test_a_measure_in_another_unit_is_lost_not_misread() -> None:
    text = bom(entry(co2CostEquivalent={"value": 12, "unit": "kgCO2eq"}))
    conversion = FORMAT.read(text, "x.json")
    assert "operational_emissions" not in conversion.document["footprints"][0]
    (lost,) = [loss for loss in conversion.losses if loss.where.endswith("/co2CostEquivalent")]
    assert lost.value == {"value": 12, "unit": "kgCO2eq"} and "tCO2eq" in lost.reason


def test_an_unknown_activity_is_filled_as_other_and_reported() -> None:
    conversion = FORMAT.read(bom(entry("pre-training")), "x.json")
    assert conversion.document["footprints"][0]["stage"] == "other"
    assert any(f.where == "/footprints/0/stage" for f in conversion.fills)
    assert any(loss.value == "pre-training" for loss in conversion.losses)


def test_properties_and_metadata_are_read_or_reported() -> None:
    text = bom(
        entry("inference", 2.5, properties=[{"name": "x:water", "value": "3 L"}]),
        metadata={
            "timestamp": "2025-03-04T10:11:12Z",
            "manufacturer": {"name": "Example Lab", "url": ["https://example.org"]},
            "component": {"type": "machine-learning-model", "name": "Top", "version": "1"},
        },
        dependencies=[{"ref": "m"}],
    )
    conversion = FORMAT.read(text, "x.json")
    document = conversion.document
    assert document["reporting_entity"] == {"name": "Example Lab"} and document["issued"] == "2025-03-04"
    assert [s["name"] for s in document["ai_systems"]] == ["Top", "Model M"]
    assert document["footprints"][0]["system"] == "m"
    lost = where(conversion)
    assert (
        "/components/0/modelCard/considerations/environmentalConsiderations/energyConsumptions/0/properties/0" in lost
    )
    assert {"/metadata/manufacturer", "/dependencies"} <= lost
    assert not any(f.where == "/reporting_entity" for f in conversion.fills)


def test_an_entry_without_figures_gives_no_footprint() -> None:
    conversion = FORMAT.read(bom({"activity": "design", "energyProviders": []}), "x.json")
    assert "footprints" not in conversion.document


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a CycloneDX BOM in JSON, XML or protobuf text"),
        ('{"bomFormat": "CycloneDX", "components": [', "line"),
        ('{"specVersion": "1.6"}', '"bomFormat" is not "CycloneDX"'),
        ('{"bomFormat": "CycloneDX", "components": [{"type": "library", "name": "x"}]}', "no component of type"),
        ('{"bomFormat": "CycloneDX", "a": 1, "a": 2}', "appears twice"),
        ("spec_version: '1.6'\ncomponents {\n}\n", "no component of type"),  # protobuf text, read
        ("<bom xmlns='http://cyclonedx.org/schema/bom/1.6'><components>", "line"),  # XML not closed
    ],
)
def test_bad_input_is_a_conversion_error_never_a_traceback(text: str, message: str) -> None:
    with pytest.raises(ConversionError) as error:
        FORMAT.read(text, "x.json")
    assert message in str(error.value) or (message == "line" and error.value.line is not None)


# --- sniffing ---------------------------------------------------------------------------------------


def test_sniff_recognises_every_corpus_file(cyclonedx_corpus: Path) -> None:
    for path in cyclonedx_corpus.iterdir():
        text = path.read_text(encoding="utf-8")
        assert looks_like("cyclonedx", str(path), text), path.name
        assert detect(str(path), text) == "cyclonedx"


def test_sniff_rejects_the_other_formats_files(corpus_dir: Path) -> None:
    others = [p for p in corpus_dir.rglob("*") if p.is_file() and "cyclonedx" not in p.parts]
    assert len(others) > 50
    for path in [*others, *EXAMPLE_FILES]:
        text = path.read_bytes()[:65536].decode("utf-8", "replace")
        assert not looks_like("cyclonedx", str(path), text), path


# --- writing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.6", "1.7"])
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_writes_a_bom_valid_against_the_official_schema(
    bom_validators: dict[str, Any], path: Path, version: str
) -> None:
    written = FORMAT.write(load_path(path).data, spec_version=version)
    assert schema_errors(bom_validators, written.document) == []
    assert json.loads(written.document)["specVersion"] == version


def test_writing_converts_units_to_the_only_ones_cyclonedx_allows(bom_validators: dict[str, Any]) -> None:
    """Quirks 1 and 6: kWh and tCO2eq only; MW.h and grams are converted, never copied."""
    source = footprint(
        energy_consumption={"value": 148.8, "unit": "MW.h"},
        operational_emissions={"value": 756, "unit": "g{CO2eq}"},
        emissions_offset={"value": 2, "unit": "kg{CO2eq}"},
    )
    written = FORMAT.write(disclosure(source))
    (found,) = energy_entries(written.document)
    assert found["activityEnergyCost"] == {"value": 148800, "unit": "kWh"}
    assert found["co2CostEquivalent"] == {"value": 0.000756, "unit": "tCO2eq"}
    assert found["co2CostOffset"] == {"value": 0.002, "unit": "tCO2eq"}
    assert schema_errors(bom_validators, written.document) == []


def test_energy_providers_are_filled_because_the_schema_requires_them(bom_validators: dict[str, Any]) -> None:
    """Quirk 6: energyProviders is required even when unknown; aistd has no provider, so it is filled."""
    written = FORMAT.write(disclosure(footprint(energy_consumption={"value": 5, "unit": "kW.h"})))
    (found,) = energy_entries(written.document)
    assert found["energyProviders"] == [
        {
            "organization": {"name": "Example Lab"},
            "energySource": "unknown",
            "energyProvided": {"value": 5, "unit": "kWh"},
        }
    ]
    (fill,) = written.fills
    assert fill.where.endswith("/energyConsumptions/0/energyProviders") and "requires energyProviders" in fill.reason
    anonymous = disclosure(footprint(energy_consumption={"value": 5, "unit": "kW.h"}))
    anonymous["reporting_entity"] = dict(NOT_STATED)
    text = FORMAT.write(anonymous).document
    assert energy_entries(text)[0]["energyProviders"][0]["organization"] == {"name": "unknown"}
    assert "manufacturer" not in json.loads(text)["metadata"]
    assert schema_errors(bom_validators, text) == []


def test_the_metadata_says_when_from_the_disclosure_and_which_tool(bom_validators: dict[str, Any]) -> None:
    source = disclosure(footprint(energy_consumption={"value": 5, "unit": "kW.h"}))
    source["issued"] = "2025-02-03"
    metadata = json.loads(FORMAT.write(source).document)["metadata"]
    assert metadata["timestamp"] == "2025-02-03T00:00:00Z"  # the disclosure's day, never the clock
    assert metadata["tools"] == {"components": [{"type": "application", "name": "aistd", "version": PACKAGE_VERSION}]}
    del source["issued"]
    assert "timestamp" not in json.loads(FORMAT.write(source).document)["metadata"]


@pytest.mark.parametrize(
    ("stage", "activity", "carried"),
    [("fine-tuning", "fine-tuning", False), ("inception", "design", True), ("retraining", "training", True),
     ("end-of-life", "other", True), ("all-stages", "other", True)],
)  # fmt: skip
def test_stages_without_an_activity_of_their_own_are_carried(stage: str, activity: str, carried: bool) -> None:
    """Quirk 8: nine activities against aistd's stages; a stage the activity does not name exactly is carried in
    an `aistd:footprint:stage` property and comes back."""
    written = FORMAT.write(disclosure(footprint(stage, energy_consumption={"value": 1, "unit": "kW.h"})))
    (found,) = energy_entries(written.document)
    assert found["activity"] == activity
    names = {p["name"] for p in found["properties"]}
    assert ("aistd:footprint:stage" in names) is carried
    assert written.losses == []
    assert FORMAT.read(written.document, "bom.json").document["footprints"][0]["stage"] == stage


def test_what_a_bom_has_no_field_for_is_carried_in_aistd_properties(bom_validators: dict[str, Any]) -> None:
    """Boundaries, other quantities, emissions without energy, footprints of no system, the reporting period: each
    goes into an `aistd:` property where CycloneDX's own fields cannot hold it, and nothing is lost."""
    source = footprint(
        energy_consumption={"value": 1, "unit": "kW.h"},
        energy_boundary="facility",
        water_consumption_site={"value": 3, "unit": "L"},
        grid_carbon_intensity={"value": 50, "unit": "g{CO2eq}/(kW.h)"},
    )
    no_energy = footprint("inference", operational_emissions={"value": 1, "unit": "kg{CO2eq}"}) | {"id": "g"}
    orphan = footprint(energy_consumption={"value": 1, "unit": "kW.h"}) | {"system": "nobody", "id": "o"}
    document = disclosure(source, no_energy, orphan)
    written = FORMAT.write(document)
    assert written.losses == [] and schema_errors(bom_validators, written.document) == []
    bom_data = json.loads(written.document)
    (entry_written,) = energy_entries(written.document)
    assert {p["name"] for p in entry_written["properties"]} == {
        "aistd:footprint:id", "aistd:footprint:energy_boundary", "aistd:footprint:water_consumption_site",
        "aistd:footprint:grid_carbon_intensity",
    }  # fmt: skip
    (whole,) = [p for p in bom_data["components"][0]["properties"] if p["name"] == "aistd:footprint"]
    assert json.loads(whole["value"]) == no_energy  # emissions without energy survive
    assert {"aistd:disclosure:id", "aistd:disclosure:reporting_period", "aistd:footprint"} <= {
        p["name"] for p in bom_data["properties"]
    }
    back = FORMAT.read(written.document, "bom.json")
    assert back.document == document and back.losses == []


def test_a_figure_keeps_its_unit_and_published_digits_through_a_bom() -> None:
    """The entry holds kWh and tCO2eq (the only units CycloneDX allows); the figure as published rides along."""
    published = {"value": 1.20, "unit": "MW.h", "significant_digits": 3, "as_published": "1.20 MWh"}
    source = disclosure(footprint(energy_consumption=published))
    written = FORMAT.write(source)
    (found,) = energy_entries(written.document)
    assert found["activityEnergyCost"] == {"value": 1200, "unit": "kWh"}
    assert FORMAT.read(written.document, "bom.json").document["footprints"][0]["energy_consumption"] == published


def test_a_carried_figure_that_disagrees_with_the_edited_field_gives_way_to_it() -> None:
    source = disclosure(footprint(energy_consumption={"value": 1.2, "unit": "MW.h"}))
    bom_data = json.loads(FORMAT.write(source).document)
    (entry_written,) = bom_data["components"][0]["modelCard"]["considerations"]["environmentalConsiderations"][
        "energyConsumptions"
    ]
    entry_written["activityEnergyCost"] = {"value": 1500, "unit": "kWh"}  # edited by another tool
    back = FORMAT.read(json.dumps(bom_data), "bom.json")
    assert back.document["footprints"][0]["energy_consumption"] == {"value": 1500, "unit": "kW.h"}
    (loss,) = [loss for loss in back.losses if "disagrees" in loss.reason]
    assert loss.where.endswith("/properties/1") and "the entry's own energy_consumption field" in loss.reason


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [("aistd:nowhere:x", '"1"', "not a property aistd writes"), ("aistd:footprint:x", "{", "not JSON text"),
     ("aistd:footprint:x", "1e999", "too large"), ("aistd:footprint", "[1]", "not an object")],
)  # fmt: skip
def test_an_aistd_property_that_cannot_be_read_is_reported(name: str, value: str, says: str) -> None:
    back = FORMAT.read(bom(entry("training", 1.0, properties=[{"name": name, "value": value}])), "x.json")
    (loss,) = back.losses
    assert says in loss.reason


def test_the_serial_number_is_the_name_based_uuid_of_the_disclosure_id() -> None:
    source = disclosure(footprint(energy_consumption={"value": 1, "unit": "kW.h"}))
    first, second = FORMAT.write(source).document, FORMAT.write(copy.deepcopy(source)).document
    assert first == second
    expected = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, source['id'])}"
    assert json.loads(first)["serialNumber"] == serial_number(source["id"]) == expected


def test_an_unknown_spec_version_is_refused() -> None:
    with pytest.raises(ConversionError, match=r"1\.6 or 1\.7"):
        FORMAT.write(disclosure(), spec_version="1.5")


# --- round trip -------------------------------------------------------------------------------------

ACTIVITY_STAGES = ["design", "data-collection", "data-preparation", "training", "fine-tuning", "validation",
                   "deployment", "inference", "other"]  # fmt: skip


def quantities(quantity_class: str) -> st.SearchStrategy[dict[str, Any]]:
    units = sorted(unit_table()[quantity_class]["units"])
    values = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)
    return st.builds(lambda v, u: {"value": v, "unit": u}, values, st.sampled_from(units))


@st.composite
def canonical_disclosures(draw: st.DrawFn) -> dict[str, Any]:
    """Disclosures of what CycloneDX can carry, plus a few slots it cannot (which must come back as losses)."""
    n_systems = draw(st.integers(1, 3))
    systems = [
        {"id": f"s{i}", "name": draw(st.text(min_size=1, max_size=12)), "version": draw(st.sampled_from(["1", "2.0b"]))}
        for i in range(n_systems)
    ]
    footprints = []
    for i in range(draw(st.integers(0, 5))):
        item: dict[str, Any] = {
            "id": f"f{i}",
            "system": f"s{draw(st.integers(0, n_systems - 1))}",
            "stage": draw(st.sampled_from(ACTIVITY_STAGES)),
            "energy_consumption": draw(quantities("EnergyQuantity")),
        }
        for slot in ("operational_emissions", "emissions_offset"):
            if draw(st.booleans()):
                item[slot] = draw(quantities("CO2eMassQuantity"))
        if draw(st.booleans()):
            item["energy_boundary"] = draw(st.sampled_from(["facility", "it-equipment"]))
        if draw(st.booleans()):
            item["water_consumption_site"] = draw(quantities("WaterVolumeQuantity"))
        footprints.append(item)
    result = disclosure(*footprints, systems=systems)
    result["issued"] = draw(st.sampled_from(["2025-02-03", "2026-12-31"]))
    return result


def by_system_and_stage(document: dict[str, Any]) -> dict[tuple, list]:
    """Footprints by (position of their system, stage), in order: what a round trip must keep."""
    systems = {s["id"]: i for i, s in enumerate(document["ai_systems"])}
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    for item in document.get("footprints", []):
        grouped.setdefault((systems[item["system"]], item["stage"]), []).append(item)
    return grouped


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disclosures(xml_safe=True), st.sampled_from(["1.6", "1.7"]))
def test_round_trip_through_xml_is_exact(source: dict[str, Any], version: str) -> None:
    """aistd -> CycloneDX XML -> aistd gives the disclosure back, value for value (free text of characters XML 1.0
    can carry: it has no escape for control characters, and the writer refuses them)."""
    written = FORMAT.write(source, spec_version=version, encoding="xml")
    assert written.losses == []
    back = FORMAT.read(written.document, "bom.xml")
    assert back.losses == []
    assert back.document == source


def test_a_control_character_xml_cannot_carry_is_refused_with_its_place() -> None:
    source = disclosure(systems=[{"id": "m", "name": "model\x01"}])
    with pytest.raises(ConversionError, match="/components/0/name"):
        FORMAT.write(source, encoding="xml")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disclosures(), st.sampled_from(["1.6", "1.7"]))
def test_round_trip_is_exact(fast_bom_validators: dict[str, Any], source: dict[str, Any], version: str) -> None:
    """aistd -> CycloneDX -> aistd gives the disclosure back, value for value, with nothing reported lost."""
    written = FORMAT.write(source, spec_version=version)
    assert fast_bom_validators[version].is_valid(json.loads(written.document))
    assert written.losses == []
    back = FORMAT.read(written.document, "bom.json")
    assert back.losses == []
    assert back.document == source


def test_a_reporting_period_not_stated_is_not_written() -> None:
    source = disclosure(footprint(energy_consumption={"value": 1, "unit": "kW.h"}))
    source["reporting_period"] = dict(NOT_STATED)
    names = {p["name"] for p in json.loads(FORMAT.write(source).document)["properties"]}
    assert "aistd:disclosure:reporting_period" not in names
    assert FORMAT.read(FORMAT.write(source).document, "bom.json").document["reporting_period"] == NOT_STATED


def test_a_system_without_a_name_gets_its_id_as_component_name(bom_validators: dict[str, Any]) -> None:
    written = FORMAT.write(disclosure(systems=[{"id": "m"}]))
    assert json.loads(written.document)["components"][0]["name"] == "m"
    assert [fill.where for fill in written.fills] == ["/components/0/name"]
    assert schema_errors(bom_validators, written.document) == []


def test_inference_energy_is_the_stage_total_never_a_per_request_figure() -> None:
    """Quirk 10: CycloneDX does not say whether inference energy is per request; aistd reads the stage's energy."""
    (found,) = FORMAT.read(bom(entry("inference", 0.002)), "x.json").document["footprints"]
    assert found["energy_consumption"] == {"value": 0.002, "unit": "kW.h"}
    assert "energy_per_functional_unit" not in found and "functional_unit" not in found
