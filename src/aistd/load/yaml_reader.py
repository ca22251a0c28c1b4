"""YAML into plain JSON-compatible data with libyaml, refusing what a disclosure cannot be.

Timestamps stay text (ISO dates are text in aistd), YAML 1.2 exponent floats are numbers, aliases, custom
tags, non-string keys, duplicate keys, non-finite numbers, oversized integers, excessive depth and value
counts are each a LoadError with a stable rule id and, where one exists, a location. The checks ride on
work the parser does anyway; locating a problem in the text is done only once a problem is known.

A plain scalar that YAML 1.1 and YAML 1.2 (core schema) read as different values — 017 (octal 15, or 17),
0o17, 1_000, 1:30 (sexagesimal 90), yes, no, on, off — is kept as the text written and reported as a
`load.yaml11-literal` warning at its line and column: two readers must not take two values from one file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

import yaml

from aistd.knowledge.rules import finding
from aistd.load import limits, messages
from aistd.load.document import LoadError
from aistd.model.finding import Finding
from aistd.model.message import says
from aistd.model.pointer import escape

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


def _at(mark: Any, rule: str, message: str) -> LoadError:
    """A LoadError at a YAML mark (0-based line and column), or unplaced when there is none."""
    if mark is None:
        return LoadError(message, rule=rule)
    return LoadError(message, mark.line + 1, mark.column + 1, rule)


class _AliasFound(Exception):
    """Raised by the constructor on meeting an alias; the alias is found in the text afterwards."""


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class DisclosureLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe YAML loader for JSON-compatible data.

    Dates stay the strings they were written as; exponent floats are numbers as in YAML 1.2. It refuses
    aliases, tags that make anything but JSON values, non-string and duplicate keys, non-finite and
    over-long numbers, and nesting deeper than limits.MAX_DEPTH, each as a LoadError at the offending node.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depths: dict[yaml.Node, int] = {}
        self.literals: set[str] = set()
        """The plain scalars YAML 1.1 and YAML 1.2 read as different values, kept as text."""

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
        """The tag of a node; a plain scalar YAML 1.1 and YAML 1.2 read as different values stays text."""
        if kind is not yaml.ScalarNode:
            return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG
        if not implicit[0]:
            return _STR_TAG
        tag = _resolved_11(value)
        if (tag != _STR_TAG or value[:1] in _NUMERIC_START) and value and _readings_differ(tag, value):
            self.literals.add(value)
            return _STR_TAG
        return tag

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
            says(
                "the YAML tag {tag} is not allowed: a disclosure holds only text, numbers, "
                "booleans, null, lists and mappings",
                tag=_tag_name(node.tag),
            ),
        )

    def _child_depth(self, node: yaml.Node, child: yaml.Node) -> None:
        """Refuse an alias, and record the nesting level of a child container."""
        if child in self.constructed_objects:
            raise _AliasFound  # placed afterwards, at the first alias of the text
        if not isinstance(child, yaml.ScalarNode):
            depth = self.depths.get(node, 1) + 1
            if depth > limits.MAX_DEPTH:
                raise _at(child.start_mark, "load.too-deep", limits.TOO_DEEP)
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
                raise _AliasFound
            if key_node.tag != _STR_TAG or not isinstance(key_node, yaml.ScalarNode):
                self._refuse_key(key_node)
            key = key_node.value
            constructed[key_node] = key
            if key in mapping:
                first = next(k for k, _ in node.value if k.tag == _STR_TAG and k.value == key)
                raise _at(
                    key_node.start_mark,
                    "load.duplicate-key",
                    says(
                        "the key '{key}' appears twice in the same mapping (first at line {first})",
                        key=messages.clipped(key),
                        first=first.start_mark.line + 1,
                    ),
                )
            self._child_depth(node, value_node)
            mapping[key] = self.construct_object(value_node, False)
        return mapping

    def _refuse_key(self, key_node: yaml.Node) -> NoReturn:
        if isinstance(key_node, yaml.ScalarNode):
            kind = messages.kind_of(self.construct_object(key_node, False))  # refuses an unsupported tag first
            message = messages.key_read_as(messages.clipped(key_node.value), kind)
        else:
            kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
            message = says("{kind} is used as a key: keys must be strings", kind=messages.with_article(kind))
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
        """An integer of at most limits.MAX_INT_DIGITS digits (in any base)."""
        literal = node.value if isinstance(node, yaml.ScalarNode) else ""
        if len(literal) > limits.MAX_INT_DIGITS and len(literal.replace("_", "")) > limits.MAX_INT_DIGITS:
            raise _too_large_int(node.start_mark, literal)
        try:
            value: int = yaml.constructor.SafeConstructor.construct_yaml_int(self, node)
        except (ValueError, IndexError) as error:  # IndexError: PyYAML on an empty `!!int` scalar
            if "limit" in str(error):
                raise _too_large_int(node.start_mark, literal) from None
            message = says("'{literal}' is not an integer", literal=messages.clipped(literal))
            raise _at(node.start_mark, "load.malformed", message) from None
        if abs(value) >= limits.INT_CEILING:
            raise _too_large_int(node.start_mark, literal)
        return value

    def construct_yaml_float(self, node: yaml.Node) -> float:
        """A finite float."""
        literal = node.value if isinstance(node, yaml.ScalarNode) else ""
        try:
            value: float = yaml.constructor.SafeConstructor.construct_yaml_float(self, node)
        except (ValueError, IndexError):  # IndexError: PyYAML on an empty `!!float` scalar
            message = says("'{literal}' is not a number", literal=messages.clipped(literal))
            raise _at(node.start_mark, "load.malformed", message) from None
        if not math.isfinite(value):
            raise _at(node.start_mark, "load.non-finite", messages.non_finite_message(literal))
        return value

    def construct_yaml_bool(self, node: yaml.Node) -> bool:
        """true or false (and YAML 1.1's yes, no, on, off)."""
        try:
            return bool(yaml.constructor.SafeConstructor.construct_yaml_bool(self, node))
        except KeyError:
            message = says("'{literal}' is not a boolean", literal=messages.clipped(node.value))
            raise _at(node.start_mark, "load.malformed", message) from None


_SCANNER_LEVELS = 1000


def _scanner_too_deep(kind: str, mark: Any) -> yaml.scanner.ScannerError:
    context = f"while increasing {kind} level"
    return yaml.scanner.ScannerError(context, None, "exceeded maximum nesting depth", mark)


def _too_large_int(mark: Any, literal: str) -> LoadError:
    return _at(
        mark,
        "load.number-too-large",
        says(
            "the integer {literal} is too large: integers may have at most {digits} digits",
            literal=messages.clipped(literal, 20),
            digits=limits.MAX_INT_DIGITS,
        ),
    )


# The YAML 1.2 core schema's tags of plain scalars (YAML 1.2.2, 10.3.2); anything else is a string.
_CORE_12 = (
    (_CORE + "null", re.compile(r"^(?:~|null|Null|NULL)$")),
    (_CORE + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    (_CORE + "int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")),
    (
        _CORE + "float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
    ),
)
_NUMERIC_START = frozenset("0123456789+-.")
"""The first characters of a plain scalar YAML 1.2 reads as a number and YAML 1.1 may keep as text (0o17, 08,
-.5); every other scalar YAML 1.2 reads as anything but text is one YAML 1.1 reads as a non-string too."""
_PLAIN_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_MAX_LITERALS = 100


_SEQ_TAG, _MAP_TAG = _CORE + "seq", _CORE + "map"


def _resolved_11(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (PyYAML's implicit resolvers, less those dropped, plus YAML 1.2
    exponent floats): the resolution `yaml.resolver.BaseResolver.resolve` does, without its path resolvers."""
    for tag, pattern in DisclosureLoader.yaml_implicit_resolvers.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR_TAG


def _core_12_tag(value: str) -> str:
    return next((tag for tag, pattern in _CORE_12 if pattern.match(value)), _STR_TAG)


def _readings_differ(tag_11: str, value: str) -> bool:
    """Whether YAML 1.1 (as PyYAML resolves it, with YAML 1.2 exponent floats) and YAML 1.2's core schema read a
    plain scalar as different values. Floats, booleans and nulls that both read as such agree; integers are
    compared when written other than in plain decimal (017 is octal 15 in YAML 1.1, 17 in YAML 1.2)."""
    tag_12 = _core_12_tag(value)
    if tag_11 != tag_12:
        return True
    if tag_12 != _CORE + "int" or _PLAIN_DECIMAL.match(value):
        return False
    return _reading_11(tag_11, value) != _reading_12(tag_12, value)


def _reading_11(tag: str, value: str) -> Any:
    """The value YAML 1.1 gives a plain scalar of this tag (PyYAML's constructors)."""
    node = yaml.ScalarNode(tag, value)
    constructor = yaml.constructor.SafeConstructor
    build = {_CORE + "int": constructor.construct_yaml_int, _CORE + "float": constructor.construct_yaml_float}
    build |= {_CORE + "bool": constructor.construct_yaml_bool, _CORE + "null": constructor.construct_yaml_null}
    try:
        return build[tag](_READER, node) if tag in build else value
    except (ValueError, KeyError):
        return value


def _reading_12(tag: str, value: str) -> Any:
    """The value YAML 1.2's core schema gives a plain scalar of this tag."""
    try:
        if tag == _CORE + "int":
            base = 8 if value.startswith("0o") else 16 if value.startswith("0x") else 10
            return int(value[2:] if base != 10 else value, base)
        if tag == _CORE + "float":
            return float(value.replace("inf", "Infinity").replace("Inf", "Infinity").replace("INF", "Infinity"))
    except ValueError:
        return value
    return {_CORE + "bool": value.lower() == "true", _CORE + "null": None}.get(tag, value)


_READER = yaml.constructor.SafeConstructor()


def _reading_text(tag: str, literal: str, reading: Callable[[str, str], Any]) -> str:
    """What a YAML version reads a plain scalar as, for the warning: the value itself when the literal is short (a
    long sexagesimal or octal literal is costly to convert, and would flood the message), else its kind."""
    kinds = _KINDS
    if tag not in kinds:
        return says("text")
    if len(literal) > _SHOWN_LITERAL:
        return kinds[tag]
    value = reading(tag, literal)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return says("the boolean {value}", value=str(value).lower())
    return says("the number {value}", value=value) if isinstance(value, int | float) else kinds[tag]


_SHOWN_LITERAL = 40
_KIND_NAMES = (("bool", "boolean"), ("int", "number"), ("float", "number"))
_KINDS = {_CORE + "null": "null", **{_CORE + kind: messages.with_article(name) for kind, name in _KIND_NAMES}}


def literal_warnings(root: yaml.Node, literals: set[str]) -> list[Finding]:
    """A `load.yaml11-literal` warning at each plain scalar kept as text because YAML 1.1 and YAML 1.2 read it as
    different values (walks the node tree only when there are some)."""
    found: list[Finding] = []
    more = 0
    stack: list[tuple[str, yaml.Node]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                child = f"{pointer}/{escape(str(key.value))}"
                stack.append((child, value))
                stack.append((child, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((f"{pointer}/{index}", item) for index, item in reversed(list(enumerate(node.value))))
        elif not node.style and node.tag == _STR_TAG and node.value in literals:
            if len(found) < _MAX_LITERALS:
                found.append(_literal_warning(node, pointer))
            else:
                more += 1
    if more:
        message = says(
            "{count} more plain scalars are kept as text because YAML 1.1 and YAML 1.2 read them differently",
            count=more,
        )
        found.append(finding("load.yaml11-literal", message, "", None, None))
    return found


def _literal_warning(node: yaml.ScalarNode, pointer: str) -> Finding:
    value = node.value
    tag_11 = _resolved_11(value)
    tag_12 = _core_12_tag(value)
    literal = messages.clipped(value)
    message = says(
        "the plain scalar {literal} is kept as the text '{literal}': YAML 1.1 reads it as {reading_11}, "
        "YAML 1.2 as {reading_12}; quote it, or write a number in plain decimal and a boolean as true or false",
        literal=literal,
        reading_11=_reading_text(tag_11, value, _reading_11),
        reading_12=_reading_text(tag_12, value, _reading_12),
    )
    return finding("load.yaml11-literal", message, pointer, node.start_mark.line + 1, node.start_mark.column + 1)


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
    return _at(mark, "load.alias", messages.aliases_refused(anchor))


def _yaml_too_deep(text: str) -> LoadError:
    depth = 0
    for event in _yaml_events(text):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.MAX_DEPTH:
                return _at(event.start_mark, "load.too-deep", limits.TOO_DEEP)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return LoadError(limits.TOO_DEEP, rule="load.too-deep")


def _yaml_count_values(text: str) -> None:
    """Refuse a text of more than MAX_VALUES nodes before they are built, streaming libyaml's events."""
    count = 0
    for event in _yaml_events(text):
        if isinstance(event, yaml.NodeEvent):
            count += 1
            if count > limits.MAX_VALUES:
                raise messages.too_many_values(text, event.start_mark.index)


def _reader_error(text: str, error: yaml.reader.ReaderError) -> LoadError:
    """A bad character, placed: libyaml counts its position in UTF-8 bytes, PyYAML in characters."""
    index = error.position
    if _LIBYAML:
        index = len(text.encode("utf-8")[: error.position].decode("utf-8", errors="ignore"))
    line, column = messages.line_column(text, index)
    return LoadError(messages.character_refused(error.character, error.reason), line, column)


def compose(text: str) -> tuple[Any, yaml.Node]:
    """The data of a YAML text and its node tree (which knows where each value starts and ends), under every
    cap of the loader; raises LoadError."""
    data, root, _ = _parse_yaml(text)
    return data, root


def _parse_yaml(text: str) -> tuple[Any, yaml.Node, list[Finding]]:
    """The data of a YAML text, its node tree (which knows where each value sits), and the warnings of the
    plain scalars YAML 1.1 and YAML 1.2 read as different values (kept as text)."""
    if len(text) * 3 > limits.MAX_VALUES:  # a YAML node takes at least a third of a character: else no need
        _yaml_count_values(text)
    loader = None
    try:
        loader = DisclosureLoader(text)  # PyYAML's pure-Python reader checks the characters here
        node = loader.get_single_node()
        if node is None:
            raise LoadError(says("the file has only comments, no data"), 1, 1, "load.empty")
        if not isinstance(node, yaml.MappingNode):
            kind = "list" if isinstance(node, yaml.SequenceNode) else messages.kind_of(loader.construct_document(node))
            raise _at(
                node.start_mark,
                "load.top-level",
                says("the document is {kind}, not a mapping", kind=messages.with_article(kind)),
            )
        data = loader.construct_document(node)
        return data, node, literal_warnings(node, loader.literals) if loader.literals else []
    except _AliasFound:  # placed at the first alias in the text, not where the constructor met it
        raise _first_alias(text) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(text, error) from None
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(text, error) from None
    except yaml.YAMLError as error:
        raise LoadError(says("malformed YAML: {problem}", problem=str(error))) from None
    except RecursionError:  # the pure-Python composer recurses; libyaml stops at 1000 levels itself
        raise _yaml_too_deep(text) from None
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_error(text: str, error: yaml.MarkedYAMLError) -> LoadError:
    problem = messages.yaml_problem(error.problem)
    if "expected a single document" in (error.context or ""):
        return _at(
            error.problem_mark,
            "load.multiple-documents",
            says("the file holds more than one YAML document (a second starts here): a disclosure is one document"),
        )
    if "maximum nesting depth" in problem:
        # libyaml stops at 1000 levels, and reads ahead before it yields events: parse only what precedes.
        mark = error.problem_mark
        return _yaml_too_deep(text if mark is None else text[: mark.index])
    if problem.startswith("found undefined alias"):
        return _at(
            error.problem_mark,
            "load.alias",
            says("{problem}: aliases are not allowed in a disclosure", problem=problem),
        )
    return _at(error.problem_mark, "load.malformed", says("malformed YAML: {problem}", problem=problem))
