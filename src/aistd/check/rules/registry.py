"""Where the procedural checks register: the few rules a formula cannot state (see `procedural` in the catalogue)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from aistd.knowledge.rules import RuleSpec

Issue = tuple[str, str]
"""(JSON pointer, message)."""
DocumentCheck = Callable[[dict[str, Any], RuleSpec], Iterable[Issue]]
CrossDocumentCheck = Callable[[list[dict[str, Any]], RuleSpec], Iterable[tuple[int, str, str]]]
CHECKS: dict[str, DocumentCheck] = {}
CROSS_DOCUMENT_CHECKS: dict[str, CrossDocumentCheck] = {}


def check(rule_id: str) -> Callable[[DocumentCheck], DocumentCheck]:
    """Register the check of a rule that looks at one document."""

    def register(function: DocumentCheck) -> DocumentCheck:
        CHECKS[rule_id] = function
        return function

    return register


def cross_document_check(rule_id: str) -> Callable[[CrossDocumentCheck], CrossDocumentCheck]:
    """Register the check of a rule that compares documents (and, within one document, its items)."""

    def register(function: CrossDocumentCheck) -> CrossDocumentCheck:
        CROSS_DOCUMENT_CHECKS[rule_id] = function
        return function

    return register


def items(data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    """(pointer, item) for each object in one of the disclosure's lists."""
    values = data.get(key)
    if values.__class__ is not list:
        return []
    return [(f"/{key}/{index}", item) for index, item in enumerate(values) if item.__class__ is dict]


def members(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, item) for each object in one of the disclosure's lists (pointers made only when needed)."""
    values = data.get(key)
    if values.__class__ is not list:
        return []
    return [(index, item) for index, item in enumerate(values) if item.__class__ is dict]
