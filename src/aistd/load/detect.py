"""What a file is, told in one place: by its name (disclosure YAML/JSON, another format's file, RDF, a
dataset) and, when the name does not say, by its first characters: a table of each format's signature,
asked in detection order."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import PurePath

from aistd.load.document import LoadError
from aistd.model.message import says

DISCLOSURE_SUFFIXES = (".yaml", ".yml", ".json")
CONVERTIBLE_SUFFIXES = (".csv", ".md", ".markdown", ".xml", ".textproto", ".txtpb", ".pbtxt")
BINARY_SUFFIXES = (".cdx.bin", ".cdx.pb")
"""Files in a binary encoding (CycloneDX protobuf): read as bytes, never decoded as text."""
MARKDOWN_SUFFIXES = (".md", ".markdown")
RDF_SYNTAXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".rdf": "rdfxml"}
RDF_SUFFIXES = tuple(RDF_SYNTAXES)
PARQUET_SUFFIXES = (".parquet", ".pq")

CODECARBON_COLUMNS = frozenset({"timestamp", "duration", "emissions", "energy_consumed"})
"""Columns every CodeCarbon emissions.csv has had since v1.x: a header without them is not CodeCarbon's."""
ECO2AI_ENERGY = frozenset({"power_consumption(kWh)", "power_consumption(kWTh)"})
ECO2AI_DURATION = frozenset({"duration(s)", "time(s)"})
"""With CO2_emissions(kg), the columns every eco2AI emission.csv has had (kWTh and time(s): its early names)."""
MLPERF_COLUMNS = (
    frozenset({"Units"}),
    frozenset({"Result", "Avg. Result at System Name"}),
    frozenset({"SystemName", "System Name"}),
    frozenset({"Model", "Model MLC", "MlperfModel"}),
    frozenset({"has_power", "Public ID"}),
)
"""One name of each group: the submission checker's summary.csv (has_power) or an export of the results tables."""
ML_ENERGY_CONFIGURATION_KEYS = ("configurations", "gpu_model", "num_gpus", "avg_power_watts")
ML_ENERGY_INDEX_KEYS = ("models", "tasks", "architectures", "last_updated", "total_params_billions")
ENVIRONMENTAL_IMPACT = r"(?i)environmental\s+impact"
"""The heading of a model card's section on its footprint (a pattern: compiled on first use, by `re`)."""
_CARD_KEYS = r"(?m)^(co2_eq_emissions|pipeline_tag|library_name|base_model|model-index|datasets)\s*:"
_CARD_FOOTPRINT_WORDS = ("greenhouse gas emissions", "carbon emitted", "co2eq", "co2 emissions", "co2e emissions")
"""Words of a card's footprint figures (a Llama-style emissions table, a template bullet) in a Markdown file with
neither front matter nor an Environmental Impact heading (a repository's MODEL_CARD.md)."""
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


def is_binary_file(path: str | PurePath) -> bool:
    """A file in a binary encoding aistd reads (a CycloneDX protobuf BOM)."""
    return str(path).lower().endswith(BINARY_SUFFIXES)


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


def _first_csv_row(text: str) -> list[str] | None:
    """The cells of the first non-blank line (comma- or, with no comma, tab-separated), None when unreadable."""
    import csv

    for line in text[:8192].splitlines():
        if line.strip():
            try:
                return next(csv.reader([line], delimiter="\t" if "\t" in line and "," not in line else ","))
            except csv.Error:
                return None
    return None


def is_eco2ai_header(cells: list[str]) -> bool:
    """A CSV row that names eco2AI's emissions, energy and duration columns with the units in their names."""
    names = {cell.strip() for cell in cells}
    return "CO2_emissions(kg)" in names and bool(names & ECO2AI_ENERGY) and bool(names & ECO2AI_DURATION)


def is_mlperf_header(cells: list[str]) -> bool:
    """A CSV row of an MLPerf results summary: a result with its Units label, per system and benchmark."""
    names = {cell.strip() for cell in cells}
    return all(names & group for group in MLPERF_COLUMNS)


def _eco2ai(path: str, text: str) -> bool:
    """A first non-blank line that is an eco2AI emission.csv header."""
    cells = _first_csv_row(text)
    return cells is not None and is_eco2ai_header(cells)


def _mlperf_power(path: str, text: str) -> bool:
    """A first non-blank line that is the header of an MLPerf results summary."""
    cells = _first_csv_row(text)
    return cells is not None and is_mlperf_header(cells)


def _ml_energy(path: str, text: str) -> bool:
    """A JSON object with the ML.ENERGY Leaderboard's configurations, or its index of models and tasks."""
    if text.lstrip("\ufeff \t\r\n")[:1] != "{":
        return False
    return all(f'"{key}"' in text for key in ML_ENERGY_CONFIGURATION_KEYS) or all(
        f'"{key}"' in text for key in ML_ENERGY_INDEX_KEYS
    )


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
    lowered = head.lower()
    return bool(
        (front and re.search(_CARD_KEYS, front.text))
        or re.search(_CARD_TEMPLATE_BULLET, head)
        or any(re.search(ENVIRONMENTAL_IMPACT, title) for title in heading_titles(head))
        or any(words in lowered for words in _CARD_FOOTPRINT_WORDS)
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
    ("eco2ai", _eco2ai),
    ("mlperf-power", _mlperf_power),
    ("ml-energy", _ml_energy),
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
    shown = PurePath(path).suffix
    if not shown:
        raise UnknownFormatError(
            says("cannot tell which format this is (no suffix); name it with {option}", option="--from")
        )
    raise UnknownFormatError(
        says("cannot tell which format this is ({suffix}); name it with {option}", suffix=shown, option="--from")
    )
