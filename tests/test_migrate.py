"""Releases: a 0.1.0 file keeps validating with the 0.1.0 schema, and `aistd migrate` lifts it to 0.2.0.

The 0.1.0 examples are kept as they were released (tests/data/releases/0.1.0/examples); each one validates
with the shipped 0.1.0 JSON Schema, migrates, and then validates with the current schema with the verdict its
expectation records (three examples whose meaning 0.2.0 changed are named below, with what changed).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from aistd.check import check_data, check_document
from aistd.cli import main
from aistd.evolution.migrate import MigrationError, migrate
from aistd.load import load_path
from aistd.model.versions import SCHEMA_VERSION
from tests.conftest import ROOT

RELEASED = ROOT / "tests" / "data" / "releases" / "0.1.0" / "examples"
VALID = sorted((RELEASED / "valid").iterdir())
INVALID = sorted((RELEASED / "invalid").iterdir())
EXPECTED: dict[str, dict[str, str]] = load_path(RELEASED / "invalid.expected.yaml").data
# What 0.2.0 changed about three invalid examples: the finding the migrated file gets instead (None: valid).
CHANGED_MEANING: dict[str, tuple[str, str] | None] = {
    "Quantity-unknown-field.yaml": None,  # `uncertainty` is a quantity's field in 0.2.0
    "Period-date-not-iso.yaml": ("schema.pattern", "/reporting_period/start_date"),  # months and years admitted
    "Period-impossible-date.yaml": ("schema.format", "/footprints/0/period/end_date"),  # the calendar check
}
UNLIFTABLE = {
    "Disclosure-schema-version-not-semver.yaml",
    "Disclosure-schema-version-is-number.yaml",
    "Disclosure-missing-schema-version.yaml",
}


def schema_verdicts(data: Any) -> list[tuple[str, str]]:
    keyword = {"units.dimension": "enum"}
    return [
        (keyword.get(f.rule, f.rule.removeprefix("schema.")), f.pointer)
        for f in check_data(data)
        if f.rule.startswith("schema.") or f.rule == "units.dimension"
    ]


def test_the_released_examples_are_all_there() -> None:
    assert len(VALID) >= 6 and len(INVALID) >= 90
    assert set(EXPECTED) == {p.name for p in INVALID}


# What the 0.2.0 reading of a standard now asks of a valid 0.1.0 file that 0.1.0 had no slot for.
NEWLY_REQUIRED: dict[str, list[str]] = {
    # DR 2024/1364 Annex I 1(d) (data-centre type) and Annex II 1(d) (E_DC from back-up generators), read in the text
    # and the UNEP U4E guidelines' server and operating-condition criteria (warnings, provisional)
    "Disclosure-data-centre-annual-kpi.yaml": [
        "eu-dc-2024-1364.backup-generators",
        "eu-dc-2024-1364.data-centre",
        "unep-dc-procurement.operating-conditions",
        "unep-dc-procurement.servers",
        # and the Annex III indicators the EU profile computes from what the report states (info)
        "eu-dc-2024-1364.erf",
        "eu-dc-2024-1364.pue",
        "eu-dc-2024-1364.ref",
        "eu-dc-2024-1364.wue",
    ],
}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_a_valid_0_1_0_file_validates_with_its_release_then_migrates_and_validates(path: Path) -> None:
    document = load_path(path)
    required = NEWLY_REQUIRED.get(path.name, [])
    assert sorted(f.rule for f in check_document(document)) == sorted(["schema.version-superseded", *required])
    changes = migrate(document.data)
    assert changes[-1].pointer == "/schema_version" and document.data["schema_version"] == SCHEMA_VERSION
    assert sorted(f.rule for f in check_data(document.data)) == sorted(required)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_an_invalid_0_1_0_file_keeps_its_verdict_through_the_migration(path: Path) -> None:
    expected = (EXPECTED[path.name]["keyword"], EXPECTED[path.name]["pointer"])
    data = load_path(path).data
    assert expected in schema_verdicts(data), "the 0.1.0 schema judges it as released"
    if path.name in UNLIFTABLE:
        with pytest.raises(MigrationError):
            migrate(data)
        return
    migrate(data)
    after = schema_verdicts(data)
    if path.name not in CHANGED_MEANING:
        assert expected in after
    elif CHANGED_MEANING[path.name] is None:
        assert after == []
    else:
        rule, pointer = CHANGED_MEANING[path.name]  # type: ignore[misc]
        assert (rule.removeprefix("schema."), pointer) in after


def test_placeholders_of_0_1_0_converters_become_explicit_unknowns() -> None:
    data = {
        "id": "urn:x",
        "schema_version": "0.1.0",
        "reporting_entity": {"name": "unknown (not stated in the source)"},
        "reporting_period": {"start_date": "1970-01-01", "end_date": "9999-12-31"},
        "footprints": [
            {"id": "f", "stage": "training", "period": {"start_date": "1970-01-01", "end_date": "9999-12-31"}}
        ],
    }
    changes = migrate(data)
    assert data["reporting_entity"] == {"not_stated": True} and data["reporting_period"] == {"not_stated": True}
    assert data["footprints"][0]["period"] == {"not_stated": True}
    assert [c.pointer for c in changes] == [
        "/reporting_period",
        "/reporting_entity",
        "/footprints/0/period",
        "/schema_version",
    ]
    assert check_data(data) == []


def test_no_path_leads_from_an_unknown_release() -> None:
    with pytest.raises(MigrationError, match=r"no migration leads from 9\.9\.9"):
        migrate({"schema_version": "9.9.9"})


def test_an_unknown_release_is_an_error_finding() -> None:
    data = {"id": "urn:x", "schema_version": "9.9.9", "reporting_entity": {"name": "x"}}
    data["reporting_period"] = {"start_date": "2025", "end_date": "2025"}
    assert [f.rule for f in check_data(data)] == ["schema.version-unknown"]


def test_the_command_rewrites_only_the_changed_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yaml_file = tmp_path / "llm.yaml"
    shutil.copy(RELEASED / "valid" / "Disclosure-llm-pretraining.yaml", yaml_file)
    json_file = tmp_path / "fine-tune.json"
    shutil.copy(RELEASED / "valid" / "Disclosure-fine-tune.json", json_file)
    before = {path: path.read_text(encoding="utf-8") for path in (yaml_file, json_file)}
    assert main(["migrate", str(yaml_file), str(json_file)]) == 0
    assert {path: path.read_text(encoding="utf-8") for path in before} == before, "a dry run writes nothing"
    assert "1 change(s) to reach 0.2.0" in capsys.readouterr().out
    assert main(["migrate", "--write", "--format", "json", str(yaml_file), str(json_file)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [len(entry["changes"]) for entry in report["files"]] == [1, 1]
    for path, text in before.items():
        lifted = path.read_text(encoding="utf-8")
        old_lines, new_lines = text.splitlines(), lifted.splitlines()
        differing = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
        assert len(differing) == 1 and "0.1.0" in differing[0][0] and "0.2.0" in differing[0][1], differing
    assert '"value": 16.80' in json_file.read_text(encoding="utf-8"), "published digits stay as written"


def test_the_command_reports_a_file_it_cannot_lift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('id: x\nschema_version: "0.1"\n', encoding="utf-8")
    assert main(["migrate", str(broken)]) == 1
    assert "no migration leads from 0.1" in capsys.readouterr().out
    assert main(["migrate", str(tmp_path / "absent.yaml")]) == 2


def test_the_diff_of_the_release_names_what_0_2_0_changed_and_the_changelog_shows_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["diff", "0.1.0", "current", "--format", "json"]) == 0
    changes = {(c["kind"], c["change"], c["name"]) for c in json.loads(capsys.readouterr().out)["changes"]}
    assert {
        ("slot", "added", "aggregates"),
        ("slot", "added", "location_based_emissions"),
        ("class", "added", "Quantity"),
        ("constraint", "removed", "start_date"),
    } <= changes
    assert main(["diff", "0.1.0", "current"]) == 0
    text = capsys.readouterr().out
    changelog = (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8")
    assert text in changelog, "run `python -m aistd.build.changelog` (the diff block of docs/changelog.md is stale)"
