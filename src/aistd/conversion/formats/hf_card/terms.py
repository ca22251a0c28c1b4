"""Where a model card keeps what aistd carries, as the `hf-model-card` crosswalk names it."""

from __future__ import annotations

import re
from functools import cache

from aistd.knowledge.crosswalks import rows

VOCABULARY = "hf-model-card"
PREFIX = "hfcard:"
CO2 = "co2_eq_emissions"
SECTION = "environmental_impact"
UNFILLED = re.compile(r"^\s*(\[more information needed\]|\{\{.*\}\}|-|n/?a|none|tbd|todo|\?)?\s*$", re.I)


@cache
def known_keys() -> dict[str, str]:
    """co2_eq_emissions keys the crosswalk knows, with their object ids."""
    keys = {}
    for row in rows(VOCABULARY):
        rest = row["object_id"].removeprefix(f"{PREFIX}{CO2}.")
        if rest != row["object_id"] and "." not in rest:
            keys[rest] = row["object_id"]
    return keys


@cache
def section_fields() -> dict[str, str]:
    """Environmental Impact bullet labels (case-folded) with their object ids."""
    return {
        row["object_label"].casefold(): row["object_id"]
        for row in rows(VOCABULARY)
        if row["object_id"].startswith(f"{PREFIX}{SECTION}.")
    }
