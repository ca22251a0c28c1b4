"""Every rule a finding can name, described for reports and docs: load, schema, consistency, profile."""

from __future__ import annotations

from functools import cache

from aistd.findings import Rule, Severity

LOAD_RULES = {
    "load.malformed": "The file parses as YAML or JSON",
    "load.encoding": "The file is UTF-8 text",
    "load.bom": "The file has no byte-order mark",
    "load.empty": "The file holds a document",
    "load.multiple-documents": "The file holds one document",
    "load.duplicate-key": "No mapping repeats a key",
    "load.non-finite": "Numbers are finite (no NaN or infinity)",
    "load.number-too-large": "Numbers fit in the range a reader can hold",
    "load.too-deep": "Nesting stays within the depth limit",
    "load.alias": "The YAML uses no aliases",
    "load.too-large": "The file is within the size and value-count limits",
    "load.top-level": "The document is a mapping",
    "load.unreadable": "The file can be read",
    "load.unsupported-tag": "The YAML uses only plain JSON-compatible types",
    "load.non-string-key": "Mapping keys are strings",
    "load.rdf-needs-flag": "RDF input is validated with --rdf",
}
RDF_RULES = {
    "rdf.remote-context": "A JSON-LD document uses only the aistd context",
    "rdf.imports-ignored": "owl:imports is not followed",
    "rdf.untyped": "RDF input types its nodes with aistd classes",
}
CONVERT_RULES = {
    "convert.unreadable": "The input is in a format aistd reads",
    "convert.lost": "A value of the input has a place in aistd",
    "batch.document-failed": "Checking a document of a batch completed",
    "batch.partition-failed": "A partition of a batch could be read and checked",
}
SCHEMA_RULES = {
    "schema.required": "A required field is present",
    "schema.additionalProperties": "Every field is one aistd defines",
    "schema.enum": "A value is one of those allowed",
    "schema.type": "A value has the type the field expects",
    "schema.minimum": "A value is not below the field's minimum",
    "schema.maximum": "A value is not above the field's maximum",
    "schema.pattern": "A text value has the expected form",
    "schema.format": "A date or address is well formed",
    "schema.minItems": "A list is not empty where it must not be",
}
LOAD_REFERENCE = ("RFC 8259 JSON / YAML 1.2 | syntax | verified-from-source",)
SHACL_REFERENCE = ("W3C SHACL / JSON-LD 1.1 | shapes and contexts | verified-from-source",)
CONVERT_REFERENCE = ("aistd crosswalks | mappings/<vocabulary>.sssom.tsv | verified-from-source",)
SCHEMA_REFERENCE = ("aistd schema | generated JSON Schema (2020-12) | verified-from-source",)


@cache
def all_rules() -> dict[str, Rule]:
    """Every rule, by id: loading, schema conformance, the consistency rules, and profile requirements."""
    from aistd import profiles
    from aistd.rules import rule_catalogue

    rules = {rid: Rule(rid, title, Severity.ERROR, "", LOAD_REFERENCE) for rid, title in LOAD_RULES.items()}
    rules["load.bom"] = Rule("load.bom", LOAD_RULES["load.bom"], Severity.WARNING, "", LOAD_REFERENCE)
    rules.update({rid: Rule(rid, t, Severity.ERROR, "", SCHEMA_REFERENCE) for rid, t in SCHEMA_RULES.items()})
    rules.update({rid: Rule(rid, t, Severity.ERROR, "", SHACL_REFERENCE) for rid, t in RDF_RULES.items()})
    for rid, title in CONVERT_RULES.items():
        severity = Severity.INFO if rid == "convert.lost" else Severity.ERROR  # batch failures are errors
        rules[rid] = Rule(rid, title, severity, "", CONVERT_REFERENCE)
    rules["rdf.imports-ignored"] = Rule(
        "rdf.imports-ignored", RDF_RULES["rdf.imports-ignored"], Severity.INFO, "", SHACL_REFERENCE
    )
    rules["rdf.untyped"] = Rule("rdf.untyped", RDF_RULES["rdf.untyped"], Severity.WARNING, "", SHACL_REFERENCE)
    rules.update({rid: spec.describe() for rid, spec in rule_catalogue().items()})
    for profile in profiles.profiles().values():
        for requirement in profile.requirements:
            rules[requirement["id"]] = profiles.requirement_rule(requirement)
    return rules
