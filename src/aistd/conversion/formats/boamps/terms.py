"""Where a BoAmps report keeps what aistd carries, as the `boamps` crosswalk names it (by field path without
brackets: `measures.powerConsumption`), and how older reports spelled it."""

from __future__ import annotations

from functools import cache
from typing import Any

from aistd.conversion.fields import FieldRule, field_rules, tidy
from aistd.conversion.slots import too_large
from aistd.knowledge.crosswalks import rows
from aistd.model.figure import TOO_LARGE, finite_number
from aistd.model.message import says

VOCABULARY = "boamps"
PREFIX = "boamps:"
CARRYING = ("skos:exactMatch", "skos:closeMatch")
# older report layouts: the key they used -> the current key
MEASURE_ALIASES = {"$$key": "measurementMethod", "value": "powerConsumption"}
COMPONENT_ALIASES = {"$$key": "componentType", "items": "nbComponent"}
ALGORITHM_ALIASES = {"$$key": "algorithmName"}


def field_rule(path: str) -> FieldRule | None:
    """The slot a BoAmps field carries (exact or close match only), by its path without brackets."""
    rule = field_rules(VOCABULARY).get(PREFIX + path)
    return rule if rule is not None and rule.predicate in CARRYING else None


def slot_of(path: str) -> str | None:
    """The aistd slot the crosswalk gives a BoAmps field, by its path without brackets."""
    rule = field_rule(path)
    return None if rule is None else rule.slot


@cache
def related_fields(slot: str) -> frozenset[str]:
    """BoAmps fields only related to a slot (recorded in its text, e.g. tracking modes in `method`)."""
    return frozenset(
        row["object_id"].removeprefix(PREFIX)
        for row in rows(VOCABULARY)
        if row["subject_id"] == f"aistd:{slot}" and row["predicate_id"] == "skos:relatedMatch"
    )


@cache
def writing_rules() -> dict[str, FieldRule]:
    """Slot -> the BoAmps field written for it (BoAmps fields only, exact or close)."""
    found: dict[str, FieldRule] = {}
    for rule in field_rules(VOCABULARY).values():
        if rule.field.startswith(PREFIX) and rule.predicate in CARRYING:
            current = found.get(rule.slot)
            if current is None or (CARRYING.index(rule.predicate), rule.field) < (
                CARRYING.index(current.predicate),
                current.field,
            ):
                found[rule.slot] = rule
    return found


def field_name(rule: FieldRule) -> str:
    """The last key of a field's path (`measures.powerConsumption` -> powerConsumption)."""
    return rule.field.removeprefix(PREFIX).rsplit(".", 1)[-1]


def key_of(slot: str) -> str:
    """The BoAmps key written for a slot (the last part of its field's path)."""
    return field_name(writing_rules()[slot])


def report_number(value: Any) -> float | int | None:
    """A number, also when an older report writes it as text; None for anything else, and for a number a figure
    cannot hold (past the float range: `refusal` says so)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if finite_number(value) is not None else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return tidy(number) if finite_number(number) is not None else None
    return None


def refusal(value: Any, label: str, reason: str) -> str:
    """Why a report value is not carried: `label: a number too large to hold as a figure` when it is a number
    (or text of one) past the float range, else `reason`."""
    return says("{label}: {reason}", label=label, reason=TOO_LARGE) if too_large(value) else reason
