"""What a target format has no field of its own for, carried in its extension mechanism as `aistd:` properties.

CycloneDX has name/value `properties` on a BOM, a component and an energy consumption; SPDX 3 has the
`extension_CdxPropertiesExtension` with the same name/value entries. Both writers put there what their own fields
cannot hold, so that a disclosure comes back whole. The names follow the CycloneDX property taxonomy convention
(a namespace, then `:`-separated parts):

    aistd:disclosure:<slot>   a top-level part of the disclosure (its id, reporting period, data-centre reports…)
    aistd:system:<slot>       a slot of an AI system beyond its name and version
    aistd:footprint:<slot>    a slot of the footprint an energy consumption entry writes, that the entry cannot hold
                              exactly (its id, boundaries, other quantities, a figure's published digits)
    aistd:footprint           a whole footprint the target has no entry for (no energy in CycloneDX, a stage SPDX
                              has no energy list for)
    aistd:disclosure:footprint_order
                              the ids of the footprints in the disclosure's order (a target groups them by system)
    aistd:<scope>:filled      the slots whose values in the target's own fields the writer had to fill because the
                              target requires them (reading the target back leaves them out: they were not stated)

Every value is JSON text (a string is written with its quotes), so numbers, strings and objects come back as they
were. A property outside the `aistd:` namespace is not aistd's to read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aistd.conversion.journal import Journal
from aistd.model.figure import unheld
from aistd.model.message import says

NAMESPACE = "aistd"
SCOPES = ("disclosure", "system", "footprint")
FOOTPRINT_ORDER = "footprint_order"
FILLED = "filled"
MAX_PROPERTY_TEXT = 1_000_000
OUTSIDE = says("a property outside the aistd: namespace: aistd has no slot for it")
"""Why a name/value pair that is not aistd's is lost."""
"""The longest property value read back (a whole footprint is small; anything longer is not aistd's writing)."""


def property_name(scope: str, slot: str | None = None) -> str:
    """The name of a slot's property in a scope (`aistd:footprint:device_hours`), or of a whole item."""
    return f"{NAMESPACE}:{scope}" + (f":{slot}" if slot else "")


def property_text(value: Any) -> str:
    """A value as the property's JSON text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def property_entry(scope: str, slot: str | None, value: Any) -> dict[str, str]:
    """One `{name, value}` property."""
    return {"name": property_name(scope, slot), "value": property_text(value)}


@dataclass(frozen=True)
class CarriedValue:
    """A property read back: its scope, its slot (None for a whole item) and its value."""

    scope: str
    slot: str | None
    value: Any


class NotCarried(ValueError):
    """An `aistd:` property that cannot be read back, with the reason."""


def _finite(value: Any) -> bool:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return unheld(value) is None
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def read_property(name: Any, text: Any) -> CarriedValue | None:
    """The aistd value a property carries; None when the property is not aistd's; NotCarried when it is aistd's
    but cannot be read (unknown scope, text that is not JSON)."""
    if not isinstance(name, str) or not name.startswith(NAMESPACE + ":"):
        return None
    scope, _, slot = name[len(NAMESPACE) + 1 :].partition(":")
    if scope not in SCOPES or (slot and not slot.isidentifier()):
        raise NotCarried(says("{name!r} is not a property aistd writes", name=name))
    if not isinstance(text, str) or len(text) > MAX_PROPERTY_TEXT:
        raise NotCarried(says("the value of {name} is not JSON text aistd wrote", name=name))
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise NotCarried(says("the value of {name} is not JSON text", name=name)) from None
    if not _finite(value):
        raise NotCarried(says("the value of {name} holds a number too large to carry", name=name))
    if not slot and not isinstance(value, dict):
        raise NotCarried(says("the value of {name} is not an object", name=name))
    return CarriedValue(scope, slot or None, value)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def carried_values(items: Iterable[tuple[str, Any, Any, Any]], journal: Journal) -> list[tuple[str, CarriedValue]]:
    """The `aistd:` values of a target's name/value pairs, given as (pointer, item, name, text), each with the
    pointer of its value; a pair outside the namespace, or one that cannot be read, is reported lost."""
    found = []
    for at, item, name, text in items:
        try:
            carried = read_property(name, text)
        except NotCarried as error:
            journal.lost(at, item, error.args[0])
            continue
        if carried is None:
            journal.lost(at, item, OUTSIDE)
        else:
            found.append((at, carried))
    return found


def forget_filled(item: dict[str, Any], filled: Any) -> None:
    """Leave out of an item the slots its writer filled for the target (they were not stated)."""
    for slot in filled if isinstance(filled, list) else []:
        if isinstance(slot, str):
            item.pop(slot, None)
