"""Free text on one line of a card's Markdown body (a title, a bullet's value), written so that nothing in it is
read as Markdown or as another line, and read back as it was.

`escaped` writes the characters Markdown or the card reader would interpret (emphasis and code marks, a backslash,
a pipe that could start a table cell, brackets and angle brackets, `&`) with a backslash, and as a numeric
character reference (`&#10;`) what Markdown has no backslash escape for: every character that is not printable
(line breaks, other controls, format characters), `#` (a heading drops a trailing one), and a space at either end.
Both forms are standard CommonMark, so the card shows the text as it was. `unescaped` resolves them again, and
drops the emphasis and code marks that were not escaped (as cards write them around a value), so
`unescaped(escaped(text)) == text` for every text.
"""

from __future__ import annotations

import re

BACKSLASHED = frozenset("\\`*_[]<>|&~")
"""ASCII punctuation escaped with a backslash."""
REFERENCED = frozenset("#")
"""ASCII punctuation written as a character reference: a heading drops a trailing `#`, even after a backslash."""
MARKS = frozenset("*_`")
"""Markdown marks a reader drops where they are not escaped."""
_REFERENCE = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _referenced(char: str) -> bool:
    """A character written as a reference: `#`, and every one that is not printable (line breaks and other
    controls, format characters such as bidi overrides, white space other than the space, unassigned ones)."""
    return char in REFERENCED or not char.isprintable()


def escaped(text: str) -> str:
    """Text as one line of Markdown that reads back as itself (see the module's description)."""
    out = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if _referenced(char) or (char == " " and index in (0, last)):
            out.append(f"&#{ord(char)};")
        elif char in BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def unescaped(text: str) -> str:
    """Markdown text of one line as it reads: backslash escapes and numeric character references resolved, emphasis
    and code marks dropped, white space at either end (of what is not escaped) trimmed."""
    kept: list[tuple[str, bool]] = []  # (character, whether it was escaped)
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\\" and index + 1 < length and text[index + 1] in _ASCII_PUNCTUATION:
            kept.append((text[index + 1], True))
            index += 2
            continue
        if char == "&":
            reference = _REFERENCE.match(text, index)
            code = _code(reference)
            if reference is not None and code is not None:
                kept.append((chr(code), True))
                index = reference.end()
                continue
        if char not in MARKS:
            kept.append((char, False))
        index += 1
    start, end = 0, len(kept)
    while start < end and not kept[start][1] and kept[start][0].isspace():
        start += 1
    while end > start and not kept[end - 1][1] and kept[end - 1][0].isspace():
        end -= 1
    return "".join(char for char, _ in kept[start:end])


def _code(reference: re.Match[str] | None) -> int | None:
    if reference is None:
        return None
    code = int(reference.group(1)) if reference.group(1) else int(reference.group(2), 16)
    return code if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None
