"""The outcome of a validation run: one result per file, and the report over them.

Renderings: `text`, `json`, `sarif`, `junit`; `console` and `progress` serve the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aistd.model.finding import Finding, Severity
from aistd.model.versions import PACKAGE_VERSION as __version__
from aistd.report.language import message, text_in
from aistd.report.sanitise import encodable


@dataclass
class FileResult:
    """The findings about one input file."""

    path: str
    syntax: str
    findings: list[Finding] = field(default_factory=list)
    seconds: float | None = field(default=None, compare=False)
    """How long the file took to check (JUnit's `time`); None when not measured."""

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
                FileResult(r.path, r.syntax, [f for f in r.findings if f.severity.rank <= severity.rank], r.seconds)
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

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON report: version, one entry per file, and a summary; messages in `lang` ("en" or "fr").

        Findings that say the same thing at the same place are one entry with their `occurrences` (when more than
        one); the summary counts every finding. Strings are exact, except that a lone surrogate (a byte of a file
        name that is not UTF-8, say), which no UTF-8 output can carry, is written as escape text (`\\xff`): see
        `aistd.report.sanitise.encodable`.
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
                            "message": encodable(message(f, lang)),
                            "pointer": encodable(f.pointer),
                            "line": f.line,
                            "column": f.column,
                            "references": list(f.references),
                        }
                        | ({"occurrences": count} if count > 1 else {})
                        for f, count in grouped(result.findings)
                    ],
                }
                for result in self.files
            ],
            "skipped": [
                {"path": encodable(path), "reason": encodable(text_in(reason, lang))} for path, reason in self.skipped
            ],
            "summary": self.summary(),
        }


def grouped(findings: Iterable[Finding]) -> list[tuple[Finding, int]]:
    """Each distinct finding once, in the order first met, with how many times it occurs: findings of the same
    rule and severity with the same message at the same line, column and pointer say one thing once."""
    counts: dict[tuple[Any, ...], list[Any]] = {}
    for f in findings:
        key = (f.rule, f.severity, f.line, f.column, f.pointer, f.message)
        if key in counts:
            counts[key][1] += 1
        else:
            counts[key] = [f, 1]
    return [(f, count) for f, count in counts.values()]
