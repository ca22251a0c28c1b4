"""aistd's data in words: an indicator's range and unit, a profile requirement, a rule's tolerance."""

from __future__ import annotations

from typing import Any

from aistd.build.docs.markdown import code, number


def range_text(entry: dict[str, Any]) -> str:
    """An indicator's limits: `from 0 to 1`, `at least 0`, or `no limit stated`."""
    low, high = entry.get("minimum"), entry.get("maximum")
    if low is None and high is None:
        return "no limit stated"
    if high is None:
        return f"at least {number(low)}"
    if low is None:
        return f"at most {number(high)}"
    return f"from {number(low)} to {number(high)}"


def unit_text(entry: dict[str, Any]) -> str:
    """An indicator's UCUM unit, and its QUDT unit linked."""
    ucum = entry.get("ucum")
    parts = [f"{code(ucum)} (UCUM)" if ucum else "no unit"]
    qudt = entry.get("qudt")
    if qudt:
        parts.append(f"[QUDT {qudt.rsplit('/', 1)[-1]}]({qudt})")
    return " · ".join(parts)


def requirement_text(requirement: dict[str, Any]) -> str:
    """What a profile requirement asks of the records it selects."""
    parts = []
    if requirement.get("where"):
        conditions = "; ".join(
            f"{code(w['slot'])} is " + " or ".join(code(v) for v in w.get("values", [])) for w in requirement["where"]
        )
        parts.append(f"where {conditions}")
    if requirement.get("at_least"):
        parts.append(f"at least {requirement['at_least']} record(s)")
    if requirement.get("slots"):
        parts.append("each with " + ", ".join(code(s) for s in requirement["slots"]))
    if requirement.get("any_of_slots"):
        parts.append("each with one of " + ", ".join(code(s) for s in requirement["any_of_slots"]))
    return "; ".join(parts)


def tolerance_text(tolerance: float | None) -> str:
    """A rule's relative tolerance, also as a percentage; `exact` when there is none."""
    if not tolerance:
        return "exact"
    return f"{number(tolerance)} (relative: {number(round(tolerance * 100, 6))} %)"


def counted(count: int, one: str, many: str) -> str:
    """`1 mapping`, `3 mappings`."""
    return f"{count} {one if count == 1 else many}"


FILTERS = {
    "range_text": range_text,
    "unit_text": unit_text,
    "requirement_text": requirement_text,
    "tolerance_text": tolerance_text,
    "counted": counted,
}
