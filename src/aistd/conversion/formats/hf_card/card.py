"""A model card split into its parts: the front matter (data and positions) and the body's title, labelled
bullets and the prose of its Environmental Impact section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aistd.conversion.formats.hf_card.quantities import plain
from aistd.conversion.journal import ConversionError
from aistd.load import LoadError, parse_text, value_positions
from aistd.load.detect import ENVIRONMENTAL_IMPACT
from aistd.load.markdown import HEADING, front_matter

FENCE = re.compile(r"^\s*(```|~~~)")
BULLET = re.compile(
    r"^\s*[-*+]\s+(?:\*\*|__)?(?P<label>[^:*_\[\]\n]+?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(?P<value>.*?)\s*$"
)
CARD_TITLE = re.compile(r"^\s*(model card (for|of)\s+|model card\s*[:\-\u2013\u2014]\s*)|\s*model card\s*$", re.I)
BOILERPLATE = re.compile(r"machine learning impact calculator|^\s*<!--.*-->\s*$", re.I)


@dataclass
class Bullet:
    """A `- **Label:** value` line of the body, with the 1-based line and column of its value."""

    label: str
    value: str
    line: int
    column: int
    in_section: bool


@dataclass
class Card:
    """A card split into its front matter (data and positions) and its body's bullets and headings."""

    meta: dict[str, Any]
    positions: dict[str, tuple[int, int]]
    bullets: list[Bullet] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)
    title: str | None = None
    has_section: bool = False


def _parse_meta(front: str, first_line: int) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    if not front.strip():
        return {}, {}
    try:
        data = parse_text(front, "front-matter.yaml").data
    except LoadError as error:
        line = None if error.line is None else error.line + first_line - 1
        raise ConversionError(f"front matter: {error.message}", line, error.column) from None
    if not isinstance(data, dict):
        raise ConversionError("the front matter is not a mapping of metadata keys", first_line, 1)
    shifted = {p: (line + first_line - 1, column) for p, (line, column) in value_positions(front).items()}
    return data, shifted


def split_card(text: str) -> Card:
    """The card's front matter and body; ConversionError when the front matter is unreadable."""
    try:
        front = front_matter(text)
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    if front is None:
        card, body, body_line = Card({}, {}), text, 1
    else:
        meta, positions = _parse_meta(front.text, front.first_line)
        body_start = front.body_start
        card, body, body_line = Card(meta, positions), text[body_start:], text.count("\n", 0, body_start) + 1
    _read_body(card, body, body_line)
    return card


def _read_body(card: Card, body: str, first_line: int) -> None:
    """The body's title, the Environmental Impact section's lines, and the labelled bullets elsewhere."""
    section_level, fenced = 0, False
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        heading = HEADING.match(line)
        if heading:
            level, title = len(heading.group(1)), plain(heading.group(2))
            card.title = card.title or (title if level == 1 else None)
            if section_level and level <= section_level:
                section_level = 0
            if re.search(ENVIRONMENTAL_IMPACT, title):
                section_level, card.has_section = level, True
            continue
        _body_line(card, line, number, bool(section_level))


def _body_line(card: Card, line: str, number: int, in_section: bool) -> None:
    bullet = BULLET.match(line)
    if bullet:
        label = plain(bullet.group("label"))
        card.bullets.append(Bullet(label, bullet.group("value"), number, bullet.start("value") + 1, in_section))
    elif in_section and line.strip() and not BOILERPLATE.search(line):
        card.prose.append((number, line.strip()))


def system_name(card: Card) -> str | None:
    """The model the card is about: model-index name, else the first heading without "Model Card for"."""
    index = card.meta.get("model-index")
    if isinstance(index, list) and index and isinstance(index[0], dict) and isinstance(index[0].get("name"), str):
        return index[0]["name"].strip() or None
    if card.title:
        return CARD_TITLE.sub("", card.title).strip() or None
    return None
