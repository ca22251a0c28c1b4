"""JSON into plain data, refusing duplicate keys, NaN and infinity, oversized integers, excessive depth and
value counts, and unpaired surrogates, each as a LoadError placed in the text."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from aistd.load import limits, messages
from aistd.load.document import LoadError
from aistd.model.message import says

_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}:,]|[^\s\[\]{}:,"]+', re.S)
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


_DECODE_PROBLEMS = {
    problem.template: problem
    for problem in (
        says("Expecting value"),
        says("Expecting property name enclosed in double quotes"),
        says("Expecting ':' delimiter"),
        says("Expecting ',' delimiter"),
        says("Unterminated string starting at"),
        says("Invalid control character at"),
        says("Invalid \\escape"),
        says("Invalid \\uXXXX escape"),
        says("Extra data"),
        says("Illegal trailing comma before end of object"),
        says("Illegal trailing comma before end of array"),
    )
}
"""The problems Python's JSON decoder reports, each said in the report's language."""


class _JsonProblem(Exception):
    """Raised by a JSON hook; placed in the text afterwards."""

    def __init__(self, rule: str, message: str, token: str = "") -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.token = token


def _json_tokens(text: str) -> Iterator[re.Match[str]]:
    return _JSON_TOKEN.finditer(text)


def _reject_constant(name: str) -> Any:
    raise _JsonProblem("load.non-finite", messages.non_finite_message(name), name)


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _JsonProblem("load.non-finite", messages.non_finite_message(literal), literal)
    return value


class _DuplicateKey(Exception):
    """Raised by the object hook; the key is found in the text afterwards."""


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _DuplicateKey
    return mapping


_DECODER = json.JSONDecoder(
    parse_float=_finite_float, parse_constant=_reject_constant, object_pairs_hook=_unique_object
)


def _json_place(text: str, rule: str, message: str, found: Callable[[str], bool]) -> LoadError:
    """The error at the first bare token (not a string) for which `found` is true."""
    for match in _json_tokens(text):
        token = match.group()
        if token[0] != '"' and found(token):
            return LoadError(message, *messages.line_column(text, match.start()), rule)
    return LoadError(message, rule=rule)


def _json_duplicate(text: str) -> LoadError:
    """The second occurrence of a key in one object, placed."""
    stack: list[dict[str, int] | None] = []
    expect_key = False
    for match in _json_tokens(text):
        token = match.group()
        if token == "{":
            stack.append({})
            expect_key = True
        elif token == "[":
            stack.append(None)
        elif token in "]}":
            if stack:
                stack.pop()
        elif token == ",":
            expect_key = bool(stack) and stack[-1] is not None
        elif token[0] == '"' and expect_key and stack and (keys := stack[-1]) is not None:
            expect_key = False
            key = json.loads(token)
            if key in keys:
                line, column = messages.line_column(text, match.start())
                first, _ = messages.line_column(text, keys[key])
                message = says(
                    "the key '{key}' appears twice in the same object (first at line {first})",
                    key=messages.clipped(key),
                    first=first,
                )
                return LoadError(message, line, column, "load.duplicate-key")
            keys[key] = match.start()
    return LoadError(says("a key appears twice in the same object"), rule="load.duplicate-key")


def _json_depth(text: str) -> LoadError | None:
    """The place where nesting first passes limits.MAX_DEPTH, if it does."""
    depth = 0
    for match in _json_tokens(text):
        token = match.group()
        if token in ("{", "["):
            depth += 1
            if depth > limits.MAX_DEPTH:
                line, column = messages.line_column(text, match.start())
                return LoadError(limits.TOO_DEEP, line, column, "load.too-deep")
        elif token in ("}", "]"):
            depth -= 1
    return None


def _too_deep(data: Any) -> bool:
    """Whether parsed data nests containers more than limits.MAX_DEPTH deep (iteratively)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= limits.MAX_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False


def _json_surrogate(text: str) -> LoadError:
    for match in _json_tokens(text):
        token = match.group()
        if token[0] == '"':
            try:
                json.loads(token).encode("utf-8")
            except UnicodeEncodeError as error:
                line, column = messages.line_column(text, match.start())
                escape = f"\\u{ord(error.object[error.start]):04x}"
                message = says(
                    "the string holds an unpaired UTF-16 surrogate ({escape}): it is not Unicode text", escape=escape
                )
                return LoadError(message, line, column, "load.encoding")
            except ValueError:
                continue
    return LoadError(says("a string holds an unpaired UTF-16 surrogate"), rule="load.encoding")


def _json_count_values(text: str, brackets: int) -> None:
    """Refuse a text of more than MAX_VALUES values before it is parsed.

    A JSON text holds at most one value more than its commas and opening brackets; only when that count
    is over the limit are the ones outside strings counted.
    """
    if brackets + text.count(",") < limits.MAX_VALUES:
        return
    count = 1
    for match in _json_tokens(text):
        if match.group() in ",[{":
            count += 1
            if count > limits.MAX_VALUES:
                raise messages.too_many_values(text, match.start())


def _parse_json(text: str) -> Any:
    brackets = text.count("[") + text.count("{")
    _json_count_values(text, brackets)
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        malformed = LoadError(
            says("malformed JSON: {problem}", problem=_DECODE_PROBLEMS.get(error.msg, error.msg)),
            error.lineno,
            error.colno,
        )
        raise _json_depth(text) or malformed from None
    except _DuplicateKey:
        raise _json_duplicate(text) from None
    except _JsonProblem as problem:
        raise _json_place(text, problem.rule, problem.message, problem.token.__eq__) from None
    except RecursionError:
        raise _json_depth(text) or LoadError(limits.TOO_DEEP, rule="load.too-deep") from None
    except ValueError as error:  # Python's limit on the digits of an int
        if "limit" not in str(error):
            raise LoadError(says("malformed JSON: {problem}", problem=str(error))) from None
        raise _json_place(
            text,
            "load.number-too-large",
            says("the integer is too large: integers may have at most {digits} digits", digits=limits.MAX_INT_DIGITS),
            lambda token: len(token.lstrip("-")) > limits.MAX_INT_DIGITS,
        ) from None
    if not isinstance(data, dict):
        start = len(text) - len(text.lstrip())
        line, column = messages.line_column(text, start)
        raise LoadError(
            says("the document is {kind}, not a mapping", kind=messages.with_article(messages.kind_of(data))),
            line,
            column,
            "load.top-level",
        )
    if brackets > limits.MAX_DEPTH and _too_deep(data):
        raise _json_depth(text) or LoadError(limits.TOO_DEEP, rule="load.too-deep")
    if _MAYBE_SURROGATE.search(text):
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise _json_surrogate(text) from None
    return data
