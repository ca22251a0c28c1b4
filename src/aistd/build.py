"""Regenerate every derived artifact from the hand-edited sources, or check that none has drifted.

The LinkML generators do the translation; this module only orders them, fixes the gaps the project
knows about (see the workarounds below), and compares or writes the results. LinkML and ucumvert are
imported here, inside functions, so that the runtime path never loads them.
"""

from __future__ import annotations

import json
import logging
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aistd import resources

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Artifact:
    """One generated file: where it is committed and how to produce its text."""

    path: Path
    produce: Callable[[Path], str]


@dataclass(frozen=True)
class BuildResult:
    """What a build or a check found, file by file."""

    written: list[Path]
    drifted: list[Path]
    seconds: float


def _quiet_generators() -> None:
    """Silence the generators' deprecation chatter and guesses, which are not findings of ours."""
    warnings.filterwarnings("ignore")
    logging.getLogger("linkml").setLevel(logging.ERROR)
    logging.getLogger("linkml_runtime").setLevel(logging.ERROR)


def json_schema_text(schema_file: Path) -> str:
    """The JSON Schema (draft 2020-12) of a disclosure.

    Workarounds: the generator declares an older dialect although its output is valid 2020-12, so the
    dialect is set here; optional fields do not admit `null` (`include_null=False`), which keeps
    jsonschema-rs messages precise instead of an opaque `anyOf` failure.
    """
    from linkml.generators.jsonschemagen import JsonSchemaGenerator

    generator = JsonSchemaGenerator(str(schema_file), include_null=False, metadata=False)
    document: dict[str, Any] = json.loads(generator.serialize())
    document["$schema"] = JSON_SCHEMA_DIALECT
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def shacl_text(schema_file: Path) -> str:
    """SHACL shapes for disclosures read as RDF (closed shapes, so unknown properties are reported)."""
    from linkml.generators.shaclgen import ShaclGenerator

    return ShaclGenerator(str(schema_file), metadata=False).serialize()


def owl_text(schema_file: Path) -> str:
    """The OWL rendering of the ontology, in Turtle, keeping every class, slot and mapping."""
    from linkml.generators.owlgen import OwlSchemaGenerator

    generator = OwlSchemaGenerator(
        str(schema_file),
        metadata=False,
        skip_vacuous_min_zero_cardinality_axioms=True,
        skip_vacuous_local_range_axioms=True,
        consolidate_cardinality_axioms=True,
    )
    return generator.serialize()


def jsonld_context_text(schema_file: Path) -> str:
    """The JSON-LD context that turns a disclosure in JSON into RDF."""
    from linkml.generators.jsonldcontextgen import ContextGenerator

    document: dict[str, Any] = json.loads(ContextGenerator(str(schema_file), metadata=False).serialize())
    document.pop("comments", None)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def unit_table_text(schema_file: Path) -> str:
    """The unit table: for each quantity class, its canonical unit and each admitted unit's factor to it.

    Every admitted UCUM code is parsed with ucumvert and converted to the class's canonical unit; a code
    of another dimension stops the build. The runtime reads this table instead of parsing UCUM.
    """
    from linkml_runtime.utils.schemaview import SchemaView

    from aistd.unit_table import build_unit_table

    return json.dumps(build_unit_table(SchemaView(str(schema_file))), indent=2, ensure_ascii=False) + "\n"


def indicator_table_text(schema_file: Path) -> str:
    """The indicator table: definition, unit, limits, stages and references of every indicator slot."""
    from linkml_runtime.utils.schemaview import SchemaView

    from aistd.indicator_table import build_indicator_table

    return (
        json.dumps(build_indicator_table(SchemaView(str(schema_file))), indent=2, ensure_ascii=False) + "\n"
    )


def artifacts(artifact_dir: Path = resources.ARTIFACT_DIR) -> list[Artifact]:
    """Every generated file, in the order they are produced."""
    return [
        Artifact(artifact_dir / resources.JSON_SCHEMA.name, json_schema_text),
        Artifact(artifact_dir / resources.SHACL_SHAPES.name, shacl_text),
        Artifact(artifact_dir / resources.OWL_ONTOLOGY.name, owl_text),
        Artifact(artifact_dir / resources.JSONLD_CONTEXT.name, jsonld_context_text),
        Artifact(artifact_dir / resources.UNIT_TABLE.name, unit_table_text),
        Artifact(artifact_dir / resources.INDICATOR_TABLE.name, indicator_table_text),
    ]


def run_build(schema_file: Path, *, check: bool, artifact_dir: Path = resources.ARTIFACT_DIR) -> BuildResult:
    """Produce every artifact; write the ones that changed, or (with `check`) only report them."""
    _quiet_generators()
    started = time.perf_counter()
    written: list[Path] = []
    drifted: list[Path] = []
    for artifact in artifacts(artifact_dir):
        text = artifact.produce(schema_file)
        current = artifact.path.read_text(encoding="utf-8") if artifact.path.is_file() else None
        if current == text:
            continue
        drifted.append(artifact.path)
        if not check:
            artifact.path.parent.mkdir(parents=True, exist_ok=True)
            artifact.path.write_text(text, encoding="utf-8")
            written.append(artifact.path)
    return BuildResult(written=written, drifted=drifted, seconds=time.perf_counter() - started)
