"""Figures as a card's body prints them ("370k", "1.46M", "1,354", "< 0.001", "~ 36 hours", "*Negligible*",
"5.6 KgCO2"): the number with the digits it was published with, its unit, and how the text qualifies it.

The value keeps the publisher's digits: "1.46M" is 1460000 with 3 significant digits, "539.00" is 539.0 with 5,
and the printed form is kept in `as_published` whenever it is more than the bare number. "< 0.001" is an upper
bound, "~ 36" an approximation, "Negligible" a figure called negligible (with no value unless one is stated). A time
in device-hours ("370k GPU hours") is the accelerators' busy time, `accelerator_hours`, whatever the label says.
Every scan here is a single pass or an anchored expression without nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from aistd.conversion.formats.hf_card.quantities import note_after, spelled_unit, unit_pattern
from aistd.knowledge.units import admitted_units, slot_classes
from aistd.model.message import says

NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+")
MULTIPLIERS = {"k": 3, "K": 3, "M": 6, "B": 9}
"""A letter printed right after a number that scales it ("370k", "1.46M"), as a power of ten."""
QUALIFIERS = (
    ("less than", "upper-bound"),
    ("up to", "upper-bound"),
    ("at most", "upper-bound"),
    ("under", "upper-bound"),
    ("below", "upper-bound"),
    ("<=", "upper-bound"),
    ("\u2264", "upper-bound"),
    ("<", "upper-bound"),
    ("more than", "lower-bound"),
    ("at least", "lower-bound"),
    ("over", "lower-bound"),
    (">=", "lower-bound"),
    ("\u2265", "lower-bound"),
    (">", "lower-bound"),
    ("approximately", "approximate"),
    ("approx.", "approximate"),
    ("approx", "approximate"),
    ("about", "approximate"),
    ("around", "approximate"),
    ("circa", "approximate"),
    ("ca.", "approximate"),
    ("~", "approximate"),
    ("\u2248", "approximate"),
)
DEVICE_WORDS = ("gpu", "tpu", "npu", "accelerator", "device")
"""Words before "hours" that make a time the sum of the devices' busy hours ("GPU hours", "device-hours")."""
NOT_STATED = frozenset(("", "-", "\u2013", "\u2014", "n/a", "na", "none", "tbd", "todo", "?", "not stated", "unknown"))
MARKERS = "*\u2020\u2021\u00a7\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
"""Characters a table cell ends with to point at a footnote ("Negligible**", "24.8\u2020")."""
DEVICE_HOURS_SLOT = "accelerator_hours"


@dataclass(frozen=True)
class Reading:
    """A figure read from the body: its quantity object, the slot it belongs in, whether the text gave its unit, and
    any comment printed beside it."""

    quantity: dict[str, Any]
    slot: str
    unit_given: bool
    note: str = ""


def shown(text: str) -> str:
    """Text as a reader sees it: Markdown emphasis and code marks and HTML tags removed, backslash escapes
    resolved ("*Negligible*\\*\\*" is "Negligible**"), runs of white space as one space."""
    if not any(mark in text for mark in "\\<*_`"):
        return " ".join(text.split())
    out: list[str] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\\" and index + 1 < length and not text[index + 1].isalnum():
            out.append(text[index + 1])
            index += 2
            continue
        if char == "<":
            close = text.find(">", index + 1, index + 64)
            if close != -1 and _is_tag(text[index + 1 : close]):
                index = close + 1
                continue
        if char not in "*_`":
            out.append(char)
        index += 1
    return " ".join("".join(out).split())


def _is_tag(inner: str) -> bool:
    name = inner.removeprefix("/").rstrip("/").strip()
    return bool(name) and name[0].isalpha() and all(c.isalnum() or c in " =\"'-:;./#%" for c in name)


def split_marker(text: str) -> tuple[str, str]:
    """A cell's text without the footnote marker it ends with, and the marker ("Negligible**" -> Negligible, **)."""
    stripped = text.rstrip(MARKERS)
    return stripped.rstrip(), text[len(stripped) :]


def _starts_with_word(text: str, word: str) -> bool:
    if not text.startswith(word):
        return False
    return not word[-1].isalpha() or not text[len(word) : len(word) + 1].isalpha()


def qualifier_of(text: str) -> tuple[str | None, str]:
    """The qualifier a figure's text starts with ("< 0.001", "about 5"), and the text after it."""
    folded = text.casefold()
    for spelled, qualifier in QUALIFIERS:
        if _starts_with_word(folded, spelled):
            return qualifier, text[len(spelled) :].lstrip()
    return None, text


def _device_unit(text: str, units: tuple[str, ...]) -> tuple[str | None, bool, int]:
    """The unit a text starts with (its code, whether a device word came first, where it ends), or None."""
    folded = text.casefold()
    start = len(folded) - len(folded.lstrip())
    device = False
    for word in DEVICE_WORDS:
        if folded.startswith(word, start):
            end = start + len(word)
            while end < len(folded) and folded[end] in " -":
                end += 1
            device, start = True, end
            break
    match = unit_pattern(units).match(text[start:])
    if match is None:
        return None, False, 0
    return spelled_unit(match.group("unit"), units), device, start + match.end()


def hint_unit(hint: str | None, slot: str) -> tuple[str | None, bool]:
    """The unit a label states in parentheses ("(tons CO2eq)", "(GPU hours)", "(in grams)"), and whether it is a
    unit of device time; (None, False) when it names none of the slot's units."""
    if not hint:
        return None, False
    text = shown(hint)
    if text.casefold().startswith("in "):
        text = text[3:]
    units = tuple(admitted_units(slot))
    code, device, end = _device_unit(text, units)
    if code is None or isinstance(note_after(text[end:], None), tuple):
        return None, False
    return code, device


def decimal_value(digits: str, exponent: int) -> tuple[int | float, int | None] | None:
    """A printed number times 10**exponent, as an int when it is whole and printed without a decimal point (or
    scaled), and the significant digits to record when the number itself would not show them."""
    bare = digits.replace(",", "")
    try:
        number = Decimal(bare).scaleb(exponent)
    except InvalidOperation:
        return None
    mantissa = bare.casefold().partition("e")[0]
    trailing_zero = "." in mantissa and mantissa.endswith("0")
    significant = (len(mantissa.replace(".", "").lstrip("0")) or 1) if exponent or trailing_zero else None
    whole = number == number.to_integral_value()
    if whole and ("." not in mantissa or exponent > 0) and abs(number) < 10**300:
        return int(number), significant
    value = float(number)
    return (value, significant) if value - value == 0 else None


def read_figure(text: str, slot: str, hint: str | None = None, default: str | None = None) -> Reading | str | None:
    """A figure of `slot` as the body prints it, with the unit of the text, else of the label's `hint`, else the
    `default` (the template's); None when the text states nothing ("-", "N/A"), else why it cannot be read."""
    printed = shown(text)
    if printed.casefold() in NOT_STATED:
        return None
    units = tuple(admitted_units(slot))
    if not units:
        return says("not a figure with a unit")
    label_unit, label_device = hint_unit(hint, slot)
    body, _ = split_marker(printed)
    qualifier, rest = qualifier_of(body)
    if qualifier is None and _starts_with_word(rest.casefold(), "negligible"):
        unit = label_unit or default
        if unit is None:
            return says("called negligible, in no unit")
        return Reading({"unit": unit, "qualifier": "negligible", "as_published": printed}, slot, label_unit is not None)
    number = NUMBER.match(rest)
    if number is None:
        return says("no number at the start") if any(c.isdigit() for c in rest) else says("no number")
    after = rest[number.end() :]
    exponent = 0
    if after[:1] in MULTIPLIERS and not after[1:2].isalpha():
        exponent, after = MULTIPLIERS[after[0]], after[1:]
    code, device, end = _device_unit(after, units)
    given = code is not None
    if code is None:
        code, device = (label_unit, label_device) if label_unit else (default, False)
    if code is None:
        return says("no unit")
    note = note_after(after[end:] if given else after, None)
    if isinstance(note, tuple):
        return note[0]
    parsed = decimal_value(number.group(0), exponent)
    if parsed is None:
        return says("not a finite number")
    value, significant = parsed
    quantity: dict[str, Any] = {"value": value, "unit": code}
    if qualifier:
        quantity["qualifier"] = qualifier
    if significant:
        quantity["significant_digits"] = significant
    if printed != str(value):
        quantity["as_published"] = printed
    duration = slot_classes().get(slot) == "DurationQuantity"
    return Reading(quantity, DEVICE_HOURS_SLOT if device and duration else slot, given or label_unit is not None, note)
