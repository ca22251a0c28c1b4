"""Read the compiled crosswalks: which external term means what, in which unit, with which boundary.

Everything here reads the committed tables (`aistd.mappings.json`, `aistd.indicators.json`); the
SSSOM files themselves are compiled into them by `aistd build`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aistd.knowledge import artifacts
from aistd.knowledge.indicators import indicator_table

EXACT, CLOSE, BROAD, NARROW, RELATED = (
    "skos:exactMatch",
    "skos:closeMatch",
    "skos:broadMatch",
    "skos:narrowMatch",
    "skos:relatedMatch",
)
PREDICATES = (EXACT, CLOSE, NARROW, BROAD, RELATED)
INVERSE = {EXACT: EXACT, CLOSE: CLOSE, BROAD: NARROW, NARROW: BROAD, RELATED: RELATED}


class UnknownTermError(LookupError):
    """A term or vocabulary that no crosswalk knows."""


@cache
def mapping_table() -> dict[str, Any]:
    """The compiled crosswalk table."""
    return json.loads(artifacts.MAPPING_TABLE.read_text(encoding="utf-8"))


def vocabularies() -> list[str]:
    """The names of every vocabulary with a mapping set."""
    return sorted(mapping_table()["vocabularies"])


def rows(vocabulary: str | None = None) -> list[dict[str, Any]]:
    """Every mapping row, or those of one vocabulary."""
    if vocabulary is not None and vocabulary not in mapping_table()["vocabularies"]:
        raise UnknownTermError(f"no vocabulary {vocabulary!r}; known: {', '.join(vocabularies())}")
    return [r for r in mapping_table()["mappings"] if vocabulary is None or r["vocabulary"] == vocabulary]


def _subject_name(row: dict[str, Any]) -> str:
    return str(row["subject_id"]).split(":", 1)[1]


def term_mappings(term: str) -> tuple[str, list[dict[str, Any]]]:
    """The aistd term a name designates, and every mapping row of that term.

    `term` may be an aistd name (`pue`, `LifecycleStage.training`), an aistd CURIE, or an external CURIE
    or label, in which case the aistd terms it maps to are looked up first.
    """
    name = term.removeprefix("aistd:")
    subjects = {_subject_name(r) for r in rows()}
    if name in subjects or name in indicator_table():
        return name, [r for r in rows() if _subject_name(r) == name]
    matches = sorted({_subject_name(r) for r in rows() if term in (r["object_id"], r["object_label"])})
    if len(matches) == 1:
        return matches[0], [r for r in rows() if _subject_name(r) == matches[0]]
    if matches:
        raise UnknownTermError(f"{term!r} maps to several aistd terms: {', '.join(matches)}; name one")
    raise UnknownTermError(f"no aistd term or mapped external term {term!r}")


def compose(first: str, second: str) -> str:
    """The relation of term A to term B when aistd `first` A and aistd `second` B."""
    if first == EXACT:
        return second
    if second == EXACT:
        return INVERSE[first]
    if first == NARROW and second == BROAD:
        return BROAD
    if first == BROAD and second == NARROW:
        return NARROW
    if first == CLOSE and second == CLOSE:
        return CLOSE
    return RELATED


@dataclass(frozen=True)
class Correspondence:
    """A term of one vocabulary beside a term of another, through the aistd term both map to."""

    aistd_term: str
    source: dict[str, Any]
    target: dict[str, Any]

    @property
    def relation(self) -> str:
        """How the source term relates to the target term."""
        return compose(self.source["predicate_id"], self.target["predicate_id"])

    @property
    def factor(self) -> float | None:
        """Multiply a value in the source's unit by this to get the target's unit, when both are known."""
        to_aistd = self.source["unit_conversion_factor"]
        from_aistd = self.target["unit_conversion_factor"]
        if to_aistd is None or not from_aistd:
            return None
        return float(f"{to_aistd / from_aistd:.12g}")

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "aistd_term": self.aistd_term,
            "from": self.source["object_id"],
            "from_label": self.source["object_label"],
            "from_unit": self.source["object_unit"] or None,
            "relation": self.relation,
            "to": self.target["object_id"],
            "to_label": self.target["object_label"],
            "to_unit": self.target["object_unit"] or None,
            "factor": self.factor,
            "provisional": self.source["provisional"] or self.target["provisional"],
        }


def correspondences(source: str, target: str) -> list[Correspondence]:
    """Every pairing of a `source` term with a `target` term that map to the same aistd term."""
    by_subject: dict[str, list[dict[str, Any]]] = {}
    for row in rows(target):
        by_subject.setdefault(_subject_name(row), []).append(row)
    found = [
        Correspondence(_subject_name(row), row, other)
        for row in rows(source)
        for other in by_subject.get(_subject_name(row), [])
    ]
    return sorted(found, key=lambda c: (c.aistd_term, c.source["object_id"], c.target["object_id"]))


def load_catalogue(path: Path) -> list[dict[str, Any]]:
    """The reference catalogue of real indicator terms (`terms.yaml`)."""
    import yaml

    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["terms"])


def is_quantitative(term: dict[str, Any]) -> bool:
    """A catalogue term that has a unit is quantitative."""
    return bool(term.get("ucum"))


READING_LEVELS = ("verified-from-source", "secondary-source", "recalled")


def reading_levels(rows_of: list[dict[str, Any]]) -> dict[str, int]:
    """How many rows rest on content read at the source, in a secondary source, or recalled."""
    found = Counter(row.get("reference_confidence") for row in rows_of)
    return {level: found.get(level, 0) for level in READING_LEVELS}


def vocabulary_stats(vocabulary: str, catalogue: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows, predicates, provisional rows and catalogue coverage of one vocabulary's mapping set."""
    summary = mapping_table()["vocabularies"][vocabulary]
    vocabulary_rows = rows(vocabulary)
    predicates = Counter(r["predicate_id"] for r in vocabulary_rows)
    sources = set(summary["reference_sources"])
    quantitative = [t for t in catalogue if t["source"] in sources and is_quantitative(t)]
    mapped_terms = {r["reference_term"] for r in vocabulary_rows}
    out_of_scope = set(summary["out_of_scope"])
    mapped = [t for t in quantitative if t["source_term"] in mapped_terms]
    excluded = [t for t in quantitative if t["source_term"] in out_of_scope and t["source_term"] not in mapped_terms]
    unaccounted = [
        t["source_term"]
        for t in quantitative
        if t["source_term"] not in mapped_terms
        and t["source_term"] not in out_of_scope
        and t["confidence"] != "recalled"
    ]
    return {
        "vocabulary": vocabulary,
        "rows": len(vocabulary_rows),
        "predicates": {p.removeprefix("skos:"): predicates.get(p, 0) for p in PREDICATES},
        "provisional": sum(bool(r["provisional"]) for r in vocabulary_rows),
        "reading": reading_levels(vocabulary_rows),
        "quantitative_terms": len(quantitative),
        "mapped_terms": len(mapped),
        "out_of_scope": len(excluded),
        "coverage": None if not quantitative else round(len(mapped) / len(quantitative), 3),
        "unaccounted": unaccounted,
    }
