"""Profiles: a disclosure's `conforms_to` selects them, each requirement fires when unmet, and not otherwise."""

from __future__ import annotations

import pytest

from aistd.check import check_data
from aistd.knowledge import profiles
from aistd.load import load_path
from tests.conftest import EXAMPLES

REQUIRED_PROFILES = {
    "eu-ai-act-annex-xi", "eu-dc-2024-1364", "iso-iec-21031-sci", "itu-t-l1801", "afnor-spec-2314",
    "ieee-p7100", "unep-dc-procurement",
}  # fmt: skip
BASE = {
    "id": "urn:aistd:example:profile",
    "schema_version": "0.2.0",
    "reporting_entity": {"name": "Example AI Lab SAS"},
    "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-12-31"},
}


def claimed_by_valid_examples() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((EXAMPLES / "valid").iterdir()):
        for name in load_path(path).data.get("conforms_to", []):
            found.setdefault(name, path.name)
    return found


def test_the_required_profiles_exist_and_drafts_are_provisional() -> None:
    assert set(profiles.profiles()) >= REQUIRED_PROFILES
    assert profiles.profiles()["afnor-spec-2314"].provisional
    assert profiles.profiles()["ieee-p7100"].provisional
    for profile in profiles.profiles().values():
        for requirement in profile.requirements:
            assert requirement["id"].startswith(profile.id + "."), requirement["id"]
            assert requirement["clause"]


@pytest.mark.parametrize("name", sorted(REQUIRED_PROFILES))
def test_a_valid_example_claims_and_meets_each_profile(name: str) -> None:
    example = claimed_by_valid_examples().get(name)
    assert example is not None, f"no valid example claims {name}"
    findings = check_data(load_path(EXAMPLES / "valid" / example).data)
    unmet = [f for f in findings if f.rule.startswith(name + ".") and f.severity.value != "info"]
    assert unmet == []  # info findings are the indicators a profile computes, not requirements


@pytest.mark.parametrize("name", sorted(REQUIRED_PROFILES))
def test_an_empty_disclosure_claiming_a_profile_fails_it(name: str) -> None:
    findings = check_data({**BASE, "conforms_to": [name]})
    assert any(f.rule.startswith(name + ".") for f in findings)
    assert not [f for f in findings if f.rule.startswith("schema.")]


def test_profiles_can_be_added_by_the_caller() -> None:
    assert check_data(BASE) == []
    assert any(f.rule.startswith("unep-dc-procurement.") for f in check_data(BASE, ["unep-dc-procurement"]))


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(profiles.UnknownProfileError):
        check_data(BASE, ["no-such-profile"])


def test_missing_slot_is_reported_at_the_object() -> None:
    document = {
        **BASE,
        "conforms_to": ["eu-ai-act-annex-xi"],
        "ai_systems": [{"id": "m", "name": "M", "version": "1", "system_type": "general-purpose-model"}],
        "footprints": [{"id": "t", "system": "m", "stage": "training", "compute_operations": 1e24}],
    }
    findings = {(f.rule, f.pointer) for f in check_data(document)}
    assert ("eu-ai-act-annex-xi.training-time", "/footprints/0") in findings
    assert ("eu-ai-act-annex-xi.training-energy", "/footprints/0") in findings
    assert not any(rule == "eu-ai-act-annex-xi.model" for rule, _ in findings)


def test_profile_only_rules_run_only_with_their_profile() -> None:
    report = {
        "id": "dc",
        "reporting_period": BASE["reporting_period"],
        "installed_it_power": {"value": 100, "unit": "kW"},
    }
    assert "dc.reporting-threshold" not in {f.rule for f in check_data({**BASE, "data_centre_reports": [report]})}
    with_profile = check_data({**BASE, "data_centre_reports": [report]}, ["eu-dc-2024-1364"])
    assert "dc.reporting-threshold" in {f.rule for f in with_profile}


def test_a_value_recorded_as_not_stated_does_not_meet_a_requirement() -> None:
    from aistd.check.profiles import check_requirement

    profile = profiles.Profile("p", "P", False, (), (), ())
    requirement = {
        "id": "p.boundary",
        "title": "Energy states its boundary and period",
        "class_name": "StageFootprint",
        "slots": ["energy_boundary", "period"],
        "severity": "error",
        "clause": "P | 1 | verified-from-source",
    }
    stated = {"id": "t", "stage": "training", "energy_boundary": "facility", "period": {"start_date": "2025"}}
    assert list(check_requirement({"footprints": [stated]}, profile, requirement)) == []
    unknown = {**stated, "energy_boundary": "not-stated", "period": {"not_stated": True}}
    (finding,) = check_requirement({"footprints": [unknown]}, profile, requirement)
    assert finding.pointer == "/footprints/0"
    assert "missing energy_boundary, period (energy_boundary, period recorded as not stated)" in finding.message
