"""The report as JUnit XML, for CI systems that show test results: one test case per validated file.

A file with error findings fails, its failure text listing them (a finding said several times at one place once,
with its count); warnings and information go to the test case's standard output. Each test case's `time` is how
long its file took to check, in seconds, and the suite's is their sum; with `times` off (the command line turns
them off when SOURCE_DATE_EPOCH asks for reproducible output) every time is 0, and the same report renders to the
same XML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from aistd.model.finding import Finding, Severity
from aistd.report import Report, grouped
from aistd.report.language import counted, message, repeated
from aistd.report.sanitise import encodable, xml_safe

SUITE_NAME = "aistd validate"
CLASSNAME = "aistd"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text with every character that XML 1.0 cannot carry replaced: a control character by U+FFFD, a lone
    surrogate by its escape text (`\\xff` for a byte of a file name that is not UTF-8)."""
    return _NOT_XML.sub("\ufffd", encodable(text))


def _place(f: Finding) -> str:
    if f.line is None:
        return "-"
    return f"{f.line}:{f.column}" if f.column is not None else str(f.line)


def _line(f: Finding, count: int, lang: str) -> str:
    return xml_text(f"{_place(f)} {f.rule}: {message(f, lang)}{repeated(count)}")


def seconds(value: float | None) -> str:
    """A time as JUnit writes it: seconds, to the millisecond."""
    return f"{value or 0.0:.3f}"


def junit_tree(report: Report, lang: str = "en", times: bool = True) -> ET.Element:
    """The `<testsuites>` element of the report, messages in `lang`, with each file's time when `times`."""
    failures = sum(not result.valid for result in report.files)
    total = sum(result.seconds or 0.0 for result in report.files) if times else 0.0
    counts = {"tests": str(len(report.files)), "failures": str(failures), "errors": "0", "skipped": "0"}
    counts["time"] = seconds(total)
    suites = ET.Element("testsuites", {"name": "aistd", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": SUITE_NAME, **counts})
    for result in report.files:
        spent = seconds(result.seconds if times else 0.0)
        case = ET.SubElement(suite, "testcase", {"classname": CLASSNAME, "name": xml_text(result.path), "time": spent})
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        others = [f for f in result.findings if f.severity is not Severity.ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", {"message": counted(len(errors), "errors", lang), "type": "aistd"})
            failure.text = "\n".join(_line(f, count, lang) for f, count in grouped(errors))
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{f.severity.value} {_line(f, count, lang)}" for f, count in grouped(others))
    return suites


def render_junit(report: Report, lang: str = "en", times: bool = True) -> str:
    """The report as a JUnit XML document: one `<testsuite>`, one `<testcase>` per file, each with its `time`
    (all 0 without `times`); messages in `lang`."""
    tree = junit_tree(report, lang, times)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_safe(ET.tostring(tree, encoding="unicode")) + "\n"
