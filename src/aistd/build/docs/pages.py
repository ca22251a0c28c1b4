"""The generated pages of the site: for each page kind, which pages there are, the template that lays
them out, and the data it is given (sorted here, so that the templates only lay out)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aistd.build.docs.examples import rule_example
from aistd.build.docs.markdown import PREDICATE_WORDS, predicate_word
from aistd.build.docs.tables import Row, Tables, class_slots, sssom_metadata, subject
from aistd.build.docs.wording import (
    IRI_BASE,
    abbreviates,
    acronym_tags,
    defining_documents,
    headline,
    numbers,
    vocabulary_name,
)
from aistd.knowledge import artifacts

RULE_FAMILIES = {
    "dc": "Data-centre KPIs",
    "footprint": "Footprints",
    "stages": "Stages",
    "sci": "Software Carbon Intensity",
    "ghg": "GHG inventories",
    "lca": "Life cycle impacts",
    "units": "Units",
    "period": "Periods",
    "refs": "References between records",
    "crosswalk": "Across documents (crosswalk semantics)",
}
CHECK_KINDS = {
    "load": "Reading the file",
    "schema": "Conformance to the JSON Schema",
    "rdf": "The RDF path (SHACL)",
    "convert": "Conversion from another format",
    "batch": "Batch runs",
    "shacl": "The RDF path (SHACL)",
}
DOWNLOADS = {
    artifacts.JSON_SCHEMA.name: "JSON Schema (draft 2020-12) of a disclosure",
    artifacts.SHACL_SHAPES.name: "SHACL shapes, for disclosures read as RDF",
    artifacts.JSONLD_CONTEXT.name: "JSON-LD context: a disclosure in JSON as RDF",
    artifacts.OWL_ONTOLOGY.name: "OWL ontology (Turtle), with every crosswalk and labels in English and French",
    artifacts.LABELS.name: "Labels and definitions of every term, in English and French (JSON-LD, @en and @fr)",
    artifacts.MERGED_SCHEMA.name: "LinkML schema, modules merged and crosswalks overlaid",
}
MATRIX_CSV = "downloads/crosswalk-matrix.csv"
"""The crosswalk matrix as CSV, beside the other downloads."""
MAPPING_KINDS = ("exact_mappings", "close_mappings", "narrow_mappings", "broad_mappings", "related_mappings")


@dataclass(frozen=True)
class Page:
    """One page to render: its path under `docs/`, its template, and what the template is given."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def mentions(rule: dict[str, Any], slot: str) -> bool:
    """Whether a rule's formula, its named sub-expressions or the slot it points at name `slot`."""
    texts = [rule.get("formula") or "", *(rule.get("let") or {}).values(), rule.get("at") or ""]
    word = re.compile(rf"(?<![\w.]){re.escape(slot)}(?!\w)")
    return any(word.search(str(text)) for text in texts)


def requiring_profiles(tables: Tables, slot: str) -> list[tuple[str, dict[str, Any], list[str]]]:
    """The profiles with requirements that ask for `slot`: (profile id, profile, requirement ids)."""
    found = []
    for pid, profile in sorted(tables.profiles.items()):
        ids = [
            req["id"]
            for req in profile["requirements"]
            if slot in (req.get("slots") or []) or slot in (req.get("any_of_slots") or [])
        ]
        if ids:
            found.append((pid, profile, ids))
    return found


def search_front(title: str, tags: list[str], boost: float | None = None) -> dict[str, Any]:
    """The front matter a page template is given: its title, its search tags (acronyms:
    what the search weighs most) and its search boost."""
    return {"page_title": title, "search_tags": tags, "search_boost": boost}


def indicator_pages(tables: Tables) -> Iterator[Page]:
    """The indicator index, and a page per indicator."""
    indicators = [(name, entry, tables.title(name)) for name, entry in sorted(tables.indicators.items())]
    yield Page("indicators/index.md", "indicators-index.md.j2", {"indicators": indicators})
    for name, entry in tables.indicators.items():
        rows = sorted(
            tables.by_subject.get(name, []),
            key=lambda r: (r["vocabulary"], r["object_id"], r["predicate_id"], r["subject_id"]),
        )
        title, aliases = tables.title(name), tables.aliases(name)
        mapped = {row["vocabulary"] for row in rows}
        defining = defining_documents(entry.get("references") or [], [name, title, *aliases], tables.documents)
        context = {
            "name": name,
            "entry": entry,
            "rows": rows,
            "title": title,
            "aliases": aliases,
            "synonyms": tables.synonyms(name),
            "french": tables.french(name),
            "iri": IRI_BASE + name,
            "rules": sorted((r for r in tables.rules if mentions(r, name)), key=lambda r: r["id"]),
            "profiles": requiring_profiles(tables, name),
            "defining": defining,
            "unmapped": [
                (v, vocabulary_name(v, tables.vocabularies[v])) for v in sorted(set(tables.vocabularies) - mapped)
            ],
            # the term an acronym stands for ranks above the terms qualified from it (PUE above PUE applied)
            **search_front(
                headline(title, name),
                [*acronym_tags(aliases), *numbers(" ".join(defining))],
                3 if any(abbreviates(a, title) for a in aliases) else 2,
            ),
        }
        yield Page(f"indicators/{name}.md", "indicator.md.j2", context)


def vocabulary_pages(tables: Tables) -> Iterator[Page]:
    """The vocabulary index, and a page per vocabulary."""
    vocabularies = sorted(tables.vocabularies.items())
    yield Page("vocabularies/index.md", "vocabularies-index.md.j2", {"vocabularies": vocabularies})
    for name, meta in tables.vocabularies.items():
        rows = tables.by_vocabulary.get(name, [])
        file_name = Path(meta.get("file") or f"{name}.sssom.tsv").name
        predicates: dict[str, int] = {}
        for row in rows:
            predicates[row["predicate_id"]] = predicates.get(row["predicate_id"], 0) + 1
        context = {
            "name": name,
            "meta": meta,
            "file_name": file_name,
            "header": sssom_metadata(tables.sssom.get(file_name, "")),
            "rows": sorted(rows, key=lambda r: (subject(r["subject_id"]), r["object_id"], r["predicate_id"])),
            "predicates": sorted(predicates.items()),
        }
        yield Page(f"vocabularies/{name}.md", "vocabulary.md.j2", context)


def _matrix_cell(rows: list[Row], vocabulary: str) -> dict[str, str] | None:
    """The predicates (a dagger on provisional ones) and terms of the mappings of one indicator in one vocabulary."""
    found = [r for r in rows if r["vocabulary"] == vocabulary]
    found.sort(key=lambda r: (r["predicate_id"], r["object_id"]))
    if not found:
        return None
    words = dict.fromkeys(predicate_word(r["predicate_id"]) + ("†" if r["provisional"] else "") for r in found)
    terms = dict.fromkeys(r["object_id"] for r in found)
    mappings = dict.fromkeys(
        f"{predicate_word(r['predicate_id'])} {r['object_id']}" + (" (provisional)" if r["provisional"] else "")
        for r in found
    )
    return {
        "vocabulary": vocabulary,
        "words": ", ".join(words),
        "terms": ", ".join(terms),
        "mappings": "; ".join(mappings),
        "predicates": " ".join(dict.fromkeys(predicate_word(r["predicate_id"]) for r in found)),
    }


def matrix_rows(tables: Tables) -> tuple[list[str], list[tuple[str, list[dict[str, str] | None]]]]:
    """The vocabularies (sorted), and each indicator (sorted) with its cell in each vocabulary."""
    vocabularies = sorted(tables.vocabularies)
    rows = [
        (name, [_matrix_cell(tables.by_subject.get(name, []), v) for v in vocabularies])
        for name in sorted(tables.indicators)
    ]
    return vocabularies, rows


def short_name(name: str, meta: dict[str, Any]) -> str:
    """A vocabulary's name short enough for a column header: its name without what it adds in parentheses."""
    return re.sub(r"\s*\((?:[^()]|\([^()]*\))*\)", "", vocabulary_name(name, meta)).strip() or name


def crosswalk_page(tables: Tables) -> Page:
    """Every indicator against every vocabulary."""
    vocabularies, rows = matrix_rows(tables)
    totals = [sum(cells[index] is not None for _, cells in rows) for index in range(len(vocabularies))]
    context = {
        "vocabularies": [
            (v, short_name(v, tables.vocabularies[v]), vocabulary_name(v, tables.vocabularies[v])) for v in vocabularies
        ],
        "rows": [(name, tables.title(name), cells) for name, cells in rows],
        "totals": totals,
        "predicate_words": list(PREDICATE_WORDS.items()),
    }
    return Page("crosswalk-matrix.md", "crosswalk-matrix.md.j2", context)


def matrix_csv(tables: Tables) -> str:
    """The whole crosswalk matrix as CSV: a row per indicator, a column per vocabulary; a cell lists its mappings
    (`exact eudc:PUE; close iso30134:dPUE`), `(provisional)` after a provisional one."""
    vocabularies, rows = matrix_rows(tables)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["indicator", "title", *(vocabulary_name(v, tables.vocabularies[v]) for v in vocabularies)])
    for name, cells in rows:
        writer.writerow([name, tables.title(name), *(cell["mappings"] if cell else "" for cell in cells)])
    return out.getvalue()


def input_checks() -> list[Any]:
    """Loading, schema, RDF and conversion checks: every finding id that is neither a rule nor a requirement."""
    from aistd.knowledge.rules import all_rules

    return sorted(
        (rule for rule in all_rules().values() if rule.id.split(".", 1)[0] in CHECK_KINDS), key=lambda r: r.id
    )


def rule_pages(tables: Tables) -> Iterator[Page]:
    """The rules index; a page per consistency rule, per profile requirement, per computed indicator and per input
    check."""
    checks = input_checks()
    families: dict[str, list[dict[str, Any]]] = {}
    for rule in tables.rules:
        families.setdefault(rule["id"].split(".", 1)[0], []).append(rule)
    order = sorted(families, key=lambda f: (list(RULE_FAMILIES).index(f) if f in RULE_FAMILIES else 99, f))
    yield Page(
        "rules/index.md",
        "rules-index.md.j2",
        {
            "families": [(RULE_FAMILIES.get(f, f), sorted(families[f], key=lambda r: r["id"])) for f in order],
            "rule_count": len(tables.rules),
            "requirements": [
                (pid, req) for pid, profile in sorted(tables.profiles.items()) for req in profile["requirements"]
            ],
            "computed": [
                (pid, ind) for pid, profile in sorted(tables.profiles.items()) for ind in profile.get("computes", [])
            ],
            "checks": checks,
        },
    )
    for rule in tables.rules:
        owners = sorted(pid for pid, p in tables.profiles.items() if rule["id"] in p.get("rules", []))
        context = {
            "rule": rule,
            "owners": owners,
            "failing": rule_example(rule, "failing", tables),
            "passing": rule_example(rule, "passing", tables),
        }
        yield Page(f"rules/{rule['id']}.md", "rule.md.j2", context)
    for profile in tables.profiles.values():
        for requirement in profile["requirements"]:
            context = {"profile": profile, "requirement": requirement}
            yield Page(f"rules/{requirement['id']}.md", "requirement.md.j2", context)
        for indicator in profile.get("computes", []):
            rule = next(r for r in tables.rules if r["id"] == indicator["rule"])
            context = {"profile": profile, "indicator": indicator, "rule": rule}
            yield Page(f"rules/{indicator['id']}.md", "computed.md.j2", context)
    for check in checks:
        kind = CHECK_KINDS.get(check.id.split(".", 1)[0], "Input checks")
        yield Page(f"rules/{check.id}.md", "check.md.j2", {"check": check, "kind": kind})


def profile_pages(tables: Tables) -> Iterator[Page]:
    """The profiles index, and a page per profile."""
    yield Page("profiles/index.md", "profiles-index.md.j2", {"profiles": sorted(tables.profiles.items())})
    for pid, profile in tables.profiles.items():
        yield Page(f"profiles/{pid}.md", "profile.md.j2", {"profile": profile})


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def class_diagram(tables: Tables, name: str, cls: dict[str, Any], slots: list[tuple[str, dict[str, Any]]]) -> str:
    """A Mermaid class diagram of a class: its slots with their ranges, its parent, the classes its slots hold."""
    default = tables.schema.get("default_range", "string")
    lines = ["classDiagram", f"  class {name} {{"]
    links: dict[str, list[str]] = {}
    for slot, spec in slots:
        target = spec.get("range") or default
        many = "[]" if spec.get("multivalued") else ""
        lines.append(f"    +{target}{many} {slot}")
        if target in tables.classes and target != name:
            links.setdefault(target, []).append(slot)
    lines.append("  }")
    if cls.get("is_a"):
        lines.append(f"  {cls['is_a']} <|-- {name}")
    for target, held in sorted(links.items()):
        shown = ", ".join(held[:3]) + (", …" if len(held) > 3 else "")
        lines.append(f"  {name} --> {target} : {shown}")
    return "\n".join(lines)


def _class_context(tables: Tables, name: str, cls: dict[str, Any]) -> dict[str, Any]:
    """A class's slots as it uses them: the slot's definition, then its attribute, then its slot usage."""
    slots = tables.schema.get("slots") or {}
    usage, attributes = cls.get("slot_usage") or {}, cls.get("attributes") or {}
    used = [
        (slot, {**slots.get(slot, {}), **(attributes.get(slot) or {}), **(usage.get(slot) or {})})
        for slot in class_slots(cls)
    ]
    title = tables.title(name)
    return {
        "name": name,
        "cls": cls,
        "slots": used,
        "titles": {slot: tables.title(slot) for slot, _ in used},
        "default_range": tables.schema.get("default_range", "string"),
        "conditions": [rule["description"] for rule in cls.get("rules") or [] if rule.get("description")],
        "mappings": [(kind.removesuffix("_mappings"), cls[kind]) for kind in MAPPING_KINDS if cls.get(kind)],
        "title": title,
        "iri": IRI_BASE + name,
        "iri_base": IRI_BASE,
        "french": tables.french(name),
        "diagram": class_diagram(tables, name, cls, used),
        **search_front(headline(title, name), acronym_tags(tables.aliases(name)), 2),
    }


def reference_pages(tables: Tables) -> Iterator[Page]:
    """The schema reference: an index of classes, the enumerations, the cited documents, and a page per class."""
    classes = [(name, cls, len(class_slots(cls))) for name, cls in sorted(tables.classes.items())]
    yield Page("reference/index.md", "reference-index.md.j2", {"classes": classes})
    enums = []
    for name, enum in sorted(tables.enums.items()):
        values = []
        for value, spec in (enum.get("permissible_values") or {}).items():
            spec = spec or {}
            mappings = [m for kind in ("meaning", "exact_mappings", "close_mappings") for m in _as_list(spec.get(kind))]
            values.append((value, spec, mappings))
        enums.append((name, enum, values))
    yield Page("reference/enums.md", "enums.md.j2", {"enums": enums})
    yield Page("reference/sources.md", "sources.md.j2", {"documents": sorted(tables.documents.items())})
    for name, cls in tables.classes.items():
        yield Page(f"reference/classes/{name}.md", "class.md.j2", _class_context(tables, name, cls))


CARRIED_SCOPES = (("disclosure", "Disclosure"), ("system", "AISystem"), ("footprint", "StageFootprint"))
"""The scopes of `aistd:` properties and the class whose slots each carries."""
NEVER_CARRIED = ("schema_version", "ai_systems", "footprints", "system")
"""Slots every target holds in its own structure (the current schema version is implied)."""


def carried_properties_page(tables: Tables) -> Page:
    """Every `aistd:` property the CycloneDX and SPDX 3 writers can write, by scope."""
    from aistd.conversion.carry import FILLED, FOOTPRINT_ORDER, property_name

    scopes = []
    for scope, class_name in CARRIED_SCOPES:
        cls = tables.classes.get(class_name) or {}
        names = [(property_name(scope, slot), slot) for slot in class_slots(cls) if slot not in NEVER_CARRIED]
        scopes.append((scope, class_name, names))
    specials = [
        (property_name("footprint"), "a whole footprint, as a JSON object"),
        (property_name("disclosure", FOOTPRINT_ORDER), "the ids of the footprints, in the disclosure's order"),
        (property_name("disclosure", FILLED), "slots the writer had to fill in the target's own fields"),
        (property_name("system", FILLED), "an AI system's slots the writer had to fill (its name)"),
    ]
    return Page("converters-properties.md", "carried-properties.md.j2", {"scopes": scopes, "specials": specials})


def cli_page() -> Page:
    """The help of every command."""
    from aistd.build.docs.cli_help import command_help

    return Page("cli.md", "cli.md.j2", {"commands": command_help()})


def downloads_page(tables: Tables) -> Page:
    """The index of the downloads (the files themselves are copied, not rendered)."""
    context = {"artifacts": list(DOWNLOADS.items()), "mapping_sets": sorted(tables.sssom)}
    return Page("downloads/index.md", "downloads-index.md.j2", context)


def site_pages(tables: Tables) -> Iterator[Page]:
    """Every generated page of the site."""
    yield from indicator_pages(tables)
    yield from vocabulary_pages(tables)
    yield crosswalk_page(tables)
    yield from rule_pages(tables)
    yield from profile_pages(tables)
    yield from reference_pages(tables)
    yield cli_page()
    yield carried_properties_page(tables)
    yield downloads_page(tables)
