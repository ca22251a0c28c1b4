"""Writing an IF manifest: one child per footprint, grouped under its stage, whose single observation carries
the figures in IF's parameter names and units (energy kWh, carbon g, intensity g/kWh, time s, utilisation %);
an SCI assessment joins its footprint's observation when their ids pair and their figures agree."""

from __future__ import annotations

from datetime import date
from typing import Any

from aistd.conversion.dates import DAY_SECONDS, last_day
from aistd.conversion.disclosure import is_placeholder
from aistd.conversion.fields import field_number, reverse_enum_values, tidy
from aistd.conversion.footprints import indexed_records
from aistd.conversion.formats.impact_framework.terms import FU_FIELD, VOCABULARY, labels, slot_rules
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.conversion.slots import is_number
from aistd.knowledge.units import magnitude
from aistd.model.calendar import first_day
from aistd.model.calendar import last_day as last_of
from aistd.model.message import says

FOOTPRINT_HANDLED = frozenset(
    {"id", "stage", "period", "duration", "hardware", "location", "functional_unit", "functional_unit_count"}
)
SCI_HANDLED = frozenset({"id", "period", "location", "functional_unit", "functional_unit_count"})
TOP_HANDLED = frozenset({"schema_version", "title", "description", "footprints", "sci_assessments"})
VERSION_FIELD = "gsfif:execution.environment.if-version"


class _ManifestWriter:
    """Builds the manifest and keeps the journal of what it could not carry or had to fill."""

    def __init__(self, disclosure: dict[str, Any]) -> None:
        self.disclosure = disclosure
        self.journal = Journal()
        self.plugins: dict[str, Any] = {}
        self.children: dict[str, Any] = {}
        self.placed: dict[str, dict[str, Any]] = {}  # footprint id -> its child node
        self.periods: dict[str, Any] = {}  # footprint id -> its period

    def manifest(self) -> dict[str, Any]:
        """The whole manifest."""
        d = self.disclosure
        name = d.get("title")
        if not isinstance(name, str) or not name:
            name = self.journal.filled(
                "/name",
                f"aistd disclosure {d.get('id', '')}".strip(),
                says("IF requires a manifest name; the disclosure has no title"),
            )
        manifest: dict[str, Any] = {"name": name}
        if isinstance(d.get("description"), str):
            manifest["description"] = d["description"]
        for index, (_, footprint) in enumerate(indexed_records(d, "footprints")):
            self._footprint(index, footprint)
        for index, (_, assessment) in enumerate(indexed_records(d, "sci_assessments")):
            self._assessment(index, assessment)
        for key, value in d.items():
            if key not in TOP_HANDLED and not is_placeholder(key, value):
                self.journal.lost(f"/{key}", value, says("an IF manifest has no place for it"))
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
        group = self.children.get(stage)
        if group is None or "children" not in group:  # a stage's group, not a component that has its name
            group = self.children[self._free(stage, f"{at}/stage")] = {"children": {}}
        identifier = self._free(identifier, f"{at}/id", group["children"])
        group["children"][identifier] = child
        self.placed[identifier] = child
        self.periods[identifier] = footprint.get("period")

    def _quantity(self, observation: dict[str, Any], slot: str, value: Any, at: str) -> None:
        """One slot as an IF parameter, or a loss."""
        if slot == "emissions_accounting_method" and value == "location-based":
            return  # IF's carbon-operational is location-based by the SCI rule
        rule = slot_rules().get(slot)
        number = None if rule is None or rule.field == VERSION_FIELD else field_number(rule, value)
        if rule is None or number is None:
            self.journal.lost(f"{at}/{slot}", value, says("no IF parameter carries {slot}", slot=slot))
            return
        observation[labels()[rule.field]] = number

    def _timing(self, record: dict[str, Any], at: str) -> dict[str, Any]:
        """timestamp and duration, which IF requires on every observation."""
        period = record.get("period") if isinstance(record.get("period"), dict) else None
        reporting = self.disclosure.get("reporting_period") or {}
        start = first_day(period.get("start_date")) if period else None
        if start is None:
            start = first_day(reporting.get("start_date"))
            if start is None:  # no day to stand for: the observation is written without a time
                reason = says("IF wants a timestamp and a duration; the disclosure states no period: not stated")
                self.journal.lost(f"{at}/period", period or reporting, reason)
                return {}
            reason = says("IF requires a timestamp; taken from the reporting period")
            self.journal.filled(f"{at}/period/start_date", start.isoformat(), reason)
        seconds = magnitude(record, "duration", "s")
        if seconds is None:
            seconds = self._filled_duration(period, reporting, start, at)
        stamp = self.journal.filled(
            f"{at}/period/start_date",
            f"{start.isoformat()}T00:00:00.000Z",
            says("an IF timestamp is an instant: the first day at 00:00 UTC"),
        )
        end = last_of(period.get("end_date")) if period else None
        if end is not None and last_day(start, seconds) != end:
            reason = says("an IF observation spans only timestamp + duration")
            self.journal.lost(f"{at}/period/end_date", end.isoformat(), reason)
        return {"timestamp": stamp, "duration": tidy(seconds)}

    def _filled_duration(self, period: dict[str, Any] | None, reporting: dict[str, Any], start: date, at: str) -> float:
        span = period or reporting
        end = last_of(span.get("end_date")) if isinstance(span, dict) else None
        seconds = ((end - start).days + 1) * DAY_SECONDS if end and end >= start else DAY_SECONDS
        reason = says("IF requires a duration; the period's length")
        self.journal.filled(f"{at}/duration", {"value": seconds, "unit": "s"}, reason)
        return seconds

    def _location(self, observation: dict[str, Any], location: Any, at: str) -> None:
        if not isinstance(location, dict):
            return
        for slot, value in location.items():
            rule = slot_rules().get(slot)
            if rule is None or not isinstance(value, str):
                reason = says("no IF parameter carries location {slot}", slot=slot)
                self.journal.lost(f"{at}/location/{slot}", value, reason)
                continue
            observation[labels()[rule.field]] = value

    def _hardware(self, observation: dict[str, Any], hardware: Any, at: str) -> None:
        """The first cpu item's TDP and name; the first other item's embodied figures (IF's device/*)."""
        if not isinstance(hardware, list):
            return
        used: set[str] = set()
        for k, item in enumerate(hardware):
            kind = item.get("hardware_type") if isinstance(item, dict) else None
            wanted = {"cpu": "cpu/", "other": "device/"}.get(kind) if kind not in used else None
            if wanted is None:
                self.journal.lost(f"{at}/hardware/{k}", item, says("IF describes one CPU and one device per component"))
                continue
            used.add(kind)
            for slot, value in item.items():
                if slot == "hardware_type":
                    continue
                rule = slot_rules().get(slot)
                label = labels().get(rule.field, "") if rule else ""
                number = value if slot == "hardware_model" and isinstance(value, str) else None
                if rule is not None and slot != "hardware_model":
                    number = field_number(rule, value)
                if not label.startswith(wanted) or number is None:
                    reason = says("no IF parameter carries {slot} of a {kind}", slot=slot, kind=kind)
                    self.journal.lost(f"{at}/hardware/{k}/{slot}", value, reason)
                    continue
                observation[label] = number

    def _count(self, child: dict[str, Any], observation: dict[str, Any], record: dict[str, Any], at: str) -> None:
        """The functional unit count, named by a Sci plugin in the child's pipeline."""
        kind, count = record.get("functional_unit"), record.get("functional_unit_count")
        if count is None:
            if kind is not None:
                self.journal.lost(f"{at}/functional_unit", kind, says("IF names a functional unit only with its count"))
            return
        if not isinstance(kind, str) or not is_number(count):
            self.journal.lost(f"{at}/functional_unit_count", count, says("a count without its functional unit"))
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
        if name in self.children:  # a stage's group (or another assessment): never overwritten
            name = self._free(name, "", self.children)
        if f"{name}-sci" != identifier:
            reason = says("written as component {name!r}, read back as {name}-sci", name=name)
            self.journal.lost(f"{at}/id", identifier, reason)
        self.children[name] = child
        self.placed[name] = child

    def _free(self, name: str, where: str, taken: dict[str, Any] | None = None) -> str:
        """`name`, or `name-2`, `name-3`... when a node among `taken` (the tree's top level unless told) has it
        already: two nodes of one name would be one YAML key, the second overwriting the first. A changed name is
        reported at `where`."""
        pool = taken if taken is not None else self.children
        if name not in pool:
            return name
        number = 2
        while f"{name}-{number}" in pool:
            number += 1
        if where:
            reason = says(
                "another node of the manifest has that name: written as {name}-{number}", name=name, number=number
            )
            self.journal.lost(where, name, reason)
        return f"{name}-{number}"


def _agree(paired: dict[str, Any], child: dict[str, Any]) -> bool:
    """Whether an SCI observation can share its footprint's observation (no parameter differs)."""
    mine, theirs = paired["inputs"][0], child["inputs"][0]
    same = all(mine[key] == value for key, value in theirs.items() if key in mine)
    return same and paired.get("pipeline", child.get("pipeline")) == child.get("pipeline", paired.get("pipeline"))


def write_manifest(disclosure: dict[str, Any]) -> Conversion:
    """A canonical disclosure as an IF manifest (YAML text)."""
    from aistd.conversion.yaml_writing import yaml_text

    if not isinstance(disclosure, dict):
        raise ConversionError(says("a canonical disclosure is a mapping"))
    writer = _ManifestWriter(disclosure)
    manifest = writer.manifest()
    text = yaml_text(manifest)
    return writer.journal.conversion("aistd", "impact-framework", text)
