"""SHACL validation of disclosures as RDF: the opt-in path behind `aistd validate --rdf`.

The engine is the native `shacl` package (pinned in the `rdf` extra): the committed shapes are compiled
once per process and each input is validated as one graph. pySHACL gives the same findings with an
engine over a hundred times slower; it stays available as `engine="pyshacl"`, and the tests hold the
two to the same findings on every example.

No input is ever followed outside itself: `owl:imports` is reported and not read, JSON-LD contexts are
resolved from the package (see `aistd.load.rdf`), and the native engine has no document loader at
all. rdflib, shacl and pyshacl are imported inside functions only, so `import aistd` stays light.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from aistd.check.graph_size import MAX_TRIPLES, check_size
from aistd.check.native_engine import engine_call
from aistd.check.shacl_result import ShaclResult
from aistd.check.shacl_wording import expectation, short_name
from aistd.knowledge.context import shapes_text
from aistd.knowledge.rules import finding, rule_catalogue
from aistd.load import DEFAULT_MAX_BYTES
from aistd.load.rdf import DataGraph, RdfLoadError, data_graph
from aistd.load.rdf.ntriples import lexical_form
from aistd.load.rdf.places import place, predicate_iri
from aistd.load.rdf.vocabulary import vocabulary
from aistd.model.finding import Finding
from aistd.model.message import says

__all__ = [
    "ENGINES",
    "MAX_RESULTS",
    "MAX_TRIPLES",
    "RdfUnavailable",
    "require_rdf",
    "shacl_results",
    "validate_rdf",
]

ENGINES = ("shacl", "pyshacl")
SH = "http://www.w3.org/ns/shacl#"
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
PROBE_NS = "urn:aistd:probe:"
LINE_COLUMN = re.compile(r"line (\d+)(?:,? column (\d+))?", re.IGNORECASE)
MAX_LISTED = 12
MAX_RESULTS = 1_000
"""The most SHACL results reported for one file: the engine stops there (an early exit, not a truncation, so
that a graph failing one shape on each of a million nodes costs neither the memory nor the time of a million
results); a finding (`rdf.too-many-results`) says that the report stops short."""
PROBE_RESULTS = 1_000
"""The most results the probe (typed nodes, `owl:imports`) collects in one run."""


# --- engines ----------------------------------------------------------------------------------------


class RdfUnavailable(RuntimeError):
    """The RDF path's libraries are not installed (`pip install 'aistd[rdf]'`)."""


def require_rdf(engine: str = "shacl") -> None:
    """Raise RdfUnavailable, naming what to install, unless the engine's libraries can be imported."""
    import importlib.util

    needed = ["shacl", "rdflib"] + (["pyshacl"] if engine == "pyshacl" else [])
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        extra = "aistd[rdf,build]" if "pyshacl" in missing else "aistd[rdf]"
        raise RdfUnavailable(f"the RDF path needs {', '.join(missing)}: pip install '{extra}'")


@lru_cache(maxsize=1)
def compiled_shapes() -> Any:
    """The committed SHACL shapes compiled by the native engine, once per process."""
    require_rdf()
    import shacl

    return shacl.Shapes.from_turtle(shapes_text())


def _probe_turtle(typed: bool = True, imports: bool = True) -> str:
    """Shapes that only observe: one result per node of an aistd class, one per `owl:imports`.

    Their results are violations so that the engine's early exit (`max_results`) bounds them: one typed node is
    enough to know that shapes apply, and a graph with a million typed nodes must not make a million results."""
    classes = " ".join(f"<{vocabulary().class_iri(name)}>" for name in sorted(vocabulary().classes))
    shapes = [f"@prefix sh: <{SH}> ."]
    if typed:
        shapes.append(f"<{PROBE_NS}typed> a sh:NodeShape ; sh:targetClass {classes.replace(' ', ' , ')} ;")
        shapes.append("    sh:nodeKind sh:Literal .")
    if imports:
        shapes.append(f"<{PROBE_NS}imports> a sh:NodeShape ; sh:targetSubjectsOf <{OWL_IMPORTS}> ;")
        shapes.append(f"    sh:property [ sh:path <{OWL_IMPORTS}> ; sh:nodeKind sh:Literal ] .")
    return "\n".join(shapes) + "\n"


@lru_cache(maxsize=3)
def _compiled_probe(typed: bool = True, imports: bool = True) -> Any:
    import shacl

    return shacl.Shapes.from_turtle(_probe_turtle(typed, imports), base=PROBE_NS)


def _bare_path(path: str | None) -> str | None:
    """A predicate IRI from the engine's SPARQL path text (`<iri>`); complex paths are kept as written."""
    if path and path.startswith("<") and path.endswith(">") and ">" not in path[1:-1]:
        return path[1:-1]
    return path


def _parse_error(error: Exception) -> RdfLoadError:
    message = str(error).removeprefix("parse error: ")
    message = re.sub(r"^(?:file|urn|https?):\S*?: ", "", message)
    match = LINE_COLUMN.search(message)
    line = int(match.group(1)) if match else None
    column = int(match.group(2)) if match and match.group(2) else None
    text = says("malformed RDF: {detail}", detail=message)
    return RdfLoadError([finding("load.malformed", text, "", line, column)])


def _native_results(graph: DataGraph) -> list[ShaclResult]:
    try:
        shapes, limit = compiled_shapes(), MAX_RESULTS + 1
        report = engine_call(
            lambda: shapes.validate_text(graph.text, format=graph.syntax, base=graph.base, max_results=limit)
        )
    except ValueError as error:
        raise _parse_error(error) from None
    return [
        ShaclResult(
            focus=r.focus_node,
            path=_bare_path(r.path),
            component=r.component,
            severity=r.severity,
            value=r.value_plain,
            value_term=r.value,
            shape_class=(r.root_shape or "").strip("<>") or None,
        )
        for r in report.results
    ]


@lru_cache(maxsize=1)
def _rdflib_shapes() -> Any:
    import rdflib

    return rdflib.Graph().parse(data=shapes_text(), format="turtle")


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Hold back rdflib's log lines about ill-typed literals (those literals are what the shapes report)
    and its deprecation warnings (its JSON-LD parser uses its own deprecated ConjunctiveGraph)."""
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        term_log.setLevel(level)


def _rdflib_data(graph: DataGraph) -> Any:
    """The data graph parsed by rdflib (for pySHACL); its contexts are already inline, so nothing is fetched.

    Literals keep their lexical forms, as the native engine reports them.
    """
    import rdflib

    data = rdflib.Graph()
    normalize = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        data.parse(data=graph.text, format=RDFLIB_FORMATS[graph.syntax], publicID=graph.base)
        if graph.syntax == "jsonld":  # rdflib keeps JSON numbers as Python values: retype by lexical form
            retyped = rdflib.Graph()
            for s, p, o in data:
                if isinstance(o, rdflib.Literal):
                    o = rdflib.Literal(str(o), lang=o.language, datatype=o.datatype)
                retyped.add((s, p, o))
            data = retyped
    except Exception as error:  # rdflib raises many kinds; each is a malformed input here
        raise _parse_error(error) from None
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    return data


def _plain(term: Any) -> str:
    """A term as the native engine's `value_plain`: lexical form, IRI, or blank node label."""
    from rdflib import Literal, URIRef

    return str(term) if isinstance(term, Literal | URIRef) else term.n3()


def _pyshacl_results(graph: DataGraph) -> list[ShaclResult]:
    import pyshacl
    from rdflib import RDF, BNode, URIRef
    from rdflib.namespace import SH as RSH

    shapes = _rdflib_shapes()
    with _quiet_rdflib():
        data = _rdflib_data(graph)
        _, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            meta_shacl=False,
            do_owl_imports=False,
            allow_warnings=False,
            allow_infos=False,
        )
    results = []
    for node in report.subjects(RDF.type, RSH.ValidationResult):
        focus = report.value(node, RSH.focusNode)
        path = report.value(node, RSH.resultPath)
        value = report.value(node, RSH.value)
        component = str(report.value(node, RSH.sourceConstraintComponent)).removeprefix(SH)
        severity = str(report.value(node, RSH.resultSeverity)).removeprefix(SH)
        shape = report.value(node, RSH.sourceShape)
        if isinstance(shape, BNode):
            shape = next(iter(shapes.subjects(RSH.property, shape)), shape)
        results.append(
            ShaclResult(
                focus=focus.n3(),
                path=str(path) if isinstance(path, URIRef) else (None if path is None else path.n3()),
                component=component,
                severity=severity,
                value=None if value is None else _plain(value),
                value_term=None if value is None else value.n3(),
                shape_class=str(shape) if isinstance(shape, URIRef) else None,
            )
        )
    return results


def shacl_report(graph: DataGraph, engine: str = "shacl") -> tuple[list[ShaclResult], bool]:
    """Validate a data graph against the committed shapes with one engine: the first MAX_RESULTS results, and
    whether there were more (the native engine stops there). Raises RdfLoadError, also for a graph over the
    triple limit (`check_size`)."""
    check_size(graph, engine)
    if engine == "shacl":
        results = _native_results(graph)
    elif engine == "pyshacl":
        require_rdf(engine)
        results = sorted(_pyshacl_results(graph), key=ShaclResult.key)
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}; expected one of {', '.join(ENGINES)}")
    return results[:MAX_RESULTS], len(results) > MAX_RESULTS


def shacl_results(graph: DataGraph, engine: str = "shacl") -> list[ShaclResult]:
    """Validate a data graph against the committed shapes with one engine; raises RdfLoadError."""
    return shacl_report(graph, engine)[0]


def _probe_results(graph: DataGraph, typed: bool, imports: bool, most: int) -> list[Any]:
    try:
        report = _compiled_probe(typed, imports).validate_text(
            graph.text, format=graph.syntax, base=graph.base, max_results=most
        )
    except ValueError as error:
        raise _parse_error(error) from None
    return list(report.results)


def _probe(graph: DataGraph) -> list[Finding]:
    """For RDF the user wrote: warn when no node has an aistd class, and note each `owl:imports` ignored.

    One run of both probes when it ends below PROBE_RESULTS results; else one each (the typed probe stops at its
    first result), so that neither is crowded out by the other's results."""
    results = _probe_results(graph, True, True, PROBE_RESULTS)
    full = len(results) < PROBE_RESULTS
    typed = any(r.root_shape == f"<{PROBE_NS}typed>" for r in results)
    if not full:
        typed = typed or bool(_probe_results(graph, True, False, 1))
        results = _probe_results(graph, False, True, PROBE_RESULTS)
    findings: list[Finding] = []
    imports = sorted({r.value_plain or "" for r in results if r.root_shape == f"<{PROBE_NS}imports>"})
    for iri in imports[:MAX_LISTED]:
        findings.append(finding("rdf.imports-ignored", says("owl:imports <{iri}> was not followed", iri=iri)))
    if len(imports) > MAX_LISTED or len(results) >= PROBE_RESULTS:
        findings.append(finding("rdf.imports-ignored", says("more owl:imports were not followed (not listed)")))
    if not typed:
        message = says("no node has an aistd class (rdf:type aistd:Disclosure, ...): no shape applied to the data")
        findings.append(finding("rdf.untyped", message))
    return findings


# --- findings -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def shape_constraints() -> dict[tuple[str, str], dict[str, Any]]:
    """The parameters of each property shape, by (class IRI, path IRI), read from the shapes once."""
    from rdflib import Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import SH as RSH

    shapes = _rdflib_shapes()
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for node_shape, property_shape in shapes.subject_objects(RSH.property):
        path = shapes.value(property_shape, RSH.path)
        if not isinstance(node_shape, URIRef) or not isinstance(path, URIRef):
            continue
        params: dict[str, Any] = {}
        for predicate, obj in shapes.predicate_objects(property_shape):
            name = str(predicate).removeprefix(SH)
            if name == "in":
                params[name] = [str(item) for item in Collection(shapes, obj)]
            elif isinstance(obj, Literal):
                params[name] = obj.toPython()
            else:
                params[name] = str(obj)
        table[(str(node_shape), str(path))] = params
    return table


def _pointer(graph: DataGraph, result: ShaclResult, slot: str) -> str | None:
    """The JSON pointer of the result in a YAML/JSON input, or None when the node cannot be traced."""
    node = graph.node_pointers.get(result.focus[1:-1]) if result.focus.startswith("<") else None
    if node is None:
        return None
    if result.component == "MinCountConstraintComponent" or not isinstance(graph.data, dict):
        return node
    at_slot = f"{node}/{slot.replace('~', '~0').replace('/', '~1')}"
    if result.value_term and result.value_term.startswith("<"):
        target = graph.node_pointers.get(result.value_term[1:-1])
        if target is not None and (target == at_slot or target.startswith(at_slot + "/")):
            return target
    obj = _resolve(graph.data, node)
    if not isinstance(obj, dict) or slot not in obj:
        return node
    value = obj[slot]
    if isinstance(value, list) and (result.value_term or "").startswith("_:"):
        unnamed = [i for i, item in enumerate(value) if isinstance(item, dict) and not item.get("id")]
        return f"{at_slot}/{unnamed[0]}" if len(unnamed) == 1 else at_slot
    if isinstance(value, list) and result.value is not None:
        for index, item in enumerate(value):
            if not isinstance(item, dict | list) and lexical_form(item) == result.value:
                return f"{at_slot}/{index}"
    return at_slot


def _resolve(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(data, list):
            data = data[int(token)] if token.isdigit() and int(token) < len(data) else None
        elif isinstance(data, dict):
            data = data.get(token)
        else:
            return None
    return data


def to_finding(graph: DataGraph, result: ShaclResult) -> Finding:
    """A finding from one SHACL result: the focus node's class, the slot, and what was expected."""
    vocab = vocabulary()
    class_name = short_name(result.shape_class)
    slot = vocab.slot_name(result.path) if result.path else "(node)"
    pointer = _pointer(graph, result, slot)
    if pointer is None:
        where = says("(blank node)") if result.focus.startswith("_:") else result.focus
    else:
        where = pointer or says("the document")
    params = shape_constraints().get((result.shape_class or "", result.path or ""), {})
    message = says(
        "{where}: {class_name}.{slot} {expectation}",
        where=where,
        class_name=class_name,
        slot=slot if result.path else says("(node)"),
        expectation=expectation(result, params),
    )
    line, column = (None, None) if pointer is None else graph.position(pointer)
    if pointer is None and graph.native and result.focus.startswith("<"):
        line, column = place(graph.text, graph.syntax, result.focus[1:-1], predicate_iri(result.path)) or (None, None)
    rule = f"shacl.{result.component}"
    return finding(rule if rule in rule_catalogue() else "shacl.constraint", message, pointer or "", line, column)


def _order(finding: Finding) -> tuple[Any, ...]:
    return (finding.line or 0, finding.column or 0, finding.pointer, finding.rule, finding.message)


def validate_rdf(
    source: Path | str | dict[str, Any],
    *,
    syntax: str | None = None,
    engine: str = "shacl",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Finding]:
    """SHACL findings about one disclosure: a Turtle, N-Triples, RDF/XML, JSON-LD, YAML or JSON file
    (a path, of at most `max_bytes`), or parsed data. `syntax` overrides the suffix (turtle, ntriples,
    rdfxml, jsonld, yaml, json). A file that cannot be read or parsed, or names a foreign JSON-LD context,
    gives findings, not errors.
    """
    try:
        graph = data_graph(source, syntax, max_bytes)
        check_size(graph, engine)
        findings = [*graph.warnings, *(_probe(graph) if graph.native else [])]
        results, more = shacl_report(graph, engine)
        findings.extend(to_finding(graph, result) for result in results)
    except RdfLoadError as error:
        return error.findings
    if more:
        message = says(
            "SHACL validation stopped after {count:,} results: the rest of the graph is not reported", count=MAX_RESULTS
        )
        findings.append(finding("rdf.too-many-results", message))
    return sorted(set(findings), key=_order)


# --- throughput ---------------------------------------------------------------------------------------
