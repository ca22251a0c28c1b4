"""A plain YAML or JSON disclosure written out as N-Triples, with the class of every node injected (SHACL
would pass untyped data vacuously) and every node named after its JSON pointer."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any
from urllib.parse import quote

from aistd.load.rdf.graph import DataGraph
from aistd.load.rdf.vocabulary import (
    ABSOLUTE_IRI,
    BOOLEAN_TYPE,
    DATA_BASE,
    ID_BASE,
    INTEGER_TYPE,
    IRI_SAFE,
    NODE_BASE,
    NUMERIC_TYPES,
    RDF_TYPE,
    RDFS_SUBCLASS_OF,
    XSD,
    Slot,
    Vocabulary,
    vocabulary,
)

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def _escape_literal(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        char = match.group()
        return _ESCAPES.get(char) or f"\\u{ord(char):04X}"

    return _NEEDS_ESCAPE.sub(replace, text)


def _literal(lexical: str, datatype: str | None) -> str:
    quoted = f'"{_escape_literal(lexical)}"'
    return quoted if datatype is None or datatype == XSD + "string" else f"{quoted}^^<{datatype}>"


def _iri(text: str) -> str:
    return f"<{quote(text, safe=IRI_SAFE)}>"


def lexical_form(value: Any, datatype: str | None = None) -> str:
    """The lexical form a JSON value takes in RDF (integral numbers without a fraction in integer slots)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
        if datatype == INTEGER_TYPE and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def _native_datatype(value: Any) -> str | None:
    """The datatype JSON-LD gives a value with no coercion: booleans, integers, doubles, or plain text."""
    if isinstance(value, bool):
        return BOOLEAN_TYPE
    if isinstance(value, int):
        return INTEGER_TYPE
    if isinstance(value, float):
        return XSD + "double"
    if isinstance(value, datetime.datetime):
        return XSD + "dateTime"
    if isinstance(value, datetime.date):
        return XSD + "date"
    return None


PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2})?")


class _Writer:
    """Writes one disclosure's triples, naming each node and remembering its JSON pointer."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.lines: list[str] = []
        self.node_pointers: dict[str, str] = {}
        self.blank_count = 0
        self.typed: set[str] = set()

    def node_term(self, obj: dict[str, Any], pointer: str, class_name: str | None, root: bool) -> str:
        """An IRI from the object's `id`; a blank node for an identified class's item without one (as
        JSON-LD gives, so `sh:nodeKind sh:IRI` sees it); otherwise an IRI minted from the JSON pointer."""
        identifier = obj.get("id")
        if isinstance(identifier, str) and identifier:
            term = _iri(identifier if ABSOLUTE_IRI.match(identifier) else ID_BASE + identifier)
        elif not root and class_name in self.vocab.identified:
            self.blank_count += 1
            return f"_:n{self.blank_count}"
        else:
            term = _iri(NODE_BASE + (pointer or "/"))
        self.node_pointers.setdefault(term[1:-1], pointer)
        return term

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"{subject} <{predicate}> {obj} .\n")

    def write_node(self, obj: dict[str, Any], pointer: str, cls: str | None, root: bool = False) -> str:
        subject = self.node_term(obj, pointer, cls, root)
        if cls is not None:
            class_iri = self.vocab.class_iri(cls)
            self.add(subject, RDF_TYPE, f"<{class_iri}>")
            if cls not in self.typed:
                self.typed.add(cls)
                for ancestor in self.vocab.ancestors.get(cls, ()):
                    self.add(f"<{class_iri}>", RDFS_SUBCLASS_OF, f"<{self.vocab.class_iri(ancestor)}>")
        slots = self.vocab.classes.get(cls or "", {})
        for name, value in obj.items():
            key = str(name)
            if key == "id" and isinstance(value, str) and value:
                continue
            slot = slots.get(key)
            predicate = slot.predicate if slot else self.vocab.predicate(key)
            child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            for item_pointer, item in items_of(value, child):
                term = self.value_term(item, item_pointer, slot)
                if term is not None:
                    self.add(subject, predicate, term)
        return subject

    def value_term(self, value: Any, pointer: str, slot: Slot | None) -> str | None:
        """The RDF term of one value in a slot; JSON's own type wins where it and the slot disagree."""
        if value is None:
            return None  # JSON-LD drops nulls
        if isinstance(value, dict):
            range_class = slot.range_class if slot is not None and slot.kind == "node" else None
            return self.write_node(value, pointer, range_class)
        if slot is None or slot.kind == "node":
            return _literal(lexical_form(value), _native_datatype(value))
        if slot.kind == "iri":
            if isinstance(value, str) and ABSOLUTE_IRI.match(value):
                return f"<{value}>"
            return _literal(lexical_form(value), _native_datatype(value))
        datatype = slot.datatype
        if isinstance(value, bool):
            return _literal(lexical_form(value), BOOLEAN_TYPE)
        if isinstance(value, int | float):
            if datatype in NUMERIC_TYPES or datatype == INTEGER_TYPE:
                return _literal(lexical_form(value, datatype), datatype)
            return _literal(lexical_form(value), _native_datatype(value))
        if isinstance(value, datetime.date | datetime.datetime):
            return _literal(lexical_form(value), datatype or _native_datatype(value))
        text = str(value)
        if datatype is None or datatype in NUMERIC_TYPES or datatype in (INTEGER_TYPE, BOOLEAN_TYPE):
            return _literal(text, None)  # a string where a number or boolean belongs stays a string
        if datatype == XSD + "date" and PARTIAL_DATE.fullmatch(text):  # a month or a year alone (a PartialDate)
            return _literal(text, XSD + ("gYear" if len(text) == 4 else "gYearMonth"))
        return _literal(text, datatype)  # dates and other lexical types take the slot's datatype


def items_of(value: Any, pointer: str) -> list[tuple[str, Any]]:
    """The values of a slot with their pointers: a list gives one value per item (nested lists flattened)."""
    if not isinstance(value, list):
        return [(pointer, value)]
    found: list[tuple[str, Any]] = []
    for index, item in enumerate(value):
        found.extend(items_of(item, f"{pointer}/{index}"))
    return found


def disclosure_graph(data: dict[str, Any]) -> DataGraph:
    """A plain YAML/JSON disclosure as N-Triples, typed for SHACL, with each node's JSON pointer."""
    writer = _Writer(vocabulary())
    writer.write_node(data, "", "Disclosure", root=True)
    return DataGraph(
        text="".join(writer.lines),
        syntax="ntriples",
        base=DATA_BASE,
        native=False,
        data=data,
        node_pointers=writer.node_pointers,
    )


# --- JSON-LD: resolve every context from the package, fetch nothing ------------------------------------
