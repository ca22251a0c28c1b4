"""A LinkML schema as a flat set of named elements, classes with their induced slots (own and inherited through
`is_a` and `mixins`, as SchemaView would induce them, on plain data), and what an element says of its deprecation.

Families: `class`, `slot`, `enum`, `type` (the schema's sections); `member`, a class's own slot, named
`Class.slot` (an attribute, or a `slot_usage` refinement of a schema slot); `value`, an enum's permissible
value, named `Enum.value`. Enum and class names hold no dot, so the first dot splits a scoped name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

TOP_FAMILIES = ("class", "slot", "enum", "type")
SCOPED_FAMILIES = ("member", "value")
SECTION_OF = {"class": "classes", "slot": "slots", "enum": "enums", "type": "types"}
REPLACEMENT_KEYS = {
    "deprecated_element_has_exact_replacement": "exact",
    "deprecated_element_has_possible_replacement": "possible",
}
REPLACED_BY = "replaced_by"
"""The annotation tag that names an element's replacement, as an alternative to LinkML's replacement slots."""

Key = tuple[str, str]


@dataclass(frozen=True)
class Element:
    """One named element of a schema: its family, its name, its definition, and its container if scoped."""

    family: str
    name: str
    body: Mapping[str, Any]
    container: str | None = None
    local: str | None = None
    declared: bool = True
    """False for a class's slot that only refines a schema slot (`slot_usage`): no element of its own."""
    own: bool = True
    """False for a class's slot refined only by an ancestor: compared, but reported on the ancestor."""
    former: str | None = None
    """Its name in the old schema, when it is named after its renamed container."""

    @property
    def key(self) -> Key:
        """The family and the name: unique within a schema."""
        return (self.family, self.name)


@dataclass(frozen=True)
class Deprecation:
    """An element marked deprecated, why, and what replaces it (named within the element's scope)."""

    name: str
    reason: str | None
    replacement: str | None
    replacement_type: str | None
    """`exact` or `possible` (LinkML's replacement slots), `replaced_by` (the annotation), or None."""


@dataclass(frozen=True)
class Member:
    """A slot of a class with a refinement: the merged refinement, and what the class itself states."""

    body: Mapping[str, Any]
    attribute: bool
    """The class itself defines the slot as an attribute."""
    own: bool
    """The class itself refines the slot (an attribute or a `slot_usage`), not only an ancestor."""


def keyed(value: Any, key: str = "name") -> dict[str, Mapping[str, Any]]:
    """Elements by name: LinkML writes them as a mapping, or as a list of names or of bodies that name themselves."""
    if isinstance(value, Mapping):
        return {str(name): body if isinstance(body, Mapping) else {} for name, body in value.items()}
    found: dict[str, Mapping[str, Any]] = {}
    for item in value if isinstance(value, list) else []:
        if isinstance(item, Mapping) and item.get(key) is not None:
            found[str(item[key])] = item
        elif isinstance(item, str | int | float):
            found[str(item)] = {}
    return found


def scoped(container: str, local: str) -> str:
    """The name of a class's own slot or of an enum's value."""
    return f"{container}.{local}"


def elements_of(schema: Mapping[str, Any]) -> dict[Key, Element]:
    """Every element of a schema, by family and name; a class's `slots` are its induced slots (own and inherited),
    a class's own slot its refinement merged along its ancestors."""
    found: dict[Key, Element] = {}
    classes = keyed(schema.get("classes"))
    for family in TOP_FAMILIES:
        for name, body in keyed(schema.get(SECTION_OF[family])).items():
            if family == "class":
                body = {**body, "slots": induced_slots(classes, name)}
            found[(family, name)] = Element(family, name, body)
    for owner in classes:
        for local, member in members(classes, owner).items():
            name = scoped(owner, local)
            found[("member", name)] = Element("member", name, member.body, owner, local, member.attribute, member.own)
    for owner, body in keyed(schema.get("enums")).items():
        for local, value in keyed(body.get("permissible_values"), "text").items():
            name = scoped(owner, local)
            found[("value", name)] = Element("value", name, value, owner, local)
    return found


def scope_names(elements: Mapping[Key, Element]) -> dict[str, set[str]]:
    """The names in each scope, where a replacement is looked up: a top-level family's names under the family
    (`slot`), a container's local names under the family and the container (`member.AISystem`)."""
    found: dict[str, set[str]] = {}
    for element in elements.values():
        if element.container is None:
            found.setdefault(element.family, set()).add(element.name)
        else:
            found.setdefault(scoped(element.family, element.container), set()).add(element.local or "")
    return found


def names_for(names: Mapping[str, set[str]], element: Element) -> set[str]:
    """The names the element's replacement may take, from `scope_names`."""
    scope = element.family if element.container is None else scoped(element.family, element.container)
    return names.get(scope, set())


def unit_enums(schema: Mapping[str, Any]) -> set[str]:
    """The enums that list unit codes: the range of a `unit` slot anywhere, or named `...Unit`."""
    enums = set(keyed(schema.get("enums")))
    ranges = {keyed(schema.get("slots")).get("unit", {}).get("range")}
    for body in keyed(schema.get("classes")).values():
        for own in ("attributes", "slot_usage"):
            ranges.add(keyed(body.get(own)).get("unit", {}).get("range"))
    return {name for name in enums if name in ranges or name.endswith("Unit")}


def resolve(written: Any, candidates: Collection[str], prefixes: Collection[str]) -> str:
    """The element a replacement names: as written, or without its CURIE prefix, or the last part of its URI."""
    text = str(written)
    if text in candidates:
        return text
    prefix, colon, rest = text.partition(":")
    if colon and not rest.startswith("//") and (rest in candidates or prefix in prefixes):
        return rest
    tail = re.split(r"[/#]", text)[-1]
    return tail if tail in candidates else text


def deprecation_of(element: Element, candidates: Collection[str], prefixes: Collection[str]) -> Deprecation | None:
    """The element's deprecation (LinkML `deprecated`, a replacement slot, or a `replaced_by` annotation), or None.

    `candidates` are the names its replacement may take (its scope's local names, or its family's names).
    """
    body = element.body
    written, kind = None, None
    for field, how in REPLACEMENT_KEYS.items():
        if body.get(field) and written is None:
            written, kind = body[field], how
    annotated = annotation_values(body).get(REPLACED_BY)
    if written is None and annotated:
        written, kind = annotated, REPLACED_BY
    reason = body.get("deprecated")
    if not reason and written is None:
        return None
    replacement = resolve(written, candidates, prefixes) if written is not None else None
    return Deprecation(element.name, str(reason) if reason else None, replacement, kind)


def annotation_values(body: Mapping[str, Any]) -> dict[str, Any]:
    """An element's annotations, tag -> value (LinkML writes `tag: value`, `tag: {tag, value}` or a list)."""
    raw = body.get("annotations")
    if isinstance(raw, Mapping):
        return {str(tag): value.get("value") if isinstance(value, Mapping) else value for tag, value in raw.items()}
    if isinstance(raw, list):
        return {str(item["tag"]): item.get("value") for item in raw if isinstance(item, Mapping) and "tag" in item}
    return {}


def signature(element: Element, default_range: Any) -> str | None:
    """What a renamed element keeps: range, unit and description (a class: its slots; an enum: its values).

    None when the element has no description: too little to say that two names are one element.
    """
    body = element.body
    if not body.get("description"):
        return None
    if element.family in ("slot", "member"):
        parts: list[Any] = [body.get("range") or default_range, body.get("unit")]
    elif element.family == "class":
        parts = [sorted(map(str, body.get("slots") or [])), body.get("is_a")]
    elif element.family == "enum":
        parts = [sorted(keyed(body.get("permissible_values"), "text"))]
    elif element.family == "type":
        parts = [body.get("typeof"), body.get("uri"), body.get("base")]
    else:
        parts = [body.get("meaning")]
    return json.dumps([element.family, element.container, body["description"], *parts], sort_keys=True, default=str)


def _names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [str(item) for item in values]


def ancestors(classes: Mapping[str, Mapping[str, Any]], name: str) -> list[str]:
    """The class's ancestors, nearest first (parents before grandparents, `is_a` before `mixins`), each once."""
    found: list[str] = []
    stack = [name]
    while stack:
        body = classes.get(stack.pop(), {})
        parents = [p for p in [*_names(body.get("is_a")), *_names(body.get("mixins"))] if p != name and p not in found]
        found += parents
        stack += reversed(parents)
    return found


def induced_slots(classes: Mapping[str, Mapping[str, Any]], name: str) -> list[str]:
    """Every slot of the class, in order: its own slots and attributes, then each ancestor's."""
    found: list[str] = []
    for current in [name, *ancestors(classes, name)]:
        body = classes.get(current, {})
        for slot in [*_names(body.get("slots")), *keyed(body.get("attributes"))]:
            if slot not in found:
                found.append(slot)
    return found


def members(classes: Mapping[str, Mapping[str, Any]], name: str) -> dict[str, Member]:
    """The class's refined slots: slot -> the refinement merged from the farthest ancestor to the class itself."""
    chain = [name, *ancestors(classes, name)]
    found: dict[str, Member] = {}
    for current in reversed(chain):
        body = classes.get(current, {})
        attributes, usage = keyed(body.get("attributes")), keyed(body.get("slot_usage"))
        for slot in attributes | usage:
            merged = {**(found[slot].body if slot in found else {}), **attributes.get(slot, {}), **usage.get(slot, {})}
            own = current == name
            found[slot] = Member(merged, own and slot in attributes, own)
    return found
