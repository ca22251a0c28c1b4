"""The compiled tables the pages are made from, read as plain JSON and YAML (nothing here imports LinkML).

Indicators, mappings, rules, profiles and the cited documents come from the tables the build commits under
`src/aistd/schemas/`; classes, slots and enumerations from the merged LinkML schema there, read as YAML;
the SSSOM files from `mappings/` (for their `#` metadata and as downloads).
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aistd.build.docs.wording import acronyms, aliases_of, french_of, title_of
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

    def spec(self, name: str) -> dict[str, Any]:
        """The merged schema's definition of a slot, class or enumeration (empty when there is none)."""
        for kind in ("slots", "classes", "enums"):
            found = (self.schema.get(kind) or {}).get(name)
            if isinstance(found, dict):
                return found
        return {}

    def title(self, name: str) -> str:
        """The English title of a slot, class or enumeration; without one, the label of a term mapped exactly to
        it (its acronym dropped), else its code read as words."""
        spec = self.spec(name)
        if spec.get("title"):
            return title_of(spec, name)
        for label in self._exact_labels(name):
            words = re.sub(r"\s*\([^)]*\)", "", label).strip()
            if len(words.split()) > 1 and words.replace(" ", "_").casefold() != name.casefold():
                return words[:1].upper() + words[1:]
        return title_of(spec, name)

    def french(self, name: str) -> list[str]:
        """The French names of a slot, class or enumeration."""
        return french_of(self.spec(name))

    def _exact_labels(self, name: str) -> list[str]:
        rows = [r for r in self.by_subject.get(name, []) if r["predicate_id"] == "skos:exactMatch"]
        labels = dict.fromkeys(" ".join(str(r.get("object_label") or "").split()) for r in rows)
        return [label for label in labels if label]

    def synonyms(self, name: str) -> list[str]:
        """The labels of the terms other vocabularies map exactly to an aistd term (but its title)."""
        title = self.title(name).casefold()
        return [label for label in self._exact_labels(name) if re.sub(r"\s*\([^)]*\)", "", label).casefold() != title]

    def aliases(self, name: str) -> list[str]:
        """An aistd term's aliases: the schema's, then the acronyms its exact matches are known by."""
        found = aliases_of(self.spec(name))
        for row in self.by_subject.get(name, []):
            if row["predicate_id"] == "skos:exactMatch":
                local = str(row["object_id"]).rsplit(":", 1)[-1]
                found += acronyms(str(row.get("object_label") or ""))
                found += [local] if local.isupper() and len(local) <= 8 else []
        return [a for a in dict.fromkeys(found) if a != name]


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
