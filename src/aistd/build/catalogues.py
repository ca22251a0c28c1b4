"""Compile the rule catalogue and the profiles (build time), after checking them against their schema.

`schema/rules.yaml` and `schema/profiles/*.yaml` are hand-edited; `schema/meta/catalogue.yaml` (LinkML)
says what they may contain. A file that breaks it stops the build with the place and the reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from aistd.build.indicator_table import parse_references


class CatalogueError(ValueError):
    """A rule or profile file that does not follow the catalogue schema."""


def catalogue_json_schema(meta_schema: Path) -> dict[str, Any]:
    """The JSON Schema of the catalogues, generated from the LinkML meta-schema."""
    from linkml.generators.jsonschemagen import JsonSchemaGenerator

    return json.loads(JsonSchemaGenerator(str(meta_schema), include_null=False, metadata=False).serialize())


def _check(document: Any, schema: dict[str, Any], definition: str | None, where: Path) -> None:
    import jsonschema_rs

    target = dict(schema) if definition is None else {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    errors = list(jsonschema_rs.validator_for(target).iter_errors(document))
    if errors:
        first = errors[0]
        path = "/".join(str(p) for p in first.instance_path)
        raise CatalogueError(f"{where.name}: /{path}: {first.message}")


def _check_references(lines: list[str], where: str) -> None:
    try:
        parse_references("\n".join(lines))
    except ValueError as error:
        raise CatalogueError(f"{where}: {error}") from None


CHECKED_STAGES = ("consistency", "cross-document")
"""Stages whose rules have a formula, a class they apply to, and a passing and a failing example."""


def _check_rule_fields(rule: dict[str, Any], where: str) -> None:
    if rule["stage"] in CHECKED_STAGES or "formula" in rule:
        missing = [key for key in ("applies_to", "formula", "passing", "failing") if key not in rule]
        if missing:
            raise CatalogueError(f"{where}: a {rule['stage']} rule needs {', '.join(missing)}")
    if rule["stage"] in CHECKED_STAGES and not rule.get("procedural"):
        from aistd.check.rules.formula import FormulaError, parse_rule

        try:
            parse_rule(rule["formula"], rule.get("let") or {})
        except FormulaError as error:
            raise CatalogueError(f"{where}: {error}") from None


def compile_rules(rules_file: Path, meta_schema: Path) -> dict[str, Any]:
    """The rule catalogue, validated, with each rule's examples merged into complete disclosures.

    Formulas are parsed here too, so that a formula the engine cannot read stops the build.
    """
    document = yaml.safe_load(rules_file.read_text(encoding="utf-8"))
    _check(document, catalogue_json_schema(meta_schema), None, rules_file)
    ids = [rule["id"] for rule in document["rules"]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogueError(f"{rules_file.name}: duplicate rule ids {duplicates}")
    base = document["example_base"]
    rules = []
    for rule in document["rules"]:
        where = f"{rules_file.name} {rule['id']}"
        _check_references(rule["references"], where)
        _check_rule_fields(rule, where)
        compiled = dict(rule)
        for kind in ("passing", "failing"):
            if kind not in rule:
                continue
            example = rule[kind]
            fragments = example["documents"] if rule["stage"] == "cross-document" else [example]
            compiled[kind] = [{**base, **fragment} for fragment in fragments]
        rules.append(compiled)
    return {"rules": rules}


def _check_computed(indicator: dict[str, Any], rules: dict[str, dict[str, Any]], where: str) -> None:
    """A computed indicator names a formula rule whose first clause is `slot = expression`."""
    from aistd.check.rules.formula import Name, Relation, parse_rule

    rule = rules.get(indicator["rule"])
    if rule is None or "formula" not in rule or rule.get("procedural"):
        raise CatalogueError(f"{where}: {indicator['rule']!r} is not a formula rule")
    claim = parse_rule(rule["formula"], rule.get("let") or {})[0].claim
    if not (isinstance(claim, Relation) and claim.operators == ("=",) and isinstance(claim.operands[0], Name)):
        raise CatalogueError(f"{where}: the first clause of {indicator['rule']} is not `slot = expression`")
    _check_references([indicator["clause"]], where)


def compile_profiles(profile_dir: Path, meta_schema: Path, rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every profile, validated; the rules they name (profile-only or computing an indicator) must exist."""
    rule_ids = set(rules)
    schema = catalogue_json_schema(meta_schema)
    profiles: dict[str, Any] = {}
    for path in sorted(profile_dir.glob("*.yaml")):
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        _check(profile, schema, "ProfileDefinition", path)
        if profile["id"] != path.stem:
            raise CatalogueError(f"{path.name}: id {profile['id']!r} differs from the file name")
        unknown = sorted(set(profile.get("rules") or []) - rule_ids)
        if unknown:
            raise CatalogueError(f"{path.name}: unknown rules {unknown}")
        _check_references(profile["references"], path.name)
        for requirement in profile["requirements"]:
            _check_references([requirement["clause"]], f"{path.name} {requirement['id']}")
        for indicator in profile.get("computes") or []:
            _check_computed(indicator, rules, f"{path.name} {indicator['id']}")
        profiles[profile["id"]] = profile
    return {"profiles": profiles}


def cited_documents(*tables: Any) -> set[str]:
    """Every document the compiled tables cite: the first part of each `references` line and each `clause`."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "references" and isinstance(value, list):
                    found.update(line.split(" | ", 1)[0] for line in value if isinstance(line, str))
                    found.update(r["document"] for r in value if isinstance(r, dict) and "document" in r)
                elif key == "clause" and isinstance(value, str):
                    found.add(value.split(" | ", 1)[0])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for table in tables:
        walk(table)
    return found


def compile_documents(register_file: Path, meta_schema: Path, cited: set[str]) -> dict[str, Any]:
    """The document register, validated: every cited document is in it, and everything in it is cited."""
    document = yaml.safe_load(register_file.read_text(encoding="utf-8"))
    _check(document, catalogue_json_schema(meta_schema), "DocumentRegister", register_file)
    entries = {entry["document"]: entry for entry in document["documents"]}
    if len(entries) != len(document["documents"]):
        raise CatalogueError(f"{register_file.name}: a document is listed twice")
    missing, unused = sorted(cited - set(entries)), sorted(set(entries) - cited)
    if missing:
        raise CatalogueError(f"{register_file.name}: cited but not in the register (add its edition): {missing}")
    if unused:
        raise CatalogueError(f"{register_file.name}: in the register but cited nowhere: {unused}")
    return {"documents": dict(sorted(entries.items()))}
