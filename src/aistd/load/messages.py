"""How the readers word what they refuse: the kind of a value, a clipped literal, a place in the text."""

from __future__ import annotations

from typing import Any

from aistd.load import limits
from aistd.load.document import LoadError
from aistd.model.message import Message, says


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


ARTICLED = {
    "boolean": says("a boolean"),
    "number": says("a number"),
    "string": says("a string"),
    "list": says("a list"),
    "mapping": says("a mapping"),
}
"""The JSON kinds with their article, each said in the report's language."""


def with_article(kind: str) -> str:
    """A kind with its article: 'a list', 'a number', but 'null'."""
    if kind == "null":
        return kind
    return ARTICLED.get(kind) or says("a {kind}", kind=kind)


def clipped(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def non_finite_message(literal: str) -> Message:
    if literal.strip().lstrip("+-").lower() in (".inf", ".nan", "nan", "infinity"):
        return says("{literal} is not a finite number: JSON and aistd allow only finite numbers", literal=literal)
    return says(
        "{literal} overflows to infinity: JSON and aistd allow only finite numbers", literal=clipped(literal, 20)
    )


def too_many_values(text: str, index: int) -> LoadError:
    line, column = line_column(text, index)
    return LoadError(
        says("the file holds more than {count:,} values, the most a disclosure may have", count=limits.MAX_VALUES),
        line,
        column,
        "load.too-large",
    )


def key_read_as(literal: str, kind: str) -> Message:
    """Why a YAML key written `literal` (clipped), read as a value of `kind`, is refused."""
    if not literal:
        return says(
            "the key (empty) is read as {kind}, not a string: keys must be strings (quote it: '')",
            kind=with_article(kind),
        )
    return says(
        "the key {key} is read as {kind}, not a string: keys must be strings (quote it: '{key}')",
        key=literal,
        kind=with_article(kind),
    )


def aliases_refused(anchor: str | None) -> Message:
    """Why a YAML alias (of `anchor`, when known) is refused."""
    if not anchor:
        return says("YAML aliases are not allowed in a disclosure: write the value out in full")
    return says(
        "YAML aliases (*{anchor}) are not allowed in a disclosure: write the value out in full",
        anchor=clipped(anchor, 30),
    )


def character_refused(character: Any, reason: str) -> Message:
    """Why the YAML reader refuses a character (its code point, when known), and the reader's reason."""
    if not isinstance(character, int):
        return says("malformed YAML: a character is not allowed ({reason})", reason=reason)
    return says("malformed YAML: U+{code:04X} is not allowed ({reason})", code=character, reason=reason)


YAML_PROBLEMS = {
    str(problem): problem
    for problem in (
        says("mapping values are not allowed in this context"),
        says("block sequence entries are not allowed in this context"),
        says("found character that cannot start any token"),
        says("found unexpected end of stream"),
        says("found unknown escape character"),
        says("found undefined tag handle"),
        says("found undefined alias"),
        says("found duplicate %YAML directive"),
        says("found incompatible YAML document"),
        says("found a tab character that violates indentation"),
        says("could not find expected ':'"),
        says("did not find expected key"),
        says("did not find expected '-' indicator"),
        says("did not find expected ',' or '}}'"),
        says("did not find expected ',' or ']'"),
        says("did not find expected node content"),
        says("did not find expected <document start>"),
        says("did not find expected comment or line break"),
        says("did not find expected alphabetic or numeric character"),
        says("did not find expected hexdecimal number"),
        says("did not find URI escaped octet"),
    )
}
"""The problems libyaml reports most, each said in the report's language (any other is shown as written)."""


def yaml_problem(problem: str | None) -> str:
    """The YAML parser's problem, said in the report's language when it is a known one."""
    if not problem:
        return says("malformed YAML")
    return YAML_PROBLEMS.get(problem, problem)
