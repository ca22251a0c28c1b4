"""The outcome of a validation run: one result per file, and the report over them.

Renderings: `text`, `json`, `sarif`, `junit`; `console` and `progress` serve the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aistd.model.finding import Finding, Severity
from aistd.model.versions import PACKAGE_VERSION as __version__
from aistd.report.sanitise import encodable


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
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """Files under the folders given that were not validated: (path, why)."""

    @property
    def valid(self) -> bool:
        """True when every file is valid."""
        return all(result.valid for result in self.files)

    def count(self, severity: Severity) -> int:
        """How many findings of that severity the run produced."""
        return sum(f.severity is severity for result in self.files for f in result.findings)

    def at_least(self, severity: Severity) -> Report:
        """The report with only the findings of this severity or a worse one (what `--min-severity` shows)."""
        return Report(
            [
                FileResult(r.path, r.syntax, [f for f in r.findings if f.severity.rank <= severity.rank])
                for r in self.files
            ],
            self.skipped,
        )

    def worst(self) -> Severity | None:
        """The most severe finding's severity, or None without findings."""
        ranks = [f.severity for result in self.files for f in result.findings]
        return min(ranks, key=lambda s: s.rank) if ranks else None

    def summary(self) -> dict[str, int]:
        """How many files, valid files, errors, warnings and skipped files."""
        return {
            "files": len(self.files),
            "valid": sum(result.valid for result in self.files),
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "skipped": len(self.skipped),
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON report: version, one entry per file, and a summary.

        Strings are exact, except that a lone surrogate (a byte of a file name that is not UTF-8, say), which no
        UTF-8 output can carry, is written as escape text (`\\xff`): see `aistd.report.sanitise.encodable`.
        """
        return {
            "aistd_version": __version__,
            "files": [
                {
                    "path": encodable(result.path),
                    "format": result.syntax,
                    "valid": result.valid,
                    "findings": [
                        {
                            "rule": f.rule,
                            "severity": f.severity.value,
                            "message": encodable(f.message),
                            "pointer": encodable(f.pointer),
                            "line": f.line,
                            "column": f.column,
                            "references": list(f.references),
                        }
                        for f in result.findings
                    ],
                }
                for result in self.files
            ],
            "skipped": [{"path": encodable(path), "reason": encodable(reason)} for path, reason in self.skipped],
            "summary": self.summary(),
        }
