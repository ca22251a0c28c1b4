"""`aistd validate`: check disclosure files (and other formats, converted first) and report the findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from aistd.cli.base import EXIT_FINDINGS, EXIT_OK, path_problem, positive, usage_error, write_out


def register(commands: Any) -> None:
    """Add `validate` to the command line."""
    validate = commands.add_parser(
        "validate",
        help="check disclosure files: schema, consistency rules, profiles",
        description="Check disclosures. Exit 0: nothing at or above --fail-on; 1: findings; 2: usage error.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive), or - for stdin")
    validate.add_argument("--format", choices=["text", "json", "sarif", "junit"], default="text")
    validate.add_argument(
        "--profile", action="append", default=[], metavar="NAME", help="also check a profile (repeatable)"
    )
    validate.add_argument(
        "--fail-on", choices=["error", "warning"], default="error", help="lowest severity that makes the exit 1"
    )
    validate.add_argument(
        "-j",
        "--jobs",
        type=positive,
        default=1,
        metavar="N",
        help="processes to use (default 1; at most one per processor core and per file)",
    )
    validate.add_argument("--rdf", action="store_true", help="also validate as RDF with SHACL (Turtle, JSON-LD)")
    validate.add_argument(
        "--same-system", action="store_true", help="the inputs describe one system: compare them with each other"
    )
    validate.add_argument(
        "--max-bytes", type=positive, default=None, help="refuse files larger than this (default 50 MiB)"
    )
    validate.add_argument(
        "--max-seconds",
        type=budget_seconds,
        default=None,
        metavar="S",
        help="time budget of each file's check (default 60; 0: none): past it, a load.budget-exceeded finding",
    )
    validate.add_argument(
        "--max-memory",
        type=budget_bytes,
        default=None,
        metavar="SIZE",
        help="memory budget of each file's check, bytes or with K, M, G (default 2G; 0: none)",
    )
    validate.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="in folders, follow symbolic links that lead outside the folders named, and links to folders "
        "(not followed by default: listed as skipped; a link named as a PATH is always followed)",
    )
    validate.add_argument(
        "--min-severity",
        choices=["error", "warning", "info"],
        default="info",
        help="show only findings of this severity or worse (the exit code still follows --fail-on)",
    )
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="text report: the findings only, no summary and no progress"
    )
    validate.set_defaults(run=run)


def budget_seconds(text: str) -> float:
    """`--max-seconds`: a number of seconds, 0 for no limit."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text.strip()} is not a number of seconds (0: no limit)")
    return value


def budget_bytes(text: str) -> int:
    """`--max-memory`: bytes, or a number with K, M or G (binary: 2G is 2 GiB), 0 for no limit."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    factor = units.get(text.strip()[-1:].upper(), 1)
    try:
        value = float(text.strip()[:-1] if factor > 1 else text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (bytes, or 512M, 2G)") from None
    if not 0 <= value * factor < 2**62:
        raise argparse.ArgumentTypeError(f"{text.strip()} is not a size (0: no limit)")
    return int(value * factor)


def budget_options(args: argparse.Namespace) -> dict[str, Any]:
    """The Options fields of `--max-seconds` and `--max-memory` (absent: the defaults; 0: no limit)."""
    chosen: dict[str, Any] = {}
    if args.max_seconds is not None:
        chosen["max_seconds"] = args.max_seconds or None
    if args.max_memory is not None:
        chosen["max_memory"] = args.max_memory or None
    return chosen


def run(args: argparse.Namespace) -> int:
    """Validate the paths named and print the report."""
    from aistd.knowledge import profiles
    from aistd.load import DEFAULT_MAX_BYTES
    from aistd.load.walk import collect
    from aistd.model.finding import Severity
    from aistd.report.progress import Progress
    from aistd.validation import STDIN, Options, validate_paths

    paths = [Path(p) for p in args.paths]
    problems = [problem for path in paths if str(path) != STDIN and (problem := path_problem(path))]
    if problems:
        return usage_error("validate", "; ".join(problems))
    try:
        profiles.select(args.profile)
    except profiles.UnknownProfileError as error:
        return usage_error("validate", error.args[0])
    options = Options(
        profiles=tuple(args.profile),
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
        same_system=args.same_system,
        rdf=args.rdf,
        follow_symlinks=args.follow_symlinks,
        **budget_options(args),
    )
    if args.rdf:
        from aistd.check.shacl import RdfUnavailable, require_rdf

        try:
            require_rdf()
        except RdfUnavailable as error:
            return usage_error("validate", str(error))
    inputs = collect(paths, args.rdf, args.follow_symlinks)
    with Progress(len(inputs.files), enabled=False if args.quiet else None) as progress:
        report = validate_paths(paths, options, jobs=args.jobs, progress=progress, inputs=inputs)
    shown = report.at_least(Severity(args.min_severity))
    if args.quiet and args.format == "text":
        shown.skipped = []
        text = "".join(render(shown, args.format).splitlines(keepends=True)[:-1])  # findings, no summary line
    else:
        text = render(shown, args.format)
    write_out(text, args.format)
    worst = report.worst()
    threshold = Severity.ERROR if args.fail_on == "error" else Severity.WARNING
    return EXIT_FINDINGS if worst is not None and worst.rank <= threshold.rank else EXIT_OK


def render(report: Any, form: str) -> str:
    """The report in the format asked for."""
    if form == "json":
        from aistd.report.json import render_json

        return render_json(report)
    if form == "sarif":
        from aistd.knowledge.rules import all_rules
        from aistd.report.sarif import GITHUB_MAX_RESULTS, render_sarif

        return render_sarif(report, all_rules(), root=Path.cwd(), max_results=GITHUB_MAX_RESULTS)
    if form == "junit":
        from aistd.report.junit import render_junit

        return render_junit(report)
    from aistd.report.console import colour_enabled
    from aistd.report.text import render_text

    return render_text(report, colour=colour_enabled(sys.stdout))
