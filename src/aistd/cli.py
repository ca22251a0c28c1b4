"""The `aistd` command line: a thin shell over the Python API.

Exit codes: 0 nothing at or above the failing severity; 1 findings (or drift, for `build --check`);
2 usage error, missing path, or internal error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from aistd import SCHEMA_VERSION, __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aistd",
        description="Validate, build and convert AI environmental-footprint disclosures.",
    )
    parser.add_argument("--version", action="version", version=f"aistd {__version__} (schema {SCHEMA_VERSION})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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
        "--fail-on",
        choices=["error", "warning"],
        default="error",
        help="lowest severity that makes the exit 1",
    )
    validate.add_argument("-j", "--jobs", type=_positive, default=1, help="processes to use (default 1)")
    validate.add_argument("--rdf", action="store_true", help="also validate as RDF with SHACL (Turtle, JSON-LD)")
    validate.add_argument(
        "--same-system",
        action="store_true",
        help="the inputs describe one system: compare them with each other",
    )
    validate.add_argument(
        "--max-bytes", type=_positive, default=None, help="refuse files larger than this (default 50 MiB)"
    )

    convert = commands.add_parser(
        "convert",
        help="convert footprint data between aistd and other formats",
        description="Convert inputs (merged when several describe one system) to another format. The document "
        "goes to -o or stdout; what could not be carried, or had to be filled, goes to stderr.",
    )
    convert.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    convert.add_argument("--from", dest="source", default=None, help="the inputs' format (detected when omitted)")
    convert.add_argument("--to", dest="target", required=True, help="the target format")
    convert.add_argument("-o", "--output", type=Path, default=None, help="write the document here")
    convert.add_argument("--format", choices=["text", "json"], default="text", help="loss report format")
    convert.add_argument(
        "--cyclonedx-version", choices=["1.6", "1.7"], default=None, help="CycloneDX specification to write"
    )

    rules = commands.add_parser("rules", help="list every rule: id, severity, title, references")
    rules.add_argument("--format", choices=["text", "json"], default="text")

    from aistd.batch.cli import add_batch_command
    from aistd.crosswalk_cli import add_commands

    add_commands(commands)
    add_batch_command(commands)

    build = commands.add_parser("build", help="regenerate every artifact from the schema (developers)")
    build.add_argument("--check", action="store_true", help="exit 1 if a committed artifact is out of date")
    build.add_argument("--schema", type=Path, default=None, help="the schema's entry file")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def _run_validate(args: argparse.Namespace) -> int:
    from aistd import profiles
    from aistd.findings import Severity
    from aistd.loading import DEFAULT_MAX_BYTES
    from aistd.progress import Progress
    from aistd.validation import STDIN, Options, disclosure_files, validate_paths

    paths = [Path(p) for p in args.paths]
    missing = [str(path) for path in paths if str(path) != STDIN and not path.exists()]
    if missing:
        print(f"aistd validate: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        profiles.select(args.profile)
    except profiles.UnknownProfileError as error:
        print(f"aistd validate: {error.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    options = Options(
        profiles=tuple(args.profile),
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
        same_system=args.same_system,
        rdf=args.rdf,
    )
    if args.rdf:
        from aistd.rdf_validation import RdfUnavailable, require_rdf

        try:
            require_rdf()
        except RdfUnavailable as error:
            print(f"aistd validate: {error}", file=sys.stderr)
            return EXIT_USAGE
    files = list(disclosure_files(paths, args.rdf))
    with Progress(len(files)) as progress:
        report = validate_paths(files, options, jobs=args.jobs, progress=progress)
    sys.stdout.write(_render(report, args.format))
    worst = report.worst()
    threshold = Severity.ERROR if args.fail_on == "error" else Severity.WARNING
    return EXIT_FINDINGS if worst is not None and worst.rank <= threshold.rank else EXIT_OK


def _render(report: object, form: str) -> str:
    from aistd.report import render_json, render_text

    if form == "json":
        return render_json(report)  # type: ignore[arg-type]
    if form == "sarif":
        from aistd.rule_index import all_rules
        from aistd.sarif import GITHUB_MAX_RESULTS, render_sarif

        return render_sarif(report, all_rules(), root=Path.cwd(), max_results=GITHUB_MAX_RESULTS)  # type: ignore[arg-type]
    if form == "junit":
        from aistd.junit import render_junit

        return render_junit(report)  # type: ignore[arg-type]
    from aistd.terminal import colour_enabled

    return render_text(report, colour=colour_enabled(sys.stdout))  # type: ignore[arg-type]


def _run_convert(args: argparse.Namespace) -> int:
    import json

    from aistd.convert import FORMAT_NAMES, ConversionError, convert

    for name in filter(None, (args.source, args.target)):
        if name not in FORMAT_NAMES:
            print(f"aistd convert: unknown format {name!r}; known: {', '.join(FORMAT_NAMES)}", file=sys.stderr)
            return EXIT_USAGE
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        print(f"aistd convert: no such file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    options = {}
    if args.cyclonedx_version is not None:
        if args.target != "cyclonedx":
            print("aistd convert: --cyclonedx-version needs --to cyclonedx", file=sys.stderr)
            return EXIT_USAGE
        options["spec_version"] = args.cyclonedx_version
    try:
        result = convert(args.inputs, args.target, args.source, **options)
    except ConversionError as error:
        place = "" if error.line is None else f":{error.line}" + (f":{error.column}" if error.column else "")
        print(f"aistd convert: {args.inputs[0]}{place}: {error.message}", file=sys.stderr)
        return EXIT_FINDINGS
    text = result.document if isinstance(result.document, str) else json.dumps(result.document, indent=2)
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if args.format == "json":
        sys.stderr.write(json.dumps(result.report(), indent=2, ensure_ascii=False) + "\n")
    else:
        for loss in result.losses:
            sys.stderr.write(f"lost {loss.where}: {loss.value!r}: {loss.reason}\n")
        for fill in result.fills:
            sys.stderr.write(f"filled {fill.where}: {fill.value!r}: {fill.reason}\n")
    return EXIT_OK


def _run_rules(args: argparse.Namespace) -> int:
    import json

    from aistd.rule_index import all_rules
    from aistd.tables import render_table

    rules = sorted(all_rules().values(), key=lambda r: r.id)
    if args.format == "json":
        data = [
            {"id": r.id, "severity": r.severity.value, "title": r.title, "references": list(r.references),
             "help_uri": r.help_uri}
            for r in rules
        ]  # fmt: skip
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    rows = [[r.id, r.severity.value, r.title, "; ".join(r.references)] for r in rules]
    sys.stdout.write(render_table(["id", "severity", "title", "references"], rows, max_cell=90))
    sys.stdout.write(f"{len(rules)} rules\n")
    return EXIT_OK


def _run_build(args: argparse.Namespace) -> int:
    from aistd import resources

    schema = args.schema
    if schema is None:
        root = resources.checkout_root()
        if root is None:
            print("aistd build: no schema/ folder here; pass --schema", file=sys.stderr)
            return EXIT_USAGE
        schema = root / "schema" / "aistd.yaml"
    if not schema.is_file():
        print(f"aistd build: no such schema file: {schema}", file=sys.stderr)
        return EXIT_USAGE
    from aistd.build import run_build

    result = run_build(schema, check=args.check)
    for path in result.drifted:
        verb = "out of date" if args.check else "written"
        print(f"{path}: {verb}")
    print(f"{len(result.drifted)} artifacts {'differ' if args.check else 'changed'} ({result.seconds:.1f} s)")
    return EXIT_FINDINGS if args.check and result.drifted else EXIT_OK


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _run_validate(args)
    if args.command == "build":
        return _run_build(args)
    if args.command == "rules":
        return _run_rules(args)
    if args.command == "convert":
        return _run_convert(args)
    if args.command == "batch":
        from aistd.batch.cli import run_batch

        return run_batch(args)
    from aistd import crosswalk_cli

    try:
        if args.command == "terms":
            return crosswalk_cli.run_terms(args)
        if args.command == "crosswalk":
            return crosswalk_cli.run_crosswalk(args)
        return crosswalk_cli.run_mapping_stats(args)
    except crosswalk_cli.crosswalk.UnknownTermError as error:
        print(f"aistd {args.command}: {error.args[0]}", file=sys.stderr)
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # an internal error is reported, never shown as a traceback
        print(f"aistd: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_USAGE
