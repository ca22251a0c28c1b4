"""Read the hand-curated SSSOM mapping sets under `mappings/` (build time).

The SSSOM library validates these files (in the test suite); it drops the declared extension columns
when it parses them, so this module reads the embedded YAML metadata and the rows directly, keeping
every column, and compiles them into the table the runtime uses.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SSSOM_SUFFIX = ".sssom.tsv"
PREDICATE_SLOTS = {
    "skos:exactMatch": "exact_mappings",
    "skos:closeMatch": "close_mappings",
    "skos:broadMatch": "broad_mappings",
    "skos:narrowMatch": "narrow_mappings",
    "skos:relatedMatch": "related_mappings",
}
SHARED_PREFIXES = {"aistd", "skos", "semapv", "sssom", "owl", "rdf", "rdfs", "xsd"}


class MappingSetError(ValueError):
    """A mapping set that cannot be read: broken header, missing column, bad value."""


@dataclass(frozen=True)
class Mapping:
    """One row of a mapping set, with the aistd-specific extension columns."""

    vocabulary: str
    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    mapping_justification: str
    confidence: float | None
    object_unit: str
    unit_conversion_factor: float | None
    boundary_difference: str
    provisional: bool
    reference_term: str
    comment: str
    reference_confidence: str
    """How the content the row rests on was read: verified-from-source, secondary-source or recalled."""

    @property
    def subject_name(self) -> str:
        """The aistd name of the subject: a slot, a class, or `Enum.value`."""
        return self.subject_id.split(":", 1)[1]

    def as_dict(self) -> dict[str, Any]:
        """The row as plain data, for the compiled table."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass
class MappingSet:
    """One `<vocabulary>.sssom.tsv` file: its metadata and its rows."""

    vocabulary: str
    path: Path
    metadata: dict[str, Any]
    mappings: list[Mapping] = field(default_factory=list)

    @property
    def prefixes(self) -> dict[str, str]:
        """The file's own CURIE map."""
        return dict(self.metadata.get("curie_map") or {})

    @property
    def vocabulary_prefixes(self) -> dict[str, str]:
        """The prefixes that name this vocabulary's terms (the curie_map less the shared ones)."""
        return {p: iri for p, iri in self.prefixes.items() if p not in SHARED_PREFIXES}

    @property
    def reference_sources(self) -> list[str]:
        """The reference-catalogue groups this vocabulary covers."""
        return list(self.metadata.get("reference_sources") or [])

    @property
    def out_of_scope(self) -> dict[str, str]:
        """Catalogue terms deliberately left unmapped, each with its reason."""
        return dict(self.metadata.get("out_of_scope") or {})

    def summary(self) -> dict[str, Any]:
        """The set's metadata for the compiled table."""
        return {
            "file": f"mappings/{self.path.name}",
            "mapping_set_id": self.metadata.get("mapping_set_id"),
            "title": self.metadata.get("mapping_set_title"),
            "description": self.metadata.get("mapping_set_description"),
            "prefixes": self.vocabulary_prefixes,
            "reference_sources": self.reference_sources,
            "out_of_scope": self.out_of_scope,
        }


def _number(text: str, column: str, where: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise MappingSetError(f"{where}: {column} {text!r} is not a number") from None


def _boolean(text: str, where: str) -> bool:
    value = text.strip().lower()
    if value not in ("true", "false", ""):
        raise MappingSetError(f"{where}: provisional {text!r} is not true or false")
    return value == "true"


READING_LEVELS = ("verified-from-source", "secondary-source", "recalled")


def _confidence(text: str, where: str) -> str:
    """A row's reading level: every row says how the content it rests on was read."""
    level = text.strip()
    if level not in READING_LEVELS:
        raise MappingSetError(
            f"{where}: reference_confidence must be one of {', '.join(READING_LEVELS)}, not {level!r}"
        )
    return level


def read_mapping_set(path: Path) -> MappingSet:
    """Read one SSSOM TSV file with embedded `#` metadata."""
    header: list[str] = []
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        (header if line.startswith("#") and not body else body).append(line)
    try:
        metadata = yaml.safe_load("".join(line[1:] for line in header)) or {}
    except yaml.YAMLError as error:
        raise MappingSetError(f"{path.name}: broken metadata header: {error}") from None
    vocabulary = path.name.removesuffix(SSSOM_SUFFIX)
    mapping_set = MappingSet(vocabulary, path, metadata)
    for number, row in enumerate(csv.DictReader(io.StringIO("".join(body)), delimiter="\t"), start=2):
        where = f"{path.name} row {number}"
        try:
            mapping_set.mappings.append(
                Mapping(
                    vocabulary=vocabulary,
                    subject_id=row["subject_id"].strip(),
                    subject_label=(row.get("subject_label") or "").strip(),
                    predicate_id=row["predicate_id"].strip(),
                    object_id=row["object_id"].strip(),
                    object_label=(row.get("object_label") or "").strip(),
                    mapping_justification=row["mapping_justification"].strip(),
                    confidence=_number(row.get("confidence") or "", "confidence", where),
                    object_unit=(row.get("object_unit") or "").strip(),
                    unit_conversion_factor=_number(
                        row.get("unit_conversion_factor") or "", "unit_conversion_factor", where
                    ),
                    boundary_difference=(row.get("boundary_difference") or "").strip(),
                    provisional=_boolean(row.get("provisional") or "", where),
                    reference_term=(row.get("reference_term") or "").strip(),
                    comment=(row.get("comment") or "").strip(),
                    reference_confidence=_confidence(row.get("reference_confidence") or "", where),
                )
            )
        except KeyError as error:
            raise MappingSetError(f"{where}: missing column {error}") from None
    return mapping_set


def read_mapping_sets(folder: Path) -> list[MappingSet]:
    """Every mapping set of a folder, sorted by vocabulary name."""
    return [read_mapping_set(path) for path in sorted(folder.glob("*" + SSSOM_SUFFIX))]


def compile_mapping_table(sets: list[MappingSet], canonical_units: dict[str, str | None]) -> dict[str, Any]:
    """The runtime's crosswalk table: vocabularies with their metadata, and every row.

    `canonical_units` gives the canonical UCUM unit of each aistd indicator, so that each row states
    what its conversion factor converts to.
    """
    rows = []
    for mapping_set in sets:
        for mapping in mapping_set.mappings:
            row = mapping.as_dict()
            row["subject_unit"] = canonical_units.get(mapping.subject_name)
            rows.append(row)
    rows.sort(key=lambda r: (r["vocabulary"], r["subject_id"], r["predicate_id"], r["object_id"]))
    return {
        "vocabularies": {s.vocabulary: s.summary() for s in sets},
        "mappings": rows,
    }
