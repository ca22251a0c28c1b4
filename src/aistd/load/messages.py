"""How the readers word what they refuse: the kind of a value, a clipped literal, a place in the text."""

from __future__ import annotations

from typing import Any

from aistd.load import limits
from aistd.load.document import LoadError


def kind_of(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "mapping" if isinstance(value, dict) else type(value).__name__


def with_article(kind: str) -> str:
    """A kind with its article: 'a list', 'a number', but 'null'."""
    return kind if kind == "null" else f"a {kind}"


def clipped(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def non_finite_message(literal: str) -> str:
    spelled = literal.strip().lstrip("+-").lower() in (".inf", ".nan", "nan", "infinity")
    what = f"{literal} is not a finite number" if spelled else f"{clipped(literal, 20)} overflows to infinity"
    return f"{what}: JSON and aistd allow only finite numbers"


def too_many_values(text: str, index: int) -> LoadError:
    line, column = line_column(text, index)
    return LoadError(
        f"the file holds more than {limits.MAX_VALUES:,} values, the most a disclosure may have",
        line,
        column,
        "load.too-large",
    )
