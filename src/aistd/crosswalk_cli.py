"""The crosswalk commands: `aistd terms`, `aistd crosswalk`, `aistd mappings stats`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from aistd import crosswalk, resources

DEFAULT_CATALOGUE = Path("shared") / "reference" / "terms.yaml"


def add_commands(commands: Any) -> None:
    """Register the crosswalk commands on the CLI's sub-command parser."""
    terms = commands.add_parser("terms", help="list aistd's indicators, or one vocabulary's mapped terms")
    terms.add_argument("--vocabulary", "-V", help="a vocabulary name (see `aistd mappings stats`)")
    terms.add_argument("--format", choices=["text", "json"], default="text")

    walk = commands.add_parser("crosswalk", help="show a term's mappings, or the table between two vocabularies")
    walk.add_argument("term", nargs="?", help="an aistd term, or an external CURIE or label")
    walk.add_argument("--from", dest="source", help="vocabulary to translate from")
    walk.add_argument("--to", dest="target", help="vocabulary to translate to")
    walk.add_argument("--format", choices=["text", "json"], default="text")

    mappings = commands.add_parser("mappings", help="about the mapping sets")
    mapping_commands = mappings.add_subparsers(dest="mappings_command", metavar="COMMAND", required=True)
    stats = mapping_commands.add_parser("stats", help="rows, predicates and catalogue coverage per vocabulary")
    stats.add_argument("--reference", type=Path, default=None, help="the reference catalogue terms.yaml")
    stats.add_argument("--format", choices=["text", "json"], default="text")


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n" if args.format == "json" else text)


def render_table(headers: Any, rows: Any, max_cell: int = 60) -> str:
    """Aligned plain-text table (imported on use, so that building the parser stays cheap)."""
    from aistd.tables import render_table as render

    return render(headers, rows, max_cell)


def run_terms(args: argparse.Namespace) -> int:
    """List indicators, or a vocabulary's mapped terms."""
    if args.vocabulary is None:
        table = crosswalk.indicator_table()
        data = [{"term": n, "unit": e["ucum"], "definition": e["definition"]} for n, e in table.items()]
        text = render_table(["term", "unit", "definition"], [list(d.values()) for d in data])
        _emit(args, data, text)
        return 0
    found = crosswalk.rows(args.vocabulary)
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
    _emit(args, data, text)
    return 0


def run_crosswalk(args: argparse.Namespace) -> int:
    """Show one term with all its mappings, or the table between two vocabularies."""
    if args.source or args.target:
        if not (args.source and args.target) or args.term:
            print("aistd crosswalk: give TERM, or both --from and --to", file=sys.stderr)
            return 2
        pairs = [c.as_dict() for c in crosswalk.correspondences(args.source, args.target)]
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
        _emit(args, pairs, text + f"{len(pairs)} correspondences\n")
        return 0
    if not args.term:
        print("aistd crosswalk: give TERM, or both --from and --to", file=sys.stderr)
        return 2
    name, found = crosswalk.term_mappings(args.term)
    entry = crosswalk.indicator_table().get(name, {})
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
    _emit(args, data, text)
    return 0


def _catalogue_path(given: Path | None) -> Path | None:
    if given is not None:
        return given
    root = resources.checkout_root()
    for base in filter(None, [root.parent if root else None, Path.cwd().parent, Path.cwd()]):
        if (base / DEFAULT_CATALOGUE).is_file():
            return base / DEFAULT_CATALOGUE
    return None


def run_mapping_stats(args: argparse.Namespace) -> int:
    """Per vocabulary: rows, predicates, provisional rows, and coverage of the reference catalogue."""
    path = _catalogue_path(args.reference)
    if path is None or not path.is_file():
        print(
            "aistd mappings stats: reference catalogue not found; pass --reference terms.yaml",
            file=sys.stderr,
        )
        return 2
    catalogue = crosswalk.load_catalogue(path)
    stats = [crosswalk.vocabulary_stats(v, catalogue) for v in crosswalk.vocabularies()]
    headers = ["vocabulary", "rows", *crosswalk.PREDICATES, "provisional", "quant. terms", "mapped",
               "out of scope", "coverage"]  # fmt: skip
    headers = [h.removeprefix("skos:") for h in headers]
    table_rows = [
        [s["vocabulary"], s["rows"], *s["predicates"].values(), s["provisional"], s["quantitative_terms"],
         s["mapped_terms"], s["out_of_scope"], "—" if s["coverage"] is None else f"{s['coverage']:.0%}"]
        for s in stats
    ]  # fmt: skip
    text = render_table(headers, table_rows)
    unaccounted = [(s["vocabulary"], t) for s in stats for t in s["unaccounted"]]
    text += "".join(f"unaccounted in {v}: {t}\n" for v, t in unaccounted)
    _emit(args, stats, text)
    return 1 if unaccounted else 0
