"""A schema to compare, named the way a user names it: a shipped version ("0.1.0"), "current", or the path of a
merged LinkML schema (YAML or JSON), read safely and checked to be one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aistd.knowledge import releases
from aistd.load import LoadError, load_path

SECTIONS = ("classes", "slots", "enums", "types")
"""The element sections of a LinkML schema that a diff compares."""
_VERSION = re.compile(r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")


class SchemaInputError(ValueError):
    """A schema that cannot be read or is not a merged LinkML schema; its message is one line for the user."""


@dataclass(frozen=True)
class LoadedSchema:
    """A schema's data, what the user called it, and the version it declares."""

    source: str
    data: Mapping[str, Any]

    @property
    def version(self) -> str | None:
        """The schema's `version:`, or None when it declares none."""
        version = self.data.get("version")
        return str(version) if version is not None else None


def _hint() -> str:
    versions = ", ".join(releases.shipped()) or "none"
    current = f"'{releases.CURRENT}' (now {releases.current_version()})"
    return f"give a shipped version ({versions}), {current}, or the path of a merged LinkML schema"


def read_schema(spec: str) -> LoadedSchema:
    """The schema a command-line argument names, or SchemaInputError saying why it cannot be had."""
    if spec == releases.CURRENT or spec in releases.shipped():
        return LoadedSchema(spec, check_schema(releases.merged_schema(spec), spec))
    path = Path(spec)
    if _VERSION.match(spec) and not path.exists():
        if spec == releases.current_version():
            return LoadedSchema(spec, releases.merged_schema(releases.CURRENT))
        raise SchemaInputError(f"{spec}: no such release is shipped ({_hint()})")
    if not path.exists():
        raise SchemaInputError(f"{spec}: no such file ({_hint()})")
    try:
        document = load_path(path)
    except LoadError as error:
        place = f":{error.line}:{error.column}" if error.line is not None else ""
        raise SchemaInputError(f"{spec}{place}: {error.message}") from None
    return LoadedSchema(spec, check_schema(document.data, spec))


def check_schema(data: Any, source: str) -> Mapping[str, Any]:
    """The data when it is a merged LinkML schema, else SchemaInputError naming what is wrong."""
    if not isinstance(data, Mapping):
        raise SchemaInputError(f"{source}: not a LinkML schema (the file is not a mapping of schema fields)")
    if not any(section in data for section in SECTIONS):
        raise SchemaInputError(f"{source}: not a LinkML schema (it has no classes, slots, enums or types)")
    for section in SECTIONS:
        value = data.get(section)
        if value is not None and not isinstance(value, Mapping | list):
            raise SchemaInputError(f"{source}: `{section}` must be a mapping of elements, not {type(value).__name__}")
    declared = data.get("imports") or []
    declared = declared if isinstance(declared, list) else [declared]
    imports = [str(name) for name in declared if not str(name).startswith("linkml:")]
    if imports:
        names = ", ".join(imports)
        raise SchemaInputError(f"{source}: imports {names}: give the merged schema (all imports merged into one file)")
    return data
