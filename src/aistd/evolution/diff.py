"""The difference between two merged LinkML schemas: elements added, removed, renamed, changed, newly deprecated.

Elements are classes, slots, enums and types, each class's own slots (attributes and `slot_usage`, named
`Class.slot`) and each enum's permissible values (`Enum.value`; a unit enum's codes are of kind `unit`).
A class is compared by its induced slots (own and inherited), a class's own slot by its refinement merged along
the class's ancestors; a change is reported where it is declared: a slot's new range once on the slot, a new
constraint in a `slot_usage` on `Class.slot` (and on a subclass only when the subclass refines that slot too).

Renames: an element of OLD whose NEW definition names a replacement (`deprecated_element_has_exact_replacement`,
`..._possible_replacement`, or the annotation `replaced_by`) that OLD lacks is renamed to it; then, among what
is left removed and added, one removed and one added element alone sharing range, unit and description (a class:
its slots; an enum: its values) are renamed, marked `inferred`. A renamed element is compared with its new
namesake, and its deprecated stub, if NEW keeps one, is listed as deprecated.

Why by hand: LinkML has no schema diff (linkml/linkml#1141 asks for one, still open); SchemaView would induce
slots as `elements` does, but `linkml_runtime` is no runtime dependency of aistd (and takes 0.6 s to import); a
generic dict diff (deepdiff, not a dependency either) knows neither renames nor units nor mapping predicates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from aistd.evolution.changes import Change, SchemaDiff
from aistd.evolution.elements import (
    SCOPED_FAMILIES,
    TOP_FAMILIES,
    Deprecation,
    Element,
    Key,
    deprecation_of,
    elements_of,
    keyed,
    names_for,
    scope_names,
    scoped,
    signature,
    unit_enums,
)
from aistd.evolution.properties import Scope, compare
from aistd.evolution.schemas import LoadedSchema, read_schema

_OWN_KIND = {"class": "class", "slot": "slot", "member": "slot", "enum": "enum", "type": "type"}
_CONTAINER_FAMILY = {"member": "class", "value": "enum"}


def diff(old: str, new: str) -> SchemaDiff:
    """The diff between two schemas named as on the command line (a shipped version, `current`, or a path)."""
    return diff_loaded(read_schema(old), read_schema(new))


def diff_loaded(old: LoadedSchema, new: LoadedSchema) -> SchemaDiff:
    """The diff between two schemas already read."""
    changes = diff_schemas(old.data, new.data)
    return SchemaDiff(old.version, new.version, tuple(changes), old.source, new.source)


class _Sides:
    """What the comparison needs of both schemas: elements, defaults, prefixes, unit enums, names by scope."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old, self.new = elements_of(old), elements_of(new)
        self.default_ranges = (old.get("default_range"), new.get("default_range"))
        self.prefixes = _prefixes(old) | _prefixes(new)
        self.units = unit_enums(old) | unit_enums(new)
        self.renamed: dict[str, dict[str, str]] = {family: {} for family in (*TOP_FAMILIES, *SCOPED_FAMILIES)}

    def kind(self, element: Element) -> str:
        """The kind an element is reported under."""
        return _OWN_KIND.get(element.family) or ("unit" if element.container in self.units else "enum")

    def deprecation(self, names: Mapping[str, set[str]], element: Element | None) -> Deprecation | None:
        """The element's deprecation, its replacement looked up among the names of its scope (`scope_names`)."""
        return deprecation_of(element, names_for(names, element), self.prefixes) if element is not None else None


def _prefixes(schema: Mapping[str, Any]) -> set[str]:
    prefixes = schema.get("prefixes")
    return {str(name) for name in prefixes} if isinstance(prefixes, Mapping | list) else set()


def diff_schemas(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from the `old` schema to the `new` one (plain data, as read from merged LinkML YAML)."""
    sides = _Sides(old, new)
    changes: list[Change] = []
    kept: set[Key] = set()  # classes and enums on both sides (under their NEW names): their members are compared
    for families in (TOP_FAMILIES, SCOPED_FAMILIES):
        before = {key: element for key, element in _translated(sides, families) if _in(element, kept)}
        after = {key: element for key, element in sides.new.items() if key[0] in families and _in(element, kept)}
        names = (scope_names(before), scope_names(after))
        renames = _renames(sides, before, after, names[1])
        for old_key, (new_key, declared_by) in renames.items():
            sides.renamed[old_key[0]][before[old_key].local or old_key[1]] = after[new_key].local or new_key[1]
            details = {"new_name": new_key[1], "declared_by": declared_by, "inferred": declared_by is None}
            changes.append(Change(sides.kind(after[new_key]), "renamed", _original(before[old_key]), details))
        changes += _element_changes(sides, before, after, {old: new for old, (new, _) in renames.items()})
        changes += _deprecations(sides, before, after, names)
        kept = {renames[key][0] if key in renames else key for key in before} & set(after)
    return changes


def _in(element: Element, kept: set[Key]) -> bool:
    """A top-level element, or a member of a class or enum on both sides (an added class's slots come with it)."""
    return element.container is None or (_CONTAINER_FAMILY[element.family], element.container) in kept


def _element_changes(
    sides: _Sides, before: dict[Key, Element], after: dict[Key, Element], renames: Mapping[Key, Key]
) -> list[Change]:
    """Elements added and removed, and the differences of those in both (a renamed one with its new namesake).

    A class's slot that the class refines on neither side (only an ancestor does) is reported on the ancestor.
    """
    changes: list[Change] = []
    targets = set(renames.values())
    for key in [*before, *(key for key in after if key not in before and key not in targets)]:
        old, new = before.get(key), after.get(renames.get(key, key))
        if not ((old is not None and old.own) or (new is not None and new.own)):
            continue
        if old is not None and new is not None:
            changes += _compared(sides, old, new)
        elif old is not None and old.declared:
            changes.append(Change(sides.kind(old), "removed", _original(old), _summary(sides, old, 0)))
        elif new is not None and new.declared:
            changes.append(Change(sides.kind(new), "added", new.name, _summary(sides, new, 1)))
        elif old is not None:
            changes += _compared(sides, old, dataclasses.replace(old, body={}, declared=False))
        elif new is not None:
            changes += _compared(sides, dataclasses.replace(new, body={}, declared=False), new)
    return changes


def _translated(sides: _Sides, families: Iterable[str]) -> Iterable[tuple[Key, Element]]:
    """OLD's elements of the families, a scoped one renamed with its container, a class's refinement of a slot
    with the slot (its old name kept aside)."""
    for key, element in sides.old.items():
        if key[0] not in families:
            continue
        if element.container is not None:
            container = sides.renamed[_CONTAINER_FAMILY[key[0]]].get(element.container, element.container)
            local = element.local or ""
            if key[0] == "member" and not element.declared:
                local = sides.renamed["slot"].get(local, local)
            if (container, local) != (element.container, element.local):
                name = scoped(container, local)
                element = dataclasses.replace(element, name=name, container=container, local=local, former=element.name)
        yield element.key, element


def _original(element: Element) -> str:
    return element.former or element.name


def _renames(
    sides: _Sides, before: dict[Key, Element], after: dict[Key, Element], names: Mapping[str, set[str]]
) -> dict[Key, tuple[Key, str | None]]:
    """OLD key -> (NEW key, how it was declared, or None when inferred)."""
    found: dict[Key, tuple[Key, str | None]] = {}
    targets: set[Key] = set()
    for key, element in after.items():
        deprecation = sides.deprecation(names, element)
        if deprecation is None or deprecation.replacement is None or key not in before or key in found:
            continue
        target = _target_key(element, deprecation.replacement)
        if target in after and target not in before and target not in targets:
            found[key] = (target, deprecation.replacement_type)
            targets.add(target)
    removed = [e for k, e in before.items() if k not in after and k not in found and e.declared]
    added = [e for k, e in after.items() if k not in before and k not in targets and e.declared]
    old_signatures = _by_signature(removed, sides.default_ranges[0])
    new_signatures = _by_signature(added, sides.default_ranges[1])
    for shared in old_signatures.keys() & new_signatures.keys():
        if len(old_signatures[shared]) == 1 and len(new_signatures[shared]) == 1:
            found[old_signatures[shared][0].key] = (new_signatures[shared][0].key, None)
    return found


def _target_key(element: Element, replacement: str) -> Key:
    name = scoped(element.container, replacement) if element.container else replacement
    return (element.family, name)


def _by_signature(elements: Iterable[Element], default_range: Any) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    for element in elements:
        key = signature(element, default_range)
        if key is not None:
            found.setdefault(key, []).append(element)
    return found


def _compared(sides: _Sides, old: Element, new: Element) -> list[Change]:
    """The differences between an element's two definitions, reported under its NEW name."""
    refinement = not (old.declared or new.declared)
    scope = Scope(new.family, refinement, sides.default_ranges, sides.renamed["slot"])
    return compare(old.body, new.body, new.name, sides.kind(new), scope)


def _summary(sides: _Sides, element: Element, which: int) -> dict[str, Any]:
    """What an added or removed element is, in brief."""
    body = element.body
    found: dict[str, Any] = {}
    if element.family in ("slot", "member"):
        unit = body.get("unit")
        found["range"] = body.get("range") or sides.default_ranges[which]
        found["unit"] = unit.get("ucum_code") if isinstance(unit, Mapping) else unit
        found["required"] = body.get("required") or None
        found["multivalued"] = body.get("multivalued") or None
    elif element.family == "class":
        found["slots"] = [str(slot) for slot in body.get("slots") or []]
    elif element.family == "enum":
        found["values"] = list(keyed(body.get("permissible_values"), "text"))
    elif element.family == "value":
        found |= {"enum": element.container, "value": element.local}
    if element.family == "member":
        found |= {"class": element.container, "slot": element.local}
    found["description"] = body.get("description")
    return {key: value for key, value in found.items() if value is not None and value != []}


def _deprecations(
    sides: _Sides, before: dict[Key, Element], after: dict[Key, Element], names: tuple[Mapping[str, set[str]], ...]
) -> list[Change]:
    """Elements newly deprecated in NEW (with their replacement), and deprecations changed or lifted."""
    changes = []
    for key, element in after.items():
        if not element.own:
            continue
        now = sides.deprecation(names[1], element)
        was = sides.deprecation(names[0], before.get(key))
        if now is not None and was is None:
            replacement = _target_key(element, now.replacement)[1] if now.replacement else None
            details = {"reason": now.reason, "replacement": replacement, "replacement_type": now.replacement_type}
            changes.append(Change(sides.kind(element), "deprecated", element.name, details))
        elif was is not None and (now is None or (was.reason, was.replacement) != (now.reason, now.replacement)):
            fields = ("reason", "replacement")
            pairs = {f: {"old": getattr(was, f), "new": getattr(now, f, None)} for f in fields}
            details = {("deprecated" if f == "reason" else f): p for f, p in pairs.items() if p["old"] != p["new"]}
            changes.append(Change(sides.kind(element), "changed", element.name, details))
    return changes
