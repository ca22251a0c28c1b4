"""What the canonical model says about a slot: the class it sits on, its range, and the values of an enum.

Read from the compiled JSON Schema and the indicator table, so that no format keeps its own list.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from aistd.knowledge.indicators import indicator_table
from aistd.knowledge.schema import definitions


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
    """Whether a slot value respects the slot's range (quantities: not negative; ratios: min and max)."""
    if isinstance(value, dict):
        number = value.get("value")
        return isinstance(number, int | float) and math.isfinite(number) and number >= 0
    entry = indicator_table().get(slot)
    if entry is None or not isinstance(value, int | float) or isinstance(value, bool):
        return True
    low, high = entry.get("minimum"), entry.get("maximum")
    return math.isfinite(value) and (low is None or value >= low) and (high is None or value <= high)


def is_number(value: Any) -> bool:
    """A finite JSON number (booleans are not numbers; integers of any length are)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value and abs(value) != math.inf
