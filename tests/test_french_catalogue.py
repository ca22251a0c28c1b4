"""Every rule, profile, profile requirement and computed indicator has its French text, and finding messages can be
given in French (`localised_message`, `localised_title`)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from aistd.knowledge import profiles
from aistd.knowledge.rules import localised_message, localised_title, rule_catalogue

TRANSLATION = "aistd:translation"
OFFICIAL_SOURCE = re.compile(r"^(https?://\S+|(ISO|IEC|ISO/IEC|NF|AFNOR|ITU-T|CELEX|ELI)[ :/]\S.*)$")


def _requirements() -> list[dict[str, Any]]:
    return [r for p in profiles.profiles().values() for r in p.requirements]


def _computed() -> list[dict[str, Any]]:
    return [c for p in profiles.profiles().values() for c in p.computes]


def _check_source(fr: dict[str, str] | Any, where: str) -> None:
    source = fr.get("source", "")
    assert source, f"{where}: no source"
    assert source == TRANSLATION or OFFICIAL_SOURCE.match(source), f"{where}: source {source!r} is no URL/identifier"


def test_every_rule_has_french_title_description_message_and_source() -> None:
    specs = rule_catalogue()
    assert len(specs) >= 115
    for rule_id, spec in specs.items():
        for key in ("title", "description", "message"):
            assert spec.fr.get(key, "").strip(), f"{rule_id}: no French {key}"
        assert spec.fr["title"] != spec.title, rule_id
        assert spec.fr["description"] != spec.description, rule_id
        _check_source(spec.fr, rule_id)


def test_every_profile_has_french_title_description_and_source() -> None:
    documents = profiles.profiles()
    assert len(documents) >= 7
    for profile_id, profile in documents.items():
        assert profile.fr.get("title", "").strip(), profile_id
        assert profile.fr.get("description", "").strip(), profile_id
        assert profile.fr["title"] != profile.title, profile_id
        _check_source(profile.fr, profile_id)


def test_every_requirement_has_french_title_description_and_source() -> None:
    requirements = _requirements()
    assert len(requirements) >= 36
    for requirement in requirements:
        fr = requirement.get("fr") or {}
        assert fr.get("title", "").strip(), requirement["id"]
        assert fr.get("description", "").strip(), requirement["id"]
        assert fr["title"] != requirement["title"], requirement["id"]
        _check_source(fr, requirement["id"])


def test_every_computed_indicator_has_french_title_and_source() -> None:
    computed = _computed()
    assert len(computed) >= 4
    for indicator in computed:
        fr = indicator.get("fr") or {}
        assert fr.get("title", "").strip(), indicator["id"]
        assert fr["title"] != indicator["title"], indicator["id"]
        _check_source(fr, indicator["id"])


def test_french_titles_are_distinct_where_the_english_ones_are() -> None:
    english: dict[str, str] = {}
    for rule_id, spec in rule_catalogue().items():
        english.setdefault(spec.fr["title"], spec.title)
        assert english[spec.fr["title"]] == spec.title, f"{rule_id}: one French title for two English ones"


def _all_ids() -> list[str]:
    return [*rule_catalogue(), *(r["id"] for r in _requirements()), *(c["id"] for c in _computed())]


@pytest.mark.parametrize("message", ["", "PUE 1.2 stated, 1.5 computed from facility_energy / it_equipment_energy"])
def test_french_message_differs_from_english_for_every_id(message: str) -> None:
    for rule_id in _all_ids():
        french = localised_message(rule_id, message, "fr")
        assert french != message, rule_id
        assert french.strip(), rule_id
        if message:
            assert french.endswith(f"(détail : {message})"), rule_id
        assert localised_message(rule_id, message, "en") == message


def test_french_message_of_a_rule_leads_with_its_french_message() -> None:
    lead = rule_catalogue()["dc.pue-identity"].fr["message"]
    assert localised_message("dc.pue-identity", "PUE 1.2 vs 1.5", "fr") == f"{lead} (détail : PUE 1.2 vs 1.5)"
    title = rule_catalogue()["dc.pue-identity"].title
    assert localised_message("dc.pue-identity", title, "fr") == lead


def test_requirement_message_names_the_requirement_in_french() -> None:
    """The French lead says what the English title said; the detail keeps only what the title does not."""
    requirement = _requirements()[0]
    english = f"[profile] {requirement['title']}: missing name"
    french = localised_message(requirement["id"], english, "fr")
    assert french.startswith("exigence non satisfaite : ")
    assert french.endswith("(détail : missing name)")
    assert profiles.localised_requirement_message(requirement["id"], english, "fr") == french


def test_localised_titles() -> None:
    for rule_id in _all_ids():
        assert localised_title(rule_id, "fr") != localised_title(rule_id, "en"), rule_id
    assert localised_title("dc.pue-identity", "en") == rule_catalogue()["dc.pue-identity"].title


def test_unknown_language_and_rule() -> None:
    with pytest.raises(ValueError, match="no language"):
        localised_message("dc.pue-identity", "x", "de")
    with pytest.raises(LookupError):
        localised_message("no.such-rule", "x", "fr")
    with pytest.raises(LookupError):
        localised_title("no.such-rule", "fr")
