"""Carry the schema's deprecations into the JSON Schema, where validation reads them (build time).

JSON Schema 2020-12 has a `deprecated` annotation: a deprecated slot's property gets `deprecated: true` and,
when the schema names it, `x-aistd-replaced-by`; an enum with deprecated values gets
`x-aistd-deprecated-values` (value -> replacement or null). Validators ignore annotations; aistd's own check
(`aistd.check.deprecations`) reads them and warns, so a run never parses the LinkML schema for this.
"""

from __future__ import annotations

from typing import Any

from aistd.evolution import deprecated_slots, deprecated_values

REPLACED_BY = "x-aistd-replaced-by"
DEPRECATED_VALUES = "x-aistd-deprecated-values"


def mark_deprecations(document: dict[str, Any], merged_schema: dict[str, Any]) -> None:
    """Annotate the JSON Schema `document` with the deprecations of the merged LinkML schema."""
    definitions = document.get("$defs", {})
    for name, deprecation in deprecated_slots(merged_schema).items():
        owner, _, slot = name.rpartition(".")
        for class_name, definition in definitions.items():
            prop = definition.get("properties", {}).get(slot)
            if prop is None or (owner and class_name != owner):
                continue
            prop["deprecated"] = True
            if deprecation.replacement:
                prop[REPLACED_BY] = deprecation.replacement
    for name, deprecation in deprecated_values(merged_schema).items():
        enum_name, _, value = name.partition(".")
        enum = definitions.get(enum_name)
        if enum is not None:
            enum.setdefault(DEPRECATED_VALUES, {})[value] = deprecation.replacement
