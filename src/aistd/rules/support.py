"""Small helpers the checks share: walking the items of a disclosure and comparing numbers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aistd.quantities import describe, magnitude

ITEM_LISTS = (
    "ai_systems",
    "footprints",
    "data_centre_reports",
    "sci_assessments",
    "ghg_inventories",
    "life_cycle_impacts",
    "frugality_results",
)


def items(data: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, item) for each object in one of the disclosure's lists."""
    values = data.get(key)
    if isinstance(values, list):
        for index, item in enumerate(values):
            if isinstance(item, dict):
                yield f"/{key}/{index}", item


def hashable(value: Any) -> Any:
    """The value itself when it can be a dict key or a set member, else its repr.

    Rules run on data that may break the schema: a list or mapping where text belongs (an id, a stage, a
    boundary) must not crash the grouping of items, only fail to match the text it replaces.
    """
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def close(actual: float, expected: float, tolerance: float) -> bool:
    """True when two values agree within a relative tolerance (or both are zero)."""
    scale = max(abs(actual), abs(expected))
    return scale == 0 or abs(actual - expected) <= tolerance * scale


def exceeds(part: float, whole: float, tolerance: float = 0.0) -> bool:
    """True when `part` is larger than `whole` by more than the tolerance."""
    return part > whole * (1 + tolerance) + 1e-12


GRAMS_PER_KILOGRAM = 1000.0


def ratio_issue(
    item: dict[str, Any],
    pointer: str,
    result: str,
    numerator: str,
    denominator: str,
    tolerance: float,
    scale: float = 1.0,
) -> Iterator[tuple[str, str]]:
    """The issue when `result` differs from `scale x numerator / denominator` (canonical units)."""
    stated, top, bottom = magnitude(item, result), magnitude(item, numerator), magnitude(item, denominator)
    if stated is None or top is None or not bottom:
        return
    expected = scale * top / bottom
    if not close(stated, expected, tolerance):
        yield (
            f"{pointer}/{result}",
            f"{result} is {stated:.6g} but {numerator} / {denominator} = "
            f"{describe(top, numerator)} / {describe(bottom, denominator)} = {expected:.6g}",
        )


def bound_issue(
    item: dict[str, Any], pointer: str, part: str, whole: str, tolerance: float = 0.0
) -> Iterator[tuple[str, str]]:
    """The issue when `part` exceeds `whole` (both in the same quantity class)."""
    small, large = magnitude(item, part), magnitude(item, whole)
    if small is not None and large is not None and exceeds(small, large, tolerance):
        yield (
            f"{pointer}/{part}",
            f"{part} ({describe(small, part)}) exceeds {whole} ({describe(large, whole)})",
        )


def register_ratio(rule_id: str, key: str, result: str, numerator: str, denominator: str, scale: float = 1.0) -> None:
    """Register the check of a rule `result = scale x numerator / denominator` over the items of one list."""
    from aistd.rules.engine import RuleSpec, check

    def ratio_check(data: dict[str, Any], spec: RuleSpec) -> Iterator[tuple[str, str]]:
        for pointer, item in items(data, key):
            yield from ratio_issue(item, pointer, result, numerator, denominator, spec.tolerance, scale)

    check(rule_id)(ratio_check)


def register_bound(rule_id: str, key: str, part: str, whole: str) -> None:
    """Register the check of a rule `part <= whole` over the items of one list."""
    from aistd.rules.engine import RuleSpec, check

    def bound_check(data: dict[str, Any], spec: RuleSpec) -> Iterator[tuple[str, str]]:
        for pointer, item in items(data, key):
            yield from bound_issue(item, pointer, part, whole)

    check(rule_id)(bound_check)
