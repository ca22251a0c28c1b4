"""The one tolerance semantics of the rules: when two figures agree, and when one exceeds another.

A rule's `tolerance` t is relative. For two numbers a and b:

- `a = b` and `a ~ b` hold when |a - b| <= t x max(|a|, |b|);
- `a <= b` holds when a <= b + t x |b|, and `a < b` when a < b + t x |b|;
- `a >= b` holds when a >= b - t x |b|, and `a > b` when a > b - t x |b|;
- `a != b` holds when the two differ by more than t x max(|a|, |b|).

Every comparison also forgives binary rounding noise, 1e-9 of the larger magnitude, so that one figure
stated in two units (10,000 MWh and 10 GWh) is equal to itself. Text and booleans compare exactly, and
only with `=` and `!=`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NOISE = 1e-9


def holds(operator: str, left: Any, right: Any, tolerance: float) -> bool:
    """True when `left operator right` holds within the tolerance."""
    if not isinstance(left, float) or not isinstance(right, float):
        return (left == right) if operator == "=" else (left != right)
    scale = max(abs(left), abs(right))
    noise = NOISE * scale
    if operator in ("=", "~"):
        return abs(left - right) <= tolerance * scale + noise
    if operator == "!=":
        return abs(left - right) > tolerance * scale + noise
    slack = tolerance * abs(right)
    if operator == "<=":
        return left <= right + slack + noise
    if operator == "<":
        return left < right + slack
    if operator == ">=":
        return left >= right - slack - noise
    return left > right - slack


def comparator(operator: str, tolerance: float) -> Callable[[Any, Any], bool]:
    """`holds` for one relation and tolerance, as a function of the two figures (made once per relation)."""
    if operator in ("=", "~"):

        def equal(left: Any, right: Any) -> bool:
            if left.__class__ is not float or right.__class__ is not float:
                return left == right
            scale = max(abs(left), abs(right))
            return abs(left - right) <= tolerance * scale + NOISE * scale

        return equal
    if operator == "<=":

        def at_most(left: Any, right: Any) -> bool:
            if left.__class__ is not float or right.__class__ is not float:
                return holds(operator, left, right, tolerance)
            return left <= right + tolerance * abs(right) + NOISE * max(abs(left), abs(right))

        return at_most
    if operator == ">=":

        def at_least(left: Any, right: Any) -> bool:
            if left.__class__ is not float or right.__class__ is not float:
                return holds(operator, left, right, tolerance)
            return left >= right - tolerance * abs(right) - NOISE * max(abs(left), abs(right))

        return at_least
    return lambda left, right: holds(operator, left, right, tolerance)
