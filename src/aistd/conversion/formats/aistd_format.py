"""The canonical format itself: aistd YAML or JSON.

Reading refuses a disclosure that does not conform to the schema of the release it names (or that holds a number
no figure can hold): the writers work on the shapes the schema promises, so a disclosure of another shape is a
failed conversion that lists its first problems with their lines and columns, never a guess. `aistd validate`
says everything else.
"""

from __future__ import annotations

import json
from typing import Any

from aistd.conversion.formats import Format
from aistd.conversion.journal import Conversion, ConversionError
from aistd.knowledge.schema import disclosure_validator, release_validator
from aistd.load import LoadError, parse_text, value_positions
from aistd.model.figure import unheld_numbers, unheld_text
from aistd.model.message import Message, listing, says
from aistd.model.pointer import Position, json_pointer, position_of

LISTED = 5
"""How many problems the refusal names (`aistd validate` lists them all)."""
COUNTED = 1000
"""How many problems are counted before the count says "or more"."""
MESSAGE_CHARACTERS = 160


def read_disclosure(text: str, path: str) -> Conversion:
    """Parse the disclosure; positions come from the text itself. A disclosure that does not conform to the schema
    is refused (ConversionError at its first problem, naming the first few)."""
    try:
        document = parse_text(text, path)
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    origins = value_positions(text)
    refuse_unless_conforming(document.data, origins)
    return Conversion("aistd", "aistd", document.data, origins=origins, warnings=list(document.warnings))


def refuse_unless_conforming(data: Any, origins: dict[str, Position] | None = None) -> None:
    """Raise ConversionError, at the first problem and naming the first few, when a canonical disclosure does
    not conform to the schema of the release it names or holds a number no figure can hold: the writers work on
    the shapes the schema promises. `origins` place the problems (JSON pointer -> line and column)."""
    problems = _problems(data, origins or {})
    if problems:
        raise _refusal(problems)


def _validator(data: Any) -> Any:
    """The validator of the release the disclosure names (a shipped earlier one), else the current one."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    earlier = release_validator(version) if isinstance(version, str) else None
    return earlier or disclosure_validator()


def _problems(data: Any, origins: dict[str, Position]) -> list[tuple[int, int, Message]]:
    """(line, column, "line:column pointer: what") of the first COUNTED problems, in the order of the text."""
    found: list[tuple[str, str]] = []
    for error in _validator(data).iter_errors(data):
        found.append((json_pointer(error.instance_path), error.message))
        if len(found) >= COUNTED:
            break
    found += [(json_pointer(path), unheld_text(value) or "") for path, value, _ in unheld_numbers(data)]
    placed = []
    for pointer, what in found:
        line, column = position_of(origins, pointer)
        text = what if len(what) <= MESSAGE_CHARACTERS else what[: MESSAGE_CHARACTERS - 1] + "…"
        if line is not None:
            problem = says(
                "{line}:{column} {pointer}: {problem}", line=line, column=column, pointer=pointer or "/", problem=text
            )
        else:
            problem = says("{pointer}: {problem}", pointer=pointer or "/", problem=text)
        placed.append((line or 0, column or 0, problem))
    return sorted(placed)


def _refusal(problems: list[tuple[int, int, Message]]) -> ConversionError:
    count = len(problems)
    more = [says("and {count} more", count=count - LISTED)] if count > LISTED else []
    listed = listing([text for _, _, text in problems[:LISTED]] + more, "; ")
    if count >= COUNTED:
        message = says(
            "the disclosure does not conform to the aistd schema, so it is not converted ({count} or more problems;"
            " `aistd validate` lists them all): {problems}",
            count=count,
            problems=listed,
        )
    elif count == 1:
        message = says(
            "the disclosure does not conform to the aistd schema, so it is not converted ({count} problem;"
            " `aistd validate` lists them all): {problems}",
            count=count,
            problems=listed,
        )
    else:
        message = says(
            "the disclosure does not conform to the aistd schema, so it is not converted ({count} problems;"
            " `aistd validate` lists them all): {problems}",
            count=count,
            problems=listed,
        )
    line, column, _ = problems[0]
    return ConversionError(message, line or None, column or None)


def write_disclosure(disclosure: dict[str, Any], *, syntax: str = "yaml") -> Conversion:
    """YAML (block style, keys in schema order as given) or JSON."""
    if syntax == "json":
        text = json.dumps(disclosure, indent=2, ensure_ascii=False) + "\n"
    else:
        from aistd.conversion.yaml_writing import yaml_text

        text = yaml_text(disclosure)
    return Conversion("aistd", "aistd", text)


FORMAT = Format("aistd", None, read_disclosure, write_disclosure)
