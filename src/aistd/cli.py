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
    parser.add_argument(
        "--version", action="version", version=f"aistd {__version__} (schema {SCHEMA_VERSION})"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser("validate", help="check disclosure files against the aistd schema")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    validate.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    validate.add_argument(
        "--fail-on",
        choices=["error", "warning"],
        default="error",
        help="lowest severity that makes the exit code 1",
    )

    from aistd.crosswalk_cli import add_commands

    add_commands(commands)

    build = commands.add_parser("build", help="regenerate every artifact from the schema (developers)")
    build.add_argument("--check", action="store_true", help="exit 1 if a committed artifact is out of date")
    build.add_argument("--schema", type=Path, default=None, help="the schema's entry file")
    return parser


def _run_validate(args: argparse.Namespace) -> int:
    from aistd.findings import Severity
    from aistd.report import Report, render_json, render_text
    from aistd.validation import disclosure_files, validate_file

    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        print(f"aistd validate: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    report = Report([validate_file(path) for path in disclosure_files(args.paths)])
    sys.stdout.write(render_json(report) if args.format == "json" else render_text(report))
    worst = report.worst()
    threshold = Severity.ERROR if args.fail_on == "error" else Severity.WARNING
    return EXIT_FINDINGS if worst is not None and worst.rank <= threshold.rank else EXIT_OK


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
    except Exception as error:  # an internal error is reported, never shown as a traceback
        print(f"aistd: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_USAGE
