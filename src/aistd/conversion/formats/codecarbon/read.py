"""Reading an emissions.csv: one footprint per run (the last snapshot of each run_id), each column carried
by the slot its crosswalk row names, or reported lost once per column and reason."""

from __future__ import annotations

import math
from pathlib import PurePath
from typing import Any

from aistd.conversion.countries import country_record, has_pycountry
from aistd.conversion.dates import ISO_DAY
from aistd.conversion.disclosure import STAGE_NOT_STATED, disclosure_shell, slug
from aistd.conversion.fields import FieldRule, field_rules, part_fields, to_slot_value
from aistd.conversion.formats.codecarbon.columns import (
    NO_SLOT,
    OWN_COLUMNS,
    PREFIX,
    TOOL_NAME,
    VOCABULARY,
    count_prefix,
    measurement_period,
    number,
    part_reason,
    rate_unit,
)
from aistd.conversion.formats.codecarbon.table import (
    Row,
    Run,
    duration_of,
    read_runs,
    run_key_column,
    too_many_values,
)
from aistd.conversion.journal import Conversion, Journal
from aistd.conversion.slots import slot_homes, within_limits
from aistd.load.limits import MAX_VALUES
from aistd.model.message import says

STAGE_REASON = says(
    "CodeCarbon records no lifecycle stage: not stated; merge with a model card or"
    " set it with --set {example} (fine-tuning, inference...)",
    example="/footprints/*/stage=training",
)
MAX_LISTED = 20
"""The most lines a reason lists (the rest are counted)."""
MAX_LISTED_LINES = 10_000
"""The most superseded lines a run's loss lists one by one; past that, their count, first and last."""
SYSTEM_REASON = says(
    "CodeCarbon names no AI system: the run's project_name stands for it (merge with a model card, or set it with"
    " --set, to name the model)"
)


class _RunReader:
    """The state of one read: the journal, and values kept per column for the loss report."""

    def __init__(self, header: list[str], journal: Journal) -> None:
        self.header = header
        self.journal = journal
        self.rules = field_rules(VOCABULARY)
        self.parts = part_fields(VOCABULARY)
        self.unread: dict[tuple[str, str], dict[str, str]] = {}

    def lose(self, column: str, footprint_id: str, raw: str, reason: str) -> None:
        """Keep a value for the per-column loss report."""
        self.unread.setdefault((column, reason), {})[footprint_id] = raw

    def report_unread(self, runs: int) -> None:
        """One loss per column and reason: the value when every run has the same, else the value per footprint."""
        order = {column: index for index, column in enumerate(self.header)}
        for (column, reason), values in sorted(self.unread.items(), key=lambda item: order.get(item[0][0], 0)):
            distinct = set(values.values())
            value: Any = next(iter(distinct)) if len(distinct) == 1 and len(values) == runs else values
            self.journal.lost(column, value, reason)

    def place(self, pointer: str, row: Row, column: str) -> None:
        """Record where a carried value came from."""
        self.journal.carried_at(pointer, (row.line, row.columns.get(column, 1)))

    def footprint(self, run: Run, index: int, rate: tuple[str, str]) -> dict[str, Any]:
        """The footprint of one run."""
        row, cells = run.row, run.row.cells
        identifier = run.key or f"codecarbon-line-{row.line}"
        pointer = f"/footprints/{index}"
        fp: dict[str, Any] = {"id": identifier, "stage": STAGE_NOT_STATED}
        self.journal.carried_at(pointer, (row.line, 1))
        self.journal.filled(f"{pointer}/stage", STAGE_NOT_STATED, STAGE_REASON)
        fp["description"] = self._description(run)
        key_column = run_key_column(self.header)  # once, not per column: a header may have a million columns
        for column in self.header:
            raw = cells.get(column, "")
            if raw and column not in OWN_COLUMNS and column != key_column:
                self._column(fp, pointer, row, column, raw)
        self._dates(fp, pointer, row)
        self._location(fp, pointer, row)
        self._hardware(fp, pointer, row)
        self._water(fp, pointer, row)
        self._energy(fp, pointer, row)
        self._rate(fp, identifier, row, rate)
        if "operational_emissions" in fp:
            fp["emissions_accounting_method"] = "location-based"  # CodeCarbon's grid factors are location-based
        fp["tool"] = {"name": TOOL_NAME, **fp.pop("tool", {})}
        self._superseded(run)
        return _ordered(fp)

    def _description(self, run: Run) -> str:
        cells = run.row.cells
        text = f"CodeCarbon run {run.key}" if run.key else f"CodeCarbon run (line {run.row.line})"
        if cells.get("project_name"):
            text += f" of project {cells['project_name']!r}"
        return text

    def _column(self, fp: dict[str, Any], pointer: str, row: Row, column: str, raw: str) -> None:
        """A column carried by its slot alone, or reported lost."""
        rule = self.rules.get(PREFIX + column)
        identifier = fp["id"]
        if rule is None:
            self.lose(column, identifier, raw, NO_SLOT.get(column) or says("a column this converter does not know"))
        elif rule.field in self.parts:
            self.lose(column, identifier, raw, part_reason(column, rule.slot))
        elif slot_homes().get(rule.slot) not in ("StageFootprint", "Location", "Tool"):
            self.lose(column, identifier, raw, says("aistd's {slot} is not a footprint slot", slot=rule.slot))
        else:
            value = _value(rule, raw)
            if value is None or not within_limits(rule.slot, value):
                self.lose(column, identifier, raw, says("not a valid {slot} value", slot=rule.slot))
                return
            home = slot_homes()[rule.slot]
            target = fp if home == "StageFootprint" else fp.setdefault(home.lower(), {})
            target[rule.slot] = value
            inner = "" if home == "StageFootprint" else f"/{home.lower()}"
            self.place(f"{pointer}{inner}/{rule.slot}", row, column)

    def _dates(self, fp: dict[str, Any], pointer: str, row: Row) -> None:
        raw = row.cells.get("timestamp", "")
        if not raw:
            return
        period = measurement_period(raw, number(row.cells.get("duration", "")))
        if period is None:
            reason = says("not an ISO 8601 time, or no duration to tell the start: no measurement period")
            self.lose("timestamp", fp["id"], raw, reason)
            return
        fp["measurement_period"] = period
        self.place(f"{pointer}/measurement_period", row, "timestamp")
        if not ISO_DAY.match(raw):
            reason = says(
                "the time the row was written: only its date is carried"
                " (measurement_period.end_date; the start date is that time minus the duration)"
            )
            self.lose("timestamp", fp["id"], raw, reason)

    def _location(self, fp: dict[str, Any], pointer: str, row: Row) -> None:
        cells, identifier = row.cells, fp["id"]
        code = cells.get("country_iso_code", "")
        country = country_record(code) if len(code) == 3 else None
        if country is not None:
            fp.setdefault("location", {})["country"] = country.alpha_2
            self.place(f"{pointer}/location/country", row, "country_iso_code")
        elif code:
            reason = (
                says("ISO 3166-1 alpha-3, where aistd wants alpha-2: install pycountry to convert it")
                if not has_pycountry()
                else says("not an ISO 3166-1 alpha-3 code")
            )
            self.lose("country_iso_code", identifier, code, reason)
        if cells.get("country_name") and country is None:
            reason = says("a country name; aistd carries the ISO code only, and the code could not be converted")
            self.lose("country_name", identifier, cells["country_name"], reason)
        on_cloud = cells.get("on_cloud", "")
        if on_cloud and not (on_cloud.upper() == "Y" and cells.get("cloud_provider")):
            self.lose("on_cloud", identifier, on_cloud, NO_SLOT["on_cloud"])
        if "location" in fp:
            order = ("country", "region", "cloud_provider", "cloud_region")
            fp["location"] = {k: fp["location"][k] for k in order if k in fp["location"]}

    def _hardware(self, fp: dict[str, Any], pointer: str, row: Row) -> None:
        items = []
        for kind in ("gpu", "cpu"):
            item = self._hardware_item(fp["id"], row, kind)
            if item is not None:
                self.place(f"{pointer}/hardware/{len(items)}", row, f"{kind}_model")
                items.append(item)
        if items:
            fp["hardware"] = items

    def _hardware_item(self, identifier: str, row: Row, kind: str) -> dict[str, Any] | None:
        model, count_text = row.cells.get(f"{kind}_model", ""), row.cells.get(f"{kind}_count", "")
        count = number(count_text) if count_text else None
        prefixed = count_prefix(model)
        if prefixed:  # "2 x Tesla V100S-PCIE-32GB"
            stated, model = prefixed
            if count is None:
                count = int(stated)
            elif count != int(stated):
                column = f"{kind}_count"
                reason = says(
                    "its count disagrees with {column} {count}: {column} kept", column=column, count=count_text
                )
                self.lose(f"{kind}_model", identifier, row.cells[f"{kind}_model"], reason)
        if count is not None and (count != int(count) or count < 1):
            reason = says("not a count of at least one (aistd's hardware_count): no such hardware item")
            self.lose(f"{kind}_count", identifier, count_text, reason)
            count = None
            if not model:
                return None
        elif count_text and count is None:
            self.lose(f"{kind}_count", identifier, count_text, says("not a number"))
        if not model and count is None:
            return None
        item: dict[str, Any] = {"hardware_type": kind}
        if model:
            item[self.rules[f"{PREFIX}{kind}_model"].slot] = model
        if count is not None:
            item[self.rules[f"{PREFIX}{kind}_count"].slot] = int(count)
        return item

    def _water(self, fp: dict[str, Any], pointer: str, row: Row) -> None:
        raw, wue_raw, identifier = row.cells.get("water_consumed", ""), row.cells.get("wue", ""), fp["id"]
        wue = number(wue_raw) if wue_raw else None
        if wue_raw:
            reason = says(
                "the water factor CodeCarbon applied (L/kWh, default 0); aistd"
                " has no per-stage WUE slot (its wue is a data-centre annual figure)"
            )
            self.lose("wue", identifier, wue_raw, reason)
        if not raw:
            return
        water = number(raw)
        if water == 0 and not wue:
            reason = says("0 with wue 0 (CodeCarbon's default) means not estimated, not no water: not carried")
            self.lose("water_consumed", identifier, raw, reason)
            return
        rule = self.rules[PREFIX + "water_consumed"]
        value = None if water is None else to_slot_value(rule, water)
        if value is None or not within_limits(rule.slot, value):
            self.lose("water_consumed", identifier, raw, says("not a valid water volume"))
            return
        fp[rule.slot] = value
        self.place(f"{pointer}/{rule.slot}", row, "water_consumed")

    def _energy(self, fp: dict[str, Any], pointer: str, row: Row) -> None:
        raw = row.cells.get("pue", "")
        pue = number(raw) if raw else None
        rule = self.rules[PREFIX + "pue"]
        if raw and (pue is None or not within_limits(rule.slot, to_slot_value(rule, pue))):
            reason = says("not a PUE of at least 1: the energies were multiplied by it all the same")
            self.lose("pue", fp["id"], raw, reason)
            pue = None
        elif pue is not None:
            fp[rule.slot] = to_slot_value(rule, pue)
            self.place(f"{pointer}/{rule.slot}", row, "pue")
        if "energy_consumption" not in fp:
            return
        fp["energy_boundary"] = "facility" if pue is not None and pue > 1 else "compute-node"
        if pue is not None and pue > 1:
            fp["description"] += (
                f"; the energies include CodeCarbon's pue factor {pue}: compute-node energy times PUE,"
                " reported as facility energy"
            )

    def _rate(self, fp: dict[str, Any], identifier: str, row: Row, rate: tuple[str, str]) -> None:
        raw = row.cells.get("emissions_rate", "")
        if not raw:
            return
        value, emissions = number(raw), number(row.cells.get("emissions", ""))
        duration = number(row.cells.get("duration", ""))
        unit, why = rate
        reason = says(
            "derived (emissions / duration), read in {unit} ({why}); not carried: aistd has no emission-rate"
            " slot, and operational_emissions / duration gives it again",
            unit=unit,
            why=why,
        )
        if value is not None and emissions is not None and duration:
            expected = emissions / duration * (1000 if unit == "g/s" else 1)
            if not math.isclose(value, expected, rel_tol=0.01, abs_tol=1e-15):
                reason = says(
                    "{reason}; this run's disagrees with emissions / duration ({expected:.6g} {unit}):"
                    " it may cover the last interval only",
                    reason=reason,
                    expected=expected,
                    unit=unit,
                )
                self.lose("emissions_rate", identifier, raw, reason)
                return
        self.lose("emissions_rate", identifier, raw, reason)

    def _superseded(self, run: Run) -> None:
        if not run.superseded_lines:
            return
        kept = duration_of(run.row)
        lines = run.superseded_lines
        longer = [line for line, seconds in zip(lines, run.superseded_durations, strict=True) if seconds > kept]
        reason = says(
            "earlier cumulative snapshots of run {run}: superseded by the last one (line {line}), not summed",
            run=run.key,
            line=run.row.line,
        )
        if longer:
            more = says(" and {count:,} more", count=len(longer) - MAX_LISTED) if len(longer) > MAX_LISTED else ""
            reason = says(
                "{reason}; lines {lines}{more} have a longer duration than the kept row, so the rows may not"
                " be cumulative",
                reason=reason,
                lines=longer[:MAX_LISTED],
                more=more,
            )
        listed: Any = lines.tolist() if len(lines) <= MAX_LISTED_LINES else _span(lines)
        value = {"superseded_lines": listed, "kept_line": run.row.line}
        self.journal.lost(f"run_id {run.key}", value, reason)


def _span(lines: Any) -> dict[str, int]:
    """Many superseded lines, told by their count and ends (a log of a million snapshots lists no million lines)."""
    return {"count": len(lines), "first": lines[0], "last": lines[-1]}


def _value(rule: FieldRule, raw: str) -> Any:
    if not rule.unit:
        return raw
    parsed = number(raw)
    return None if parsed is None else to_slot_value(rule, parsed)


def _ordered(fp: dict[str, Any]) -> dict[str, Any]:
    """The footprint's keys in reading order: identity first, each figure beside its boundary, tool last."""
    first = ("id", "system", "stage", "description", "measurement_period", "location")
    follows = {"energy_consumption": "energy_boundary", "operational_emissions": "emissions_accounting_method"}
    result = {key: fp[key] for key in first if key in fp}
    for key, value in fp.items():
        if key not in result and key not in follows.values() and key not in ("hardware", "tool"):
            result[key] = value
            if key in follows and follows[key] in fp:
                result[follows[key]] = fp[follows[key]]
    result.update({key: fp[key] for key in ("hardware", "tool") if key in fp})
    return result


def _reporting_period(footprints: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    periods = [fp["measurement_period"] for fp in footprints if "measurement_period" in fp]
    if not periods:
        return None, None
    return min(p["start_date"] for p in periods), max(p["end_date"] for p in periods)


def read_emissions(text: str, path: str) -> Conversion:
    """One footprint per run (the last snapshot of each run_id), with losses, fills and positions.

    The rows are streamed (see `table`); the disclosure is held to MAX_VALUES values, as a disclosure file is."""
    journal = Journal()
    table = read_runs(text.removeprefix("\ufeff"), journal)
    header, tracked = table.header, table.runs
    reader = _RunReader(header, journal)
    rate = rate_unit(header, table.version)
    footprints, values = [], 0
    for index, run in enumerate(tracked):
        footprints.append(reader.footprint(run, index, rate))
        values += count_values(footprints[-1])
        if values > MAX_VALUES:
            raise too_many_values(run.row.line, index + 1)
    start, end = _reporting_period(footprints)
    identifier = f"urn:aistd:codecarbon:{slug(PurePath(path).name, 'file')}"
    document = disclosure_shell(journal, identifier, start, end)
    journal.filled("/id", identifier, says("CodeCarbon's file has no identifier: made from the file name"))
    if start is not None:
        reason = says("the file states no reporting period: the span of the runs' measurement periods")
        journal.filled("/reporting_period", f"{start}/{end}", reason)
    systems = _project_systems(tracked, footprints, journal)
    if systems:
        document["ai_systems"] = systems
    document["footprints"] = footprints
    reader.report_unread(len(tracked))
    return journal.conversion("codecarbon", "aistd", document)


def count_values(data: Any) -> int:
    """How many values (mappings, lists, scalars) data holds, counted as a disclosure file's are."""
    count, stack = 0, [data]
    while stack:
        value = stack.pop()
        count += 1
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


def _project_systems(tracked: list[Run], footprints: list[dict[str, Any]], journal: Journal) -> list[dict[str, Any]]:
    """One AI system per project name the runs state, each run's footprint attached to its project's system (a
    filled assumption, said as such); runs without a project name stay without a system."""
    systems: dict[str, dict[str, Any]] = {}
    for index, (run, footprint) in enumerate(zip(tracked, footprints, strict=True)):
        project = run.row.cells.get("project_name", "").strip()
        if not project:
            continue
        if project not in systems:
            identifier = slug(project, "project")
            taken = {s["id"] for s in systems.values()}
            while identifier in taken:
                identifier += "-2"
            systems[project] = {"id": identifier, "name": project}
            journal.filled(f"/ai_systems/{len(systems) - 1}", systems[project], SYSTEM_REASON)
            journal.carried_at(
                f"/ai_systems/{len(systems) - 1}/name", (run.row.line, run.row.columns.get("project_name", 1))
            )
        footprint["system"] = systems[project]["id"]
        footprints[index] = _ordered(footprint)
    return list(systems.values())
