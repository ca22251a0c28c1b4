"""The one comparison semantics of the rules: figures are judged by the intervals their published digits allow.

Every figure is an interval (see `aistd.model.figure`): "16.68 t" is [16.675, 16.685] t, a stated uncertainty
or range gives its own, an upper bound reaches down to zero. Arithmetic carries the intervals through, so the
two sides of a relation are two intervals, and a relation fails only when no value of the one and no value of
the other can satisfy it — the way XBRL Calculations 1.1 judges rounded facts. A rule's `tolerance` t (relative,
documented with the rule) widens the comparison a little more:

- `a = b` and `a ~ b` hold when the intervals meet within t x max(|a|, |b|) (a and b the stated points);
- `a <= b` holds when low(a) <= high(b) + t x |b|, `a < b` when low(a) < high(b) + t x |b|;
- `a >= b` holds when high(a) >= low(b) - t x |b|, `a > b` when high(a) > low(b) - t x |b|;
- `a != b` fails only when both are one and the same exact number.

Every comparison also forgives binary rounding noise, 1e-9 of the larger magnitude, so that one figure stated
in two units (10,000 MWh and 10 GWh) is equal to itself. Text and booleans compare exactly, and only with `=`
and `!=`. Conditions (`when ...`) compare the stated points, exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aistd.model.figure import Figure

NOISE = 1e-9


def holds(operator: str, left: Any, right: Any, tolerance: float) -> bool:
    """True when `left operator right` can hold for some value of each figure, within the tolerance."""
    if left.__class__ is not Figure or right.__class__ is not Figure:
        return (left == right) if operator == "=" else (left != right)
    scale = max(abs(left.point), abs(right.point))
    noise = NOISE * scale
    if operator in ("=", "~"):
        slack = tolerance * scale + noise
        return left.low <= right.high + slack and right.low <= left.high + slack
    if operator == "!=":
        return not (left.low == left.high == right.low == right.high)
    slack = tolerance * abs(right.point)
    if operator == "<=":
        return left.low <= right.high + slack + noise
    if operator == "<":
        return left.low < right.high + slack
    if operator == ">=":
        return left.high >= right.low - slack - noise
    return left.high > right.low - slack


def holds_at_points(operator: str, left: Any, right: Any) -> bool:
    """True when `left operator right` holds of the stated points, exactly (for the conditions of a clause)."""
    if left.__class__ is Figure and right.__class__ is Figure:
        return holds(operator, Figure.exact(left.point), Figure.exact(right.point), 0.0)
    return holds(operator, left, right, 0.0)


def comparator(operator: str, tolerance: float) -> Callable[[Any, Any], bool]:
    """`holds` for one relation and tolerance, as a function of the two figures (made once per relation)."""
    return lambda left, right: holds(operator, left, right, tolerance)
