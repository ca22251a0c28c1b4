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


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def magnitude(item: Any, slot: str) -> float | None:
    """The value of `slot` in `item`, in its quantity class's canonical unit; None if absent or unreadable."""
    if not isinstance(item, dict) or slot not in item:
        return None
    value = item[slot]
    quantity_class = slot_classes().get(slot)
    if quantity_class is None:
        return _finite(value)
    if not isinstance(value, dict):
        return None
    number = _finite(value.get("value"))
    unit = unit_table()[quantity_class]["units"].get(value.get("unit"))
    return None if number is None or unit is None else number * unit["factor_to_canonical"]


def describe(value: float, slot: str) -> str:
    """A value with its canonical unit, for messages."""
    unit = canonical_unit(slot)
    return f"{value:.6g}" + (f" {unit}" if unit else "")
