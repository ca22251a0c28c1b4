"""`aistd batch validate|convert`: many documents through the local or the Dask engine, results as Parquet.

Only argparse is imported here: pyarrow and dask load when a batch runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from aistd.cli.base import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    LazyChoices,
    add_command,
    add_profile_option,
    add_target_option,
    format_names,
    named,
    path_problem,
    positive,
    say,
    write_out,
)

BATCH_ROWS = 1024
"""The most rows of a Parquet partition read at once (a record batch)."""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files, folders (recursive), glob patterns "
        "(quote them; ** recurses), or Parquet files and folders of them",
    )
    parser.add_argument("--out", type=Path, required=True, help="the folder to write part-NNNNNN.parquet files into")
    parser.add_argument("--overwrite", action="store_true", help="replace the results of an earlier run in --out")
    parser.add_argument("--engine", choices=["local", "dask"], default=None, help="local (default) or dask")
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="an existing Dask scheduler, e.g. tcp://host:8786 (implies --engine dask)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive,
        default=1,
        metavar="N",
        help="local: worker processes; dask, no --scheduler: workers of a local cluster "
        "(at most one per processor core)",
    )
    parser.add_argument(
        "--partition-size",
        type=positive,
        default=1000,
        metavar="N",
        help="documents per partition (default 1000): one task and one output file each",
    )
    parser.add_argument(
        "--input",
        choices=["auto", "files", "parquet"],
        default="auto",
        help="auto: Parquet for .parquet inputs, folders of Parquet only, or with a column option",
    )
    parser.add_argument("--text-column", default=None, metavar="NAME", help="Parquet: the document's text (text)")
    parser.add_argument("--id-column", default=None, metavar="NAME", help="Parquet: the document's id (id)")
    parser.add_argument(
        "--format-column", default=None, metavar="NAME", help="Parquet: each document's format (detected where empty)"
    )
    parser.add_argument(
        "--from",
        dest="source",
        default=None,
        choices=LazyChoices(format_names),
        metavar="FORMAT",
        help="the documents' format (detected when omitted): %(choices)s",
    )
    parser.add_argument("--max-bytes", type=positive, default=None, help="refuse larger documents (default 50 MiB)")
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="in folders and patterns, follow symbolic links that lead outside them, and links to folders "
        "(not followed by default: said on stderr; an input named is always read)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress line on a terminal")


def register(commands: Any) -> None:
    """Add `batch validate` and `batch convert` to the command line."""
    batch = add_command(
        commands,
        "batch",
        help="validate or convert many documents (folders, globs, Parquet) locally or on Dask; Parquet out",
        description="Validate or convert many documents in partitions, on local processes or a Dask cluster, "
        "writing one row per document and one per finding as Parquet. Exit 0: nothing at or above --fail-on; "
        "1: findings; 2: usage error, or a partition whose results could not be written.",
        examples=(
            "aistd batch validate examples/valid examples/invalid --out results",
            "aistd batch convert examples/valid --to cyclonedx --out boms",
        ),
    )
    batch_commands = batch.add_subparsers(dest="batch_command", metavar="COMMAND", required=True)
    validate = add_command(
        batch_commands,
        "validate",
        help="check every document; findings as Parquet",
        examples=(
            "aistd batch validate examples/valid examples/invalid --out results",
            "aistd batch validate 'examples/**/*.yaml' --out results --overwrite -j 2",
        ),
    )
    _common(validate)
    add_profile_option(validate)
    validate.add_argument(
        "--fail-on", choices=["error", "warning"], default="error", help="lowest severity that makes the exit 1"
    )
    convert = add_command(
        batch_commands,
        "convert",
        help="convert every document; converted text and losses as Parquet",
        examples=(
            "aistd batch convert examples/valid --to cyclonedx --out boms",
            "aistd batch convert examples/published --to spdx3 --out sboms --overwrite",
        ),
    )
    _common(convert)
    add_target_option(convert)
    batch.set_defaults(run=run_batch)


def _usage(message: str) -> int:
    say(f"aistd batch: {message}")
    return EXIT_USAGE


def _skipped(path: str, reason: str) -> None:
    """Say on standard error that a file found by a listing is not read, and why."""
    say(f"aistd batch: skipped {named(path)}: {reason}")


def _is_parquet(args: argparse.Namespace) -> bool:
    """Parquet when told, when a column option is given, when an input ends in .parquet, or when every folder
    named holds Parquet files and no document files."""
    from aistd.batch.sources import FILE_SUFFIXES, PARQUET_SUFFIXES, walk
    from aistd.load.detect import suffix

    if args.input != "auto":
        return bool(args.input == "parquet")
    columns = (args.text_column, args.id_column, args.format_column)
    if any(c is not None for c in columns) or any(suffix(i) in PARQUET_SUFFIXES for i in args.inputs):
        return True
    folders = [i for i in args.inputs if os.path.isdir(i)]
    follow = args.follow_symlinks

    def holds_parquet(folder: str) -> bool:
        """A Parquet file under the folder, or one not to be opened (said when the folder is listed)."""
        refused: list[str] = []
        found = next(walk(folder, PARQUET_SUFFIXES, follow, lambda path, _: refused.append(path)), None)
        return found is not None or bool(refused)

    return (
        bool(folders)
        and len(folders) == len(args.inputs)
        and all(holds_parquet(f) and next(walk(f, FILE_SUFFIXES, follow), None) is None for f in folders)
    )


def _check_args(args: argparse.Namespace) -> str | None:
    """A usage problem with the arguments, or None."""
    import glob

    from aistd.conversion.registry import FORMAT_NAMES, TARGET_NAMES
    from aistd.knowledge import profiles

    engine = args.engine or ("dask" if args.scheduler else "local")
    if args.scheduler and engine != "dask":
        return "--scheduler needs --engine dask"
    args.engine = engine
    for name in filter(None, (args.source, getattr(args, "target", None))):
        if name not in FORMAT_NAMES:
            return f"unknown format {name!r}; known: {', '.join(FORMAT_NAMES)}"
    target = getattr(args, "target", None)
    if target is not None and target not in TARGET_NAMES:
        return f"{target} is read-only; write one of {', '.join(TARGET_NAMES)}"
    try:
        profiles.select(getattr(args, "profile", []))
    except profiles.UnknownProfileError as error:
        return str(error.args[0])
    problems = [problem for given in args.inputs if not glob.has_magic(given) and (problem := path_problem(given))]
    if problems:
        return "; ".join(problems)
    needed = ["pyarrow"] + (["distributed"] if engine == "dask" else [])
    for module in needed:
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed: pip install 'aistd[batch]'"
    return None


def _progress(enabled: bool) -> tuple[Any, Any]:
    started = time.perf_counter()
    state = {"documents": 0, "partitions": 0}

    def report(result: Any) -> None:
        state["documents"] += result.documents
        state["partitions"] += 1
        if enabled:
            rate = state["documents"] / max(time.perf_counter() - started, 1e-9)
            sys.stderr.write(f"\r{state['documents']:,} documents, {state['partitions']:,} partitions, {rate:,.0f}/s")
            sys.stderr.flush()

    def finish() -> None:
        if enabled and state["partitions"]:
            sys.stderr.write("\n")

    return report, finish


def summary_of(tally: Any, seconds: float, args: argparse.Namespace) -> dict[str, Any]:
    """The run's summary: counts, time, rate, engine, and each worker's peak memory (bytes)."""
    from aistd.batch.partition import peak_rss

    return {
        "command": args.batch_command,
        "files": tally.documents,
        "valid": tally.valid,
        "errors": tally.errors,
        "warnings": tally.warnings,
        "infos": tally.infos,
        "seconds": round(seconds, 3),
        "startup_seconds": round(tally.startup, 3),
        "files_per_second": round(tally.documents / seconds, 1) if seconds else None,
        "partitions": tally.partitions,
        "failed_partitions": tally.failed,
        "unwritten_partitions": tally.unwritten,
        "engine": args.engine,
        "scheduler": args.scheduler,
        "jobs": args.jobs,
        "partition_size": args.partition_size,
        "peak_rss_per_worker": dict(sorted(tally.peak_rss.items())),
        "driver_peak_rss": peak_rss(),
        "out": str(args.out),
    }


def run_batch(args: argparse.Namespace) -> int:
    """Run `aistd batch validate|convert` from parsed arguments; return the exit code."""
    problem = _check_args(args)
    if problem is not None:
        return _usage(problem)
    from dataclasses import replace

    from aistd.batch import listing, output, sources
    from aistd.batch.partition import Settings
    from aistd.load import DEFAULT_MAX_BYTES
    from aistd.validation import Options, cores

    columns = sources.Columns(args.text_column or "text", args.id_column or "id", args.format_column)
    follow = args.follow_symlinks
    if _is_parquet(args):
        parts: Any = listing.parquet_parts(args.inputs, args.partition_size, columns, follow, _skipped)
    else:
        parts = sources.file_parts(args.inputs, args.partition_size, follow, _skipped)
    args.jobs = min(args.jobs, cores())  # no more processes than cores
    options = Options(profiles=tuple(getattr(args, "profile", [])), max_bytes=args.max_bytes or DEFAULT_MAX_BYTES)
    settings = Settings(
        args.batch_command,
        str(args.out),
        options,
        args.source,
        getattr(args, "target", None),
        columns,
        min(args.partition_size, BATCH_ROWS),
    )
    try:  # the run writes into a hidden folder of --out, published when it ends (aistd.batch.output.stage)
        staged = output.stage(args.out, args.overwrite)
    except (FileExistsError, OSError) as error:
        return _usage(str(error))
    settings = replace(settings, out=str(staged.folder))
    report, finish = _progress(not args.quiet and sys.stderr.isatty())
    started = time.perf_counter()
    try:
        if args.engine == "dask":
            from aistd.batch.engine_dask import SchedulerUnreachable, run_dask

            try:
                tally = run_dask(parts, settings, args.scheduler, args.jobs, report)
            except SchedulerUnreachable as error:
                staged.discard()
                return _usage(str(error))
        else:
            from aistd.batch.engine_local import run_local

            tally = run_local(parts, settings, args.jobs, report)
    except sources.SourceError as error:  # nothing of the run is published: the earlier results stay as they were
        finish()
        staged.discard()
        return _usage(str(error))
    except BaseException:
        staged.discard()
        raise
    finish()
    summary = summary_of(tally, time.perf_counter() - started, args)
    staged.publish(summary)
    for failure in tally.failed:
        say(f"aistd batch: {failure}")
    if not tally.documents:
        say("aistd batch: no documents found in the inputs")
    from aistd.report.language import summary_line

    write_out(
        f"{summary_line(summary)} in {summary['seconds']:.1f} s "
        f"({summary['files_per_second'] or 0:,.0f} files/s, {summary['partitions']} "
        f"partition{'' if summary['partitions'] == 1 else 's'}, "
        f"{args.engine} engine) -> {named(args.out)}\n"
    )
    if tally.unwritten:
        return EXIT_USAGE
    if args.batch_command == "convert":
        return EXIT_FINDINGS if tally.valid < tally.documents else EXIT_OK
    failing = tally.errors + (tally.warnings if args.fail_on == "warning" else 0)
    return EXIT_FINDINGS if failing else EXIT_OK
