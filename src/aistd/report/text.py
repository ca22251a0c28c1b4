"""The report as text: `file:line:col: severity rule: message` lines and a summary line.

Everything that comes from the inputs (file names, messages quoting keys, labels or headers, skip reasons) is
shown through `aistd.report.sanitise`: one finding is one line, and nothing in it reaches the terminal raw.
"""

from __future__ import annotations

from aistd.report import Report
from aistd.report.console import paint
from aistd.report.sanitise import shown, shown_path


def render_text(report: Report, colour: bool = False) -> str:
    """The report as `file:line:col: severity rule: message` lines, grouped per file, with a summary."""
    lines: list[str] = []
    for result in report.files:
        name = shown_path(result.path)
        for f in result.findings:
            place = name
            if f.line is not None:
                place += f":{f.line}" + (f":{f.column}" if f.column is not None else "")
            severity = paint(f.severity.value, f.severity, enabled=colour)
            lines.append(f"{place}: {severity} {shown(f.rule)}: {shown(f.message)}")
    summary = report.summary()
    line = (
        f"{summary['files']} files, {summary['valid']} valid, "
        f"{summary['errors']} errors, {summary['warnings']} warnings"
    )
    if report.skipped:
        lines.extend(f"{shown_path(path)}: skipped: {shown(reason)}" for path, reason in report.skipped)
        line += f", {len(report.skipped)} skipped"
    lines.append(line)
    return "\n".join(lines) + "\n"
