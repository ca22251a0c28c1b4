"""The opt-in RDF path: SHACL on Turtle, JSON-LD and typed YAML/JSON, with no network and no file access.

- Every valid example conforms; every invalid example fails SHACL too, except the listed misses, each
  with the reason SHACL cannot see it; where both fail, SHACL points at the JSON Schema's place.
- The native `shacl` engine and pySHACL give the same findings on every example and fixture.
- Nothing is fetched or read beyond the input and the package's data: remote and `file:` JSON-LD contexts
  become findings, `owl:imports` is noted and not followed (watched with audit hooks and a socket guard).
"""

from __future__ import annotations

import dataclasses
import json
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from aistd.check.shacl import compiled_shapes, shacl_results, shape_constraints, validate_rdf
from aistd.knowledge import artifacts
from aistd.knowledge.context import bundled_context
from aistd.knowledge.rules import rule_catalogue
from aistd.load import load_path
from aistd.load import rdf as rdf_loading
from aistd.load.detect import is_rdf_file as is_rdf_path
from aistd.load.rdf import data_graph, disclosure_graph, ntriples
from aistd.load.rdf.vocabulary import vocabulary
from aistd.model.finding import Finding, Severity
from tests.conftest import EXAMPLES, ROOT

DATA = Path(__file__).parent / "data" / "rdf"
VALID_FILES = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.suffix in {".yaml", ".yml", ".json"})
INVALID_FILES = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.suffix in {".yaml", ".yml", ".json"})
EXPECTED: dict[str, dict[str, str]] = load_path(EXAMPLES / "invalid.expected.yaml").data
FIXTURES = sorted(DATA.iterdir())
AISTD = "https://w3id.org/aistd/"

_RULES = "a LinkML rule (if a slot is given, another is required): JSON Schema if/then; gen-shacl drops it"
_LIST = "RDF has no list-vs-one distinction: a value and a one-item list are the same triples"
# Invalid examples that SHACL accepts, and why. Every other invalid example fails SHACL as well.
EXPECTED_MISSES = {
    "DataCentreReport-cue-without-accounting-method.yaml": _RULES,
    "DataCentreReport-pue-without-category.yaml": _RULES,
    "FrugalityResult-energy-per-inference-without-boundary.yaml": _RULES,
    "StageFootprint-count-without-functional-unit.yaml": _RULES,
    "StageFootprint-emissions-per-unit-without-functional-unit.yaml": _RULES,
    "StageFootprint-emissions-without-accounting-method.yaml": _RULES,
    "StageFootprint-energy-per-unit-without-functional-unit.yaml": _RULES,
    "StageFootprint-energy-without-boundary.yaml": _RULES,
    "EnergyQuantity-missing-value.yaml": _RULES + " (a value is required unless the figure is a range or negligible)",
    "Organization-missing-name.yaml": _RULES + " (a name is required unless the entity is not stated)",
    "Period-missing-end-date.yaml": _RULES + " (both ends are required unless the period is not stated)",
    "AISystem-modalities-not-a-list.yaml": _LIST,
    "Disclosure-conforms-to-not-a-list.yaml": _LIST,
    "Disclosure-footprints-not-a-list.yaml": _LIST,
    "StageFootprint-hardware-not-a-list.yaml": _LIST,
    "StageFootprint-aggregates-not-a-list.yaml": _LIST,
    "Quantity-range-without-maximum.yaml": _RULES + " (a range states both its ends)",
    "StageFootprint-location-is-list.yaml": _LIST + " (one location in a list is one location)",
    "Disclosure-missing-id.yaml": "`id` is the node's IRI (`@id`), not a property: no shape can require it",
}


def errors(findings: list[Finding]) -> list[Finding]:
    """The error findings."""
    return [f for f in findings if f.severity is Severity.ERROR]


def rules(findings: list[Finding]) -> set[str]:
    """The rule ids of the findings."""
    return {f.rule for f in findings}


# --- watching for network and file access ----------------------------------------------------------


class AccessLog:
    """An audit hook that records network attempts and opened files while recording is on."""

    NETWORK = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request")

    def __init__(self) -> None:
        self.recording = False
        self.network: list[tuple[str, Any]] = []
        self.opened: list[str] = []

    @contextmanager
    def watching(self) -> Iterator[AccessLog]:
        """Record what happens inside the block (and nothing else)."""
        self.network.clear()
        self.opened.clear()
        self.recording = True
        try:
            yield self
        finally:
            self.recording = False

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.recording:
            return
        if event in self.NETWORK:
            self.network.append((event, args))
        elif event == "open" and isinstance(args[0], str | bytes | Path):
            self.opened.append(str(Path(args[0] if not isinstance(args[0], bytes) else args[0].decode())))


ACCESS = AccessLog()
sys.addaudithook(ACCESS)  # audit hooks stay for the process; this one only records while a test asks


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> AccessLog:
    """Make any connection or URL open fail at once; the log records what happens in `watching()`."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the RDF path tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    for engine in ("shacl", "pyshacl"):  # warm up: libraries imported, shapes compiled and read
        validate_rdf(DATA / "disclosure.ttl", engine=engine)
        validate_rdf(DATA / "invalid.jsonld", engine=engine)
    return ACCESS


def only_allowed_files(opened: list[str], *inputs: Path) -> list[str]:
    """The opened files that are neither an input nor the package's own data."""
    allowed = {str(p.resolve()) for p in inputs}
    package = str(artifacts.ARTIFACT_DIR.resolve())
    return [p for p in opened if str(Path(p).resolve()) not in allowed and not p.startswith(package)]


# --- fixtures in Turtle and JSON-LD ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["disclosure.ttl", "disclosure.jsonld", "disclosure.rdf"])
def test_a_valid_disclosure_in_turtle_json_ld_or_rdf_xml_conforms(name: str) -> None:
    assert validate_rdf(DATA / name) == []


def test_an_invalid_disclosure_in_turtle_names_class_slot_and_expectation() -> None:
    findings = validate_rdf(DATA / "invalid.ttl")
    messages = {f.message for f in findings}
    assert rules(findings) == {"shacl.MinCountConstraintComponent", "shacl.InConstraintComponent"}
    assert "<urn:example:northwind:finetune>: StageFootprint.stage is required" in messages
    assert "<urn:example:northwind:disclosure>: Disclosure.reporting_entity is required" in messages
    unit = next(f for f in findings if f.rule == "shacl.InConstraintComponent")
    assert unit.message.startswith("(blank node): EnergyQuantity.unit must be one of W.h, kW.h")
    assert unit.message.endswith("(found 'kg')")
    assert all(
        f.pointer == "" and f.severity is Severity.ERROR and f.references == rule_catalogue()[f.rule].references
        for f in findings
    )


def test_an_invalid_json_ld_disclosure_points_back_into_the_file() -> None:
    found = {(f.rule.removeprefix("shacl."), f.pointer) for f in validate_rdf(DATA / "invalid.jsonld")}
    assert found == {
        ("PatternConstraintComponent", "/schema_version"),
        ("PatternConstraintComponent", "/reporting_entity/country"),
        ("OrConstraintComponent", "/reporting_period/end_date"),  # a date, a month or a year
        ("MaxInclusiveConstraintComponent", "/footprints/0/accelerator_utilization"),
        ("InConstraintComponent", "/footprints/0/energy_consumption/unit"),
    }
    assert all(f.line is not None for f in validate_rdf(DATA / "invalid.jsonld"))


def test_a_json_file_with_a_context_is_read_as_json_ld(tmp_path: Path) -> None:
    target = tmp_path / "disclosure.json"
    target.write_text((DATA / "disclosure.jsonld").read_text(encoding="utf-8"), encoding="utf-8")
    assert validate_rdf(target) == []


def test_syntax_overrides_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "disclosure.txt"
    target.write_text((DATA / "disclosure.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    assert validate_rdf(target, syntax="turtle") == []
    with pytest.raises(ValueError, match="unknown syntax"):
        validate_rdf(target, syntax="n3")
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        validate_rdf(target, syntax="turtle", engine="rudof")


def test_rdf_suffixes() -> None:
    assert all(is_rdf_path(f"d{s}") for s in (".ttl", ".nt", ".jsonld", ".rdf", ".TTL"))
    assert not any(is_rdf_path(f"d{s}") for s in (".yaml", ".yml", ".json", ".md", ""))


def test_parsed_data_plain_or_json_ld() -> None:
    data = load_path(EXAMPLES / "invalid" / "EnergyQuantity-unit-is-mass.yaml").data
    findings = validate_rdf(data)
    assert [(f.rule, f.pointer, f.line) for f in findings] == [
        ("shacl.InConstraintComponent", "/footprints/0/energy_consumption/unit", None)
    ]
    document = json.loads((DATA / "disclosure.jsonld").read_text(encoding="utf-8"))
    assert validate_rdf(document) == []


def test_untyped_rdf_is_a_warning_not_a_silent_pass() -> None:
    findings = validate_rdf(DATA / "untyped.ttl")
    assert [(f.rule, f.severity) for f in findings] == [("rdf.untyped", Severity.WARNING)]


# --- malformed input: findings, never tracebacks ----------------------------------------------------


@pytest.mark.parametrize("engine", ["shacl", "pyshacl"])
def test_malformed_turtle_is_a_finding_with_its_line(engine: str) -> None:
    [finding] = validate_rdf(DATA / "malformed.ttl", engine=engine)
    assert finding.rule == "load.malformed"
    assert finding.line == 5


@pytest.mark.parametrize("engine", ["shacl", "pyshacl"])
def test_malformed_json_ld_is_a_finding_with_its_line(engine: str) -> None:
    [finding] = validate_rdf(DATA / "malformed.jsonld", engine=engine)
    assert finding.rule.startswith("load.")
    assert finding.line == 5


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bad.nt", "<urn:a> <urn:b> .\n"),
        ("bad.rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><unclosed></rdf:RDF>"),
        ("bad-id.jsonld", json.dumps({"@context": AISTD, "@id": 5, "@type": "Disclosure"})),
        ("bad-context.jsonld", json.dumps({"@context": 42, "@type": "Disclosure"})),
        ("list.jsonld", "[1, 2]"),
        ("scalar.jsonld", "3"),
        ("empty.ttl", "  \n"),
        ("not-utf8.ttl", "caf\xe9"),
    ],
)
@pytest.mark.parametrize("engine", ["shacl", "pyshacl"])
def test_unreadable_rdf_gives_findings(tmp_path: Path, name: str, text: str, engine: str) -> None:
    target = tmp_path / name
    target.write_bytes(text.encode("latin-1"))
    findings = validate_rdf(target, engine=engine)
    assert findings, name
    assert all(f.rule.startswith(("load.", "rdf.")) for f in errors(findings)), findings


def test_a_missing_file_is_a_finding(tmp_path: Path) -> None:
    [finding] = validate_rdf(tmp_path / "absent.ttl")
    assert finding.rule.startswith("load.")


def test_external_xml_entities_are_not_read(tmp_path: Path, guarded: AccessLog) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    target = tmp_path / "entity.rdf"
    target.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:a="https://w3id.org/aistd/">'
        '<a:Disclosure rdf:about="urn:x"><a:title>&s;</a:title></a:Disclosure></rdf:RDF>',
        encoding="utf-8",
    )
    with guarded.watching():
        findings = validate_rdf(target) + validate_rdf(target, engine="pyshacl")
    assert all("SECRET" not in f.message for f in findings)
    assert str(secret) not in guarded.opened


# --- no network, no file beyond the input -----------------------------------------------------------


@pytest.mark.parametrize("engine", ["shacl", "pyshacl"])
def test_a_remote_context_is_a_finding_and_is_never_fetched(engine: str, guarded: AccessLog) -> None:
    path = DATA / "remote-context.jsonld"
    with guarded.watching():
        findings = validate_rdf(path, engine=engine)
    assert [(f.rule, f.severity, f.pointer) for f in findings] == [
        ("rdf.remote-context", Severity.ERROR, "/@context/1")
    ]
    assert "http://127.0.0.1:9/other-context.jsonld" in findings[0].message
    assert guarded.network == []
    assert only_allowed_files(guarded.opened, path) == []


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_guard_would_catch_rdflib_fetching_a_remote_context(guarded: AccessLog) -> None:
    """Control: rdflib, handed the document as written, does try the network; the RDF path never does."""
    import rdflib

    raw = (DATA / "remote-context.jsonld").read_text(encoding="utf-8")
    with guarded.watching(), pytest.raises(Exception):  # noqa: B017 - whatever rdflib makes of the refusal
        rdflib.Graph().parse(data=raw, format="json-ld")
    assert guarded.network


def test_the_native_engine_cannot_fetch_a_context() -> None:
    """The pinned engine has no document loader: even an unresolved remote context is only an error."""
    raw = (DATA / "remote-context.jsonld").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="LoadDocumentCallback"):
        compiled_shapes().validate_text(raw, format="jsonld")


@pytest.mark.parametrize("engine", ["shacl", "pyshacl"])
def test_a_file_context_is_neither_read_nor_fetched(tmp_path: Path, engine: str, guarded: AccessLog) -> None:
    context = tmp_path / "context.jsonld"
    context.write_text(json.dumps({"@context": {"leaked_term": "https://leak.example/"}}), encoding="utf-8")
    document = tmp_path / "disclosure.jsonld"
    body = {"@context": context.as_uri(), "@type": "Disclosure", "id": "urn:x", "leaked_term": "x"}
    document.write_text(json.dumps(body), encoding="utf-8")
    with guarded.watching():
        findings = validate_rdf(document, engine=engine)
    assert [(f.rule, f.pointer) for f in findings] == [("rdf.remote-context", "/@context")]
    assert "no file context" in findings[0].message
    assert all("leak.example" not in f.message for f in findings)
    assert str(context) not in guarded.opened
    assert only_allowed_files(guarded.opened, document) == []


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_guard_would_catch_rdflib_reading_a_file_context(tmp_path: Path, guarded: AccessLog) -> None:
    """Control: rdflib reads a `file:` context by default; the audit hook sees it."""
    import rdflib

    context = tmp_path / "context.jsonld"
    context.write_text(json.dumps({"@context": {"@vocab": "https://leak.example/"}}), encoding="utf-8")
    with guarded.watching():
        document = json.dumps({"@context": context.as_uri(), "@id": "urn:x", "p": 1})
        rdflib.Graph().parse(data=document, format="json-ld")
    assert str(context) in guarded.opened


@pytest.mark.parametrize(
    ("document", "pointer"),
    [
        (
            {"@context": {"@import": "https://example.org/ctx.jsonld"}, "@type": "Disclosure"},
            "/@context/@import",
        ),
        ({"@context": AISTD, "footprints": [{"@context": "https://example.org/c", "stage": "x"}]}, None),
        (
            {"@context": {"p": {"@id": "urn:p", "@context": "https://example.org/scoped"}}},
            "/@context/p/@context",
        ),
        ({"@context": "https://w3id.org/aistd-lookalike/context.jsonld", "@type": "Disclosure"}, "/@context"),
    ],
)
def test_contexts_anywhere_are_resolved_or_refused(document: dict[str, Any], pointer: str | None) -> None:
    findings = validate_rdf(document)
    assert rules(findings) == {"rdf.remote-context"}
    if pointer is not None:
        assert findings[0].pointer == pointer


@pytest.mark.parametrize(
    "reference",
    [
        "https://w3id.org/aistd/aistd.context.jsonld",
        "https://w3id.org/aistd/",
        "aistd.context.jsonld",
        artifacts.JSONLD_CONTEXT.resolve().as_uri(),
    ],
)
def test_the_aistd_context_resolves_to_the_bundled_copy(reference: str, guarded: AccessLog) -> None:
    document = json.loads((DATA / "disclosure.jsonld").read_text(encoding="utf-8"))
    document["@context"] = [reference, {"@import": reference}]
    with guarded.watching():
        assert validate_rdf(document) == []
    assert guarded.network == []


def test_the_bundled_context_makes_uri_slots_iris() -> None:
    """gen-jsonld-context types `uri` slots as xsd:anyURI literals, gen-shacl wants IRIs: fixed on loading.

    With the context as generated, a valid model card fails `sh:nodeKind sh:IRI`."""
    assert all(bundled_context()[slot]["@type"] == "@id" for slot in ("model_card", "url", "statement"))
    as_generated = dict(bundled_context(), model_card={"@id": "model_card", "@type": "xsd:anyURI"})
    document = json.loads((DATA / "disclosure.jsonld").read_text(encoding="utf-8"))
    document["@context"] = as_generated
    findings = validate_rdf(document)
    assert [(f.rule, f.pointer) for f in findings] == [
        ("shacl.NodeKindConstraintComponent", "/ai_systems/0/model_card")
    ]


@pytest.mark.parametrize("engine", ["shacl", "pyshacl"])
def test_owl_imports_are_noted_and_never_followed(engine: str, guarded: AccessLog) -> None:
    path = DATA / "imports.ttl"
    with guarded.watching():
        findings = validate_rdf(path, engine=engine)
    assert [(f.rule, f.severity) for f in findings] == [("rdf.imports-ignored", Severity.INFO)] * 2
    assert {f.message for f in findings} == {
        "owl:imports <http://127.0.0.1:9/aistd-shapes.ttl> was not followed",
        "owl:imports <file:///etc/passwd> was not followed",
    }
    assert guarded.network == []
    assert only_allowed_files(guarded.opened, path) == []


# --- plain YAML/JSON: types injected ------------------------------------------------------------------


def test_type_injection_makes_a_violation_visible() -> None:
    """Without types no shape targets anything and SHACL passes vacuously; with them the unit is caught."""
    data = load_path(EXAMPLES / "invalid" / "EnergyQuantity-unit-is-mass.yaml").data
    graph = disclosure_graph(data)
    untyped = dataclasses.replace(
        graph,
        text="".join(line for line in graph.text.splitlines(True) if "22-rdf-syntax-ns#type" not in line),
    )
    for engine in ("shacl", "pyshacl"):
        assert shacl_results(untyped, engine) == []
        assert {r.component for r in shacl_results(graph, engine)} == {"InConstraintComponent"}


def test_the_root_is_a_disclosure_and_nested_objects_take_their_slot_range() -> None:
    graph = data_graph(EXAMPLES / "valid" / "Disclosure-fine-tune.json")
    typed = {
        line.split(" ")[2].strip("<>").removeprefix(AISTD)
        for line in graph.text.splitlines()
        if "22-rdf-syntax-ns#type" in line
    }
    assert {"Disclosure", "Organization", "Period", "AISystem", "StageFootprint", "EnergyQuantity"} <= typed
    assert graph.node_pointers["urn:aistd:node:/reporting_period"] == "/reporting_period"


def test_enum_text_stays_a_literal_because_the_shapes_list_literals() -> None:
    """gen-shacl emitted `sh:in` lists of plain literals for enums, so enum text is not made an IRI."""
    for params in shape_constraints().values():
        for value in params.get("in", []):
            assert not value.startswith(("http://", "https://")), value


def test_class_hierarchy_becomes_subclass_triples(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each class with a parent (every quantity class is a Quantity) brings its rdfs:subClassOf triples."""
    assert vocabulary().ancestors["EnergyQuantity"] == ("Quantity",)
    with_parent = dataclasses.replace(vocabulary(), ancestors={"EnergyQuantity": ("Quantity",)})
    monkeypatch.setattr(ntriples, "vocabulary", lambda: with_parent)
    text = disclosure_graph(load_path(VALID_FILES[0]).data).text
    subclass_of = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    triple = f"<{AISTD}EnergyQuantity> {subclass_of} <{AISTD}Quantity> .\n"
    assert text.count(triple) == 1


def test_naming_unnamed_nodes_cannot_change_a_verdict() -> None:
    """The converter names nodes by JSON pointer (skolem IRIs): safe while no shape requires a blank node."""
    import rdflib
    from rdflib.namespace import SH

    shapes = rdflib.Graph().parse(artifacts.SHACL_SHAPES, format="turtle")
    kinds = set(shapes.objects(None, SH.nodeKind))
    assert kinds <= {SH.IRI, SH.Literal, SH.BlankNodeOrIRI}


def test_quantity_classes_keep_their_own_unit_ranges_in_shacl() -> None:
    """DESIGN §4: a slot_usage narrowing `unit` per quantity class must reach the shapes intact."""
    defs = json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))["$defs"]
    quantities = [
        name
        for name, spec in defs.items()
        if {"value", "unit"} <= set(spec.get("properties", {})) and "$ref" in spec["properties"]["unit"]
    ]
    assert len(quantities) >= 10
    for name in quantities:
        enum_name = defs[name]["properties"]["unit"]["$ref"].rsplit("/", 1)[-1]
        params = shape_constraints()[(AISTD + name, AISTD + "unit")]
        assert sorted(params["in"]) == sorted(defs[enum_name]["enum"]), name
        assert params["minCount"] == 1 and params["maxCount"] == 1, name
        minimum = defs[name]["properties"]["value"].get("minimum")
        assert shape_constraints()[(AISTD + name, AISTD + "value")].get("minInclusive") == minimum, name


# --- SHACL against JSON Schema on the examples ------------------------------------------------------


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_every_valid_example_conforms(path: Path) -> None:
    assert validate_rdf(path) == []


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_shacl_rejects_what_json_schema_rejects(path: Path) -> None:
    findings = errors(validate_rdf(path))
    if path.name in EXPECTED_MISSES:
        assert findings == [], f"{path.name} is now caught: take it off EXPECTED_MISSES"
        return
    expected = EXPECTED[path.name]["pointer"]
    assert findings, f"SHACL accepts {path.name}: {EXPECTED[path.name]['reason']}"
    assert all(f.rule.startswith("shacl.") and f.line is not None for f in findings)
    pointers = [f.pointer for f in findings]
    assert any(p == expected or p.startswith(expected + "/") for p in pointers), (expected, pointers)


def test_the_miss_list_names_real_examples() -> None:
    assert set(EXPECTED_MISSES) <= {p.name for p in INVALID_FILES}
    assert len(INVALID_FILES) - len(EXPECTED_MISSES) >= 80


# --- the two engines agree ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*VALID_FILES, *INVALID_FILES, *FIXTURES], ids=lambda p: p.name)
def test_pyshacl_agrees_with_the_native_engine(path: Path) -> None:
    native = validate_rdf(path, engine="shacl")
    reference = validate_rdf(path, engine="pyshacl")
    assert bool(errors(native)) == bool(errors(reference)), "the verdicts differ"
    assert set(native) == set(reference), "the findings differ"
    try:
        graph = data_graph(path)
        results = {engine: {r.key() for r in shacl_results(graph, engine)} for engine in ("shacl", "pyshacl")}
    except rdf_loading.RdfLoadError:
        return
    assert results["shacl"] == results["pyshacl"], "the (component, path, focus, value) sets differ"


# --- import hygiene ----------------------------------------------------------------------------------


def test_importing_the_rdf_modules_loads_no_rdf_library() -> None:
    code = (
        "import sys, aistd\n"
        "assert not any(m.startswith('aistd.rdf') for m in sys.modules)\n"
        "import aistd.check.shacl, aistd.load.rdf\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'shacl', 'pyshacl', 'pyld'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- findings in RDF text have a line and column ------------------------------------------------------------

TURTLE_WITH_A_BAD_STAGE = """@prefix aistd: <https://w3id.org/aistd/> .
@prefix ex: <urn:example:> .

ex:d a aistd:Disclosure ;
    aistd:schema_version "0.2.0" ;
    aistd:footprints ex:f .

ex:f a aistd:StageFootprint ;
    aistd:system "s" ;
      aistd:stage "bogus" .
"""


def test_a_shacl_finding_in_turtle_is_placed_at_its_node_or_property(tmp_path: Path) -> None:
    """The missing reporting entity at the disclosure's first line, the bad stage at the line that states it."""
    path = tmp_path / "d.ttl"
    path.write_text(TURTLE_WITH_A_BAD_STAGE, encoding="utf-8")
    places = {(f.rule, f.message.split(":")[-1].strip()[:20]): (f.line, f.column) for f in validate_rdf(path)}
    assert places[("shacl.MinCountConstraintComponent", "Disclosure.reporting")] == (4, 1)
    (stage,) = [place for (rule, _), place in places.items() if rule == "shacl.InConstraintComponent"]
    assert stage == (10, 7)


def test_a_shacl_finding_in_n_triples_and_rdf_xml_is_placed_at_its_statement(tmp_path: Path) -> None:
    triples = tmp_path / "d.nt"
    triples.write_text(
        "<urn:d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/aistd/Disclosure> .\n"
        '<urn:d> <https://w3id.org/aistd/schema_version> "0.2.0" .\n'
        "<urn:d> <https://w3id.org/aistd/footprints> <urn:f> .\n"
        "<urn:f> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/aistd/StageFootprint> .\n"
        '<urn:f> <https://w3id.org/aistd/stage> "bogus" .\n',
        encoding="utf-8",
    )
    found = {f.rule: (f.line, f.column) for f in validate_rdf(triples) if f.rule.startswith("shacl.In")}
    assert found == {"shacl.InConstraintComponent": (5, 9)}
    xml = tmp_path / "d.rdf"
    xml.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:aistd="https://w3id.org/aistd/">\n'
        '  <aistd:Disclosure rdf:about="urn:d">\n    <aistd:schema_version>0.2.0</aistd:schema_version>\n'
        "  </aistd:Disclosure>\n</rdf:RDF>\n",
        encoding="utf-8",
    )
    lines = {f.line for f in validate_rdf(xml) if f.rule == "shacl.MinCountConstraintComponent"}
    assert lines == {3}


def test_a_node_is_placed_at_its_statement_past_100000_mentions_on_one_line() -> None:
    """A node named 100,000 times on one line before the statement it starts: the statement is its place."""
    from aistd.load.rdf.places import place

    text = "<urn:x> <urn:p> " + "   <urn:d>" * 100_000 + " .\n<urn:d> <urn:q> <urn:y> .\n"
    assert place(text, "ntriples", "urn:d", None) == (2, 1)
    assert place(text, "ntriples", "urn:nowhere", None) is None


def test_a_date_the_native_engine_cannot_hold_is_a_finding_not_a_panic(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Found by the validate-rdf fuzz target: an xsd:date with a year of 86 digits made the Rust engine panic
    (a PanicException, which is no Exception) and print its backtrace note on standard error."""
    pytest.importorskip("shacl")
    path = tmp_path / "d.ttl"
    path.write_text(
        "@prefix aistd: <https://w3id.org/aistd/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<urn:d> a aistd:Disclosure ; aistd:schema_version "0.2.0" ;\n'
        '  aistd:reporting_period [ a aistd:Period ; aistd:start_date "' + "1" * 86 + '2025-01-01"^^xsd:date ;\n'
        '    aistd:end_date "2025-02-28"^^xsd:date ] .\n',
        encoding="utf-8",
    )
    (found,) = validate_rdf(path)
    assert found.rule == "load.malformed" and "the SHACL engine cannot read a value" in found.message
    assert "panicked" not in capfd.readouterr().err
