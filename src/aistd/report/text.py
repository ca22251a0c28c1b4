"""The report as text: `file:line:col: severity rule: message` lines and a summary line."""

from __future__ import annotations

from aistd.report import Report
from aistd.report.console import paint


def render_text(report: Report, colour: bool = False) -> str:
    """The report as `file:line:col: severity rule: message` lines, grouped per file, with a summary."""
    lines: list[str] = []
    for result in report.files:
        for f in result.findings:
            place = result.path
            if f.line is not None:
                place += f":{f.line}" + (f":{f.column}" if f.column is not None else "")
            severity = paint(f.severity.value, f.severity, enabled=colour)
            lines.append(f"{place}: {severity} {f.rule}: {f.message}")
    summary = report.to_dict()["summary"]
    line = (
        f"{summary['files']} files, {summary['valid']} valid, "
        f"{summary['errors']} errors, {summary['warnings']} warnings"
    )
    if report.skipped:
        lines.extend(f"{path}: skipped: {reason}" for path, reason in report.skipped)
        line += f", {len(report.skipped)} skipped"
    lines.append(line)
    return "\n".join(lines) + "\n"
