"""Warn of deprecated slots and values a disclosure uses, with what replaces them.

The build marks them in the JSON Schema (`deprecated: true`, `x-aistd-replaced-by`, `x-aistd-deprecated-values`);
this walks a document along the schema's definitions and emits `schema.deprecated` for each use. When the
schema deprecates nothing, the walk is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from aistd.knowledge.rules import finding
from aistd.knowledge.schema import ROOT_CLASS, class_of, definitions
from aistd.model.finding import Finding
from aistd.model.message import says
from aistd.model.pointer import escape

REPLACED_BY = "x-aistd-replaced-by"
DEPRECATED_VALUES = "x-aistd-deprecated-values"


def _any_deprecation(known: Mapping[str, Any]) -> bool:
    return any(
        DEPRECATED_VALUES in definition or any(p.get("deprecated") for p in definition.get("properties", {}).values())
        for definition in known.values()
    )


@cache
def _current_has_deprecations() -> bool:
    return _any_deprecation(definitions())


def deprecation_findings(data: Any, known: Mapping[str, Any] | None = None) -> list[Finding]:
    """A warning for every deprecated slot used and deprecated value written (current schema by default)."""
    if known is None:
        if not _current_has_deprecations():
            return []
        known = definitions()
    if not isinstance(data, dict):
        return []
    return list(_walk(data, ROOT_CLASS, "", known))


def _walk(data: dict[str, Any], class_name: str, pointer: str, known: Mapping[str, Any]) -> Iterator[Finding]:
    properties = known.get(class_name, {}).get("properties", {})
    for key, value in data.items():
        prop = properties.get(key) if isinstance(key, str) else None
        if prop is None:
            continue
        here = f"{pointer}/{escape(key)}"
        if prop.get("deprecated"):
            replacement = prop.get(REPLACED_BY)
            message = (
                says("the slot `{key}` is deprecated: use `{replacement}` instead", key=key, replacement=replacement)
                if replacement
                else says("the slot `{key}` is deprecated", key=key)
            )
            yield finding("schema.deprecated", message, here)
        target = class_of(prop)
        members = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, member in members:
            where = here if index is None else f"{here}/{index}"
            if isinstance(member, dict) and target in known:
                yield from _walk(member, target, where, known)
            elif isinstance(member, str) and member in known.get(target or "", {}).get(DEPRECATED_VALUES, {}):
                replacement = known[target][DEPRECATED_VALUES][member]  # type: ignore[index]
                message = (
                    says(
                        "the value `{value}` is deprecated: use `{replacement}` instead",
                        value=member,
                        replacement=replacement,
                    )
                    if replacement
                    else says("the value `{value}` is deprecated", value=member)
                )
                yield finding("schema.deprecated", message, where)
