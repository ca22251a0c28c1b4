"""The unit table: which unit codes each quantity class admits, and how to read a quantity in a slot's unit.

The build derives the table from the schema with a UCUM parser: per quantity class, every admitted code
with its factor to the class's reference unit, the reference unit's factor to SI base units and its
dimension. A slot's own unit is the one its indicator declares (`ucum` in the indicator table): that is
the unit `magnitude` answers in and messages speak in, so there is one notion of a slot's unit.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from aistd.knowledge import artifacts, schema
from aistd.knowledge.indicators import indicator_table
from aistd.model.figure import Figure, figure_of_number, figure_of_quantity, finite_number


@cache
def unit_table() -> dict[str, Any]:
    """The build's unit table, per quantity class."""
    return json.loads(artifacts.UNIT_TABLE.read_text(encoding="utf-8"))


@cache
def slot_classes() -> dict[str, str | None]:
    """The quantity class of each indicator slot, or None for plain numbers."""
    return {name: entry["quantity_class"] for name, entry in indicator_table().items()}


def slot_unit(slot: str) -> str | None:
    """The unit of a quantity slot, as its indicator declares it; None for plain numbers and other slots."""
    if slot_classes().get(slot) is None:
        return None
    return indicator_table()[slot]["ucum"]


def admitted_units(slot: str) -> dict[str, float]:
    """The unit codes a quantity slot admits, each with its factor to the class's reference unit."""
    quantity_class = slot_classes().get(slot)
    if quantity_class is None:
        return {}
    return {code: unit["factor_to_canonical"] for code, unit in unit_table()[quantity_class]["units"].items()}


def class_factors(quantity_class: str) -> dict[str, float]:
    """The unit codes a quantity class admits, each with its factor to the class's reference unit."""
    entry = unit_table().get(quantity_class)
    return {} if entry is None else {code: unit["factor_to_canonical"] for code, unit in entry["units"].items()}


@cache
def unit_kinds() -> dict[str, str]:
    """Each admitted unit code with the quantity class that admits it."""
    return {code: name for name, entry in unit_table().items() for code in entry["units"]}


@cache
def _factors_to(slot: str, unit: str | None) -> dict[str, float] | None:
    """Per admitted code of a slot, the factor that turns a value in that code into `unit` (the slot's own
    unit when None); None for plain-number slots."""
    admitted = admitted_units(slot)
    if not admitted:
        return None
    target = unit or slot_unit(slot)
    if target not in admitted:
        raise KeyError(f"{target!r} is not a unit of {slot}")
    return {code: factor / admitted[target] for code, factor in admitted.items()}


def magnitude(item: Any, slot: str, unit: str | None = None) -> float | None:
    """The value of `slot` in `item`, in the slot's own unit (or in `unit`, one the slot admits); None when
    absent or unreadable."""
    if item.__class__ is not dict:
        return None
    value = item.get(slot)
    if value is None:
        return None
    factors = _factors_to(slot, unit)
    if factors is None:
        return finite_number(value)
    if value.__class__ is not dict:
        return None
    number = finite_number(value.get("value"))
    code = value.get("unit")
    factor = factors.get(code) if code.__class__ is str else None  # a list or mapping is no unit (nor hashable)
    return None if number is None or factor is None else number * factor


def figure(item: Any, slot: str, unit: str | None = None) -> Figure | None:
    """The interval the published digits of `slot` allow (see `aistd.model.figure`), in the slot's own unit (or
    in `unit`); None when absent or unreadable. Integer-typed slots (counts) are exact."""
    if item.__class__ is not dict:
        return None
    value = item.get(slot)
    if value is None:
        return None
    factors = _factors_to(slot, unit)
    if factors is None:
        return figure_of_number(value, exact=value.__class__ is int and slot in _integer_slots())
    if value.__class__ is not dict:
        return None
    code = value.get("unit")
    factor = factors.get(code) if code.__class__ is str else None
    return figure_of_quantity(value, factor) if factor is not None else None


@cache
def _integer_slots() -> frozenset[str]:
    """Slots whose range is an integer (counts): their figures are exact."""
    return frozenset(
        name
        for definition in schema.definitions().values()
        for name, prop in definition.get("properties", {}).items()
        if prop.get("type") == "integer"
    )


def describe(value: float, slot: str, unit: str | None = None) -> str:
    """A value with the unit it is given in (the slot's own unit by default), for messages."""
    code = unit or slot_unit(slot)
    return f"{value:.6g}" + (f" {code}" if code else "")


@cache
def si_scale(slot: str) -> tuple[float, tuple[tuple[str, int], ...]] | None:
    """The factor from a slot's own unit to SI base units, and the slot's dimension as sorted (base, power)
    pairs; (1, ()) for plain numbers; None for a slot with no SI factor (an affine unit like Cel)."""
    quantity_class = slot_classes().get(slot)
    if quantity_class is None:
        return (1.0, ())
    entry = unit_table()[quantity_class]
    if entry.get("si_factor") is None:
        return None
    to_reference = entry["units"][slot_unit(slot)]["factor_to_canonical"]
    return (to_reference * entry["si_factor"], tuple(sorted(entry["base_dimensions"].items())))


@cache
def unit_si_scale(code: str) -> tuple[float, tuple[tuple[str, int], ...]] | None:
    """The factor from an admitted unit code to SI base units and its dimension; None for unknown codes."""
    quantity_class = unit_kinds().get(code)
    if quantity_class is None:
        return None
    entry = unit_table()[quantity_class]
    if entry.get("si_factor") is None:
        return None
    factor = entry["units"][code]["factor_to_canonical"] * entry["si_factor"]
    return (factor, tuple(sorted(entry["base_dimensions"].items())))
