"""The body of a model card: labelled lines and tables of figures read into footprints, each figure with its line
and column, front matter and body compared by the stated-twice rule, in linear time on hostile input."""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from aistd.check import check_data
from aistd.cli import main
from aistd.conversion.formats.hf_card import FORMAT
from aistd.conversion.formats.hf_card.body import name_label
from aistd.conversion.formats.hf_card.figures import read_figure
from aistd.knowledge.units import magnitude
from aistd.load.markdown import front_matter
from tests.conftest import EXAMPLES, ROOT

BODIES = ROOT / "tests" / "data" / "convert" / "hf_card_bodies"
CARDS = "hf-modelcards"
FRONT = "---\nlibrary_name: transformers\n---\n\n"
"""Front matter that makes a file a model card and states no figure: the body's lines start on line 5."""


def read_text(text: str, name: str = "README.md") -> Any:
    return FORMAT.read(text, name)


def read(path: Path) -> Any:
    return FORMAT.read(path.read_text(encoding="utf-8"), str(path))


def by_system(conversion: Any) -> dict[str | None, dict[str, Any]]:
    return {fp.get("system"): fp for fp in conversion.document["footprints"]}


def findings(document: dict[str, Any], rule: str) -> list[str]:
    return [f.pointer for f in check_data(document) if f.rule == rule]


def schema_findings(document: dict[str, Any]) -> list[Any]:
    return [f for f in check_data(document) if f.rule.startswith(("schema.", "units."))]


def loss_reasons(conversion: Any) -> dict[str, str]:
    return {loss.where: loss.reason for loss in conversion.losses}


# --- (1) every form of a labelled line, with the line and column of its value ------------------------------


@pytest.mark.parametrize(
    ("line", "slot", "quantity", "value"),
    [
        ("- **Total energy consumption:** 1.2 MWh", "energy_consumption", {"value": 1.2, "unit": "MW.h"}, "1.2"),
        ("- **Training time**: ~ 36 hours", "duration", {"value": 36, "unit": "h", "qualifier": "approximate"}, "~"),
        ("Carbon Emitted: 149 kg CO2eq", "operational_emissions", {"value": 149, "unit": "kg{CO2eq}"}, "149"),
        ("**Emissions:** 5.6 KgCO2", "operational_emissions", {"value": 5.6, "unit": "kg{CO2eq}"}, "5.6"),
        ("- CO2 Emissions (in grams): 3.3212", "operational_emissions", {"value": 3.3212, "unit": "g{CO2eq}"}, "3.3"),
        ("* __Accelerator hours:__ 1.46M GPU hours", "accelerator_hours", {"value": 1460000, "unit": "h"}, "1.46"),
        ("1. Location-based emissions: < 0.001 t", "location_based_emissions", {"qualifier": "upper-bound"}, "<"),
        ("  - **Training Time (GPU hours):** 370k", "accelerator_hours", {"value": 370000, "unit": "h"}, "370k"),
        ("- **Energy Consumed**: 0.032 kWh", "energy_consumption", {"value": 0.032, "unit": "kW.h"}, "0.032"),
    ],
)
def test_each_label_form_is_read_with_its_line_and_column(
    line: str, slot: str, quantity: dict[str, Any], value: str
) -> None:
    conversion = read_text(f"{FRONT}# Tiny model\n\n{line}\n")
    (footprint,) = conversion.document["footprints"]
    assert {key: footprint[slot][key] for key in quantity} == quantity
    assert conversion.origins[f"/footprints/0/{slot}"] == (7, line.index(value) + 1)
    assert schema_findings(conversion.document) == []


def test_a_figure_without_a_unit_is_not_read_outside_the_template() -> None:
    conversion = read_text(f"{FRONT}# Tiny model\n\n- **Accelerator hours:** 1.46M\n")
    assert "footprints" not in conversion.document
    assert "no unit" in loss_reasons(conversion)["line 7: Accelerator hours"]


def test_the_environmental_impact_template_is_read_where_the_card_writes_it() -> None:
    section = (
        "## Environmental Impact\n\n"
        "- **Hardware Type:** 8x A100\n"
        "- **Hours used:** 120\n"
        "- **Cloud Provider:** AWS\n"
        "- **Compute Region:** us-east-1\n"
        "- **Carbon Emitted:** 1500\n"
    )
    conversion = read_text(f"{FRONT}# Tiny model\n\n{section}")
    (footprint,) = conversion.document["footprints"]
    assert footprint["hardware"] == [{"hardware_type": "gpu", "hardware_model": "A100", "hardware_count": 8}]
    assert footprint["accelerator_hours"] == {"value": 120, "unit": "h"}
    assert footprint["location"] == {"cloud_provider": "AWS", "cloud_region": "us-east-1"}
    assert footprint["operational_emissions"] == {"value": 1500, "unit": "g{CO2eq}"}  # the template asks for grams
    assert ("/footprints/0/operational_emissions/unit", "g{CO2eq}") in [(f.where, f.value) for f in conversion.fills]
    origins = conversion.origins
    assert origins["/footprints/0/hardware"] == (9, 22)
    assert origins["/footprints/0/accelerator_hours"] == (10, 19)
    assert origins["/footprints/0/location/cloud_region"] == (12, 23)
    assert origins["/footprints/0/operational_emissions"] == (13, 23)


def test_a_details_list_of_a_real_card_adds_what_the_front_matter_does_not_say(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / CARDS / "Nkluge-correa__TeenyTinyLlama" / "cards__models__TeenyTinyLlama-460m.md")
    (footprint,) = conversion.document["footprints"]
    assert magnitude(footprint, "operational_emissions") == pytest.approx(41.1)  # front matter 41100 g
    assert footprint["duration"] == {
        "value": 280,
        "unit": "h",
        "qualifier": "approximate",
        "as_published": "~ 280 hours",
    }
    assert footprint["energy_consumption"]["value"] == 115.69 and footprint["energy_boundary"] == "not-stated"
    assert footprint["hardware"][0]["hardware_count"] == 1  # "GPU: 1 NVIDIA A100-SXM4-40GB"
    assert conversion.origins["/footprints/0/duration"] == (200, 22)
    assert conversion.origins["/footprints/0/energy_consumption"] == (202, 33)


@pytest.mark.parametrize(
    ("label", "slot", "stage", "hint"),
    [
        (
            "Training Location-Based Greenhouse Gas Emissions (tons CO2eq)",
            "location_based_emissions",
            "training",
            "tons CO2eq",
        ),
        (
            "Training Market-Based Greenhouse Gas Emissions (tons of CO2eq)",
            "market_based_emissions",
            "training",
            "tons of CO2eq",
        ),
        ("Training Power Consumption (W)", "device_power", "training", "W"),
        ("Time (GPU hours)", "duration", None, "GPU hours"),
        ("Total Energy Consumption", "energy_consumption", None, None),
        ("Carbon Emitted(tCO2eq)", "operational_emissions", None, "tCO2eq"),
        ("Pre-training emissions", "operational_emissions", "training", None),
        ("Hours used", "accelerator_hours", None, None),
        ("Water consumption site", "water_consumption_site", None, None),
    ],
)
def test_labels_are_matched_through_the_crosswalk_and_the_indicator_names(
    label: str, slot: str, stage: str | None, hint: str | None
) -> None:
    named = name_label(label)
    assert named is not None
    assert (named.label.slot, named.stage, named.hint) == (slot, stage, hint)


@pytest.mark.parametrize("label", ["Model Release Date", "Training Energy Use", "Perplexity", "Batch size"])
def test_labels_no_vocabulary_knows_are_not_guessed(label: str) -> None:
    assert name_label(label) is None


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("370k", "GPU hours", {"value": 370000, "unit": "h", "significant_digits": 3, "as_published": "370k"}),
        ("7.0M", "GPU hours", {"value": 7000000, "unit": "h", "significant_digits": 2, "as_published": "7.0M"}),
        ("1,354", "tons CO2eq", {"value": 1354, "unit": "t{CO2eq}", "as_published": "1,354"}),
        ("539.00", "tCO2eq", {"value": 539.0, "unit": "t{CO2eq}", "significant_digits": 5, "as_published": "539.00"}),
        (
            "< 0.001",
            "tons CO2eq",
            {"value": 0.001, "unit": "t{CO2eq}", "qualifier": "upper-bound", "as_published": "< 0.001"},
        ),
        (
            "*Negligible*\\*\\*",
            "tons CO2eq",
            {"unit": "t{CO2eq}", "qualifier": "negligible", "as_published": "Negligible**"},
        ),
        ("0", "tons CO2eq", {"value": 0, "unit": "t{CO2eq}"}),
    ],
)
def test_published_digits_and_qualifiers_are_kept(text: str, hint: str, expected: dict[str, Any]) -> None:
    slot = "accelerator_hours" if "hours" in hint else "location_based_emissions"
    reading = read_figure(text, slot, hint)
    assert not isinstance(reading, str) and reading is not None
    assert reading.quantity == expected


@pytest.mark.parametrize("text", ["\\-", "-", "N/A", "", "\u2014"])
def test_a_cell_that_states_nothing_gives_no_figure(text: str) -> None:
    assert read_figure(text, "device_power", "W") is None


def test_device_hours_are_the_accelerators_busy_time_whatever_the_label() -> None:
    reading = read_figure("2.4 GPU hours", "duration")
    assert reading is not None and not isinstance(reading, str)
    assert reading.slot == "accelerator_hours" and reading.quantity["value"] == 2.4


def test_a_label_the_crosswalk_does_not_know_is_reported_when_it_holds_a_figure() -> None:
    conversion = read_text(f"{FRONT}# Tiny model\n\n- **Embodied carbon of the GPUs:** 12 kg\n")
    assert "not read" in loss_reasons(conversion)["line 7: Embodied carbon of the GPUs"]


# --- (2) tables: a footprint per row, the Total row adding them up ---------------------------------------------


@pytest.fixture(scope="module")
def llama_3_2() -> Any:
    return read(BODIES / "llama-3-2-model-card.md")


def test_the_llama_3_2_table_gives_a_footprint_per_model_and_a_total(llama_3_2: Any) -> None:
    document = llama_3_2.document
    assert [s["name"] for s in document["ai_systems"]] == [
        "Llama 3.2 1B",
        "Llama 3.2 3B",
        "Llama 3.2 1B SpinQuant",
        "Llama 3.2 3B SpinQuant",
        "Llama 3.2 1B QLoRA",
        "Llama 3.2 3B QLoRA",
    ]
    rows = by_system(llama_3_2)
    one_b = rows["llama-3-2-1b"]
    assert one_b["stage"] == "training"
    assert one_b["accelerator_hours"] == {"value": 370000, "unit": "h", "significant_digits": 3, "as_published": "370k"}
    assert one_b["location_based_emissions"] == {"value": 107, "unit": "t{CO2eq}"}
    assert one_b["market_based_emissions"] == {"value": 0, "unit": "t{CO2eq}"}  # a stated 0, kept
    assert one_b["device_power"] == {"value": 700, "unit": "W"}
    # "power consumption is the peak power capacity per GPU device used, adjusted for power usage efficiency"
    assert (one_b["device_power_basis"], one_b["device_power_includes_pue"]) == ("peak", True)
    total = rows[None]
    assert total["aggregates"] == [fp["id"] for fp in document["footprints"] if fp.get("system")]
    assert total["location_based_emissions"] == {"value": 240, "unit": "t{CO2eq}"}
    assert total["accelerator_hours"]["value"] == 833000 and "device_power" not in total  # its power cell is empty
    assert schema_findings(document) == []


def test_negligible_cells_take_the_bound_of_their_footnote(llama_3_2: Any) -> None:
    spinquant = by_system(llama_3_2)["llama-3-2-1b-spinquant"]["location_based_emissions"]
    assert spinquant == {"value": 0.001, "unit": "t{CO2eq}", "qualifier": "negligible", "as_published": "Negligible**"}
    index = next(
        i for i, fp in enumerate(llama_3_2.document["footprints"]) if fp.get("system") == "llama-3-2-1b-spinquant"
    )
    assert llama_3_2.origins[f"/footprints/{index}/location_based_emissions"] == (13, 44)  # the cell
    assert llama_3_2.origins[f"/footprints/{index}/location_based_emissions/value"] == (19, 1)  # the footnote


def test_every_cell_keeps_its_line_and_column(llama_3_2: Any) -> None:
    origins = llama_3_2.origins
    assert origins["/footprints/0/accelerator_hours"] == (11, 18)  # "| Llama 3.2 1B | 370k |"
    assert origins["/footprints/0/location_based_emissions"] == (11, 36)
    assert origins["/footprints/0"] == (11, 3)
    assert origins["/footprints/6/aggregates"] == (17, 3)  # the Total row
    assert origins["/ai_systems/0"] == (11, 3)


def test_the_total_is_judged_by_its_published_digits(llama_3_2: Any) -> None:
    # 107 + 133 + 0.381 + 0.461 + 2 x (negligible, < 0.001) = 240.842, published as 240: the digits allow it
    assert findings(llama_3_2.document, "footprint.aggregate-sum") == []
    assert "Logit Generation Time" in str(llama_3_2.losses)  # a column no vocabulary names: reported, not guessed


def test_a_table_of_upper_bounds_adds_up_to_its_rounded_total() -> None:
    table = (
        "| | Training Time (GPU hours) | Training Location-Based Greenhouse Gas Emissions (tons CO2eq) |"
        " Training Market-Based Greenhouse Gas Emissions (tons CO2eq) |\n"
        "| :---- | :---: | :---: | :---: |\n"
        "| Model 1B | 370k | 107 | 0 |\n"
        "| Model 3B | 460k | 133 | 0 |\n"
        "| Model 1B SpinQuant | 1.7 | < 0.001 | 0 |\n"
        "| Model 3B SpinQuant | 2.4 | < 0.001 | 0 |\n"
        "| Model 1B QLoRA | 1.3k | 0.381 | 0 |\n"
        "| Model 3B QLoRA | 1.6k | 0.461 | 0 |\n"
        "| Total | 833k | 240 | 0 |\n"
    )
    conversion = read_text(f"{FRONT}# Model\n\n{table}")
    rows = by_system(conversion)
    assert rows["model-1b-spinquant"]["location_based_emissions"]["qualifier"] == "upper-bound"
    assert len(rows[None]["aggregates"]) == 6
    assert findings(conversion.document, "footprint.aggregate-sum") == []
    wrong = read_text(f"{FRONT}# Model\n\n{table.replace('| Total | 833k | 240 |', '| Total | 833k | 250 |')}")
    assert findings(wrong.document, "footprint.aggregate-sum") == ["/footprints/6/location_based_emissions"]


def test_the_llama_2_table_is_read_as_the_hand_transcription_and_its_total_does_not_add_up() -> None:
    conversion = read(BODIES / "llama-2-model-card.md")
    rows = by_system(conversion)
    assert rows["llama-2-7b"]["operational_emissions"] == {"value": 31.22, "unit": "t{CO2eq}"}
    assert rows["llama-2-7b"]["accelerator_hours"] == {"value": 184320, "unit": "h"}  # "Time (GPU hours)"
    assert rows["llama-2-7b"]["stage"] == "training"  # "Pretraining utilized...", above the table
    total = rows[None]["operational_emissions"]
    assert total == {"value": 539.0, "unit": "t{CO2eq}", "significant_digits": 5, "as_published": "539.00"}
    # the same findings as examples/published.expected.yaml lists for the hand transcription of this table
    expected = yaml.safe_load((EXAMPLES / "published.expected.yaml").read_text(encoding="utf-8"))
    wanted = sorted(e["pointer"] for e in expected["llama-2-model-card.yaml"] if e["rule"] == "footprint.aggregate-sum")
    assert sorted(findings(conversion.document, "footprint.aggregate-sum")) == wanted


def test_the_rows_agree_with_the_hand_transcription_of_the_llama_3_2_card(llama_3_2: Any) -> None:
    published = yaml.safe_load((EXAMPLES / "published" / "llama-3-2-model-card.yaml").read_text(encoding="utf-8"))
    by_id = {fp["id"]: fp for fp in published["footprints"]}
    for footprint in llama_3_2.document["footprints"]:
        if not footprint.get("system"):
            continue
        transcribed = by_id[f"{footprint['system']}-training"]
        for slot in ("accelerator_hours", "device_power", "location_based_emissions", "market_based_emissions"):
            assert magnitude(footprint, slot) == pytest.approx(magnitude(transcribed, slot)), (footprint["id"], slot)


def test_the_llama_4_table_with_a_name_column_and_a_dash() -> None:
    conversion = read(BODIES / "llama-4-model-card.md")
    rows = by_system(conversion)
    assert set(rows) == {"llama-4-scout", "llama-4-maverick", None}
    assert rows["llama-4-scout"]["location_based_emissions"] == {
        "value": 1354,
        "unit": "t{CO2eq}",
        "as_published": "1,354",
    }
    assert "device_power" not in rows[None]  # "\-" states nothing
    assert findings(conversion.document, "footprint.aggregate-sum") == []


def test_a_table_of_numbered_steps_is_reported_not_read(corpus_dir: Path) -> None:
    conversion = read(corpus_dir / CARDS / "Nkluge-correa__TeenyTinyLlama" / "cards__models__TeenyTinyLlama-460m.md")
    assert len(conversion.document["footprints"]) == 1  # 12 cumulative checkpoints are no 12 activities
    assert any("numbered steps" in loss.reason for loss in conversion.losses)


def test_a_table_without_figures_is_left_alone() -> None:
    table = "| Benchmark | Llama 3.2 1B | Llama 3.2 3B |\n|---|---|---|\n| MMLU | 32.2 | 58 |\n"
    conversion = read_text(f"{FRONT}# Model\n\n{table}")
    assert "footprints" not in conversion.document and conversion.losses == []


def test_captioned_blocks_of_one_section_are_separate_activities() -> None:
    conversion = read(BODIES / "idefics-environmental-impact.md")
    footprints = conversion.document["footprints"]
    assert [(fp["description"], fp["stage"]) for fp in footprints] == [
        ("Preliminary experimentation", "other"),
        ("IDEFICS-9b pretraining", "training"),
        ("IDEFICS-9b-instruct finetuning", "fine-tuning"),
        ("IDEFICS-80b pretraining", "training"),
        ("IDEFICS-80b-instruct finetuning", "fine-tuning"),
    ]
    assert [magnitude(fp, "operational_emissions") for fp in footprints] == [16714, 5160, 1032, 39498, 3174]
    assert footprints[1]["hardware"] == [
        {"hardware_type": "gpu", "hardware_model": "NVIDIA A100 GPUs", "hardware_count": 128}
    ]
    assert not any("restates" in fp for fp in footprints)
    hours = [loss.value for loss in conversion.losses if loss.where == "Environmental Impact: Hours used"]
    assert "672 hours (28 days)" in hours  # two numbers: reported, never guessed
    assert schema_findings(conversion.document) == []


# --- (3) front matter and body: the stated-twice rule judges them -----------------------------------------


CARD = """---
co2_eq_emissions:
  emissions: {grams}
  training_type: pre-training
---

# Tiny model

## Details

- **Emissions:** {body}
"""


def test_a_body_figure_that_agrees_with_the_front_matter_is_the_same_figure() -> None:
    conversion = read_text(CARD.format(grams=5600, body="5.6 kg CO2eq"))
    (footprint,) = conversion.document["footprints"]
    assert footprint["operational_emissions"] == {"value": 5600, "unit": "g{CO2eq}"}
    assert findings(conversion.document, "footprint.restated-agrees") == []


def test_a_body_figure_that_disagrees_is_kept_beside_it_for_the_stated_twice_rule() -> None:
    conversion = read_text(CARD.format(grams=5.6, body="5.6 kg CO2eq"))
    card, body = conversion.document["footprints"]
    assert body["restates"] == card["id"]
    assert (body["stage"], body["system"]) == (card["stage"], card["system"])
    assert body["operational_emissions"] == {"value": 5.6, "unit": "kg{CO2eq}", "as_published": "5.6 kg CO2eq"}
    assert conversion.origins["/footprints/1/operational_emissions"] == (11, 18)
    assert findings(conversion.document, "footprint.restated-agrees") == ["/footprints/1/operational_emissions"]


def test_the_stated_twice_finding_points_at_the_card_line(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(CARD.format(grams=5.6, body="5.6 kg CO2eq"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(path)])
    assert code == 1
    lines = [line for line in out.getvalue().splitlines() if "footprint.restated-agrees" in line]
    assert lines and lines[0].startswith(f"{path}:11:18:"), out.getvalue()


def test_the_old_teenytinyllama_card_in_kilograms_is_caught(corpus_dir: Path) -> None:
    path = corpus_dir / CARDS / "Nkluge-correa__TeenyTinyLlama" / "OLD-0d4e15f__cards__models__TeenyTinyLlama-160m.md"
    conversion = read(path)
    assert findings(conversion.document, "footprint.restated-agrees") == ["/footprints/1/operational_emissions"]


# --- (4) linear time on hostile input ------------------------------------------------------------------------

LONG = 200_000


def hostile_lines(n: int) -> dict[str, str]:
    """Lines that make a backtracking pattern quadratic, each about `n` characters long."""
    return {
        "spaces after a figure": "- **Carbon Emitted:** 5" + " " * n + "x",
        "spaces in a label": "- a" + " " * n + "b",
        "a heading of spaces": "# a" + " " * n + "b",
        "digits": "- **Carbon Emitted:** " + "1" * n + " kg",
        "thousands": "- **Carbon Emitted:** " + "1,000" * (n // 5) + " kg",
        "an offset of spaces": "- **Carbon Emitted:** 5 kg of which 1 %" + " " * n + "x",
        "co2 words": "- **Carbon Emitted:** 5 kg " + "co2 " * (n // 4),
        "hardware and spaces": "- **Hardware Type:** 8 x A100" + " " * n + "y",
        "hardware pluses": "- **Hardware Type:** " + " + " * (n // 3),
        "hardware typed": "- **Hardware Type:** a" + " " * n + "(gpu)",
        "unfilled": "- **Cloud Provider:** " + " " * n + "x",
        "tags": "- **Carbon Emitted:** 5 " + "<a" * (n // 2),
        "qualifiers": "- **Carbon Emitted:** " + "< " * (n // 2) + "5",
        "pipes": "|" * n,
        "backslashes": "\\" * n + "|",
        "a wide table": "| "
        + "Carbon Emitted (kg) | " * (n // 22)
        + "\n|"
        + "---|" * (n // 22)
        + "\n| x |"
        + " 1 |" * (n // 22),
        "a definition repeated": "| | Power Consumption (W) |\n|---|---|\n| m | 700 |\n"
        + "power consumption " * (n // 18),
        "a footnote repeated": "| | Emissions (t) |\n|---|---|\n| m | Negligible** |\n** " + "less than " * (n // 10),
        "a title": "# Model card" + " " * n + "model card",
        "an open comment": "<!--" + "-" * n,
    }


HOSTILE = hostile_lines(LONG)


def reading_seconds(line: str) -> float:
    """The shortest of three readings of a card holding `line` in its environmental section."""
    text = f"---\nco2_eq_emissions: 5\n---\n\n# Model\n\n## Environmental Impact\n\n{line}\n"
    times = []
    for _ in range(3):
        start = time.perf_counter()
        read_text(text)
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_line_of_200000_characters_is_read_in_linear_time(name: str) -> None:
    """Four times the line costs about four times the time (a quadratic pattern costs sixteen).

    A ratio, not a wall-clock limit, so a loaded machine does not fail it; the small constant absorbs timer noise
    on lines read in microseconds."""
    assert len(HOSTILE[name]) >= LONG
    short = reading_seconds(hostile_lines(LONG // 4)[name])
    long = reading_seconds(HOSTILE[name])
    assert long < 8 * short + 0.05, (short, long)


# --- (5) the corpus --------------------------------------------------------------------------------------------


def body_figures(conversion: Any, text: str) -> int:
    """Figures carried into the disclosure from the card's body (their origin lies after the front matter)."""
    found = front_matter(text)
    first = text.count("\n", 0, found.body_start) + 1 if found else 1
    count = 0
    for pointer, (line, _) in conversion.origins.items():
        parts = pointer.strip("/").split("/")
        if line < first or parts[0] != "footprints" or len(parts) != 3:
            continue
        value = conversion.document["footprints"][int(parts[1])].get(parts[2])
        count += isinstance(value, dict) and ("value" in value or "qualifier" in value)
    return count


def test_the_corpus_cards_give_their_body_figures(corpus_dir: Path) -> None:
    total = 0
    for path in sorted((corpus_dir / CARDS).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        conversion = FORMAT.read(text, str(path))
        total += body_figures(conversion, text)
        assert schema_findings(conversion.document) == [], path
    assert total >= 30  # 8 before the body reader (the template's Hours used and Carbon Emitted only)
