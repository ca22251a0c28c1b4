"""Writing a BoAmps report valid against the current schema: the footprints with an energy figure as its
measures, their shared stage, hardware, location and intensity as the task, infrastructure and environment;
what the schema requires and the disclosure lacks is filled."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aistd.conversion.dates import day, last_day
from aistd.conversion.disclosure import is_placeholder, is_stated_name, slug
from aistd.conversion.fields import from_slot_value, reverse_enum_values
from aistd.conversion.footprints import indexed_records
from aistd.conversion.formats.boamps.terms import PREFIX, VOCABULARY, field_name, key_of, writing_rules
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.knowledge.units import magnitude
from aistd.model.calendar import last_day as last_of
from aistd.model.message import says

FOOTPRINT_SLOTS = frozenset(
    {
        "id",
        "stage",
        "system",
        "period",
        "energy_consumption",
        "duration",
        "cpu_utilization",
        "accelerator_utilization",
        "tool",
        "hardware",
        "location",
        "grid_carbon_intensity",
        "functional_unit",
        "functional_unit_count",
        "data_quality",
        "description",
        "method",
    }
)
TOP_SLOTS = frozenset(
    {"id", "schema_version", "reporting_entity", "reporting_period", "issued", "ai_systems", "footprints"}
)
Measured = list[tuple[int, dict[str, Any]]]


class _ReportWriter:
    """Builds the report and keeps the journal of what it could not carry or had to fill."""

    def __init__(self, disclosure: dict[str, Any]) -> None:
        self.disclosure = disclosure
        self.journal = Journal()

    def report(self) -> dict[str, Any]:
        """The whole report; ConversionError when no footprint has an energy figure to be a measure."""
        footprints = indexed_records(self.disclosure, "footprints")
        measured = [(i, fp) for i, fp in footprints if magnitude(fp, "energy_consumption") is not None]
        if not measured:
            raise ConversionError(
                says("a BoAmps report needs at least one energy measure; the disclosure has no energy figure")
            )
        for index, footprint in footprints:
            if magnitude(footprint, "energy_consumption") is None:
                self.journal.lost(f"/footprints/{index}", footprint, says("BoAmps measures need an energy figure"))
        report: dict[str, Any] = {"header": self._header()}
        report["task"] = self._task([fp for _, fp in measured], measured)
        report["measures"] = [self._measure(i, fp) for i, fp in measured]
        report["infrastructure"] = self._infrastructure(measured)
        environment = self._environment(measured)
        if environment:
            report["environment"] = environment
        quality = self._shared(measured, "data_quality")
        if quality is not None:
            grade = reverse_enum_values(VOCABULARY, PREFIX + "quality", "DataQuality").get(quality)
            report[key_of("data_quality")] = grade
        for key, value in self.disclosure.items():
            if key not in TOP_SLOTS:
                self.journal.lost(f"/{key}", value, says("a BoAmps report has no place for it"))
        return report

    def _header(self) -> dict[str, Any]:
        d, journal = self.disclosure, self.journal
        header: dict[str, Any] = {}
        if isinstance(d.get("id"), str):
            header[key_of("id")] = d["id"]
        issued = d.get("issued")
        if isinstance(issued, str):
            header[key_of("issued")] = journal.filled(
                "/issued", f"{issued} 00:00:00", says("BoAmps wants the report's date and time: the issue day at 00:00")
            )
        else:
            period = d.get("reporting_period") if isinstance(d.get("reporting_period"), dict) else {}
            end = last_of(period.get("end_date"))
            if end is None:  # nothing to date the report by: left out rather than invented
                reason = says(
                    "BoAmps requires the report's date; the disclosure states neither its issue day nor a period"
                )
                journal.lost("/header/reportDatetime", None, reason)
            else:
                header[key_of("issued")] = journal.filled(
                    "/header/reportDatetime",
                    f"{end.isoformat()} 00:00:00",
                    says("BoAmps requires the report's date: the reporting period's last day"),
                )
        entity = d.get("reporting_entity") if isinstance(d.get("reporting_entity"), dict) else {}
        publisher: dict[str, Any] = {}
        if is_stated_name(entity):
            publisher[key_of("reporting_entity")] = entity["name"]
        for key, value in entity.items():
            if key not in ("name", "not_stated"):
                journal.lost(f"/reporting_entity/{key}", value, says("BoAmps names the publisher only"))
        publisher["confidentialityLevel"] = journal.filled(
            "/header/publisher/confidentialityLevel",
            "public",
            says("BoAmps requires a confidentiality level; a disclosure is public"),
        )
        header["publisher"] = publisher
        period = d.get("reporting_period")
        if isinstance(period, dict) and not is_placeholder("reporting_period", period):
            reason = says("BoAmps has no reporting period: the measures' dates stand for it")
            journal.lost("/reporting_period", period, reason)
        return header

    def _task(self, footprints: list[dict[str, Any]], measured: Measured) -> dict[str, Any]:
        stages = []
        for footprint in footprints:
            stage = footprint.get("stage") if isinstance(footprint.get("stage"), str) else "other"
            spelled = reverse_enum_values(VOCABULARY, PREFIX + "taskStage", "LifecycleStage").get(stage, stage)
            if spelled not in stages:
                stages.append(spelled)
        if len(stages) > 1:
            reason = says(
                "BoAmps has one task per report: stages joined with '+', which measure is which stage is lost"
            )
            self.journal.lost("/footprints/*/stage", stages, reason)
        task: dict[str, Any] = {key_of("stage"): "+".join(stages)}
        task["taskFamily"] = self.journal.filled(
            "/task/taskFamily", "unspecified", says("BoAmps requires a task family; aistd has none")
        )
        count = self._shared(measured, "functional_unit_count", lambda fp: fp.get("functional_unit") == "request")
        if count is not None:
            task[key_of("functional_unit_count")] = count
        task["algorithms"] = self._algorithms()
        task["dataset"] = self.journal.filled(
            "/task/dataset",
            [{"dataUsage": "input", "dataType": "other"}],
            says("BoAmps requires a dataset; aistd describes none"),
        )
        description = self._shared(measured, "description")
        if description is not None:
            task[key_of("description")] = description
        return task

    def _algorithms(self) -> list[dict[str, Any]]:
        """Each AI system as an algorithm: a foundation model's name for general-purpose models."""
        algorithms = [
            self._algorithm(index, system) for index, system in indexed_records(self.disclosure, "ai_systems")
        ]
        if not algorithms:
            algorithms = self.journal.filled(
                "/task/algorithms",
                [{}],
                says("BoAmps requires at least one algorithm; the disclosure names no AI system"),
            )
        return algorithms

    def _algorithm(self, index: int, system: dict[str, Any]) -> dict[str, Any]:
        item: dict[str, Any] = {}
        carried = set()
        general = str(system.get("system_type", "")).startswith("general-purpose")
        if isinstance(system.get("name"), str):
            item["foundationModelName" if general else "algorithmName"] = system["name"]
            carried.add("name")
        rule = writing_rules().get("parameter_count")
        number = from_slot_value(rule, system.get("parameter_count")) if rule is not None else None
        if rule is not None and isinstance(number, int | float) and not isinstance(number, bool):
            item[field_name(rule)] = number
            carried.add("parameter_count")
        if system.get("id") == slug(str(system.get("name", "")), "system"):
            carried.add("id")  # read back from the name
        for key, value in system.items():
            if key not in carried:
                reason = says("BoAmps algorithms carry a name and a numeric parameter count only")
                self.journal.lost(f"/ai_systems/{index}/{key}", value, reason)
        return item

    def _measure(self, index: int, footprint: dict[str, Any]) -> dict[str, Any]:
        at, journal = f"/footprints/{index}", self.journal
        measure: dict[str, Any] = {}
        tool = footprint.get("tool") if isinstance(footprint.get("tool"), dict) else self._methodology_tool()
        measure[key_of("tool")] = tool.get("name") or journal.filled(
            f"{at}/tool/name", "unknown", says("BoAmps requires a measurement method; the footprint names no tool")
        )
        if tool.get("version"):
            measure[key_of("version")] = tool["version"]
        for key, value in tool.items():
            if key not in ("name", "version"):
                journal.lost(f"{at}/tool/{key}", value, says("BoAmps names a tool and its version only"))
        for slot in ("energy_consumption", "duration", "cpu_utilization", "accelerator_utilization"):
            rule = writing_rules().get(slot)
            if rule is not None and footprint.get(slot) is not None:
                number = from_slot_value(rule, footprint[slot])
                if isinstance(number, int | float):
                    measure[field_name(rule)] = number
                else:
                    journal.lost(f"{at}/{slot}", footprint[slot], says("not convertible to BoAmps' unit"))
        self._measure_time(measure, footprint, at)
        for key, value in footprint.items():
            if key not in FOOTPRINT_SLOTS:
                journal.lost(f"{at}/{key}", value, says("a BoAmps measure has no place for it"))
        if footprint.get("method"):
            journal.lost(f"{at}/method", footprint["method"], says("BoAmps has no method text"))
        if footprint.get("functional_unit_count") is not None and footprint.get("functional_unit") != "request":
            journal.lost(
                f"{at}/functional_unit_count", footprint["functional_unit_count"], says("BoAmps counts requests only")
            )
        if footprint.get("id") != f"measure-{index + 1}":
            reason = says("BoAmps measures have no id (read back as measure-{number})", number=index + 1)
            journal.lost(f"{at}/id", footprint.get("id"), reason)
        return measure

    def _methodology_tool(self) -> dict[str, Any]:
        """The disclosure-wide tool stands for a footprint's own when it names none."""
        methodology = self.disclosure.get("methodology")
        tool = methodology.get("tool") if isinstance(methodology, dict) else None
        return tool if isinstance(tool, dict) else {}

    def _measure_time(self, measure: dict[str, Any], footprint: dict[str, Any], at: str) -> None:
        period = footprint.get("period") if isinstance(footprint.get("period"), dict) else None
        start = day(period.get("start_date")) if period else None
        if period is None or start is None:
            return
        measure[key_of("period")] = self.journal.filled(
            f"{at}/period/start_date",
            f"{start.isoformat()} 00:00:00",
            says("BoAmps wants a start time: the first day at 00:00"),
        )
        end = last_day(start, magnitude(footprint, "duration", "s") or 0)
        if day(period.get("end_date")) != end:
            reason = says("BoAmps gives a start time and a duration only")
            self.journal.lost(f"{at}/period/end_date", period.get("end_date"), reason)

    def _infrastructure(self, measured: Measured) -> dict[str, Any]:
        infrastructure: dict[str, Any] = {
            "infraType": self.journal.filled(
                "/infrastructure/infraType", "other", says("BoAmps requires an infrastructure type; aistd has none")
            )
        }
        provider = self._shared(measured, "location", lambda fp: True, sub="cloud_provider")
        if provider is not None:
            infrastructure[key_of("cloud_provider")] = provider
        components = []
        seen: list[Any] = []
        for index, footprint in measured:
            for k, item in enumerate(footprint.get("hardware") or []):
                if item in seen:
                    continue
                seen.append(item)
                components.append(self._component(item, f"/footprints/{index}/hardware/{k}"))
        if not components:
            components = self.journal.filled(
                "/infrastructure/components",
                [{key_of("hardware_type"): "other", key_of("hardware_count"): 1}],
                says("BoAmps requires a component; the disclosure lists no hardware"),
            )
        infrastructure["components"] = components
        return infrastructure

    def _component(self, item: Any, at: str) -> dict[str, Any]:
        item = item if isinstance(item, dict) else {}
        kind = item.get("hardware_type", "other")
        spelled = reverse_enum_values(VOCABULARY, PREFIX + "componentType", "HardwareType").get(kind, kind)
        component: dict[str, Any] = {key_of("hardware_type"): spelled}
        if isinstance(item.get("hardware_model"), str):
            component[key_of("hardware_model")] = item["hardware_model"]
        count = item.get("hardware_count")
        component[key_of("hardware_count")] = (
            count
            if isinstance(count, int) and count >= 1
            else self.journal.filled(f"{at}/hardware_count", 1, says("BoAmps requires a component count"))
        )
        if item.get("hardware_share") is not None:
            component[key_of("hardware_share")] = item["hardware_share"]
        for key, value in item.items():
            if key not in ("hardware_type", "hardware_model", "hardware_count", "hardware_share"):
                self.journal.lost(f"{at}/{key}", value, says("a BoAmps component has no place for it"))
        return component

    def _environment(self, measured: Measured) -> dict[str, Any]:
        environment: dict[str, Any] = {}
        country = self._shared(measured, "location", lambda fp: True, sub="country")
        intensity_rule = writing_rules().get("grid_carbon_intensity")
        intensity = self._shared(measured, "grid_carbon_intensity")
        if intensity is not None and intensity_rule is not None:
            number = from_slot_value(intensity_rule, intensity)
            if isinstance(number, int | float):
                environment[key_of("grid_carbon_intensity")] = number
        if country is not None:
            environment[key_of("country")] = country
        elif environment:
            environment[key_of("country")] = self.journal.filled(
                "/environment/country", "unknown", says("BoAmps requires a country beside the carbon intensity")
            )
        for index, footprint in measured:
            location = footprint.get("location") if isinstance(footprint.get("location"), dict) else {}
            for key, value in location.items():
                if key not in ("country", "cloud_provider"):
                    reason = says("BoAmps gives a country and a cloud provider only")
                    self.journal.lost(f"/footprints/{index}/location/{key}", value, reason)
        return dict(sorted(environment.items(), key=lambda kv: kv[0] != key_of("country")))

    def _shared(
        self,
        measured: Measured,
        slot: str,
        keep: Callable[[dict[str, Any]], bool] | None = None,
        sub: str | None = None,
    ) -> Any:
        """One report-wide value from the footprints: the first, with losses for any that differ."""
        chosen, first = None, None
        for index, footprint in measured:
            if keep is not None and not keep(footprint):
                continue
            value = footprint.get(slot)
            if sub is not None:
                value = value.get(sub) if isinstance(value, dict) else None
            if value is None:
                continue
            where = f"/footprints/{index}/{slot}" + (f"/{sub}" if sub else "")
            if first is None:
                chosen, first = value, where
            elif value != chosen:
                self.journal.lost(
                    where, value, says("BoAmps has one value per report; {first} is written", first=first)
                )
        return chosen


def write_report(disclosure: dict[str, Any]) -> Conversion:
    """A report valid against the current BoAmps schema; what it requires and the disclosure lacks is filled."""
    if not isinstance(disclosure, dict):
        raise ConversionError(says("a canonical disclosure is a mapping"))
    writer = _ReportWriter(disclosure)
    report = writer.report()
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    return writer.journal.conversion("aistd", "boamps", text)
