"""The `aistd` command line: a thin shell over the Python API, one module per command.

Each command module adds its parser with `register(commands)` and binds its handler with
`set_defaults(run=...)`; `parser()` builds the whole command line (the docs render its help from it).
Exit codes: 0 nothing at or above the failing severity; 1 findings (or a failed conversion);
2 usage error, missing path, or internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from aistd.cli import batch, build, convert, crosswalk, diff, mappings, migrate, rules, terms, validate
from aistd.cli.base import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ArgumentsRefused,
    CommandLine,
    OutputError,
    flush_out,
    named,
    say,
    write_out,
)
from aistd.model.versions import PACKAGE_VERSION, SCHEMA_VERSION

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "entry", "main", "parser"]

COMMANDS = (validate, convert, rules, terms, crosswalk, mappings, migrate, diff, batch, build)


def parser() -> argparse.ArgumentParser:
    """The command line's parser, every command registered."""
    built = CommandLine(
        prog="aistd",
        description="Validate and convert AI environmental-footprint disclosures.",
        examples=(
            "aistd validate examples/valid",
            "aistd convert examples/valid/Disclosure-llm-pretraining.yaml --to cyclonedx",
            "aistd crosswalk PUE",
            "aistd validate --help",
        ),
    )
    built.add_argument("--version", action="version", version=f"aistd {PACKAGE_VERSION} (schema {SCHEMA_VERSION})")
    commands = built.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    command_line = parser()
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        args = command_line.parse_args(arguments)
    except ArgumentsRefused as refused:
        return refused_command_line(refused, arguments)
    args.arguments = arguments  # what a report of a refused command line quotes
    if args.command is None:
        command_line.print_help()
        return EXIT_USAGE
    command = " ".join(filter(None, ("aistd", args.command, getattr(args, "batch_command", None))))
    try:
        code = int(args.run(args))
        flush_out()  # a full disk or a closed pipe is said here, while the command is known
        return code
    except KeyboardInterrupt:
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except RecursionError:  # never meant to happen: every walk and reader is iterative or depth-capped
        say(f"{command}: internal error: the input is nested too deeply")
        return EXIT_USAGE
    except OutputError as error:
        say(f"{command}: cannot write the output: {error}")
        return EXIT_USAGE
    except OSError as error:  # reading or writing failed where the command does not say it itself
        name = f"{named(os.fsdecode(error.filename))}: " if error.filename is not None else ""
        say(f"{command}: {name}{error.strerror or error}")
        return EXIT_USAGE
    except Exception as error:  # an internal error is reported, never shown as a traceback
        say(f"{command}: internal error: {type(error).__name__}: {error}")
        return EXIT_USAGE


def refused_command_line(refused: ArgumentsRefused, argv: list[str]) -> int:
    """Say why the command line was refused; with `--format sarif`, also write a SARIF log saying so."""
    if validate.sarif_asked(argv):
        from aistd.report.sarif import render_refused

        write_out(render_refused(f"{refused.parser.prog}: {refused.message}", argv), "sarif")
    refused.parser.refuse(refused.message)
    return EXIT_USAGE


def entry() -> None:
    """The `aistd` console script: run the command line, then leave at once.

    Tearing down every module and cached table at exit takes longer than checking one file; once the output
    is flushed nothing is left to do, so the process ends without it. A batch run (which may hold a Dask
    cluster or worker processes) exits the ordinary way, so that their shutdown handlers run.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away, or the disk is full (main said so): what is left goes nowhere
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if "aistd.batch" in sys.modules:
        sys.exit(code)
    os._exit(code)
