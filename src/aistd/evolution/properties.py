"""Two definitions of one element compared property by property, grouped into aspects: range, unit, constraints,
mappings, descriptions, annotations, and what else the element states (reported under the element's own kind).

Deprecation is compared by `aistd.evolution.diff`; structure (a class's attributes and slot_usage, an enum's
values) is compared as elements of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aistd.evolution.changes import Change
from aistd.evolution.elements import REPLACED_BY, REPLACEMENT_KEYS, annotation_values

RANGE = ("range", "any_of", "exactly_one_of", "all_of", "none_of")
CONSTRAINTS = (
    "required", "recommended", "multivalued", "identifier", "key", "minimum_value", "maximum_value", "pattern",
    "structured_pattern", "equals_string", "equals_string_in", "equals_number", "equals_expression",
    "minimum_cardinality", "maximum_cardinality", "exact_cardinality", "inlined", "inlined_as_list",
)  # fmt: skip
DESCRIPTIONS = ("description", "title", "comments", "notes", "see_also", "aliases", "examples", "todos")
MAPPINGS = ("exact_mappings", "close_mappings", "broad_mappings", "narrow_mappings", "related_mappings", "mappings")
BOOLEANS = frozenset({"required", "recommended", "multivalued", "identifier", "key", "inlined", "inlined_as_list",
                      "abstract", "mixin", "tree_root"})  # fmt: skip
STRUCTURE = frozenset({
    "name", "text", "from_schema", "imported_from", "source_file", "source_file_date", "source_file_size",
    "generation_date", "domain_of", "definition_uri", "slots", "attributes", "slot_usage", "permissible_values",
    "annotations", "unit", "deprecated", *REPLACEMENT_KEYS,
})  # fmt: skip
"""Properties that are no difference of their own: provenance, induced fields, and what is compared apart."""
SLOT_FAMILIES = ("slot", "member")


@dataclass(frozen=True)
class Scope:
    """How to read two definitions of one element: its family, whether it only refines a slot (`slot_usage`, where
    an explicit `false` overrides), each schema's default range, and slot renames (for a class's slot list)."""

    family: str
    refinement: bool = False
    default_ranges: tuple[Any, Any] = (None, None)
    slot_renames: Mapping[str, str] = field(default_factory=dict)


def compare(old: Mapping[str, Any], new: Mapping[str, Any], name: str, kind: str, scope: Scope) -> list[Change]:
    """Every difference between two definitions of the element `name`, whose own kind is `kind`."""
    slot_like = scope.family in SLOT_FAMILIES
    changes = _aspect("range", name, RANGE, old, new, scope) if slot_like else []
    changes += _aspect("constraint", name, CONSTRAINTS, old, new, scope)
    changes += _aspect("description", name, DESCRIPTIONS, old, new, scope)
    changes += _unit(name, old, new)
    changes += _mappings(name, old, new)
    changes += _annotations(name, old, new)
    aspects = {*CONSTRAINTS, *DESCRIPTIONS, *MAPPINGS, *STRUCTURE, *(RANGE if slot_like else ())}
    details = _differences(sorted((set(old) | set(new)) - aspects), old, new, scope)
    if scope.family == "class":
        details.update(_slot_list(old, new, scope.slot_renames))
    if details:
        changes.append(Change(kind, "changed", name, details))
    return changes


def value_of(body: Mapping[str, Any], key: str, scope: Scope, which: int) -> Any:
    """A property's value, normalised: a default spelled out or left out is the same, string lists are sets."""
    value = body.get(key)
    if not scope.refinement:
        if key in BOOLEANS and value is False:
            value = None
        if key == "range" and value is None and scope.family in SLOT_FAMILIES:
            value = scope.default_ranges[which]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return sorted(value)
    return value


def _differences(keys: list[str], old: Mapping[str, Any], new: Mapping[str, Any], scope: Scope) -> dict[str, Any]:
    found = {}
    for key in keys:
        before, after = value_of(old, key, scope, 0), value_of(new, key, scope, 1)
        if before != after:
            found[key] = {"old": before, "new": after}
    return found


def _change_of(details: Mapping[str, Mapping[str, Any]]) -> str:
    """`added` when nothing was stated before, `removed` when nothing is stated after, else `changed`."""
    if all(pair["old"] is None for pair in details.values()):
        return "added"
    if all(pair["new"] is None for pair in details.values()):
        return "removed"
    return "changed"


def _aspect(kind: str, name: str, keys: tuple[str, ...], old: Any, new: Any, scope: Scope) -> list[Change]:
    details = _differences(list(keys), old, new, scope)
    return [Change(kind, _change_of(details), name, details)] if details else []


def _unit_fields(value: Any) -> dict[str, Any]:
    """A slot's unit as fields (`ucum_code`, `exact_mappings` to QUDT, `has_quantity_kind`, ...)."""
    if isinstance(value, Mapping):
        return {str(key): sorted(item) if isinstance(item, list) else item for key, item in value.items()}
    return {"ucum_code": value} if isinstance(value, str) else {}


def _unit(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    before, after = _unit_fields(old.get("unit")), _unit_fields(new.get("unit"))
    details = {
        key: {"old": before.get(key), "new": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
    return [Change("unit", _change_of(details), name, details)] if details else []


def _mapping_pairs(body: Mapping[str, Any]) -> set[tuple[str, str]]:
    pairs = set()
    for predicate in MAPPINGS:
        values = body.get(predicate) or []
        for target in values if isinstance(values, list) else [values]:
            pairs.add((predicate, str(target)))
    return pairs


def _mappings(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """One change per mapping added or removed, or moved from one predicate to another."""
    before, after = _mapping_pairs(old), _mapping_pairs(new)
    gone, came = before - after, after - before
    changes = []
    for target in sorted({t for _, t in gone} & {t for _, t in came}):
        was = [p for p, t in gone if t == target]
        now = [p for p, t in came if t == target]
        if len(was) == 1 and len(now) == 1:
            details = {"mapping": target, "predicate": {"old": was[0], "new": now[0]}}
            changes.append(Change("mapping", "changed", name, details))
            gone.discard((was[0], target))
            came.discard((now[0], target))
    changes += [Change("mapping", "removed", name, {"mapping": t, "predicate": p}) for p, t in sorted(gone)]
    changes += [Change("mapping", "added", name, {"mapping": t, "predicate": p}) for p, t in sorted(came)]
    return changes


def _annotations(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    before, after = annotation_values(old), annotation_values(new)
    details = {
        tag: {"old": before.get(tag), "new": after.get(tag)}
        for tag in sorted((set(before) | set(after)) - {REPLACED_BY})
        if before.get(tag) != after.get(tag)
    }
    return [Change("annotation", _change_of(details), name, details)] if details else []


def _slot_list(old: Mapping[str, Any], new: Mapping[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    """A class's slots added and removed (a renamed slot under its new name in both lists: no difference)."""

    def names(body: Mapping[str, Any]) -> list[str]:
        slots = body.get("slots") or []
        return [str(slot) for slot in (slots if isinstance(slots, list) else [slots])]

    before = {renames.get(slot, slot) for slot in names(old)}
    after = set(names(new))
    if before == after:
        return {}
    return {"slots": {"added": sorted(after - before), "removed": sorted(before - after)}}
