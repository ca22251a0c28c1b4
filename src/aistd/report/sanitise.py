"""What reaches a terminal from the inputs is shown, never obeyed.

Keys, labels, CSV headers, names and file names come from files anyone may write. Printed raw, an escape
sequence (ESC, OSC, a one-character CSI U+009B) recolours or retitles the terminal, a carriage return or a
newline forges a report line, a bidirectional override (U+202A-U+202E, U+2066-U+2069) reorders what is read.
Every character that is not printable (`str.isprintable`: C0 and C1 controls, DEL, format characters such as
the bidi controls and zero-width spaces, line and paragraph separators, spaces other than the plain one, lone
surrogates, unassigned code points) is therefore shown as an escape: `\\x1b`, `\\u202e`, `\\U000e0001`. A lone
surrogate U+DC80-U+DCFF is the trace of a byte of a file name that is not UTF-8 (Python's surrogateescape) and
is shown as that byte, `\\xff`.

- `shown(text)`: a message as the text report and standard error print it.
- `shown_path(path)`: a file name, quoted (`'new\\nline.yaml'`) when it holds anything unusual.
- `shown_lines(text)`: several lines of the program's own text (help, tables) holding input: newlines kept.
- `encodable(text)`: for the JSON, SARIF and JUnit reports, which keep exact strings (their encoders escape
  controls): only lone surrogates, which no UTF-8 output can carry, become `\\xff` / `\\ud800` text.
- `json_safe(text)`: a rendered JSON document with every unprintable character inside its strings written as a
  JSON `\\uXXXX` escape: the same data, safe to show on a terminal and to write in any encoding.
- `xml_safe(text)`: the same for XML (JUnit), with character references.
"""

from __future__ import annotations

import os

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_QUOTED = {**_NAMED, "'": "\\'", "\\": "\\\\"}
_PLAIN_SEPARATOR = os.sep == "\\"
"""Where the path separator is a backslash (Windows), a backslash in a file name is ordinary."""


def escape(char: str) -> str:
    """One character as an escape: `\\n`, `\\x1b`, `\\u202e`, `\\U000e0001`; `\\xff` for a surrogate-escaped byte."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, decoded with surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def shown(text: str) -> str:
    """The text with every character a terminal would obey (or that hides or reorders text) as an escape."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else escape(char) for char in text)


def shown_lines(text: str) -> str:
    """Several lines, each `shown`: the newlines between them kept."""
    if text.isprintable():
        return text
    return "\n".join(shown(line) for line in text.split("\n"))


def _unusual(path: str) -> bool:
    if not path.isprintable() or "'" in path or path != path.strip():
        return True
    return "\\" in path and not _PLAIN_SEPARATOR


def shown_path(path: str) -> str:
    """A file name as printed: as it is when ordinary, else in single quotes with every unusual character
    (controls, bidi controls, bytes that are not UTF-8, the quote and backslash themselves) as an escape."""
    if not _unusual(path):
        return path
    quoted = "".join(
        char if char.isprintable() and char not in _QUOTED else _QUOTED.get(char) or escape(char) for char in path
    )
    return f"'{quoted}'"


def _has_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def encodable(text: str) -> str:
    """The text with each lone surrogate as escape text (`\\xff` for a surrogate-escaped byte, else
    `\\ud800`), so that it can be written as UTF-8; any other text unchanged, as a plain `str` (a message that
    keeps its template is a `str` subclass, which JSON Schema validators of the report refuse)."""
    if not _has_surrogate(text):
        return str(text)
    return "".join(escape(char) if 0xD800 <= ord(char) <= 0xDFFF else char for char in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(text: str) -> str:
    """A rendered JSON document (from `json.dumps`, one value per line or indented) with every unprintable
    character as a JSON `\\uXXXX` escape; newlines between tokens kept. The data it encodes is unchanged."""
    return "\n".join(
        line if line.isprintable() else "".join(c if c.isprintable() else _json_escape(c) for c in line)
        for line in text.split("\n")
    )


def xml_safe(text: str) -> str:
    """A rendered XML document with every unprintable character (a C1 control, a bidi override, any character
    XML 1.0 can carry but a terminal would obey or hide) as a character reference, `&#x202E;`; newlines and
    tabs kept. The document it encodes is unchanged."""
    return "\n".join(
        line if line.isprintable() else "".join(c if c.isprintable() or c == "\t" else f"&#x{ord(c):X};" for c in line)
        for line in text.split("\n")
    )


def ascii_json(text: str) -> str:
    """A rendered JSON document with every character outside ASCII as a JSON escape: for a stream that can
    carry nothing else."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _json_escape(c) for c in text)
