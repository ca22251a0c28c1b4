"""JSON pointers (RFC 6901) and the line and column of the value a pointer names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Position = tuple[int, int]


def escape(token: str) -> str:
    """One reference token of a JSON pointer, escaped."""
    return token.replace("~", "~0").replace("/", "~1")


def json_pointer(path: Iterable[Any]) -> str:
    """A JSON pointer from a sequence of keys and indexes."""
    return "".join("/" + escape(str(part)) for part in path)


def position_of(positions: Mapping[str, Position], pointer: str) -> tuple[int | None, int | None]:
    """The 1-based line and column of the value at a pointer, or of its nearest parent that has one."""
    candidate = pointer
    while True:
        if candidate in positions:
            return positions[candidate]
        if not candidate:
            return (None, None)
        candidate = candidate.rsplit("/", 1)[0]


def hashable(value: Any) -> Any:
    """The value itself when it can be a dict key or a set member, else its repr.

    Checks run on data that may break the schema: a list or mapping where text belongs (an id, a stage, a
    boundary) must not crash a grouping, only fail to match the text it replaces.
    """
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def unescape(token: str) -> str:
    """A JSON pointer token as the key it names (RFC 6901: ~1 is /, ~0 is ~)."""
    return token.replace("~1", "/").replace("~0", "~")
