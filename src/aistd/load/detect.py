"""What a file is, told in one place: by its name (disclosure YAML/JSON, another format's file, RDF, a
dataset) and, when the name does not say, by its first characters."""

from __future__ import annotations

from pathlib import PurePath

DISCLOSURE_SUFFIXES = (".yaml", ".yml", ".json")
CONVERTIBLE_SUFFIXES = (".csv", ".md", ".markdown")
RDF_SYNTAXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".rdf": "rdfxml"}
RDF_SUFFIXES = tuple(RDF_SYNTAXES)
PARQUET_SUFFIXES = (".parquet", ".pq")


def suffix(path: str | PurePath) -> str:
    """A file's suffix in lower case: suffixes are compared without regard to case everywhere."""
    return PurePath(path).suffix.lower()


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
