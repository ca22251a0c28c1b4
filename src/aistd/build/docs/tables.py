"""The compiled tables the pages are made from, read as plain JSON and YAML (nothing here imports LinkML).

Indicators, mappings, rules, profiles and the cited documents come from the tables the build commits under
`src/aistd/schemas/`; classes, slots and enumerations from the merged LinkML schema there, read as YAML;
the SSSOM files from `mappings/` (for their `#` metadata and as downloads).
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aistd.knowledge import artifacts

Row = dict[str, Any]


class DateKeepingLoader(yaml.SafeLoader):
    """Safe YAML with dates kept as the strings they were written as."""


DateKeepingLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def subject(subject_id: str) -> str:
    """The local name of a mapping's subject (`aistd:energy_consumption` is `energy_consumption`)."""
    return subject_id.split(":", 1)[1] if ":" in subject_id else subject_id


def class_slots(cls: dict[str, Any]) -> list[str]:
    """A class's slots, then its attributes, in the order the schema declares them."""
    return [*(cls.get("slots") or []), *(cls.get("attributes") or {})]


def sssom_metadata(text: str) -> dict[str, Any]:
    """The `#`-prefixed YAML header of an SSSOM file."""
    header = "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in text.splitlines() if line[:1] == "#")
    found = yaml.load(header, Loader=DateKeepingLoader)
    return found if isinstance(found, dict) else {}


@dataclass(frozen=True)
class Tables:
    """The compiled tables, read as plain JSON and YAML."""

    indicators: dict[str, dict[str, Any]]
    vocabularies: dict[str, dict[str, Any]]
    mappings: list[Row]
    rules: list[dict[str, Any]]
    profiles: dict[str, dict[str, Any]]
    schema: dict[str, Any]
    sssom: dict[str, str]
    documents: dict[str, dict[str, Any]]

    @property
    def classes(self) -> dict[str, dict[str, Any]]:
        """The merged schema's classes, by name."""
        return self.schema.get("classes") or {}

    @property
    def enums(self) -> dict[str, dict[str, Any]]:
        """The merged schema's enumerations, by name."""
        return self.schema.get("enums") or {}

    @functools.cached_property
    def slot_classes(self) -> dict[str, list[str]]:
        """Every slot, with the classes that use it, sorted."""
        found: dict[str, list[str]] = defaultdict(list)
        for name, cls in sorted(self.classes.items()):
            for slot in class_slots(cls):
                found[slot].append(name)
        return dict(found)

    @functools.cached_property
    def by_subject(self) -> dict[str, list[Row]]:
        """The mapping rows of each aistd term."""
        found: dict[str, list[Row]] = defaultdict(list)
        for row in self.mappings:
            found[subject(row["subject_id"])].append(row)
        return dict(found)

    @functools.cached_property
    def by_vocabulary(self) -> dict[str, list[Row]]:
        """The mapping rows of each vocabulary."""
        found: dict[str, list[Row]] = defaultdict(list)
        for row in self.mappings:
            found[row["vocabulary"]].append(row)
        return dict(found)


def read_tables(artifact_dir: Path, mappings_dir: Path) -> Tables:
    """Read the compiled tables under `artifact_dir` and the SSSOM files under `mappings_dir`."""

    def load(name: str) -> Any:
        return json.loads((artifact_dir / name).read_text(encoding="utf-8"))

    mapping_table = load(artifacts.MAPPING_TABLE.name)
    schema_text = (artifact_dir / artifacts.MERGED_SCHEMA.name).read_text(encoding="utf-8")
    return Tables(
        indicators=load(artifacts.INDICATOR_TABLE.name),
        vocabularies=mapping_table["vocabularies"],
        mappings=mapping_table["mappings"],
        rules=[rule for rule in load(artifacts.RULE_TABLE.name)["rules"] if rule.get("formula")],
        profiles=load(artifacts.PROFILE_TABLE.name)["profiles"],
        schema=yaml.load(schema_text, Loader=DateKeepingLoader),
        sssom={path.name: path.read_text(encoding="utf-8") for path in sorted(mappings_dir.glob("*.sssom.tsv"))},
        documents=load(artifacts.DOCUMENT_TABLE.name)["documents"],
    )
