"""Hardware and places as cards describe them in words ("8 x V100 GPUs + 2 x Xeon", "Quebec, Canada"), read
into aistd's hardware items and locations, and written back so that they read the same."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from aistd.conversion.countries import country_named, country_record, has_pycountry
from aistd.conversion.slots import enum_members
from aistd.model.message import says

HARDWARE_KINDS = (
    ("tpu", re.compile(r"\btpu", re.I)),
    (
        "gpu",
        re.compile(
            r"gpu|nvidia|geforce|\brtx|\bgtx|tesla|quadro|\b[ahlv]100|\bh200|\ba10g?\b|\bt4\b|\bl4\b"
            r"|\bmi\d{3}|radeon|instinct",
            re.I,
        ),
    ),
    ("npu", re.compile(r"\bnpu|gaudi|trainium|inferentia", re.I)),
    ("cpu", re.compile(r"cpu|xeon|epyc|core\(tm\)|\bintel\b|ryzen|\bi[3579]-\d|graviton|\barm\b", re.I)),
)
COUNTED = re.compile("^\\s*(\\d+)\\s*(?:[x\u00d7]\\s*)?\\s(.+)$", re.I)


@cache
def _hardware_types() -> dict[str, str]:
    return {member.casefold(): member for member in enum_members("HardwareType")}


def _typed(model: str) -> tuple[str, str] | None:
    """A hardware name and the aistd type in parentheses after it, as hardware_text writes it ("v4 (TPU)")."""
    if not model.endswith(")"):
        return None
    opening = model.rfind("(")
    if opening <= 0 or not model[opening - 1].isspace():
        return None
    kind = _hardware_types().get(model[opening + 1 : -1].casefold())
    name = model[:opening].rstrip()
    return (name, kind) if kind is not None and name else None


def _parts(text: str) -> list[str]:
    """The items of a hardware description: separated by ";" or by a "+" with white space on both sides."""
    parts = []
    for chunk in text.split(";"):
        pieces = chunk.split("+")
        current = pieces[0]
        for piece in pieces[1:]:
            if current[-1:].isspace() and piece[:1].isspace():
                parts.append(current)
                current = piece
            else:
                current += "+" + piece
        parts.append(current)
    return parts


def hardware_kind(text: str) -> str:
    """The aistd hardware type a free-text hardware name suggests, or other."""
    return next((kind for kind, pattern in HARDWARE_KINDS if pattern.search(text)), "other")


def parse_hardware(text: str) -> list[dict[str, Any]]:
    """Hardware items from free text ("8 x V100 GPUs + 2 x Xeon"): count, model and the kind it names."""
    items = []
    for part in _parts(text):
        part = part.strip()
        if not part:
            continue
        counted = COUNTED.match(part)
        count, model = (int(counted.group(1)), counted.group(2).strip()) if counted else (None, part)
        typed = _typed(model)
        kind = typed[1] if typed else hardware_kind(model)
        item: dict[str, Any] = {"hardware_type": kind, "hardware_model": typed[0] if typed else model}
        if count:
            item["hardware_count"] = count
        items.append(item)
    return items


def hardware_text(items: list[dict[str, Any]]) -> str:
    """Hardware items as card text, read back by parse_hardware."""
    parts = []
    for item in items:
        model = str(item.get("hardware_model") or item.get("hardware_type", "hardware"))
        kind = item.get("hardware_type")
        if kind and hardware_kind(model) != kind and kind != "other":
            model += f" ({kind.upper()})"
        count = item.get("hardware_count")
        parts.append(f"{count} x {model}" if count else model)
    return " + ".join(parts)


def parse_location(text: str) -> dict[str, str] | str:
    """A location from free text ("Quebec, Canada"): country (alpha-2) and region, or why it cannot be read."""
    if not has_pycountry():
        return says("a place in words: pycountry, which turns country names into codes, is not installed")
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return says("empty")
    last = parts[-1]
    country = country_named(last)
    if country is None and (len(last) == 3 or text.strip() == last) and last.isupper():
        country = country_record(last)  # "USA"; a bare two-letter code only when it is the whole text
    if country is None:
        return says("no country this converter can name (it reads ISO country names and codes only)")
    location = {"country": country.alpha_2}
    if len(parts) > 1:
        location["region"] = ", ".join(parts[:-1])
    return location


def location_text(location: dict[str, Any]) -> str | None:
    """A location as card text ("catalonia, Spain"), read back by parse_location."""
    code = location.get("country")
    if not isinstance(code, str):
        return None
    country = country_record(code)
    name = country.name if country is not None else code
    region = location.get("region")
    return f"{region}, {name}" if isinstance(region, str) and region else name
