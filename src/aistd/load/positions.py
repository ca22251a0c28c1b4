"""Where each value of a YAML or JSON text sits: JSON pointer -> 1-based line and column.

JSON text is scanned token by token (fast: a finding in a JSON file is placed without building a YAML
node tree), and when only a few pointers are wanted, only the way to them is walked, every other value
skipped by the standard library's C scanner. YAML, and anything the JSON scan does not recognise, is
composed with libyaml. All give the same places: the first character of a value (the quote of a string,
the bracket of a list), and of a key under `pointer#key`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Collection
from functools import cache

import yaml

from aistd.load.yaml_reader import DisclosureLoader
from aistd.model.pointer import Position, escape


@cache
def _json_token() -> re.Pattern[str]:
    """A JSON token: a string, a bracket, a colon or comma, or a bare literal (compiled on first use)."""
    return re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)


def value_positions(text: str) -> dict[str, Position]:
    """Map the JSON pointer of every node in a YAML or JSON text to its 1-based line and column."""
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        found = _json_positions(text)
        if found is not None:
            return found
    return _yaml_positions(text)


def _yaml_positions(text: str) -> dict[str, Position]:
    try:
        root = yaml.compose(text, Loader=DisclosureLoader)
    except (yaml.YAMLError, RecursionError):
        return {}
    return node_places(root, None) if root is not None else {}


def node_places(root: yaml.Node, pointers: Collection[str] | None) -> dict[str, Position]:
    """The places of a composed YAML document's values: those at the pointers (and their ancestors), or all."""
    wanted = None if pointers is None else _with_ancestors(pointers)
    positions: dict[str, Position] = {}
    seen: set[int] = set()
    stack: list[tuple[str, yaml.Node]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        if id(node) in seen:  # an alias: its target was placed already (loading refuses them anyway)
            continue
        seen.add(id(node))
        positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{pointer}/{escape(str(key.value))}"
                if wanted is None or child + "#key" in wanted:
                    positions.setdefault(child + "#key", (key.start_mark.line + 1, key.start_mark.column + 1))
                if wanted is None or child in wanted:
                    stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            children = ((f"{pointer}/{index}", item) for index, item in enumerate(node.value))
            stack.extend(child for child in children if wanted is None or child[0] in wanted)
    return positions


def json_text_places(text: str, pointers: Collection[str] | None) -> dict[str, Position]:
    """The places of a JSON text's values: those at the pointers (and their ancestors), or all."""
    found = value_positions(text) if pointers is None else json_places(text, pointers)
    return value_positions(text) if found is None else found


def _with_ancestors(pointers: Collection[str]) -> set[str]:
    """The pointers, and every pointer on the way to each."""
    return {pointer.rsplit("/", depth)[0] for pointer in pointers for depth in range(pointer.count("/") + 1)}


def _line_starts(text: str) -> list[int]:
    """The offset at which each line starts; a line ends at LF, CRLF or a lone CR (as YAML counts them)."""
    return [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]


class _Frame:
    """An open object or array of the scan: its pointer, and where the scan stands inside it."""

    __slots__ = ("array", "index", "key", "pointer")

    def __init__(self, pointer: str, array: bool) -> None:
        self.pointer, self.array, self.index, self.key = pointer, array, 0, None


def _json_positions(text: str) -> dict[str, Position] | None:
    """The places of a JSON text's values, or None when the text does not scan as one JSON value."""
    starts = _line_starts(text)
    positions: dict[str, Position] = {}
    stack: list[_Frame] = []
    expect_key = False

    def place(offset: int) -> Position:
        line = bisect_right(starts, offset)
        return (line, offset - starts[line - 1] + 1)

    for match in _json_token().finditer(text):
        token, offset = match.group(), match.start()
        if token in (",", ":"):
            if token == "," and stack:
                frame = stack[-1]
                if frame.array:
                    frame.index += 1
                else:
                    expect_key = True
            continue
        if token in ("}", "]"):
            if not stack:
                return None
            stack.pop()
            continue
        if expect_key:
            if token[0] != '"':
                return None
            key = json.loads(token) if "\\" in token else token[1:-1]
            frame = stack[-1]
            frame.key = f"{frame.pointer}/{escape(key)}"
            positions.setdefault(frame.key + "#key", place(offset))
            expect_key = False
            continue
        if not stack:
            pointer = ""
        elif stack[-1].array:
            pointer = f"{stack[-1].pointer}/{stack[-1].index}"
        else:
            pointer = stack[-1].key or ""
        positions.setdefault(pointer, place(offset))
        if token in ("{", "["):
            stack.append(_Frame(pointer, token == "["))
            expect_key = token == "{"
    return positions if not stack else None


_WHITESPACE = re.compile(r"[ \t\n\r]*")


def json_places(text: str, pointers: Collection[str]) -> dict[str, Position] | None:
    """The places of the given pointers, and of every ancestor on the way to them, in a JSON text; None when
    the text does not scan as one JSON value."""
    wanted = _with_ancestors(pointers)
    scan = json.JSONDecoder().scan_once
    found: dict[str, Position] = {}
    starts = _line_starts(text) if "\r" in text else None  # a lone CR ends a line too (as YAML counts)

    def place(offset: int) -> Position:
        if starts is None:  # a few places wanted: counting the newlines before each is cheaper than indexing all
            return (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
        line = bisect_right(starts, offset)
        return (line, offset - starts[line - 1] + 1)

    def skip(index: int) -> int:
        return _WHITESPACE.match(text, index).end()  # type: ignore[union-attr]

    def walk(index: int, pointer: str) -> int:
        """Record the value at `index` (a wanted one), walk into it where wanted, return where it ends."""
        found[pointer] = place(index)
        opening = text[index : index + 1]
        if opening not in ("{", "["):
            return scan(text, index)[1]
        closing, member = ("}", True) if opening == "{" else ("]", False)
        index, position = skip(index + 1), 0
        if text[index : index + 1] == closing:
            return index + 1
        while True:
            if member:
                key, after = json.decoder.scanstring(text, index + 1)
                child = f"{pointer}/{escape(key)}"
                if child + "#key" in wanted:
                    found[child + "#key"] = place(index)
                index = skip(skip(after) + 1)  # past the colon
            else:
                child = f"{pointer}/{position}"
            index = skip(walk(index, child) if child in wanted else scan(text, index)[1])
            position += 1
            if text[index : index + 1] == closing:
                return index + 1
            index = skip(index + 1)  # past the comma

    try:
        end = skip(walk(skip(1 if text.startswith("\ufeff") else 0), ""))
    except (StopIteration, ValueError, IndexError, RecursionError):
        return None
    return found if end == len(text) else None
