"""The aistd terms as RDF: per-class slots with their predicates, node classes and datatypes, derived once
from the JSON Schema and the bundled JSON-LD context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from aistd.knowledge.context import bundled_context as context_terms
from aistd.knowledge.context import class_ancestors
from aistd.knowledge.schema import definitions

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
XSD = "http://www.w3.org/2001/XMLSchema#"
AISTD = "https://w3id.org/aistd/"
# The namespace the aistd context is published under; any address in it resolves to the bundled copy.
AISTD_CONTEXT_ROOTS = ("https://w3id.org/aistd", "http://w3id.org/aistd")
# Nodes without an `id` are named by their JSON pointer under this base; relative ids under the next.
NODE_BASE = "urn:aistd:node:"
ID_BASE = "urn:aistd:id:"
DATA_BASE = "urn:aistd:data/"


ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x20]*$")
IRI_SAFE = ":/?#[]@!$&'()*+,;=-._~%"
NUMERIC_TYPES = {XSD + name for name in ("float", "double", "decimal")}
INTEGER_TYPE = XSD + "integer"
BOOLEAN_TYPE = XSD + "boolean"
ANYURI_TYPE = XSD + "anyURI"


@dataclass(frozen=True)
class Slot:
    """How one slot of one class becomes RDF: its predicate, and a node class, an IRI, or a datatype."""

    name: str
    predicate: str
    kind: str  # "node" | "iri" | "literal"
    datatype: str | None = None  # full IRI; None for a plain string (enums, text)
    range_class: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The aistd terms as RDF: per-class slots, every context term's predicate, and the class hierarchy."""

    classes: dict[str, dict[str, Slot]]
    predicates: dict[str, str]
    slot_names: dict[str, str]
    vocab: str
    ancestors: dict[str, tuple[str, ...]]
    identified: frozenset[str]  # classes with an `id`: their items are named by it

    @property
    def node_slots(self) -> frozenset[str]:
        """The slots whose range is a class without an `id` (quantities, periods, locations...)."""
        return frozenset(
            name
            for slots in self.classes.values()
            for name, slot in slots.items()
            if slot.kind == "node" and slot.range_class not in self.identified
        )

    def class_iri(self, name: str) -> str:
        """The IRI of an aistd class."""
        return self.vocab + name

    def predicate(self, key: str) -> str:
        """The predicate of a key: its context term, else the `@vocab` IRI JSON-LD would give it."""
        return self.predicates.get(key) or self.vocab + quote(key, safe="")

    def slot_name(self, predicate: str) -> str:
        """The aistd slot name of a predicate IRI (the IRI itself when it is not an aistd term)."""
        if predicate in self.slot_names:
            return self.slot_names[predicate]
        return predicate.removeprefix(self.vocab) if predicate.startswith(self.vocab) else predicate


def _expand(value: str, prefixes: dict[str, str], vocab: str) -> str:
    """A compact IRI or term IRI of the context expanded to a full IRI."""
    prefix, sep, local = value.partition(":")
    if sep and prefix in prefixes:
        return prefixes[prefix] + local
    if sep and ABSOLUTE_IRI.match(value):
        return value
    return vocab + value


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary, derived once per process from the JSON Schema `$defs` and the JSON-LD context."""
    context = context_terms()
    vocab = context.get("@vocab", AISTD)
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}
    predicates: dict[str, str] = {}
    datatypes: dict[str, str | None] = {}
    for term, definition in context.items():
        if term.startswith("@") or isinstance(definition, str):
            continue
        if not isinstance(definition, dict) or "@id" not in definition or definition["@id"].startswith("@"):
            continue
        predicates[term] = _expand(definition["@id"], prefixes, vocab)
        kind = definition.get("@type")
        datatypes[term] = kind if kind == "@id" or kind is None else _expand(kind, prefixes, vocab)
    defs = definitions()
    class_names = {name for name, spec in defs.items() if "properties" in spec}
    classes: dict[str, dict[str, Slot]] = {}
    for name in sorted(class_names):
        slots: dict[str, Slot] = {}
        for slot_name, spec in defs[name]["properties"].items():
            if slot_name == "id":
                continue  # the node's own name ("id": "@id"), not a property
            ref = spec.get("$ref") or (spec.get("items") or {}).get("$ref") or ""
            target = ref.rsplit("/", 1)[-1]
            predicate = predicates.get(slot_name) or vocab + slot_name
            datatype = datatypes.get(slot_name)
            if target in class_names:
                slots[slot_name] = Slot(slot_name, predicate, "node", range_class=target)
            elif datatype == ANYURI_TYPE or (datatype == "@id" and spec.get("format") == "uri"):
                slots[slot_name] = Slot(slot_name, predicate, "iri")
            else:
                plain = datatype in (None, "@id", XSD + "string")
                slots[slot_name] = Slot(slot_name, predicate, "literal", None if plain else datatype)
        classes[name] = slots
    return Vocabulary(
        classes=classes,
        predicates=predicates,
        slot_names={iri: term for term, iri in sorted(predicates.items(), reverse=True)},
        vocab=vocab,
        ancestors=class_ancestors(),
        identified=frozenset(name for name in class_names if "id" in defs[name]["properties"]),
    )
