"""Every class, slot, enumeration and value has an English title and a French label and definition, in the
schema and in the published OWL and JSON-LD as language-tagged literals."""

from __future__ import annotations

import json
from typing import Any

import pytest
import rdflib
from linkml_runtime.utils.schemaview import SchemaView
from rdflib.namespace import SKOS

from aistd.knowledge import artifacts

AISTD = "https://w3id.org/aistd/"
TRANSLATION = AISTD + "translation"


def _elements() -> list[tuple[str, Any]]:
    view = SchemaView(str(artifacts.MERGED_SCHEMA))
    found: list[tuple[str, Any]] = [(f"class {n}", e) for n, e in view.all_classes().items()]
    found += [(f"slot {n}", e) for n, e in view.all_slots().items()]
    for name, enum in view.all_enums().items():
        found.append((f"enum {name}", enum))
        found += [(f"value {name}.{v}", value) for v, value in (enum.permissible_values or {}).items()]
    return found


def _french(element: Any) -> list[Any]:
    return [alias for alias in element.structured_aliases or [] if alias.in_language == "fr"]


def test_every_element_has_an_english_title_that_is_not_its_code() -> None:
    """A human title: words, not the code's underscores (a one-word code may be its own title: "Modality")."""
    missing = [name for name, element in _elements() if not element.title]
    assert missing == []
    codes = [name for name, element in _elements() if "_" in str(element.title)]
    assert codes == []


def test_every_element_has_one_french_label_definition_and_source() -> None:
    problems = []
    for name, element in _elements():
        french = _french(element)
        if len(french) != 1:
            problems.append(f"{name}: {len(french)} French aliases")
            continue
        (alias,) = french
        if not alias.literal_form or not alias.description or not alias.source:
            problems.append(f"{name}: French label, definition or source missing")
        elif str(alias.description).strip() == str(element.description or "").strip():
            problems.append(f"{name}: the French definition is the English one")
    assert problems == []


def test_labels_read_in_an_official_french_text_name_it() -> None:
    official = {
        name: str(alias.source)
        for name, element in _elements()
        for alias in _french(element)
        if alias.source and str(alias.source) != "aistd:translation"
    }
    assert all(source.startswith("https://") for source in official.values()), official
    for kpi in ("pue", "wue", "erf", "ref", "cue"):  # ISO/IEC 30134-x, French titles of the French editions
        assert "30134" in official[f"slot {kpi}"], kpi
    assert len(official) >= 10


@pytest.fixture(scope="module")
def owl() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(artifacts.OWL_ONTOLOGY, format="turtle")
    return graph


@pytest.fixture(scope="module")
def labels() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=artifacts.LABELS.read_text(encoding="utf-8"), format="json-ld")
    return graph


def _tagged(graph: rdflib.Graph, predicate: rdflib.URIRef, language: str) -> set[str]:
    return {
        str(s) for s, o in graph.subject_objects(predicate) if isinstance(o, rdflib.Literal) and o.language == language
    }


@pytest.mark.parametrize("which", ["owl", "labels"])
def test_the_published_ontology_labels_every_element_in_english_and_french(which: str, request: Any) -> None:
    graph: rdflib.Graph = request.getfixturevalue(which)
    elements = len(_elements())
    for predicate in (SKOS.prefLabel, SKOS.definition):
        for language in ("en", "fr"):
            assert len(_tagged(graph, predicate, language)) == elements, (predicate, language)


def test_the_pue_slot_reads_in_both_languages_in_the_owl(owl: rdflib.Graph) -> None:
    pue = rdflib.URIRef(AISTD + "pue")
    labels = {o.language: str(o) for o in owl.objects(pue, SKOS.prefLabel)}
    assert labels["en"] == "Power usage effectiveness"
    assert labels["fr"] and labels["fr"] != labels["en"]
    sources = set(owl.objects(pue, rdflib.URIRef(AISTD + "french_source")))
    assert len(sources) == 1


def test_the_labels_document_is_json_ld_with_a_context() -> None:
    document = json.loads(artifacts.LABELS.read_text(encoding="utf-8"))
    assert document["@context"]["skos"] == str(SKOS)
    first = document["@graph"][0]
    assert {"@id", "skos:prefLabel"} <= set(first)
