"""The indicator table: definition, unit, limits, stages, boundary and references of every indicator slot."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from aistd.knowledge import artifacts


@cache
def indicator_table() -> dict[str, Any]:
    """Every indicator slot, by name, as the build compiled it from the schema."""
    return json.loads(artifacts.INDICATOR_TABLE.read_text(encoding="utf-8"))
