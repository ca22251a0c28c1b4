"""`aistd terms`: aistd's indicators, or the mapped terms of one vocabulary."""

from __future__ import annotations

import argparse
from typing import Any

from aistd.cli.base import EXIT_OK, emit, render_table


def register(commands: Any) -> None:
    """Add `terms` to the command line."""
    terms = commands.add_parser("terms", help="list aistd's indicators, or one vocabulary's mapped terms")
    terms.add_argument("--vocabulary", "-V", help="a vocabulary name (see `aistd mappings stats`)")
    terms.add_argument("--format", choices=["text", "json"], default="text")
    terms.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List indicators, or a vocabulary's mapped terms."""
    from aistd.knowledge import crosswalks
    from aistd.knowledge.indicators import indicator_table

    if args.vocabulary is None:
        table = indicator_table()
        data = [{"term": n, "unit": e["ucum"], "definition": e["definition"]} for n, e in table.items()]
        text = render_table(["term", "unit", "definition"], [list(d.values()) for d in data])
        emit(args.format, data, text)
        return EXIT_OK
    found = crosswalks.rows(args.vocabulary)
    keys = [
        "object_id",
        "object_label",
        "object_unit",
        "predicate_id",
        "subject_id",
        "unit_conversion_factor",
    ]
    data = [{k: r[k] for k in keys} | {"provisional": r["provisional"]} for r in found]
    headers = ["term", "label", "unit", "predicate", "aistd term", "factor", "provisional"]
    text = render_table(headers, [list(d.values()) for d in data])
    emit(args.format, data, text)
    return EXIT_OK
