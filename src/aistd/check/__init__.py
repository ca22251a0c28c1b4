"""Check a canonical disclosure: conformance to the JSON Schema, the consistency rules, the profiles.

Every check returns findings; none prints or raises on bad data. The SHACL path (`check.shacl`) is
opt-in and imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aistd.check.conformance import check_conformance
from aistd.check.deprecations import deprecation_findings
from aistd.check.profiles import check_profiles
from aistd.check.rules import run_rules
from aistd.knowledge import profiles
from aistd.knowledge.rules import finding
from aistd.load import Document
from aistd.model.finding import Finding
from aistd.model.message import says
from aistd.model.pointer import position_of
from aistd.model.versions import SCHEMA_VERSION

__all__ = ["check_data", "check_document", "ordered"]


def ordered(findings: list[Finding]) -> list[Finding]:
    """Findings in the order reports list them: by place, then rule and message."""
    return sorted(findings, key=lambda f: (f.line or 0, f.column or 0, f.pointer, f.rule, f.message))


def check_data(data: Any, extra_profiles: Sequence[str] = ()) -> list[Finding]:
    """Conformance, rules and profiles over parsed disclosure data (no positions)."""
    if not isinstance(data, dict):
        return [finding("load.top-level", says("the document is a {type}, not a mapping", type=type(data).__name__))]
    findings = check_conformance(data)
    if data.get("schema_version") in (None, SCHEMA_VERSION):  # an earlier release's file is told to migrate instead
        findings.extend(deprecation_findings(data))
    chosen = profiles.select([*profiles.claimed(data), *extra_profiles])
    findings.extend(run_rules(data, [rule for profile in chosen for rule in profile.rules]))
    findings.extend(check_profiles(data, chosen))
    return findings


def check_document(document: Document, extra_profiles: Sequence[str] = ()) -> list[Finding]:
    """Every finding about one parsed document, placed at its line and column."""
    found = check_data(document.data, extra_profiles)
    if not found:
        return list(document.warnings)
    places = document.places({f.pointer for f in found})
    return ordered([*document.warnings, *(f.at(*position_of(places, f.pointer)) for f in found)])
