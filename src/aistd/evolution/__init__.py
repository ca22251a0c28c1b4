"""Evolution: how the schema changes from one release to the next.

`diff(old, new)` compares two merged LinkML schemas (a shipped version, "current", or a path) and returns a
SchemaDiff (`aistd diff`); `deprecated_uses(document)` tells which deprecated slots and values a disclosure uses,
with their replacement, for validation to warn of.
"""

from aistd.evolution.changes import CHANGES, KINDS, Change, SchemaDiff
from aistd.evolution.deprecation import DeprecatedUse, deprecated_slots, deprecated_uses, deprecated_values
from aistd.evolution.diff import diff, diff_loaded, diff_schemas
from aistd.evolution.elements import Deprecation
from aistd.evolution.render import render_text
from aistd.evolution.schemas import LoadedSchema, SchemaInputError, read_schema

__all__ = [
    "CHANGES",
    "KINDS",
    "Change",
    "DeprecatedUse",
    "Deprecation",
    "LoadedSchema",
    "SchemaDiff",
    "SchemaInputError",
    "deprecated_slots",
    "deprecated_uses",
    "deprecated_values",
    "diff",
    "diff_loaded",
    "diff_schemas",
    "read_schema",
    "render_text",
]
