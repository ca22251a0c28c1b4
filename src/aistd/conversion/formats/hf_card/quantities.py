"""Figures in a card's free text ("1.2g CO2", "16,714 kgs", "~ 960 hours"): one number and, optionally, a unit
of the right kind; anything else is the reason it cannot be read, never a guess."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from aistd.conversion.units import text_spellings

NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)"
APPROXIMATE = r"(?P<approx>~|\u2248|about|approx\.?|approximately|around|circa|ca\.)?"
LEADING = re.compile(rf"^\s*{APPROXIMATE}\s*{NUMBER}", re.I)
CO2_WORD = re.compile(r"\bco(?:2|\u2082)(?:[\s-]*e(?:q(?:uivalent)?)?)?\b|\bco(?:2|\u2082)", re.I)
TRIVIAL = re.compile(r"^[\s.,;:()\[\]\-]*((of|eq|equivalent|emitted|emissions?|total|in)[\s.,;:()\-]*)*$", re.I)
OFFSET = re.compile(r"of which\s+\d+(?:\.\d+)?\s*%\s*(?:were|was|is|are|has been|have been)?\s*offset\w*[^,;]*", re.I)


@dataclass(frozen=True)
class Quantity:
    """A number read from text, its UCUM unit, whether the text gave the unit, and any comment beside it."""

    value: float | int
    unit: str
    unit_given: bool
    note: str = ""


def plain(text: str) -> str:
    """Text without Markdown emphasis and code marks."""
    return re.sub(r"[*_`]", "", text).strip()


@cache
def _unit_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    spelled = sorted((s for code in units for s in text_spellings(code)), key=len, reverse=True)
    alternatives = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in spelled)
    return re.compile(rf"^\s*(?P<unit>{alternatives})(?=$|[^a-z]|co|CO|Co)", re.I)


def _unit_code(spelled: str, units: tuple[str, ...]) -> str:
    key = re.sub(r"\s+", " ", spelled.casefold())
    return next(code for code in units if key in text_spellings(code))


def parse_quantity(text: str, units: tuple[str, ...], default: str | None) -> Quantity | str:
    """One quantity in free text, in one of `units` (UCUM codes), or the reason it cannot be read."""
    stripped = plain(text)
    leading = LEADING.match(stripped)
    if leading is None:
        return "no number at the start" if re.search(r"\d", stripped) else "no number"
    value = float(leading.group("number").replace(",", ""))
    rest = stripped[leading.end() :]
    unit_match = _unit_pattern(units).match(rest)
    unit = _unit_code(unit_match.group("unit"), units) if unit_match else default
    if unit is None:
        return "no unit"
    rest = rest[unit_match.end() :] if unit_match else rest
    note = _note(rest, leading.group("approx"))
    if isinstance(note, tuple):
        return note[0]
    return Quantity(
        int(value) if value.is_integer() and "." not in leading.group("number") else value,
        unit,
        unit_match is not None,
        note,
    )


def _note(rest: str, approximate: str | None) -> str | tuple[str]:
    """The comment after a figure (empty when trivial), or a one-tuple with why the figure is ambiguous."""
    if rest.lstrip().startswith("="):  # "960 = 5 days x 24h x 8 GPUs": the figure is the stated total
        return rest.strip()
    remainder = CO2_WORD.sub(" ", rest)
    offset = OFFSET.search(remainder)
    if offset:
        remainder = remainder[: offset.start()] + remainder[offset.end() :]
    if re.search(r"\d", remainder):
        return ("more than one number, or a number with a unit of another kind",)
    if re.match(r"^\s*[a-z\u00b5]", remainder, re.I) and not TRIVIAL.match(remainder):
        first = remainder.split()[0]
        if len(first) <= 3 and first.isalpha():
            return (f"unknown unit {first!r}",)
    notes = [f"stated as approximate ({approximate})"] if approximate else []
    if offset:
        notes.append(offset.group(0).strip())
    if not TRIVIAL.match(remainder):
        notes.append(remainder.strip(" ,;"))
    return "; ".join(notes)


def agrees(kept: float, other: float, raw: str, written: Any) -> bool:
    """Whether a figure written in text matches the kept one: within 1 %, or within the text's rounding."""
    if math.isclose(kept, other, rel_tol=0.01):
        return True
    leading = LEADING.match(plain(raw))
    digits = leading.group("number") if leading else ""
    if not digits or "e" in digits.lower() or not isinstance(written, dict):
        return False
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = other / written["value"] if written.get("value") else 0
    return abs(kept - other) <= 0.5 * 10**-decimals * abs(scale)


def disagreement(kept: float | None, other: float | None, slot: str) -> str:
    """Why a figure stated twice is reported: the two values, and a factor of 1000 named when it is one."""
    text = f"disagrees with the {slot} kept"
    if kept and other:
        ratio = other / kept
        text += f" ({kept:.6g} vs {other:.6g} in canonical units)"
        if 900 <= ratio <= 1100 or 900 <= 1 / ratio <= 1100:
            text += ": off by a factor of about 1000, probably kilograms written where grams are expected"
    return text
