"""Bytes into a Document: read with a size cap (no following of special files), decode UTF-8 strictly,
parse by syntax. The entry points of loading."""

from __future__ import annotations

import os
import stat
from functools import partial
from pathlib import Path
from typing import Any

from aistd.knowledge.rules import finding
from aistd.load import limits
from aistd.load.detect import syntax_of
from aistd.load.document import Document, LoadError
from aistd.load.json_reader import _parse_json
from aistd.load.limits import DEFAULT_MAX_BYTES
from aistd.load.messages import line_column
from aistd.load.positions import json_text_places, node_places
from aistd.load.yaml_reader import _parse_yaml
from aistd.model.finding import Finding
from aistd.model.message import says
from aistd.model.pointer import escape


def _refuse_surrogates(text: str) -> None:
    """Refuse a str that is not Unicode text: one holding an unpaired surrogate (no file decodes to it).

    A caller may pass such a str (surrogateescape-decoded bytes, say); libyaml would fail to encode it,
    and JSON would return strings that cannot be written out.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        line, column = line_column(text, error.start)
        code = ord(text[error.start])
        message = says("the text holds an unpaired UTF-16 surrogate (U+{code:04X}): it is not Unicode text", code=code)
        raise LoadError(message, line, column, "load.encoding") from None


def parse_text(text: str, path: str) -> Document:
    """Parse YAML or JSON text into a Document, or raise LoadError with the place it broke."""
    warnings = []
    if text.startswith("\ufeff"):
        text = text[1:]
        message = says("the file starts with a UTF-8 byte-order mark: it was ignored, but UTF-8 should have none")
        warnings.append(finding("load.bom", message, "", 1, 1))
    if not text or text.isspace():
        raise LoadError(says("the file is empty"), 1, 1, "load.empty")
    if not text.isascii():
        _refuse_surrogates(text)
    syntax = syntax_of(path, text)
    if syntax == "json":
        locate = partial(json_text_places, text)
        data = _parse_json(text)
    else:
        data, root, literals = _parse_yaml(text)
        warnings += literals
        locate = partial(node_places, root)
    return Document(path=path, syntax=syntax, data=data, text=text, warnings=warnings, locate=locate)


_WIDE_BOMS = (
    (b"\x00\x00\xfe\xff", says("{encoding} (big-endian)", encoding="UTF-32")),
    (b"\xff\xfe\x00\x00", says("{encoding} (little-endian)", encoding="UTF-32")),
    (b"\xfe\xff", says("{encoding} (big-endian)", encoding="UTF-16")),
    (b"\xff\xfe", says("{encoding} (little-endian)", encoding="UTF-16")),
)


def decode_utf8(raw: bytes) -> str:
    """The UTF-8 text of the bytes (a UTF-8 BOM is kept, for parse_text to warn of), or load.encoding."""
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            message = says("the file is {encoding} text, not UTF-8: save it as UTF-8", encoding=name)
            raise LoadError(message, 1, 1, "load.encoding")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = _byte_line_column(raw, nul)
        raise LoadError(
            says("the file holds a NUL byte: it is binary, or UTF-16/32 without a byte-order mark, not UTF-8"),
            line,
            column,
            "load.encoding",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_line_column(raw, error.start)
        raise LoadError(
            says(
                "the file is not UTF-8 text: byte 0x{byte:02x} at line {line}, column {column} "
                "cannot be decoded (was it saved as Latin-1 or Windows-1252?)",
                byte=raw[error.start],
                line=line,
                column=column,
            ),
            line,
            column,
            "load.encoding",
        ) from None


def _byte_line_column(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of a byte offset."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", errors="replace")) + 1


def _too_large(size: int, max_bytes: int) -> LoadError:
    message = says("the file is {size} bytes, over the {limit}-byte limit", size=size, limit=max_bytes)
    return LoadError(message, rule="load.too-large")


def load_bytes(raw: bytes, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Decode and parse the bytes of one file (or of standard input), named `path` in findings."""
    if len(raw) > max_bytes:
        raise _too_large(len(raw), max_bytes)
    return parse_text(decode_utf8(raw), path)


_OPEN_FLAGS = os.O_RDONLY
for _flag in ("O_NONBLOCK", "O_NOCTTY", "O_BINARY"):  # the ones this system has
    _OPEN_FLAGS |= getattr(os, _flag, 0)


IS_A_FOLDER = says("cannot read the file: it is a folder")


def _cannot_read(error: OSError) -> str:
    return says("cannot read the file: {reason}", reason=error.strerror)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, its size checked before it is read."""
    try:
        # Non-blocking, so that opening a FIFO returns at once and is then refused, not waited on.
        descriptor = os.open(path, _OPEN_FLAGS)
    except IsADirectoryError:
        raise LoadError(IS_A_FOLDER, rule="load.unreadable") from None
    except OSError as error:
        raise LoadError(_cannot_read(error), rule="load.unreadable") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise LoadError(IS_A_FOLDER, rule="load.unreadable")
        if not stat.S_ISREG(status.st_mode):
            raise LoadError(says("cannot read the file: it is not a regular file"), rule="load.unreadable")
        if status.st_size > max_bytes:
            raise _too_large(status.st_size, max_bytes)
        with open(descriptor, "rb", closefd=False) as handle:
            limit = max_bytes + 1
            raw = handle.read(min(status.st_size + 1, limit))
            if status.st_size < len(raw) < limit:  # the file has grown since: read on, up to the limit
                raw += handle.read(limit - len(raw))
    except OSError as error:
        raise LoadError(_cannot_read(error), rule="load.unreadable") from None
    finally:
        os.close(descriptor)
    if len(raw) > max_bytes:
        raise _too_large(len(raw), max_bytes)
    return raw


def load_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one file, refusing files larger than `max_bytes` and text that is not UTF-8."""
    return load_bytes(read_bytes(path, max_bytes), str(path), max_bytes)


MAX_DATA_FINDINGS = 100
"""How many problems of data given to the API are reported (the data is not checked further anyway)."""
_SCALARS = (str, int, float, bool, type(None))


def data_findings(data: Any) -> list[Finding]:
    """Why data given to the Python API (not read from a file) is not JSON data a disclosure can be, as findings at
    JSON pointers: a cycle, a key that is not a string, text holding a lone surrogate, NaN or infinity, an integer
    past the 4,300 digits a reader accepts, a value of another type (tuple, set, bytes, an object), nesting past
    MAX_DEPTH, more than MAX_VALUES values. Empty when the data is plain JSON data. Walks without recursion."""
    found: list[Finding] = []
    count = 0
    stack: list[tuple[Any, str, int, frozenset[int]]] = [(data, "", 1, frozenset())]
    while stack and len(found) < MAX_DATA_FINDINGS:
        value, pointer, depth, ancestors = stack.pop()
        count += 1
        if count > limits.MAX_VALUES:
            message = says("the data holds more than {count:,} values", count=limits.MAX_VALUES)
            return [*found, finding("load.too-large", message, pointer)]
        kind = value.__class__
        if kind is dict or kind is list:
            if id(value) in ancestors:
                message = says(
                    "the data is cyclic at {pointer}: a {type} holds itself", pointer=pointer or "/", type=kind.__name__
                )
                found.append(finding("load.not-json-data", message, pointer))
                continue
            if depth > limits.MAX_DEPTH:
                found.append(
                    finding(
                        "load.too-deep",
                        says("{problem} at {pointer}", problem=limits.TOO_DEEP, pointer=pointer),
                        pointer,
                    )
                )
                continue
            inside = ancestors | {id(value)}
            pairs = value.items() if kind is dict else enumerate(value)
            children = []
            for key, child in pairs:
                if kind is dict and key.__class__ is not str:
                    found.append(_key_finding(key, pointer))
                    key = repr(key)
                elif kind is dict and not key.isascii() and _lone_surrogate(key):
                    message = says(
                        "a key of the mapping at {pointer} holds a lone surrogate: it is not Unicode text",
                        pointer=pointer or "/",
                    )
                    found.append(finding("load.encoding", message, pointer))
                    key = key.encode("utf-8", "backslashreplace").decode("utf-8")
                children.append((child, f"{pointer}/{escape(str(key))}", depth + 1, inside))
            stack.extend(reversed(children))
        elif kind not in _SCALARS:
            message = says(
                "a value of type {type} is not JSON data at {pointer} "
                "(JSON data is made of dict, list, str, int, float, bool and None)",
                type=kind.__name__,
                pointer=pointer or "/",
            )
            found.append(finding("load.not-json-data", message, pointer))
        else:
            problem = _scalar_problem(value, pointer)
            if problem is not None:
                found.append(problem)
    return found


def _key_finding(key: Any, pointer: str) -> Finding:
    kind = key.__class__
    shown = repr(key)[:40] if kind in _SCALARS else says("an object of type {type}", type=kind.__name__)
    message = says(
        "a key is not a string at {pointer}: the key {key} (JSON keys are text)", pointer=pointer or "/", key=shown
    )
    return finding("load.non-string-key", message, pointer)


def _lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _scalar_problem(value: Any, pointer: str) -> Finding | None:
    """What is wrong with a scalar of a JSON type: a lone surrogate, NaN or infinity, an integer too long."""
    kind = value.__class__
    if kind is str:
        if not value.isascii() and _lone_surrogate(value):
            message = says("a lone surrogate at {pointer}: the text is not Unicode", pointer=pointer or "/")
            return finding("load.encoding", message, pointer)
    elif kind is float:
        if value != value:
            return finding("load.non-finite", says("NaN is not a number at {pointer}", pointer=pointer or "/"), pointer)
        if value - value != 0:
            message = says("{value} is not a finite number at {pointer}", value=value, pointer=pointer or "/")
            return finding("load.non-finite", message, pointer)
    elif kind is int and value.bit_length() > 14_000 and abs(value) >= limits.INT_CEILING:
        message = says(
            "an integer at {pointer} has more than {digits} digits",
            pointer=pointer or "/",
            digits=limits.MAX_INT_DIGITS,
        )
        return finding("load.number-too-large", message, pointer)
    return None
