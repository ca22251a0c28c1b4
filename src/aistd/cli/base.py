"""What every command shares: exit codes, argument types, how results reach standard output and errors.

Nothing from the inputs reaches the terminal raw: every message on standard error goes through `say` (file
names and text shown by `aistd.report.sanitise`), and standard output is written by `write_out`, which falls
back to escapes, never to a crash, when the stream's encoding cannot carry a character.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from aistd.report.sanitise import ascii_json, json_safe, shown, shown_lines, shown_path

EXIT_OK = 0
"""Nothing at or above the failing severity."""
EXIT_FINDINGS = 1
"""Findings, a failed conversion, or drift."""
EXIT_USAGE = 2
"""A usage error, a missing path, or an internal error."""

LONG_NAME = 200
"""File names longer than this are shortened in messages (their length is said)."""


class ArgumentsRefused(Exception):
    """The command line could not be parsed: the parser that refused it, and why (`main` reports it)."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


class CommandLine(argparse.ArgumentParser):
    """An argument parser whose usage errors (which quote the arguments) cannot carry terminal escapes, and
    whose help ends with `examples`: command lines that work on the shipped `examples/` folder, kept as written
    whatever formatter renders the rest."""

    def __init__(self, *args: Any, examples: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.examples = tuple(examples)

    def format_help(self) -> str:
        """The help, then the examples, one command line each."""
        text = super().format_help()
        if not self.examples:
            return text
        return text.rstrip("\n") + "\n\nexamples:\n" + "".join(f"  {line}\n" for line in self.examples)

    def error(self, message: str) -> NoReturn:
        """Refuse the command line: raise `ArgumentsRefused` (the command line's `main` says why and exits 2)."""
        raise ArgumentsRefused(self, message)

    def refuse(self, message: str) -> None:
        """Say on standard error what `argparse` says of a refused command line: the usage, then the error."""
        write(sys.stderr, shown_lines(self.format_usage()))
        write(sys.stderr, shown_lines(f"{self.prog}: error: {message}\n"))

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        """Leave with `status`, saying `message` on standard error shown safely."""
        if message:
            write(sys.stderr, shown_lines(message))
        sys.exit(status)


def add_command(commands: Any, name: str, *, examples: Sequence[str] = (), **kwargs: Any) -> argparse.ArgumentParser:
    """Add a command to a command line's `add_subparsers()`, its help ending with `examples` (see `CommandLine`;
    under a plain `argparse` parser the examples are kept but not shown)."""
    command: argparse.ArgumentParser = commands.add_parser(name, **kwargs)
    command.examples = tuple(examples)  # type: ignore[attr-defined]  # a plain ArgumentParser has none
    return command


class LazyChoices:
    """The choices of an option, read from the catalogue only when help lists them or a value is checked, so
    that building the command line imports no table it does not use.

    `accepted`, when given, is the wider set of names the option recognises (a format aistd reads but does not
    write, say, which the command then refuses with its reason); help and errors list the `source` names.
    """

    def __init__(
        self, source: Callable[[], Iterable[str]], accepted: Callable[[], Iterable[str]] | None = None
    ) -> None:
        self._source = source
        self._accepted = accepted
        self._names: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._names is None:
            self._names = tuple(self._source())
        return self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __contains__(self, value: object) -> bool:
        return value in (self._all() if self._accepted is None else tuple(self._accepted()))

    def __len__(self) -> int:
        return len(self._all())


def format_names() -> tuple[str, ...]:
    """Every format aistd reads."""
    from aistd.conversion.registry import FORMAT_NAMES

    return FORMAT_NAMES


def target_names() -> tuple[str, ...]:
    """Every format aistd writes."""
    from aistd.conversion.registry import TARGET_NAMES

    return TARGET_NAMES


def release_names() -> list[str]:
    """Every schema release a disclosure can be migrated from or to."""
    from aistd.evolution.migrate import STEPS

    return sorted({*STEPS, *(target for target, _ in STEPS.values())})


def profile_names() -> list[str]:
    """Every profile id of the catalogue."""
    from aistd.knowledge.profiles import profiles

    return sorted(profiles())


def vocabulary_names() -> list[str]:
    """Every vocabulary with a mapping set."""
    from aistd.knowledge.crosswalks import vocabularies

    return vocabularies()


LANGUAGES = ("en", "fr")
"""The languages of the reports."""


def add_language_option(command: argparse.ArgumentParser, what: str) -> None:
    """`--lang {en,fr}`: the language of `what`; by default the locale's (`default_language`)."""
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=f"language of {what} (default: fr when LC_ALL, LC_MESSAGES or LANG starts with fr, else en)",
    )


def add_profile_option(command: argparse.ArgumentParser) -> None:
    """`--profile PROFILE` (repeatable), its choices the catalogue's profiles."""
    command.add_argument(
        "--profile",
        action="append",
        default=[],
        choices=LazyChoices(profile_names),
        metavar="PROFILE",
        help="also check a profile (repeatable): %(choices)s",
    )


def add_target_option(command: argparse.ArgumentParser) -> None:
    """`--to FORMAT` (required), its choices the formats aistd writes."""
    command.add_argument(
        "--to",
        dest="target",
        required=True,
        choices=LazyChoices(target_names, accepted=format_names),
        metavar="FORMAT",
        help="the target format: %(choices)s",
    )


def default_language(env: dict[str, str] | None = None) -> str:
    """The report language the locale asks for: "fr" when the first of LC_ALL, LC_MESSAGES and LANG that is set
    starts with "fr", else "en"."""
    env = dict(os.environ) if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def positive(text: str) -> int:
    """An argument that must be a positive whole number."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text.strip()} is not a positive number")
    return value


def named(path: str | os.PathLike[str]) -> str:
    """A file name as a message shows it: quoted when unusual, its middle left out when very long."""
    text = os.fspath(path)
    if len(text) > LONG_NAME:
        text = f"{text[:60]}...{text[-60:]} ({len(text)} characters)"
    return shown_path(text)


def path_problem(path: str | os.PathLike[str]) -> str | None:
    """Why a path named on the command line cannot be used (no such file, a name too long…), or None."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return f"no such file or folder: {named(path)}"
    except OSError as error:
        return f"cannot use {named(path)}: {error.strerror or error}"
    return None


def write(stream: IO[str], text: str) -> None:
    """Write text to a stream; characters its encoding cannot carry are written as backslash escapes."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def say(message: str) -> None:
    """Write one message line to standard error, shown safely (escapes as `\\x1b`, one line however it reads)."""
    write(sys.stderr, shown(message) + "\n")


def usage_error(command: str, message: str) -> int:
    """Say what is wrong with the command line, on standard error; the usage exit code."""
    say(f"aistd {command}: {message}")
    return EXIT_USAGE


class OutputError(Exception):
    """Standard output cannot be written (a full disk, say): the reason."""


def write_out(text: str, form: str = "text") -> None:
    """Write a command's result to standard output in `form` (text, json, sarif, junit, xml).

    When the stream cannot encode a character (an ASCII locale, say), JSON is written with JSON escapes and
    XML with character references, so that both stay valid; text gets backslash escapes. A failed write
    raises `OutputError` (a closed pipe stays a BrokenPipeError: the reader went away).
    """
    try:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            encoding = sys.stdout.encoding or "utf-8"
            if form in ("json", "sarif"):
                text = ascii_json(text)
            elif form in ("junit", "xml"):
                text = text.encode(encoding, "xmlcharrefreplace").decode(encoding)
            else:
                text = text.encode(encoding, "backslashreplace").decode(encoding)
            sys.stdout.write(text)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(error.strerror or str(error)) from None


def flush_out() -> None:
    """Flush standard output; `OutputError` when it cannot be written."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(error.strerror or str(error)) from None


def emit(form: str, data: Any, text: str) -> None:
    """Write a command's result as JSON or as text (each line shown safely)."""
    if form == "json":
        write_out(json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n", "json")
    else:
        write_out(shown_lines(text))


def write_file(path: Path, text: str) -> str | None:
    """Write text to a file as UTF-8; what went wrong (for `usage_error`), or None."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        return f"cannot write {named(path)}: {error.strerror or error}"
    except UnicodeEncodeError as error:
        return f"cannot write {named(path)}: the text holds {shown(error.object[error.start : error.end])}"
    return None


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]], max_cell: int = 60) -> str:
    """An aligned plain-text table (imported on use, so that building the parser stays cheap)."""
    from aistd.cli.tables import render_table as render

    return render(headers, rows, max_cell)
