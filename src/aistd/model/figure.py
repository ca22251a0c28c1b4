"""A published figure as the interval its digits allow, and the arithmetic of such intervals.

"16.68 t" is judged as [16.675, 16.685] t: half a unit of the last published digit either side. A stated
uncertainty replaces that half unit; `significant_digits` says how many digits were published when the number
in the file lost some (YAML and JSON drop the trailing zeros of "1.20"). An approximation ("~25 t") allows a
whole unit of the last digit; an upper bound ("< 0.001 t") allows anything from zero up to it; a range
("350-400 W") allows its two ends, each with its digits. Integers that count things are exact.

This is how XBRL's Calculations 1.1 treats rounded facts: each fact's decimals give its interval, and a
summation is inconsistent only when the intervals cannot meet.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from aistd.model.message import says

INFINITY = math.inf


class Figure:
    """The interval [low, high] a figure may lie in, and the point the source states (or the middle)."""

    __slots__ = ("high", "low", "point")
    low: float
    high: float
    point: float

    def __init__(self, low: float, high: float, point: float) -> None:
        self.low = low
        self.high = high
        self.point = point

    @classmethod
    def exact(cls, value: float) -> Figure:
        """A figure with no rounding (a constant of a formula, a count)."""
        return cls(value, value, value)

    def scaled(self, factor: float) -> Figure | None:
        """The figure in another unit (factor > 0); None when it leaves the float range."""
        return _checked(self.low * factor, self.high * factor, self.point * factor)

    def __repr__(self) -> str:
        return f"Figure({self.point!r} in [{self.low!r}, {self.high!r}])"


def _checked(low: float, high: float, point: float) -> Figure | None:
    if low != low or high != high or point - point != 0:  # NaN, or an infinite point
        return None
    return Figure(low, high, point)


@lru_cache(maxsize=4096, typed=True)  # typed: the integer 1 and the float 1.0 have other digits
def half_unit(number: float | int) -> float:
    """Half a unit of the last digit of a number as written: 0.005 for 16.68, 0.5 for 14000, 5e18 for 1.5e20.

    A float's digits are those of its shortest decimal form (`repr`), the form YAML and JSON readers give back.
    """
    if isinstance(number, int):
        return 0.5
    text = repr(number)
    mantissa, _, exponent = text.partition("e")
    _, point, fraction = mantissa.partition(".")
    if not (mantissa.lstrip("-").replace(".", "", 1).isdigit()):
        return 0.0  # inf or nan
    last = (int(exponent) if exponent else 0) - (len(fraction) if point else 0)
    return 0.5 * 10.0**last


def half_unit_of_digits(number: float, digits: int) -> float:
    """Half a unit of the last of `digits` significant digits of a number (0 has none: its written form counts)."""
    if number == 0 or not math.isfinite(number):
        return half_unit(number)
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(number))) - digits + 1)


def finite_number(value: Any) -> float | None:
    """A JSON number as a finite float; None for anything else (booleans, text, NaN, integers past the float
    range — the loader admits integers of 4,300 digits)."""
    if value.__class__ not in (float, int):  # not bool
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


TOO_LARGE = says("a number too large to hold as a figure")
"""Why an integer past the range of a double (about 1.8e308) is refused as a value: no reader, writer or rule can
compute with it."""
NOT_A_NUMBER = says("not a number (NaN)")
INFINITE = says("an infinite number, not a figure")


def unheld(value: Any) -> str | None:
    """Why a number cannot be held as a figure (a finite double): TOO_LARGE for an integer past the float range,
    NOT_A_NUMBER or INFINITE for such floats; None for a number that can be, and for anything that is no number."""
    kind = value.__class__
    if kind is int:
        if value.bit_length() < 1024:  # below 2**1023 in size: a float holds it
            return None
        try:
            float(value)
        except OverflowError:
            return TOO_LARGE
        return None
    if kind is float and value - value != 0:
        return NOT_A_NUMBER if value != value else INFINITE
    return None


def unheld_numbers(data: Any) -> list[tuple[list[Any], Any, str]]:
    """(path, value, why) of every number in JSON-like data that cannot be held as a figure (see `unheld`), in
    document order. Walks without recursion, and builds paths only when there is something to report."""
    if not _holds_unheld(data):
        return []
    found: list[tuple[list[Any], Any, str]] = []
    stack: list[tuple[Any, list[Any]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        kind = value.__class__
        if kind is dict:
            stack.extend((child, [*path, key]) for key, child in reversed(value.items()))
        elif kind is list:
            stack.extend((child, [*path, index]) for index, child in reversed(list(enumerate(value))))
        elif kind is int or kind is float:
            why = unheld(value)
            if why is not None:
                found.append((path, value, why))
    return found


def _holds_unheld(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        kind = value.__class__
        if kind is dict:
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif (kind is int or kind is float) and unheld(value) is not None:
            return True
    return False


def clipped_number(value: Any, digits: int = 40) -> str:
    """A number as messages show it: an integer of more than `digits` digits as its first and last digits and
    its length (a 4,300-digit integer would flood a report)."""
    if value.__class__ is not int:
        return repr(value) if value.__class__ is float else str(value)
    try:
        text = str(value)
    except ValueError:  # past Python's int-to-text limit (4,300 digits)
        digits_about = int(value.bit_length() * 0.30103) + 1
        if value < 0:
            return says("-an integer of about {count} digits", count=digits_about)
        return says("an integer of about {count} digits", count=digits_about)
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    if len(body) <= digits:
        return text
    return says("{sign}{head}…{tail} ({count} digits)", sign=sign, head=body[:6], tail=body[-3:], count=len(body))


def unheld_text(value: Any) -> str | None:
    """What is wrong with a number that cannot be held as a figure, as a clause naming it ("100000…000 (401
    digits) is a number too large to hold as a figure"); None when it can be held, or is no number."""
    why = unheld(value)
    return None if why is None else says("{number} is {why}", number=clipped_number(value), why=why)


def _half(value: float | int, quantity: dict[str, Any]) -> float:
    uncertainty = finite_number(quantity.get("uncertainty"))
    if uncertainty is not None and uncertainty >= 0:
        return uncertainty
    digits = quantity.get("significant_digits")
    if digits.__class__ is int and digits > 0:
        return half_unit_of_digits(float(value), digits)
    return half_unit(value)


def figure_of_quantity(quantity: dict[str, Any], factor: float = 1.0) -> Figure | None:
    """The interval of a quantity object `{value, unit, ...}`, in its own unit times `factor` (> 0); None when it
    states no number."""
    if len(quantity) == 2:  # the common case, {value, unit}: no precision field to read
        raw = quantity.get("value")
        if raw.__class__ is float:
            if raw - raw != 0:  # NaN or infinite
                return None
            half = half_unit(raw)
        elif raw.__class__ is int:
            try:
                raw = float(raw)
            except OverflowError:  # an integer past the float range (the loader admits 4,300 digits)
                return None
            half = 0.5
        elif raw is None and "value" not in quantity:
            return _qualified(quantity)  # {unit, qualifier}: a figure called negligible
        else:
            return None
        point = raw * factor
        return Figure((raw - half) * factor, (raw + half) * factor, point) if point - point == 0 else None
    stated = _qualified(quantity)
    return stated if stated is None or factor == 1.0 else stated.scaled(factor)


def _qualified(quantity: dict[str, Any]) -> Figure | None:
    qualifier = quantity.get("qualifier")
    raw = quantity.get("value")
    value = finite_number(raw)
    low_end, high_end = finite_number(quantity.get("minimum")), finite_number(quantity.get("maximum"))
    if low_end is not None and high_end is not None:
        low = low_end - _half(quantity["minimum"], quantity)
        high = high_end + _half(quantity["maximum"], quantity)
        return _checked(low, high, value if value is not None else (low_end + high_end) / 2)
    if qualifier == "negligible":
        return Figure(0.0, value + _half(raw, quantity) if value is not None else INFINITY, value or 0.0)
    if value is None:
        return None
    half = _half(raw, quantity)
    if qualifier == "approximate":
        half *= 2
    if qualifier == "upper-bound":
        return _checked(min(0.0, value - half) if value < 0 else 0.0, value + half, value)
    if qualifier == "lower-bound":
        return _checked(value - half, INFINITY, value)
    return _checked(value - half, value + half, value)


def figure_of_number(value: Any, exact: bool = False) -> Figure | None:
    """The interval of a plain number (a ratio such as a PUE); counts (`exact`) have no rounding."""
    number = finite_number(value)
    if number is None:
        return None
    if exact:
        return Figure(number, number, number)
    half = half_unit(value)
    return Figure(number - half, number + half, number)


def add(a: Figure, b: Figure) -> Figure | None:
    """a + b."""
    return _checked(a.low + b.low, a.high + b.high, a.point + b.point)


def subtract(a: Figure, b: Figure) -> Figure | None:
    """a - b."""
    return _checked(a.low - b.high, a.high - b.low, a.point - b.point)


def multiply(a: Figure, b: Figure) -> Figure | None:
    """a x b."""
    products = [_product(x, y) for x in (a.low, a.high) for y in (b.low, b.high)]
    return _checked(min(products), max(products), a.point * b.point)


def _product(x: float, y: float) -> float:
    return 0.0 if x == 0 or y == 0 else x * y  # 0 x infinity is 0 here: a bound times nothing is nothing


def divide(a: Figure, b: Figure) -> Figure | None:
    """a / b; None when b may be zero (its interval holds 0), which leaves the relation unjudged."""
    if b.low <= 0 <= b.high:
        return None
    quotients = [x / y for x in (a.low, a.high) for y in (b.low, b.high)]
    return _checked(min(quotients), max(quotients), a.point / b.point)


def negate(a: Figure) -> Figure:
    """-a."""
    return Figure(-a.high, -a.low, -a.point)


def total(figures: list[Figure]) -> Figure | None:
    """The sum of several figures."""
    return _checked(sum(f.low for f in figures), sum(f.high for f in figures), sum(f.point for f in figures))
