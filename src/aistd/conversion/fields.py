"""Which field of a vocabulary goes to which aistd slot, and how its unit converts: read from the crosswalks.

Everything here comes from the compiled SSSOM mapping sets (`aistd.mappings.json`). For each field of
a vocabulary the best mapping row is chosen (exactMatch, then closeMatch, then narrowMatch, then
broadMatch; relatedMatch rows never carry values), so a converter holds no second hand-kept table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from aistd.conversion.slots import is_number
from aistd.knowledge.crosswalks import rows
from aistd.knowledge.units import slot_classes, slot_unit, unit_table
from aistd.model.figure import finite_number
from aistd.model.message import says

RANK = {"skos:exactMatch": 0, "skos:closeMatch": 1, "skos:narrowMatch": 2, "skos:broadMatch": 3}


@dataclass(frozen=True)
class FieldRule:
    """One field of a vocabulary, the aistd slot it carries, and the factor from its unit to the slot's."""

    field: str
    slot: str
    predicate: str
    factor: float | None
    unit: str
    boundary: str
    provisional: bool


def _is_slot(name: str) -> bool:
    return "." not in name and name[:1].islower()


def rule_from_row(row: dict[str, Any]) -> FieldRule:
    """The field rule a compiled crosswalk row states."""
    return FieldRule(
        field=row["object_id"],
        slot=row["subject_id"].split(":", 1)[1],
        predicate=row["predicate_id"],
        factor=row["unit_conversion_factor"],
        unit=row["object_unit"],
        boundary=row["boundary_difference"],
        provisional=bool(row["provisional"]),
    )


def _slot_rules(vocabulary: str) -> list[tuple[int, FieldRule]]:
    """Every row of a vocabulary that carries a value into a slot, with its rank."""
    found = []
    for row in rows(vocabulary):
        rank = RANK.get(row["predicate_id"])
        if rank is not None and _is_slot(row["subject_id"].split(":", 1)[1]):
            found.append((rank, rule_from_row(row)))
    return found


@cache
def field_rules(vocabulary: str) -> dict[str, FieldRule]:
    """Each field (object id) of a vocabulary with its best slot mapping."""
    best: dict[str, tuple[int, FieldRule]] = {}
    for rank, rule in _slot_rules(vocabulary):
        current = best.get(rule.field)
        if current is None or rank < current[0]:
            best[rule.field] = (rank, rule)
    return {name: rule for name, (_, rule) in best.items()}


@cache
def slot_fields(vocabulary: str) -> dict[str, FieldRule]:
    """Each aistd slot with the field of a vocabulary that best carries it (for writing)."""
    best: dict[str, tuple[tuple[int, str], FieldRule]] = {}
    for rule in field_rules(vocabulary).values():
        key = (RANK[rule.predicate], rule.field)
        current = best.get(rule.slot)
        if current is None or key < current[0]:
            best[rule.slot] = (key, rule)
    return {slot: rule for slot, (_, rule) in best.items()}


def enum_rows(vocabulary: str, prefix: str, enum: str) -> Iterator[tuple[int, str, str, dict[str, Any]]]:
    """(rank, external term, aistd value, row) of each carrying row `aistd:<enum>.<value>  <prefix><external>`."""
    for row in rows(vocabulary):
        subject = row["subject_id"].split(":", 1)[1]
        rank = RANK.get(row["predicate_id"])
        if rank is not None and subject.startswith(enum + ".") and row["object_id"].startswith(prefix):
            yield rank, row["object_id"][len(prefix) :], subject[len(enum) + 1 :], row


def _enum_table(vocabulary: str, field_prefix: str, enum: str, reverse: bool) -> dict[str, str]:
    """External value -> aistd enum value (or, `reverse`, the other way), the best-ranked row for each."""
    best: dict[str, tuple[int, str]] = {}
    for rank, external, value, _ in enum_rows(vocabulary, field_prefix + ".", enum):
        key, target = (value, external) if reverse else (external, value)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, target)
    return {key: target for key, (_, target) in best.items()}


@cache
def enum_values(vocabulary: str, field_prefix: str, enum: str) -> dict[str, str]:
    """External value -> aistd enum value, from rows `aistd:<enum>.<value>  <field_prefix>.<external>`."""
    return _enum_table(vocabulary, field_prefix, enum, reverse=False)


@cache
def reverse_enum_values(vocabulary: str, field_prefix: str, enum: str) -> dict[str, str]:
    """aistd enum value -> external value (exact rows first)."""
    return _enum_table(vocabulary, field_prefix, enum, reverse=True)


def with_unit(rule: FieldRule, unit: str) -> FieldRule:
    """The rule of a field whose value is stated in `unit` (a unit the source declares), with no factor."""
    return replace(rule, unit=unit, factor=None)


@cache
def part_fields(vocabulary: str) -> frozenset[str]:
    """Fields that share their slot with other narrower fields (e.g. cpu/gpu/ram power): each is only a part."""
    by_slot: dict[str, list[str]] = {}
    for rule in field_rules(vocabulary).values():
        if rule.predicate == "skos:narrowMatch" and slot_classes().get(rule.slot) is not None:
            by_slot.setdefault(rule.slot, []).append(rule.field)
    return frozenset(f for fields in by_slot.values() if len(fields) > 1 for f in fields)


def tidy(number: float) -> float | int:
    """A computed number without binary noise (15 significant digits), as an int when whole. A number that is
    no finite figure (past the float range, NaN, infinite) is returned as it is: callers refuse it with
    `is_number`."""
    if finite_number(number) is None:
        return number
    value = float(f"{number:.15g}")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def to_slot_value(rule: FieldRule, raw: Any) -> Any:
    """A field's raw value as the aistd slot holds it: a quantity keeps the source unit when admitted.

    The crosswalk's factor converts the field's unit to the slot's own canonical unit (the indicator's
    `ucum`), so a converted value is written in that unit. A value that is no number is returned as it is; a
    number that cannot be held as a figure (past the float range, NaN, infinite), or that leaves the float range
    once converted, gives None: there is no value to carry (`aistd.model.figure.unheld` says why).
    """
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return raw
    if finite_number(raw) is None:
        return None
    quantity_class = slot_classes().get(rule.slot)
    if quantity_class is None:
        return raw if rule.factor in (None, 1) else _held(tidy(raw * rule.factor))
    admitted = unit_table()[quantity_class]["units"]
    if rule.unit in admitted:
        return {"value": raw, "unit": rule.unit}
    if rule.factor is None:
        raise ValueError(says("{field}: no conversion factor to {slot}", field=rule.field, slot=rule.slot))
    number = _held(tidy(raw * rule.factor))
    return None if number is None else {"value": number, "unit": slot_unit(rule.slot)}


def _held(number: Any) -> Any:
    """A computed number, or None when it left the float range."""
    return number if is_number(number) else None


def from_slot_value(rule: FieldRule, value: Any) -> Any:
    """An aistd slot's value as the field of the other vocabulary holds it (number in the field's unit).

    A value that is no number (or no quantity in a unit the slot admits) is returned as it is; a number that
    cannot be held as a figure, or that leaves the float range once converted, gives None."""
    quantity_class = slot_classes().get(rule.slot)
    if quantity_class is None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        if finite_number(value) is None:
            return None
        return _held(tidy(value / rule.factor)) if rule.factor not in (None, 1, 0) else value
    if not isinstance(value, dict):
        return value
    number, unit = value.get("value"), value.get("unit")
    units = unit_table()[quantity_class]["units"]
    if isinstance(number, bool) or not isinstance(number, int | float):
        return value
    if not isinstance(unit, str) or unit not in units:  # a list or mapping is no unit (nor hashable)
        return value
    if finite_number(number) is None:
        return None
    if unit == rule.unit:
        return number
    if rule.unit in units:
        factor = units[unit]["factor_to_canonical"] / units[rule.unit]["factor_to_canonical"]
        return _held(tidy(number * factor))
    if not rule.factor:
        raise ValueError(says("{field}: no conversion factor from {slot}", field=rule.field, slot=rule.slot))
    own = slot_unit(rule.slot)
    in_slot_unit = number * units[unit]["factor_to_canonical"] / units[own]["factor_to_canonical"]
    return _held(tidy(in_slot_unit / rule.factor))


def field_number(rule: FieldRule, value: Any) -> float | int | None:
    """An aistd slot's value as a number in the field's unit, or None when it is no number in a unit the slot
    admits, cannot be held as a figure, or the crosswalk gives no factor to the field's unit."""
    try:
        number = from_slot_value(rule, value)
    except ValueError:
        return None
    return number if is_number(number) else None
