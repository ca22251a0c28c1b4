"""The report as JSON (described by `aistd/data/report.schema.json`)."""

from __future__ import annotations

import json

from aistd.report import Report
from aistd.report.sanitise import json_safe


def render_json(report: Report, lang: str = "en") -> str:
    """The report as indented JSON, messages in `lang`; characters a terminal would obey are written as JSON
    escapes."""
    return json_safe(json.dumps(report.to_dict(lang), indent=2, ensure_ascii=False)) + "\n"
