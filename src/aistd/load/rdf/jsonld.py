"""JSON-LD with every `@context` resolved before any parser sees it: the aistd context inlined from the
package, any other context a finding (nothing is ever fetched), nodes named after their JSON pointers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urljoin

from aistd.knowledge.context import bundled_context, bundled_context_name, bundled_context_uri
from aistd.knowledge.rules import finding
from aistd.load.rdf.graph import DataGraph, RdfLoadError
from aistd.load.rdf.ntriples import items_of
from aistd.load.rdf.vocabulary import ABSOLUTE_IRI, AISTD_CONTEXT_ROOTS, IRI_SAFE, NODE_BASE, vocabulary
from aistd.model.finding import Finding
from aistd.model.message import says
from aistd.model.pointer import escape


def is_aistd_context(reference: str) -> bool:
    """True for a reference to the aistd context: its w3id.org address, the bundled file's bare name, or
    the bundled file's own `file:` URL (answered from memory, not read)."""
    if reference in AISTD_CONTEXT_ROOTS or reference.startswith(tuple(f"{r}/" for r in AISTD_CONTEXT_ROOTS)):
        return True
    if reference == bundled_context_name():
        return True
    return reference == bundled_context_uri()


def _remote_context(reference: Any, pointer: str) -> Finding:
    if str(reference).startswith("file:"):
        why = says(
            "the JSON-LD context {reference!r} is not the aistd context; "
            "the RDF path reads no file context (inline it, or use {address})",
            reference=str(reference),
            address="https://w3id.org/aistd/",
        )
    else:
        why = says(
            "the JSON-LD context {reference!r} is not the aistd context; "
            "the RDF path reads no remote context (inline it, or use {address})",
            reference=str(reference),
            address="https://w3id.org/aistd/",
        )
    if not pointer:
        return finding("rdf.remote-context", says("the document: {problem}", problem=why), pointer)
    return finding("rdf.remote-context", says("{pointer}: {problem}", pointer=pointer, problem=why), pointer)


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


def _rebuilt(value: Any, pointer: str, member: Callable[[str, Any, str], Any]) -> Any:
    """A copy of a JSON value in which each object member is `member(key, item, the item's pointer)`."""
    if isinstance(value, list):
        return [_rebuilt(item, f"{pointer}/{index}", member) for index, item in enumerate(value)]
    if not isinstance(value, dict):
        return value
    return {key: member(key, item, f"{pointer}/{escape(key)}") for key, item in value.items()}


def _resolve_contexts_in(value: Any, pointer: str, findings: list[Finding]) -> Any:
    """The document with every `@context` (top-level, embedded, or scoped in a term) resolved."""

    def member(key: str, item: Any, child: str) -> Any:
        if key == "@context":
            return _resolve_context(item, child, findings)
        return _resolve_contexts_in(item, child, findings)

    return _rebuilt(value, pointer, member)


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
            _named_nodes(item, f"{pointer}/{escape(key)}", base, found)


def _skolemize(value: Any, pointer: str, slots: frozenset[str]) -> Any:
    """Name each unnamed node object held by an aistd object slot by its JSON pointer, so that results
    about it map back to the file. Identified classes' items are left blank: `sh:nodeKind sh:IRI` is
    required of them, and no shape requires a blank node anywhere, so the verdicts are unchanged."""

    def member(key: str, item: Any, child: str) -> Any:
        if key in slots:
            for item_pointer, node in items_of(item, child):
                if isinstance(node, dict) and not {"@id", "id", "@value", "@list", "@set"} & node.keys():
                    node["@id"] = NODE_BASE + quote(item_pointer, safe=IRI_SAFE)
        return item if key == "@context" else _skolemize(item, child, slots)

    return _rebuilt(value, pointer, member)


def jsonld_graph(document: Any, base: str) -> DataGraph:
    """A JSON-LD document as a data graph, contexts inlined from the package; raises on a foreign context."""
    if not isinstance(document, dict | list):
        message = says("the document is a {type}, not JSON-LD", type=type(document).__name__)
        raise RdfLoadError([finding("load.top-level", message)])
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
