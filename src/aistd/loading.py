"""Read a disclosure file into plain data, keeping what is needed to point back into the text.

YAML is read with libyaml when present; timestamps stay strings (ISO dates are text in aistd), and
positions of every value are recovered on demand, only when a finding needs a line and column.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # libyaml missing: same behaviour, slower
    _BaseLoader = yaml.SafeLoader


class DisclosureLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe YAML loader that leaves dates and times as the strings they were written as."""


DisclosureLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
# YAML 1.2 reads `1e25` and `2.34e23` as numbers; PyYAML's YAML 1.1 rules would keep them as text.
EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")
DisclosureLoader.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT_FLOAT, list("-+.0123456789"))


class LoadError(Exception):
    """A file that cannot be read as a disclosure, with where the problem is."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Document:
    """A parsed file: its data, the syntax it was written in, and its text for locating values."""

    path: str
    syntax: str
    data: Any
    text: str
    _positions: dict[str, tuple[int, int]] | None = field(default=None, repr=False)

    def position(self, pointer: str) -> tuple[int | None, int | None]:
        """The 1-based line and column of the value at a JSON pointer, or of its nearest parent."""
        if self._positions is None:
            self._positions = value_positions(self.text)
        candidate = pointer
        while True:
            if candidate in self._positions:
                return self._positions[candidate]
            if not candidate:
                return (None, None)
            candidate = candidate.rsplit("/", 1)[0]


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def value_positions(text: str) -> dict[str, tuple[int, int]]:
    """Map the JSON pointer of every node in a YAML or JSON text to its 1-based line and column."""
    positions: dict[str, tuple[int, int]] = {}
    try:
        root = yaml.compose(text, Loader=DisclosureLoader)
    except yaml.YAMLError:
        return positions
    stack: list[tuple[str, yaml.Node]] = [("", root)] if root is not None else []
    while stack:
        pointer, node = stack.pop()
        positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{pointer}/{_escape(str(key.value))}"
                positions.setdefault(child + "#key", (key.start_mark.line + 1, key.start_mark.column + 1))
                stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((f"{pointer}/{index}", item) for index, item in enumerate(node.value))
    return positions


def syntax_of(path: str, text: str) -> str:
    """'json' when the name or the first character says JSON, otherwise 'yaml'."""
    if path.endswith((".json", ".jsonld")):
        return "json"
    if path.endswith((".yaml", ".yml")):
        return "yaml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def _reject_constant(name: str) -> Any:
    raise LoadError(f"{name} is not a number JSON allows")


def parse_text(text: str, path: str) -> Document:
    """Parse YAML or JSON text into a Document, or raise LoadError with the place it broke."""
    syntax = syntax_of(path, text)
    if not text.strip():
        raise LoadError("the file is empty", 1, 1)
    if syntax == "json":
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise LoadError(f"malformed JSON: {error.msg}", error.lineno, error.colno) from None
    else:
        try:
            data = yaml.load(text, Loader=DisclosureLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            problem = error.problem or "malformed YAML"
            raise LoadError(
                f"malformed YAML: {problem}",
                None if mark is None else mark.line + 1,
                None if mark is None else mark.column + 1,
            ) from None
        except yaml.YAMLError as error:
            raise LoadError(f"malformed YAML: {error}") from None
    return Document(path=path, syntax=syntax, data=data, text=text)


def load_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one file, refusing files larger than `max_bytes` and text that is not UTF-8."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(f"the file is {size} bytes, over the {max_bytes}-byte limit")
        raw = path.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read the file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(f"the file is not UTF-8 text (byte {error.start})", line) from None
    text = text.removeprefix("\ufeff")
    return parse_text(text, str(path))
