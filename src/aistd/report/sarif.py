"""The report as SARIF 2.1.0, the static-analysis format that GitHub code scanning and IDEs read.

One run, one result per finding (a finding said several times at one place is one result with its
`occurrenceCount`), every validated file listed in `run.artifacts`. Paths given
relative stay relative (with `uriBaseId` "%SRCROOT%", the repository root for code scanning);
absolute paths become `file:` URIs unless they sit under `root`. Output is sorted, so the same
findings always render to the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from aistd.model.finding import DOCS_URL, Finding, Rule, Severity
from aistd.model.versions import PACKAGE_VERSION as __version__
from aistd.report import Report, grouped
from aistd.report.language import message, title
from aistd.report.sanitise import encodable, json_safe

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "aistdFinding/v1"
GITHUB_MAX_RESULTS = 25_000
"""GitHub code scanning rejects a run with more results than this."""

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif_level(severity: Severity) -> str:
    """The SARIF level of a severity: error, warning or note."""
    return LEVELS[severity]


def artifact_uri(path: str, root: Path | None = None) -> tuple[str, str | None]:
    """A file path as a SARIF URI and its base id: relative with "%SRCROOT%", or an absolute `file:` URI."""
    pure = PurePath(path)
    if pure.is_absolute() and root is not None:
        with contextlib.suppress(ValueError):  # not beneath the root: stays absolute
            pure = Path(pure).resolve().relative_to(root.resolve())
    if pure.is_absolute():
        return Path(pure).as_uri(), None
    return quote(pure.as_posix(), safe="/", errors="surrogateescape"), SRCROOT  # a byte not UTF-8: %XX


def rule_name(rule_id: str) -> str:
    """A rule id as a PascalCase identifier, the shape SARIF asks of `reportingDescriptor.name`."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", rule_id) if part)


def fingerprint(rule: str, uri: str, pointer: str) -> str:
    """A stable hash of what a finding is about, independent of its line, so reruns match alerts."""
    digest = hashlib.sha256("\0".join((rule, uri, pointer)).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:32]


def _descriptor(rule: Rule, lang: str = "en") -> dict[str, Any]:
    full = rule.description or rule.title
    help_text = full + (f"\n\nReferences: {'; '.join(rule.references)}" if rule.references else "")
    help_text += f"\n\nDocumentation: {rule.help_uri}"
    return {
        "id": rule.id,
        "name": rule_name(rule.id) or rule.id,
        "shortDescription": {"text": title(rule.id, rule.title, lang) or rule.id},
        "fullDescription": {"text": full or rule.id},
        "helpUri": rule.help_uri,
        "help": {"text": help_text},
        "defaultConfiguration": {"level": sarif_level(rule.severity)},
        "properties": {"references": list(rule.references), "tags": [rule.id.split(".")[0]]},
    }


def _catalogue(report: Report, rules: Mapping[str, Rule]) -> list[Rule]:
    """Every known rule plus a stand-in for each rule that occurs in the report but is not known."""
    known = {rule.id: rule for rule in rules.values()}
    for result in report.files:
        for f in result.findings:
            if f.rule not in known:
                known[f.rule] = Rule(f.rule, f.rule, f.severity, references=f.references)
    return [known[rule_id] for rule_id in sorted(known)]


def _location(f: Finding, uri: str, base: str | None, index: int) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri}
    if base is not None:
        artifact["uriBaseId"] = base
    artifact["index"] = index
    line = f.line if f.line is not None and f.line >= 1 else 1
    region: dict[str, Any] = {"startLine": line}
    if f.line is not None and f.line >= 1 and f.column is not None and f.column >= 1:
        region["startColumn"] = f.column
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
    if f.pointer:
        pointer = encodable(f.pointer)
        name = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        location["logicalLocations"] = [{"name": name, "fullyQualifiedName": pointer, "kind": "value"}]
    return location


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "aistd",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": DOCS_URL,
        "rules": rules,
    }


def sarif_log(
    report: Report,
    rules: Mapping[str, Rule],
    *,
    root: Path | None = None,
    max_results: int | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The SARIF log as a dict: see `render_sarif`."""
    catalogue = _catalogue(report, rules)
    rule_index = {rule.id: index for index, rule in enumerate(catalogue)}

    artifacts: dict[str, tuple[str | None, str]] = {}
    placed: list[tuple[str, str | None, Finding, int]] = []
    for result in report.files:
        uri, base = artifact_uri(result.path, root)
        artifacts.setdefault(uri, (base, result.syntax))
        placed.extend((uri, base, f, count) for f, count in grouped(result.findings))
    order = sorted(artifacts)
    artifact_index = {uri: index for index, uri in enumerate(order)}

    def sort_key(item: tuple[str, str | None, Finding, int]) -> tuple[Any, ...]:
        uri, _, f, _ = item
        return (uri, f.line or 0, f.column or 0, f.rule, f.pointer, f.severity.rank, f.message)

    placed.sort(key=sort_key)
    omitted = 0
    if max_results is not None and len(placed) > max_results:
        keep = sorted(range(len(placed)), key=lambda i: (placed[i][2].severity.rank, i))[:max_results]
        omitted = len(placed) - max_results
        placed = [placed[i] for i in sorted(keep)]

    results: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for uri, base, f, count in placed:
        stable = fingerprint(f.rule, uri, f.pointer)
        seen[stable] = seen.get(stable, 0) + 1
        properties: dict[str, Any] = {"pointer": encodable(f.pointer)}
        if f.references:
            properties["references"] = list(f.references)
        text = encodable(message(f, lang)) or catalogue[rule_index[f.rule]].title or f.rule
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": rule_index[f.rule],
                "level": sarif_level(f.severity),
                "message": {"text": text},
                "locations": [_location(f, uri, base, artifact_index[uri])],
                "partialFingerprints": {FINGERPRINT_KEY: f"{stable}:{seen[stable]}"},
            }
            | ({"occurrenceCount": count} if count > 1 else {})
            | {"properties": properties}
        )

    run: dict[str, Any] = {"tool": {"driver": _driver([_descriptor(rule, lang) for rule in catalogue])}}
    if lang != "en":
        run["language"] = lang
    if root is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root.resolve().as_uri().rstrip("/") + "/"}}
    if omitted:
        note = f"{omitted} results were left out to stay within {max_results} results"
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [{"level": "warning", "message": {"text": note}}],
            }
        ]
    run["artifacts"] = [
        {
            "location": {"uri": uri} | ({"uriBaseId": artifacts[uri][0]} if artifacts[uri][0] else {}),
            "roles": ["analysisTarget"],
            "properties": {"format": artifacts[uri][1]},
        }
        for uri in order
    ]
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = results
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(
    report: Report,
    rules: Mapping[str, Rule],
    *,
    root: Path | None = None,
    max_results: int | None = None,
    lang: str = "en",
) -> str:
    """The report as SARIF 2.1.0 JSON.

    `rules` is the rule catalogue; a rule that occurs in the report but not there gets a stand-in.
    `root` (for instance the working directory) turns absolute paths beneath it into relative ones.
    `max_results` keeps only that many results, the most severe first, and says so in the run.
    `lang` ("en" or "fr") is the language of the results' messages and the rules' short descriptions.
    """
    log = sarif_log(report, rules, root=root, max_results=max_results, lang=lang)
    return json_safe(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def refused_log(message: str, arguments: Sequence[str]) -> dict[str, Any]:
    """A SARIF log of a run that did not start, its command line refused: no results, the reason as an error
    notification of a failed invocation (exit code 2)."""
    invocation = {
        "arguments": [encodable(argument) for argument in arguments],
        "executionSuccessful": False,
        "exitCode": 2,
        "toolExecutionNotifications": [
            {"level": "error", "message": {"text": encodable(message)}, "descriptor": {"id": "usage"}}
        ],
    }
    run = {"tool": {"driver": _driver([])}, "invocations": [invocation], "results": []}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_refused(message: str, arguments: Sequence[str]) -> str:
    """`refused_log` as SARIF 2.1.0 JSON."""
    return json_safe(json.dumps(refused_log(message, arguments), indent=2, ensure_ascii=False)) + "\n"
