"""The report as text: `file:line:col: severity rule: message` lines and a summary line.

Everything that comes from the inputs (file names, messages quoting keys, labels or headers, skip reasons) is
shown through `aistd.report.sanitise`: one finding is one line, and nothing in it reaches the terminal raw. A
finding said several times at one place is printed once, followed by a multiplication sign and how many times.
"""

from __future__ import annotations

from aistd.report import Report, grouped
from aistd.report.console import paint
from aistd.report.language import SKIPPED, message, repeated, summary_line, text_in
from aistd.report.sanitise import shown, shown_path


def render_text(report: Report, colour: bool = False, lang: str = "en") -> str:
    """The report as `file:line:col: severity rule: message` lines, grouped per file, with a summary; messages and
    summary in `lang` ("en" or "fr")."""
    lines: list[str] = []
    for result in report.files:
        name = shown_path(result.path)
        for f, count in grouped(result.findings):
            place = name
            if f.line is not None:
                place += f":{f.line}" + (f":{f.column}" if f.column is not None else "")
            severity = paint(f.severity.value, f.severity, enabled=colour)
            lines.append(f"{place}: {severity} {shown(f.rule)}: {shown(message(f, lang))}{repeated(count)}")
    skipped = SKIPPED.get(lang, SKIPPED["en"])
    lines.extend(f"{shown_path(path)}: {skipped}: {shown(text_in(reason, lang))}" for path, reason in report.skipped)
    lines.append(summary_line(report.summary(), lang))
    return "\n".join(lines) + "\n"
