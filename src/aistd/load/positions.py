"""Where each value of a YAML or JSON text sits: JSON pointer -> 1-based line and column.

JSON text is scanned token by token (fast: a finding in a JSON file is placed without building a YAML
node tree); YAML, and anything the JSON scan does not recognise, is composed with libyaml. Both give the
same places: the first character of a value (the quote of a string, the bracket of a list), and of a
key under `pointer#key`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
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
    positions: dict[str, Position] = {}
    try:
        root = yaml.compose(text, Loader=DisclosureLoader)
    except (yaml.YAMLError, RecursionError):
        return positions
    seen: set[int] = set()
    stack: list[tuple[str, yaml.Node]] = [("", root)] if root is not None else []
    while stack:
        pointer, node = stack.pop()
        if id(node) in seen:  # an alias: its target was placed already (loading refuses them anyway)
            continue
        seen.add(id(node))
        positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{pointer}/{escape(str(key.value))}"
                positions.setdefault(child + "#key", (key.start_mark.line + 1, key.start_mark.column + 1))
                stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((f"{pointer}/{index}", item) for index, item in enumerate(node.value))
    return positions


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
