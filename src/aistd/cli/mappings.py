"""`aistd mappings stats`: per vocabulary, rows, predicates and provisional rows, and with `--reference` the
coverage of a reference catalogue of real terms (`terms.yaml`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from aistd.cli.base import EXIT_FINDINGS, EXIT_OK, add_command, emit, render_table, usage_error


def register(commands: Any) -> None:
    """Add `mappings stats` to the command line."""
    mappings = add_command(
        commands,
        "mappings",
        help="about the mapping sets",
        examples=("aistd mappings stats", "aistd mappings stats --help"),
    )
    mapping_commands = mappings.add_subparsers(dest="mappings_command", metavar="COMMAND", required=True)
    stats = add_command(
        mapping_commands,
        "stats",
        help="rows, predicates and catalogue coverage per vocabulary",
        description="Per vocabulary: mapping rows, predicates, provisional rows, and how each row was read; with "
        "--reference, the coverage of a reference catalogue (exit 1 when a verified term is unaccounted for).",
        examples=("aistd mappings stats", "aistd mappings stats --format json"),
    )
    stats.add_argument(
        "--reference", type=Path, default=None, help="a reference catalogue terms.yaml: also measure its coverage"
    )
    stats.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    stats.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Per vocabulary: rows, predicates, provisional rows, how many rows rest on content verified at the source, read
    in a secondary source or recalled, and coverage of the reference catalogue if given.

    Exit 1 when the catalogue lists a verified quantitative term that no mapping set accounts for.
    """
    from aistd.knowledge import crosswalks

    catalogue = None
    if args.reference is not None:
        if not args.reference.is_file():
            return usage_error("mappings stats", f"no such reference catalogue: {args.reference}")
        catalogue = crosswalks.load_catalogue(args.reference)
    stats = [crosswalks.vocabulary_stats(v, catalogue or []) for v in crosswalks.vocabularies()]
    headers = [
        "vocabulary",
        "rows",
        *(p.removeprefix("skos:") for p in crosswalks.PREDICATES),
        "provisional",
        "verified",
        "secondary",
        "recalled",
    ]
    rows = [
        [s["vocabulary"], s["rows"], *s["predicates"].values(), s["provisional"], *s["reading"].values()] for s in stats
    ]
    if catalogue is not None:
        headers += ["quant. terms", "mapped", "out of scope", "coverage"]
        for row, s in zip(rows, stats, strict=True):
            coverage = "\u2014" if s["coverage"] is None else f"{s['coverage']:.0%}"
            row += [s["quantitative_terms"], s["mapped_terms"], s["out_of_scope"], coverage]
    else:
        stats = [
            {k: v for k, v in s.items() if k in ("vocabulary", "rows", "predicates", "provisional", "reading")}
            for s in stats
        ]
    text = render_table(headers, rows)
    unaccounted = [(s["vocabulary"], t) for s in stats for t in s.get("unaccounted", [])]
    text += "".join(f"unaccounted in {v}: {t}\n" for v, t in unaccounted)
    if catalogue is None:
        text += "catalogue coverage: pass --reference terms.yaml\n"
    emit(args.format, stats, text)
    return EXIT_FINDINGS if unaccounted else EXIT_OK
