"""What the person converting supplies for what a source lacks: `--set POINTER=VALUE`.

POINTER is a JSON pointer into the canonical disclosure (`/reporting_entity/name`, `/footprints/0/stage`); `*`
stands for every item of a list (`/footprints/*/stage`). VALUE is read as JSON when it is JSON (`12`, `true`,
`{"value": 3, "unit": "kW.h"}`, `"007"`), else kept as text (`training`). Each value set is reported as a fill,
so the report says what came from the command line rather than from the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from aistd.conversion.journal import Conversion, ConversionError, Fill
from aistd.model.message import says
from aistd.model.pointer import escape, unescape

SET_REASON = says("set on the command line (--set)")
MAX_MATCHES = 100_000
EXAMPLE = "/footprints/0/stage=training"


@dataclass(frozen=True)
class Setting:
    """One `--set`: where, and what."""

    pointer: str
    value: Any


def parse_setting(text: str) -> Setting:
    """A `POINTER=VALUE` argument, or ValueError saying what is wrong with it."""
    pointer, equals, raw = text.partition("=")
    if not equals or not pointer.startswith("/") or pointer == "/":
        raise ValueError(
            says("{text!r} is not POINTER=VALUE with a JSON pointer such as {example}", text=text, example=EXAMPLE)
        )
    try:
        value = json.loads(raw, parse_constant=_no_constant)
    except ValueError:
        value = raw
    return Setting(pointer, value)


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _places(node: Any, tokens: list[str], path: str) -> list[tuple[Any, str, str]]:
    """(container, key, pointer) of every place the tokens reach; the last token may name a key not there yet."""
    head, rest = tokens[0], tokens[1:]
    if isinstance(node, list):
        if head == "*":
            indexes = range(len(node))
        elif head.isdigit() and int(head) < len(node):
            indexes = range(int(head), int(head) + 1)
        else:
            return []
        found: list[tuple[Any, str, str]] = []
        for index in indexes:
            if rest:
                found.extend(_places(node[index], rest, f"{path}/{index}"))
            else:
                found.append((node, str(index), f"{path}/{index}"))
        return found
    if not isinstance(node, dict):
        return []
    key = unescape(head)
    if not rest:
        return [(node, key, f"{path}/{escape(key)}")]
    if key not in node:
        node[key] = {}
    return _places(node[key], rest, f"{path}/{escape(key)}")


def _overridden(fill: Fill, pointer: str) -> bool:
    """Whether a setting replaces what a fill recorded: the same place, or a parent recorded as not stated."""
    if fill.where == pointer:
        return True
    return (
        pointer.startswith(fill.where + "/") and isinstance(fill.value, dict) and fill.value.get("not_stated") is True
    )


def apply_settings(conversion: Conversion, settings: list[Setting]) -> Conversion:
    """The canonical disclosure with each setting applied and reported as a fill; ConversionError when a pointer
    reaches nothing (a list index past the end, a value that is not an object)."""
    document = json.loads(json.dumps(conversion.document))
    fills = list(conversion.fills)
    for setting in settings:
        places = _places(document, setting.pointer.split("/")[1:], "")
        if not places or len(places) > MAX_MATCHES:
            raise ConversionError(
                says(
                    "--set {pointer}: the pointer reaches nothing in the converted disclosure", pointer=setting.pointer
                )
            )
        for container, key, pointer in places:
            if isinstance(container, list):
                container[int(key)] = setting.value
            else:
                if container.get("not_stated") is True and key != "not_stated":
                    del container["not_stated"]  # stated now
                container[key] = setting.value
            fills = [fill for fill in fills if not _overridden(fill, pointer)]
            fills.append(Fill(pointer, setting.value, SET_REASON))
    return replace(conversion, document=document, fills=fills)
