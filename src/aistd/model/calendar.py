"""Calendar days of a period's ends, which may be a day, a month or a year (`2024-03-15`, `2024-03`, `2024`).

A start reads as the first day it names and an end as the last, so a period written from `2024` to `2024` covers the
whole year and from `2024-02` to `2024-02` the 29 days of that February.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _parts(text: Any) -> tuple[int, int | None, int | None] | None:
    match = PARTIAL_DATE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def first_day(text: Any) -> date | None:
    """The first day a date, month or year names; None when the text is none of them (or not in the calendar)."""
    parts = _parts(text)
    if parts is None:
        return None
    year, month, day = parts
    try:
        return date(year, month or 1, day or 1)
    except ValueError:
        return None


def last_day(text: Any) -> date | None:
    """The last day a date, month or year names; None when the text is none of them (or not in the calendar)."""
    parts = _parts(text)
    if parts is None:
        return None
    year, month, day = parts
    try:
        if day is not None:
            return date(year, month or 1, day)
        month = month or 12
        return date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None
