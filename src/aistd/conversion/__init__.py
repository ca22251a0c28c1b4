"""Convert footprint data between aistd and the formats people keep it in, driven by the crosswalks.

`convert(inputs, to=...)` reads each input (detecting its format unless told), turns it into a canonical
aistd disclosure, merges several inputs about one system into one disclosure, and writes the target
format. Every value that has no place in the target, and every value a target requires that the source
lacked, is reported; nothing is dropped or invented silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
from aistd.conversion.merge import merge
from aistd.conversion.registry import FORMAT_NAMES, TARGET_NAMES, detect, format_named
from aistd.conversion.settings import Setting, apply_settings, parse_setting
from aistd.load import DEFAULT_MAX_BYTES, LoadError, decode_utf8, read_bytes
from aistd.load.detect import is_binary_file
from aistd.model.message import says

__all__ = [
    "FORMAT_NAMES",
    "TARGET_NAMES",
    "Conversion",
    "ConversionError",
    "Fill",
    "Loss",
    "Setting",
    "convert",
    "merge",
    "parse_setting",
    "read_input",
]


def read_input(path: Path, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Conversion:
    """One input file as a canonical disclosure."""
    try:
        raw = read_bytes(path, max_bytes)
        if is_binary_file(path):
            return read_binary(raw, str(path), source)
        text = decode_utf8(raw).removeprefix("\ufeff")
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    name = source or detect(str(path), text)
    return format_named(name).read(text, str(path))


def read_binary(data: bytes, name: str, source: str | None = None) -> Conversion:
    """A file in a binary encoding (CycloneDX protobuf) as a canonical disclosure."""
    chosen = format_named(source or "cyclonedx")
    if chosen.read_binary is None:
        raise ConversionError(says("the {format} format has no binary encoding", format=chosen.name), 1, 1)
    return chosen.read_binary(data, name)


def convert(
    inputs: Sequence[Path],
    to: str,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    settings: Sequence[Setting] = (),
    **write_options: Any,
) -> Conversion:
    """Read the inputs, merge them into one canonical disclosure, apply the settings (what the sources lack,
    supplied by the caller and reported as fills), and write it in the target format.

    `write_options` go to the target's writer (e.g. `spec_version="1.7"` for CycloneDX).
    """
    target = format_named(to)
    canonical = merge([read_input(path, source, max_bytes) for path in inputs], [str(p) for p in inputs])
    if settings:
        canonical = apply_settings(canonical, list(settings))
        from aistd.conversion.formats.aistd_format import refuse_unless_conforming

        refuse_unless_conforming(canonical.document)  # what was set must still be a disclosure the writers can take
    written = target.write(canonical.document, **write_options)
    return Conversion(
        canonical.source_format,
        to,
        written.document,
        canonical.losses + written.losses,
        canonical.fills + written.fills,
        warnings=canonical.warnings,
    )
