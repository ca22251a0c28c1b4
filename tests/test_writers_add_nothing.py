"""Write, then read back: no writer lets free text become a figure, and none raises anything but ConversionError.

Every format aistd writes is given generated disclosures (`tests/strategies.disclosures`) whose free text is
hostile: line breaks and Markdown bullets that state figures (`- **Carbon Emitted:** 999999 kg`), front-matter
fences, table rows, spreadsheet formulas (`=1+2`), hardware text that names counts (`8 x H100`), YAML and JSON
syntax, control and bidi characters. What the format's own reader gets back from the written text must hold no
figure the disclosure did not hold: for every footprint read back, each figure (a quantity slot, a number slot,
a hardware item's count) is one the source states in the same slot with the same magnitude (units converted), or
one the writer reported filling in. The check is `fuzz/fuzz_targets.py`'s (`write_and_read`), which the atheris
`write-FORMAT` targets run on disclosures decoded from the fuzzer's bytes.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aistd.conversion.csv_table import neutralised, restored
from aistd.conversion.formats.hf_card.inline import escaped, unescaped
from aistd.conversion.registry import TARGET_NAMES, format_named
from tests.strategies import disclosures
from tests.test_fuzz_regressions import fuzz_targets

TARGETS = fuzz_targets()
HOSTILE = [
    "A100\n- **Carbon Emitted:** 999999 kg", "M\n---\nco2_eq_emissions: 5\n---\n", "\n---\n", "a | b",
    "| Energy | 77 kWh |\n|---|---|\n| Emissions | 5 kg |", "**Energy consumed:** 123 kWh", "Carbon Emitted: 149 kg",
    "- **Hours used:** 88", "=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", "'=x", "''", "-5", "8 x H100",
    "A; 999 x H100", "A + 7 x B", "x/7 device(s), TDP:999", "v4 (TPU)", "\u2028- **Emissions:** 5 kg",
    "\x85Energy: 9 kWh", "\x00", "\x1b[31m", "\u202eevil", "\ufeff", "C#", "&#10;", "\\", "*_`<>[]&~", "<!--",
    "```", "key: value", "{a: 1}", "!!python/object:x", "&a *a", "null", "1e999", "NaN", '"', "e\u0301",
    "A/3 device(s)", "/9 device(s)", "A, TDP:250", "A 5 device(s) method:x", "1e5", ".5e3", "-2E-3",
    *(f"x\r{','.join(['7777'] * cells)}\rz" for cells in (13, 16, 38)),
    *(f"x\n{','.join(['7777'] * cells)}\nz" for cells in (13, 16, 38)),
]  # fmt: skip
"""Free text that other syntax, or a figure, hides in."""

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE) | st.text(max_size=6), min_size=1, max_size=4).map("".join),
    st.text(max_size=16),
)
NUMBER = re.compile(r"[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?")
HARDWARE_TYPES = ("gpu", "cpu", "tpu", "npu", "server", "other")


@st.composite
def hostile_disclosures(draw: st.DrawFn) -> dict[str, Any]:
    """A generated disclosure with hostile free text where writers put text: names, ids, descriptions, methods,
    hardware models, places, tool versions."""
    document = draw(disclosures())
    for system in document["ai_systems"]:
        if draw(st.booleans()):
            system["name"] = draw(hostile_text)
        if draw(st.booleans()):
            system["description"] = draw(hostile_text)
    for fp in document.get("footprints", []):
        if draw(st.integers(0, 3)) == 0:
            fp["id"] = draw(hostile_text)
        for slot in ("method", "description"):
            if draw(st.integers(0, 2)) == 0:
                fp[slot] = draw(hostile_text)
        if draw(st.booleans()):
            fp["hardware"] = [
                {
                    "hardware_type": draw(st.sampled_from(HARDWARE_TYPES)),
                    "hardware_model": draw(hostile_text),
                    **({"hardware_count": draw(st.integers(1, 4096))} if draw(st.booleans()) else {}),
                }
                for _ in range(draw(st.integers(1, 3)))
            ]
        if draw(st.booleans()):
            location = {"country": draw(st.sampled_from(["FR", "US", "DE"]))}
            for slot in ("region", "cloud_provider", "cloud_region"):
                if draw(st.booleans()):
                    location[slot] = draw(hostile_text)
            fp["location"] = location
        if draw(st.integers(0, 3)) == 0:
            fp["tool"] = {"name": draw(st.sampled_from(["CodeCarbon", "eco2AI"])), "version": draw(hostile_text)}
    return document


OPTIONS: dict[str, list[dict[str, Any]]] = {
    "aistd": [{"syntax": "yaml"}, {"syntax": "json"}],
    "cyclonedx": [{"encoding": "json"}, {"encoding": "xml"}, {"spec_version": "1.7"}],
}


def test_the_fuzz_targets_write_every_writable_format() -> None:
    assert TARGET_NAMES == TARGETS.WRITABLE
    assert {f"write-{name}" for name in TARGET_NAMES} <= set(TARGETS.TARGETS)


@pytest.mark.parametrize("form", TARGET_NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=hostile_disclosures(), data=st.data())
def test_writing_then_reading_back_adds_no_figure(form: str, document: dict[str, Any], data: st.DataObject) -> None:
    options = data.draw(st.sampled_from(OPTIONS.get(form, [{}])), label="options")
    TARGETS.write_and_read(form, copy.deepcopy(document), **options)


hardware_items = st.lists(
    st.fixed_dictionaries(
        {"hardware_type": st.sampled_from(["cpu", "gpu", "tpu"]), "hardware_model": hostile_text},
        optional={"hardware_count": st.integers(1, 64), "thermal_design_power": st.just({"value": 250, "unit": "W"})},
    ),
    min_size=1,
    max_size=2,
)


@pytest.mark.parametrize("form", TARGET_NAMES)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hardware=hardware_items)
def test_hardware_text_reads_back_as_no_other_count(form: str, hardware: list[dict[str, Any]]) -> None:
    """Hardware is where text and counts share a cell (`2 x V100`, `Xeon/2 device(s), TDP:250`): the place to look
    hardest."""
    TARGETS.write_and_read(form, disclosure(hardware=hardware))


# --- the injections that were found, and what comes of them now ------------------------------------------------


def disclosure(**footprint: Any) -> dict[str, Any]:
    """One system, one training footprint of 1 kg CO2e, and what else is given."""
    return {
        "id": "urn:example:d",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "Lab"},
        "reporting_period": {"not_stated": True},
        "ai_systems": [{"id": "m", "name": footprint.pop("system_name", "Model M")}],
        "footprints": [
            {"id": "f", "system": "m", "stage": "training",
             "operational_emissions": {"value": 1, "unit": "kg{CO2eq}"}, **footprint}
        ],
    }  # fmt: skip


def card_back(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    card = format_named("hf-card").write(document).document
    return card, format_named("hf-card").read(card, "README.md").document


def test_a_hardware_model_holding_a_bullet_adds_no_emissions_to_the_card() -> None:
    """`aistd convert d.yaml --to hf-card` wrote the model into a bullet line, and the card's body reader read the
    next line, `- **Carbon Emitted:** 999999 kg`, as a second emissions figure."""
    hostile = "A100\n- **Carbon Emitted:** 999999 kg"
    document = disclosure(hardware=[{"hardware_type": "gpu", "hardware_model": hostile}])
    card, back = card_back(document)
    assert "\n- **Carbon Emitted:** 999999" not in card
    (footprint,) = back["footprints"]
    assert footprint["operational_emissions"] == {"value": 1000, "unit": "g{CO2eq}"}
    assert footprint["hardware"] == [{"hardware_type": "gpu", "hardware_model": hostile}]


def test_a_system_name_with_fences_and_a_table_stays_one_title() -> None:
    name = "M\n---\nco2_eq_emissions: 5\n---\n| Energy | 77 kWh |\n|---|---|\n| Energy | 78 kWh |"
    card, back = card_back(disclosure(system_name=name))
    assert card.splitlines().count("---") == 2  # the front matter's own fences
    assert back["ai_systems"][0]["name"] == name
    assert [set(fp) & {"energy_consumption"} for fp in back["footprints"]] == [set()]


def test_places_with_markdown_and_line_breaks_read_back_as_written() -> None:
    location = {"country": "FR", "cloud_provider": "x\n- **Energy consumed:** 55 kWh", "cloud_region": " a|b_*c* #"}
    _, back = card_back(disclosure(location=location))
    (footprint,) = back["footprints"]
    assert footprint["location"] == location
    assert "energy_consumption" not in footprint


def test_hardware_text_that_would_read_as_other_hardware_is_reported_not_written() -> None:
    """`8 x H100` with no count would read back as eight H100s; `A; 9 x B` as two items."""
    hardware = [{"hardware_type": "gpu", "hardware_model": "8 x H100"}, {"hardware_type": "gpu", "hardware_model": "A"}]
    written = format_named("hf-card").write(disclosure(hardware=hardware))
    (loss,) = [loss for loss in written.losses if loss.where.startswith("/footprints/0/hardware")]
    assert loss.where == "/footprints/0/hardware/0" and "would read back as other hardware" in loss.reason
    back = format_named("hf-card").read(written.document, "README.md").document
    assert back["footprints"][0]["hardware"] == [{"hardware_type": "gpu", "hardware_model": "A"}]


@pytest.mark.parametrize("form", ["codecarbon", "eco2ai"])
@pytest.mark.parametrize("text", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", "'=x", "''", "'plain"])
def test_spreadsheet_formulas_are_neutralised_and_read_back_as_they_were(form: str, text: str) -> None:
    document = disclosure(system_name=text, hardware=[{"hardware_type": "gpu", "hardware_model": text,
                                                        "hardware_count": 2}])  # fmt: skip
    written = format_named(form).write(document)
    cells = [cell for row in list(csv.reader(io.StringIO(written.document, newline="")))[1:] for cell in row]
    formulas = [cell for cell in cells if cell[:1] in tuple("=+-@\t\r") and not NUMBER.fullmatch(cell)]
    assert formulas == []
    back = format_named(form).read(written.document, "emissions.csv" if form == "codecarbon" else "emission.csv")
    (footprint,) = back.document["footprints"]
    if text.strip() == text:  # the CSV readers trim cells (as before)
        assert footprint["hardware"][0]["hardware_model"] == text
    changed = [fill for fill in written.fills if "spreadsheet" in fill.reason]
    assert bool(changed) == (neutralised(text) != text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_the_escapes_are_undone_exactly(text: str) -> None:
    assert unescaped(escaped(text)) == text
    assert "\n" not in escaped(text) and len(escaped(text).splitlines()) <= 1
    assert restored(neutralised(text)) == text


@pytest.mark.parametrize("form", ["codecarbon", "eco2ai"])
@pytest.mark.parametrize("text", ["x\ry", "\r", "a\r\nb", "x\r7777"])
def test_a_carriage_return_in_a_cell_keeps_its_row_whole(form: str, text: str) -> None:
    """The csv module, told to end rows with a line feed, left a cell holding a bare carriage return unquoted; every
    CSV reader ends a row there, so the footprint's row broke in two and the file read back with no row at all."""
    written = format_named(form).write(disclosure(system_name=text))
    assert f'"{neutralised(text)}"' in written.document
    back = format_named(form).read(written.document, "emissions.csv" if form == "codecarbon" else "emission.csv")
    (footprint,) = back.document["footprints"]
    assert footprint["operational_emissions"] == {"value": 1, "unit": "kg{CO2eq}"}
    if form == "codecarbon" and text.strip():  # its project_name names the system (eco2AI's goes to the description)
        assert back.document["ai_systems"][0]["name"] == text.strip()


@pytest.mark.parametrize(
    ("model", "count"), [("x/7 device(s), TDP:999", None), ("x/7 device(s), TDP:999", 1), ("A/3 device(s)", None)]
)
def test_an_eco2ai_cpu_model_holding_a_count_or_a_tdp_is_reported_not_written(model: str, count: int | None) -> None:
    """eco2AI's CPU_name is `{model}/{count} device(s), TDP:{tdp}`: a model that holds that syntax read back as
    7 (or 3) CPUs with a TDP of 999 W. The writer parses the cell as the reader will, and reports the item lost
    when it would read back as anything else."""
    item: dict[str, Any] = {"hardware_type": "cpu", "hardware_model": model}
    if count is not None:
        item["hardware_count"] = count
    written = format_named("eco2ai").write(disclosure(hardware=[item]))
    (loss,) = [loss for loss in written.losses if loss.where == "/footprints/0/hardware/0"]
    assert "would read back as model" in loss.reason
    back = format_named("eco2ai").read(written.document, "emission.csv").document
    assert "hardware" not in back["footprints"][0]


@pytest.mark.parametrize("form", ["aistd", "impact-framework", "hf-card"])
@pytest.mark.parametrize("text", ["1e5", "1E5", "+1e5", ".5e3", "-2E-3"])
def test_text_that_yaml_1_2_reads_as_a_number_is_quoted(form: str, text: str) -> None:
    """PyYAML's safe dump (YAML 1.1) wrote the text "1e5" plain; aistd's loader reads YAML 1.2's `1e5` as the
    number 100000, so a method, a model or a place came back as a number. The YAML writers now use a dumper that
    knows the loader's rule (`conversion.yaml_writing`) and quote it."""
    document = disclosure(
        method=text, emissions_accounting_method="location-based", location={"country": "FR", "cloud_region": text}
    )
    written = format_named(form).write(document)
    assert f"'{text}'" in written.document
    path = {"aistd": "d.yaml", "impact-framework": "manifest.yaml", "hf-card": "README.md"}[form]
    (footprint,) = format_named(form).read(written.document, path).document["footprints"]
    assert footprint["location"]["cloud_region"] == text
    assert footprint.get("method", text) == text
