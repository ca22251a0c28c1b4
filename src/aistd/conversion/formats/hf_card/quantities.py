"""Figures in a card's free text ("1.2g CO2", "16,714 kgs", "~ 960 hours"): one number and, optionally, a unit
of the right kind; anything else is the reason it cannot be read, never a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from aistd.conversion.units import text_spellings
from aistd.model.message import Message, says

NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)"
APPROXIMATE = r"(?P<approx>~|\u2248|about|approx\.?|approximately|around|circa|ca\.)?"
LEADING = re.compile(rf"^\s*{APPROXIMATE}\s*{NUMBER}", re.I)
CO2_WORD = re.compile(r"\bco(?:2|\u2082)(?:[\s-]*e(?:q(?:uivalent)?)?)?\b|\bco(?:2|\u2082)", re.I)
TRIVIAL = re.compile(r"^[\s.,;:()\[\]\-]*((of|eq|equivalent|emitted|emissions?|total|in)[\s.,;:()\-]*)*$", re.I)
NOTE_REASONS = {
    False: says("a comment beside the figure: the figure is carried, the comment is not"),
    True: says(
        "an offset stated in prose: aistd's emissions_offset could hold it, but the card has no offset field, so"
        " the figure is carried and the offset is not"
    ),
}
"""Why the comment printed beside a figure is reported lost (keyed by whether it speaks of an offset)."""
OFFSET = re.compile(
    r"of which\s+\d+(?:\.\d+)?\s*%(?:\s+(?:were|was|is|are|has been|have been))?\s*offset\w*[^,;]*", re.I
)


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
def unit_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    """A unit spelled at the start of a text, as one of `units` (UCUM codes) spells it in free text."""
    spelled = sorted((s for code in units for s in text_spellings(code)), key=len, reverse=True)
    alternatives = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in spelled)
    return re.compile(rf"^\s*(?P<unit>{alternatives})(?=$|[^a-z]|co|CO|Co)", re.I)


def spelled_unit(spelled: str, units: tuple[str, ...]) -> str:
    """The code of `units` a spelling found by `unit_pattern` stands for."""
    key = re.sub(r"\s+", " ", spelled.casefold())
    return next(code for code in units if key in text_spellings(code))


def parse_quantity(text: str, units: tuple[str, ...], default: str | None) -> Quantity | str:
    """One quantity in free text, in one of `units` (UCUM codes), or the reason it cannot be read."""
    stripped = plain(text)
    leading = LEADING.match(stripped)
    if leading is None:
        return says("no number at the start") if re.search(r"\d", stripped) else says("no number")
    value = float(leading.group("number").replace(",", ""))
    rest = stripped[leading.end() :]
    unit_match = unit_pattern(units).match(rest)
    unit = spelled_unit(unit_match.group("unit"), units) if unit_match else default
    if unit is None:
        return says("no unit")
    rest = rest[unit_match.end() :] if unit_match else rest
    note = note_after(rest, leading.group("approx"))
    if isinstance(note, tuple):
        return note[0]
    return Quantity(
        int(value) if value.is_integer() and "." not in leading.group("number") else value,
        unit,
        unit_match is not None,
        note,
    )


def note_after(rest: str, approximate: str | None) -> str | tuple[Message]:
    """The comment after a figure (empty when trivial), or a one-tuple with why the figure is ambiguous."""
    if rest.lstrip().startswith("="):  # "960 = 5 days x 24h x 8 GPUs": the figure is the stated total
        return rest.strip()
    remainder = CO2_WORD.sub(" ", rest)
    offset = OFFSET.search(remainder)
    if offset:
        remainder = remainder[: offset.start()] + remainder[offset.end() :]
    if re.search(r"\d", remainder):
        return (says("more than one number, or a number with a unit of another kind"),)
    if re.match(r"^\s*[a-z\u00b5]", remainder, re.I) and not TRIVIAL.match(remainder):
        first = remainder.split()[0]
        if len(first) <= 3 and first.isalpha():
            return (says("unknown unit {unit!r}", unit=first),)
    notes = [f"stated as approximate ({approximate})"] if approximate else []
    if offset:
        notes.append(offset.group(0).strip())
    if not TRIVIAL.match(remainder):
        notes.append(remainder.strip(" ,;"))
    return "; ".join(notes)
