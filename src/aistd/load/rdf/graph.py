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

Only the standard library is imported here; the RDF libraries live behind `aistd.check.shacl`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aistd.load.document import Document
from aistd.model.finding import Finding


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
