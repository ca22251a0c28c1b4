"""A model card split into its parts: the front matter (data and positions), and the body's title, its labelled
lines (`- **Label:** value`, `Label: value`), its Markdown tables, its sections' lines and the prose of its
Environmental Impact section.

The body is read line by line in one pass, without regular expressions that could backtrack: a hostile line of
a megabyte costs a few scans of that line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aistd.conversion.formats.hf_card.figures import shown
from aistd.conversion.formats.hf_card.inline import unescaped
from aistd.conversion.journal import ConversionError
from aistd.load import LoadError, parse_text, value_positions
from aistd.load.detect import ENVIRONMENTAL_IMPACT
from aistd.load.markdown import front_matter, heading
from aistd.model.finding import Finding
from aistd.model.message import says

BOILERPLATE = ("machine learning impact calculator",)
BULLETS = ("- ", "* ", "+ ")
LABEL_LIMIT = 80
"""Characters a label may have; a longer text before a colon is a sentence, not a label."""
PLAIN_LABEL_WORDS = 6
"""Words a label written without a bullet or emphasis may have ("Carbon Emitted: 149 kg")."""
CAPTION_LIMIT = 160


@dataclass
class Statement:
    """A labelled line of the body, with the 1-based line and column of its value; lines in a row (blank lines
    between them allowed) share a block, which an emphasised line just above may caption."""

    label: str
    value: str
    line: int
    column: int
    in_section: bool
    section: int = 0
    block: int = 0
    caption: str | None = None
    caption_line: int | None = None


@dataclass
class Cell:
    """One cell of a table: its text as written and the 1-based line and column where the text starts."""

    text: str
    line: int
    column: int


@dataclass
class Table:
    """A Markdown table: its header cells, its rows of cells, and the section it sits in."""

    header: list[Cell]
    rows: list[list[Cell]]
    section: int
    before: tuple[int, str] = (0, "")
    after: tuple[int, str] = (0, "")
    """The lines just above and below the table (a caption, a lead-in), with their numbers."""


@dataclass
class Card:
    """A card split into its front matter (data and positions) and its body's statements, tables and sections."""

    meta: dict[str, Any]
    positions: dict[str, tuple[int, int]]
    warnings: list[Finding] = field(default_factory=list)
    """What parsing the front matter warned about, at the card's lines."""
    statements: list[Statement] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)
    sections: list[list[tuple[int, str]]] = field(default_factory=lambda: [[]])
    title: str | None = None
    has_section: bool = False


def _parse_meta(front: str, first_line: int) -> Card:
    """The front matter's metadata, with its positions and warnings at the card's lines."""
    if not front.strip():
        return Card({}, {})
    try:
        parsed = parse_text(front, "front-matter.yaml")
    except LoadError as error:
        line = None if error.line is None else error.line + first_line - 1
        raise ConversionError(says("front matter: {message}", message=error.message), line, error.column) from None
    if not isinstance(parsed.data, dict):
        raise ConversionError(says("the front matter is not a mapping of metadata keys"), first_line, 1)
    shifted = {p: (line + first_line - 1, column) for p, (line, column) in value_positions(front).items()}
    warnings = [w if w.line is None else w.at(w.line + first_line - 1, w.column) for w in parsed.warnings]
    return Card(parsed.data, shifted, warnings=warnings)


def split_card(text: str) -> Card:
    """The card's front matter and body; ConversionError when the front matter is unreadable."""
    try:
        front = front_matter(text)
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    if front is None:
        card, body, body_line = Card({}, {}), text, 1
    else:
        body_start = front.body_start
        card = _parse_meta(front.text, front.first_line)
        body, body_line = text[body_start:], text.count("\n", 0, body_start) + 1
    _BodyReader(card, body.splitlines(), body_line).read()
    return card


def is_fence(line: str) -> bool:
    """A line that opens or closes a fenced code block."""
    return line.lstrip().startswith(("```", "~~~"))


def split_cells(line: str, number: int) -> list[Cell]:
    """The cells of a table line, split on the pipes that are not escaped, each with where its text starts."""
    cells: list[Cell] = []
    start, index, length = 0, 0, len(line)
    bounds: list[tuple[int, int]] = []
    while index < length:
        char = line[index]
        if char == "\\":
            index += 2
            continue
        if char == "|":
            bounds.append((start, index))
            start = index + 1
        index += 1
    bounds.append((start, length))
    if line.lstrip().startswith("|"):
        bounds = bounds[1:]
    if bounds and not line[bounds[-1][0] : bounds[-1][1]].strip() and line.rstrip().endswith("|"):
        bounds = bounds[:-1]
    for begin, end in bounds:
        raw = line[begin:end]
        text = raw.strip()
        offset = len(raw) - len(raw.lstrip())
        cells.append(Cell(text, number, begin + offset + 1))
    return cells


def is_delimiter_row(line: str) -> bool:
    """A table's second line: cells of dashes with optional colons (`| :--- | ---: |`)."""
    if "-" not in line:
        return False
    cells = split_cells(line, 0)
    return bool(cells) and all(c.text and set(c.text.strip(":")) == {"-"} for c in cells)


def is_caption(line: str) -> bool:
    """A short line that is all emphasis (`*IDEFICS-9b pretraining*`, `**Details**`): it names what follows."""
    text = line.strip()
    if not (3 <= len(text) <= CAPTION_LIMIT) or text[0] not in "*_" or text[-1] not in "*_:":
        return False
    return text.strip("*_: ") != "" and ":" not in text.strip("*_ ")[:-1]


def statement_parts(line: str) -> tuple[str, str, int] | None:
    """A labelled line's label, value and the 0-based column of the value, or None when the line is not one."""
    text = line.lstrip()
    indent = len(line) - len(text)
    start = 0
    bulleted = text[:2] in BULLETS
    if bulleted:
        start = 2
    else:
        digits = len(text) - len(text.lstrip("0123456789"))
        if 0 < digits <= 3 and text[digits : digits + 2] in (". ", ") "):
            start, bulleted = digits + 2, True
    colon = text.find(":", start, start + LABEL_LIMIT + 8)
    if colon == -1:
        return None
    raw_label = text[start:colon]
    label = shown(raw_label.replace("_", " "))
    emphasised = raw_label.lstrip().startswith(("**", "__"))
    if not _is_label(label, raw_label) or not (bulleted or emphasised or len(label.split()) <= PLAIN_LABEL_WORDS):
        return None
    value_start = colon + 1
    rest = text[value_start:]
    if rest.startswith(("**", "__")):
        value_start += 2
    value = text[value_start:]
    lead = len(value) - len(value.lstrip())
    return label, value.strip(), indent + value_start + lead


def _is_label(label: str, raw: str) -> bool:
    if not label or len(label) > LABEL_LIMIT or not label[0].isalpha():
        return False
    return not any(mark in raw for mark in ("](", "http", "`", "|"))


class _BodyReader:
    """One pass over the body's lines, outside code fences and HTML comments."""

    def __init__(self, card: Card, lines: list[str], first_line: int) -> None:
        self.card = card
        self.lines = lines
        self.first = first_line
        self.section_level = 0
        self.block = 0
        self.in_block = False
        self.caption: tuple[str, int] | None = None

    def read(self) -> None:
        """Every line, in order: headings open sections, tables and labelled lines are collected."""
        fenced = commented = False
        index = 0
        while index < len(self.lines):
            line, number = self.lines[index], self.first + index
            if is_fence(line):
                fenced = not fenced
            if fenced or is_fence(line):
                index += 1
                continue
            if commented or line.lstrip().startswith("<!--"):
                commented = "-->" not in (line if commented else line[line.find("<!--") + 4 :])
                self._break()
                index += 1
                continue
            self.card.sections[-1].append((number, line))
            index = self._line(index, line, number)

    def _line(self, index: int, line: str, number: int) -> int:
        titled = heading(line)
        if titled:
            self._heading(*titled)
            return index + 1
        if "|" in line and index + 1 < len(self.lines) and is_delimiter_row(self.lines[index + 1]):
            return self._table(index)
        parts = statement_parts(line)
        if parts:
            self._statement(*parts, number)
        elif line.strip():
            self._text(line, number)
        return index + 1

    def _break(self) -> None:
        self.in_block, self.caption = False, None

    def _heading(self, level: int, title: str) -> None:
        self._break()
        text = unescaped(title)
        card = self.card
        card.title = card.title or (text if level == 1 else None)
        if self.section_level and level <= self.section_level:
            self.section_level = 0
        if re.search(ENVIRONMENTAL_IMPACT, text):
            self.section_level, card.has_section = level, True
        card.sections.append([])

    def _table(self, index: int) -> int:
        first = self.first + index
        header = split_cells(self.lines[index], first)
        self.card.sections[-1].append((first + 1, self.lines[index + 1]))
        end = index + 2
        rows = []
        while end < len(self.lines) and "|" in self.lines[end] and self.lines[end].strip():
            rows.append(split_cells(self.lines[end], self.first + end))
            self.card.sections[-1].append((self.first + end, self.lines[end]))
            end += 1
        self.card.tables.append(
            Table(header, rows, len(self.card.sections) - 1, self._nearby(index - 1, -1), self._nearby(end, 1))
        )
        self._break()
        return end

    def _nearby(self, index: int, step: int) -> tuple[int, str]:
        """The first line with text from `index` on, one blank line skipped (0, "" when there is none)."""
        for at in (index, index + step):
            if 0 <= at < len(self.lines) and self.lines[at].strip():
                return self.first + at, self.lines[at]
        return 0, ""

    def _statement(self, label: str, value: str, column: int, number: int) -> None:
        if not self.in_block:
            self.block += 1
            self.in_block = True
        section = len(self.card.sections) - 1
        statement = Statement(label, value, number, column + 1, bool(self.section_level), section, self.block)
        if self.caption is not None:
            statement.caption, statement.caption_line = self.caption
        self.card.statements.append(statement)

    def _text(self, line: str, number: int) -> None:
        self._break()
        if is_caption(line):
            self.caption = (shown(line).strip(" :"), number)
            return
        folded = line.casefold()
        if self.section_level and not any(words in folded for words in BOILERPLATE):
            self.card.prose.append((number, line.strip()))


def system_name(card: Card) -> str | None:
    """The model the card is about: model-index name, else the first heading without "Model Card for"."""
    index = card.meta.get("model-index")
    if isinstance(index, list) and index and isinstance(index[0], dict) and isinstance(index[0].get("name"), str):
        return index[0]["name"].strip() or None
    if card.title:
        return _without_card_words(card.title).strip() or None
    return None


def _without_card_words(title: str) -> str:
    """A title without "Model Card for/of", "Model Card:" before it or "Model Card" after it."""
    text = title.strip()
    folded = text.casefold()
    for lead in ("model card for ", "model card of "):
        if folded.startswith(lead):
            return text[len(lead) :]
    if folded.startswith("model card"):
        rest = text[len("model card") :].lstrip()
        if rest[:1] in (":", "-", "\u2013", "\u2014"):
            return rest[1:]
    if folded.endswith("model card"):
        return text[: -len("model card")]
    return text
