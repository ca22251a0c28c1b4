"""The one build: committed artifacts match the schema, and each artifact is what its consumer expects."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import rdflib
from linkml_runtime.utils.schemaview import SchemaView
from rdflib.namespace import SH

from aistd.build import run_build
from aistd.knowledge import artifacts
from aistd.model.versions import SCHEMA_VERSION
from tests.conftest import ROOT, SCHEMA_FILE


def test_committed_artifacts_match_the_schema() -> None:
    result = run_build(SCHEMA_FILE, check=True)
    assert result.drifted == [], "run `make build` and commit the result"


def test_check_reports_drift_and_a_build_repairs_it(tmp_path) -> None:
    for artifact in (path for path in artifacts.ARTIFACT_DIR.iterdir() if path.is_file()):
        (tmp_path / artifact.name).write_text(artifact.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / artifacts.JSON_SCHEMA.name).write_text("{}", encoding="utf-8")
    drift = run_build(SCHEMA_FILE, check=True, artifact_dir=tmp_path)
    assert [p.name for p in drift.drifted] == [artifacts.JSON_SCHEMA.name]
    assert (tmp_path / artifacts.JSON_SCHEMA.name).read_text(encoding="utf-8") == "{}"
    run_build(SCHEMA_FILE, check=False, artifact_dir=tmp_path)
    assert run_build(SCHEMA_FILE, check=True, artifact_dir=tmp_path).drifted == []


@pytest.mark.parametrize("command", [["-m", "aistd.build"], ["-m", "aistd", "build"]], ids=["module", "cli"])
def test_build_check_exit_code_from_the_command_line(command: list[str]) -> None:
    done = subprocess.run([sys.executable, *command, "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 artifacts differ" in done.stdout


def test_json_schema_is_a_valid_2020_12_schema() -> None:
    schema = json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["Disclosure"]["additionalProperties"] is False


def test_optional_fields_do_not_admit_null() -> None:
    text = artifacts.JSON_SCHEMA.read_text(encoding="utf-8")
    assert '"null"' not in text


def test_boolean_fields_accept_real_booleans() -> None:
    schema = json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))
    flag = schema["$defs"]["DataCentreReport"]["properties"]["accelerator_dominated"]
    assert flag["type"] == "boolean"


def test_shacl_shapes_cover_every_class_and_slot() -> None:
    graph = rdflib.Graph().parse(artifacts.SHACL_SHAPES, format="turtle")
    shapes = set(graph.subjects(rdflib.RDF.type, SH.NodeShape))
    properties = list(graph.objects(None, SH.property))
    view = SchemaView(str(SCHEMA_FILE))
    # One node shape per class and one property shape per (class, slot) pair: gen-shacl drops none.
    # The schema's if/then rules are not translated by gen-shacl; the validator's rule engine carries them.
    assert len(shapes) == len(view.all_classes()) == 34
    assert len(properties) == sum(len(view.class_slots(name)) for name in view.all_classes())
    in_constraints = list(graph.objects(None, SH["in"]))
    enum_ranged = sum(
        view.induced_slot(slot, name).range in view.all_enums()
        for name in view.all_classes()
        for slot in view.class_slots(name)
    )
    assert len(in_constraints) == enum_ranged, "every enum-ranged slot, unit codes included, becomes sh:in"


def test_owl_keeps_the_mappings_and_the_context_is_json_ld() -> None:
    graph = rdflib.Graph().parse(artifacts.OWL_ONTOLOGY, format="turtle")
    assert len(graph) > 1000
    context = json.loads(artifacts.JSONLD_CONTEXT.read_text(encoding="utf-8"))
    assert context["@context"]["aistd"] == "https://w3id.org/aistd/"
    assert "energy_consumption" in context["@context"]


def test_artifacts_do_not_depend_on_where_the_checkout_is() -> None:
    for artifact in (path for path in artifacts.ARTIFACT_DIR.iterdir() if path.is_file()):
        assert str(ROOT) not in artifact.read_text(encoding="utf-8"), artifact.name


def test_a_build_leaves_the_process_warning_filters_and_log_levels_as_it_found_them() -> None:
    import logging
    import warnings

    run_build(SCHEMA_FILE, check=True)  # the libraries it imports may add their own filters, once
    filters, level = list(warnings.filters), logging.getLogger("linkml").level
    run_build(SCHEMA_FILE, check=True)
    assert warnings.filters == filters, "the build changed the process's warning filters"
    assert ("ignore", None, Warning, None, 0) not in warnings.filters, "every warning is silenced"
    assert logging.getLogger("linkml").level == level


def test_the_owl_names_its_release_and_every_element_the_release_that_defines_it() -> None:
    graph = rdflib.Graph().parse(artifacts.OWL_ONTOLOGY, format="turtle")
    owl, rdfs = rdflib.OWL, rdflib.RDFS
    (ontology,) = set(graph.subjects(rdflib.RDF.type, owl.Ontology))
    release = rdflib.URIRef(f"{ontology}/{SCHEMA_VERSION}")
    assert graph.value(ontology, owl.versionIRI) == release
    assert str(graph.value(ontology, owl.versionInfo)) == SCHEMA_VERSION
    for term in ("energy_consumption", "StageFootprint", "EnergyBoundary"):
        assert graph.value(rdflib.URIRef(f"https://w3id.org/aistd/{term}"), rdfs.isDefinedBy) == release, term
