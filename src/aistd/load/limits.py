"""The limits every reader applies to hostile input: size, depth, value count, integer length."""

from __future__ import annotations

from aistd.model.message import says

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists a disclosure may have (the top-level mapping is level 1)."""
MAX_VALUES = 500_000
"""The most values (scalars, lists, mappings) a file may hold: parse time and memory grow with the count.

A large disclosure holds a few thousand; PyYAML needs about 400 bytes and 5 microseconds a value.
"""
MAX_INT_DIGITS = 4300
"""The longest integer accepted, in decimal digits: Python's default int/str conversion limit."""

INT_CEILING = 10**MAX_INT_DIGITS
TOO_DEEP = says("the data is nested more than {depth} levels deep", depth=MAX_DEPTH)
