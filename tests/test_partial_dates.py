"""Periods given to the month or the year, and periods not stated: read as the days they name, never invented."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from aistd.check import check_data
from aistd.conversion import registry
from aistd.model.calendar import first_day, last_day


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-03-15", date(2024, 3, 15), date(2024, 3, 15)),
        ("2024-13", None, None),
        ("March 2024", None, None),
    ],
)
def test_a_start_is_the_first_day_and_an_end_the_last(text: str, first: date | None, last: date | None) -> None:
    assert (first_day(text), last_day(text)) == (first, last)


def disclosure(reporting: dict[str, Any], measured: dict[str, Any] | None = None) -> dict[str, Any]:
    footprint: dict[str, Any] = {"id": "f", "stage": "training"}
    if measured is not None:
        footprint["measurement_period"] = measured
    return {
        "id": "x",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "x"},
        "reporting_period": reporting,
        "footprints": [footprint],
    }


def test_month_and_year_periods_are_checked_as_the_days_they_cover() -> None:
    assert (
        check_data(
            disclosure({"start_date": "2024", "end_date": "2024"}, {"start_date": "2024-12-01", "end_date": "2024-12"})
        )
        == []
    )
    outside = disclosure(
        {"start_date": "2024", "end_date": "2024-06"}, {"start_date": "2024-06", "end_date": "2024-07"}
    )
    assert [f.rule for f in check_data(outside)] == ["period.measurement-inside"]
    backwards = disclosure({"start_date": "2024-07", "end_date": "2024-06"})
    assert [f.rule for f in check_data(backwards)] == ["period.order"]


def test_a_writer_leaves_out_a_date_the_disclosure_does_not_state() -> None:
    document = disclosure({"not_stated": True})
    document["ai_systems"] = [{"id": "m", "name": "m"}]
    document["footprints"][0] |= {
        "system": "m",
        "energy_consumption": {"value": 1, "unit": "kW.h"},
        "energy_boundary": "compute-node",
    }
    for name in ("boamps", "impact-framework"):
        written = registry.format_named(name).write(document)
        text = written.document if isinstance(written.document, str) else json.dumps(written.document)
        assert "1970" not in text, name
        assert any("states no period" in loss.reason or "neither" in loss.reason for loss in written.losses), name
