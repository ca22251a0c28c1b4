"""The example disclosures of a consistency rule, and what `aistd validate` prints for them.

Each rule carries complete failing and passing examples; its page shows them as YAML, and the report the
validator gives for them, made here by running them through the validator (so the page cannot show a
finding the validator would not print).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from aistd.build.docs.tables import DateKeepingLoader, Tables


class _FlowDumper(yaml.SafeDumper):
    """YAML as people write disclosures: small mappings of plain values ({value, unit}) on one line."""


def _represent_mapping(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flat = len(data) <= 3 and all(isinstance(v, str | int | float | bool) and len(str(v)) < 40 for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flat)


_FlowDumper.add_representer(dict, _represent_mapping)


def yaml_text(document: Any) -> str:
    """A document as YAML, checked to read back as the very data the rule was run on."""
    text = yaml.dump(document, Dumper=_FlowDumper, sort_keys=False, allow_unicode=True, width=100)
    if yaml.load(text, Loader=DateKeepingLoader) != document:
        raise ValueError("an example does not survive its YAML rendering")
    return text


def finding_text(documents: list[tuple[str, str]], profiles: list[str], cross: bool) -> str:
    """What `aistd validate` prints for these documents (name, YAML text)."""
    from aistd.check.rules import run_cross_document_rules
    from aistd.load import parse_text
    from aistd.report import FileResult, Report
    from aistd.report.text import render_text
    from aistd.validation import check_document

    parsed = [parse_text(text, name) for name, text in documents]
    results = [FileResult(doc.path, doc.syntax, check_document(doc, profiles)) for doc in parsed]
    if cross:
        for index, finding in run_cross_document_rules([doc.data for doc in parsed]):
            results[index].findings.append(finding)
        for result in results:
            result.findings.sort(key=lambda f: (f.line or 0, f.column or 0, f.pointer, f.rule, f.message))
    return render_text(Report(results))


_FIGURE = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?) ([^\s,;]+)")
_FINDING = re.compile(r": (?:error|warning|info) ")


def _stated_units(value: Any) -> Iterator[str]:
    """The units a document states its quantities in (`{value, unit}` mappings), in document order."""
    if isinstance(value, dict):
        if "value" in value and isinstance(value.get("unit"), str):
            yield value["unit"]
        for inner in value.values():
            yield from _stated_units(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _stated_units(inner)


def _in_units(text: str, stated: list[str]) -> str:
    """The figures of a finding's message moved from the schema's unit into the first stated unit of the same
    dimension (`2e+06 kW.h` is `2 GW.h`); what the message quotes as stated (`where ...`) is left alone."""
    from aistd.knowledge.units import unit_si_scale

    scales = [(unit, unit_si_scale(unit)) for unit in dict.fromkeys(stated)]

    def moved(match: re.Match[str]) -> str:
        unit, closing = match.group(2), ""
        while unit.count(")") > unit.count("(") and unit.endswith(")"):
            unit, closing = unit[:-1], ")" + closing
        scale = unit_si_scale(unit)
        target = next((u for u, s in scales if s and scale and u != unit and s[1] == scale[1]), None)
        if scale is None or target is None:
            return match.group(0)
        factor = dict(scales)[target][0]  # type: ignore[index]
        return f"{float(match.group(1)) * scale[0] / factor:.6g} {target}{closing}"

    lines = []
    for line in text.splitlines():
        if _FINDING.search(line):
            head, where, tail = line.partition(" (where ")
            line = _FIGURE.sub(moved, head) + where + tail
        lines.append(line)
    return "\n".join(lines)


def rule_example(rule: dict[str, Any], key: str, tables: Tables) -> dict[str, Any]:
    """The `failing` or `passing` example of a rule, run through the validator, for the rule page's template:

    `documents` (file name, YAML text), `command` (the `aistd validate` command that checks them), `report`
    (what it prints), `other_findings` (whether the report names rules besides this one), `in_example_units` (the
    findings with their figures in the units the example states, when the validator shows them in others).
    """
    texts = [yaml_text(document) for document in rule[key]]
    names = [f"{key}.yaml"] if len(texts) == 1 else [f"{key}-{i}.yaml" for i in range(1, len(texts) + 1)]
    profiles = sorted(
        pid for pid, p in tables.profiles.items() if rule.get("profile_only") and rule["id"] in p.get("rules", [])
    )
    cross = rule.get("stage") == "cross-document"
    documents = list(zip(names, texts, strict=True))
    report = finding_text(documents, profiles, cross)
    options = [f"--profile {profile}" for profile in profiles] + (["--same-system"] if cross else [])
    named = {line.split(": ", 1)[1].split(":", 1)[0].split()[-1] for line in report.splitlines() if ": " in line}
    findings = "\n".join(line for line in report.splitlines() if _FINDING.search(line))
    converted = _in_units(findings, [u for document in rule[key] for u in _stated_units(document)])
    return {
        "documents": documents,
        "command": " ".join(["aistd validate", *options, *names]),
        "report": report,
        "other_findings": bool(named - {rule["id"]}),
        "in_example_units": converted if converted != findings else "",
    }
