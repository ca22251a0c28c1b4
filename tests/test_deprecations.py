"""Deprecations: the build marks them in the JSON Schema, and validation warns of each use with its replacement."""

from __future__ import annotations

import copy
from typing import Any

from aistd.build.deprecations import mark_deprecations
from aistd.check import check_data
from aistd.check.deprecations import deprecation_findings
from aistd.knowledge.schema import disclosure_schema

MERGED: dict[str, Any] = {
    "name": "aistd",
    "default_range": "string",
    "classes": {
        "Disclosure": {"tree_root": True, "slots": ["footprints"]},
        "StageFootprint": {"slots": ["energy_boundary", "water_offsite_electricity", "water_lifecycle"]},
    },
    "slots": {
        "footprints": {"range": "StageFootprint", "multivalued": True},
        "energy_boundary": {"range": "EnergyBoundary"},
        "water_offsite_electricity": {
            "deprecated": "folded into life-cycle water",
            "annotations": {"replaced_by": "water_lifecycle"},
        },
        "water_lifecycle": {},
    },
    "enums": {
        "EnergyBoundary": {
            "permissible_values": {
                "facility": {},
                "compute-node": {"deprecated": "say which", "deprecated_element_has_exact_replacement": "it-equipment"},
                "it-equipment": {},
            }
        }
    },
}


def marked() -> dict[str, Any]:
    document = copy.deepcopy(disclosure_schema())
    mark_deprecations(document, MERGED)
    return document


def test_the_build_marks_deprecated_slots_and_values_in_the_json_schema() -> None:
    definitions = marked()["$defs"]
    prop = definitions["StageFootprint"]["properties"]["water_offsite_electricity"]
    assert prop["deprecated"] is True and prop["x-aistd-replaced-by"] == "water_lifecycle"
    assert definitions["EnergyBoundary"]["x-aistd-deprecated-values"] == {"compute-node": "it-equipment"}
    assert "deprecated" not in definitions["StageFootprint"]["properties"]["water_lifecycle"]


def test_a_deprecated_slot_and_value_each_give_a_warning_with_the_replacement() -> None:
    data = {
        "footprints": [
            {"id": "a", "energy_boundary": "compute-node", "water_offsite_electricity": {"value": 1, "unit": "L"}},
            {"id": "b", "energy_boundary": "facility", "water_lifecycle": {"value": 1, "unit": "L"}},
        ]
    }
    found = [(f.rule, f.pointer, f.message) for f in deprecation_findings(data, marked()["$defs"])]
    assert found == [
        (
            "schema.deprecated",
            "/footprints/0/energy_boundary",
            "the value `compute-node` is deprecated: use `it-equipment` instead",
        ),
        (
            "schema.deprecated",
            "/footprints/0/water_offsite_electricity",
            "the slot `water_offsite_electricity` is deprecated: use `water_lifecycle` instead",
        ),
    ]


def test_nothing_is_deprecated_in_the_current_release_so_nothing_is_warned() -> None:
    document = {
        "id": "x",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "x"},
        "reporting_period": {"not_stated": True},
        "footprints": [{"id": "a", "stage": "training", "energy_boundary": "compute-node"}],
    }
    assert deprecation_findings(document) == []
    assert check_data(document) == []
