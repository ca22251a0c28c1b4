"""IF parameters and the aistd slots they carry, read row by row from the `impact-framework` crosswalk.

`fields.field_rules` keeps one slot per field, but an IF parameter feeds a footprint slot and an SCI slot at
once (energy: energy_consumption and sci_energy), so the rows are read here one by one.
"""

from __future__ import annotations

from functools import cache

from aistd.conversion.fields import FieldRule, rule_from_row
from aistd.knowledge.crosswalks import rows
from aistd.knowledge.units import slot_classes

VOCABULARY = "impact-framework"
FU_FIELD = "gsfif:functional-unit"
TOOL_NAME = "Impact Framework"
CARRYING = ("skos:exactMatch", "skos:closeMatch")
# IF parameters that are amounts per time step (IF's own `aggregation: sum`): a component's figure is their sum
EXTENSIVE = frozenset(
    {
        "energy",
        "cpu/energy",
        "memory/energy",
        "network/energy",
        "carbon-operational",
        "embodied-carbon",
        "carbon-embodied",
        "carbon",
        "duration",
        "time-reserved",
    }
)


@cache
def _carrying_rows() -> tuple[tuple[FieldRule, str, bool], ...]:
    """Every row that carries a value into a slot, its IF parameter name, and whether that is the catalogue's
    spelling."""
    found = []
    for row in rows(VOCABULARY):
        slot = row["subject_id"].split(":", 1)[1]
        if row["predicate_id"] not in CARRYING or "." in slot or not slot[:1].islower():
            continue
        rule = rule_from_row(row)
        spelled = row["object_label"] in [term.strip() for term in (row["reference_term"] or "").split("|")]
        found.append((rule, row["object_label"], spelled))
    return tuple(found)


@cache
def labels() -> dict[str, str]:
    """IF parameter name -> field id (and back), from the rows' labels."""
    names = {row["object_label"]: row["object_id"] for row in rows(VOCABULARY)}
    names.update({row["object_id"]: row["object_label"] for row in rows(VOCABULARY)})
    return names


@cache
def parameter_rules() -> dict[str, tuple[FieldRule, ...]]:
    """Field id -> every slot it carries, exact matches first."""
    table: dict[str, list[FieldRule]] = {}
    for rule, _, _ in _carrying_rows():
        table.setdefault(rule.field, []).append(rule)
    return {name: tuple(sorted(found, key=lambda r: CARRYING.index(r.predicate))) for name, found in table.items()}


@cache
def uncarried_predicates() -> dict[str, str]:
    """Field id -> predicate, for fields whose rows do not carry values (narrow, broad, related)."""
    return {row["object_id"]: row["predicate_id"] for row in rows(VOCABULARY) if row["predicate_id"] not in CARRYING}


@cache
def slot_rules() -> dict[str, FieldRule]:
    """Slot -> the field written for it: exact first, then the catalogue's own spelling, then by name."""
    best: dict[str, tuple[tuple[int, bool, str], FieldRule]] = {}
    for rule, label, spelled in _carrying_rows():
        key = (CARRYING.index(rule.predicate), not spelled, label)
        if rule.slot not in best or key < best[rule.slot][0]:
            best[rule.slot] = (key, rule)
    return {slot: rule for slot, (_, rule) in best.items()}


@cache
def numeric_plain_slots() -> frozenset[str]:
    """Indicator slots held as plain numbers (ratios, counts)."""
    return frozenset(slot for slot, quantity_class in slot_classes().items() if quantity_class is None)
