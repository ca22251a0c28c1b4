"""Conformance: check a disclosure against the generated JSON Schema with jsonschema-rs."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import jsonschema_rs

from aistd import resources
from aistd.findings import Finding, Severity

RULE_PREFIX = "schema."


@lru_cache(maxsize=1)
def disclosure_validator() -> Any:
    """The compiled validator of the committed JSON Schema, built once per process."""
    schema = json.loads(resources.JSON_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def json_pointer(path: Any) -> str:
    """A JSON pointer (RFC 6901) from a sequence of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def keyword_of(error: Any) -> str:
    """The JSON Schema keyword that failed, e.g. 'required' or 'enum'."""
    path = list(error.schema_path)
    return str(path[-1]) if path else "schema"


def check_conformance(data: Any) -> list[Finding]:
    """Every way `data` departs from the disclosure schema, as error findings in document order."""
    findings = []
    for error in disclosure_validator().iter_errors(data):
        pointer = json_pointer(error.instance_path)
        where = pointer or "the document"
        findings.append(
            Finding(
                rule=RULE_PREFIX + keyword_of(error),
                severity=Severity.ERROR,
                message=f"{where}: {error.message}",
                pointer=pointer,
            )
        )
    return findings
