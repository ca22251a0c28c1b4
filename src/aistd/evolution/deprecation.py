"""Which slots, and which enum values, of a disclosure the current schema marks deprecated, and what replaces them.

For validation to warn of: `deprecated_uses(document)` walks the document from the schema's root class along the
ranges of its slots, and yields the JSON pointer of each deprecated slot used (and of each deprecated enum value
written, a unit code among them). A slot is deprecated by LinkML's `deprecated`, by a replacement slot
(`deprecated_element_has_exact_replacement` / `..._possible_replacement`), or by the annotation `replaced_by`,
on the schema slot or on a class's own slot (`slot_usage`, attributes). Lists are followed item by item; a
multivalued slot inlined as a mapping is not followed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from aistd.evolution.elements import Deprecation, deprecation_of, elements_of, keyed, names_for, scope_names, scoped
from aistd.knowledge import releases
from aistd.model.pointer import json_pointer


@dataclass(frozen=True)
class DeprecatedUse:
    """A deprecated slot used, or a deprecated enum value written, at a JSON pointer of a document."""

    pointer: str
    kind: str
    """`slot` or `value`."""
    used: str
    """The slot name, or the value, as the document writes it."""
    deprecation: Deprecation

    @property
    def replacement(self) -> str | None:
        """What to write instead (a slot name, or a value of the same enum), if the schema names it."""
        return self.deprecation.replacement

    @property
    def message(self) -> str:
        """One sentence for a warning."""
        what = "slot" if self.kind == "slot" else "value"
        text = f"the {what} `{self.used}` is deprecated"
        if self.replacement:
            text += f": use `{self.replacement}` instead"
        return text + (f" ({self.deprecation.reason})" if self.deprecation.reason else "")


class _Index:
    """A schema read for walking documents: classes, slots, enums, and the deprecated among them."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.classes, self.slots = keyed(schema.get("classes")), keyed(schema.get("slots"))
        self.enums = keyed(schema.get("enums"))
        self.default_range = schema.get("default_range")
        self.root = next((name for name, body in self.classes.items() if body.get("tree_root")), None)
        elements = elements_of(schema)
        names = scope_names(elements)
        prefixes = set(keyed(schema.get("prefixes"), "prefix_prefix"))
        self.deprecated: dict[str, Deprecation] = {}
        """Deprecated slots (`slot`, `Class.slot`) and enum values (`Enum.value`), by name."""
        self.slot_names: set[str] = set()
        for element in elements.values():
            found = deprecation_of(element, names_for(names, element), prefixes)
            if found is not None and element.family in ("slot", "member", "value"):
                self.deprecated[element.name] = found
                if element.family != "value":
                    self.slot_names.add(element.name)

    def definition(self, owner: str | None, slot: str) -> Mapping[str, Any]:
        """The slot as the class uses it: the schema slot, refined by the class's attribute and slot_usage."""
        body = dict(self.slots.get(slot, {}))
        if owner is not None:
            own = self.classes.get(owner, {})
            body.update(keyed(own.get("attributes")).get(slot, {}))
            body.update(keyed(own.get("slot_usage")).get(slot, {}))
        return body

    def slot_deprecation(self, owner: str | None, slot: str) -> Deprecation | None:
        """The slot's deprecation in the class (its own first), or None."""
        own = self.deprecated.get(scoped(owner, slot)) if owner is not None else None
        return own or self.deprecated.get(slot)


@cache
def _current_index() -> _Index:
    return _Index(releases.merged_schema(releases.CURRENT))


def _index(schema: Mapping[str, Any] | None) -> _Index:
    return _current_index() if schema is None else _Index(schema)


def deprecated_slots(schema: Mapping[str, Any] | None = None) -> dict[str, Deprecation]:
    """Every deprecated slot of the schema (the current one by default): `slot`, or `Class.slot` for a class's own."""
    index = _index(schema)
    return {name: index.deprecated[name] for name in sorted(index.slot_names)}


def deprecated_values(schema: Mapping[str, Any] | None = None) -> dict[str, Deprecation]:
    """Every deprecated enum value of the schema (the current one by default), as `Enum.value`."""
    index = _index(schema)
    return {name: found for name, found in sorted(index.deprecated.items()) if name not in index.slot_names}


def deprecated_uses(document: Any, schema: Mapping[str, Any] | None = None) -> Iterator[DeprecatedUse]:
    """The deprecated slots used, and deprecated values written, in a disclosure (the current schema by default)."""
    index = _index(schema)
    if index.deprecated and isinstance(document, Mapping):
        yield from _walk(index, document, index.root, [])


def _walk(index: _Index, data: Mapping[str, Any], owner: str | None, path: list[Any]) -> Iterator[DeprecatedUse]:
    for slot, value in data.items():
        if not isinstance(slot, str):
            continue
        here = [*path, slot]
        found = index.slot_deprecation(owner, slot)
        if found is not None:
            yield DeprecatedUse(json_pointer(here), "slot", slot, found)
        target = index.definition(owner, slot).get("range") or index.default_range
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for position, item in items:
            where = here if position is None else [*here, position]
            if target in index.classes and isinstance(item, Mapping):
                yield from _walk(index, item, target, where)
            elif target in index.enums and isinstance(item, str):
                value_found = index.deprecated.get(scoped(target, item))
                if value_found is not None:
                    yield DeprecatedUse(json_pointer(where), "value", item, value_found)
