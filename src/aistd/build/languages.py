"""The ontology's labels and definitions in each language, as language-tagged literals (build time).

The schema gives every class, slot, enumeration and value an English `title` and `description`, and a French
label and definition as a structured alias with `in_language: fr` (its `source` says whether the French label
is taken from an official French text or is aistd's translation; definitions are always aistd's own words). The
LinkML generators write none of that with a language tag, so the build adds it: to the OWL as `skos:prefLabel` and
`skos:definition` literals tagged `@en` and `@fr`, and as a JSON-LD document of the same statements
(`aistd.labels.jsonld`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import Literal

SKOS = "http://www.w3.org/2004/02/skos/core#"
FRENCH = "fr"
FRENCH_SOURCE = "french_source"
"""The aistd property naming where an element's French label and definition come from."""


@dataclass(frozen=True)
class Labels:
    """One element's IRI and its labels, definitions and acronyms, by language."""

    iri: str
    labels: dict[str, str]
    definitions: dict[str, str]
    acronyms: tuple[str, ...]
    french_source: str | None


def _french(element: Any) -> Any:
    """The element's French structured alias, or None."""
    found = [alias for alias in element.structured_aliases or [] if alias.in_language == FRENCH]
    return found[0] if found else None


def _labels(iri: str, element: Any, view: Any) -> Labels:
    french = _french(element)
    labels = {"en": str(element.title)} if element.title else {}
    definitions = {"en": " ".join(str(element.description).split())} if element.description else {}
    if french is not None:
        labels[FRENCH] = str(french.literal_form)
        if french.description:
            definitions[FRENCH] = " ".join(str(french.description).split())
    source = None if french is None or not french.source else view.expand_curie(str(french.source))
    return Labels(iri, labels, definitions, tuple(str(a) for a in element.aliases or ()), source)


def element_labels(view: Any) -> Iterator[Labels]:
    """Every class, slot, enumeration and enumeration value the schema defines, with its labels, in IRI order."""
    found: list[Labels] = []
    for name, element in view.all_classes().items():
        found.append(_labels(view.get_uri(name, expand=True), element, view))
    for element in view.all_slots().values():
        found.append(_labels(view.get_uri(element, expand=True), element, view))
    for name, enum in view.all_enums().items():
        enum_iri = view.get_uri(name, expand=True)
        found.append(_labels(enum_iri, enum, view))
        for value_name, value in (enum.permissible_values or {}).items():
            found.append(_labels(f"{enum_iri}#{value_name}", value, view))
    yield from sorted((labels for labels in found if labels.labels), key=lambda labels: labels.iri)


def _literal(text: str, language: str) -> str:
    return str(Literal(text, lang=language).n3())


def owl_statements(view: Any, namespace: str) -> str:
    """Turtle statements to append to the generated OWL: each element's tagged labels and definitions."""
    lines = ["\n# Labels and definitions by language (skos:prefLabel, skos:definition; @en and @fr)\n"]
    for labels in element_labels(view):
        parts = [f"<{SKOS}prefLabel> " + " , ".join(_literal(t, lang) for lang, t in sorted(labels.labels.items()))]
        if labels.definitions:
            tagged = " , ".join(_literal(t, lang) for lang, t in sorted(labels.definitions.items()))
            parts.append(f"<{SKOS}definition> {tagged}")
        if labels.french_source:
            parts.append(f"<{namespace}{FRENCH_SOURCE}> <{labels.french_source}>")
        lines.append(f"<{labels.iri}> " + " ;\n\t".join(parts) + " .\n")
    return "".join(lines)


def labels_document(view: Any, namespace: str) -> dict[str, Any]:
    """The JSON-LD document of every element's labels, definitions and acronyms, tagged by language."""
    graph = []
    for labels in element_labels(view):
        node: dict[str, Any] = {
            "@id": labels.iri,
            "skos:prefLabel": [{"@value": t, "@language": lang} for lang, t in sorted(labels.labels.items())],
        }
        if labels.definitions:
            node["skos:definition"] = [
                {"@value": t, "@language": lang} for lang, t in sorted(labels.definitions.items())
            ]
        if labels.acronyms:
            node["skos:altLabel"] = list(labels.acronyms)
        if labels.french_source:
            node[f"aistd:{FRENCH_SOURCE}"] = {"@id": labels.french_source}
        graph.append(node)
    context = {"skos": SKOS, "aistd": namespace}
    return {"@context": context, "@graph": graph}


def labels_jsonld_text(view: Any, namespace: str) -> str:
    """`labels_document` as indented JSON text."""
    return json.dumps(labels_document(view, namespace), indent=2, ensure_ascii=False) + "\n"
