"""`aistd rules`: every rule a finding can name, with its severity, title and the clauses behind it."""

from __future__ import annotations

import argparse
from typing import Any

from aistd.cli.base import EXIT_OK, add_command, emit, render_table


def register(commands: Any) -> None:
    """Add `rules` to the command line."""
    rules = add_command(
        commands,
        "rules",
        help="list every rule: id, severity, title, references",
        description="List every rule a finding can name: its id, severity, title and the clauses behind it.",
        examples=("aistd rules", "aistd rules --format json"),
    )
    rules.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    rules.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List the rules."""
    from aistd.knowledge.rules import all_rules

    rules = sorted(all_rules().values(), key=lambda r: r.id)
    data = [
        {"id": r.id, "severity": r.severity.value, "title": r.title, "references": list(r.references),
         "help_uri": r.help_uri}
        for r in rules
    ]  # fmt: skip
    rows = [[r.id, r.severity.value, r.title, "; ".join(r.references)] for r in rules]
    text = render_table(["id", "severity", "title", "references"], rows, max_cell=90) + f"{len(rules)} rules\n"
    emit(args.format, data, text)
    return EXIT_OK
