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

from aistd.conversion.formats.base import PLACEHOLDER_END, PLACEHOLDER_START
from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
from aistd.conversion.registry import FORMAT_NAMES, detect, format_named
from aistd.load import DEFAULT_MAX_BYTES, LoadError, decode_utf8, read_bytes

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


def _repoint(where: Any, moves: dict[str, str]) -> Any:
    """A canonical pointer after its item moved in the merged lists."""
    if not isinstance(where, str):
        return where
    for old, new in moves.items():
        if where == old or where.startswith(old + "/"):
            return new + where[len(old) :]
    return where


def _merged_period(documents: Sequence[dict[str, Any]]) -> dict[str, str] | None:
    """The span of the inputs' real reporting periods (placeholders of sources that state none are ignored)."""
    real = [
        d["reporting_period"]
        for d in documents
        if isinstance(d.get("reporting_period"), dict)
        and d["reporting_period"].get("start_date") != PLACEHOLDER_START
        and d["reporting_period"].get("end_date") != PLACEHOLDER_END
    ]
    if not real:
        return None
    return {"start_date": min(p["start_date"] for p in real), "end_date": max(p["end_date"] for p in real)}


def merge(conversions: Sequence[Conversion], names: Sequence[str] = ()) -> Conversion:
    """Several canonical disclosures about one system as one: lists joined, ids kept unique.

    Fills and losses keep pointing at the right items, and, with several inputs, say which input they
    come from. Source positions are kept for the first input only (they refer to its text).
    """
    first = conversions[0]
    merged: dict[str, Any] = dict(first.document)
    label = (lambda i: f"{names[i]}: ") if len(conversions) > 1 and len(names) == len(conversions) else (lambda i: "")
    result = Conversion(first.source_format, "aistd", merged, [], [], dict(first.origins))
    result.losses.extend(Loss(label(0) + str(x.where), x.value, x.reason) for x in first.losses)
    result.fills.extend(Fill(x.where, x.value, label(0) + x.reason) for x in first.fills)
    seen_ids = {item.get("id") for key in LIST_KEYS for item in merged.get(key, []) if isinstance(item, dict)}
    systems = {s.get("name"): s.get("id") for s in merged.get("ai_systems", []) if isinstance(s, dict)}
    for position, other in enumerate(conversions[1:], start=1):
        renamed: dict[Any, Any] = {}
        moves: dict[str, str] = {}
        for index, system in enumerate(other.document.get("ai_systems", [])):
            if system.get("name") in systems:
                renamed[system.get("id")] = systems[system.get("name")]
            else:
                merged.setdefault("ai_systems", []).append(system)
                systems[system.get("name")] = system.get("id")
                moves[f"/ai_systems/{index}"] = f"/ai_systems/{len(merged['ai_systems']) - 1}"
        for key in LIST_KEYS[1:]:
            for index, item in enumerate(other.document.get(key, [])):
                item = dict(item)
                if item.get("system") in renamed:
                    item["system"] = renamed[item["system"]]
                if item.get("id") in seen_ids:
                    item["id"] = f"{item['id']}-{position + 1}"
                seen_ids.add(item.get("id"))
                merged.setdefault(key, []).append(item)
                moves[f"/{key}/{index}"] = f"/{key}/{len(merged[key]) - 1}"
        result.losses.extend(Loss(label(position) + str(x.where), x.value, x.reason) for x in other.losses)
        result.fills.extend(Fill(_repoint(x.where, moves), x.value, label(position) + x.reason) for x in other.fills)
    period = _merged_period([c.document for c in conversions])
    if period is not None and len(conversions) > 1:
        merged["reporting_period"] = period
        result.fills = [f for f in result.fills if f.where != "/reporting_period"]
    _attach_to_the_only_system(result)
    return result


def convert(
    inputs: Sequence[Path],
    to: str,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    **write_options: Any,
) -> Conversion:
    """Read the inputs, merge them into one canonical disclosure, and write it in the target format.

    `write_options` go to the target's writer (e.g. `spec_version="1.7"` for CycloneDX).
    """
    target = format_named(to)
    canonical = merge([read_input(path, source, max_bytes) for path in inputs], [str(p) for p in inputs])
    written = target.write(canonical.document, **write_options)
    return Conversion(
        canonical.source_format,
        to,
        written.document,
        canonical.losses + written.losses,
        canonical.fills + written.fills,
    )


def _attach_to_the_only_system(result: Conversion) -> None:
    """Items that name no system belong to the one AI system the merged inputs declare (e.g. logs and a card)."""
    systems = result.document.get("ai_systems") or []
    if len(systems) != 1 or not isinstance(systems[0], dict) or "id" not in systems[0]:
        return
    for key in LIST_KEYS[1:]:
        for index, item in enumerate(result.document.get(key) or []):
            if (
                isinstance(item, dict)
                and key != "data_centre_reports"
                and key != "ghg_inventories"
                and "system" not in item
            ):
                item["system"] = systems[0]["id"]
                result.fills.append(
                    Fill(f"/{key}/{index}/system", systems[0]["id"], "the only AI system of the inputs")
                )
