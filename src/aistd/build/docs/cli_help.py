"""The help of `aistd` and of each of its commands, as the command line prints it, for the CLI page."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

HELP_WIDTH = 88


class _HelpFormatter(argparse.HelpFormatter):
    """Help at a fixed width, with options shown as `-j JOBS, --jobs JOBS` whatever the Python version."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=HELP_WIDTH)

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        argument = self._format_args(action, self._get_default_metavar_for_optional(action))
        return ", ".join(f"{option} {argument}" for option in action.option_strings)


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _subcommands(child)


def command_help() -> list[tuple[str, str]]:
    """(command, its help text) for `aistd` and every subcommand, depth first."""
    from aistd.cli import parser as command_line

    return [(parser.prog, _help(parser)) for parser in _subcommands(command_line())]


def _help(parser: argparse.ArgumentParser) -> str:
    """A parser's help at HELP_WIDTH, uncoloured; the parser keeps its own formatter."""
    kept = parser.formatter_class
    parser.formatter_class = _HelpFormatter
    if hasattr(parser, "color"):  # Python 3.14 colours help on a terminal; a page has no terminal
        parser.color = False
    try:
        return parser.format_help().rstrip()
    finally:
        parser.formatter_class = kept
