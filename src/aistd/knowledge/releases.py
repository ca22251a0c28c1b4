"""The schema releases the package ships: which versions, where each one's merged LinkML schema and JSON Schema
live, and the merged schema of each (the current one included), read once per process.

`schemas/releases/<version>/` holds a released version's merged schema (`aistd.yaml`) and JSON Schema
(`aistd.schema.json`); the current, in-development schema is the package's own `schemas/aistd.yaml`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from aistd.knowledge import artifacts

CURRENT = "current"
"""The name of the schema the package checks today (`schemas/aistd.yaml`), whatever its version."""
RELEASES_DIR = artifacts.ARTIFACT_DIR / "releases"
_MERGED_NAME = artifacts.MERGED_SCHEMA.name
_JSON_SCHEMA_NAME = artifacts.JSON_SCHEMA.name


class UnknownReleaseError(LookupError):
    """A version that the package ships no schema of."""


def _version_key(version: str) -> tuple[int | str, ...]:
    """Sorts 0.10.0 after 0.9.0."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"[.-]", version))


@cache
def shipped() -> tuple[str, ...]:
    """The versions whose merged schema the package ships, oldest first."""
    if not RELEASES_DIR.is_dir():
        return ()
    found = [path.name for path in RELEASES_DIR.iterdir() if (path / _MERGED_NAME).is_file()]
    return tuple(sorted(found, key=_version_key))


def merged_schema_path(version: str = CURRENT) -> Path:
    """The merged LinkML schema of a shipped version, or of the current schema."""
    if version == CURRENT:
        return artifacts.MERGED_SCHEMA
    if version not in shipped():
        raise UnknownReleaseError(version)
    return RELEASES_DIR / version / _MERGED_NAME


def json_schema_path(version: str = CURRENT) -> Path:
    """The JSON Schema of a shipped version, or of the current schema."""
    if version == CURRENT:
        return artifacts.JSON_SCHEMA
    if version not in shipped():
        raise UnknownReleaseError(version)
    return RELEASES_DIR / version / _JSON_SCHEMA_NAME


def _loader() -> type:
    """A safe libyaml loader that keeps timestamps as the text they were written as (ISO dates are text)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    timestamp = "tag:yaml.org,2002:timestamp"
    resolvers = {
        first: [(tag, pattern) for tag, pattern in entries if tag != timestamp]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    return type("SchemaLoader", (base,), {"yaml_implicit_resolvers": resolvers})


@cache
def merged_schema(version: str = CURRENT) -> dict[str, Any]:
    """The merged LinkML schema of a shipped version, or of the current schema, as plain data (do not mutate)."""
    import yaml

    text = merged_schema_path(version).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_loader())  # a safe loader (SafeLoader), timestamps kept as text
    return data if isinstance(data, dict) else {}


def current_version() -> str | None:
    """The version the current merged schema declares."""
    version = merged_schema(CURRENT).get("version")
    return str(version) if version is not None else None
