"""A schema diff as text: a heading, the changes grouped by kind (one line each, in the diff's stable order), and
the counts. Text that comes from a schema is shown on one line, control characters escaped, long values cut."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aistd.evolution.changes import CHANGES, KINDS, Change, SchemaDiff

HEADINGS = {
    "class": "classes", "slot": "slots", "enum": "enums and their values", "type": "types",
    "unit": "units (slot units, unit enum codes)", "range": "ranges", "constraint": "constraints",
    "mapping": "mappings", "description": "descriptions", "annotation": "annotations",
}  # fmt: skip
MAX_VALUE = 60


def render_text(diff: SchemaDiff) -> str:
    """The diff as plain text, ending with a newline."""
    lines = [f"schema diff: {_side(diff.old, diff.old_source)} -> {_side(diff.new, diff.new_source)}"]
    for kind in KINDS:
        group = [change for change in diff.changes if change.kind == kind]
        if group:
            lines += ["", f"{HEADINGS[kind]}:"]
            lines += [f"  {change.change:<10} {line_of(change)}" for change in group]
    counts = diff.counts()
    if not counts["total"]:
        lines += ["", "no differences"]
    by_change = ", ".join(f"{counts['by_change'][c]} {c}" for c in CHANGES if counts["by_change"][c])
    by_kind = ", ".join(f"{k} {counts['by_kind'][k]}" for k in KINDS if counts["by_kind"][k])
    total = counts["total"]
    lines += ["", f"{total} change{'' if total == 1 else 's'}" + (f": {by_change}" if by_change else "")]
    if by_kind:
        lines.append(f"by kind: {by_kind}")
    return "\n".join(lines) + "\n"


def _side(version: str | None, source: str | None) -> str:
    """`0.1.0`, or `0.2.0 (current)`, or `0.2.0 (path/to/schema.yaml)`."""
    shown = printable(version) if version is not None else "(no version)"
    return shown if source in (None, version) else f"{shown} ({printable(source)})"


def line_of(change: Change) -> str:
    """What one change says, after its change word."""
    details = change.details
    name = printable(change.name)
    if change.change == "renamed":
        declared = details.get("declared_by")
        how = f"declared: {declared}" if declared else "inferred: same range, unit and description"
        return f"{name} -> {printable(details['new_name'])} ({how})"
    if change.change == "deprecated":
        replacement = details.get("replacement")
        text = f"{name} -> {printable(replacement)} ({details['replacement_type']})" if replacement else name
        return text + (f": {short(details['reason'])}" if details.get("reason") else "")
    if change.kind == "mapping":
        predicate = details["predicate"]
        if isinstance(predicate, Mapping):
            return f"{name}: {printable(details['mapping'])} {predicate['old']} -> {predicate['new']}"
        return f"{name}: {predicate} {printable(details['mapping'])}"
    if details and all(_is_pair(value) or _is_delta(value) for value in details.values()):
        return f"{name}: " + "; ".join(_property(key, value) for key, value in details.items())
    return f"{name} ({_summary(details)})" if _summary(details) else name


def _summary(details: Mapping[str, Any]) -> str:
    """An added or removed element in brief: a slot's range and unit, a class's slots, an enum's values."""
    parts = [f"{key} {short(details[key])}" for key in ("range", "unit") if key in details]
    if isinstance(details.get("slots"), list):
        parts.append(f"{len(details['slots'])} slots")
    if isinstance(details.get("values"), list):
        parts.append("values " + short(", ".join(map(str, details["values"]))))
    return ", ".join(parts)


def _is_pair(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"old", "new"}


def _is_delta(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"added", "removed"}


def _property(key: str, value: Mapping[str, Any]) -> str:
    if _is_delta(value):
        signed = [f"+{printable(s)}" for s in value["added"]] + [f"-{printable(s)}" for s in value["removed"]]
        return f"{key} " + ", ".join(signed)
    return f"{key} {short(value['old'])} -> {short(value['new'])}"


def short(value: Any) -> str:
    """A value on one line: `(none)` for nothing, JSON for structures, cut to MAX_VALUE characters."""
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = printable(" ".join(text.split()))
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 3] + "..."


def printable(value: Any) -> str:
    """Text with every control or unprintable character escaped, so that a schema cannot steer the terminal."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)
