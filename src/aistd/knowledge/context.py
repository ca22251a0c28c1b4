"""The RDF artifacts: the bundled JSON-LD context, the SHACL shapes, and the class hierarchy of the merged
schema."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from aistd.knowledge import artifacts


@cache
def bundled_context() -> dict[str, Any]:
    """The bundled aistd context (the value of its `@context`), with `uri` slots made IRIs.

    gen-jsonld-context types `uri` slots (model_card, url, statement) as `xsd:anyURI` literals while
    gen-shacl requires IRIs there (`sh:nodeKind sh:IRI`); the context is corrected here so that a valid
    JSON-LD disclosure conforms.
    """
    context = json.loads(artifacts.JSONLD_CONTEXT.read_text(encoding="utf-8"))["@context"]
    for term, definition in context.items():
        if isinstance(definition, dict) and definition.get("@type") == "xsd:anyURI":
            context[term] = {**definition, "@type": "@id"}
    return context


@cache
def shapes_text() -> str:
    """The committed SHACL shapes (Turtle)."""
    return artifacts.SHACL_SHAPES.read_text(encoding="utf-8")


def bundled_context_name() -> str:
    """The bundled context's file name, which a JSON-LD document may use as its context."""
    return artifacts.JSONLD_CONTEXT.name


def bundled_context_uri() -> str:
    """The bundled context's own `file:` URL (compared with, never read through)."""
    return artifacts.JSONLD_CONTEXT.resolve().as_uri()


@cache
def class_ancestors() -> dict[str, tuple[str, ...]]:
    """Each class's `is_a` and `mixins` parents from the merged schema (transitively); empty without any."""
    text = artifacts.MERGED_SCHEMA.read_text(encoding="utf-8")
    if not re.search(r"^\s+(is_a|mixins):", text, flags=re.MULTILINE):
        return {}
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    classes = (yaml.load(text, Loader=loader) or {}).get("classes") or {}
    parents = {
        name: [p for p in [spec.get("is_a"), *(spec.get("mixins") or [])] if p]
        for name, spec in classes.items()
        if isinstance(spec, dict)
    }
    closure: dict[str, tuple[str, ...]] = {}
    for name in parents:
        seen: list[str] = []
        stack = list(parents[name])
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.append(parent)
                stack.extend(parents.get(parent, []))
        if seen:
            closure[name] = tuple(seen)
    return closure
