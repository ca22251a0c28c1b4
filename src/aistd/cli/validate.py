"""`aistd validate`: check disclosure files (and other formats, converted first) and report the findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from aistd.cli.base import EXIT_FINDINGS, EXIT_OK, positive, usage_error


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
    validate.add_argument("-j", "--jobs", type=positive, default=1, help="processes to use (default 1)")
    validate.add_argument("--rdf", action="store_true", help="also validate as RDF with SHACL (Turtle, JSON-LD)")
    validate.add_argument(
        "--same-system", action="store_true", help="the inputs describe one system: compare them with each other"
    )
    validate.add_argument(
        "--max-bytes", type=positive, default=None, help="refuse files larger than this (default 50 MiB)"
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


def run(args: argparse.Namespace) -> int:
    """Validate the paths named and print the report."""
    from aistd.knowledge import profiles
    from aistd.load import DEFAULT_MAX_BYTES
    from aistd.load.walk import collect
    from aistd.model.finding import Severity
    from aistd.report.progress import Progress
    from aistd.validation import STDIN, Options, validate_paths

    paths = [Path(p) for p in args.paths]
    missing = [str(path) for path in paths if str(path) != STDIN and not path.exists()]
    if missing:
        return usage_error("validate", f"no such file or folder: {', '.join(missing)}")
    try:
        profiles.select(args.profile)
    except profiles.UnknownProfileError as error:
        return usage_error("validate", error.args[0])
    options = Options(
        profiles=tuple(args.profile),
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
        same_system=args.same_system,
        rdf=args.rdf,
    )
    if args.rdf:
        from aistd.check.shacl import RdfUnavailable, require_rdf

        try:
            require_rdf()
        except RdfUnavailable as error:
            return usage_error("validate", str(error))
    inputs = collect(paths, args.rdf)
    with Progress(len(inputs.files), enabled=False if args.quiet else None) as progress:
        report = validate_paths(paths, options, jobs=args.jobs, progress=progress, inputs=inputs)
    shown = report.at_least(Severity(args.min_severity))
    if args.quiet and args.format == "text":
        shown.skipped = []
        text = "".join(render(shown, args.format).splitlines(keepends=True)[:-1])  # findings, no summary line
    else:
        text = render(shown, args.format)
    sys.stdout.write(text)
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
