"""Indicators a profile's text computes from reported values, reported as info findings.

A regulation may define an indicator as a calculation on what is reported (the EU data-centre scheme computes PUE,
WUE, ERF and REF from the reported energies and water). The profile names, for each, the formula rule whose first
clause `slot = expression` is that calculation; the value is computed from the item's own figures and reported with
the value the item states, if any. Whether the two agree is the rule's business, not this module's.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from aistd.check.rules.compile import Pair, compile_rule, shown
from aistd.check.rules.formula import render
from aistd.knowledge.profiles import Profile, profile_label, said_title
from aistd.knowledge.rules import rule_catalogue
from aistd.knowledge.schema import list_of
from aistd.model.figure import Figure, clipped_number
from aistd.model.finding import Finding, Severity
from aistd.model.message import says


@cache
def _computation(rule_id: str) -> tuple[str | None, str, Pair]:
    """The list the rule's items sit in, the slot the indicator is stated in, and the compiled `slot = expression`."""
    spec = rule_catalogue()[rule_id]
    pair = compile_rule(spec)[0].pairs[0]
    return list_of(spec.applies_to), render(pair.left), pair


def _stated_text(item: dict[str, Any], slot: str) -> str:
    value = item.get(slot)
    if isinstance(value, dict) and value.get("not_stated") is not True and "value" in value:
        number, unit = clipped_number(value["value"]), f"{value.get('unit', '')}".rstrip()
        if unit:
            return says("the item states {number} {unit}", number=number, unit=unit)
        return says("the item states {number}", number=number)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return says("the item states {number}", number=clipped_number(value))  # a 4,300-digit integer: by its ends
    return says("the item does not state it")


def computed_indicators(data: dict[str, Any], profile: Profile) -> Iterator[Finding]:
    """An info finding per indicator the profile computes, for every item whose figures give it."""
    label = profile_label(profile)
    for indicator in profile.computes:
        key, slot, pair = _computation(indicator["rule"])
        items = data.get(key) if key else [data]
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            value = pair.right_value(item)
            if value.__class__ is not Figure:
                continue
            message = says(
                "{label} {title}: {formula} = {value} ({stated})",
                label=label,
                title=said_title(indicator),
                formula=render(pair.right),
                value=shown(value, pair.display),
                stated=_stated_text(item, slot),
            )
            pointer = f"/{key}/{index}" if key else ""
            yield Finding(indicator["id"], Severity.INFO, message, pointer, references=(indicator["clause"],))
