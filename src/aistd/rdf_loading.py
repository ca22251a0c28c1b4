"""Turn a disclosure into an RDF data graph for SHACL, with no network and no file access beyond the input.

Three kinds of input:

- RDF text (Turtle, N-Triples, RDF/XML) is passed on as written; nothing it names (`owl:imports`) is read.
- JSON-LD gets every `@context` resolved here, before any parser sees it: the aistd context (its
  w3id.org address, or the bundled file's name) is replaced by the package's own copy inlined, and any
  other context, remote or `file:`, becomes a finding and stops the file. Nothing is ever fetched.
- A plain YAML or JSON disclosure has no `@type`, so SHACL would pass it vacuously. It is written out as
  N-Triples with types injected: the root is an `aistd:Disclosure`, and each nested object gets the class
  of its slot's range (from the JSON Schema `$defs`). Predicates and datatypes come from the JSON-LD
  context, so the graph is the one JSON-LD would give, except that JSON's own types are kept (a string
  where a number belongs stays a string) and every node is named, so each result maps back to a JSON pointer.

Only the standard library is imported here; the RDF libraries live behind `aistd.rdf_validation`.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

from aistd import resources
from aistd.findings import Finding, Severity
from aistd.loading import DEFAULT_MAX_BYTES, Document, LoadError, load_path

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
XSD = "http://www.w3.org/2001/XMLSchema#"
AISTD = "https://w3id.org/aistd/"
# The namespace the aistd context is published under; any address in it resolves to the bundled copy.
AISTD_CONTEXT_ROOTS = ("https://w3id.org/aistd", "http://w3id.org/aistd")
BUNDLED_CONTEXT_NAME = resources.JSONLD_CONTEXT.name
# Nodes without an `id` are named by their JSON pointer under this base; relative ids under the next.
NODE_BASE = "urn:aistd:node:"
ID_BASE = "urn:aistd:id:"
DATA_BASE = "urn:aistd:data/"

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".rdf": "rdfxml"}
NATIVE_RDF_SYNTAXES = ("turtle", "ntriples", "rdfxml")
SYNTAXES = (*NATIVE_RDF_SYNTAXES, "jsonld", "yaml", "json")

ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x20]*$")
IRI_SAFE = ":/?#[]@!$&'()*+,;=-._~%"
NUMERIC_TYPES = {XSD + name for name in ("float", "double", "decimal")}
INTEGER_TYPE = XSD + "integer"
BOOLEAN_TYPE = XSD + "boolean"
ANYURI_TYPE = XSD + "anyURI"


def is_rdf_path(path: Path | str) -> bool:
    """True for the file suffixes the RDF path reads as RDF: .ttl, .nt, .jsonld and .rdf (RDF/XML)."""
    return Path(path).suffix.lower() in RDF_SUFFIXES


@dataclass
class DataGraph:
    """A data graph ready for a SHACL engine: its text and syntax, and how to point back into the input."""

    text: str
    syntax: str  # turtle | ntriples | rdfxml | jsonld
    base: str
    native: bool  # True for RDF the user wrote (Turtle, JSON-LD...), False for converted YAML/JSON
    data: Any = None
    node_pointers: dict[str, str] = field(default_factory=dict)
    document: Document | None = None
    warnings: list[Finding] = field(default_factory=list)  # what the loader noticed (a byte-order mark...)

    def position(self, pointer: str) -> tuple[int | None, int | None]:
        """The line and column of a JSON pointer in the input file, when it was YAML or JSON."""
        return self.document.position(pointer) if self.document is not None else (None, None)


class RdfLoadError(Exception):
    """An input that cannot become a data graph; carries the findings that say why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings


# --- the vocabulary: slots, predicates, datatypes and ranges ------------------------------------------


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


@lru_cache(maxsize=1)
def bundled_context() -> dict[str, Any]:
    """The bundled aistd context (the value of its `@context`), with `uri` slots made IRIs.

    gen-jsonld-context types `uri` slots (model_card, url, statement) as `xsd:anyURI` literals while
    gen-shacl requires IRIs there (`sh:nodeKind sh:IRI`); the context is corrected here so that a valid
    JSON-LD disclosure conforms.
    """
    context = json.loads(resources.JSONLD_CONTEXT.read_text(encoding="utf-8"))["@context"]
    for term, definition in context.items():
        if isinstance(definition, dict) and definition.get("@type") == "xsd:anyURI":
            context[term] = {**definition, "@type": "@id"}
    return context


def _expand(value: str, prefixes: dict[str, str], vocab: str) -> str:
    """A compact IRI or term IRI of the context expanded to a full IRI."""
    prefix, sep, local = value.partition(":")
    if sep and prefix in prefixes:
        return prefixes[prefix] + local
    if sep and ABSOLUTE_IRI.match(value):
        return value
    return vocab + value


def _class_ancestors() -> dict[str, tuple[str, ...]]:
    """Each class's `is_a` and `mixins` parents from the merged schema (transitively); empty without any."""
    text = resources.MERGED_SCHEMA.read_text(encoding="utf-8")
    if not re.search(r"^\s+(is_a|mixins):", text, flags=re.MULTILINE):
        return {}
    import yaml

    from aistd.loading import DisclosureLoader

    classes = (yaml.load(text, Loader=DisclosureLoader) or {}).get("classes") or {}
    parents = {
        name: [p for p in [spec.get("is_a"), *(spec.get("mixins") or [])] if p]
        for name, spec in classes.items()
        if isinstance(spec, dict)
    }
    closure: dict[str, tuple[str, ...]] = {}
    for name in parents:
        seen: list[str] = []
        stack = list(parents[name])
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.append(parent)
                stack.extend(parents.get(parent, []))
        if seen:
            closure[name] = tuple(seen)
    return closure


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary, derived once per process from the JSON Schema `$defs` and the JSON-LD context."""
    context = bundled_context()
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
    defs = json.loads(resources.JSON_SCHEMA.read_text(encoding="utf-8"))["$defs"]
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
        ancestors=_class_ancestors(),
        identified=frozenset(name for name in class_names if "id" in defs[name]["properties"]),
    )


# --- YAML/JSON disclosure -> N-Triples -----------------------------------------------------------------

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
            for item_pointer, item in _items(value, child):
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
        return _literal(text, datatype)  # dates and other lexical types take the slot's datatype


def _items(value: Any, pointer: str) -> list[tuple[str, Any]]:
    """The values of a slot with their pointers: a list gives one value per item (nested lists flattened)."""
    if not isinstance(value, list):
        return [(pointer, value)]
    found: list[tuple[str, Any]] = []
    for index, item in enumerate(value):
        found.extend(_items(item, f"{pointer}/{index}"))
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


def is_aistd_context(reference: str) -> bool:
    """True for a reference to the aistd context: its w3id.org address, the bundled file's bare name, or
    the bundled file's own `file:` URL (answered from memory, not read)."""
    if reference in AISTD_CONTEXT_ROOTS or reference.startswith(tuple(f"{r}/" for r in AISTD_CONTEXT_ROOTS)):
        return True
    if reference == BUNDLED_CONTEXT_NAME:
        return True
    return reference == resources.JSONLD_CONTEXT.resolve().as_uri()


def _remote_context(reference: Any, pointer: str) -> Finding:
    kind = "file" if str(reference).startswith("file:") else "remote"
    return Finding(
        "rdf.remote-context",
        Severity.ERROR,
        f"{pointer or 'the document'}: the JSON-LD context {str(reference)!r} is not the aistd context; "
        f"the RDF path reads no {kind} context (inline it, or use https://w3id.org/aistd/)",
        pointer,
    )


def _resolve_context(value: Any, pointer: str, findings: list[Finding]) -> Any:
    """A context value with aistd references replaced by the bundled context; others become findings."""
    if isinstance(value, str):
        if is_aistd_context(value):
            return bundled_context()
        findings.append(_remote_context(value, pointer))
        return {}
    if isinstance(value, list):
        return [_resolve_context(item, f"{pointer}/{i}", findings) for i, item in enumerate(value)]
    if isinstance(value, dict):
        resolved: dict[str, Any] = {}
        imported = value.get("@import")
        if imported is not None:
            if isinstance(imported, str) and is_aistd_context(imported):
                resolved.update(bundled_context())
            else:
                findings.append(_remote_context(imported, f"{pointer}/@import"))
        for key, item in value.items():
            if key == "@import":
                continue
            resolved[key] = _resolve_contexts_in(item, f"{pointer}/{key}", findings)
        return resolved
    return value


def _resolve_contexts_in(value: Any, pointer: str, findings: list[Finding]) -> Any:
    """The document with every `@context` (top-level, embedded, or scoped in a term) resolved."""
    if isinstance(value, list):
        return [_resolve_contexts_in(item, f"{pointer}/{i}", findings) for i, item in enumerate(value)]
    if not isinstance(value, dict):
        return value
    resolved: dict[str, Any] = {}
    for key, item in value.items():
        child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
        if key == "@context":
            resolved[key] = _resolve_context(item, child, findings)
        else:
            resolved[key] = _resolve_contexts_in(item, child, findings)
    return resolved


def resolve_jsonld(document: Any) -> tuple[Any, list[Finding]]:
    """A JSON-LD document whose contexts are all inline, and a finding for each one left unresolved."""
    findings: list[Finding] = []
    resolved = _resolve_contexts_in(document, "", findings)
    return resolved, findings


def _resolve_iri(base: str, reference: str) -> str:
    """A node's IRI as a JSON-LD processor resolves it against the document's base."""
    if ABSOLUTE_IRI.match(reference):
        return reference
    return urljoin(base, reference) if base.startswith(("file:", "http:", "https:")) else base + reference


def _named_nodes(value: Any, pointer: str, base: str, found: dict[str, str]) -> None:
    """The JSON pointer of every node object that has an `@id` (or the aistd alias `id`), by its IRI."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            _named_nodes(item, f"{pointer}/{index}", base, found)
        return
    if not isinstance(value, dict) or "@value" in value:
        return
    identifier = value.get("@id", value.get("id"))
    if isinstance(identifier, str) and not identifier.startswith("_:"):
        found.setdefault(_resolve_iri(base, identifier), pointer)
    for key, item in value.items():
        if key != "@context":
            _named_nodes(item, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}", base, found)


def _skolemize(value: Any, pointer: str, slots: frozenset[str]) -> Any:
    """Name each unnamed node object held by an aistd object slot by its JSON pointer, so that results
    about it map back to the file. Identified classes' items are left blank: `sh:nodeKind sh:IRI` is
    required of them, and no shape requires a blank node anywhere, so the verdicts are unchanged."""
    if isinstance(value, list):
        return [_skolemize(item, f"{pointer}/{index}", slots) for index, item in enumerate(value)]
    if not isinstance(value, dict):
        return value
    copy: dict[str, Any] = {}
    for key, item in value.items():
        child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
        if key in slots:
            for item_pointer, node in _items(item, child):
                if isinstance(node, dict) and not {"@id", "id", "@value", "@list", "@set"} & node.keys():
                    node["@id"] = NODE_BASE + quote(item_pointer, safe=IRI_SAFE)
        copy[key] = item if key == "@context" else _skolemize(item, child, slots)
    return copy


def jsonld_graph(document: Any, base: str) -> DataGraph:
    """A JSON-LD document as a data graph, contexts inlined from the package; raises on a foreign context."""
    if not isinstance(document, dict | list):
        message = f"the document is a {type(document).__name__}, not JSON-LD"
        raise RdfLoadError([Finding("load.top-level", Severity.ERROR, message)])
    resolved, findings = resolve_jsonld(document)
    if findings:
        raise RdfLoadError(findings)
    resolved = _skolemize(resolved, "", vocabulary().node_slots)
    if isinstance(resolved, dict) and not {"@id", "id", "@graph"} & resolved.keys():
        resolved["@id"] = NODE_BASE + "/"  # the root, named so that its results say "the document"
    named: dict[str, str] = {}
    _named_nodes(resolved, "", base, named)
    return DataGraph(
        text=json.dumps(resolved), syntax="jsonld", base=base, native=True, data=document, node_pointers=named
    )


# --- reading inputs -------------------------------------------------------------------------------------


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The UTF-8 text of a regular file of at most `max_bytes`; raises LoadError."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise LoadError("cannot read the file: it is not a regular file", rule="load.unreadable")
        if status.st_size > max_bytes:
            message = f"the file is {status.st_size} bytes, over the {max_bytes}-byte limit"
            raise LoadError(message, rule="load.too-large")
        raw = path.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read the file: {error.strerror}", rule="load.unreadable") from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"the file is not UTF-8 text (byte {error.start})"
        raise LoadError(message, line, rule="load.encoding") from None


def syntax_for(path: Path, syntax: str | None = None) -> str:
    """The syntax to read a file as: the one asked for, else the suffix's (YAML/JSON for the rest)."""
    if syntax is not None:
        if syntax not in SYNTAXES:
            raise ValueError(f"unknown syntax {syntax!r}; expected one of {', '.join(SYNTAXES)}")
        return syntax
    suffix = path.suffix.lower()
    if suffix in RDF_SUFFIXES:
        return RDF_SUFFIXES[suffix]
    return "json" if suffix == ".json" else "yaml"


_XML_ENTITY = re.compile(r'<!ENTITY\s+([^\s%"\'>]+)\s+"([^"]*)"\s*>')
_XML_REFERENCE = re.compile(r"&([^\s&;#<>\"']+);")


def _expanded_xml_size(text: str, limit: int) -> int:
    """The length of an XML text with its internal entities expanded, and of each entity's own expansion
    (parsers build those too, used or not), capped just past `limit`.

    Counted from the declarations, never by expanding: ten nested entities of ten references each
    ("billion laughs") make gigabytes of text from a few hundred bytes.
    """
    values: dict[str, str] = {}
    for name, value in _XML_ENTITY.findall(text):
        values.setdefault(name, value)  # the first declaration of an entity binds
    sizes: dict[str, int] = {}
    for root in values:  # depth-first without recursion; a cycle counts as over the limit
        stack = [root]
        while stack:
            name = stack[-1]
            if name in sizes:
                stack.pop()
                continue
            references = [r for r in _XML_REFERENCE.findall(values[name]) if r in values]
            pending = [r for r in references if r not in sizes]
            if any(r in stack for r in pending):
                sizes[name] = limit + 1
            elif pending:
                stack.extend(pending)
                continue
            else:
                grown = sum(sizes[r] - len(r) - 2 for r in references)
                sizes[name] = min(limit + 1, len(values[name]) + grown)
            stack.pop()
    subset_end = text.find("]>", text.find("<!DOCTYPE"))  # references after the declarations are expanded
    body = text[subset_end:] if subset_end >= 0 else text
    grown = sum(sizes[r] - len(r) - 2 for r in _XML_REFERENCE.findall(body) if r in sizes)
    return min(limit + 1, len(text) + sum(sizes.values()) + max(grown, 0))  # parsers expand each declaration too


def _check_xml_entities(text: str, max_bytes: int) -> None:
    """Refuse RDF/XML whose entity references would expand past the size limit (load.too-large)."""
    if "<!ENTITY" not in text:
        return
    size = _expanded_xml_size(text, max_bytes)
    if size > max_bytes:
        message = f"the XML entities expand the text past the {max_bytes}-byte limit (as in a 'billion laughs' attack)"
        raise LoadError(message, rule="load.too-large")


def _load_failure(error: LoadError) -> RdfLoadError:
    rule = getattr(error, "rule", "load.malformed")
    return RdfLoadError([Finding(rule, Severity.ERROR, error.message, "", error.line, error.column)])


def data_graph(
    source: Path | str | dict[str, Any], syntax: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> DataGraph:
    """The data graph of a file (a path, of at most `max_bytes`) or of parsed data; raises RdfLoadError."""
    if isinstance(source, dict):
        if "@context" in source or syntax == "jsonld":
            return jsonld_graph(source, DATA_BASE)
        return disclosure_graph(source)
    path = Path(source)
    kind = syntax_for(path, syntax)
    base = path.resolve().as_uri()
    if kind in NATIVE_RDF_SYNTAXES:
        try:
            text = read_text(path, max_bytes)
            if kind == "rdfxml":
                _check_xml_entities(text, max_bytes)
        except LoadError as error:
            raise _load_failure(error) from None
        if not text.strip():
            raise RdfLoadError([Finding("load.empty", Severity.ERROR, "the file is empty", "", 1, 1)])
        return DataGraph(text=text, syntax=kind, base=base, native=True)
    try:
        document = load_path(path, max_bytes)
    except LoadError as error:
        raise _load_failure(error) from None
    if kind == "jsonld" or (isinstance(document.data, dict) and "@context" in document.data):
        graph = jsonld_graph(document.data, base)
    elif isinstance(document.data, dict):
        graph = disclosure_graph(document.data)
    else:
        message = f"the document is a {type(document.data).__name__}, not a mapping"
        raise RdfLoadError([Finding("load.top-level", Severity.ERROR, message, "", 1, 1)])
    graph.document = document
    graph.warnings = list(getattr(document, "warnings", []))
    return graph
