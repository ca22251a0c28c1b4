"""`aistd validate`: check disclosure files (and other formats, converted first) and report the findings."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aistd.cli.base import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_command,
    add_language_option,
    add_profile_option,
    default_language,
    path_problem,
    positive,
    usage_error,
    write_out,
)

FORMATS = ("text", "json", "sarif", "junit")


def register(commands: Any) -> None:
    """Add `validate` to the command line."""
    validate = add_command(
        commands,
        "validate",
        help="check disclosure files: schema, consistency rules, profiles",
        description="Check disclosures. Exit 0: nothing at or above --fail-on; 1: findings; 2: usage error "
        "(with --format sarif, a usage error is also written as a SARIF log).",
        examples=(
            "aistd validate examples/valid",
            "aistd validate --format sarif examples/invalid",
            "aistd validate --profile eu-ai-act-annex-xi examples/valid/Disclosure-gpai-annex-xi.yaml",
            "aistd validate --lang fr --min-severity warning examples/published",
        ),
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive), or - for stdin")
    validate.add_argument("--format", choices=FORMATS, default="text", help="report format (default text)")
    add_profile_option(validate)
    add_language_option(validate, "the messages and the summary")
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


def sarif_asked(argv: Sequence[str]) -> bool:
    """True when a command line asks for `--format sarif` (or `--format=sarif`, or an unambiguous prefix of
    `--format`), read without parsing it: a refused command line is reported in the format it asks for."""
    for index, token in enumerate(argv):
        if token == "--":
            return False
        name, equals, value = token.partition("=")
        given = value if equals else (argv[index + 1] if index + 1 < len(argv) else "")
        if len(name) >= len("--for") and "--format".startswith(name) and given == "sarif":
            return True
    return False


def refuse(args: argparse.Namespace, message: str) -> int:
    """A usage error of `validate`: said on standard error, and as a SARIF log on standard output when
    `--format sarif` was asked for; the usage exit code."""
    if args.format == "sarif":
        from aistd.report.sarif import render_refused

        write_out(render_refused(f"aistd validate: {message}", getattr(args, "arguments", ())), "sarif")
    return usage_error("validate", message)


def run(args: argparse.Namespace) -> int:
    """Validate the paths named and print the report."""
    from aistd.load import DEFAULT_MAX_BYTES
    from aistd.load.walk import collect
    from aistd.model.finding import Severity
    from aistd.report.progress import Progress
    from aistd.validation import STDIN, Options, validate_paths

    paths = [Path(p) for p in args.paths]
    problems = [problem for path in paths if str(path) != STDIN and (problem := path_problem(path))]
    if problems:
        return refuse(args, "; ".join(problems))
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
            return refuse(args, str(error))
    inputs = collect(paths, args.rdf, args.follow_symlinks)
    with Progress(len(inputs.files), enabled=False if args.quiet else None) as progress:
        report = validate_paths(paths, options, jobs=args.jobs, progress=progress, inputs=inputs)
    shown = report.at_least(Severity(args.min_severity))
    lang = args.lang or default_language()
    if args.quiet and args.format == "text":
        shown.skipped = []
        text = "".join(render(shown, args.format, lang).splitlines(keepends=True)[:-1])  # findings, no summary
    else:
        text = render(shown, args.format, lang)
    write_out(text, args.format)
    worst = report.worst()
    threshold = Severity.ERROR if args.fail_on == "error" else Severity.WARNING
    return EXIT_FINDINGS if worst is not None and worst.rank <= threshold.rank else EXIT_OK


def render(report: Any, form: str, lang: str = "en") -> str:
    """The report in the format asked for, its messages in `lang`.

    JUnit times are each file's own; SOURCE_DATE_EPOCH set (reproducible output, reproducible-builds.org) writes
    them as 0, so that the same inputs give the same bytes.
    """
    if form == "json":
        from aistd.report.json import render_json

        return render_json(report, lang)
    if form == "sarif":
        from aistd.knowledge.rules import all_rules
        from aistd.report.sarif import GITHUB_MAX_RESULTS, render_sarif

        return render_sarif(report, all_rules(), root=Path.cwd(), max_results=GITHUB_MAX_RESULTS, lang=lang)
    if form == "junit":
        from aistd.report.junit import render_junit

        return render_junit(report, lang, times="SOURCE_DATE_EPOCH" not in os.environ)
    from aistd.report.console import colour_enabled
    from aistd.report.text import render_text

    return render_text(report, colour=colour_enabled(sys.stdout), lang=lang)
