"""`aistd migrate`: lift disclosures written against an earlier schema release, with a report of every change."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from aistd.cli.base import (
    EXIT_FINDINGS,
    EXIT_OK,
    LazyChoices,
    add_command,
    emit,
    named,
    path_problem,
    release_names,
    usage_error,
    write_file,
)
from aistd.model.versions import SCHEMA_VERSION
from aistd.report.sanitise import shown


def register(commands: Any) -> None:
    """Add `migrate` to the command line."""
    migrate = add_command(
        commands,
        "migrate",
        help="lift disclosures to a later schema release, reporting every change",
        description="Lift aistd disclosures (YAML or JSON) from the schema release they name to a later one. "
        "Without --write or --output-dir nothing is written: the report says what would change. YAML files keep "
        "their comments and layout: only the changed values are rewritten.",
        examples=(
            "aistd migrate examples/valid/Disclosure-llm-pretraining.yaml",
            "aistd migrate --format json examples/valid/Disclosure-fine-tune.json",
            "aistd migrate -o lifted examples/valid/Disclosure-inference-service.yaml",
        ),
    )
    migrate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    migrate.add_argument(
        "--to",
        dest="target",
        default=SCHEMA_VERSION,
        choices=LazyChoices(release_names),
        metavar="VERSION",
        help=f"the release: %(choices)s (default {SCHEMA_VERSION})",
    )
    where = migrate.add_mutually_exclusive_group()
    where.add_argument("--write", action="store_true", help="rewrite each file in place")
    where.add_argument("-o", "--output-dir", type=Path, default=None, help="write the lifted files here")
    migrate.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    migrate.set_defaults(run=run)


def _lift(path: Path, target: str) -> tuple[str, list[Any]]:
    """The lifted text of one file and the changes; raises LoadError or MigrationError."""
    from aistd.evolution.migrate import migrate
    from aistd.evolution.splice import splice
    from aistd.load.document import LoadError
    from aistd.load.files import load_path
    from aistd.load.yaml_reader import compose

    document = load_path(path)  # every cap of the loader applies first
    if not isinstance(document.data, dict):
        raise LoadError("an aistd disclosure is a mapping at the top", 1, 1)
    data, root = compose(document.text)  # JSON is YAML flow: its node tree knows where each value is too
    changes = migrate(data, target)
    values = {change.pointer: change.after for change in changes if not change.renamed}
    keys = {change.pointer: change.after for change in changes if change.renamed}
    return splice(document.text, root, values, keys), changes


def run(args: argparse.Namespace) -> int:
    """Lift each file; write it when asked; report every change."""
    from aistd.evolution.migrate import MigrationError
    from aistd.evolution.splice import SpliceError
    from aistd.load.document import LoadError

    problems = [problem for path in args.files if (problem := path_problem(path))]
    if problems:
        return usage_error("migrate", "; ".join(problems))
    if args.output_dir is not None:
        try:
            args.output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return usage_error("migrate", f"cannot make {named(args.output_dir)}: {error.strerror or error}")
    report, lines, failed = [], [], False
    for path in args.files:
        try:
            text, changes = _lift(path, args.target)
        except LoadError as error:
            failed = True
            report.append({"file": str(path), "error": error.message})
            lines.append(f"{named(path)}:{error.line or 1}:{error.column or 1}: {shown(error.message)}\n")
            continue
        except (MigrationError, SpliceError) as error:
            failed = True
            report.append({"file": str(path), "error": str(error)})
            lines.append(f"{named(path)}: {shown(str(error))}\n")
            continue
        written = None
        if changes and args.write:
            written = path
        elif args.output_dir is not None:
            written = args.output_dir / path.name
        if written is not None and (problem := write_file(written, text)) is not None:
            return usage_error("migrate", problem)
        report.append(
            {"file": str(path), "written": str(written) if written else None, "changes": [c.as_dict() for c in changes]}
        )
        lines.append(
            f"{named(path)}: {len(changes)} change(s) to reach {args.target}"
            + (f", written to {named(written)}" if written else "")
            + "\n"
        )
        lines.extend(
            f"  {shown(c.pointer)}: {json.dumps(c.as_dict()['before'], ensure_ascii=False)} -> "
            f"{json.dumps(c.as_dict()['after'], ensure_ascii=False)} ({c.reason})\n"
            for c in changes
        )
    emit(args.format, {"target": args.target, "files": report}, "".join(lines))
    return EXIT_FINDINGS if failed else EXIT_OK
