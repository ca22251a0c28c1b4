"""`aistd diff OLD NEW`: what changed between two schema releases, as text and JSON, and the deprecated slots a
disclosure uses. Synthetic schemas, written in tmp_path, exercise one kind of change each."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from aistd.cli import main
from aistd.evolution import SchemaDiff, deprecated_slots, deprecated_uses, diff, render_text
from aistd.knowledge import releases
from tests.conftest import ROOT

BASE: dict[str, Any] = {
    "id": "https://example.org/s",
    "name": "s",
    "version": "1.0.0",
    "default_range": "string",
    "prefixes": {"ex": "https://example.org/", "qudt_unit": "http://qudt.org/vocab/unit/"},
    "imports": ["linkml:types"],
    "classes": {
        "Report": {
            "description": "A report.",
            "tree_root": True,
            "slots": ["energy", "site", "boundary", "runs"],
            "slot_usage": {"site": {"name": "site", "required": True}},
        },
        "Run": {"description": "One run.", "slots": ["energy", "boundary"]},
        "EnergyQuantity": {
            "description": "An amount of energy with its unit.",
            "slots": ["value", "unit"],
            "slot_usage": {"unit": {"name": "unit", "range": "EnergyUnit"}, "value": {"minimum_value": 0}},
        },
    },
    "slots": {
        "energy": {
            "description": "Energy used by the run.",
            "range": "EnergyQuantity",
            "inlined": True,
            "minimum_value": 0,
            "unit": {"ucum_code": "kW.h", "exact_mappings": ["qudt_unit:KiloW-HR"]},
            "close_mappings": ["ex:energy"],
            "annotations": {"references": {"tag": "references", "value": "ISO 1 | 4.2"}},
        },
        "site": {"description": "Where the run took place.", "range": "string"},
        "boundary": {"description": "The boundary of the energy figure.", "range": "Boundary"},
        "runs": {"description": "The runs.", "range": "Run", "multivalued": True, "inlined_as_list": True},
        "value": {"description": "The number.", "range": "float", "required": True},
        "unit": {"description": "The UCUM code.", "required": True},
    },
    "enums": {
        "EnergyUnit": {
            "description": "UCUM codes admitted for energy.",
            "permissible_values": {
                "kW.h": {"text": "kW.h", "description": "kilowatt hour", "exact_mappings": ["qudt_unit:KiloW-HR"]},
                "MW.h": {"text": "MW.h", "description": "megawatt hour"},
            },
        },
        "Boundary": {
            "description": "Energy boundaries.",
            "permissible_values": {"it": {"description": "IT equipment only"}, "facility": {"description": "All"}},
        },
    },
}


def schema(**edits: Any) -> dict[str, Any]:
    """A copy of BASE, version 2.0.0."""
    data = copy.deepcopy(BASE)
    data["version"] = "2.0.0"
    data.update(edits)
    return data


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(path)


def compare(tmp_path: Path, new: dict[str, Any], old: dict[str, Any] | None = None) -> SchemaDiff:
    return diff(write(tmp_path, "old.yaml", old or BASE), write(tmp_path, "new.yaml", new))


def changes(found: SchemaDiff) -> set[tuple[str, str, str]]:
    return {(c.kind, c.change, c.name) for c in found.changes}


def one(found: SchemaDiff, kind: str, change: str, name: str) -> dict[str, Any]:
    matches = [c for c in found.changes if (c.kind, c.change, c.name) == (kind, change, name)]
    assert len(matches) == 1, [c.as_dict() for c in found.changes]
    return dict(matches[0].details)


# -- releases --------------------------------------------------------------------------------------------------


def test_the_0_1_0_release_is_shipped_with_its_merged_schema() -> None:
    assert "0.1.0" in releases.shipped()
    assert releases.merged_schema("0.1.0")["version"] == "0.1.0"
    assert releases.json_schema_path("0.1.0").is_file()
    with pytest.raises(releases.UnknownReleaseError):
        releases.merged_schema_path("9.9.9")


def test_a_release_against_itself_has_no_difference() -> None:
    found = diff("0.1.0", "0.1.0")
    assert found.changes == ()
    assert found.counts()["total"] == 0
    assert (found.old, found.new) == ("0.1.0", "0.1.0")


def test_a_schema_against_a_copy_of_itself_has_no_difference(tmp_path: Path) -> None:
    assert compare(tmp_path, copy.deepcopy(BASE)).changes == ()


def test_spelling_a_default_out_is_no_difference(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["site"].pop("range")  # the default range is string
    new["slots"]["boundary"]["required"] = False
    new["slots"]["energy"]["close_mappings"] = ["ex:energy"]
    assert compare(tmp_path, new).changes == ()


# -- elements added, removed, renamed --------------------------------------------------------------------------


def test_added_and_removed_slots_and_classes(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["water"] = {"description": "Water withdrawn.", "range": "float", "unit": {"ucum_code": "L"}}
    new["classes"]["Report"]["slots"] = ["energy", "boundary", "runs", "water"]
    del new["classes"]["Report"]["slot_usage"]
    del new["slots"]["site"]
    new["classes"]["Site"] = {"description": "A data centre.", "slots": ["boundary"]}
    new["classes"]["Site"]["slot_usage"] = {"boundary": {"required": True}}
    new["enums"]["Tier"] = {"description": "Uptime tiers.", "permissible_values": {"I": {}, "II": {}}}
    del new["classes"]["Run"]
    new["slots"]["runs"]["range"] = "string"
    found = compare(tmp_path, new)
    assert one(found, "enum", "added", "Tier") == {"values": ["I", "II"], "description": "Uptime tiers."}
    assert not [c for c in found.changes if c.name.startswith(("Site.", "Tier."))]  # members come with their class
    assert one(found, "slot", "added", "water") == {"range": "float", "unit": "L", "description": "Water withdrawn."}
    assert one(found, "slot", "removed", "site")["range"] == "string"
    assert one(found, "class", "added", "Site")["slots"] == ["boundary"]
    assert ("class", "removed", "Run") in changes(found)
    assert one(found, "class", "changed", "Report") == {"slots": {"added": ["water"], "removed": ["site"]}}
    assert not [c for c in found.changes if c.change == "renamed"]


def test_a_replacement_declared_with_linkml_deprecation_is_a_rename(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["energy_consumption"] = {**new["slots"]["energy"], "description": "Energy used, IT boundary."}
    new["slots"]["energy"] = {
        "description": "Energy used by the run.",
        "deprecated": "renamed in 2.0.0",
        "deprecated_element_has_exact_replacement": "ex:energy_consumption",
    }
    found = compare(tmp_path, new)
    renamed = one(found, "slot", "renamed", "energy")
    assert renamed == {"new_name": "energy_consumption", "declared_by": "exact", "inferred": False}
    deprecated = one(found, "slot", "deprecated", "energy")
    assert deprecated == {
        "reason": "renamed in 2.0.0",
        "replacement": "energy_consumption",
        "replacement_type": "exact",
    }
    description = one(found, "description", "changed", "energy_consumption")["description"]
    assert description == {"old": "Energy used by the run.", "new": "Energy used, IT boundary."}
    assert ("slot", "added", "energy_consumption") not in changes(found)
    assert not [c for c in found.changes if c.name == "energy" and c.kind in ("range", "unit", "mapping")]


def test_a_replaced_by_annotation_renames_an_enum_value(tmp_path: Path) -> None:
    new = schema()
    values = new["enums"]["Boundary"]["permissible_values"]
    values["it-equipment"] = {"description": "IT equipment only, servers and storage"}
    values["it"] = {"description": "IT equipment only", "annotations": {"replaced_by": "it-equipment"}}
    found = compare(tmp_path, new)
    assert one(found, "enum", "renamed", "Boundary.it")["new_name"] == "Boundary.it-equipment"
    assert one(found, "enum", "renamed", "Boundary.it")["declared_by"] == "replaced_by"
    assert one(found, "enum", "deprecated", "Boundary.it")["replacement"] == "Boundary.it-equipment"
    assert ("enum", "added", "Boundary.it-equipment") not in changes(found)


def test_same_range_unit_and_description_under_another_name_is_an_inferred_rename(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["location"] = new["slots"].pop("site")
    new["classes"]["Report"]["slots"] = ["energy", "location", "boundary", "runs"]
    new["classes"]["Report"]["slot_usage"] = {"location": {"name": "location", "required": True}}
    found = compare(tmp_path, new)
    assert one(found, "slot", "renamed", "site") == {"new_name": "location", "declared_by": None, "inferred": True}
    assert [c.name for c in found.changes] == ["site"]  # the class's slot list and refinement follow the rename
    assert "site -> location (inferred: same range, unit and description)" in render_text(found)


def test_an_ambiguous_or_undescribed_match_is_no_inferred_rename(tmp_path: Path) -> None:
    old = copy.deepcopy(BASE)
    old["slots"]["city"] = dict(old["slots"]["site"])  # two removed slots alike: which one became `location`?
    new = schema()
    new["slots"]["location"] = new["slots"].pop("site")
    new["slots"]["runs_count"] = {"range": "integer"}
    old["slots"]["run_total"] = {"range": "integer"}  # alike, but no description: too little to tell
    found = compare(tmp_path, new, old)
    assert {("slot", "removed", "site"), ("slot", "removed", "city"), ("slot", "added", "location")} <= changes(found)
    assert {("slot", "removed", "run_total"), ("slot", "added", "runs_count")} <= changes(found)
    assert not [c for c in found.changes if c.change == "renamed"]


def test_a_class_renamed_keeps_its_own_slots(tmp_path: Path) -> None:
    new = schema()
    new["classes"]["Execution"] = new["classes"].pop("Run")
    new["classes"]["Run"] = {"deprecated": "use Execution", "deprecated_element_has_possible_replacement": "Execution"}
    new["slots"]["runs"]["range"] = "Execution"
    found = compare(tmp_path, new)
    assert one(found, "class", "renamed", "Run")["new_name"] == "Execution"
    assert one(found, "class", "deprecated", "Run")["replacement_type"] == "possible"
    assert one(found, "range", "changed", "runs") == {"range": {"old": "Run", "new": "Execution"}}


# -- what changed in an element --------------------------------------------------------------------------------


def test_a_changed_range(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["site"]["range"] = "uri"
    found = compare(tmp_path, new)
    assert one(found, "range", "changed", "site") == {"range": {"old": "string", "new": "uri"}}
    assert "site: range string -> uri" in render_text(found)


def test_a_changed_unit_and_its_qudt_mapping(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["energy"]["unit"] = {"ucum_code": "MW.h", "exact_mappings": ["qudt_unit:MegaW-HR"]}
    found = compare(tmp_path, new)
    assert one(found, "unit", "changed", "energy") == {
        "exact_mappings": {"old": ["qudt_unit:KiloW-HR"], "new": ["qudt_unit:MegaW-HR"]},
        "ucum_code": {"old": "kW.h", "new": "MW.h"},
    }


def test_unit_codes_added_and_removed_are_units_other_values_are_enum_values(tmp_path: Path) -> None:
    new = schema()
    new["enums"]["EnergyUnit"]["permissible_values"]["GW.h"] = {"description": "gigawatt hour"}
    del new["enums"]["EnergyUnit"]["permissible_values"]["MW.h"]
    new["enums"]["Boundary"]["permissible_values"]["node"] = {"description": "One node"}
    del new["enums"]["Boundary"]["permissible_values"]["facility"]
    found = compare(tmp_path, new)
    assert one(found, "unit", "added", "EnergyUnit.GW.h") == {
        "enum": "EnergyUnit", "value": "GW.h", "description": "gigawatt hour"
    }  # fmt: skip
    assert ("unit", "removed", "EnergyUnit.MW.h") in changes(found)
    assert ("enum", "added", "Boundary.node") in changes(found)
    assert ("enum", "removed", "Boundary.facility") in changes(found)


def test_a_mapping_moved_to_another_predicate_and_one_added(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["energy"].pop("close_mappings")
    new["slots"]["energy"]["exact_mappings"] = ["ex:energy"]
    new["slots"]["energy"]["related_mappings"] = ["ex:power"]
    found = compare(tmp_path, new)
    moved = one(found, "mapping", "changed", "energy")
    assert moved == {"mapping": "ex:energy", "predicate": {"old": "close_mappings", "new": "exact_mappings"}}
    assert one(found, "mapping", "added", "energy") == {"mapping": "ex:power", "predicate": "related_mappings"}
    text = render_text(found)
    assert "energy: ex:energy close_mappings -> exact_mappings" in text
    assert "energy: related_mappings ex:power" in text


def test_constraints_of_a_slot_and_of_a_class_refinement(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["energy"]["minimum_value"] = 1
    new["slots"]["site"]["pattern"] = "^[A-Z]{2}$"
    del new["classes"]["Report"]["slot_usage"]
    found = compare(tmp_path, new)
    assert one(found, "constraint", "changed", "energy") == {"minimum_value": {"old": 0, "new": 1}}
    assert one(found, "constraint", "added", "site") == {"pattern": {"old": None, "new": "^[A-Z]{2}$"}}
    assert one(found, "constraint", "removed", "Report.site") == {"required": {"old": True, "new": None}}


def test_descriptions_and_annotations(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["energy"]["annotations"] = {"references": "ISO 1 | 4.3"}
    new["enums"]["Boundary"]["description"] = "Where an energy figure stops."
    found = compare(tmp_path, new)
    assert one(found, "annotation", "changed", "energy") == {"references": {"old": "ISO 1 | 4.2", "new": "ISO 1 | 4.3"}}
    assert one(found, "description", "changed", "Boundary")["description"]["new"] == "Where an energy figure stops."


def test_a_refinement_moved_to_a_parent_class_changes_no_child(tmp_path: Path) -> None:
    new = schema()
    quantity = new["classes"]["EnergyQuantity"]
    new["classes"]["Quantity"] = {"description": "A figure.", "slots": quantity.pop("slots"), "abstract": True}
    new["classes"]["Quantity"]["slot_usage"] = {"value": quantity["slot_usage"].pop("value")}
    quantity["is_a"] = "Quantity"
    found = compare(tmp_path, new)
    assert one(found, "class", "changed", "EnergyQuantity") == {"is_a": {"old": None, "new": "Quantity"}}
    assert ("class", "added", "Quantity") in changes(found)
    assert not [c for c in found.changes if c.name.startswith("EnergyQuantity.")]


def test_a_parent_refinement_changed_shows_on_a_child_that_refines_the_slot_too(tmp_path: Path) -> None:
    old = copy.deepcopy(BASE)
    old["classes"]["Quantity"] = {"description": "A figure.", "slot_usage": {"value": {"minimum_value": 0}}}
    old["classes"]["EnergyQuantity"]["is_a"] = "Quantity"
    old["classes"]["EnergyQuantity"]["slot_usage"]["value"] = {"maximum_value": 10}
    new = copy.deepcopy(old)
    new["classes"]["Quantity"]["slot_usage"]["value"]["minimum_value"] = 1
    found = compare(tmp_path, new, old)
    expected = {"minimum_value": {"old": 0, "new": 1}}
    assert one(found, "constraint", "changed", "Quantity.value") == expected
    assert one(found, "constraint", "changed", "EnergyQuantity.value") == expected
    assert len(found.changes) == 2


def test_newly_deprecated_elements_are_listed_with_their_replacement(tmp_path: Path) -> None:
    new = schema()
    new["slots"]["site"]["deprecated"] = "too vague"
    new["slots"]["site"]["deprecated_element_has_possible_replacement"] = "boundary"
    new["enums"]["EnergyUnit"]["permissible_values"]["MW.h"]["deprecated"] = "write GW.h or kW.h"
    found = compare(tmp_path, new)
    assert one(found, "slot", "deprecated", "site") == {
        "reason": "too vague", "replacement": "boundary", "replacement_type": "possible"
    }  # fmt: skip
    assert one(found, "unit", "deprecated", "EnergyUnit.MW.h")["replacement"] is None
    assert not [c for c in found.changes if c.change == "renamed"]  # `boundary` was there already
    assert "site -> boundary (possible): too vague" in render_text(found)


def test_a_deprecation_in_a_parent_class_is_listed_once(tmp_path: Path) -> None:
    old = copy.deepcopy(BASE)
    old["classes"]["Located"] = {"description": "Something with a place.", "slots": ["site"]}
    old["classes"]["Run"]["is_a"] = "Located"
    new = copy.deepcopy(old)
    new["classes"]["Located"]["slot_usage"] = {"site": {"deprecated": "say it on the report"}}
    found = compare(tmp_path, new, old)
    assert [(c.kind, c.change, c.name) for c in found.changes] == [("slot", "deprecated", "Located.site")]


# -- the command line ------------------------------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_output_groups_by_kind_and_ends_with_the_counts(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    new = schema()
    new["slots"]["site"]["range"] = "uri"
    new["enums"]["EnergyUnit"]["permissible_values"]["GW.h"] = {"description": "gigawatt hour"}
    code, out, err = run_cli(capsys, write(tmp_path, "old.yaml", BASE), write(tmp_path, "new.yaml", new))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"schema diff: 1.0.0 ({tmp_path / 'old.yaml'}) -> 2.0.0 ({tmp_path / 'new.yaml'})"
    assert lines.index("units (slot units, unit enum codes):") < lines.index("ranges:")
    assert "  added      EnergyUnit.GW.h" in lines
    assert "  changed    site: range string -> uri" in lines
    assert lines[-2:] == ["2 changes: 1 added, 1 changed", "by kind: unit 1, range 1"]


def test_json_output_is_the_documented_structure(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    new = schema()
    new["slots"]["energy"]["unit"] = {"ucum_code": "MW.h", "exact_mappings": ["qudt_unit:KiloW-HR"]}
    code, out, _ = run_cli(capsys, write(tmp_path, "a.yaml", BASE), write(tmp_path, "b.yaml", new), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"old", "new", "sources", "changes", "counts"}
    assert (data["old"], data["new"]) == ("1.0.0", "2.0.0")
    assert data["changes"] == [
        {
            "kind": "unit",
            "change": "changed",
            "name": "energy",
            "details": {"ucum_code": {"old": "kW.h", "new": "MW.h"}},
        }
    ]
    assert data["counts"]["total"] == 1
    assert data["counts"]["by_change"]["changed"] == 1 and data["counts"]["by_kind"]["unit"] == 1
    assert sum(data["counts"]["by_kind"].values()) == 1


def test_the_release_against_the_current_schema(capsys: pytest.CaptureFixture) -> None:
    code, out, err = run_cli(capsys, "0.1.0", "current", "--format", "json")
    data = json.loads(out)
    assert (code, err) == (0, "")
    assert data["old"] == "0.1.0" and data["new"] == releases.current_version()
    assert data["counts"]["total"] == len(data["changes"])
    keys = [(c["kind"], c["change"], c["name"]) for c in data["changes"]]
    assert len(keys) == len(set(map(str, data["changes"])))  # no change listed twice


def test_no_difference_is_said_and_is_exit_code_0(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run_cli(capsys, "0.1.0", "0.1.0")
    assert code == 0
    assert out.splitlines()[-3:] == ["no differences", "", "0 changes"]


def test_text_from_a_schema_cannot_steer_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    new = schema()
    new["slots"]["site"]["range"] = "\x1b[31mred"
    _, out, _ = run_cli(capsys, write(tmp_path, "old.yaml", BASE), write(tmp_path, "new.yaml", new))
    assert "\x1b" not in out
    assert "site: range string -> \\x1b[31mred" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("key: [unclosed\n", "new.yaml:2:1:"),
        ("- just\n- a list\n", "the document is a list, not a mapping"),
        ('{"enums": "x"}', "`enums` must be a mapping of elements, not str"),
        ("name: nothing\nversion: 1\n", "it has no classes, slots, enums or types"),
        ("slots: 3\n", "`slots` must be a mapping of elements, not int"),
        ("imports: [core]\nslots: {}\n", "imports core: give the merged schema"),
        ("a: &x 1\nb: *x\nslots: {}\n", "alias"),
    ],
)
def test_a_bad_schema_is_one_line_on_stderr_and_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture, content: str | None, message: str
) -> None:
    path = tmp_path / "new.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run_cli(capsys, "0.1.0", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"aistd diff: {path}") and message in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_an_unknown_release_and_a_folder_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = run_cli(capsys, "9.9.9", "current")
    assert code == 2 and "9.9.9: no such release is shipped (give a shipped version (0.1.0" in err
    code, _, err = run_cli(capsys, str(tmp_path), "current")
    assert code == 2 and "it is a folder" in err


def test_the_console_script_diffs_without_loading_linkml() -> None:
    probe = "import sys\nfrom aistd.cli import main\nmain(['diff', '0.1.0', 'current'])\n"
    probe += "print('HEAVY:' + ','.join(sorted({m.split('.')[0] for m in sys.modules} & {'linkml', 'linkml_runtime'})))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "HEAVY:"
    assert done.stdout.startswith("schema diff: 0.1.0 -> ")


# -- deprecated slots in a disclosure --------------------------------------------------------------------------


def deprecating_schema() -> dict[str, Any]:
    data = schema()
    data["slots"]["site"].update({"deprecated": "too vague", "deprecated_element_has_exact_replacement": "ex:place"})
    data["slots"]["place"] = {"description": "Where.", "range": "string"}
    data["classes"]["Run"]["slot_usage"] = {"boundary": {"deprecated": "state it on the report"}}
    data["enums"]["EnergyUnit"]["permissible_values"]["MW.h"]["annotations"] = {"replaced_by": "kW.h"}
    return data


def test_deprecated_slots_and_values_used_are_found_with_their_replacement() -> None:
    document = {
        "site": "Paris",
        "boundary": "it",
        "energy": {"value": 3, "unit": "MW.h"},
        "runs": [{"boundary": "it"}, {"energy": {"value": 1, "unit": "kW.h"}}],
    }
    uses = {use.pointer: use for use in deprecated_uses(document, deprecating_schema())}
    assert set(uses) == {"/site", "/energy/unit", "/runs/0/boundary"}
    assert (uses["/site"].kind, uses["/site"].replacement) == ("slot", "place")
    assert uses["/site"].message == "the slot `site` is deprecated: use `place` instead (too vague)"
    assert (uses["/energy/unit"].kind, uses["/energy/unit"].replacement) == ("value", "kW.h")
    assert uses["/runs/0/boundary"].message == "the slot `boundary` is deprecated (state it on the report)"


def test_deprecated_slots_of_a_schema() -> None:
    found = deprecated_slots(deprecating_schema())
    assert set(found) == {"site", "Run.boundary"}
    assert found["site"].replacement == "place" and found["site"].replacement_type == "exact"


def test_deprecated_slots_of_the_current_schema_name_replacements_it_has() -> None:
    current = releases.merged_schema(releases.CURRENT)
    for name, deprecation in deprecated_slots().items():
        assert deprecation.name == name
        if deprecation.replacement is not None:
            assert deprecation.replacement in current["slots"] or "." in name


def test_a_document_without_deprecated_slots_yields_nothing() -> None:
    assert list(deprecated_uses({"site": None, "runs": "not a list"}, schema())) == []
    assert list(deprecated_uses(["not", "a", "mapping"], deprecating_schema())) == []
