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
