"""An IF manifest's tree: its leaf components with what they inherit, each parameter's series of values over
a leaf's observations, and the plugins' configuration (functional unit, declared units)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aistd.conversion.fields import tidy
from aistd.conversion.journal import Journal
from aistd.conversion.slots import is_number
from aistd.model.figure import unheld
from aistd.model.message import says
from aistd.model.pointer import escape

NODE_KEYS = ("children", "pipeline", "defaults", "config", "inputs", "outputs", "aggregated")
Observations = list[tuple[int, dict[str, Any]]]


@dataclass
class Leaf:
    """A component without children, with what it inherits from its ancestors."""

    path: tuple[str, ...]
    pointer: str
    node: dict[str, Any]
    defaults: dict[str, tuple[Any, str]]
    compute: list[Any]
    node_config: dict[str, Any]


ROOT = Leaf((), "/tree", {}, {}, [], {})


def walk(node: Any, path: tuple[str, ...], pointer: str, inherited: Leaf, journal: Journal, out: list[Leaf]) -> None:
    """Collect the leaves under a node; aggregates of inner nodes are reported, not carried."""
    if not isinstance(node, dict):
        if node is not None:
            journal.lost(pointer, node, says("a tree node that is not a mapping"))
        return
    defaults = dict(inherited.defaults)
    if isinstance(node.get("defaults"), dict):
        for key, value in node["defaults"].items():
            defaults[str(key)] = (value, f"{pointer}/defaults/{escape(str(key))}")
    pipeline = node.get("pipeline")
    compute = pipeline["compute"] if isinstance(pipeline, dict) and isinstance(pipeline.get("compute"), list) else []
    config = node.get("config") if isinstance(node.get("config"), dict) else inherited.node_config
    here = Leaf(path, pointer, node, defaults, compute or inherited.compute, config)
    children = node.get("children")
    for key, value in node.items():
        if key not in NODE_KEYS and value is not None:
            journal.lost(f"{pointer}/{escape(str(key))}", value, says("tree node {key!r}: no aistd slot", key=key))
    if not (isinstance(children, dict) and children) and node.get("aggregated") and node.get("outputs"):
        reason = says("IF's own time aggregate of the outputs, which the converter sums itself")
        journal.lost(f"{pointer}/aggregated", node["aggregated"], reason)
    if isinstance(children, dict) and children:
        for key in ("inputs", "outputs", "aggregated"):
            if node.get(key):
                reason = says("aggregate of the child components, which are carried one by one")
                journal.lost(f"{pointer}/{key}", key, reason)
        for name, child in children.items():
            walk(child, (*path, str(name)), f"{pointer}/children/{escape(str(name))}", here, journal, out)
    else:
        out.append(here)


def observations(leaf: Leaf) -> tuple[str, Observations]:
    """The leaf's computed outputs when it has them, else its inputs."""
    for key in ("outputs", "inputs"):
        items = leaf.node.get(key)
        if isinstance(items, list) and any(isinstance(item, dict) for item in items):
            return key, [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]
    return "", []


Entry = tuple[Any, str]
"""A parameter's value in one observation, and where it is given."""


@dataclass
class Series:
    """One parameter over a leaf's observations: the value and source pointer of each observation that gives it
    (by position), and for inputs the leaf's default that stands in where an observation does not.

    Sparse: a leaf whose observations each name other parameters costs what its file does, not parameters
    times observations."""

    name: str
    given: dict[int, Entry]
    observations: int
    from_defaults: bool
    default: Entry | None = None

    @property
    def values(self) -> list[Entry | None]:
        """Per observation, its (value, pointer), None where the parameter is absent."""
        return [self.given.get(position, self.default) for position in range(self.observations)]

    def present(self) -> list[Entry]:
        """The (value, pointer) of each observation that gives the parameter."""
        entries = self.given.values() if self.default is None else self.values
        return [entry for entry in entries if entry is not None and entry[0] is not None]

    def raw(self) -> list[Any]:
        """The values given."""
        return [value for value, _ in self.present()]

    def first_pointer(self) -> str:
        """Where the parameter is first given."""
        if self.default is not None:
            return self.given.get(0, self.default)[1]
        return next(iter(self.given.values()))[1]

    def summary(self) -> Any:
        """A short account of the values, for a loss."""
        values = self.raw()
        if len(values) == 1:
            return values[0]
        if len(values) <= 10:
            return values
        return {"observations": len(values), "first": values[0], "last": values[-1]}


def parameter_series(leaf: Leaf, key: str, items: Observations) -> dict[str, Series]:
    """Each parameter's values over the observations; inputs take the leaf's defaults where they lack one.

    One pass over the observations' cells (linear in the manifest, whatever the parameters and observations)."""
    given: dict[str, dict[int, Entry]] = {}
    for position, (index, item) in enumerate(items):
        for name, value in item.items():
            given.setdefault(str(name), {})[position] = (value, f"{leaf.pointer}/{key}/{index}/{escape(str(name))}")
    if key == "inputs":
        for name in leaf.defaults:
            given.setdefault(name, {})
    raw_inputs = leaf.node.get("inputs") if isinstance(leaf.node.get("inputs"), list) else []
    stated = {str(name) for item in raw_inputs if isinstance(item, dict) for name in item}
    table = {}
    for name, entries in given.items():
        default = leaf.defaults.get(name) if key == "inputs" else None
        table[name] = Series(name, entries, len(items), name in leaf.defaults and name not in stated, default)
    return table


def aggregate(series: Series, extensive: bool) -> tuple[Any, str | None]:
    """A parameter's figure for the whole component, or None with the reason it cannot be given."""
    values = series.raw()
    if len(values) < series.observations:
        return None, says("given in {given} of {count} observations", given=len(values), count=series.observations)
    if extensive:
        if not all(is_number(value) for value in values):
            why = next(filter(None, map(unheld, values)), None)
            return None, says("{why} in an observation", why=why) if why else says("not a number in every observation")
        total = sum(values)
        if unheld(total):
            return None, says("the sum of the observations is {why}", why=unheld(total))
        return tidy(total), None
    if len({json.dumps(value, sort_keys=True) for value in values}) > 1:
        return None, says(
            "varies across the {count} observations; an intensity, ratio or property is carried "
            "only when it is the same in every observation",
            count=len(values),
        )
    return values[0], None


def component_ids(leaves: list[Leaf]) -> list[str]:
    """A leaf's name when no other leaf shares it, else its path (names counted once: linear in the leaves)."""
    names = [leaf.path[-1] if leaf.path else "tree" for leaf in leaves]
    shared = Counter(names)
    return [name if shared[name] == 1 else "/".join(leaf.path) for name, leaf in zip(names, leaves, strict=True)]


def plugins(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest's plugins, by id."""
    initialize = manifest.get("initialize")
    found = initialize.get("plugins") if isinstance(initialize, dict) else None
    return {str(k): v for k, v in found.items()} if isinstance(found, dict) else {}


def functional_unit(manifest: dict[str, Any], leaf: Leaf) -> tuple[str, str] | None:
    """The parameter the Sci plugin divides by: from the leaf's pipeline, the only Sci plugin, or node config."""
    table = plugins(manifest)
    sci_ids = [pid for pid, p in table.items() if isinstance(p, dict) and p.get("method") == "Sci"]
    chosen = [pid for pid in sci_ids if pid in leaf.compute] or (sci_ids if len(sci_ids) == 1 else [])
    for pid in chosen:
        config = table[pid].get("config")
        if isinstance(config, dict) and isinstance(config.get("functional-unit"), str):
            return config["functional-unit"], f"/initialize/plugins/{escape(pid)}/config/functional-unit"
    for pid, config in leaf.node_config.items():
        if isinstance(config, dict) and isinstance(config.get("functional-unit"), str):
            return config["functional-unit"], f"{leaf.pointer}/config/{escape(str(pid))}/functional-unit"
    return None


def declared_units(manifest: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Units the plugins' parameter-metadata declare: parameter -> (unit, pointer)."""
    declared: dict[str, tuple[str, str]] = {}
    for plugin_id, plugin in plugins(manifest).items():
        metadata = plugin.get("parameter-metadata") if isinstance(plugin, dict) else None
        if not isinstance(metadata, dict):
            continue
        for side in ("inputs", "outputs"):
            params = metadata.get(side)
            for name, entry in (params or {}).items() if isinstance(params, dict) else ():
                if isinstance(entry, dict) and isinstance(entry.get("unit"), str):
                    pointer = (
                        f"/initialize/plugins/{escape(plugin_id)}/parameter-metadata/{side}/{escape(str(name))}/unit"
                    )
                    declared.setdefault(str(name), (entry["unit"], pointer))
    return declared
