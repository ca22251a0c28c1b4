"""What every command shares: exit codes, argument types, how results reach standard output and errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

EXIT_OK = 0
"""Nothing at or above the failing severity."""
EXIT_FINDINGS = 1
"""Findings, a failed conversion, or drift."""
EXIT_USAGE = 2
"""A usage error, a missing path, or an internal error."""


def positive(text: str) -> int:
    """An argument that must be a positive whole number."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def usage_error(command: str, message: str) -> int:
    """Say what is wrong with the command line, on standard error; the usage exit code."""
    print(f"aistd {command}: {message}", file=sys.stderr)
    return EXIT_USAGE


def emit(form: str, data: Any, text: str) -> None:
    """Write a command's result as JSON or as text."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n" if form == "json" else text)


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]], max_cell: int = 60) -> str:
    """An aligned plain-text table (imported on use, so that building the parser stays cheap)."""
    from aistd.cli.tables import render_table as render

    return render(headers, rows, max_cell)
