"""`aistd convert`: convert footprint data between aistd and other formats, reporting what could not be carried."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from aistd.cli.base import (
    EXIT_FINDINGS,
    EXIT_OK,
    LazyChoices,
    add_command,
    add_language_option,
    add_target_option,
    default_language,
    format_names,
    named,
    path_problem,
    say,
    usage_error,
    write,
    write_file,
    write_out,
)


def register(commands: Any) -> None:
    """Add `convert` to the command line."""
    convert = add_command(
        commands,
        "convert",
        help="convert footprint data between aistd and other formats",
        description="Convert inputs (merged when several describe one system) to another format. The document "
        "goes to -o or stdout; what could not be carried, or had to be filled, goes to stderr.",
        examples=(
            "aistd convert examples/valid/Disclosure-llm-pretraining.yaml --to cyclonedx -o bom.json",
            "aistd convert bom.json --from cyclonedx --to aistd",
            "aistd convert examples/valid/Disclosure-fine-tune.json --to hf-card --format json",
        ),
    )
    convert.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    convert.add_argument(
        "--from",
        dest="source",
        default=None,
        choices=LazyChoices(format_names),
        metavar="FORMAT",
        help="the inputs' format (detected when omitted): %(choices)s",
    )
    add_target_option(convert)
    convert.add_argument("-o", "--output", type=Path, default=None, help="write the document here")
    convert.add_argument("--format", choices=["text", "json"], default="text", help="loss report format")
    add_language_option(convert, "the loss report's reasons and messages")
    convert.add_argument(
        "--cyclonedx-version", choices=["1.6", "1.7"], default=None, help="CycloneDX specification to write"
    )
    convert.add_argument(
        "--encoding", choices=["json", "xml"], default=None, help="CycloneDX encoding to write (default json)"
    )
    convert.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="POINTER=VALUE",
        help="supply what the sources lack, e.g. /footprints/*/stage=training or /reporting_entity/name=ACME "
        "(VALUE is read as JSON when it is JSON; repeatable; reported as filled)",
    )
    convert.add_argument(
        "--fail-on-loss", action="store_true", help="exit 1 when anything could not be carried to the target"
    )
    convert.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Convert the inputs and write the document and the loss report."""
    from aistd.conversion import TARGET_NAMES, ConversionError, convert
    from aistd.report.language import text_in
    from aistd.report.sanitise import json_safe

    lang = args.lang or default_language()
    if args.target not in TARGET_NAMES:
        return usage_error("convert", f"{args.target} is read-only; write one of {', '.join(TARGET_NAMES)}")
    problems = [problem for path in args.inputs if (problem := path_problem(path))]
    if problems:
        return usage_error("convert", "; ".join(problems))
    from aistd.conversion import parse_setting

    try:
        settings = [parse_setting(text) for text in args.settings]
    except ValueError as error:
        return usage_error("convert", f"--set {error}")
    options: dict[str, Any] = {"settings": settings}
    if args.cyclonedx_version is not None:
        if args.target != "cyclonedx":
            return usage_error("convert", "--cyclonedx-version needs --to cyclonedx")
        options["spec_version"] = args.cyclonedx_version
    if args.encoding is not None:
        if args.target != "cyclonedx":
            return usage_error("convert", "--encoding needs --to cyclonedx")
        options["encoding"] = args.encoding
    try:
        result = convert(args.inputs, args.target, args.source, **options)
    except ConversionError as error:
        place = "" if error.line is None else f":{error.line}" + (f":{error.column}" if error.column else "")
        say(f"aistd convert: {named(args.inputs[0])}{place}: {text_in(error.message, lang)}")
        return EXIT_FINDINGS
    text = result.document if isinstance(result.document, str) else json.dumps(result.document, indent=2)
    if args.output is not None:
        problem = write_file(args.output, text)
        if problem is not None:
            return usage_error("convert", problem)
    else:
        write_out(text, "json" if text.startswith(("{", "[")) else "xml" if text.startswith("<") else "text")
    if args.format == "json":
        report = localised_report(result.report(), lang)
        write(sys.stderr, json_safe(json.dumps(report, indent=2, ensure_ascii=False)) + "\n")
    else:
        for warning in result.warnings:
            place = "" if warning.line is None else f":{warning.line}:{warning.column}"
            where = f"{named(args.inputs[0])}{place}: " if len(args.inputs) == 1 else ""
            say(f"warning {where}{text_in(warning.message, lang)} [{warning.rule}]")
        for loss in result.losses:
            say(f"lost {text_in(loss.where, lang)}: {loss.value!r}: {text_in(loss.reason, lang)}")
        for fill in result.fills:
            say(f"filled {text_in(fill.where, lang)}: {fill.value!r}: {text_in(fill.reason, lang)}")
    if args.fail_on_loss and result.losses:
        say(f"aistd convert: {len(result.losses)} values could not be carried (--fail-on-loss)")
        return EXIT_FINDINGS
    return EXIT_OK


def localised_report(report: dict[str, Any], lang: str) -> dict[str, Any]:
    """The loss report with its places, reasons and warnings' messages in `lang` (keys and values as they are)."""
    from aistd.report.language import text_in

    said = {"where", "reason", "message"}
    for key in ("lost", "filled", "warnings"):
        report[key] = [{k: text_in(v, lang) if k in said else v for k, v in entry.items()} for entry in report[key]]
    return report
