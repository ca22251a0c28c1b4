"""`aistd diff OLD NEW`: what changed from one schema release to another, as text or JSON.

OLD and NEW are each a shipped release ("0.1.0"), "current" (the schema this package checks), or the path of a
merged LinkML schema. The exit code is 0 whatever the differences (the diff is a report); 2 when a schema
cannot be read or is not a merged LinkML schema.
"""

from __future__ import annotations

import argparse
from typing import Any

from aistd.cli.base import EXIT_OK, add_command, emit, usage_error


def register(commands: Any) -> None:
    """Add `diff` to the command line."""
    diff = add_command(
        commands,
        "diff",
        help="what changed between two schema releases: elements, units, ranges, constraints, mappings",
        description="Compare two releases of the aistd schema. OLD and NEW: a shipped version (e.g. 0.1.0), "
        "'current', or the path of a merged LinkML schema. Exit code 0 whatever the differences, 2 when a "
        "schema cannot be read.",
        examples=("aistd diff 0.1.0 current", "aistd diff 0.1.0 current --format json"),
    )
    diff.add_argument("old", metavar="OLD", help="the earlier schema: a version, 'current', or a path")
    diff.add_argument("new", metavar="NEW", help="the later schema: a version, 'current', or a path")
    diff.add_argument("--format", choices=["text", "json"], default="text", help="text (default), or JSON")
    diff.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the diff."""
    from aistd.evolution import SchemaInputError, diff, render_text

    try:
        found = diff(args.old, args.new)
    except SchemaInputError as error:
        return usage_error("diff", str(error))
    emit(args.format, found.as_dict(), render_text(found) if args.format == "text" else "")
    return EXIT_OK
