"""Conformance: check a disclosure against the generated JSON Schema with jsonschema-rs.

jsonschema-rs reports what failed and where; this module finds which aistd class the failing object is
(by following the schema along the instance path) so that each message names the class, the field and
what was expected. A unit code of the wrong dimension becomes a `units.dimension` finding that says
which quantity the code measures and which codes the slot admits.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema_rs

from aistd import resources
from aistd.findings import Finding, Severity

RULE_PREFIX = "schema."
UNIT_RULE = "units.dimension"
ROOT_CLASS = "Disclosure"


@cache
def disclosure_schema() -> dict[str, Any]:
    """The committed JSON Schema of a disclosure."""
    return json.loads(resources.JSON_SCHEMA.read_text(encoding="utf-8"))


@cache
def disclosure_validator() -> Any:
    """The compiled validator of the committed JSON Schema, built once per process."""
    return jsonschema_rs.validator_for(disclosure_schema(), validate_formats=True)


@cache
def unit_kinds() -> dict[str, str]:
    """Each admitted unit code with the quantity class that admits it."""
    table = json.loads(resources.UNIT_TABLE.read_text(encoding="utf-8"))
    return {code: name for name, entry in table.items() for code in entry["units"]}


def json_pointer(path: Any) -> str:
    """A JSON pointer (RFC 6901) from a sequence of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def keyword_of(error: Any) -> str:
    """The JSON Schema keyword that failed, e.g. 'required' or 'enum'."""
    path = list(error.schema_path)
    return str(path[-1]) if path else "schema"


def _class_of(definition: dict[str, Any]) -> str | None:
    reference = definition.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/"):
        return reference.removeprefix("#/$defs/")
    items = definition.get("items")
    return _class_of(items) if isinstance(items, dict) else None


def class_at(path: list[Any]) -> str | None:
    """The aistd class of the object at an instance path, by following the schema from the root."""
    definitions = disclosure_schema()["$defs"]
    current: str | None = ROOT_CLASS
    index = 0
    while index < len(path) and current is not None:
        properties = definitions.get(current, {}).get("properties", {})
        definition = properties.get(str(path[index]))
        if definition is None:
            return None
        target = _class_of(definition)
        if target is None:
            return None
        index += 1
        if definition.get("type") == "array" or "items" in definition:
            if index < len(path) and isinstance(path[index], int):
                index += 1
            else:
                return None
        current = target if target in definitions and "properties" in definitions[target] else None
    return current


def _value_text(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unit_message(error: Any, holder: str | None, field: str) -> str:
    admitted = disclosure_schema()["$defs"].get(holder or "", {}).get("properties", {}).get("unit", {})
    enum_name = _class_of(admitted)
    codes = disclosure_schema()["$defs"].get(enum_name or "", {}).get("enum", [])
    given = error.instance
    other = unit_kinds().get(given) if isinstance(given, str) else None
    what = (
        f"{_value_text(given)} is a unit of {other}" if other else f"{_value_text(given)} is not an admitted UCUM code"
    )
    return f"{holder}.{field}: {what}; {holder} admits {', '.join(codes)}"


def describe_error(error: Any) -> tuple[str, str]:
    """The rule id and message of one schema error, naming the class, the field and the expectation."""
    path = list(error.instance_path)
    keyword = keyword_of(error)
    is_member = bool(path) and not isinstance(path[-1], int)
    holder = class_at(path[:-1]) if is_member else class_at(path)
    field = str(path[-1]) if is_member else ""
    where = f"{holder}.{field}" if holder and field else (holder or json_pointer(path) or "the document")
    if keyword == "enum" and field == "unit" and holder and holder.endswith("Quantity"):
        return UNIT_RULE, _unit_message(error, holder, field)
    if keyword == "required":
        return RULE_PREFIX + keyword, f"{holder or 'the object'}: {error.message}"
    if keyword == "additionalProperties":
        return (
            RULE_PREFIX + keyword,
            f"{holder or 'the object'} has a field aistd does not define: {error.message}",
        )
    return RULE_PREFIX + keyword, f"{where}: {error.message}"


@cache
def _unit_rule_references() -> tuple[str, ...]:
    from aistd.rules import rule_catalogue

    spec = rule_catalogue().get(UNIT_RULE)
    return () if spec is None else spec.references


def check_conformance(data: Any) -> list[Finding]:
    """Every way `data` departs from the disclosure schema, as error findings."""
    findings = []
    for error in disclosure_validator().iter_errors(data):
        rule, message = describe_error(error)
        references = _unit_rule_references() if rule == UNIT_RULE else ()
        findings.append(
            Finding(rule, Severity.ERROR, message, json_pointer(error.instance_path), None, None, references)
        )
    return findings
