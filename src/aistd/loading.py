"""Read a disclosure file into plain data, keeping what is needed to point back into the text.

YAML is read with libyaml when present; timestamps stay strings (ISO dates are text in aistd), and
positions of every value are recovered on demand, only when a finding needs a line and column.

Loading is the gate for hostile input: whatever cannot be read as one JSON-compatible mapping of
bounded size and depth ends in a `LoadError` with a stable rule id and, where one exists, a location.
The checks ride on work the parsers do anyway (the YAML constructor, JSON hooks); locating a problem
in the text is done only once a problem is known.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from aistd.findings import Finding, Severity

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists a disclosure may have (the top-level mapping is level 1)."""
MAX_VALUES = 500_000
"""The most values (scalars, lists, mappings) a file may hold: parse time and memory grow with the count.

A large disclosure holds a few thousand; PyYAML needs about 400 bytes and 5 microseconds a value.
"""
MAX_INT_DIGITS = 4300
"""The longest integer accepted, in decimal digits: Python's default int/str conversion limit."""

_INT_CEILING = 10**MAX_INT_DIGITS
_TOO_DEEP = f"the data is nested more than {MAX_DEPTH} levels deep"

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    _LIBYAML = True
except AttributeError:  # libyaml missing: same behaviour, slower
    _BaseLoader = yaml.SafeLoader
    _LIBYAML = False

_CORE = "tag:yaml.org,2002:"
_STR_TAG = _CORE + "str"
# YAML 1.1 resolvers that make no JSON value: timestamps (dates stay text), merge keys `<<` (they need
# aliases), and the `=` value key and `!`/`&`/`*` scalars (no constructor: they would only fail).
_DROPPED_RESOLVERS = {_CORE + "timestamp", _CORE + "merge", _CORE + "value", _CORE + "yaml"}


class LoadError(Exception):
    """A file that cannot be read as a disclosure: why (a stable rule id and a message) and where."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        rule: str = "load.malformed",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.rule = rule

    def finding(self) -> Finding:
        """The error as an error finding at its line and column."""
        return Finding(self.rule, Severity.ERROR, self.message, "", self.line, self.column)


@dataclass
class Document:
    """A parsed file: its data, the syntax it was written in, and its text for locating values."""

    path: str
    syntax: str
    data: Any
    text: str
    warnings: list[Finding] = field(default_factory=list)
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


def _at(mark: Any, rule: str, message: str) -> LoadError:
    """A LoadError at a YAML mark (0-based line and column), or unplaced when there is none."""
    if mark is None:
        return LoadError(message, rule=rule)
    return LoadError(message, mark.line + 1, mark.column + 1, rule)


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _kind(value: Any) -> str:
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


def _a(kind: str) -> str:
    """A kind with its article: 'a list', 'a number', but 'null'."""
    return kind if kind == "null" else f"a {kind}"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DisclosureLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe YAML loader for JSON-compatible data.

    Dates stay the strings they were written as; exponent floats are numbers as in YAML 1.2. It refuses
    aliases, tags that make anything but JSON values, non-string and duplicate keys, non-finite and
    over-long numbers, and nesting deeper than MAX_DEPTH, each as a LoadError at the offending node.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depths: dict[yaml.Node, int] = {}

    # Only PyYAML's pure-Python scanner calls the next two: stop it at 1000 levels, as libyaml stops
    # itself, for past them its look-ahead grows quadratic.
    def fetch_flow_collection_start(self, token_class: type) -> None:
        """Open a flow collection, up to 1000 levels."""
        if self.flow_level >= _SCANNER_LEVELS:
            raise _scanner_too_deep("flow", self.get_mark())
        super().fetch_flow_collection_start(token_class)

    def add_indent(self, column: int) -> bool:
        """Open a block level, up to 1000 levels."""
        if len(self.indents) >= _SCANNER_LEVELS:
            raise _scanner_too_deep("block", self.get_mark())
        return bool(super().add_indent(column))

    def construct_undefined(self, node: yaml.Node) -> NoReturn:
        """Refuse any tag without a JSON meaning: !!binary, !!set, !!timestamp, !!python/..., !custom."""
        raise _at(
            node.start_mark,
            "load.unsupported-tag",
            f"the YAML tag {_tag_name(node.tag)} is not allowed: a disclosure holds only text, numbers, "
            "booleans, null, lists and mappings",
        )

    def _child_depth(self, node: yaml.Node, child: yaml.Node) -> None:
        """Refuse an alias, and record the nesting level of a child container."""
        if child in self.constructed_objects:
            raise _at(child.start_mark, "load.alias", "YAML aliases are not allowed")  # relocated later
        if not isinstance(child, yaml.ScalarNode):
            depth = self.depths.get(node, 1) + 1
            if depth > MAX_DEPTH:
                raise _at(child.start_mark, "load.too-deep", _TOO_DEEP)
            self.depths[child] = depth

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[str, Any]:
        """A dict with string keys, each key once."""
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        mapping: dict[str, Any] = {}
        constructed = self.constructed_objects
        for key_node, value_node in node.value:
            if key_node in constructed:
                raise _at(key_node.start_mark, "load.alias", "YAML aliases are not allowed")
            if key_node.tag != _STR_TAG or not isinstance(key_node, yaml.ScalarNode):
                self._refuse_key(key_node)
            key = key_node.value
            constructed[key_node] = key
            if key in mapping:
                first = next(k for k, _ in node.value if k.tag == _STR_TAG and k.value == key)
                raise _at(
                    key_node.start_mark,
                    "load.duplicate-key",
                    f"the key '{_clip(key)}' appears twice in the same mapping "
                    f"(first at line {first.start_mark.line + 1})",
                )
            self._child_depth(node, value_node)
            mapping[key] = self.construct_object(value_node, False)
        return mapping

    def _refuse_key(self, key_node: yaml.Node) -> NoReturn:
        if isinstance(key_node, yaml.ScalarNode):
            kind = _kind(self.construct_object(key_node, False))  # refuses an unsupported tag first
            literal = _clip(key_node.value)
            message = (
                f"the key {literal or '(empty)'} is read as {_a(kind)}, "
                f"not a string: keys must be strings (quote it: '{literal}')"
            )
        else:
            kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
            message = f"{_a(kind)} is used as a key: keys must be strings"
        raise _at(key_node.start_mark, "load.non-string-key", message)

    def construct_sequence(self, node: yaml.Node, deep: bool = False) -> list[Any]:
        """A list of the items, in order."""
        if not isinstance(node, yaml.SequenceNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a sequence node, but found {node.id}", node.start_mark
            )
        items = []
        for child in node.value:
            self._child_depth(node, child)
            items.append(self.construct_object(child, False))
        return items

    def construct_yaml_int(self, node: yaml.Node) -> int:
        """An integer of at most MAX_INT_DIGITS digits (in any base)."""
        literal = node.value if isinstance(node, yaml.ScalarNode) else ""
        if len(literal) > MAX_INT_DIGITS and len(literal.replace("_", "")) > MAX_INT_DIGITS:
            raise _too_large_int(node.start_mark, literal)
        try:
            value: int = yaml.constructor.SafeConstructor.construct_yaml_int(self, node)
        except (ValueError, IndexError) as error:  # IndexError: PyYAML on an empty `!!int` scalar
            if "limit" in str(error):
                raise _too_large_int(node.start_mark, literal) from None
            raise _at(node.start_mark, "load.malformed", f"'{_clip(literal)}' is not an integer") from None
        if abs(value) >= _INT_CEILING:
            raise _too_large_int(node.start_mark, literal)
        return value

    def construct_yaml_float(self, node: yaml.Node) -> float:
        """A finite float."""
        literal = node.value if isinstance(node, yaml.ScalarNode) else ""
        try:
            value: float = yaml.constructor.SafeConstructor.construct_yaml_float(self, node)
        except (ValueError, IndexError):  # IndexError: PyYAML on an empty `!!float` scalar
            raise _at(node.start_mark, "load.malformed", f"'{_clip(literal)}' is not a number") from None
        if not math.isfinite(value):
            raise _at(node.start_mark, "load.non-finite", _non_finite_message(literal))
        return value

    def construct_yaml_bool(self, node: yaml.Node) -> bool:
        """true or false (and YAML 1.1's yes, no, on, off)."""
        try:
            return bool(yaml.constructor.SafeConstructor.construct_yaml_bool(self, node))
        except KeyError:
            raise _at(node.start_mark, "load.malformed", f"'{_clip(node.value)}' is not a boolean") from None


_SCANNER_LEVELS = 1000


def _scanner_too_deep(kind: str, mark: Any) -> yaml.scanner.ScannerError:
    context = f"while increasing {kind} level"
    return yaml.scanner.ScannerError(context, None, "exceeded maximum nesting depth", mark)


def _too_large_int(mark: Any, literal: str) -> LoadError:
    return _at(
        mark,
        "load.number-too-large",
        f"the integer {_clip(literal, 20)} is too large: integers may have at most {MAX_INT_DIGITS} digits",
    )


def _non_finite_message(literal: str) -> str:
    spelled = literal.strip().lstrip("+-").lower() in (".inf", ".nan", "nan", "infinity")
    what = f"{literal} is not a finite number" if spelled else f"{_clip(literal, 20)} overflows to infinity"
    return f"{what}: JSON and aistd allow only finite numbers"


DisclosureLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_RESOLVERS]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
# YAML 1.2 reads `1e25` and `2.34e23` as numbers; PyYAML's YAML 1.1 rules would keep them as text.
EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")
DisclosureLoader.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT_FLOAT, list("-+.0123456789"))
# Only the constructors of JSON values; every other tag goes to construct_undefined.
_SafeConstructor = yaml.constructor.SafeConstructor
DisclosureLoader.yaml_constructors = {
    _CORE + "null": _SafeConstructor.construct_yaml_null,
    _CORE + "bool": DisclosureLoader.construct_yaml_bool,
    _CORE + "int": DisclosureLoader.construct_yaml_int,
    _CORE + "float": DisclosureLoader.construct_yaml_float,
    _CORE + "str": _SafeConstructor.construct_yaml_str,
    _CORE + "seq": _SafeConstructor.construct_yaml_seq,
    _CORE + "map": _SafeConstructor.construct_yaml_map,
    None: DisclosureLoader.construct_undefined,
}
DisclosureLoader.yaml_multi_constructors = {}


def value_positions(text: str) -> dict[str, tuple[int, int]]:
    """Map the JSON pointer of every node in a YAML or JSON text to its 1-based line and column."""
    positions: dict[str, tuple[int, int]] = {}
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


def _line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# --- YAML -------------------------------------------------------------------------------------------


def _yaml_events(text: str) -> Iterator[yaml.Event]:
    """The parse events of a text, up to where it breaks (used only to place a known problem)."""
    try:
        yield from yaml.parse(text, Loader=DisclosureLoader)
    except (yaml.YAMLError, RecursionError):
        return


def _first_alias(text: str) -> LoadError:
    for event in _yaml_events(text):
        if isinstance(event, yaml.AliasEvent):
            return _alias_error(event.start_mark, event.anchor)
    return _alias_error(None, None)


def _alias_error(mark: Any, anchor: str | None) -> LoadError:
    name = f" (*{_clip(anchor, 30)})" if anchor else ""
    return _at(
        mark,
        "load.alias",
        f"YAML aliases{name} are not allowed in a disclosure: write the value out in full",
    )


def _yaml_too_deep(text: str) -> LoadError:
    depth = 0
    for event in _yaml_events(text):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return _at(event.start_mark, "load.too-deep", _TOO_DEEP)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return LoadError(_TOO_DEEP, rule="load.too-deep")


def _too_many_values(text: str, index: int) -> LoadError:
    line, column = _line_column(text, index)
    return LoadError(
        f"the file holds more than {MAX_VALUES:,} values, the most a disclosure may have",
        line,
        column,
        "load.too-large",
    )


def _yaml_count_values(text: str) -> None:
    """Refuse a text of more than MAX_VALUES nodes before they are built, streaming libyaml's events."""
    count = 0
    for event in _yaml_events(text):
        if isinstance(event, yaml.NodeEvent):
            count += 1
            if count > MAX_VALUES:
                raise _too_many_values(text, event.start_mark.index)


def _reader_error(text: str, error: yaml.reader.ReaderError) -> LoadError:
    """A bad character, placed: libyaml counts its position in UTF-8 bytes, PyYAML in characters."""
    index = error.position
    if _LIBYAML:
        index = len(text.encode("utf-8")[: error.position].decode("utf-8", errors="ignore"))
    line, column = _line_column(text, index)
    character = f"U+{error.character:04X}" if isinstance(error.character, int) else "a character"
    return LoadError(f"malformed YAML: {character} is not allowed ({error.reason})", line, column)


def _parse_yaml(text: str) -> Any:
    if len(text) * 3 > MAX_VALUES:  # a YAML node takes at least a third of a character: else no need
        _yaml_count_values(text)
    loader = None
    try:
        loader = DisclosureLoader(text)  # PyYAML's pure-Python reader checks the characters here
        node = loader.get_single_node()
        if node is None:
            raise LoadError("the file has only comments, no data", 1, 1, "load.empty")
        if not isinstance(node, yaml.MappingNode):
            kind = "list" if isinstance(node, yaml.SequenceNode) else _kind(loader.construct_document(node))
            raise _at(node.start_mark, "load.top-level", f"the document is {_a(kind)}, not a mapping")
        return loader.construct_document(node)
    except LoadError as error:
        if error.rule == "load.alias":  # place it at the first alias in the text, not at its anchor
            raise _first_alias(text) from None
        raise
    except yaml.reader.ReaderError as error:
        raise _reader_error(text, error) from None
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(text, error) from None
    except yaml.YAMLError as error:
        raise LoadError(f"malformed YAML: {error}") from None
    except RecursionError:  # the pure-Python composer recurses; libyaml stops at 1000 levels itself
        raise _yaml_too_deep(text) from None
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_error(text: str, error: yaml.MarkedYAMLError) -> LoadError:
    problem = error.problem or "malformed YAML"
    if "expected a single document" in (error.context or ""):
        return _at(
            error.problem_mark,
            "load.multiple-documents",
            "the file holds more than one YAML document (a second starts here): a disclosure is one document",
        )
    if "maximum nesting depth" in problem:
        # libyaml stops at 1000 levels, and reads ahead before it yields events: parse only what precedes.
        mark = error.problem_mark
        return _yaml_too_deep(text if mark is None else text[: mark.index])
    if problem.startswith("found undefined alias"):
        return _at(error.problem_mark, "load.alias", f"{problem}: aliases are not allowed in a disclosure")
    return _at(error.problem_mark, "load.malformed", f"malformed YAML: {problem}")


# --- JSON -------------------------------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}:,]|[^\s\[\]{}:,"]+', re.S)
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


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
    raise _JsonProblem("load.non-finite", _non_finite_message(name), name)


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _JsonProblem("load.non-finite", _non_finite_message(literal), literal)
    return value


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _JsonProblem("load.duplicate-key", "duplicate key")
    return mapping


_DECODER = json.JSONDecoder(
    parse_float=_finite_float, parse_constant=_reject_constant, object_pairs_hook=_unique_object
)


def _json_place(text: str, rule: str, message: str, found: Callable[[str], bool]) -> LoadError:
    """The error at the first bare token (not a string) for which `found` is true."""
    for match in _json_tokens(text):
        token = match.group()
        if token[0] != '"' and found(token):
            return LoadError(message, *_line_column(text, match.start()), rule)
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
                line, column = _line_column(text, match.start())
                first, _ = _line_column(text, keys[key])
                message = f"the key '{_clip(key)}' appears twice in the same object (first at line {first})"
                return LoadError(message, line, column, "load.duplicate-key")
            keys[key] = match.start()
    return LoadError("a key appears twice in the same object", rule="load.duplicate-key")


def _json_depth(text: str) -> LoadError | None:
    """The place where nesting first passes MAX_DEPTH, if it does."""
    depth = 0
    for match in _json_tokens(text):
        token = match.group()
        if token in ("{", "["):
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _line_column(text, match.start())
                return LoadError(_TOO_DEEP, line, column, "load.too-deep")
        elif token in ("}", "]"):
            depth -= 1
    return None


def _too_deep(data: Any) -> bool:
    """Whether parsed data nests containers more than MAX_DEPTH deep (iteratively)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= MAX_DEPTH:
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
                line, column = _line_column(text, match.start())
                escape = f"\\u{ord(error.object[error.start]):04x}"
                message = f"the string holds an unpaired UTF-16 surrogate ({escape}): it is not Unicode text"
                return LoadError(message, line, column, "load.encoding")
            except ValueError:
                continue
    return LoadError("a string holds an unpaired UTF-16 surrogate", rule="load.encoding")


def _json_count_values(text: str, brackets: int) -> None:
    """Refuse a text of more than MAX_VALUES values before it is parsed.

    A JSON text holds at most one value more than its commas and opening brackets; only when that count
    is over the limit are the ones outside strings counted.
    """
    if brackets + text.count(",") < MAX_VALUES:
        return
    count = 1
    for match in _json_tokens(text):
        if match.group() in ",[{":
            count += 1
            if count > MAX_VALUES:
                raise _too_many_values(text, match.start())


def _parse_json(text: str) -> Any:
    brackets = text.count("[") + text.count("{")
    _json_count_values(text, brackets)
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        malformed = LoadError(f"malformed JSON: {error.msg}", error.lineno, error.colno)
        raise _json_depth(text) or malformed from None
    except _JsonProblem as problem:
        if problem.rule == "load.duplicate-key":
            raise _json_duplicate(text) from None
        raise _json_place(text, problem.rule, problem.message, problem.token.__eq__) from None
    except RecursionError:
        raise _json_depth(text) or LoadError(_TOO_DEEP, rule="load.too-deep") from None
    except ValueError as error:  # Python's limit on the digits of an int
        if "limit" not in str(error):
            raise LoadError(f"malformed JSON: {error}") from None
        raise _json_place(
            text,
            "load.number-too-large",
            f"the integer is too large: integers may have at most {MAX_INT_DIGITS} digits",
            lambda token: len(token.lstrip("-")) > MAX_INT_DIGITS,
        ) from None
    if not isinstance(data, dict):
        start = len(text) - len(text.lstrip())
        line, column = _line_column(text, start)
        raise LoadError(f"the document is {_a(_kind(data))}, not a mapping", line, column, "load.top-level")
    if brackets > MAX_DEPTH and _too_deep(data):
        raise _json_depth(text) or LoadError(_TOO_DEEP, rule="load.too-deep")
    if _MAYBE_SURROGATE.search(text):
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise _json_surrogate(text) from None
    return data


# --- entry points -----------------------------------------------------------------------------------


def _refuse_surrogates(text: str) -> None:
    """Refuse a str that is not Unicode text: one holding an unpaired surrogate (no file decodes to it).

    A caller may pass such a str (surrogateescape-decoded bytes, say); libyaml would fail to encode it,
    and JSON would return strings that cannot be written out.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        line, column = _line_column(text, error.start)
        code = ord(text[error.start])
        message = f"the text holds an unpaired UTF-16 surrogate (U+{code:04X}): it is not Unicode text"
        raise LoadError(message, line, column, "load.encoding") from None


def parse_text(text: str, path: str) -> Document:
    """Parse YAML or JSON text into a Document, or raise LoadError with the place it broke."""
    warnings = []
    if text.startswith("\ufeff"):
        text = text[1:]
        warnings.append(
            Finding(
                "load.bom",
                Severity.WARNING,
                "the file starts with a UTF-8 byte-order mark: it was ignored, but UTF-8 should have none",
                "",
                1,
                1,
            )
        )
    if not text or text.isspace():
        raise LoadError("the file is empty", 1, 1, "load.empty")
    if not text.isascii():
        _refuse_surrogates(text)
    syntax = syntax_of(path, text)
    data = _parse_json(text) if syntax == "json" else _parse_yaml(text)
    return Document(path=path, syntax=syntax, data=data, text=text, warnings=warnings)


_WIDE_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
)


def decode_utf8(raw: bytes) -> str:
    """The UTF-8 text of the bytes (a UTF-8 BOM is kept, for parse_text to warn of), or load.encoding."""
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            raise LoadError(f"the file is {name} text, not UTF-8: save it as UTF-8", 1, 1, "load.encoding")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = _byte_line_column(raw, nul)
        raise LoadError(
            "the file holds a NUL byte: it is binary, or UTF-16/32 without a byte-order mark, not UTF-8",
            line,
            column,
            "load.encoding",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_line_column(raw, error.start)
        raise LoadError(
            f"the file is not UTF-8 text: byte 0x{raw[error.start]:02x} at line {line}, column {column} "
            "cannot be decoded (was it saved as Latin-1 or Windows-1252?)",
            line,
            column,
            "load.encoding",
        ) from None


def _byte_line_column(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of a byte offset."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", errors="replace")) + 1


def _too_large(size: int, max_bytes: int) -> LoadError:
    return LoadError(f"the file is {size} bytes, over the {max_bytes}-byte limit", rule="load.too-large")


def load_bytes(raw: bytes, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Decode and parse the bytes of one file (or of standard input), named `path` in findings."""
    if len(raw) > max_bytes:
        raise _too_large(len(raw), max_bytes)
    return parse_text(decode_utf8(raw), path)


_OPEN_FLAGS = os.O_RDONLY
for _flag in ("O_NONBLOCK", "O_NOCTTY", "O_BINARY"):  # the ones this system has
    _OPEN_FLAGS |= getattr(os, _flag, 0)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, its size checked before it is read."""
    try:
        # Non-blocking, so that opening a FIFO returns at once and is then refused, not waited on.
        descriptor = os.open(path, _OPEN_FLAGS)
    except IsADirectoryError:
        raise LoadError("cannot read the file: it is a folder", rule="load.unreadable") from None
    except OSError as error:
        raise LoadError(f"cannot read the file: {error.strerror}", rule="load.unreadable") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise LoadError("cannot read the file: it is a folder", rule="load.unreadable")
        if not stat.S_ISREG(status.st_mode):
            raise LoadError("cannot read the file: it is not a regular file", rule="load.unreadable")
        if status.st_size > max_bytes:
            raise _too_large(status.st_size, max_bytes)
        with open(descriptor, "rb", closefd=False) as handle:
            limit = max_bytes + 1
            raw = handle.read(min(status.st_size + 1, limit))
            if status.st_size < len(raw) < limit:  # the file has grown since: read on, up to the limit
                raw += handle.read(limit - len(raw))
    except OSError as error:
        raise LoadError(f"cannot read the file: {error.strerror}", rule="load.unreadable") from None
    finally:
        os.close(descriptor)
    if len(raw) > max_bytes:
        raise _too_large(len(raw), max_bytes)
    return raw


def load_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one file, refusing files larger than `max_bytes` and text that is not UTF-8."""
    return load_bytes(read_bytes(path, max_bytes), str(path), max_bytes)
