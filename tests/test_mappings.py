"""The crosswalks: valid SSSOM, real subjects and prefixes, sound factors, full catalogue coverage."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from linkml_runtime.utils.schemaview import SchemaView
from ucumvert import PintUcumRegistry

from aistd.build.mapping_sets import PREDICATE_SLOTS, MappingSet, read_mapping_sets
from aistd.knowledge import artifacts
from aistd.knowledge import crosswalks as crosswalk
from tests.conftest import ROOT, SCHEMA_FILE

MAPPINGS = ROOT / "mappings"
REQUIRED_VOCABULARIES = {
    "iso-iec-30134", "iso-iec-21031-sci", "gsf-sci-ai", "iso-lca", "itu-t-l1801", "ieee-p7100",
    "afnor-spec-2314", "eu-ai-act", "eu-dc-2024-1364", "esrs", "ghg-protocol", "spdx3-ai", "cyclonedx",
    "hf-model-card", "codecarbon", "impact-framework", "boamps", "mlperf-power", "ai-energy-score",
}  # fmt: skip
EXTENSION_COLUMNS = [
    "object_unit",
    "unit_conversion_factor",
    "boundary_difference",
    "provisional",
    "reference_term",
]
CO2_LIKE_ANNOTATIONS = ("{CO2eq}", "{Sb_eq}")


@cache
def mapping_sets() -> tuple[MappingSet, ...]:
    return tuple(read_mapping_sets(MAPPINGS))


@cache
def merged_view() -> SchemaView:
    view = SchemaView(str(SCHEMA_FILE))
    view.merge_imports()
    return view


def set_ids() -> list[str]:
    return [s.vocabulary for s in mapping_sets()]


def test_every_required_vocabulary_has_a_mapping_set() -> None:
    assert set(set_ids()) >= REQUIRED_VOCABULARIES


@pytest.mark.parametrize("mapping_set", mapping_sets(), ids=set_ids())
def test_sssom_validate_passes(mapping_set: MappingSet) -> None:
    from sssom.io import validate_file

    logging.getLogger().setLevel(logging.ERROR)
    validate_file(str(mapping_set.path), fail_on_error=True)


@pytest.mark.parametrize("mapping_set", mapping_sets(), ids=set_ids())
def test_the_sssom_library_keeps_every_row(mapping_set: MappingSet) -> None:
    """`sssom validate` passes even when the parser silently drops a row, so count them."""
    from sssom.parsers import parse_sssom_table

    logging.getLogger().setLevel(logging.ERROR)
    parsed = parse_sssom_table(mapping_set.path)
    assert len(parsed.df) == len(mapping_set.mappings)


@pytest.mark.parametrize("mapping_set", mapping_sets(), ids=set_ids())
def test_extension_slots_are_declared_and_present(mapping_set: MappingSet) -> None:
    declared = {d["slot_name"] for d in mapping_set.metadata["extension_definitions"]}
    assert {*EXTENSION_COLUMNS, "reference_sources", "out_of_scope"} <= declared
    header = next(line for line in mapping_set.path.read_text(encoding="utf-8").splitlines() if line[:1] != "#")
    assert set(EXTENSION_COLUMNS) <= set(header.split("\t"))
    assert mapping_set.mappings, "a mapping set has rows"


@pytest.mark.parametrize("mapping_set", mapping_sets(), ids=set_ids())
def test_subjects_exist_and_objects_use_the_vocabulary_prefixes(mapping_set: MappingSet) -> None:
    from aistd.build.overlay import schema_element

    for mapping in mapping_set.mappings:
        schema_element(merged_view().schema, mapping)  # raises for an unknown subject
        assert mapping.predicate_id in PREDICATE_SLOTS
        prefix = mapping.object_id.split(":", 1)[0]
        assert prefix in mapping_set.vocabulary_prefixes, f"{mapping.object_id}: prefix not declared"
        assert mapping.mapping_justification.startswith("semapv:")
        assert mapping.confidence is not None and 0 <= mapping.confidence <= 1


def test_no_object_is_exact_matched_to_two_aistd_terms() -> None:
    subjects: dict[str, set[str]] = defaultdict(set)
    for mapping_set in mapping_sets():
        for mapping in mapping_set.mappings:
            if mapping.predicate_id == "skos:exactMatch":
                subjects[mapping.object_id].add(mapping.subject_id)
    contradictions = {obj: s for obj, s in subjects.items() if len(s) > 1}
    assert contradictions == {}


def test_no_prefix_is_bound_to_two_namespaces() -> None:
    bound: dict[str, set[str]] = defaultdict(set)
    for mapping_set in mapping_sets():
        for prefix, iri in mapping_set.prefixes.items():
            bound[prefix].add(iri)
    assert {p: iris for p, iris in bound.items() if len(iris) > 1} == {}


@pytest.mark.parametrize("mapping_set", mapping_sets(), ids=set_ids())
def test_rows_rest_on_real_catalogue_terms_and_flag_provisional_ones(
    mapping_set: MappingSet, reference_catalogue: Path
) -> None:
    catalogue = {t["source_term"]: t for t in crosswalk.load_catalogue(reference_catalogue)}
    sources = {t["source"] for t in catalogue.values()}
    assert set(mapping_set.reference_sources) <= sources
    for term in mapping_set.out_of_scope:
        assert term in catalogue, f"out_of_scope names {term!r}, which is not in the catalogue"
    for mapping in mapping_set.mappings:
        if not mapping.reference_term:
            # a row may rest on a format's own documentation or schema instead (say which in its comment)
            assert mapping.comment, f"{mapping.object_id}: a row with no catalogue term cites its source"
            continue
        term = catalogue.get(mapping.reference_term)
        assert term is not None, f"{mapping.object_id}: {mapping.reference_term!r} is not in the catalogue"
        if term["confidence"] == "recalled":
            assert mapping.provisional, f"{mapping.object_id} rests on a recalled term"


@pytest.mark.parametrize("vocabulary", ["gsf-sci-ai", "ieee-p7100", "afnor-spec-2314"])
def test_mappings_to_drafts_are_all_provisional(vocabulary: str) -> None:
    (mapping_set,) = [s for s in mapping_sets() if s.vocabulary == vocabulary]
    assert all(m.provisional for m in mapping_set.mappings)


@pytest.mark.parametrize("vocabulary", sorted(REQUIRED_VOCABULARIES))
def test_every_verified_or_secondary_quantitative_term_is_mapped_or_out_of_scope(
    vocabulary: str, reference_catalogue: Path
) -> None:
    stats = crosswalk.vocabulary_stats(vocabulary, crosswalk.load_catalogue(reference_catalogue))
    assert stats["unaccounted"] == []


def _comparable(code: str) -> bool:
    stripped = code
    for annotation in CO2_LIKE_ANNOTATIONS:
        stripped = stripped.replace(annotation, "")
    return bool(code) and "{" not in stripped


def test_conversion_factors_agree_with_ucum() -> None:
    registry = PintUcumRegistry()
    indicators = crosswalk.indicator_table()
    checked = 0
    for row in json.loads(artifacts.MAPPING_TABLE.read_text(encoding="utf-8"))["mappings"]:
        entry = indicators.get(row["subject_id"].split(":", 1)[1])
        unit, factor = row["object_unit"], row["unit_conversion_factor"]
        if entry is None or factor is None or not _comparable(unit) or not _comparable(entry["ucum"]):
            continue
        source, target = registry.from_ucum(unit), registry.from_ucum(entry["ucum"])
        source, target = (1 * source if not hasattr(source, "to") else source), target
        if getattr(source, "dimensionality", None) != getattr(target, "dimensionality", None):
            continue
        expected = source.to(target.units).magnitude / target.magnitude
        assert factor == pytest.approx(expected, rel=1e-9), (row["vocabulary"], row["object_id"], unit)
        checked += 1
    assert checked >= 50


def test_every_mapping_is_overlaid_onto_the_published_schema() -> None:
    published = SchemaView(str(artifacts.MERGED_SCHEMA))
    table = json.loads(artifacts.MAPPING_TABLE.read_text(encoding="utf-8"))["mappings"]
    for row in table:
        name = row["subject_id"].split(":", 1)[1]
        slot_name = PREDICATE_SLOTS[row["predicate_id"]]
        if name in published.all_slots():
            element = published.get_slot(name)
        elif name in published.all_classes():
            element = published.get_class(name)
        else:
            enum_name, value = name.split(".", 1)
            element = published.get_enum(enum_name).permissible_values[value]
        assert row["object_id"] in getattr(element, slot_name), row


def test_hand_edited_schema_holds_no_crosswalk() -> None:
    """Mappings live in mappings/ only; the schema keeps just unit identities (QUDT) on its units."""
    view = SchemaView(str(SCHEMA_FILE))
    unit_enums = {name for name in view.all_enums() if name.endswith("Unit")}
    for element in [*view.all_slots().values(), *view.all_classes().values()]:
        for slot_name in PREDICATE_SLOTS.values():
            assert not getattr(element, slot_name), (element.name, slot_name)
    for enum_name, enum in view.all_enums().items():
        if enum_name in unit_enums:
            continue
        for value in enum.permissible_values.values():
            for slot_name in PREDICATE_SLOTS.values():
                assert not getattr(value, slot_name), (enum_name, value.text, slot_name)


def test_every_row_says_how_what_it_rests_on_was_read(reference_catalogue: Path) -> None:
    """A row naming a catalogue term reads at that term's confidence; `aistd mappings stats` counts them."""
    catalogue = {t["source_term"]: t["confidence"] for t in crosswalk.load_catalogue(reference_catalogue)}
    for mapping_set in mapping_sets():
        for mapping in mapping_set.mappings:
            if mapping.reference_term:
                assert mapping.reference_confidence == catalogue[mapping.reference_term], mapping.object_id
            if mapping.reference_confidence == "recalled":
                assert mapping.provisional, f"{mapping.object_id} rests on recalled content"
    for vocabulary in crosswalk.vocabularies():
        stats = crosswalk.vocabulary_stats(vocabulary, [])
        assert sum(stats["reading"].values()) == stats["rows"], vocabulary
    eu = crosswalk.vocabulary_stats("eu-dc-2024-1364", [])["reading"]
    assert eu["verified-from-source"] >= 1 and set(eu) == {"verified-from-source", "secondary-source", "recalled"}
