"""`aistd crosswalk`: one term with its unit and every mapping, or the table between two vocabularies."""

from __future__ import annotations

import argparse
from typing import Any

from aistd.cli.base import EXIT_OK, LazyChoices, add_command, emit, render_table, usage_error, vocabulary_names


def register(commands: Any) -> None:
    """Add `crosswalk` to the command line."""
    walk = add_command(
        commands,
        "crosswalk",
        help="show a term's mappings, or the table between two vocabularies",
        description="Show one aistd term with its unit and every mapping, or the correspondences between two "
        "vocabularies. A term is found by its name, title, acronym or alias, French label, or an external id or "
        "label, whatever the case (an unknown term: the closest names, exit 2).",
        examples=(
            "aistd crosswalk PUE",
            "aistd crosswalk operational-emissions --format json",
            "aistd crosswalk iso30134:PUE",
            "aistd crosswalk --from codecarbon --to cyclonedx",
        ),
    )
    walk.add_argument("term", nargs="?", metavar="TERM", help="an aistd term, or an external CURIE or label")
    vocabularies = LazyChoices(vocabulary_names)
    walk.add_argument(
        "--from",
        dest="source",
        type=str.lower,
        choices=vocabularies,
        metavar="VOCABULARY",
        help="vocabulary to translate from: %(choices)s",
    )
    walk.add_argument(
        "--to",
        dest="target",
        type=str.lower,
        choices=vocabularies,
        metavar="VOCABULARY",
        help="vocabulary to translate to",
    )
    walk.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    walk.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Show one term with all its mappings, or the table between two vocabularies."""
    from aistd.knowledge import crosswalks
    from aistd.knowledge.indicators import indicator_table

    if args.source or args.target:
        if not (args.source and args.target) or args.term:
            return usage_error("crosswalk", "give TERM, or both --from and --to")
        pairs = [c.as_dict() for c in crosswalks.correspondences(args.source, args.target)]
        headers = [
            "aistd term",
            args.source,
            "unit",
            "relation",
            args.target,
            "unit",
            "factor",
            "provisional",
        ]
        keys = ["aistd_term", "from", "from_unit", "relation", "to", "to_unit", "factor", "provisional"]
        text = render_table(headers, [[p[k] for k in keys] for p in pairs])
        emit(args.format, pairs, text + f"{len(pairs)} correspondences\n")
        return EXIT_OK
    if not args.term:
        return usage_error("crosswalk", "give TERM, or both --from and --to")
    from aistd.cli.lookup import TermNotFound, find_term

    try:
        name, found = crosswalks.term_mappings(find_term(args.term))
    except (TermNotFound, crosswalks.UnknownTermError) as error:
        return usage_error("crosswalk", error.args[0])
    entry = indicator_table().get(name, {})
    keys = ["vocabulary", "object_id", "object_label", "predicate_id", "object_unit",
            "unit_conversion_factor", "boundary_difference", "provisional"]  # fmt: skip
    data = {
        "term": name,
        "definition": entry.get("definition"),
        "unit": entry.get("ucum"),
        "qudt": entry.get("qudt"),
        "mappings": [{k: r[k] for k in keys} for r in found],
    }
    head = f"aistd:{name}"
    if entry:
        head += f"  [{entry['ucum']}{', ' + entry['qudt'] if entry['qudt'] else ''}]\n{entry['definition']}"
    headers = ["vocabulary", "term", "label", "predicate", "unit", "factor", "boundary", "provisional"]
    text = head + "\n\n" + render_table(headers, [list(m.values()) for m in data["mappings"]])
    emit(args.format, data, text)
    return EXIT_OK
