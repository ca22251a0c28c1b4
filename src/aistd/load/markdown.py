"""Markdown as model cards are written: YAML front matter between `---` lines, then a body of headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aistd.load.document import LoadError
from aistd.model.message import says

FRONT_OPEN = re.compile(r"\A---[ \t]*\r?\n")
FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


@dataclass(frozen=True)
class FrontMatter:
    """The front matter's text, the line it starts on, and the offset where the body starts."""

    text: str
    first_line: int
    body_start: int


def front_matter(text: str) -> FrontMatter | None:
    """The front matter of a Markdown text (None without one); LoadError when it is opened but never closed."""
    opening = FRONT_OPEN.match(text)
    if opening is None:
        return None
    closing = FRONT_CLOSE.search(text, opening.end())
    if closing is None:
        raise LoadError(says("the front matter opened by {marker} on line 1 is never closed", marker="---"), 1, 1)
    return FrontMatter(text[opening.end() : closing.start()], 2, closing.end() + 1)


def heading(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and title (`## Environmental Impact` -> 2, Environmental Impact), else None; string
    operations only, so a long line costs its length once."""
    if not line.startswith("#"):
        return None
    level = len(line) - len(line.lstrip("#"))
    rest = line[level:]
    if level > 6 or not rest or rest[0] not in " \t":
        return None
    title = rest.strip(" \t").rstrip(" \t#")
    return (level, title) if title else None


def heading_titles(text: str) -> list[str]:
    """The text of every Markdown heading line (`## Environmental Impact` -> Environmental Impact)."""
    return [found[1] for found in map(heading, text.splitlines()) if found]
