"""Hugging Face model cards: co2_eq_emissions in every shape cards use, the Environmental Impact section, writing."""

from __future__ import annotations

import copy
import csv
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aistd.check import check_data
from aistd.conversion import ConversionError, countries, merge, read_input
from aistd.conversion.formats.hf_card import FORMAT, Quantity, normalise_key, parse_hardware, parse_quantity
from aistd.conversion.formats.hf_card.quantities import NOTE_REASONS
from aistd.conversion.registry import detect
from aistd.knowledge.units import magnitude
from aistd.load.detect import looks_like
from tests.conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "data" / "convert" / "hf_card"
CARDS = "hf-modelcards"
MASS = ("g{CO2eq}", "kg{CO2eq}", "t{CO2eq}")
ENERGY = ("W.h", "kW.h", "MW.h", "J", "MJ")
TIME = ("s", "min", "h", "d")
QUANTITIES = ("operational_emissions", "energy_consumption", "duration", "accelerator_hours")


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted((corpus_dir / CARDS).rglob("*.md"))


def read(path: Path) -> Any:
    return FORMAT.read(path.read_text(encoding="utf-8"), str(path))


def card(front: str, body: str = "# Some model\n") -> Any:
    return FORMAT.read(f"---\n{front}---\n\n{body}", "README.md")


def only_footprint(conversion: Any) -> dict[str, Any]:
    (footprint,) = conversion.document["footprints"]
    return footprint


def schema_findings(document: dict[str, Any]) -> list[Any]:
    return [f for f in check_data(document) if f.rule.startswith(("schema.", "units."))]


def loss_reasons(conversion: Any) -> dict[str, str]:
    return {loss.where: loss.reason for loss in conversion.losses}


@pytest.fixture
def no_pycountry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(countries, "_pycountry", lambda: None)


needs_pycountry = pytest.mark.skipif(not countries.has_pycountry(), reason="pycountry is not installed")


# --- (1) the real cards --------------------------------------------------------------------------------


def test_every_corpus_card_converts(corpus_dir: Path) -> None:
    files = corpus_files(corpus_dir)
    assert len(files) >= 28
    for path in files:
        conversion = read(path)
        assert conversion.document.get("footprints") or conversion.document.get("ai_systems"), path


def test_the_aira_card_is_read_in_grams(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / CARDS / "Nkluge-correa__Aira" / "Cards__models__Aira-2-1B1.md")
    footprint = only_footprint(conversion)
    assert conversion.document["ai_systems"] == [{"id": "aira-2-1b1", "name": "Aira-2-1B1"}]
    assert footprint["operational_emissions"] == {"value": 1710, "unit": "g{CO2eq}"}
    assert magnitude(footprint, "operational_emissions") == pytest.approx(1.71)
    assert footprint["stage"] == "fine-tuning" and footprint["system"] == "aira-2-1b1"
    # the body's "GPU: 1 NVIDIA A100-SXM4-40GB" adds the count to the front matter's hardware_used
    assert footprint["hardware"] == [
        {"hardware_type": "gpu", "hardware_model": "NVIDIA A100-SXM4-40GB", "hardware_count": 1}
    ]
    assert conversion.origins["/footprints/0/hardware/0/hardware_count"] == (56, 12)
    assert footprint["method"] == "CodeCarbon"
    # the body's "Emissions: 1.71 KgCO2" agrees with 1710 g (only its comment is lost); its energy is read
    reasons = loss_reasons(conversion)
    assert reasons == {"line 57: Emissions": NOTE_REASONS[False]}
    assert footprint["energy_consumption"] == {"value": 3.51, "unit": "kW.h", "as_published": "3.51 kWh"}
    assert footprint["energy_boundary"] == "not-stated"
    assert conversion.origins["/footprints/0/energy_consumption"] == (58, 33)


def test_a_card_in_kilograms_where_grams_are_expected_is_reported(corpus_dir: Path) -> None:
    old = read(
        corpus_dir / CARDS / "Nkluge-correa__TeenyTinyLlama" / "OLD-0d4e15f__cards__models__TeenyTinyLlama-160m.md"
    )
    new = read(corpus_dir / CARDS / "Nkluge-correa__TeenyTinyLlama" / "cards__models__TeenyTinyLlama-160m.md")
    card, body = old.document["footprints"]
    assert magnitude(card, "operational_emissions") == pytest.approx(0.0056)  # the spec's grams
    # the body's "Emissions: 5.6 KgCO2" is kept beside it, restating it, and the stated-twice rule judges the two
    assert body["restates"] == card["id"] and magnitude(body, "operational_emissions") == pytest.approx(5.6)
    assert old.origins["/footprints/1/operational_emissions"] == (201, 18)
    findings = [(f.rule, f.pointer) for f in check_data(old.document)]
    assert ("footprint.restated-agrees", "/footprints/1/operational_emissions") in findings
    assert magnitude(only_footprint(new), "operational_emissions") == pytest.approx(5.6)  # 5600 g: agrees
    assert "line 201: Emissions" in loss_reasons(new)  # only its comment "(Germany)"
    assert only_footprint(new)["stage"] == "training"
    assert not [f for f in check_data(new.document) if f.rule == "footprint.restated-agrees"]


def test_a_list_of_one_key_maps_with_a_unit_string(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / CARDS / "indexed" / "TextMood__TAED2__model_card.md")
    footprint = only_footprint(conversion)
    assert footprint["operational_emissions"] == {"value": 1.2, "unit": "g{CO2eq}"}
    assert footprint["stage"] == "training"
    assert footprint["hardware"] == [
        {"hardware_type": "cpu", "hardware_model": "CPU (i7-9750H CPU @ 2.60GHz)", "hardware_count": 12}
    ]
    assert "co2_eq_emissions.3.geographical_location" in loss_reasons(conversion)  # "Barcelona": no country


def test_tbd_and_a_misspelled_key(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / CARDS / "indexed" / "ResNet50-FER-emotion__AAU-MLOps__README.md")
    footprint = only_footprint(conversion)
    assert "operational_emissions" not in footprint
    assert "no number" in loss_reasons(conversion)["co2_eq_emissions.emissions"]
    assert footprint["method"] == "CarbonTracker"
    if countries.has_pycountry():
        assert footprint["location"] == {"country": "DK"}  # geographic_location, read as geographical_location


def test_unknown_keys_are_lost_and_training_time_is_not_training_type(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / CARDS / "indexed" / "TeamAstra-TAED2__model_card.md")
    footprint = only_footprint(conversion)
    assert footprint["stage"] == "training"
    lost = loss_reasons(conversion)
    assert {"co2_eq_emissions.power_consumption", "co2_eq_emissions.training_time"} <= set(lost)
    assert footprint["hardware"][0]["hardware_count"] == 12 and footprint["hardware"][0]["hardware_type"] == "cpu"
    if countries.has_pycountry():
        assert footprint["location"] == {"country": "ES", "region": "catalonia"}


def test_the_short_form_is_grams(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / CARDS / "indexed" / "autotrain__Jerimee__dontknowwhatImdoing__README.md")
    footprint = only_footprint(conversion)
    assert footprint["operational_emissions"] == {"value": 0.012147398577917884, "unit": "g{CO2eq}"}
    assert footprint["stage"] == "other"
    assert "/footprints/0/stage" in {fill.where for fill in conversion.fills}
    assert not conversion.losses  # "CO2 Emissions (in grams): 0.0121..." agrees with the front matter


@pytest.mark.parametrize(
    ("name", "emissions", "hours", "provider", "region"),
    [
        ("idx24221442881__scaleway-a100-no-unit.md", 0.013, 24, "Scaleway", "Paris"),
        (
            "idx36594370132__orbformer-azure-a100.md",
            112,
            4000,
            "Azure",
            "various, use francecentral for this calculation",
        ),
        ("idx47315726231__protein-go-azure-v100.md", 106.5, 960, "Azure", "East US 2"),
        ("idx58866849304__rtx3080-private.md", 1.38, 10, None, None),
    ],
)
def test_environmental_impact_sections(
    corpus_dir: Path, name: str, emissions: float, hours: float, provider: str | None, region: str | None
) -> None:
    conversion = read(corpus_dir / CARDS / "env-impact-sections" / name)
    footprint = only_footprint(conversion)
    assert magnitude(footprint, "operational_emissions") == pytest.approx(emissions)
    assert magnitude(footprint, "accelerator_hours") == pytest.approx(hours)
    assert footprint.get("location", {}).get("cloud_provider") == provider
    assert footprint.get("location", {}).get("cloud_region") == region
    assert schema_findings(conversion.document) == []


def test_quirks_of_the_section_are_reported(corpus_dir: Path) -> None:
    sections = corpus_dir / CARDS / "env-impact-sections"
    no_unit = read(sections / "idx24221442881__scaleway-a100-no-unit.md")
    assert ("/footprints/0/operational_emissions/unit", "g{CO2eq}") in [(f.where, f.value) for f in no_unit.fills]
    offset = read(sections / "idx36594370132__orbformer-azure-a100.md")
    assert "emissions_offset" in loss_reasons(offset)["Environmental Impact: Carbon Emitted"]
    expression = read(sections / "idx47315726231__protein-go-azure-v100.md")
    assert [loss.value for loss in expression.losses] == ["= 5 days x 24h x 8 GPUs"]
    assert only_footprint(expression)["hardware"] == [
        {"hardware_type": "gpu", "hardware_model": "32GB NVIDIA V100 GPUs", "hardware_count": 8}
    ]
    private = read(sections / "idx58866849304__rtx3080-private.md")
    assert "no public cloud" in loss_reasons(private)["Environmental Impact: Cloud Provider"]


def test_the_sentence_transformers_keys() -> None:
    conversion = read(FIXTURES / "sentence-transformers-README.md")
    footprint = only_footprint(conversion)
    assert footprint["energy_consumption"] == {"value": 0.0317600353437, "unit": "kW.h"}
    assert footprint["energy_boundary"] == "compute-node"
    assert magnitude(footprint, "duration") == pytest.approx(0.116 * 3600)
    assert footprint["stage"] == "fine-tuning" and footprint["method"] == "codecarbon"
    assert {"hardware_type": "cpu", "hardware_model": "13th Gen Intel(R) Core(TM) i7-13700K"} in footprint["hardware"]
    assert {"hardware_type": "gpu", "hardware_model": "NVIDIA GeForce RTX 3090", "hardware_count": 1} in footprint[
        "hardware"
    ]
    assert set(loss_reasons(conversion)) >= {"co2_eq_emissions.on_cloud", "co2_eq_emissions.ram_total_size"}
    fills = {fill.where for fill in conversion.fills}
    assert {"/footprints/0/energy_boundary", "/footprints/0/emissions_accounting_method"} <= fills
    assert conversion.origins["/footprints/0/energy_consumption"] == (12, 20)
    # the body's rounded figures ("0.012 kg of CO2", "0.032 kWh") agree with the front matter
    assert not any("Carbon Emitted" in where or "Energy" in where for where in loss_reasons(conversion))


# --- free text, one case per shape seen in cards ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "units", "expected"),
    [
        ("1.2g CO2", MASS, (1.2, "g{CO2eq}", True)),
        ("16,714 kgs", MASS, (16714, "kg{CO2eq}", True)),
        ("18t CO2eq", MASS, (18, "t{CO2eq}", True)),
        ("1.71 KgCO2 (Singapore)", MASS, (1.71, "kg{CO2eq}", True)),
        ("106.5 kg CO2", MASS, (106.5, "kg{CO2eq}", True)),
        ("1.38 kg of CO2eq.", MASS, (1.38, "kg{CO2eq}", True)),
        ("5 metric tons CO₂e", MASS, (5, "t{CO2eq}", True)),
        ("13", MASS, (13, "g{CO2eq}", False)),
        ("1e-05", MASS, (1e-05, "g{CO2eq}", False)),
        ("about 5 kg", MASS, (5, "kg{CO2eq}", True)),
        ("0.5 MWh", ENERGY, (0.5, "MW.h", True)),
        ("3.51 kWh", ENERGY, (3.51, "kW.h", True)),
        ("960 = 5 days x 24h x 8 GPUs", TIME, (960, "h", False)),
        ("3 days", TIME, (3, "d", True)),
    ],
)
def test_quantities_in_free_text(text: str, units: tuple[str, ...], expected: tuple[float, str, bool]) -> None:
    parsed = parse_quantity(text, units, units[0] if units is MASS else "h")
    assert isinstance(parsed, Quantity)
    assert (parsed.value, parsed.unit, parsed.unit_given) == expected


@pytest.mark.parametrize(
    "text", ["TBD", "1,5 kg", "5-10 kg", "5 lbs", "between 3 and 4 kg", "n/a", "1.2 kg (on 8 GPUs)", "1 Mt"]
)
def test_ambiguous_text_is_never_guessed(text: str) -> None:
    assert isinstance(parse_quantity(text, MASS, "g{CO2eq}"), str)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("geographic_location", "geographical_location"),
        ("hardware used", "hardware_used"),
        ("Emissions", "emissions"),
        ("emmissions", "emissions"),
        ("Training-Type", "training_type"),
        ("training_time", None),
        ("power_consumption", None),
        ("hardware", None),
    ],
)
def test_key_spellings(written: str, meant: str | None) -> None:
    assert normalise_key(written) == meant


def test_hardware_text() -> None:
    assert parse_hardware("8 v100 GPUs") == [
        {"hardware_type": "gpu", "hardware_model": "v100 GPUs", "hardware_count": 8}
    ]
    assert parse_hardware("12 x 13th Gen Intel(R) Core(TM) i7-1355U (CPU)")[0]["hardware_count"] == 12
    assert parse_hardware("2 x A100 + 1 x EPYC 7742") == [
        {"hardware_type": "gpu", "hardware_model": "A100", "hardware_count": 2},
        {"hardware_type": "cpu", "hardware_model": "EPYC 7742", "hardware_count": 1},
    ]
    assert parse_hardware("TPU v4")[0]["hardware_type"] == "tpu"


# --- the shapes of co2_eq_emissions ---------------------------------------------------------------------


def test_a_string_short_form() -> None:
    assert only_footprint(card('co2_eq_emissions: "16,714 kgs"\n'))["operational_emissions"] == {
        "value": 16714,
        "unit": "kg{CO2eq}",
    }


def test_a_list_of_full_maps_gives_one_footprint_each() -> None:
    conversion = card(
        "co2_eq_emissions:\n- emissions: 10\n  training_type: pre-training\n"
        "- emissions: 2\n  training_type: fine-tuning\n"
    )
    first, second = conversion.document["footprints"]
    assert (first["stage"], second["stage"]) == ("training", "fine-tuning")
    assert first["id"] != second["id"]
    assert schema_findings(conversion.document) == []


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("co2_eq_emissions: 0\n", "placeholder"),
        ("co2_eq_emissions: true\n", "not a figure"),
        ("co2_eq_emissions:\n  emissions: -3\n", "not a valid"),
        ("co2_eq_emissions:\n  emissions: [1, 2]\n", "not a figure"),
    ],
)
def test_values_that_are_not_figures_are_lost(front: str, reason: str) -> None:
    conversion = card(front)
    assert any(reason in loss.reason for loss in conversion.losses)
    assert "footprints" not in conversion.document  # nothing was left to make a footprint of
    assert conversion.document["ai_systems"] == [{"id": "some-model", "name": "Some model"}]


def test_training_type_spellings() -> None:
    assert only_footprint(card("co2_eq_emissions:\n  emissions: 1\n  training_type: Pretraining\n"))["stage"] == (
        "training"
    )
    assert only_footprint(card("co2_eq_emissions:\n  emissions: 1\n  training_type: SFT\n"))["stage"] == "fine-tuning"
    rlhf = card("co2_eq_emissions:\n  emissions: 1\n  training_type: RLHF\n")
    assert only_footprint(rlhf)["stage"] == "other"
    assert "training_type" in loss_reasons(rlhf)["co2_eq_emissions.training_type"]


def test_a_duplicate_key_after_normalising_keeps_the_first() -> None:
    conversion = card("co2_eq_emissions:\n  emissions: 1\n  Emissions: 2\n")
    assert only_footprint(conversion)["operational_emissions"]["value"] == 1
    assert "second" in loss_reasons(conversion)["co2_eq_emissions.Emissions"]


def test_a_figure_nothing_can_read_and_no_name_is_an_error() -> None:
    with pytest.raises(ConversionError, match=r"TBD|no number"):
        FORMAT.read("---\nco2_eq_emissions: TBD\n---\n\nSome text.\n", "README.md")


def test_a_card_that_names_a_model_but_gives_no_figures() -> None:
    conversion = card("license: mit\npipeline_tag: text-generation\n", "# Model Card for tiny-gpt\n")
    assert conversion.document["ai_systems"] == [{"id": "tiny-gpt", "name": "tiny-gpt"}]
    assert "footprints" not in conversion.document


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("---\nco2_eq_emissions: 1\n", "never closed", 1),
        ("---\nco2_eq_emissions: [1\n---\n", "front matter", 3),
        ("---\n- a\n- b\n---\n", "not a mapping", 2),
        ("---\nco2_eq_emissions: 1\nco2_eq_emissions: 2\n---\n", "front matter", 3),
        ("just some text\n", "nothing to convert", 1),
    ],
)
def test_bad_input_is_a_conversion_error(text: str, message: str, line: int) -> None:
    with pytest.raises(ConversionError, match=message) as raised:
        FORMAT.read(text, "README.md")
    assert raised.value.line == line


def test_without_pycountry_places_are_losses(no_pycountry: None, corpus_dir: Path) -> None:
    conversion = read(corpus_dir / CARDS / "Nkluge-correa__Aira" / "Cards__models__Aira-2-1B1.md")
    assert "location" not in only_footprint(conversion)
    assert "pycountry" in loss_reasons(conversion)["co2_eq_emissions.geographical_location"]


# --- (2) conformance -----------------------------------------------------------------------------------


def test_every_corpus_card_conforms_to_the_aistd_schema(corpus_dir: Path) -> None:
    for path in [*corpus_files(corpus_dir), *FIXTURES.glob("*.md")]:
        assert schema_findings(read(path).document) == [], path


# --- (3) writing: the spec's shape -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def co2_validator() -> Any:
    """The shape hub-docs model-cards-co2.md gives co2_eq_emissions (no official JSON Schema exists)."""
    from jsonschema import Draft202012Validator

    schema = json.loads((FIXTURES / "co2_eq_emissions.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def front_matter(text: str) -> dict[str, Any]:
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    assert match, text
    return yaml.safe_load(match.group(1))


def hub_reading(meta: dict[str, Any]) -> float:
    """What huggingface_hub's _is_emission_within_threshold reads: the first number of str(emissions)."""
    value = meta["co2_eq_emissions"]
    value = value["emissions"] if isinstance(value, dict) else value
    return float(re.search(r"\d+\.\d+|\d+", str(value)).group(0))


def test_a_written_card_follows_the_spec(co2_validator: Any) -> None:
    document = json.loads((EXAMPLES / "valid" / "Disclosure-fine-tune.json").read_text(encoding="utf-8"))
    conversion = FORMAT.write(document)
    meta = front_matter(conversion.document)
    assert list(co2_validator.iter_errors(meta)) == []
    assert meta["co2_eq_emissions"]["emissions"] == 756 == hub_reading(meta)
    assert meta["co2_eq_emissions"]["training_type"] == "fine-tuning"
    assert "## Environmental Impact" in conversion.document
    assert "- **Carbon Emitted:** 756 g CO2eq" in conversion.document
    assert "# Model Card for Northwind Support 7B" in conversion.document
    lost = {loss.where for loss in conversion.losses}
    assert {
        "/footprints/0/grid_carbon_intensity",
        "/footprints/0/emissions_accounting_method",
        "/reporting_entity",
    } <= lost
    assert detect("README.md", conversion.document) == "hf-card"


def test_every_example_and_corpus_card_writes_a_valid_card(co2_validator: Any, corpus_dir: Path) -> None:
    sources = [*sorted((EXAMPLES / "valid").iterdir()), *corpus_files(corpus_dir)]
    for path in sources:
        document = read_input(path).document
        written = FORMAT.write(document).document
        meta = front_matter(written) if written.startswith("---") else {}
        if meta:
            assert list(co2_validator.iter_errors(meta)) == [], path


def test_a_merged_card_and_log_write_the_cards_figure(corpus_dir: Path) -> None:
    merged = merge(
        [
            read_input(corpus_dir / CARDS / "Nkluge-correa__TeenyTinyLlama" / "cards__models__TeenyTinyLlama-160m.md"),
            read_input(corpus_dir / "codecarbon" / "real" / "Nkluge-correa__TeenyTinyLlama" / "emissions-160m.csv"),
        ]
    ).document
    conversion = FORMAT.write(merged)
    assert front_matter(conversion.document)["co2_eq_emissions"]["emissions"] == 5600
    assert "a card's co2_eq_emissions holds one figure" in loss_reasons(conversion)["/footprints/1"]


def test_stages_without_a_training_type_are_lost() -> None:
    document = {
        "footprints": [{"id": "i", "stage": "inference", "operational_emissions": {"value": 1, "unit": "kg{CO2eq}"}}]
    }
    conversion = FORMAT.write(document)
    assert "training_type" not in front_matter(conversion.document)["co2_eq_emissions"]
    assert "/footprints/0/stage" in loss_reasons(conversion)


# --- (4) round trip --------------------------------------------------------------------------------------

COUNTRIES = ("DE", "FR", "US", "SG", "CA", "JP", "BR", "ES")
MODELS = {
    "gpu": ("NVIDIA A100-SXM4-40GB", "RTX 4090", "Tesla V100"),
    "cpu": ("AMD EPYC 7742", "Intel Xeon Platinum 8480+"),
    "tpu": ("TPU v4", "v5e pod slice"),
    "server": ("HGX host, 2 x 56-core CPU (GPUs counted above)",),
    "other": ("FPGA-less appliance",),
}
words = (
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz "), min_size=1, max_size=16)
    .map(str.strip)
    .filter(lambda s: s and s not in ("none", "n", "na", "tbd", "todo", "local", "private"))
)


def quantity(units: tuple[str, ...], low: float = 1e-3, high: float = 1e7) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"value": st.floats(low, high), "unit": st.sampled_from(units)})


@st.composite
def footprints(draw: st.DrawFn) -> dict[str, Any]:
    """A footprint holding what a card can say."""
    fp: dict[str, Any] = {"id": "f", "system": "m", "stage": draw(st.sampled_from(("training", "fine-tuning")))}
    fp["operational_emissions"] = draw(quantity(MASS))
    if draw(st.booleans()):
        fp["method"] = "Tool " + draw(words)
    if draw(st.booleans()):
        fp["energy_consumption"], fp["energy_boundary"] = draw(quantity(ENERGY)), "compute-node"
    if draw(st.booleans()):
        fp["duration"] = draw(quantity(TIME, 1, 1e6))
    if draw(st.booleans()):
        fp["accelerator_hours"] = draw(quantity(("h", "min"), 1e-2, 1e6))
    location = {"cloud_provider": "Cloud " + draw(words), "cloud_region": draw(words)}
    if countries.has_pycountry():
        location["country"] = draw(st.sampled_from(COUNTRIES))
        if draw(st.booleans()):
            location["region"] = draw(words)
    chosen = {k: v for k, v in location.items() if draw(st.booleans()) and (k != "region" or "country" in location)}
    if "region" in chosen and "country" not in chosen:
        del chosen["region"]
    if chosen:
        fp["location"] = chosen
    kinds = draw(st.lists(st.sampled_from(sorted(MODELS)), max_size=3))
    hardware = []
    for kind in kinds:
        item = {"hardware_type": kind, "hardware_model": draw(st.sampled_from(MODELS[kind]))}
        if draw(st.booleans()):
            item["hardware_count"] = draw(st.integers(1, 4096))
        hardware.append(item)
    if hardware:
        fp["hardware"] = hardware
    return fp


EXTRAS = {
    "pue_applied": 1.2,
    "grid_carbon_intensity": {"value": 45, "unit": "g{CO2eq}/(kW.h)"},
    "water_consumption_site": {"value": 3, "unit": "L"},
    "period": {"start_date": "2025-01-01", "end_date": "2025-01-31"},
}


@given(footprints(), st.sampled_from(sorted(EXTRAS)))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip_keeps_every_value_a_card_can_hold(footprint: dict[str, Any], extra: str) -> None:
    document = {"ai_systems": [{"id": "m", "name": "Model M-1"}], "footprints": [{**footprint, extra: EXTRAS[extra]}]}
    written = FORMAT.write(copy.deepcopy(document))
    assert f"/footprints/0/{extra}" in loss_reasons(written)
    back = FORMAT.read(written.document, "README.md")
    assert back.document["ai_systems"][0]["name"] == "Model M-1"
    again = only_footprint(back)
    for slot in QUANTITIES:
        if slot in footprint:
            assert math.isclose(magnitude(again, slot), magnitude(footprint, slot), rel_tol=1e-9), slot
        else:
            assert slot not in again, slot
    for key in ("stage", "method", "location", "hardware"):
        assert again.get(key) == footprint.get(key), key
    assert schema_findings(back.document) == []
    assert not [loss for loss in back.losses]


# --- (5) recognising the format ------------------------------------------------------------------------


def test_sniff_recognises_cards_and_no_other_format(corpus_dir: Path) -> None:
    with (corpus_dir / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        files = [(row["local_path"], row["format"]) for row in csv.DictReader(manifest, delimiter="\t")]
    for local, form in files:
        path = corpus_dir / local
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        assert looks_like("hf-card", str(path), text) == form.startswith("hf-modelcard"), local
    for path in sorted((EXAMPLES / "valid").iterdir()):
        assert not looks_like("hf-card", str(path), path.read_text(encoding="utf-8")), path
    assert not looks_like("hf-card", "post.md", "---\ntitle: My holiday\ntags: [travel]\n---\n\n# Day one\n")
    assert detect("README.md", (FIXTURES / "sentence-transformers-README.md").read_text(encoding="utf-8")) == "hf-card"
