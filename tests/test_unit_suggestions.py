"""Units people write: a label that is no UCUM code gets a finding that says which admitted code it means."""

from __future__ import annotations

import pytest

from aistd.check import check_data
from aistd.knowledge.spellings import suggestion
from aistd.knowledge.units import class_factors


@pytest.mark.parametrize(
    ("quantity_class", "label", "code"),
    [
        ("EnergyQuantity", "MkWh", "GW.h"),  # a million kWh
        ("EnergyQuantity", "kWh", "kW.h"),
        ("EnergyQuantity", "mWh", "mW.h"),  # milli, never mega
        ("EnergyQuantity", "kw.h", "kW.h"),
        ("EnergyQuantity", "BWh", "GW.h"),
        ("WaterVolumeQuantity", "gallons", "[gal_us]"),
        ("WaterVolumeQuantity", "litres", "L"),
        ("CO2eMassQuantity", "Mt", "Mt{CO2eq}"),
    ],
)
def test_a_label_people_write_is_matched_to_the_code_it_means(quantity_class: str, label: str, code: str) -> None:
    hint = suggestion(label, class_factors(quantity_class))
    assert hint is not None and hint[0] == code


@pytest.mark.parametrize(("quantity_class", "label"), [("EnergyQuantity", "mw.h"), ("EnergyQuantity", "furlongs")])
def test_no_guess_when_the_label_is_ambiguous_or_unknown(quantity_class: str, label: str) -> None:
    assert suggestion(label, class_factors(quantity_class)) is None


def test_the_finding_carries_the_suggestion() -> None:
    document = {
        "id": "x",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "x"},
        "reporting_period": {"not_stated": True},
        "footprints": [
            {"id": "f", "stage": "training", "energy_consumption": {"value": 1.2, "unit": "MkWh"}},
        ],
    }
    (finding,) = [f for f in check_data(document) if f.rule == "units.dimension"]
    assert finding.pointer == "/footprints/0/energy_consumption/unit"
    assert "did you mean 'GW.h'?" in finding.message


def test_us_gallons_are_a_water_unit_with_their_ucum_factor() -> None:
    factors = class_factors("WaterVolumeQuantity")
    assert factors["[gal_us]"] == pytest.approx(3.785411784)  # litres, the class's reference unit
