"""GSF Impact Framework (IF) manifests: each leaf component as a stage footprint (and an SCI assessment), and back.

An IF manifest holds a tree of components; a leaf carries a time series of observations (`inputs`, and in
a computed manifest `outputs`), each a flat map of IF parameters. Reading sums the amounts (energy, carbon,
time) over a leaf's observations and keeps an intensity, ratio or property only when it is the same in
every observation; everything else is reported. Writing gives one child per footprint, grouped under its
stage, whose single observation carries the figures in IF's parameter names and units (energy kWh, carbon
g, intensity g/kWh, time s, utilisation %). Which parameter carries which slot, and the unit factors, come
from the impact-framework crosswalk.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from aistd.conversion.fields import (
    FieldRule,
    canonical_unit,
    enum_values,
    from_slot_value,
    reverse_enum_values,
    rule_from_row,
    tidy,
    to_slot_value,
)
from aistd.conversion.formats.base import UNKNOWN_ENTITY, disclosure_shell, instant, normalised, slug
from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
from aistd.knowledge import artifacts
from aistd.knowledge.crosswalks import rows
from aistd.knowledge.units import magnitude, slot_classes, unit_table
from aistd.load import LoadError, parse_text, value_positions

VOCABULARY = "impact-framework"
FU_FIELD = "gsfif:functional-unit"
TOOL_NAME = "Impact Framework"
CARRYING = ("skos:exactMatch", "skos:closeMatch")
# IF parameters that are amounts per time step (IF's own `aggregation: sum`): a component's figure is their sum
EXTENSIVE = frozenset(
    {
        "energy",
        "cpu/energy",
        "memory/energy",
        "network/energy",
        "carbon-operational",
        "embodied-carbon",
        "carbon-embodied",
        "carbon",
        "duration",
        "time-reserved",
    }
)
# how parameter-metadata spells units, as UCUM codes
UNIT_SPELLINGS = {
    "kWh": "kW.h",
    "kwh": "kW.h",
    "Wh": "W.h",
    "J": "J",
    "W": "W",
    "watts": "W",
    "gCO2eq": "g{CO2eq}",
    "gCO2e": "g{CO2eq}",
    "kgCO2eq": "kg{CO2eq}",
    "gCO2eq/kWh": "g{CO2eq}/(kW.h)",
    "gCO2e/kWh": "g{CO2eq}/(kW.h)",
    "seconds": "s",
    "percentage": "%",
}
MANIFEST_KEYS = ("name", "description", "tree", "initialize", "execution")
NODE_KEYS = ("children", "pipeline", "defaults", "config", "inputs", "outputs", "aggregated")
DAY = 86400


# --- the crosswalk, read row by row ----------------------------------------------------------------


@cache
def _carrying_rows() -> tuple[tuple[FieldRule, str, bool], ...]:
    """Every row that carries a value into a slot, its IF parameter name, and whether that is the catalogue's spelling.

    `fields.field_rules` keeps one slot per field, but an IF parameter feeds a footprint slot and an SCI slot
    at once (energy: energy_consumption and sci_energy), so the rows are read here one by one.
    """
    found = []
    for row in rows(VOCABULARY):
        slot = row["subject_id"].split(":", 1)[1]
        if row["predicate_id"] not in CARRYING or "." in slot or not slot[:1].islower():
            continue
        rule = rule_from_row(row)
        spelled = row["object_label"] in [term.strip() for term in (row["reference_term"] or "").split("|")]
        found.append((rule, row["object_label"], spelled))
    return tuple(found)


@cache
def _labels() -> dict[str, str]:
    """IF parameter name -> field id (and back), from the rows' labels."""
    names = {row["object_label"]: row["object_id"] for row in rows(VOCABULARY)}
    names.update({row["object_id"]: row["object_label"] for row in rows(VOCABULARY)})
    return names


@cache
def _field_rules() -> dict[str, tuple[FieldRule, ...]]:
    """Field id -> every slot it carries, exact matches first."""
    table: dict[str, list[FieldRule]] = {}
    for rule, _, _ in _carrying_rows():
        table.setdefault(rule.field, []).append(rule)
    return {name: tuple(sorted(found, key=lambda r: CARRYING.index(r.predicate))) for name, found in table.items()}


@cache
def _other_rows() -> dict[str, str]:
    """Field id -> predicate, for fields whose rows do not carry values (narrow, broad, related)."""
    return {row["object_id"]: row["predicate_id"] for row in rows(VOCABULARY) if row["predicate_id"] not in CARRYING}


@cache
def _slot_rules() -> dict[str, FieldRule]:
    """Slot -> the field written for it: exact first, then the catalogue's own spelling, then by name."""
    best: dict[str, tuple[tuple[int, bool, str], FieldRule]] = {}
    for rule, label, spelled in _carrying_rows():
        key = (CARRYING.index(rule.predicate), not spelled, label)
        if rule.slot not in best or key < best[rule.slot][0]:
            best[rule.slot] = (key, rule)
    return {slot: rule for slot, (_, rule) in best.items()}


@cache
def _class_slots(name: str) -> frozenset[str]:
    """The slots of a canonical class, from the published JSON Schema."""
    schema = json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))
    return frozenset(schema["$defs"][name]["properties"])


@cache
def _enum(name: str) -> tuple[str, ...]:
    """The values of a canonical enum."""
    schema = json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))
    return tuple(schema["$defs"][name]["enum"])


def _to_slot(rule: FieldRule, raw: float) -> Any:
    """`to_slot_value`, except where the field's unit is not one the slot admits: the factor is to the slot's unit."""
    quantity_class = slot_classes().get(rule.slot)
    if quantity_class and rule.unit not in unit_table()[quantity_class]["units"] and rule.factor is not None:
        return {"value": tidy(raw * rule.factor), "unit": canonical_unit(rule.slot)}
    return to_slot_value(rule, raw)


def _from_slot(rule: FieldRule, value: Any) -> float | None:
    """A slot's value as a number in the field's unit (None when it cannot be read)."""
    quantity_class = slot_classes().get(rule.slot)
    if quantity_class and rule.unit not in unit_table()[quantity_class]["units"] and isinstance(value, dict):
        units = unit_table()[quantity_class]["units"]
        number, unit, own = value.get("value"), value.get("unit"), canonical_unit(rule.slot)
        if not _is_number(number) or unit not in units or own not in units or not rule.factor:
            return None
        scale = units[unit]["factor_to_canonical"] / units[own]["factor_to_canonical"]
        return tidy(number * scale / rule.factor)
    result = from_slot_value(rule, value)
    return result if _is_number(result) else None


# --- small helpers ----------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and value == value and abs(value) != float("inf")
    )


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _summary(values: list[Any]) -> Any:
    """A short account of a parameter's values over the observations, for a loss."""
    if len(values) == 1:
        return values[0]
    if len(values) <= 10:
        return values
    return {"observations": len(values), "first": values[0], "last": values[-1]}


# --- reading ----------------------------------------------------------------------------------------


@dataclass
class _Leaf:
    """A component without children, with what it inherits from its ancestors."""

    path: tuple[str, ...]
    pointer: str
    node: dict[str, Any]
    defaults: dict[str, tuple[Any, str]]
    compute: list[Any]
    node_config: dict[str, Any]


@dataclass
class _Read:
    """What reading collects: losses, fills, origins, and source positions."""

    manifest: dict[str, Any]
    positions: dict[str, tuple[int, int]]
    losses: list[Loss] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    origins: dict[str, tuple[int, int]] = field(default_factory=dict)
    declared: dict[str, tuple[str, str]] = field(default_factory=dict)  # units the plugins declare

    def place(self, canonical: str, source: str) -> None:
        """Record where a canonical value came from (the source pointer or its nearest parent)."""
        candidate = source
        while candidate and candidate not in self.positions:
            candidate = candidate.rsplit("/", 1)[0]
        if candidate in self.positions:
            self.origins[canonical] = self.positions[candidate]


def _walk(node: Any, path: tuple[str, ...], pointer: str, inherited: _Leaf, read: _Read, out: list[_Leaf]) -> None:
    """Collect the leaves under a node; aggregates of inner nodes are reported, not carried."""
    if not isinstance(node, dict):
        if node is not None:
            read.losses.append(Loss(pointer, node, "a tree node that is not a mapping"))
        return
    defaults = dict(inherited.defaults)
    if isinstance(node.get("defaults"), dict):
        for key, value in node["defaults"].items():
            defaults[str(key)] = (value, f"{pointer}/defaults/{_escape(str(key))}")
    pipeline = node.get("pipeline")
    compute = pipeline["compute"] if isinstance(pipeline, dict) and isinstance(pipeline.get("compute"), list) else []
    config = node.get("config") if isinstance(node.get("config"), dict) else inherited.node_config
    here = _Leaf(path, pointer, node, defaults, compute or inherited.compute, config)
    children = node.get("children")
    for key, value in node.items():
        if key not in NODE_KEYS and value is not None:
            read.losses.append(Loss(f"{pointer}/{_escape(str(key))}", value, f"tree node {key!r}: no aistd slot"))
    if not (isinstance(children, dict) and children) and node.get("aggregated") and node.get("outputs"):
        reason = "IF's own time aggregate of the outputs, which the converter sums itself"
        read.losses.append(Loss(f"{pointer}/aggregated", node["aggregated"], reason))
    if isinstance(children, dict) and children:
        for key in ("inputs", "outputs", "aggregated"):
            if node.get(key):
                read.losses.append(
                    Loss(f"{pointer}/{key}", key, "aggregate of the child components, which are carried one by one")
                )
        for name, child in children.items():
            _walk(child, (*path, str(name)), f"{pointer}/children/{_escape(str(name))}", here, read, out)
    else:
        out.append(here)


def _observations(leaf: _Leaf) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    """The leaf's computed outputs when it has them, else its inputs."""
    for key in ("outputs", "inputs"):
        items = leaf.node.get(key)
        if isinstance(items, list) and any(isinstance(item, dict) for item in items):
            return key, [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]
    return "", []


@dataclass
class _Series:
    """One parameter over a leaf's observations: per observation its value and source pointer (None: absent)."""

    name: str
    values: list[tuple[Any, str] | None]
    from_defaults: bool

    def present(self) -> list[tuple[Any, str]]:
        return [entry for entry in self.values if entry is not None and entry[0] is not None]

    def raw(self) -> list[Any]:
        return [value for value, _ in self.present()]

    def first_pointer(self) -> str:
        return next(entry[1] for entry in self.values if entry is not None)


def _series(leaf: _Leaf, key: str, observations: list[tuple[int, dict[str, Any]]]) -> dict[str, _Series]:
    """Each parameter's values over the observations; inputs take the leaf's defaults where they lack one."""
    names: list[str] = []
    for _, item in observations:
        names.extend(str(name) for name in item if str(name) not in names)
    if key == "inputs":
        names.extend(name for name in leaf.defaults if name not in names)
    raw_inputs = leaf.node.get("inputs") if isinstance(leaf.node.get("inputs"), list) else []
    table = {}
    for name in names:
        values: list[tuple[Any, str] | None] = []
        for index, item in observations:
            if name in item:
                values.append((item[name], f"{leaf.pointer}/{key}/{index}/{_escape(name)}"))
            elif key == "inputs" and name in leaf.defaults:
                values.append(leaf.defaults[name])
            else:
                values.append(None)
        given = any(isinstance(item, dict) and name in item for item in raw_inputs)
        table[name] = _Series(name, values, name in leaf.defaults and not given)
    return table


def _aggregate(series: _Series, extensive: bool) -> tuple[Any, str | None]:
    """A parameter's figure for the whole component, or None with the reason it cannot be given."""
    values = series.raw()
    if len(values) < len(series.values):
        return None, f"given in {len(values)} of {len(series.values)} observations"
    if extensive:
        if not all(_is_number(value) for value in values):
            return None, "not a number in every observation"
        return tidy(sum(values)), None
    if len({json.dumps(value, sort_keys=True) for value in values}) > 1:
        return None, (
            f"varies across the {len(values)} observations; an intensity, ratio or property is carried "
            "only when it is the same in every observation"
        )
    return values[0], None


class _Component:
    """One leaf component read into a footprint and, when it has SCI scores, an SCI assessment."""

    def __init__(self, leaf: _Leaf, component_id: str, read: _Read, functional_unit: tuple[str, str] | None) -> None:
        self.leaf, self.id, self.read = leaf, component_id, read
        self.functional_unit = functional_unit  # (parameter name, where it is named)
        self.footprint: dict[str, Any] = {"id": component_id, "stage": "other"}
        self.sci: dict[str, Any] = {"id": f"{component_id}-sci"}
        self.hardware: dict[str, dict[str, Any]] = {}
        self.sources: dict[tuple[str, str], str] = {}  # (record, slot) -> source pointer
        self.ranks: dict[tuple[str, str], int] = {}

    def convert(self) -> None:
        key, observations = _observations(self.leaf)
        if not observations:
            self._no_observations()
            return
        series = _series(self.leaf, key, observations)
        has_sci = "sci" in series
        self._period(series)
        for name, one in series.items():
            if name != "timestamp":
                self._parameter(one, has_sci)
        self._complete(has_sci)

    def _no_observations(self) -> None:
        for value, pointer in self.leaf.defaults.values():
            self.read.losses.append(
                Loss(pointer, value, f"default of component {self.id!r}, which has no observations")
            )

    def _period(self, series: dict[str, _Series]) -> None:
        """The span of days the observations cover: from the first timestamp to the end of the last step."""
        if "timestamp" not in series:  # durations alone place nothing in time
            return
        stamps = series["timestamp"].values
        lengths = series["duration"].values if "duration" in series else [None] * len(stamps)
        starts, ends = [], []
        for stamp, length in zip(stamps, lengths, strict=True):
            if stamp is None:
                continue
            moment = instant(stamp[0])
            if moment is None:
                self.read.losses.append(Loss(stamp[1], stamp[0], "malformed timestamp: left out of the period"))
                continue
            seconds = length[0] if length is not None and _is_number(length[0]) and length[0] > 0 else 0
            try:
                end = (moment + timedelta(seconds=seconds) - timedelta(microseconds=1 if seconds else 0)).date()
            except OverflowError:  # a duration that ends past the year 9999
                value, where = length if length is not None else stamp
                self.read.losses.append(Loss(where, value, "the step would end after the year 9999: not in the period"))
                continue
            starts.append((moment.date(), stamp[1]))
            ends.append(end)
        if starts:
            first = min(starts)
            self.footprint["period"] = {"start_date": first[0].isoformat(), "end_date": max(ends).isoformat()}
            self.sources[("footprint", "period")] = first[1]

    def _parameter(self, series: _Series, has_sci: bool) -> None:
        """Carry one parameter into every slot its rows name, or report it."""
        name = series.name
        is_fu = self.functional_unit is not None and name == self.functional_unit[0]
        field_id = FU_FIELD if is_fu else _labels().get(name, "")
        if field_id == FU_FIELD and not is_fu:
            reason = "names the functional unit in the Sci plugin's config; as an observation it counts nothing"
            self.read.losses.append(Loss(series.first_pointer(), _summary(series.raw()), f"{name!r} {reason}"))
            return
        rules = _field_rules().get(field_id, ())
        pointer = series.first_pointer()
        if not rules:
            reason = f"no aistd slot for the IF parameter {name!r}"
            if field_id in _other_rows():
                reason = f"{name!r} is only a {_other_rows()[field_id]} of an aistd slot: its value is not carried"
            self.read.losses.append(Loss(pointer, _summary(series.raw()), reason))
            return
        extensive = (name in EXTENSIVE or is_fu) and not (is_fu and series.from_defaults)
        value, problem = _aggregate(series, extensive)
        if problem is not None:
            self.read.losses.append(Loss(pointer, _summary(series.raw()), f"{name}: {problem}"))
            return
        placed = [self._place(rule, name, value, pointer, has_sci) for rule in rules]
        if not any(placed):
            self.read.losses.append(
                Loss(pointer, value, f"{name}: an SCI input, carried only by an SCI assessment, which needs sci")
            )

    def _place(self, rule: FieldRule, name: str, value: Any, pointer: str, has_sci: bool) -> bool:
        """Put one value into the record its slot belongs to; False when no record takes it."""
        slot = rule.slot
        converted = self._converted(rule, name, value, pointer)
        if converted is None:
            return True
        targets = []
        if slot in _class_slots("StageFootprint"):
            targets.append(("footprint", self.footprint))
        if has_sci and slot in _class_slots("SCIAssessment"):
            targets.append(("sci", self.sci))
        if slot in _class_slots("Location"):
            targets = [("location", self.footprint.setdefault("location", {}))]
        if slot in _class_slots("HardwareItem") and not targets:
            kind = "cpu" if name.startswith("cpu/") else "device"
            targets = [(f"hardware:{kind}", self.hardware.setdefault(kind, {}))]
        for record, target in targets:
            self._set(record, target, rule, converted, pointer)
        return bool(targets)

    def _converted(self, rule: FieldRule, name: str, value: Any, pointer: str) -> Any:
        """The value in the slot's terms, or None after reporting why it cannot be."""
        if slot_classes().get(rule.slot) is None and rule.slot not in _numeric_plain_slots():
            return value if isinstance(value, str) else self._not_carried(pointer, value, f"{name}: not a text")
        if not _is_number(value):
            return self._not_carried(pointer, value, f"{name}: not a number")
        unit = self._declared_unit(name, rule)
        return _to_slot(rule if unit is None else _with_unit(rule, unit), value)

    def _declared_unit(self, name: str, rule: FieldRule) -> str | None:
        """A unit the manifest declares for the parameter, when it is one the slot admits (else IF's convention)."""
        declared = self.read.declared.get(name)
        quantity_class = slot_classes().get(rule.slot)
        if declared is None or quantity_class is None:
            return None
        code = UNIT_SPELLINGS.get(declared[0])
        return code if code in unit_table()[quantity_class]["units"] and code != rule.unit else None

    def _not_carried(self, pointer: str, value: Any, reason: str) -> None:
        loss = Loss(pointer, value, reason)
        if loss not in self.read.losses:  # a parameter feeding two slots is reported once
            self.read.losses.append(loss)
        return None

    def _set(self, record: str, target: dict[str, Any], rule: FieldRule, value: Any, pointer: str) -> None:
        """Set a slot unless a better-matching field already set it (then the other is reported)."""
        key, rank = (record, rule.slot), CARRYING.index(rule.predicate)
        if key in self.ranks and rank >= self.ranks[key]:
            label = _labels().get(rule.field, rule.field)
            self.read.losses.append(
                Loss(pointer, value, f"{label}: {rule.slot} is already given by an equal or closer field")
            )
            return
        target[rule.slot] = value
        self.ranks[key], self.sources[key] = rank, pointer

    def _complete(self, has_sci: bool) -> None:
        """Stage, boundaries, functional unit, hardware and the SCI assessment."""
        self._stage()
        self._footprint_fills()
        self._functional_unit(self.footprint, "footprints")
        self._hardware()
        if has_sci:
            self._sci()
        else:
            self.sci = {}

    def _stage(self) -> None:
        """The stage a tree node on the component's path names (the deepest), else other."""
        stages = [normalised(name) for name in self.leaf.path if normalised(name) in _enum("LifecycleStage")]
        if stages:
            self.footprint["stage"] = stages[-1]
            return
        self.read.fills.append(
            Fill(f"/footprints/{{{self.id}}}/stage", "other", "the manifest names no lifecycle stage for the component")
        )

    def _footprint_fills(self) -> None:
        footprint = self.footprint
        if "energy_consumption" in footprint:
            boundary = "it-equipment" if self._has_param("network/energy") else "compute-node"
            footprint["energy_boundary"] = boundary
            self.read.fills.append(
                Fill(
                    f"/footprints/{{{self.id}}}/energy_boundary",
                    boundary,
                    "IF states no boundary: its energy covers what the component's plugins add up "
                    "(CPU, memory, and network when given)",
                )
            )
        if "operational_emissions" in footprint:
            footprint["emissions_accounting_method"] = "location-based"
            self.read.fills.append(
                Fill(
                    f"/footprints/{{{self.id}}}/emissions_accounting_method",
                    "location-based",
                    "IF's carbon-operational applies a grid carbon intensity (the SCI rule: location-based)",
                )
            )

    def _has_param(self, name: str) -> bool:
        return any(name in item for _, item in _observations(self.leaf)[1])

    def _functional_unit(self, record: dict[str, Any], where: str) -> None:
        """Name the functional unit the Sci plugin's config gives, when the record counts one."""
        if "functional_unit_count" not in record or self.functional_unit is None:
            return
        name = self.functional_unit[0]
        kind = enum_values(VOCABULARY, FU_FIELD, "FunctionalUnitKind").get(name)
        if kind is None and normalised(name) in _enum("FunctionalUnitKind"):
            kind = normalised(name)
        if kind is None:
            kind = "other"
            record["functional_unit_description"] = f"IF functional unit {name!r}"
            self.read.fills.append(
                Fill(
                    f"/{where}/{{{record['id']}}}/functional_unit",
                    "other",
                    f"IF's functional unit {name!r} has no aistd kind",
                )
            )
        record["functional_unit"] = kind
        self.sources[("footprint" if where == "footprints" else "sci", "functional_unit")] = self.functional_unit[1]

    def _hardware(self) -> None:
        items = []
        if self.hardware.get("cpu"):
            items.append({"hardware_type": "cpu", **self.hardware["cpu"]})
        if self.hardware.get("device"):
            items.append({"hardware_type": "other", **self.hardware["device"]})
            self.read.fills.append(
                Fill(
                    f"/footprints/{{{self.id}}}/hardware/{len(items) - 1}/hardware_type",
                    "other",
                    "IF's device/* parameters describe an unspecified device (often a whole server)",
                )
            )
        if items:
            self.footprint["hardware"] = items

    def _sci(self) -> None:
        """The SCI assessment needs a functional unit count and one score for the whole component."""
        sci = self.sci
        if "location" in self.footprint:
            sci["location"] = dict(self.footprint["location"])
        if "period" in self.footprint:
            sci["period"] = dict(self.footprint["period"])
        if "functional_unit_count" not in sci:
            self._drop_sci("the Sci plugin's functional unit and its count are not given")
            return
        self._functional_unit(sci, "sci_assessments")
        if "sci_score" not in sci:
            self._window_score()

    def _window_score(self) -> bool:
        """When sci varies over the observations, the score of the whole component is carbon / R (a Fill)."""
        carbon, count = self.sci.get("sci_total_carbon"), self.sci.get("functional_unit_count")
        if not isinstance(carbon, dict) or not _is_number(count) or count <= 0:
            self._drop_sci("sci varies over the observations and carbon or the functional unit count is missing")
            return False
        kilograms = magnitude({"sci_total_carbon": carbon}, "sci_total_carbon", "kg{CO2eq}")
        score = {"value": tidy(kilograms * 1000 / count), "unit": "g{CO2eq}"} if kilograms is not None else None
        if score is None:
            self._drop_sci("the carbon total is unreadable")
            return False
        self.sci["sci_score"] = score
        self.read.fills.append(
            Fill(
                f"/sci_assessments/{{{self.sci['id']}}}/sci_score",
                score,
                "sci varies over the observations: the component's score is its summed carbon over its summed "
                "functional units (SCI = C / R)",
            )
        )
        return True

    def _drop_sci(self, reason: str) -> None:
        kept = {k: v for k, v in self.sci.items() if k not in ("id", "location", "period")}
        self.read.losses.append(Loss(f"{self.leaf.pointer}", kept, f"no SCI assessment for {self.id!r}: {reason}"))
        self.sci = {}


@cache
def _numeric_plain_slots() -> frozenset[str]:
    """Indicator slots held as plain numbers (ratios, counts)."""
    return frozenset(slot for slot, quantity_class in slot_classes().items() if quantity_class is None)


def _with_unit(rule: FieldRule, unit: str) -> FieldRule:
    return FieldRule(rule.field, rule.slot, rule.predicate, None, unit, rule.boundary, rule.provisional)


def _declared_units(manifest: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Units the plugins' parameter-metadata declare: parameter -> (unit, pointer)."""
    declared: dict[str, tuple[str, str]] = {}
    for plugin_id, plugin in _plugins(manifest).items():
        metadata = plugin.get("parameter-metadata") if isinstance(plugin, dict) else None
        if not isinstance(metadata, dict):
            continue
        for side in ("inputs", "outputs"):
            params = metadata.get(side)
            for name, entry in (params or {}).items() if isinstance(params, dict) else ():
                if isinstance(entry, dict) and isinstance(entry.get("unit"), str):
                    pointer = (
                        f"/initialize/plugins/{_escape(plugin_id)}/parameter-metadata/{side}/{_escape(str(name))}/unit"
                    )
                    declared.setdefault(str(name), (entry["unit"], pointer))
    return declared


def _plugins(manifest: dict[str, Any]) -> dict[str, Any]:
    initialize = manifest.get("initialize")
    plugins = initialize.get("plugins") if isinstance(initialize, dict) else None
    return {str(k): v for k, v in plugins.items()} if isinstance(plugins, dict) else {}


def _functional_unit(manifest: dict[str, Any], leaf: _Leaf) -> tuple[str, str] | None:
    """The parameter the Sci plugin divides by: from the leaf's pipeline, the only Sci plugin, or node config."""
    plugins = _plugins(manifest)
    sci_ids = [pid for pid, p in plugins.items() if isinstance(p, dict) and p.get("method") == "Sci"]
    chosen = [pid for pid in sci_ids if pid in leaf.compute] or (sci_ids if len(sci_ids) == 1 else [])
    for pid in chosen:
        config = plugins[pid].get("config")
        if isinstance(config, dict) and isinstance(config.get("functional-unit"), str):
            return config["functional-unit"], f"/initialize/plugins/{_escape(pid)}/config/functional-unit"
    for pid, config in leaf.node_config.items():
        if isinstance(config, dict) and isinstance(config.get("functional-unit"), str):
            return config["functional-unit"], f"{leaf.pointer}/config/{_escape(str(pid))}/functional-unit"
    return None


def _component_ids(leaves: list[_Leaf]) -> list[str]:
    """A leaf's name when no other leaf shares it, else its path."""
    names = [leaf.path[-1] if leaf.path else "tree" for leaf in leaves]
    return [name if names.count(name) == 1 else "/".join(leaf.path) for name, leaf in zip(names, leaves, strict=True)]


def _unit_notes(read: _Read) -> None:
    """Declared units that contradict IF's convention for a mapped parameter (e.g. a TDP declared in kWh)."""
    for name, (unit, pointer) in read.declared.items():
        rules = _field_rules().get(_labels().get(name, ""), ())
        for rule in rules[:1]:
            quantity_class = slot_classes().get(rule.slot)
            code = UNIT_SPELLINGS.get(unit)
            if quantity_class and code and code not in unit_table()[quantity_class]["units"]:
                read.losses.append(
                    Loss(
                        pointer,
                        unit,
                        f"{name}: the declared unit {unit} is not a unit of this quantity (a known IF mislabel); "
                        f"read in IF's convention, {rule.unit}",
                    )
                )


def _manifest_losses(read: _Read) -> None:
    """What the manifest says beyond the tree: configuration and run records."""
    manifest = read.manifest
    for key, value in manifest.items():
        if key in MANIFEST_KEYS or value is None:
            continue
        read.losses.append(Loss(f"/{_escape(str(key))}", value, f"manifest {key!r}: no aistd slot"))
    plugins = _plugins(manifest)
    if plugins:
        summary = {pid: p.get("method") if isinstance(p, dict) else p for pid, p in plugins.items()}
        read.losses.append(
            Loss(
                "/initialize/plugins",
                summary,
                "the plugin pipeline that computes the figures: aistd keeps results only",
            )
        )
    _unit_notes(read)


def _execution(read: _Read, disclosure: dict[str, Any]) -> None:
    """The IF version that computed the outputs becomes the methodology's tool; the rest is reported."""
    execution = read.manifest.get("execution")
    if not isinstance(execution, dict):
        return
    environment = execution.get("environment") if isinstance(execution.get("environment"), dict) else {}
    version = environment.get("if-version")
    if isinstance(version, str | int | float) and not isinstance(version, bool):
        disclosure["methodology"] = {"tool": {"name": TOOL_NAME, "version": str(version)}}
        read.place("/methodology/tool/version", "/execution/environment/if-version")
    for key, value in execution.items():
        if key == "environment" or value is None:
            continue
        shown = "(a command line with local paths, not copied)" if key == "command" else value
        read.losses.append(
            Loss(f"/execution/{_escape(str(key))}", shown, f"execution {key!r}: a run record, no aistd slot")
        )
    for key, value in environment.items():
        if key != "if-version" and value is not None:
            read.losses.append(
                Loss(f"/execution/environment/{_escape(str(key))}", value, "run environment: no aistd slot")
            )


def _reporting_period(records: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    periods = [r["period"] for r in records if isinstance(r.get("period"), dict)]
    if not periods:
        return None, None
    return min(p["start_date"] for p in periods), max(p["end_date"] for p in periods)


def _resolve_ids(read: _Read, footprints: list[dict[str, Any]], sci: list[dict[str, Any]]) -> None:
    """Fills and losses name records by id while reading; turn those into JSON pointers."""
    index = {fp["id"]: f"/footprints/{i}" for i, fp in enumerate(footprints)}
    index.update({s["id"]: f"/sci_assessments/{i}" for i, s in enumerate(sci)})

    def resolve(where: str) -> str:
        match = re.match(r"^/(footprints|sci_assessments)/\{(.*?)\}(/.*)?$", where)
        if not match or match.group(2) not in index:
            return where
        return index[match.group(2)] + (match.group(3) or "")

    read.fills[:] = [Fill(resolve(f.where), f.value, f.reason) for f in read.fills]


def _origins(read: _Read, component: _Component, footprint_at: str, sci_at: str | None) -> None:
    """Source positions of the carried values."""
    read.place(footprint_at, component.leaf.pointer)
    hardware = component.footprint.get("hardware", [])
    kinds = [item.get("hardware_type") for item in hardware]
    for (record, slot), pointer in component.sources.items():
        if record == "sci" and sci_at is None:
            continue
        if record in ("footprint", "sci"):
            target = component.footprint if record == "footprint" else component.sci
            base = f"{footprint_at if record == 'footprint' else sci_at}/{slot}"
        elif record == "location":
            target, base = component.footprint.get("location", {}), f"{footprint_at}/location/{slot}"
        else:
            position = kinds.index("cpu" if record.endswith("cpu") else "other")
            target, base = hardware[position], f"{footprint_at}/hardware/{position}/{slot}"
        places = [base]
        if sci_at is not None and (record == "location" or (record, slot) == ("footprint", "period")):
            places.append(base.replace(footprint_at, sci_at, 1))
        value = target.get(slot)
        if isinstance(value, dict):
            places += [f"{place}/{'start_date' if slot == 'period' else 'value'}" for place in places]
        for place in places:
            read.place(place, pointer)


def read_manifest(text: str, path: str) -> Conversion:
    """An IF manifest as a canonical disclosure."""
    try:
        document = parse_text(text, path)
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    manifest = document.data
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tree"), dict):
        raise ConversionError("not an Impact Framework manifest: no `tree` mapping at the top", 1, 1)
    read = _Read(manifest, value_positions(text))
    read.declared = _declared_units(manifest)
    leaves: list[_Leaf] = []
    _walk(manifest["tree"], (), "/tree", _Leaf((), "/tree", {}, {}, [], {}), read, leaves)
    footprints, assessments, components = [], [], []
    for leaf, component_id in zip(leaves, _component_ids(leaves), strict=True):
        component = _Component(leaf, component_id, read, _functional_unit(manifest, leaf))
        component.convert()
        if _observations(leaf)[1]:
            footprints.append(component.footprint)
            components.append((component, len(footprints) - 1, len(assessments) if component.sci else None))
            if component.sci:
                assessments.append(component.sci)
    disclosure = _shell(read, footprints + assessments)
    if footprints:
        disclosure["footprints"] = footprints
    if assessments:
        disclosure["sci_assessments"] = assessments
    _execution(read, disclosure)
    _manifest_losses(read)
    _resolve_ids(read, footprints, assessments)
    for component, fp_index, sci_index in components:
        sci_at = None if sci_index is None else f"/sci_assessments/{sci_index}"
        _origins(read, component, f"/footprints/{fp_index}", sci_at)
    return Conversion("impact-framework", "aistd", disclosure, read.losses, read.fills, read.origins)


def _shell(read: _Read, records: list[dict[str, Any]]) -> dict[str, Any]:
    """The disclosure's top: id from the manifest's name, title, description and the observed period."""
    manifest = read.manifest
    name = manifest.get("name") if isinstance(manifest.get("name"), str) else None
    identifier = f"urn:aistd:impact-framework:{slug(name or 'manifest', 'manifest')}"
    read.fills.append(Fill("/id", identifier, "an IF manifest has no identifier: made from its name"))
    start, end = _reporting_period(records)
    disclosure = disclosure_shell(identifier, start, end, read.fills)
    if name:
        disclosure["title"] = name
        read.place("/title", "/name")
    if isinstance(manifest.get("description"), str) and manifest["description"].strip():
        disclosure["description"] = manifest["description"]
        read.place("/description", "/description")
    return disclosure


# --- writing ----------------------------------------------------------------------------------------

FOOTPRINT_HANDLED = frozenset(
    {"id", "stage", "period", "duration", "hardware", "location", "functional_unit", "functional_unit_count"}
)
SCI_HANDLED = frozenset({"id", "period", "location", "functional_unit", "functional_unit_count"})
TOP_HANDLED = frozenset({"schema_version", "title", "description", "footprints", "sci_assessments"})


@dataclass
class _Writer:
    """Builds the manifest and records what it could not carry or had to fill."""

    disclosure: dict[str, Any]
    losses: list[Loss] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    plugins: dict[str, Any] = field(default_factory=dict)
    children: dict[str, Any] = field(default_factory=dict)
    placed: dict[str, dict[str, Any]] = field(default_factory=dict)  # footprint id -> its child node
    periods: dict[str, Any] = field(default_factory=dict)  # footprint id -> its period

    def manifest(self) -> dict[str, Any]:
        d = self.disclosure
        name = d.get("title")
        if not isinstance(name, str) or not name:
            name = f"aistd disclosure {d.get('id', '')}".strip()
            self.fills.append(Fill("/name", name, "IF requires a manifest name; the disclosure has no title"))
        manifest: dict[str, Any] = {"name": name}
        if isinstance(d.get("description"), str):
            manifest["description"] = d["description"]
        for index, footprint in enumerate(_records(d, "footprints")):
            self._footprint(index, footprint)
        for index, assessment in enumerate(_records(d, "sci_assessments")):
            self._assessment(index, assessment)
        for key, value in d.items():
            if key not in TOP_HANDLED and not _placeholder(key, value):
                self.losses.append(Loss(f"/{key}", value, "an IF manifest has no place for it"))
        manifest["initialize"] = {"plugins": self.plugins}
        manifest["tree"] = {"children": self.children}
        return manifest

    def _footprint(self, index: int, footprint: dict[str, Any]) -> None:
        at = f"/footprints/{index}"
        identifier = str(footprint.get("id", f"footprint-{index + 1}"))
        observation = self._timing(footprint, at)
        for slot, value in footprint.items():
            if slot in FOOTPRINT_HANDLED:
                continue
            self._quantity(observation, slot, value, at)
        self._location(observation, footprint.get("location"), at)
        self._hardware(observation, footprint.get("hardware"), at)
        child: dict[str, Any] = {"inputs": [observation]}
        self._count(child, observation, footprint, at)
        stage = footprint.get("stage") if isinstance(footprint.get("stage"), str) else "other"
        group = self.children.setdefault(stage, {"children": {}})
        group["children"][identifier] = child
        self.placed[identifier] = child
        self.periods[identifier] = footprint.get("period")

    def _quantity(self, observation: dict[str, Any], slot: str, value: Any, at: str) -> None:
        """One slot as an IF parameter, or a loss."""
        if slot == "emissions_accounting_method" and value == "location-based":
            return  # IF's carbon-operational is location-based by the SCI rule
        rule = _slot_rules().get(slot)
        number = (
            None if rule is None or rule.field == "gsfif:execution.environment.if-version" else _from_slot(rule, value)
        )
        if rule is None or number is None:
            self.losses.append(Loss(f"{at}/{slot}", value, f"no IF parameter carries {slot}"))
            return
        observation[_labels()[rule.field]] = number

    def _timing(self, record: dict[str, Any], at: str) -> dict[str, Any]:
        """timestamp and duration, which IF requires on every observation."""
        period = record.get("period") if isinstance(record.get("period"), dict) else None
        reporting = self.disclosure.get("reporting_period") or {}
        start = _day(period.get("start_date")) if period else None
        if start is None:
            start = _day(reporting.get("start_date")) or date(1970, 1, 1)
            self.fills.append(
                Fill(
                    f"{at}/period/start_date",
                    start.isoformat(),
                    "IF requires a timestamp; taken from the reporting period",
                )
            )
        seconds = magnitude(record, "duration")
        if seconds is None:
            seconds = self._filled_duration(period, reporting, start, at)
        stamp = f"{start.isoformat()}T00:00:00.000Z"
        self.fills.append(
            Fill(f"{at}/period/start_date", stamp, "an IF timestamp is an instant: the first day at 00:00 UTC")
        )
        end = _day(period.get("end_date")) if period else None
        last = _last_day(start, seconds)
        if end is not None and last != end:
            self.losses.append(
                Loss(f"{at}/period/end_date", end.isoformat(), "an IF observation spans only timestamp + duration")
            )
        return {"timestamp": stamp, "duration": tidy(seconds)}

    def _filled_duration(self, period: dict[str, Any] | None, reporting: dict[str, Any], start: date, at: str) -> float:
        span = period or reporting
        end = _day(span.get("end_date")) if isinstance(span, dict) else None
        seconds = ((end - start).days + 1) * DAY if end and end >= start else DAY
        self.fills.append(
            Fill(f"{at}/duration", {"value": seconds, "unit": "s"}, "IF requires a duration; the period's length")
        )
        return seconds

    def _location(self, observation: dict[str, Any], location: Any, at: str) -> None:
        if not isinstance(location, dict):
            return
        for slot, value in location.items():
            rule = _slot_rules().get(slot)
            if rule is None or not isinstance(value, str):
                self.losses.append(Loss(f"{at}/location/{slot}", value, f"no IF parameter carries location {slot}"))
                continue
            observation[_labels()[rule.field]] = value

    def _hardware(self, observation: dict[str, Any], hardware: Any, at: str) -> None:
        """The first cpu item's TDP and name; the first other item's embodied figures (IF's device/*)."""
        if not isinstance(hardware, list):
            return
        used: set[str] = set()
        for k, item in enumerate(hardware):
            kind = item.get("hardware_type") if isinstance(item, dict) else None
            wanted = {"cpu": "cpu/", "other": "device/"}.get(kind) if kind not in used else None
            if wanted is None:
                self.losses.append(
                    Loss(f"{at}/hardware/{k}", item, "IF describes one CPU and one device per component")
                )
                continue
            used.add(kind)
            for slot, value in item.items():
                if slot == "hardware_type":
                    continue
                rule = _slot_rules().get(slot)
                label = _labels().get(rule.field, "") if rule else ""
                number = value if slot == "hardware_model" and isinstance(value, str) else None
                if rule is not None and slot != "hardware_model":
                    number = _from_slot(rule, value)
                if not label.startswith(wanted) or number is None:
                    self.losses.append(
                        Loss(f"{at}/hardware/{k}/{slot}", value, f"no IF parameter carries {slot} of a {kind}")
                    )
                    continue
                observation[label] = number

    def _count(self, child: dict[str, Any], observation: dict[str, Any], record: dict[str, Any], at: str) -> None:
        """The functional unit count, named by a Sci plugin in the child's pipeline."""
        kind, count = record.get("functional_unit"), record.get("functional_unit_count")
        if count is None:
            if kind is not None:
                self.losses.append(
                    Loss(f"{at}/functional_unit", kind, "IF names a functional unit only with its count")
                )
            return
        if not isinstance(kind, str) or not _is_number(count):
            self.losses.append(Loss(f"{at}/functional_unit_count", count, "a count without its functional unit"))
            return
        param = reverse_enum_values(VOCABULARY, FU_FIELD, "FunctionalUnitKind").get(kind, kind)
        plugin_id = f"sci-{param}"
        self.plugins[plugin_id] = {"path": "builtin", "method": "Sci", "config": {"functional-unit": param}}
        inputs = child.pop("inputs")
        child.update({"pipeline": {"compute": [plugin_id]}, "inputs": inputs})
        observation[param] = count

    def _assessment(self, index: int, assessment: dict[str, Any]) -> None:
        """An SCI assessment: into its footprint's child when ids pair and figures agree, else its own child."""
        at = f"/sci_assessments/{index}"
        identifier = str(assessment.get("id", f"sci-{index + 1}"))
        base = identifier.removesuffix("-sci")
        paired = self.placed.get(base) if identifier.endswith("-sci") else None
        if paired is not None and self.periods.get(base) == assessment.get("period"):
            first = paired["inputs"][0]
            observation = {"timestamp": first["timestamp"], "duration": first["duration"]}
        else:
            observation = self._timing(assessment, at)
        for slot, value in assessment.items():
            if slot not in SCI_HANDLED:
                self._quantity(observation, slot, value, at)
        self._location(observation, assessment.get("location"), at)
        child: dict[str, Any] = {"inputs": [observation]}
        self._count(child, observation, assessment, at)
        if paired is not None and _agree(paired, child):
            paired["inputs"][0].update(observation)
            if "pipeline" in child:
                paired["pipeline"] = child["pipeline"]
            return
        name = base if base not in self.placed and base not in self.children else identifier
        if f"{name}-sci" != identifier:
            self.losses.append(Loss(f"{at}/id", identifier, f"written as component {name!r}, read back as {name}-sci"))
        self.children[name] = child
        self.placed[name] = child


def _placeholder(key: str, value: Any) -> bool:
    """What disclosure_shell fills when a source lacks it: not the disclosure's own data, so not a loss."""
    placeholders = {
        "reporting_entity": {"name": UNKNOWN_ENTITY},
        "reporting_period": {"start_date": "1970-01-01", "end_date": "9999-12-31"},
    }
    return placeholders.get(key) == value


def _agree(paired: dict[str, Any], child: dict[str, Any]) -> bool:
    """Whether an SCI observation can share its footprint's observation (no parameter differs)."""
    mine, theirs = paired["inputs"][0], child["inputs"][0]
    same = all(mine[key] == value for key, value in theirs.items() if key in mine)
    return same and paired.get("pipeline", child.get("pipeline")) == child.get("pipeline", paired.get("pipeline"))


def _records(disclosure: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = disclosure.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _last_day(start: date, seconds: float) -> date | None:
    """The day a time step that begins at 00:00 on `start` and lasts `seconds` ends on (the reader's rule);
    None past the year 9999."""
    begin = datetime(start.year, start.month, start.day)
    try:
        return (begin + timedelta(seconds=seconds, microseconds=-1)).date() if seconds > 0 else start
    except OverflowError:
        return None


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def write_manifest(disclosure: dict[str, Any]) -> Conversion:
    """A canonical disclosure as an IF manifest (YAML text)."""
    import yaml

    if not isinstance(disclosure, dict):
        raise ConversionError("a canonical disclosure is a mapping")
    writer = _Writer(disclosure)
    manifest = writer.manifest()
    text = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=110)
    return Conversion("aistd", "impact-framework", text, writer.losses, writer.fills)


class ImpactFrameworkFormat:
    """GSF Impact Framework manifests (YAML)."""

    name = "impact-framework"
    vocabulary = VOCABULARY
    suffixes = (".yml", ".yaml")

    def sniff(self, path: str, text: str) -> bool:
        """A YAML mapping with a top-level `tree` and an `initialize` or `name` beside it."""
        return bool(re.search(r"(?m)^tree:[ \t]*(#.*)?$", text) and re.search(r"(?m)^(initialize|name):", text))

    def read(self, text: str, path: str) -> Conversion:
        """Each leaf component as a footprint, and an SCI assessment where it has SCI scores."""
        return read_manifest(text, path)

    def write(self, disclosure: dict[str, Any]) -> Conversion:
        """One child per footprint (grouped by stage) whose one observation carries the figures."""
        return write_manifest(disclosure)
