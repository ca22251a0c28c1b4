"""Colour for the text report: whether to use it, and how to paint a severity.

Colour follows the common conventions: NO_COLOR (any non-empty value) turns it off, FORCE_COLOR (any
non-empty value) turns it on, and otherwise it is on only on a terminal that is not TERM=dumb.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from aistd.model.finding import Severity
from aistd.report.progress import is_tty

RESET = "\x1b[0m"
STYLES = {
    Severity.ERROR: "\x1b[1;31m",  # bold red
    Severity.WARNING: "\x1b[33m",  # yellow
    Severity.INFO: "\x1b[36m",  # cyan
}


def colour_enabled(stream: TextIO | None, env: Mapping[str, str] | None = None) -> bool:
    """True when text written to `stream` should be coloured; `env` defaults to the process environment."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return is_tty(stream)


def paint(text: str, severity: Severity | str, enabled: bool = True) -> str:
    """The text in the severity's colour (bold red, yellow, cyan); unchanged when not enabled or unknown."""
    if not enabled:
        return text
    try:
        style = STYLES[Severity(severity)]
    except ValueError:
        return text
    return f"{style}{text}{RESET}"
