"""The report as JSON (described by `aistd/data/report.schema.json`)."""

from __future__ import annotations

import json

from aistd.report import Report


def render_json(report: Report) -> str:
    """The report as indented JSON."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
