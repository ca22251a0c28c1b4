"""The compiled JSON Schema of a disclosure, read and compiled once per process, and what it tells of the
disclosure's shape: which top-level lists hold which class's items."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from aistd.knowledge import artifacts, releases

ROOT_CLASS = "Disclosure"


@cache
def merged_schema() -> dict[str, Any]:
    """The merged LinkML schema as data: every class, slot and enumeration with its titles and aliases."""
    import yaml

    text = artifacts.MERGED_SCHEMA.read_text(encoding="utf-8")
    found = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return found if isinstance(found, dict) else {}


@cache
def disclosure_schema() -> dict[str, Any]:
    """The committed JSON Schema of a disclosure."""
    return json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))


@cache
def disclosure_validator() -> Any:
    """The compiled validator of the committed JSON Schema (jsonschema-rs), built once per process."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(disclosure_schema(), validate_formats=True)


@cache
def release_validator(version: str) -> Any | None:
    """The compiled validator of a shipped earlier release's JSON Schema (files written against it keep
    validating with it); None when the package ships no such release."""
    import jsonschema_rs

    try:
        path = releases.json_schema_path(version)
    except releases.UnknownReleaseError:
        return None
    return jsonschema_rs.validator_for(json.loads(path.read_text(encoding="utf-8")), validate_formats=True)


def definitions() -> dict[str, Any]:
    """The schema's definitions (`$defs`), by class or enum name."""
    return disclosure_schema()["$defs"]


def class_of(definition: dict[str, Any]) -> str | None:
    """The class or enum a property definition refers to (directly or through its items)."""
    reference = definition.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/"):
        return reference.removeprefix("#/$defs/")
    items = definition.get("items")
    return class_of(items) if isinstance(items, dict) else None


@cache
def item_lists() -> dict[str, str]:
    """The disclosure's lists of items, in schema order: list slot -> the class of its items."""
    found = {}
    for slot, definition in definitions()[ROOT_CLASS]["properties"].items():
        target = class_of(definition)
        if definition.get("type") == "array" and target and "properties" in definitions().get(target, {}):
            found[slot] = target
    return found


@cache
def list_of(class_name: str) -> str | None:
    """The top-level list that holds the items of a class, or None (the disclosure itself, nested classes)."""
    return {target: slot for slot, target in item_lists().items()}.get(class_name)
