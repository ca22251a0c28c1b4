"""Dates and times as the formats write them: ISO 8601 instants, calendar days, and the day a step ends."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

DAY_SECONDS = 86400
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def instant(text: Any) -> datetime | None:
    """An ISO 8601 timestamp as a datetime, or None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def day(text: Any) -> date | None:
    """An ISO 8601 calendar day (YYYY-MM-DD) as a date, or None when it is not one."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def day_of(timestamp: Any) -> str | None:
    """The calendar day of an ISO 8601 date or date-time (`2024-05-01T12:00:00Z` -> 2024-05-01), or None."""
    if isinstance(timestamp, str) and re.match(r"^\d{4}-\d{2}-\d{2}(T|$)", timestamp):
        return timestamp[:10]
    return None


def last_day(start: date | datetime, seconds: float) -> date | None:
    """The day a step that begins at `start` (a day: at its midnight) and lasts `seconds` ends on: the step's
    last instant is excluded, so a one-day step ends on its first day; None past the year 9999."""
    begin = start if isinstance(start, datetime) else datetime(start.year, start.month, start.day)
    if seconds <= 0:
        return begin.date()
    try:
        return (begin + timedelta(seconds=seconds, microseconds=-1)).date()
    except OverflowError:
        return None
