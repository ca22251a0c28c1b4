"""What the canonical model says about a slot: the class it sits on, its range, and the values of an enum.

Read from the compiled JSON Schema and the indicator table, so that no format keeps its own list.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

from aistd.knowledge.indicators import indicator_table
from aistd.knowledge.schema import definitions
from aistd.model.figure import TOO_LARGE, finite_number, unheld


@cache
def class_slots(name: str) -> frozenset[str]:
    """The slots of a canonical class (StageFootprint, Location, HardwareItem...)."""
    return frozenset(definitions()[name]["properties"])


@cache
def enum_members(name: str) -> tuple[str, ...]:
    """The values of a canonical enum (LifecycleStage, HardwareType...)."""
    return tuple(definitions()[name]["enum"])


@cache
def slot_homes() -> dict[str, str]:
    """Each slot a footprint can hold, with the class it sits on: the footprint, its location, tool or hardware."""
    homes: dict[str, str] = {}
    for home in ("StageFootprint", "Location", "Tool", "HardwareItem"):
        for slot in definitions()[home]["properties"]:
            homes.setdefault(slot, home)
    return homes


def within_limits(slot: str, value: Any) -> bool:
    """Whether a slot value respects the slot's range (quantities: not negative; ratios: min and max). None is no
    value, and a number that cannot be held as a figure (past the float range, NaN) respects no range."""
    if value is None:
        return False
    if isinstance(value, dict):
        number = finite_number(value.get("value"))
        return number is not None and number >= 0
    entry = indicator_table().get(slot)
    if entry is None or not isinstance(value, int | float) or isinstance(value, bool):
        return True
    number = finite_number(value)
    if number is None:
        return False
    low, high = entry.get("minimum"), entry.get("maximum")
    return (low is None or value >= low) and (high is None or value <= high)


def is_number(value: Any) -> bool:
    """A JSON number a figure can hold: finite, within the float range (booleans are not numbers, nor integers
    past about 1.8e308, which the loader admits up to 4,300 digits)."""
    return finite_number(value) is not None


_NUMERAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def too_large(value: Any) -> bool:
    """Whether a value is a number past the float range that a figure cannot hold (see `TOO_LARGE`): an integer
    of 309 or more digits, or text of such a numeral (a CSV cell of 401 digits, "1e400", thousands separated)."""
    if isinstance(value, str):
        written = value.strip().replace(",", "")
        return _NUMERAL.fullmatch(written) is not None and math.isinf(float(written))
    return unheld(value) == TOO_LARGE
