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

from aistd.convert.model import Conversion, ConversionError, Fill, Loss
from aistd.convert.registry import FORMAT_NAMES, detect, format_named
from aistd.loading import DEFAULT_MAX_BYTES, LoadError, decode_utf8, read_bytes

__all__ = ["FORMAT_NAMES", "Conversion", "ConversionError", "Fill", "Loss", "convert", "read_input"]

LIST_KEYS = (
    "ai_systems",
    "footprints",
    "data_centre_reports",
    "sci_assessments",
    "ghg_inventories",
    "life_cycle_impacts",
    "frugality_results",
)


def read_input(path: Path, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Conversion:
    """One input file as a canonical disclosure."""
    try:
        text = decode_utf8(read_bytes(path, max_bytes)).removeprefix("\ufeff")
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    name = source or detect(str(path), text)
    return format_named(name).read(text, str(path))


def merge(conversions: Sequence[Conversion]) -> Conversion:
    """Several canonical disclosures about one system as one: lists joined, ids kept unique."""
    first = conversions[0]
    merged: dict[str, Any] = dict(first.document)
    seen_ids = {item.get("id") for key in LIST_KEYS for item in merged.get(key, []) if isinstance(item, dict)}
    systems = {s.get("name"): s.get("id") for s in merged.get("ai_systems", []) if isinstance(s, dict)}
    result = Conversion(
        first.source_format, "aistd", merged, list(first.losses), list(first.fills), dict(first.origins)
    )
    for index, other in enumerate(conversions[1:], start=2):
        renamed: dict[Any, Any] = {}
        for system in other.document.get("ai_systems", []):
            if system.get("name") in systems:
                renamed[system.get("id")] = systems[system.get("name")]
            else:
                merged.setdefault("ai_systems", []).append(system)
                systems[system.get("name")] = system.get("id")
        for key in LIST_KEYS[1:]:
            for item in other.document.get(key, []):
                item = dict(item)
                if item.get("system") in renamed:
                    item["system"] = renamed[item["system"]]
                if item.get("id") in seen_ids:
                    item["id"] = f"{item['id']}-{index}"
                seen_ids.add(item.get("id"))
                merged.setdefault(key, []).append(item)
        result.losses.extend(other.losses)
        result.fills.extend(other.fills)
    return result


def convert(
    inputs: Sequence[Path], to: str, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Conversion:
    """Read the inputs, merge them into one canonical disclosure, and write it in the target format."""
    target = format_named(to)
    canonical = merge([read_input(path, source, max_bytes) for path in inputs])
    written = target.write(canonical.document)
    return Conversion(
        canonical.source_format,
        to,
        written.document,
        canonical.losses + written.losses,
        canonical.fills + written.fills,
    )
