"""The outcome of a validation run, and its renderings as text and JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aistd import __version__
from aistd.findings import Finding, Severity


@dataclass
class FileResult:
    """The findings about one input file."""

    path: str
    syntax: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)


@dataclass
class Report:
    """The findings about every input of one run."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when every file is valid."""
        return all(result.valid for result in self.files)

    def count(self, severity: Severity) -> int:
        """How many findings of that severity the run produced."""
        return sum(f.severity is severity for result in self.files for f in result.findings)

    def worst(self) -> Severity | None:
        """The most severe finding's severity, or None without findings."""
        ranks = [f.severity for result in self.files for f in result.findings]
        return min(ranks, key=lambda s: s.rank) if ranks else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON report: version, one entry per file, and a summary."""
        return {
            "aistd_version": __version__,
            "files": [
                {
                    "path": result.path,
                    "format": result.syntax,
                    "valid": result.valid,
                    "findings": [
                        {
                            "rule": f.rule,
                            "severity": f.severity.value,
                            "message": f.message,
                            "pointer": f.pointer,
                            "line": f.line,
                            "column": f.column,
                            "references": list(f.references),
                        }
                        for f in result.findings
                    ],
                }
                for result in self.files
            ],
            "summary": {
                "files": len(self.files),
                "valid": sum(result.valid for result in self.files),
                "errors": self.count(Severity.ERROR),
                "warnings": self.count(Severity.WARNING),
            },
        }


def render_json(report: Report) -> str:
    """The report as indented JSON."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_text(report: Report, colour: bool = False) -> str:
    """The report as `file:line:col: severity rule: message` lines, grouped per file, with a summary."""
    from aistd.terminal import paint

    lines: list[str] = []
    for result in report.files:
        for f in result.findings:
            place = result.path
            if f.line is not None:
                place += f":{f.line}" + (f":{f.column}" if f.column is not None else "")
            severity = paint(f.severity.value, f.severity, enabled=colour)
            lines.append(f"{place}: {severity} {f.rule}: {f.message}")
    summary = report.to_dict()["summary"]
    lines.append(
        f"{summary['files']} files, {summary['valid']} valid, "
        f"{summary['errors']} errors, {summary['warnings']} warnings"
    )
    return "\n".join(lines) + "\n"
