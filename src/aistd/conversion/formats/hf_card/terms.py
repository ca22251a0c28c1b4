"""Where a model card keeps what aistd carries, as the `hf-model-card` crosswalk names it: the metadata keys, the
Environmental Impact template's labels, the labels cards write before a figure in their body, and the words that
name a lifecycle stage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from aistd.conversion.fields import FieldRule, enum_values, field_rules
from aistd.knowledge.crosswalks import rows
from aistd.knowledge.indicators import indicator_table
from aistd.knowledge.units import slot_classes

VOCABULARY = "hf-model-card"
PREFIX = "hfcard:"
CO2 = "co2_eq_emissions"
SECTION = "environmental_impact"
BODY = "body"
UNFILLED = re.compile(r"^\s*(?:(?:\[more information needed\]|\{\{.*\}\}|-|n/?a|none|tbd|todo|\?)\s*)?$", re.I)
QUALIFYING_WORDS = frozenset(("total", "estimated", "overall", "cumulative", "approximate", "measured"))
"""Words a label may start with that say nothing of which quantity it names ("Total energy consumption")."""
TEXT_SLOTS = frozenset(("hardware", "cloud_provider", "cloud_region"))
"""The slots other than figures that a labelled line of the body may fill."""


@dataclass(frozen=True)
class Label:
    """What a label of the card's body names: the aistd slot, the crosswalk field (None for an indicator's own
    name), and the unit a figure without one is read in (the template's grams), if any."""

    slot: str
    field: str | None
    default_unit: str | None


@cache
def known_keys() -> dict[str, str]:
    """co2_eq_emissions keys the crosswalk knows, with their object ids."""
    keys = {}
    for row in rows(VOCABULARY):
        rest = row["object_id"].removeprefix(f"{PREFIX}{CO2}.")
        if rest != row["object_id"] and "." not in rest:
            keys[rest] = row["object_id"]
    return keys


def words(text: str) -> tuple[str, ...]:
    """The words of a label, in lower case, every other character a separator ("Location-Based" is two words)."""
    return tuple("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def _readable(slot: str) -> bool:
    return slot_classes().get(slot) is not None or slot in TEXT_SLOTS


@cache
def crosswalk_labels() -> dict[tuple[str, ...], Label]:
    """The labels the crosswalk gives for a card's body (the template's and those cards write), by their words.

    The template's labels come with the unit the template asks for; a co2_eq_emissions key is a label too
    ("Emissions", "Energy Consumed"), but its unit (grams, kWh) is the metadata's, not the body's.
    """
    rules: dict[str, FieldRule] = field_rules(VOCABULARY)
    found: dict[tuple[str, ...], Label] = {}
    for field, rule in sorted(rules.items()):
        if not _readable(rule.slot):
            continue
        if field.startswith((f"{PREFIX}{SECTION}.", f"{PREFIX}{BODY}.")):
            row_label = next(r["object_label"] for r in rows(VOCABULARY) if r["object_id"] == field)
            unit = rule.unit or None if field.startswith(f"{PREFIX}{SECTION}.") else None
            found.setdefault(words(row_label), Label(rule.slot, field, unit))
    for key, field in sorted(known_keys().items()):
        rule = rules.get(field)
        if rule is not None and _readable(rule.slot) and rule.slot != "hardware_model":
            found.setdefault(words(key), Label(rule.slot, field, None))
    return found


@cache
def indicator_labels() -> dict[tuple[str, ...], Label]:
    """Each footprint indicator that holds a figure, by the words of its name ("energy consumption")."""
    return {
        words(name.replace("_", " ")): Label(name, None, None)
        for name, entry in indicator_table().items()
        if "StageFootprint" in entry.get("classes", ()) and entry.get("quantity_class")
    }


@cache
def stage_words() -> dict[str, str]:
    """Words that name a lifecycle stage ("training", "pretraining", "finetuning", "sft"), without their hyphens,
    with the aistd stage: the metadata's training_type values and the crosswalk's body stage words."""
    table = dict(enum_values(VOCABULARY, f"{PREFIX}{CO2}.training_type", "LifecycleStage"))
    table.update(enum_values(VOCABULARY, f"{PREFIX}{BODY}.stage", "LifecycleStage"))
    return {"".join(words(word)): stage for word, stage in table.items()}
