"""Turn a disclosure into an RDF data graph for SHACL, with no network and no file access beyond the input.

Three kinds of input:

- RDF text (Turtle, N-Triples, RDF/XML) is passed on as written; nothing it names (`owl:imports`) is read.
- JSON-LD gets every `@context` resolved before any parser sees it (`jsonld`).
- A plain YAML or JSON disclosure is written out as N-Triples with types injected (`ntriples`).

Only the standard library is imported here; the RDF libraries live behind `aistd.check.shacl`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aistd.knowledge.rules import finding
from aistd.load.detect import RDF_SYNTAXES, suffix
from aistd.load.document import LoadError
from aistd.load.files import decode_utf8, load_path, read_bytes
from aistd.load.limits import DEFAULT_MAX_BYTES
from aistd.load.rdf.graph import DataGraph, RdfLoadError
from aistd.load.rdf.jsonld import jsonld_graph
from aistd.load.rdf.ntriples import disclosure_graph
from aistd.load.rdf.vocabulary import DATA_BASE
from aistd.model.message import says

__all__ = ["DataGraph", "RdfLoadError", "data_graph", "disclosure_graph", "jsonld_graph"]

NATIVE_RDF_SYNTAXES = ("turtle", "ntriples", "rdfxml")
SYNTAXES = (*NATIVE_RDF_SYNTAXES, "jsonld", "yaml", "json")


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The UTF-8 text of a regular file of at most `max_bytes` (byte-order mark dropped); raises LoadError."""
    return decode_utf8(read_bytes(path, max_bytes)).removeprefix("\ufeff")


def syntax_for(path: Path, syntax: str | None = None) -> str:
    """The syntax to read a file as: the one asked for, else the suffix's (YAML/JSON for the rest)."""
    if syntax is not None:
        if syntax not in SYNTAXES:
            raise ValueError(f"unknown syntax {syntax!r}; expected one of {', '.join(SYNTAXES)}")
        return syntax
    kind = RDF_SYNTAXES.get(suffix(path))
    if kind is not None:
        return kind
    return "json" if suffix(path) == ".json" else "yaml"


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
        message = says(
            "the XML entities expand the text past the {limit}-byte limit (as in a 'billion laughs' attack)",
            limit=max_bytes,
        )
        raise LoadError(message, rule="load.too-large")


def _load_failure(error: LoadError) -> RdfLoadError:
    return RdfLoadError([error.finding()])


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
            raise RdfLoadError([finding("load.empty", says("the file is empty"), "", 1, 1)])
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
        message = says("the document is a {type}, not a mapping", type=type(document.data).__name__)
        raise RdfLoadError([finding("load.top-level", message, "", 1, 1)])
    graph.document = document
    graph.warnings = list(getattr(document, "warnings", []))
    return graph
