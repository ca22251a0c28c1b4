"""Regenerate every derived artifact from the hand-edited sources, or check that none has drifted.

The sources are the schema modules under `schema/` and the SSSOM mapping sets under `mappings/`. The
build merges the schema modules, overlays the mappings onto them (so the schema's `*_mappings` come
from the SSSOM files and from nowhere else), and hands the result to the LinkML generators. LinkML and
ucumvert are imported inside functions, so that the runtime path never loads them.

The documentation site's generated pages are no artifact: `python -m aistd.build.docs` renders them from
these artifacts when the site is built (`make docs-build`), and nothing of them is committed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from aistd.build.deprecations import mark_deprecations
from aistd.build.mapping_sets import MappingSet, compile_mapping_table, read_mapping_sets
from aistd.knowledge import artifacts

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _json_text(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@dataclass
class Sources:
    """The hand-edited sources of one build, and the merged, mapping-overlaid schema made from them."""

    schema_file: Path
    mappings_dir: Path

    @property
    def rules_file(self) -> Path:
        """The consistency rule catalogue."""
        return self.schema_file.parent / "rules.yaml"

    @property
    def profile_dir(self) -> Path:
        """The folder of profiles."""
        return self.schema_file.parent / "profiles"

    @property
    def meta_schema(self) -> Path:
        """The LinkML schema of the rule and profile catalogues."""
        return self.schema_file.parent / "meta" / "catalogue.yaml"

    @property
    def document_register(self) -> Path:
        """The register of cited documents and their editions."""
        return self.schema_file.parent / "meta" / "documents.yaml"

    @property
    def french_messages(self) -> Path:
        """The French message catalogue (gettext PO), beside `schema/`."""
        return self.schema_file.parent.parent / "locale" / "fr.po"

    @cached_property
    def mapping_sets(self) -> list[MappingSet]:
        """Every SSSOM mapping set, by vocabulary."""
        return read_mapping_sets(self.mappings_dir)

    @cached_property
    def view(self) -> Any:
        """A SchemaView of the schema with its modules merged and the mappings overlaid."""
        from linkml_runtime.utils.schemaview import SchemaView

        from aistd.build.overlay import overlay_mappings

        view = SchemaView(str(self.schema_file))
        view.merge_imports()
        overlay_mappings(view.schema, self.mapping_sets)
        # where the sources sit on this machine is no part of the published schema
        view.schema.source_file = None
        view.schema.source_file_date = None
        view.schema.source_file_size = None
        view.set_modified()
        return view

    @cached_property
    def schema_text(self) -> str:
        """The merged, overlaid schema as LinkML YAML."""
        from linkml_runtime.dumpers import yaml_dumper

        return yaml_dumper.dumps(self.view.schema)


@dataclass(frozen=True)
class Artifact:
    """One generated file: where it is committed and how to produce its text."""

    path: Path
    produce: Callable[[Sources], str]


@dataclass(frozen=True)
class BuildResult:
    """What a build or a check found, file by file."""

    written: list[Path]
    drifted: list[Path]
    seconds: float


@contextmanager
def _quiet_generators() -> Iterator[None]:
    """For the build only, keep the generators' informational log lines (guesses, not findings of ours) out
    of the output; warnings stay on, and the loggers get their levels back afterwards."""
    loggers = [logging.getLogger(name) for name in ("linkml", "linkml_runtime")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def merged_schema_text(sources: Sources) -> str:
    """The published LinkML schema: every module merged, every crosswalk overlaid."""
    return sources.schema_text


def json_schema_text(sources: Sources) -> str:
    """The JSON Schema (draft 2020-12) of a disclosure.

    Workarounds: the generator declares an older dialect although its output is valid 2020-12, so the
    dialect is set here; optional fields do not admit `null` (`include_null=False`), which keeps
    jsonschema-rs messages precise instead of an opaque `anyOf` failure.
    """
    from linkml.generators.jsonschemagen import JsonSchemaGenerator

    generator = JsonSchemaGenerator(sources.schema_text, include_null=False, metadata=False)
    document: dict[str, Any] = json.loads(generator.serialize())
    document["$schema"] = JSON_SCHEMA_DIALECT
    _in_schema_order(document, sources.view)
    mark_deprecations(document, yaml.safe_load(sources.schema_text))
    return _json_text(document)


def _in_schema_order(document: dict[str, Any], view: Any) -> None:
    """Each class's properties in the order the schema declares its slots (the generator sorts them), so that
    a reader, and the runtime, see a disclosure's lists in their published order."""
    for name, definition in document.get("$defs", {}).items():
        properties = definition.get("properties")
        if properties is None or view.get_class(name) is None:
            continue
        order = {slot: index for index, slot in enumerate(view.class_slots(name))}
        definition["properties"] = dict(sorted(properties.items(), key=lambda kv: order.get(kv[0], len(order))))


PARTIAL_DATE_SLOTS = ("start_date", "end_date")
PARTIAL_DATE_TYPES = "( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYearMonth ] [ sh:datatype xsd:gYear ] )"


def shacl_text(sources: Sources) -> str:
    """SHACL shapes for disclosures read as RDF.

    Workaround: a period's ends may be a month or a year (`PartialDate`), which RDF types as xsd:gYearMonth or
    xsd:gYear; the generator knows one datatype per slot, so their shapes are given the three as `sh:or`.
    """
    from linkml.generators.shaclgen import ShaclGenerator

    text = ShaclGenerator(sources.schema_text, metadata=False).serialize()
    blocks = text.split("\n_:")
    for index, block in enumerate(blocks):
        if any(f"sh:path aistd:{slot} ;" in block or f"sh:path aistd:{slot} ." in block for slot in PARTIAL_DATE_SLOTS):
            blocks[index] = block.replace(" sh:datatype xsd:date ;", f" sh:or {PARTIAL_DATE_TYPES} ;", 1)
    return "\n_:".join(blocks)


def owl_text(sources: Sources) -> str:
    """The OWL rendering of the ontology, in Turtle, keeping every class, slot and mapping."""
    from linkml.generators.owlgen import OwlSchemaGenerator

    generator = OwlSchemaGenerator(
        sources.schema_text,
        metadata=False,
        skip_vacuous_min_zero_cardinality_axioms=True,
        skip_vacuous_local_range_axioms=True,
        consolidate_cardinality_axioms=True,
    )
    from aistd.build.languages import owl_statements

    text = versioned_owl(generator.serialize(), str(sources.view.schema.id), str(sources.view.schema.version))
    return text + owl_statements(sources.view, _namespace(sources))


def _namespace(sources: Sources) -> str:
    """The IRI the schema's own elements are named under."""
    return str(sources.view.namespaces()[str(sources.view.schema.default_prefix)])


def labels_text(sources: Sources) -> str:
    """The JSON-LD document of every element's labels and definitions, tagged by language (@en, @fr)."""
    from aistd.build.languages import labels_jsonld_text

    return labels_jsonld_text(sources.view, _namespace(sources))


def versioned_owl(text: str, ontology: str, version: str) -> str:
    """The OWL with its release named: the ontology's owl:versionIRI and owl:versionInfo, and each element's
    rdfs:isDefinedBy the versioned ontology, so that an element's IRI stays stable across releases while the
    release that defined it is always known (the generator writes neither)."""
    release = f"<{ontology}/{version}>"
    scheme = f"skos:inScheme <{ontology}>"
    text = text.replace(f"{scheme} ;", f"{scheme} ;\n\trdfs:isDefinedBy {release} ;")
    text = text.replace(f"{scheme} .", f"{scheme} ;\n\trdfs:isDefinedBy {release} .")
    marker = "\ta owl:Ontology ;"
    return text.replace(marker, f'{marker}\n\towl:versionIRI {release} ;\n\towl:versionInfo "{version}" ;', 1)


def jsonld_context_text(sources: Sources) -> str:
    """The JSON-LD context that turns a disclosure in JSON into RDF."""
    from linkml.generators.jsonldcontextgen import ContextGenerator

    document: dict[str, Any] = json.loads(ContextGenerator(sources.schema_text, metadata=False).serialize())
    document.pop("comments", None)
    return _json_text(document)


def unit_table_text(sources: Sources) -> str:
    """The unit table: per quantity class, its canonical unit and each admitted unit's factor to it."""
    from aistd.build.unit_table import build_unit_table

    return _json_text(build_unit_table(sources.view))


def indicator_table_text(sources: Sources) -> str:
    """The indicator table: definition, unit, limits, stages and references of every indicator slot."""
    from aistd.build.indicator_table import build_indicator_table

    return _json_text(build_indicator_table(sources.view))


def mapping_table_text(sources: Sources) -> str:
    """The crosswalk table compiled from every SSSOM mapping set."""
    from aistd.build.indicator_table import build_indicator_table

    units = {name: entry["ucum"] for name, entry in build_indicator_table(sources.view).items()}
    return _json_text(compile_mapping_table(sources.mapping_sets, units))


def rule_table_text(sources: Sources) -> str:
    """The consistency rules, validated against their schema, with complete example disclosures."""
    from aistd.build.catalogues import compile_rules

    return _json_text(compile_rules(sources.rules_file, sources.meta_schema))


def profile_table_text(sources: Sources) -> str:
    """The profiles, validated against their schema."""
    from aistd.build.catalogues import compile_profiles, compile_rules

    rules = {rule["id"]: rule for rule in compile_rules(sources.rules_file, sources.meta_schema)["rules"]}
    return _json_text(compile_profiles(sources.profile_dir, sources.meta_schema, rules))


def document_table_text(sources: Sources) -> str:
    """The documents cited by the indicators, rules and profiles, each with its edition status."""
    from aistd.build.catalogues import cited_documents, compile_documents, compile_profiles, compile_rules
    from aistd.build.indicator_table import build_indicator_table

    rules = compile_rules(sources.rules_file, sources.meta_schema)
    profiles = compile_profiles(sources.profile_dir, sources.meta_schema, {r["id"]: r for r in rules["rules"]})
    cited = cited_documents(build_indicator_table(sources.view), rules, profiles)
    return _json_text(compile_documents(sources.document_register, sources.meta_schema, cited))


def french_messages_text(sources: Sources) -> str:
    """The French message catalogue compiled for the package: English template → French template."""
    from aistd.build.translations import messages_json_text

    return messages_json_text(sources.french_messages)


def generated_artifacts(artifact_dir: Path = artifacts.ARTIFACT_DIR) -> list[Artifact]:
    """Every generated file, in the order they are produced."""
    return [
        Artifact(artifact_dir / artifacts.MERGED_SCHEMA.name, merged_schema_text),
        Artifact(artifact_dir / artifacts.JSON_SCHEMA.name, json_schema_text),
        Artifact(artifact_dir / artifacts.SHACL_SHAPES.name, shacl_text),
        Artifact(artifact_dir / artifacts.OWL_ONTOLOGY.name, owl_text),
        Artifact(artifact_dir / artifacts.JSONLD_CONTEXT.name, jsonld_context_text),
        Artifact(artifact_dir / artifacts.LABELS.name, labels_text),
        Artifact(artifact_dir / artifacts.UNIT_TABLE.name, unit_table_text),
        Artifact(artifact_dir / artifacts.INDICATOR_TABLE.name, indicator_table_text),
        Artifact(artifact_dir / artifacts.MAPPING_TABLE.name, mapping_table_text),
        Artifact(artifact_dir / artifacts.RULE_TABLE.name, rule_table_text),
        Artifact(artifact_dir / artifacts.PROFILE_TABLE.name, profile_table_text),
        Artifact(artifact_dir / artifacts.DOCUMENT_TABLE.name, document_table_text),
        Artifact(artifact_dir / artifacts.FRENCH_MESSAGES.name, french_messages_text),
    ]


def _settle(path: Path, text: str, check: bool, written: list[Path], drifted: list[Path]) -> None:
    """Note a file whose committed text differs from `text`; write it unless only checking."""
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == text:
        return
    drifted.append(path)
    if not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)


def run_build(
    schema_file: Path,
    *,
    check: bool,
    artifact_dir: Path = artifacts.ARTIFACT_DIR,
    mappings_dir: Path | None = None,
) -> BuildResult:
    """Produce every artifact; write the ones that changed, or (with `check`) only report them."""
    started = time.perf_counter()
    sources = Sources(schema_file, mappings_dir or schema_file.parent.parent / "mappings")
    written: list[Path] = []
    drifted: list[Path] = []
    with _quiet_generators():
        for artifact in generated_artifacts(artifact_dir):
            _settle(artifact.path, artifact.produce(sources), check, written, drifted)
    return BuildResult(written=written, drifted=drifted, seconds=time.perf_counter() - started)
