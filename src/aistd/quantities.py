"""Read quantities out of disclosure data, converted to one unit per quantity class (runtime).

Conversion uses the unit table the build derived from the schema with a UCUM parser: every admitted
unit code of a quantity class has its factor to that class's canonical unit (kW.h for energy, kg{CO2eq}
for CO2e mass, L for water, ...), so comparisons across slots of one class need no further scaling.
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

from aistd import resources


@cache
def unit_table() -> dict[str, Any]:
    """The build's unit table, per quantity class."""
    return json.loads(resources.UNIT_TABLE.read_text(encoding="utf-8"))


@cache
def slot_classes() -> dict[str, str | None]:
    """The quantity class of each indicator slot, or None for plain numbers."""
    table = json.loads(resources.INDICATOR_TABLE.read_text(encoding="utf-8"))
    return {name: entry["quantity_class"] for name, entry in table.items()}


def canonical_unit(slot: str) -> str | None:
    """The unit `magnitude` returns a slot's value in."""
    quantity_class = slot_classes().get(slot)
    return None if quantity_class is None else unit_table()[quantity_class]["canonical_unit"]


@cache
def slot_factors() -> dict[str, dict[str, float] | None]:
    """Per indicator slot, its admitted unit codes with their factors to canonical (None for plain numbers)."""
    units = unit_table()
    return {
        slot: None
        if quantity_class is None
        else {code: unit["factor_to_canonical"] for code, unit in units[quantity_class]["units"].items()}
        for slot, quantity_class in slot_classes().items()
    }


def _finite(value: Any) -> float | None:
    if value.__class__ not in (int, float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer past the float range (the loader admits up to 4,300 digits)
        return None
    return number if math.isfinite(number) else None


def magnitude(item: Any, slot: str) -> float | None:
    """The value of `slot` in `item`, in its quantity class's canonical unit; None if absent or unreadable."""
    if item.__class__ is not dict:
        return None
    value = item.get(slot)
    if value is None:
        return None
    factors = slot_factors().get(slot)
    if factors is None:
        return _finite(value)
    if value.__class__ is not dict:
        return None
    number = _finite(value.get("value"))
    unit = value.get("unit")
    factor = factors.get(unit) if unit.__class__ is str else None  # a list or mapping is no unit (nor hashable)
    return None if number is None or factor is None else number * factor


def describe(value: float, slot: str) -> str:
    """A value with its canonical unit, for messages."""
    unit = canonical_unit(slot)
    return f"{value:.6g}" + (f" {unit}" if unit else "")
