"""The report as JUnit XML, for CI systems that show test results: one test case per validated file.

A file with error findings fails, its failure text listing them; warnings and information go to the
test case's standard output. Nothing depends on the clock, so the same report renders to the same XML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from aistd.model.finding import Finding, Severity
from aistd.report import Report
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


def _line(f: Finding) -> str:
    return xml_text(f"{_place(f)} {f.rule}: {f.message}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def junit_tree(report: Report) -> ET.Element:
    """The `<testsuites>` element of the report."""
    failures = sum(not result.valid for result in report.files)
    counts = {"tests": str(len(report.files)), "failures": str(failures), "errors": "0", "skipped": "0"}
    suites = ET.Element("testsuites", {"name": "aistd", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": SUITE_NAME, **counts})
    for result in report.files:
        case = ET.SubElement(suite, "testcase", {"classname": CLASSNAME, "name": xml_text(result.path)})
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        others = [f for f in result.findings if f.severity is not Severity.ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", {"message": _plural(len(errors), "error"), "type": "aistd"})
            failure.text = "\n".join(_line(f) for f in errors)
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{f.severity.value} {_line(f)}" for f in others)
    return suites


def render_junit(report: Report) -> str:
    """The report as a JUnit XML document: one `<testsuite>`, one `<testcase>` per file."""
    tree = junit_tree(report)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_safe(ET.tostring(tree, encoding="unicode")) + "\n"
