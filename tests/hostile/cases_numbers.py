"""Hostile numbers and malformed values: integers past the float range in every format aistd reads, aistd input
of the wrong shape given to `convert`, and YAML 1.1 literals that other readers would silently turn into another
value.

A number a double cannot hold (an integer of 309 digits or more; the loader admits up to 4,300) is no figure:
a reader reports it lost with its place and the reason, the checks report it as `schema.out-of-range`, and
nothing computes with it. A disclosure that does not conform to the schema is not converted: `convert` lists its
first findings with their lines and columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from tests.hostile.catalogue import CONVERT, VALIDATE, Case, Maker, _disclosure, _write, card

BIG = "1" + "0" * 400
"""An integer of 401 digits: within the loader's 4,300, past the range of a double (about 1.8e308)."""
TOO_LARGE = "a number too large to hold as a figure"
NOT_CONVERTED = "does not conform to the aistd schema"
DATA = Path(__file__).parents[1] / "data" / "convert"
OVERFLOW = "int too large to convert to float: internal error, exit 2"


def codecarbon_csv(folder: Path) -> Path:
    """A CodeCarbon CSV whose energy_consumed is an integer of 401 digits."""
    header = "timestamp,duration,emissions,energy_consumed\n"
    return _write(folder / "emissions.csv", header + f"2025-01-01T00:00:00,10,0.1,{BIG}\n")


def cyclonedx_json(folder: Path) -> Path:
    """A CycloneDX ML-BOM whose activity energy cost is an integer of 401 digits."""
    consumption = {"activity": "training", "energyProviders": [], "activityEnergyCost": {"value": "@", "unit": "kWh"}}
    component = {
        "type": "machine-learning-model",
        "name": "model-a",
        "modelCard": {"considerations": {"environmentalConsiderations": {"energyConsumptions": [consumption]}}},
    }
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [component]}
    return _write(folder / "bom.cdx.json", json.dumps(bom, indent=1).replace('"@"', BIG))


def spdx3_json(folder: Path) -> Path:
    """An SPDX 3 AI package whose training energy is the decimal text 1 followed by 400 zeros."""
    text = (DATA / "spdx3" / "three-stages.spdx3.json").read_text(encoding="utf-8")
    return _write(folder / "models.spdx3.json", text.replace('"0.0048269"', f'"{BIG}"', 1))


def impact_framework_yaml(folder: Path) -> Path:
    """An Impact Framework manifest whose observed energy is an integer of 401 digits."""
    text = (DATA / "impact_framework" / "inference-with-sci.yaml").read_text(encoding="utf-8")
    for key in ("energy:", "carbon:", "duration:"):
        start = text.find(key, text.find("inputs:"))
        if start >= 0:
            end = text.index("\n", start)
            return _write(folder / "manifest.yaml", text[:start] + f"{key} {BIG}" + text[end:])
    raise AssertionError("the seed manifest has no observed figure")


def boamps_json(folder: Path) -> Path:
    """A BoAmps report whose measured power consumption is an integer of 401 digits."""
    text = (DATA / "boamps" / "joint-stage.json").read_text(encoding="utf-8")
    text = text.replace('"powerConsumption": 1.25', f'"powerConsumption": {BIG}', 1)
    return _write(folder / "report.json", text)


def eco2ai_csv(folder: Path) -> Path:
    """An eco2AI CSV whose power consumption is an integer of 401 digits."""
    header = "project_name,experiment_description,time(s),power_consumption(kWTh),CO2_emissions(kg)\n"
    return _write(folder / "emission.csv", header + f"Tracker guide,testing,0.6,{BIG},5.4e-07\n")


def ml_energy_json(folder: Path) -> Path:
    """An ML.ENERGY Leaderboard model file whose energy per request is an integer of 401 digits."""
    name = "meta-llama__Llama-3.1-8B-Instruct__lm-arena-chat.json"
    data = json.loads((DATA / "ml_energy" / name).read_text(encoding="utf-8"))
    data["configurations"] = data["configurations"][:1]
    data["configurations"][0]["energy_per_request_joules"] = "@"
    return _write(folder / name, json.dumps(data, indent=1).replace('"@"', BIG))


def mlperf_csv(folder: Path) -> Path:
    """An MLPerf Power result summary whose energy result is an integer of 401 digits."""
    lines = (DATA / "mlperf_power" / "hpca-tiny-excerpt.csv").read_text(encoding="utf-8").splitlines()
    row = lines[2].replace("24320.841", BIG, 1)
    return _write(folder / "summary.csv", "\n".join([lines[0], row]) + "\n")


def hf_card_front_matter(folder: Path) -> Path:
    """A model card whose front matter states co2_eq_emissions as an integer of 401 digits."""
    return card("huge", f"co2_eq_emissions: {BIG}\n".encode())(folder)


def aistd_yaml(name: str, text: str, doc: str) -> Maker:
    """An aistd YAML disclosure: the smallest valid one, its top-level fields replaced or added by `text`."""

    def make(folder: Path) -> Path:
        given = {line.split(":", 1)[0] for line in text.splitlines() if line[:1].isalpha()}
        base = "".join(f"{key}: {json.dumps(value)}\n" for key, value in _disclosure().items() if key not in given)
        return _write(folder / name, base + text)

    make.__doc__ = doc
    return make


PUE = (
    "data_centre_reports:\n  - id: dc-1\n    reporting_period: {start_date: 2025-01-01, end_date: 2025-12-31}\n"
    f"    pue: {BIG}\n    pue_category: category-1\n"
)
WRONG_SHAPES = {
    "period-start-is-a-number": ("reporting_period: {start_date: 5}\n", "start_date"),
    "footprints-is-a-number": ("footprints: 3\n", "footprints"),
    "system-is-a-list": ("ai_systems: [[1]]\n", "ai_systems"),
    "footprint-system-is-a-list": (
        "footprints: [{id: f, system: [1], stage: training, energy_consumption: {value: 1, unit: kW.h},"
        " energy_boundary: it-equipment}]\n",
        "system",
    ),
    "figure-unit-is-a-mapping": (
        "footprints: [{id: f, stage: training, energy_consumption: {value: 1, unit: {a: 1}},"
        " energy_boundary: it-equipment}]\n",
        "unit",
    ),
}
YAML11 = "ai_systems:\n  - id: a\n    name: A\n    parameter_count: 017\nreporting_entity: {name: E, country: NO}\n"


def cases() -> Iterator[Case]:
    """The cases of this module, each run by tests/test_hostile.py."""

    def one(name: str, make: Maker, command: str, exit_code: int, *rules: str, **more: object) -> Case:
        return Case(name, make, command, exit_code, frozenset(rules), **more)  # type: ignore[arg-type]

    lost = "convert.lost"
    to_cdx = ("--to", "cyclonedx")
    yield one("numbers-codecarbon-401-digits", codecarbon_csv, VALIDATE, 0, lost, "convert.filled", fixed=OVERFLOW)
    yield one(
        "numbers-codecarbon-401-digits-convert", codecarbon_csv, CONVERT, 0, says="energy_consumed", options=to_cdx,
        fixed=OVERFLOW,
    )  # fmt: skip
    vague = "lost, but for a reason that did not say the number was too large"
    for name, make, says, fixed in (
        ("cyclonedx", cyclonedx_json, TOO_LARGE, OVERFLOW),
        ("spdx3", spdx3_json, TOO_LARGE, OVERFLOW),
        ("impact-framework", impact_framework_yaml, "/inputs/0/energy", OVERFLOW),  # the IF reader words its reason
        ("boamps", boamps_json, TOO_LARGE, OVERFLOW),
        ("eco2ai", eco2ai_csv, TOO_LARGE, vague),
        ("ml-energy", ml_energy_json, TOO_LARGE, vague),
        ("mlperf-power", mlperf_csv, TOO_LARGE, vague),
        ("hf-card", hf_card_front_matter, TOO_LARGE, OVERFLOW),
    ):
        yield one(f"numbers-{name}-401-digits-convert", make, CONVERT, 0, says=says, fixed=fixed)
    pue = aistd_yaml("pue.yaml", PUE, "A data centre whose PUE is an integer of 401 digits.")
    yield one(
        "numbers-pue-401-digits", pue, VALIDATE, 1, "schema.out-of-range", says=TOO_LARGE,
        fixed="no rule could read the PUE, so none fired: exit 0, no finding",
    )  # fmt: skip
    yield one("numbers-pue-401-digits-convert", pue, CONVERT, 1, says=TOO_LARGE, options=to_cdx)
    for name, (text, says) in WRONG_SHAPES.items():
        make = aistd_yaml(f"{name}.yaml", text, f"An aistd disclosure whose {says} has the wrong type.")
        yield one(
            f"numbers-convert-{name}", make, CONVERT, 1, says=NOT_CONVERTED, options=to_cdx,
            fixed="the writers met the wrong type: KeyError, TypeError, internal error, exit 2",
        )  # fmt: skip
    literals = aistd_yaml("yaml11.yaml", YAML11, "YAML 1.1 literals: an octal-looking 017 and the country NO.")
    yield one(
        "numbers-yaml11-literals", literals, VALIDATE, 1, "load.yaml11-literal", "schema.type",
        says="017", fixed="read as 15 and false without a word",
    )  # fmt: skip
