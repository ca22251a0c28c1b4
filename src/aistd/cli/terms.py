"""`aistd terms`: aistd's indicators, or the mapped terms of one vocabulary."""

from __future__ import annotations

import argparse
from typing import Any

from aistd.cli.base import EXIT_OK, LazyChoices, add_command, emit, render_table, usage_error, vocabulary_names


def register(commands: Any) -> None:
    """Add `terms` to the command line."""
    terms = add_command(
        commands,
        "terms",
        help="list aistd's indicators, or one vocabulary's mapped terms",
        description="List aistd's indicators with their units and definitions (or only those TERM names: found by "
        "name, title, acronym or alias, French label, whatever the case), or one vocabulary's mapped terms.",
        examples=("aistd terms", "aistd terms pue", "aistd terms -V codecarbon --format json"),
    )
    terms.add_argument("term", nargs="*", metavar="TERM", help="only these aistd terms (an unknown one: exit 2)")
    terms.add_argument(
        "--vocabulary",
        "-V",
        type=str.lower,
        choices=LazyChoices(vocabulary_names),
        metavar="VOCABULARY",
        help="a vocabulary: %(choices)s",
    )
    terms.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    terms.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List indicators, or a vocabulary's mapped terms."""
    from aistd.cli.lookup import TermNotFound, find_term
    from aistd.knowledge import crosswalks
    from aistd.knowledge.indicators import indicator_table

    if args.term and args.vocabulary is not None:
        return usage_error("terms", "give TERM or --vocabulary, not both")
    if args.vocabulary is None:
        table = indicator_table()
        try:
            wanted = [find_term(text) for text in args.term]
        except TermNotFound as error:
            return usage_error("terms", error.args[0])
        absent = [name for name in wanted if name not in table]
        if absent:
            return usage_error("terms", f"{', '.join(absent)}: not an indicator (see `aistd crosswalk {absent[0]}`)")
        chosen = {name: table[name] for name in dict.fromkeys(wanted)} if wanted else table
        data = [{"term": n, "unit": e["ucum"], "definition": e["definition"]} for n, e in chosen.items()]
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
