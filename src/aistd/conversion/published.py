"""Figures as their publishers wrote them: a cell's text as a number, and the quantity that keeps its digits.

A reader of a text format (CSV cells, numbers written as text) turns "1.20" into 1.2 and "1,676,757.08" into
1676757.08: the number keeps its value but not the digits it was published with, and aistd judges a figure by
those digits. `quantity` keeps them: `significant_digits` when the written form had trailing zeros the number
drops, `as_published` when the written form is not the number's own (thousands separators, a unit scaled
to one the slot admits). Scaling by a power of ten goes through `Decimal`, so no binary noise is added.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from aistd.model.figure import half_unit

MAX_NUMBER_TEXT = 64
"""The longest text read as a number (a float has 17 significant digits; 10**400 is no published figure)."""
_NUMBER_CHARS = frozenset("0123456789+-.eE")


def _ungrouped(text: str) -> str | None:
    """1,676,757.08 without its thousands separators, or None when the commas do not group thousands."""
    whole, dot, fraction = text.partition(".")
    sign = whole[:1] if whole[:1] in "+-" else ""
    groups = whole[len(sign) :].split(",")
    if not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:]):
        return None
    return sign + "".join(groups) + dot + fraction


def number(text: str, grouped: bool = False) -> int | float | None:
    """A number as written (an int when it has neither fraction nor exponent), None when the text is no finite
    number within the float range. With `grouped`, thousands separators (1,676,757.08) are read too."""
    text = text.strip()
    if grouped and "," in text:
        text = _ungrouped(text) or "x"
    if not text or len(text) > MAX_NUMBER_TEXT or not set(text) <= _NUMBER_CHARS:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(text) if text.lstrip("+-").isdigit() else value


def _last_digit(text: str) -> int:
    """The power of ten of the last digit written: -2 for 16.68, 0 for 14000, -5 for 1.5e-4."""
    mantissa, _, exponent = text.lower().partition("e")
    _, dot, fraction = mantissa.partition(".")
    return (int(exponent) if exponent else 0) - (len(fraction) if dot else 0)


def _significant(text: str) -> int:
    """How many significant digits a number's written form has (leading zeros do not count)."""
    digits = text.lower().partition("e")[0].lstrip("+-").replace(".", "").lstrip("0")
    return max(len(digits), 1)


def digits_kept(value: int | float, text: str) -> dict[str, Any]:
    """What a quantity needs beside its value to keep the digits `text` was written with: nothing, or
    `significant_digits` when the value's own form shows fewer ("1.20" read as 1.2)."""
    if isinstance(value, int) or not text:
        return {}
    last = _last_digit(text)
    if not -300 < last < 300:  # a written form no double can show the digits of: keep the count of them
        return {"significant_digits": _significant(text)}
    written = 0.5 * 10.0**last
    if math.isclose(written, half_unit(value), rel_tol=1e-9):
        return {}
    return {"significant_digits": _significant(text)}


def quantity(
    text: str, unit: str, *, grouped: bool = False, power: int = 0, published_unit: str | None = None
) -> dict[str, Any] | None:
    """A quantity `{value, unit}` from a number written as text, keeping its published digits; None when the
    text is no number. `power` scales the written number by 10**power (a unit the slot does not admit turned
    into one it does); `published_unit` is the unit as the source wrote it, kept in `as_published` when the
    written form differs from the value's."""
    written = text.strip()
    value = number(written, grouped)
    if value is None:
        return None
    plain = _ungrouped(written) if grouped and "," in written else written
    if plain is None:
        return None
    if power:
        try:
            exact = Decimal(plain).scaleb(power)
        except InvalidOperation:
            return None
        value = float(exact)
        if not math.isfinite(value) or value == 0 != exact:
            return None
        extra = digits_kept(value, format(exact, "f"))
    else:
        extra = digits_kept(value, plain)
    result: dict[str, Any] = {"value": value, "unit": unit, **extra}
    if written != plain or power:
        result["as_published"] = f"{written} {published_unit or unit}".strip()
    return result
