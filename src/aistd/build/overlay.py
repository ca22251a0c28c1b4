"""Overlay the SSSOM mappings onto the merged schema (build time).

Each row adds its object to the `*_mappings` list its predicate names, on the slot, class or enum
value its subject names, and each vocabulary's prefixes join the schema's, so the generated OWL and
the published schema carry every crosswalk without a second hand-kept copy.
"""

from __future__ import annotations

from typing import Any

from aistd.build.mapping_sets import PREDICATE_SLOTS, Mapping, MappingSet


class OverlayError(ValueError):
    """A mapping whose subject is not in the schema or whose predicate is not a SKOS mapping."""


def schema_element(schema: Any, mapping: Mapping) -> Any:
    """The slot, class or enum value a mapping's subject names."""
    prefix, _, name = mapping.subject_id.partition(":")
    if prefix != "aistd":
        raise OverlayError(f"{mapping.vocabulary}: subject {mapping.subject_id} is not an aistd term")
    if name in schema.slots:
        return schema.slots[name]
    if name in schema.classes:
        return schema.classes[name]
    enum_name, _, value = name.partition(".")
    enum = schema.enums.get(enum_name)
    if enum is not None and value in enum.permissible_values:
        return enum.permissible_values[value]
    raise OverlayError(f"{mapping.vocabulary}: subject {mapping.subject_id} is not in the schema")


def overlay_mappings(schema: Any, mapping_sets: list[MappingSet]) -> None:
    """Add every mapping and every vocabulary prefix to `schema` in place."""
    from linkml_runtime.linkml_model.meta import Prefix

    for mapping_set in mapping_sets:
        for prefix, iri in sorted(mapping_set.vocabulary_prefixes.items()):
            known = schema.prefixes.get(prefix)
            if known is not None and str(known.prefix_reference) != iri:
                raise OverlayError(f"{mapping_set.vocabulary}: prefix {prefix} is already bound to another IRI")
            schema.prefixes[prefix] = Prefix(prefix, iri)
        for mapping in mapping_set.mappings:
            slot_name = PREDICATE_SLOTS.get(mapping.predicate_id)
            if slot_name is None:
                raise OverlayError(f"{mapping_set.vocabulary}: {mapping.predicate_id} is not a SKOS mapping")
            targets = getattr(schema_element(schema, mapping), slot_name)
            if mapping.object_id not in targets:
                targets.append(mapping.object_id)
    for element in _mapped_elements(schema):
        for slot_name in PREDICATE_SLOTS.values():
            values = getattr(element, slot_name)
            values[:] = sorted(values)


def _mapped_elements(schema: Any) -> list[Any]:
    elements = list(schema.slots.values()) + list(schema.classes.values())
    for enum in schema.enums.values():
        elements.extend(enum.permissible_values.values())
    return elements
