"""What the French site is made from: the compiled tables under `src/aistd/schemas/`, read as plain JSON and YAML,
with each element's French text looked up by kind and name."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aistd.build.docs.french.texts import French, element_french, entry_french
from aistd.build.docs.tables import Tables, class_slots, read_tables
from aistd.knowledge import artifacts

KINDS = ("indicator", "class", "enum", "rule", "profile")
"""The kinds of element that have a page each."""


@dataclass(frozen=True)
class Catalogue(Tables):
    """The tables of the English site, with every rule (not only the formula rules) and each element's French
    text."""

    every_rule: list[dict[str, Any]]

    @property
    def slots(self) -> dict[str, dict[str, Any]]:
        """The merged schema's slots, by name."""
        return self.schema.get("slots") or {}

    @functools.cached_property
    def rules_by_id(self) -> dict[str, dict[str, Any]]:
        """The rules, by id."""
        return {rule["id"]: rule for rule in self.every_rule}

    def names(self, kind: str) -> list[str]:
        """The names (ids) of every element of a kind, sorted."""
        found = {
            "indicator": self.indicators,
            "class": self.classes,
            "enum": self.enums,
            "rule": self.rules_by_id,
            "profile": self.profiles,
        }[kind]
        return sorted(found)

    def text_of(self, kind: str, name: str) -> French:
        """An element's French text (the English, marked, where it has none)."""
        if kind in ("indicator", "slot"):
            return element_french(self.slots.get(name), name)
        if kind == "class":
            return element_french(self.classes.get(name), name)
        if kind == "enum":
            return element_french(self.enums.get(name), name)
        if kind == "rule":
            return entry_french(self.rules_by_id.get(name) or {"id": name})
        if kind == "profile":
            return entry_french({"id": name, **(self.profiles.get(name) or {})})
        raise KeyError(kind)

    def value_french(self, enum: str, value: str) -> French:
        """A permissible value of an enumeration in French."""
        values = self.enums.get(enum, {}).get("permissible_values") or {}
        return element_french(values.get(value), value)

    def slot_french(self, class_name: str, slot: str) -> tuple[dict[str, Any], French]:
        """A class's slot as the class uses it (definition, then attribute, then slot usage), and its French text.

        The French text is the attribute's or slot usage's own when it has one, else the slot's.
        """
        cls = self.classes.get(class_name) or {}
        layers = [
            self.slots.get(slot),
            (cls.get("attributes") or {}).get(slot),
            (cls.get("slot_usage") or {}).get(slot),
        ]
        merged: dict[str, Any] = {}
        for layer in layers:
            merged.update(layer or {})
        french = element_french(merged, slot)
        return merged, french

    def class_slots(self, class_name: str) -> list[str]:
        """A class's slots, then its attributes, in the order the schema declares them."""
        return class_slots(self.classes.get(class_name) or {})

    @functools.cached_property
    def range_users(self) -> dict[str, list[tuple[str, str]]]:
        """Every class or enumeration used as a range, with the (class, slot) pairs that use it, sorted."""
        found: dict[str, list[tuple[str, str]]] = {}
        for cls in sorted(self.classes):
            for slot in self.class_slots(cls):
                found.setdefault(str(self.slot_french(cls, slot)[0].get("range")), []).append((cls, slot))
        return found

    def coverage(self, kind: str) -> tuple[int, int]:
        """How many elements of a kind have their French text, out of how many."""
        names = self.names(kind)
        return sum(self.text_of(kind, name).translated for name in names), len(names)


def read_catalogue(artifact_dir: Path = artifacts.ARTIFACT_DIR, mappings_dir: Path | None = None) -> Catalogue:
    """Read the compiled tables under `artifact_dir` and the mapping sets under `mappings_dir` (the checkout's)."""
    root = artifacts.checkout_root()
    tables = read_tables(artifact_dir, mappings_dir or (root / "mappings" if root else Path("mappings")))
    every_rule = json.loads((artifact_dir / artifacts.RULE_TABLE.name).read_text(encoding="utf-8"))["rules"]
    return Catalogue(**vars(tables), every_rule=list(every_rule))
