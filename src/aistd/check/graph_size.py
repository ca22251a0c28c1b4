"""How large an RDF data graph is, told before any parser builds it: its triples, counted from its text.

The native SHACL engine takes about 200 bytes and 3 microseconds a triple, rdflib (for pySHACL) some ten times the
memory and a hundred times the time; a graph over the limit is refused with `load.too-large` before either sees it.
"""

from __future__ import annotations

import re

from aistd.knowledge.rules import finding
from aistd.load.rdf import DataGraph, RdfLoadError
from aistd.model.message import says

MAX_TRIPLES = 1_000_000
"""The most triples an RDF file may hold (counted before any parser sees it): the native engine takes about 200
bytes and 3 microseconds a triple, so a graph at the limit costs some 200 MB and 3 s."""
MAX_TRIPLES_PYSHACL = 100_000
"""The same for pySHACL, whose rdflib graph takes about ten times the memory and a hundred times the time."""
_TURTLE_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*|(?<!\d)\.|\.(?!\d)|[;,]"
)
"""Turtle's strings, IRIs and comments (skipped whole) and the punctuation that ends or adds a triple."""
_NTRIPLES_STATEMENT = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)


def triple_count(graph: DataGraph) -> int:
    """How many triples a data graph's text holds, counted without parsing it: N-Triples by its statement lines,
    Turtle by the punctuation that ends or adds a triple (`.`, `;`, `,` outside strings, IRIs and comments), RDF/XML
    by its elements and attributes (at most). Exact or above for what is written one triple a statement; JSON-LD and
    the graphs of YAML or JSON disclosures are 0 here: their loader has already capped their values."""
    text = graph.text
    if graph.syntax == "ntriples":
        crude = text.count("\n") + 1
        return crude if crude <= MAX_TRIPLES_PYSHACL else sum(1 for _ in _NTRIPLES_STATEMENT.finditer(text))
    if graph.syntax == "turtle":
        crude = text.count(".") + text.count(";") + text.count(",")
        if crude <= MAX_TRIPLES_PYSHACL:
            return crude
        return sum(1 for token in _TURTLE_TOKEN.finditer(text) if token.group() in ".;,")
    if graph.syntax == "rdfxml":
        return text.count("<") - text.count("</") - text.count("<?") - text.count("<!") + text.count("=")
    return 0


def check_size(graph: DataGraph, engine: str = "shacl") -> None:
    """Refuse (RdfLoadError, `load.too-large`) a graph of more triples than the engine is given (MAX_TRIPLES, or
    MAX_TRIPLES_PYSHACL for pySHACL), before any parser builds it."""
    limit = MAX_TRIPLES_PYSHACL if engine == "pyshacl" else MAX_TRIPLES
    count = triple_count(graph)
    if count > limit:
        message = says(
            "the graph has about {count:,} triples, over the limit of {limit:,} (a disclosure has hundreds)",
            count=count,
            limit=limit,
        )
        raise RdfLoadError([finding("load.too-large", message, "", 1, 1)])
