"""CycloneDX XML (1.5, 1.6, 1.7) to and from the JSON-shaped BOM the reader and the writer work on.

XML and JSON are two encodings of one CycloneDX model, but not one shape: XML wraps a JSON array in an element
(`<components><component>`), puts some fields in attributes (`bom-ref`, `type`, a property's `name`) or in an
element's own text (a property's value, a hash, an attachment), and keeps numbers as text. `PARTS` says, for every
type aistd reads or writes, which JSON key sits where in XML, in the order of the XSD sequence (the order XML must
keep when written): every field the writer produces and the reader looks at, the whole model card, the BOM's
frame and metadata, components, organisations, hashes, external references, dependencies and `properties` at each
level. Checked against the official XSDs by tests/test_cyclonedx_encodings.py.

Reading (`bom_from_xml`) also returns the line and column of every value, by JSON pointer: those of the start
tag of the element that holds it (an attribute's value: its element's, as expat gives no attribute positions; an
array: its first wrapper's). It takes text, or bytes decoded as their XML declaration says. An element outside
`PARTS` (a service, licences, evidence…) is still read, structurally (attributes and child elements as keys, a
repeated child as a list), so that the reader reports it lost rather than never seeing it; an element or attribute
of another namespace keeps its `{namespace}name` as its key (`xsi:` attributes are XML machinery, not data, and
are skipped). Differences from the JSON encoding, by nature of XML:

- `specVersion` comes from the namespace and `bomFormat` from the root element; JSON's `$schema` has no XML form.
- An empty property value, hash or attachment and an absent one are the same in XML: both are read as absent.
- A number is a number when its text is an xs:decimal: a float when it has a decimal point, else an int (so a
  JSON `1.0` comes back as `1.0` and `1` as `1`). Text of a numeric or boolean field that is not one stays text.
- Text keeps its whitespace (xs:string preserves it); text where a type has none (mixed content, which no
  CycloneDX type allows) is kept under `#text`, and an element the XSD allows once but found repeated is kept as
  a list: the reader then reports them, nothing is dropped silently.

Parsing is hostile-input safe: expat with defusedxml's guards and a DOCTYPE refused outright (so no entity of
any kind, internal or external, can be declared, let alone expanded), a size cap, a depth cap and a cap on the
number of elements and attributes. Malformed or refused XML raises ConversionError with its line and column.

Writing (`bom_to_xml`) refuses, with a ConversionError naming the JSON pointer, what it cannot write faithfully:
a key with no element in `PARTS`, a field the target version does not have (environmental considerations before
1.6, for one), a value of the wrong kind, a non-finite number, and a character XML 1.0 cannot carry at all (the
C0 controls other than tab, line feed and carriage return, U+FFFE, U+FFFF, lone surrogates) — XML 1.0 has no
escape for them, not even a character reference. Everything else is escaped where XML needs it (`<`, `&`, `>`;
`"` in attributes, which are double-quoted; a carriage return, and in attributes a tab or line feed, as character
references, since XML would normalise them away), so that reading the XML back gives the same BOM.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any
from xml.parsers import expat

from defusedxml.common import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from aistd.conversion.formats.cyclonedx.xml_parts import ATTR, MANY, ONE, PARTS, SCALARS, TEXT, WRAPPED, Part
from aistd.conversion.journal import ConversionError
from aistd.load.limits import DEFAULT_MAX_BYTES, MAX_VALUES
from aistd.model.message import Message, says
from aistd.model.pointer import Position, escape

NAMESPACE = "http://cyclonedx.org/schema/bom/"
SPEC_VERSIONS = ("1.5", "1.6", "1.7")
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MAX_XML_DEPTH = 128
"""The deepest element nesting read. A BOM's own nesting is about twice its JSON depth (each array has a wrapper
element), and the JSON loader allows 64 levels."""


_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in text.split("."))


# --- reading --------------------------------------------------------------------------------------------------


class _Node:
    """One element: its namespace, local name, attributes, children, text, and where its start tag is."""

    __slots__ = ("attributes", "children", "chunks", "column", "line", "name", "namespace")

    def __init__(self, tag: str, attributes: dict[str, str], line: int, column: int) -> None:
        self.namespace, _, self.name = tag.rpartition(" ")
        self.attributes = attributes
        self.line = line
        self.column = column
        self.children: list[_Node] = []
        self.chunks: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.chunks)


class _Tree:
    """Builds the element tree from expat's events, within the depth and count caps."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.stack: list[_Node] = []
        self.root: _Node | None = None
        self.count = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if len(self.stack) >= MAX_XML_DEPTH:
            raise _Refused(says("the XML nests elements more than {limit} deep", limit=MAX_XML_DEPTH))
        self.count += 1 + len(attributes)
        if self.count > MAX_VALUES:
            raise _Refused(says("the XML has more than {limit} elements and attributes", limit=MAX_VALUES))
        if attributes:
            attributes = {_attribute_key(k): v for k, v in attributes.items() if not k.startswith(XSI + " ")}
        node = _Node(tag, attributes, self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, _tag: str) -> None:
        self.stack.pop()

    def text(self, data: str) -> None:
        if self.stack:
            self.stack[-1].chunks.append(data)


class _Refused(Exception):
    """XML refused for a cap, raised inside an expat handler and given its position by `_parse`."""


def _attribute_key(key: str) -> str:
    namespace, _, name = key.rpartition(" ")
    return f"{{{namespace}}}{name}" if namespace else name


def _parse(text: str | bytes) -> _Node:
    """The element tree of an XML text, or ConversionError (malformed, a DOCTYPE, a cap passed). Bytes are decoded
    by expat as their byte order mark or XML declaration says (UTF-8 when neither does); text is taken as it is."""
    if len(text) > DEFAULT_MAX_BYTES:
        raise ConversionError(says("the XML is larger than {limit} characters or bytes", limit=DEFAULT_MAX_BYTES), 1, 1)
    parser = expat.ParserCreate(namespace_separator=" ")
    guard = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    tree = _Tree(parser)
    handlers = {
        # defusedxml's guards: a DOCTYPE (hence any entity declaration) and external references are refused.
        "StartDoctypeDeclHandler": guard.defused_start_doctype_decl,
        "EntityDeclHandler": guard.defused_entity_decl,
        "UnparsedEntityDeclHandler": guard.defused_unparsed_entity_decl,
        "ExternalEntityRefHandler": guard.defused_external_entity_ref_handler,
        "StartElementHandler": tree.start,
        "EndElementHandler": tree.end,
        "CharacterDataHandler": tree.text,
    }
    for name, handler in handlers.items():
        setattr(parser, name, handler)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text if isinstance(text, bytes) else text.removeprefix("\ufeff"), True)
    except expat.ExpatError as error:
        raise ConversionError(
            says("malformed XML: {detail}", detail=expat.ErrorString(error.code)), error.lineno, error.offset + 1
        ) from None
    except DefusedXmlException as error:
        doctype = "DTD" in type(error).__name__
        what = says("a DOCTYPE") if doctype else says("an entity declaration or external reference")
        message = says(
            "refused XML: {what} is not allowed in a CycloneDX BOM (entities could expand without bound "
            "or read other files)",
            what=what,
        )
        raise ConversionError(message, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1) from None
    except _Refused as error:
        message = says("refused XML: {reason}", reason=error.args[0])
        raise ConversionError(message, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1) from None
    if tree.root is None:  # expat reports "no element found" first; this keeps the type checker sure
        raise ConversionError(says("the XML has no root element"), 1, 1)
    return tree.root


def _scalar(text: str, kind: str) -> Any:
    """An element's or attribute's text as a JSON scalar of its kind; text that is not one stays text."""
    if kind == "num" or kind == "int":
        stripped = text.strip()
        if _DECIMAL.fullmatch(stripped) and len(stripped) <= 4000:
            if kind == "num" and "." in stripped:
                number = float(stripped)
                return number if math.isfinite(number) else text  # past the float range: the digits as written
            if "." not in stripped:
                return int(stripped)
        return text
    if kind == "bool":
        return {"true": True, "1": True, "false": False, "0": False}.get(text.strip(), text)
    return text


class _Reader:
    """Turns the element tree into the JSON-shaped BOM, noting where each value is."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.positions: dict[str, Position] = {}

    def place(self, pointer: str, node: _Node) -> None:
        self.positions.setdefault(pointer, (node.line, node.column))

    def key_of(self, node: _Node) -> str:
        return node.name if node.namespace == self.namespace else f"{{{node.namespace}}}{node.name}"

    def value(self, node: _Node, kind: str, pointer: str) -> Any:
        """An element as the JSON value of a kind (a scalar or a type of PARTS)."""
        self.place(pointer, node)
        if kind in SCALARS or kind == "ref":
            return node.attributes.get("ref", "") if kind == "ref" else _scalar(node.text, kind)
        if kind == "tools" and any(self.key_of(c) == "tool" for c in node.children):
            return self.wrapped([node], (("tool", "tool", ""),), pointer)
        return self.typed(node, PARTS[kind], pointer)

    def typed(self, node: _Node, parts: tuple[Part, ...], pointer: str) -> dict[str, Any]:
        """An element of a type: its parts, then whatever else it holds, read structurally."""
        result: dict[str, Any] = {}
        attributes = dict(node.attributes)
        groups = self.groups(node)
        for part in parts:
            at = f"{pointer}/{part.token}"
            if part.shape == ATTR:
                if part.name in attributes:
                    result[part.key] = _scalar(attributes.pop(part.name), part.kind)
                    self.place(at, node)
            elif part.shape == TEXT:
                text = node.text
                if text:
                    result[part.key] = _scalar(text, part.kind)
                    self.place(at, node)
            elif part.name in groups:
                result[part.key] = self.element_part(part, groups.pop(part.name), at)
        self.rest(node, attributes, groups, result, pointer, text=not any(p.shape == TEXT for p in parts))
        return result

    def element_part(self, part: Part, found: list[_Node], at: str) -> Any:
        if part.shape == WRAPPED:
            return self.wrapped(found, part.items, at)
        if part.shape == MANY or len(found) > 1:  # a repeated single element is kept, as a list
            self.place(at, found[0])
            return [self.value(node, part.kind, f"{at}/{i}") for i, node in enumerate(found)]
        return self.value(found[0], part.kind, at)

    def wrapped(self, wrappers: list[_Node], items: tuple[tuple[str, str, str], ...], at: str) -> list[Any]:
        """The items of one or more wrapper elements, as one array (an item of another name is read structurally)."""
        self.place(at, wrappers[0])
        kinds = {name: (kind, wrap) for name, kind, wrap in items}
        result: list[Any] = []
        for wrapper in wrappers:
            for child in wrapper.children:
                where = f"{at}/{len(result)}"
                kind, wrap = kinds.get(self.key_of(child), ("", ""))
                if not kind:
                    result.append({self.key_of(child): self.structure(child, where + "/" + escape(self.key_of(child)))})
                    self.place(where, child)
                elif wrap:
                    self.place(where, child)
                    result.append({wrap: self.value(child, kind, f"{where}/{escape(wrap)}")})
                else:
                    result.append(self.value(child, kind, where))
        return result

    def groups(self, node: _Node) -> dict[str, list[_Node]]:
        """The child elements by key, in document order."""
        groups: dict[str, list[_Node]] = {}
        for child in node.children:
            groups.setdefault(self.key_of(child), []).append(child)
        return groups

    def rest(
        self,
        node: _Node,
        attributes: dict[str, str],
        groups: dict[str, list[_Node]],
        result: dict[str, Any],
        pointer: str,
        *,
        text: bool,
    ) -> None:
        """What no part names, read structurally: attributes as text, child elements (a repeated one as a list),
        and the element's own text beside them when asked."""
        for key, value in attributes.items():
            result[key] = value
            self.place(f"{pointer}/{escape(key)}", node)
        for key, nodes in groups.items():
            at = f"{pointer}/{escape(key)}"
            if len(nodes) == 1:
                result[key] = self.structure(nodes[0], at)
            else:
                self.place(at, nodes[0])
                result[key] = [self.structure(n, f"{at}/{i}") for i, n in enumerate(nodes)]
        if text and node.text.strip():
            result["#text"] = node.text
            self.place(f"{pointer}/#text", node)

    def structure(self, node: _Node, pointer: str) -> Any:
        """An element outside PARTS: its text when it has neither attributes nor children, else an object."""
        self.place(pointer, node)
        if not node.attributes and not node.children:
            return node.text
        result: dict[str, Any] = {}
        self.rest(node, node.attributes, self.groups(node), result, pointer, text=True)
        return result


def bom_from_xml(text: str | bytes) -> tuple[dict[str, Any], dict[str, Position]]:
    """A CycloneDX XML BOM (text, or bytes in the encoding their XML declaration names) as the dict its JSON
    encoding would give, and the (line, column) in the XML of every value by JSON pointer. ConversionError for
    malformed or hostile XML and for a root that is not a CycloneDX `bom`."""
    root = _parse(text)
    version = root.namespace.removeprefix(NAMESPACE)
    if root.name != "bom" or not root.namespace.startswith(NAMESPACE) or not re.fullmatch(r"\d+\.\d+", version):
        found = f"{{{root.namespace}}}{root.name}" if root.namespace else root.name
        raise ConversionError(
            says(
                "not a CycloneDX XML BOM: the root element is {found}, not a bom in the {namespace}<version> namespace",
                found=found,
                namespace=NAMESPACE,
            ),
            root.line,
            root.column,
        )
    reader = _Reader(root.namespace)
    body = reader.typed(root, PARTS["bom"], "")
    bom = {"bomFormat": "CycloneDX", "specVersion": version, **body}
    for pointer in ("", "/bomFormat", "/specVersion"):
        reader.place(pointer, root)
    return bom, reader.positions


# --- writing --------------------------------------------------------------------------------------------------


def _expected(pointer: str, what: str, value: Any) -> ConversionError:
    """The error for a value not of the kind (`what`) the part needs; Python names the value's type."""
    return ConversionError(
        says("{pointer}: expected {what}, found {type}", pointer=pointer, what=what, type=type(value).__name__)
    )


def _number(value: Any, pointer: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _expected(pointer, says("a number"), value)
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ConversionError(
            says("{pointer}: {value} cannot be written (an xs:decimal is finite)", pointer=pointer, value=value)
        )
    text = format(Decimal(repr(value)), "f")  # xs:decimal has no exponent
    return text if "." in text else text + ".0"  # the point keeps it a float when read back


def _text(value: Any, kind: str, pointer: str) -> str:
    """A JSON scalar as XML text (not yet escaped), or ConversionError when it is not of its kind."""
    if kind in ("num", "int"):
        if kind == "int" and isinstance(value, float):
            raise ConversionError(says("{pointer}: expected an integer, found {value!r}", pointer=pointer, value=value))
        return _number(value, pointer)
    if kind == "bool":
        if not isinstance(value, bool):
            raise _expected(pointer, says("true or false"), value)
        return "true" if value else "false"
    if not isinstance(value, str):
        raise _expected(pointer, says("text"), value)
    bad = _NOT_XML.search(value)
    if bad:
        raise ConversionError(
            says(
                "{pointer}: U+{code:04X} cannot be written in XML 1.0 (it has no escape for that character)",
                pointer=pointer,
                code=ord(bad.group()),
            )
        )
    return value


class _Writer:
    """Writes the JSON-shaped BOM as indented XML, part by part in XSD order."""

    def __init__(self, spec_version: str) -> None:
        self.version = _version(spec_version)
        self.spec_version = spec_version
        self.lines: list[str] = []

    def element(self, name: str, value: Any, kind: str, pointer: str, depth: int) -> None:
        pad = "  " * depth
        if kind in SCALARS:
            self.lines.append(f"{pad}<{name}>{_text(value, kind, pointer).translate(_TEXT_ESCAPES)}</{name}>")
            return
        if kind == "ref":
            self.lines.append(f'{pad}<{name} ref="{self.attribute(value, "str", pointer)}"/>')
            return
        if kind == "tools" and isinstance(value, list):
            self.open_wrapped(name, value, (("tool", "tool", ""),), pointer, depth)
            return
        if not isinstance(value, dict):
            raise _expected(pointer, says("an object"), value)
        self.typed(name, value, PARTS[kind], pointer, depth)

    def attribute(self, value: Any, kind: str, pointer: str) -> str:
        return _text(value, kind, pointer).translate(_ATTRIBUTE_ESCAPES)

    def _unwritable(self, at: str, key: str, part: Part | None) -> Message:
        """Why a key cannot be written: no element for it, or none in this CycloneDX version."""
        if part is None:
            return says("{pointer}: CycloneDX XML writing has no element for {key!r}", pointer=at, key=key)
        return says(
            "{pointer}: CycloneDX {version} has no {key!r} (it came in {since})",
            pointer=at,
            version=self.spec_version,
            key=key,
            since=part.since,
        )

    def typed(self, name: str, value: dict[str, Any], parts: tuple[Part, ...], pointer: str, depth: int) -> None:
        by_key = {part.key: part for part in parts}
        for key in value:
            part = by_key.get(key)
            if part is None or _version(part.since) > self.version:
                raise ConversionError(self._unwritable(f"{pointer}/{escape(key)}", key, part))
        head = "".join(
            f' {part.name}="{self.attribute(value[part.key], part.kind, f"{pointer}/{part.token}")}"'
            for part in parts
            if part.shape == ATTR and part.key in value
        )
        text_part = next((p for p in parts if p.shape == TEXT and p.key in value), None)
        pad = "  " * depth
        if text_part is not None:
            body = _text(value[text_part.key], text_part.kind, f"{pointer}/{text_part.token}")
            self.lines.append(f"{pad}<{name}{head}>{body.translate(_TEXT_ESCAPES)}</{name}>")
            return
        children = [p for p in parts if p.shape in (ONE, MANY, WRAPPED) and p.key in value]
        if not children:
            self.lines.append(f"{pad}<{name}{head}/>")
            return
        self.lines.append(f"{pad}<{name}{head}>")
        for part in children:
            self.part(part, value[part.key], f"{pointer}/{part.token}", depth + 1)
        self.lines.append(f"{pad}</{name}>")

    def part(self, part: Part, value: Any, pointer: str, depth: int) -> None:
        if part.shape == ONE:
            self.element(part.name, value, part.kind, pointer, depth)
            return
        if not isinstance(value, list):
            raise _expected(pointer, says("an array"), value)
        if part.shape == MANY:
            for i, item in enumerate(value):
                self.element(part.name, item, part.kind, f"{pointer}/{i}", depth)
        else:
            self.open_wrapped(part.name, value, part.items, pointer, depth)

    def open_wrapped(
        self, name: str, value: list[Any], items: tuple[tuple[str, str, str], ...], pointer: str, depth: int
    ) -> None:
        """A wrapper element and its items; an item that is `{key: value}` for an item wrapped in a JSON key."""
        pad = "  " * depth
        if not value:
            self.lines.append(f"{pad}<{name}/>")
            return
        self.lines.append(f"{pad}<{name}>")
        for i, item in enumerate(value):
            at = f"{pointer}/{i}"
            wrapped = [(n, k, w) for n, k, w in items if w and isinstance(item, dict) and set(item) == {w}]
            item_name, kind, wrap = wrapped[0] if wrapped else next((n, k, w) for n, k, w in items if not w)
            if wrap:
                self.element(item_name, item[wrap], kind, f"{at}/{escape(wrap)}", depth + 1)
            else:
                self.element(item_name, item, kind, at, depth + 1)
        self.lines.append(f"{pad}</{name}>")


def bom_to_xml(bom: dict[str, Any], spec_version: str) -> str:
    """The JSON-shaped BOM as CycloneDX XML of a version (1.5, 1.6 or 1.7), valid against its XSD when the BOM is
    valid CycloneDX. `$schema`, `bomFormat` and `specVersion` are not written (the namespace says the version).
    ConversionError for what XML cannot carry faithfully (see the module's description)."""
    if spec_version not in SPEC_VERSIONS:
        versions = ", ".join(SPEC_VERSIONS)
        raise ConversionError(
            says(
                "CycloneDX {version} XML cannot be written; choose {versions}", version=spec_version, versions=versions
            )
        )
    if not isinstance(bom, dict):
        raise ConversionError(says("the BOM is not an object"))
    writer = _Writer(spec_version)
    body = {k: v for k, v in bom.items() if k not in ("$schema", "bomFormat", "specVersion")}
    writer.typed("bom", body, PARTS["bom"], "", 0)
    root = writer.lines[0]
    tag_end = len("<bom")
    writer.lines[0] = f'{root[:tag_end]} xmlns="{NAMESPACE}{spec_version}"{root[tag_end:]}'
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(writer.lines) + "\n"
