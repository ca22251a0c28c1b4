"""What a file is, told in one place: by its name (disclosure YAML/JSON, another format's file, RDF, a
dataset) and, when the name does not say, by its first characters: a table of each format's signature,
asked in detection order."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import PurePath

from aistd.load.document import LoadError

DISCLOSURE_SUFFIXES = (".yaml", ".yml", ".json")
CONVERTIBLE_SUFFIXES = (".csv", ".md", ".markdown")
MARKDOWN_SUFFIXES = (".md", ".markdown")
RDF_SYNTAXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".rdf": "rdfxml"}
RDF_SUFFIXES = tuple(RDF_SYNTAXES)
PARQUET_SUFFIXES = (".parquet", ".pq")

CODECARBON_COLUMNS = frozenset({"timestamp", "duration", "emissions", "energy_consumed"})
"""Columns every CodeCarbon emissions.csv has had since v1.x: a header without them is not CodeCarbon's."""
ENVIRONMENTAL_IMPACT = r"(?i)environmental\s+impact"
"""The heading of a model card's section on its footprint (a pattern: compiled on first use, by `re`)."""
_CARD_KEYS = r"(?m)^(co2_eq_emissions|pipeline_tag|library_name|base_model|model-index|datasets)\s*:"
_CARD_TEMPLATE_BULLET = r"(?im)^\s*[-*+]\s+\*\*(carbon emitted|hardware type|compute region)\b"


class UnknownFormatError(ValueError):
    """A text no format recognises as its own."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def suffix(path: str | PurePath) -> str:
    """A file's suffix in lower case: suffixes are compared without regard to case everywhere."""
    name = path.name if isinstance(path, PurePath) else os.path.basename(path)
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def is_disclosure_file(path: str | PurePath) -> bool:
    """A YAML or JSON file: an aistd disclosure, or another format written in YAML or JSON."""
    return suffix(path) in DISCLOSURE_SUFFIXES


def is_convertible_file(path: str | PurePath) -> bool:
    """A file only another format writes (CSV, Markdown): converted before it is checked."""
    return suffix(path) in CONVERTIBLE_SUFFIXES


def is_rdf_file(path: str | PurePath) -> bool:
    """An RDF file (Turtle, N-Triples, JSON-LD, RDF/XML): validated with SHACL under --rdf."""
    return suffix(path) in RDF_SYNTAXES


def syntax_of(path: str, text: str) -> str:
    """'json' when the name or the first character says JSON, otherwise 'yaml'."""
    if suffix(path) in (".json", ".jsonld"):
        return "json"
    if suffix(path) in (".yaml", ".yml"):
        return "yaml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def is_codecarbon_header(cells: list[str]) -> bool:
    """A CSV row that names every column CodeCarbon has always written."""
    return {cell.strip() for cell in cells} >= CODECARBON_COLUMNS


def _cyclonedx(path: str, text: str) -> bool:
    """A JSON BOM with bomFormat CycloneDX, or a CycloneDX XML or protobuf-text BOM (refused on reading)."""
    head = text[:4096]
    if re.search(r'"bomFormat"\s*:\s*"CycloneDX"', head):
        return True
    if "<bom" in head and "cyclonedx.org/schema/bom" in head:
        return True
    return "proto-message: Bom" in head or "proto-file: schema/bom-" in head


def _spdx3(path: str, text: str) -> bool:
    """JSON whose @context is an SPDX 3 context."""
    head = text[:4096]
    return (
        text.lstrip("\ufeff \t\r\n")[:1] == "{" and re.search(r"spdx\.org/rdf/3[.\d]*/spdx-context", head) is not None
    )


def _boamps(path: str, text: str) -> bool:
    """A JSON object with `measures` beside `task`, `infrastructure` or `header`; or the flattened CSV header."""
    head = text.lstrip()[:200000]
    if head.startswith("{"):
        return '"measures"' in head and any(f'"{key}"' in head for key in ("task", "infrastructure", "header"))
    first = head.split("\n", 1)[0]
    return "measures_0_" in first and ("header_" in first or "task_" in first)


def _impact_framework(path: str, text: str) -> bool:
    """A YAML mapping with a top-level `tree` and an `initialize` or `name` beside it."""
    return bool(re.search(r"(?m)^tree:[ \t]*(#.*)?$", text) and re.search(r"(?m)^(initialize|name):", text))


def _codecarbon(path: str, text: str) -> bool:
    """A first non-blank line that is a CodeCarbon header."""
    import csv

    for line in text[:8192].splitlines():
        if line.strip():
            try:
                cells = next(csv.reader([line]))
            except csv.Error:
                return False
            return is_codecarbon_header(cells)
    return False


def _hf_card(path: str, text: str) -> bool:
    """Front matter with co2_eq_emissions, or a Markdown file with model-card metadata or the section."""
    from aistd.load.markdown import front_matter, heading_titles

    head = text[:65536].removeprefix("\ufeff")
    try:
        front = front_matter(head)
    except LoadError:
        front = None
    if front is not None and re.search(r"^co2_eq_emissions\s*:", front.text, re.M):
        return True
    if suffix(path) not in MARKDOWN_SUFFIXES:
        return False
    return bool(
        (front and re.search(_CARD_KEYS, front.text))
        or re.search(_CARD_TEMPLATE_BULLET, head)
        or any(re.search(ENVIRONMENTAL_IMPACT, title) for title in heading_titles(head))
    )


def _aistd(path: str, text: str) -> bool:
    """A mapping with `schema_version` and `reporting_entity` at the top."""
    return "schema_version" in text[:4096] and "reporting_entity" in text


SIGNATURES: tuple[tuple[str, Callable[[str, str], bool]], ...] = (
    ("cyclonedx", _cyclonedx),
    ("spdx3", _spdx3),
    ("boamps", _boamps),
    ("impact-framework", _impact_framework),
    ("codecarbon", _codecarbon),
    ("hf-card", _hf_card),
    ("aistd", _aistd),
)
"""Each format's signature, in the order detection asks them (the most specific first)."""


def looks_like(name: str, path: str, text: str) -> bool:
    """True when the text (at `path`) bears the signature of the format `name`."""
    return dict(SIGNATURES)[name](path, text)


def detect_format(path: str, text: str) -> str:
    """The name of the format the text is in; UnknownFormatError when no signature matches."""
    for name, matches in SIGNATURES:
        if matches(path, text):
            return name
    shown = PurePath(path).suffix or "no suffix"
    raise UnknownFormatError(f"cannot tell which format this is ({shown}); name it with --from")
