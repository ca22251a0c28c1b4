"""One leaf component of an IF manifest read into a stage footprint and, when it has SCI scores, an SCI
assessment: amounts summed over its observations, anything else kept only when the same in every one."""

from __future__ import annotations

from typing import Any

from aistd.conversion.dates import instant, last_day
from aistd.conversion.disclosure import normalised
from aistd.conversion.fields import FieldRule, enum_values, tidy, to_slot_value, with_unit
from aistd.conversion.formats.impact_framework.terms import (
    CARRYING,
    EXTENSIVE,
    FU_FIELD,
    VOCABULARY,
    labels,
    numeric_plain_slots,
    parameter_rules,
    uncarried_predicates,
)
from aistd.conversion.formats.impact_framework.tree import Leaf, Series, aggregate, observations, parameter_series
from aistd.conversion.journal import Journal
from aistd.conversion.slots import class_slots, enum_members, is_number
from aistd.conversion.units import unit_code
from aistd.knowledge.units import admitted_units, magnitude, slot_classes
from aistd.model.message import says
from aistd.model.pointer import hashable

BOUNDARY_REASON = says(
    "IF states no boundary: its energy covers what the component's plugins add up (CPU, memory, and network when given)"
)
SCORE_REASON = says(
    "sci varies over the observations: the component's score is its summed carbon over its summed functional"
    " units (SCI = C / R)"
)


class Component:
    """One leaf component read into a footprint and, when it has SCI scores, an SCI assessment."""

    def __init__(
        self,
        leaf: Leaf,
        component_id: str,
        journal: Journal,
        functional_unit: tuple[str, str] | None,
        declared: dict[str, tuple[str, str]],
        reported: set[tuple[str, str, Any]] | None = None,
    ) -> None:
        self.leaf, self.id, self.journal = leaf, component_id, journal
        # losses reported once per read (a default inherited by many leaves), shared by the read's components: a
        # set: looking for the same loss among all the journal's would be quadratic in the components
        self.reported = reported if reported is not None else set()
        self.functional_unit = functional_unit  # (parameter name, where it is named)
        self.declared = declared  # units the plugins declare: parameter -> (unit, pointer)
        self.footprint: dict[str, Any] = {"id": component_id, "stage": "other"}
        self.sci: dict[str, Any] = {"id": f"{component_id}-sci"}
        self.hardware: dict[str, dict[str, Any]] = {}
        self.sources: dict[tuple[str, str], str] = {}  # (record, slot) -> source pointer
        self.ranks: dict[tuple[str, str], int] = {}

    def convert(self) -> None:
        """Read the component's observations into its records."""
        key, items = observations(self.leaf)
        if not items:
            for value, pointer in self.leaf.defaults.values():
                reason = says("default of component {id!r}, which has no observations", id=self.id)
                self.journal.lost(pointer, value, reason)
            return
        series = parameter_series(self.leaf, key, items)
        has_sci = "sci" in series
        self._period(series)
        for name, one in series.items():
            if name != "timestamp":
                self._parameter(one, has_sci)
        self._complete(has_sci)

    def _period(self, series: dict[str, Series]) -> None:
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
                self.journal.lost(stamp[1], stamp[0], says("malformed timestamp: left out of the period"))
                continue
            seconds = length[0] if length is not None and is_number(length[0]) and length[0] > 0 else 0
            end = last_day(moment, seconds)
            if end is None:  # a duration that ends past the year 9999
                value, where = length if length is not None else stamp
                self.journal.lost(where, value, says("the step would end after the year 9999: not in the period"))
                continue
            starts.append((moment.date(), stamp[1]))
            ends.append(end)
        if starts:
            first = min(starts)
            self.footprint["period"] = {"start_date": first[0].isoformat(), "end_date": max(ends).isoformat()}
            self.sources[("footprint", "period")] = first[1]

    def _parameter(self, series: Series, has_sci: bool) -> None:
        """Carry one parameter into every slot its rows name, or report it."""
        name = series.name
        is_fu = self.functional_unit is not None and name == self.functional_unit[0]
        field_id = FU_FIELD if is_fu else labels().get(name, "")
        if field_id == FU_FIELD and not is_fu:
            reason = says(
                "{name!r} names the functional unit in the Sci plugin's config; as an observation it counts nothing",
                name=name,
            )
            self.journal.lost(series.first_pointer(), series.summary(), reason)
            return
        rules = parameter_rules().get(field_id, ())
        pointer = series.first_pointer()
        if not rules:
            reason = says("no aistd slot for the IF parameter {name!r}", name=name)
            if field_id in uncarried_predicates():
                predicate = uncarried_predicates()[field_id]
                reason = says(
                    "{name!r} is only a {predicate} of an aistd slot: its value is not carried",
                    name=name,
                    predicate=predicate,
                )
            self.journal.lost(pointer, series.summary(), reason)
            return
        extensive = (name in EXTENSIVE or is_fu) and not (is_fu and series.from_defaults)
        value, problem = aggregate(series, extensive)
        if problem is not None:
            self.journal.lost(pointer, series.summary(), says("{name}: {problem}", name=name, problem=problem))
            return
        placed = [self._place(rule, name, value, pointer, has_sci) for rule in rules]
        if not any(placed):
            reason = says("{name}: an SCI input, carried only by an SCI assessment, which needs sci", name=name)
            self.journal.lost(pointer, value, reason)

    def _place(self, rule: FieldRule, name: str, value: Any, pointer: str, has_sci: bool) -> bool:
        """Put one value into the record its slot belongs to; False when no record takes it."""
        slot = rule.slot
        converted = self._converted(rule, name, value, pointer)
        if converted is None:
            return True
        targets = []
        if slot in class_slots("StageFootprint"):
            targets.append(("footprint", self.footprint))
        if has_sci and slot in class_slots("SCIAssessment"):
            targets.append(("sci", self.sci))
        if slot in class_slots("Location"):
            targets = [("location", self.footprint.setdefault("location", {}))]
        if slot in class_slots("HardwareItem") and not targets:
            kind = "cpu" if name.startswith("cpu/") else "device"
            targets = [(f"hardware:{kind}", self.hardware.setdefault(kind, {}))]
        for record, target in targets:
            self._set(record, target, rule, converted, pointer)
        return bool(targets)

    def _converted(self, rule: FieldRule, name: str, value: Any, pointer: str) -> Any:
        """The value in the slot's terms, or None after reporting why it cannot be."""
        if slot_classes().get(rule.slot) is None and rule.slot not in numeric_plain_slots():
            if isinstance(value, str):
                return value
            self._lost_once(pointer, value, says("{name}: not a text", name=name))
            return None
        if not is_number(value):
            self._lost_once(pointer, value, says("{name}: not a number", name=name))
            return None
        unit = self._declared_unit(name, rule)
        return to_slot_value(rule if unit is None else with_unit(rule, unit), value)

    def _lost_once(self, pointer: str, value: Any, reason: str) -> None:
        """Report a loss unless this read reported the same one already (a value that feeds several slots)."""
        key = (pointer, reason, hashable(value))
        if key not in self.reported:
            self.reported.add(key)
            self.journal.lost(pointer, value, reason)

    def _declared_unit(self, name: str, rule: FieldRule) -> str | None:
        """A unit the manifest declares for the parameter, when it is one the slot admits (else IF's convention)."""
        declared = self.declared.get(name)
        if declared is None or slot_classes().get(rule.slot) is None:
            return None
        code = unit_code(declared[0], admitted_units(rule.slot))
        return code if code != rule.unit else None

    def _set(self, record: str, target: dict[str, Any], rule: FieldRule, value: Any, pointer: str) -> None:
        """Set a slot unless a better-matching field already set it (then the other is reported)."""
        key, rank = (record, rule.slot), CARRYING.index(rule.predicate)
        if key in self.ranks and rank >= self.ranks[key]:
            label = labels().get(rule.field, rule.field)
            reason = says("{label}: {slot} is already given by an equal or closer field", label=label, slot=rule.slot)
            self.journal.lost(pointer, value, reason)
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
        stages = [normalised(name) for name in self.leaf.path if normalised(name) in enum_members("LifecycleStage")]
        if stages:
            self.footprint["stage"] = stages[-1]
            return
        reason = says("the manifest names no lifecycle stage for the component")
        self.journal.filled(f"/footprints/{{{self.id}}}/stage", "other", reason)

    def _footprint_fills(self) -> None:
        footprint = self.footprint
        if "energy_consumption" in footprint:
            boundary = "it-equipment" if self._has_param("network/energy") else "compute-node"
            footprint["energy_boundary"] = boundary
            self.journal.filled(f"/footprints/{{{self.id}}}/energy_boundary", boundary, BOUNDARY_REASON)
        if "operational_emissions" in footprint:
            footprint["emissions_accounting_method"] = self.journal.filled(
                f"/footprints/{{{self.id}}}/emissions_accounting_method",
                "location-based",
                says("IF's carbon-operational applies a grid carbon intensity (the SCI rule: location-based)"),
            )

    def _has_param(self, name: str) -> bool:
        return any(name in item for _, item in observations(self.leaf)[1])

    def _functional_unit(self, record: dict[str, Any], where: str) -> None:
        """Name the functional unit the Sci plugin's config gives, when the record counts one."""
        if "functional_unit_count" not in record or self.functional_unit is None:
            return
        name = self.functional_unit[0]
        kind = enum_values(VOCABULARY, FU_FIELD, "FunctionalUnitKind").get(name)
        if kind is None and normalised(name) in enum_members("FunctionalUnitKind"):
            kind = normalised(name)
        if kind is None:
            record["functional_unit_description"] = f"IF functional unit {name!r}"
            reason = says("IF's functional unit {name!r} has no aistd kind", name=name)
            kind = self.journal.filled(f"/{where}/{{{record['id']}}}/functional_unit", "other", reason)
        record["functional_unit"] = kind
        self.sources[("footprint" if where == "footprints" else "sci", "functional_unit")] = self.functional_unit[1]

    def _hardware(self) -> None:
        items = []
        if self.hardware.get("cpu"):
            items.append({"hardware_type": "cpu", **self.hardware["cpu"]})
        if self.hardware.get("device"):
            items.append({"hardware_type": "other", **self.hardware["device"]})
            self.journal.filled(
                f"/footprints/{{{self.id}}}/hardware/{len(items) - 1}/hardware_type",
                "other",
                says("IF's device/* parameters describe an unspecified device (often a whole server)"),
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
            self._drop_sci(says("the Sci plugin's functional unit and its count are not given"))
            return
        self._functional_unit(sci, "sci_assessments")
        if "sci_score" not in sci:
            self._window_score()

    def _window_score(self) -> None:
        """When sci varies over the observations, the score of the whole component is carbon / R (a Fill)."""
        carbon, count = self.sci.get("sci_total_carbon"), self.sci.get("functional_unit_count")
        if not isinstance(carbon, dict) or not is_number(count) or count <= 0:
            self._drop_sci(says("sci varies over the observations and carbon or the functional unit count is missing"))
            return
        kilograms = magnitude({"sci_total_carbon": carbon}, "sci_total_carbon", "kg{CO2eq}")
        if kilograms is None:
            self._drop_sci(says("the carbon total is unreadable"))
            return
        score = {"value": tidy(kilograms * 1000 / count), "unit": "g{CO2eq}"}
        self.sci["sci_score"] = self.journal.filled(
            f"/sci_assessments/{{{self.sci['id']}}}/sci_score", score, SCORE_REASON
        )

    def _drop_sci(self, reason: str) -> None:
        kept = {k: v for k, v in self.sci.items() if k not in ("id", "location", "period")}
        self.journal.lost(
            f"{self.leaf.pointer}", kept, says("no SCI assessment for {id!r}: {reason}", id=self.id, reason=reason)
        )
        self.sci = {}
