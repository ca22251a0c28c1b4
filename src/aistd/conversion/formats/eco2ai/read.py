"""Reading an eco2AI emission.csv: one footprint per row, each column carried by the slot its crosswalk row
names, or reported lost once per column and reason (with the line of each value)."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath
from typing import Any

from aistd.conversion.csv_table import Row, Table, read_table, restored, where_and_value
from aistd.conversion.dates import instant, last_day
from aistd.conversion.disclosure import disclosure_shell, slug
from aistd.conversion.fields import FieldRule, enum_values, field_rules, to_slot_value
from aistd.conversion.formats.eco2ai.columns import (
    HEADER_UNITS,
    NO_SLOT,
    NOT_STATED,
    PREFIX,
    TOOL_NAME,
    VOCABULARY,
    Device,
    column_base,
    cpu_device,
    gpu_device,
    place,
)
from aistd.conversion.journal import Conversion, Journal
from aistd.conversion.published import number, quantity
from aistd.conversion.slots import slot_homes, too_large, within_limits
from aistd.knowledge.units import admitted_units
from aistd.load.detect import is_eco2ai_header
from aistd.model.figure import TOO_LARGE
from aistd.model.message import says

STAGE_REASON = says(
    "eco2AI records no lifecycle stage (only rows written in training mode carry an epoch): merge with a model"
    " card or set the stage by hand"
)
PUE_NOTE = (
    "eco2AI: CPU, GPU and RAM energy of the tracked process, multiplied by its pue parameter (default 1), which the"
    " file does not record"
)
USER_FACTOR = says(
    "the user set the emission factor (eco2AI writes the country in parentheses then): the file does not say whether"
    " it is location- or market-based; location-based assumed"
)
OWN_COLUMNS = frozenset({"id", "project_name", "experiment_description", "epoch"})
MAX_COUNT_DIGITS = 6


def _stated(raw: str) -> bool:
    return raw.strip().casefold() not in NOT_STATED


def _bare(unit: str) -> str:
    """A UCUM code without its annotation: kg{CO2eq} -> kg."""
    start = unit.find("{")
    return unit if start < 0 else unit[:start] + unit[unit.find("}", start) + 1 :]


class _RowReader:
    """The state of one read: the journal, the crosswalk's rules, and values kept per column for the loss report."""

    def __init__(self, table: Table, journal: Journal) -> None:
        self.header = table.header
        self.journal = journal
        self.rules = field_rules(VOCABULARY)
        self.methods = enum_values(VOCABULARY, PREFIX + "method", "MeasurementStatus")
        self.unread: dict[tuple[str, str], dict[str, str]] = {}
        self.rows = len(table.rows)

    def lose(self, column: str, row: Row, raw: str, reason: str) -> None:
        """Keep a value for the per-column loss report, with its line."""
        self.unread.setdefault((column, reason), {})[says("line {line}", line=row.line)] = raw

    def report_unread(self) -> None:
        """One loss per column and reason: the value when every row has the same, else the value per line."""
        order = {column: index for index, column in enumerate(self.header)}
        for (column, reason), values in sorted(self.unread.items(), key=lambda item: order.get(item[0][0], -1)):
            self.journal.lost(*where_and_value(column, values, self.rows), reason)

    def footprint(self, row: Row, index: int, identifier: str) -> dict[str, Any]:
        """The footprint of one row."""
        pointer = f"/footprints/{index}"
        self.journal.carried_at(pointer, row.place("id"))
        fp: dict[str, Any] = {"id": identifier}
        if row.cells.get("epoch", "").startswith("epoch:"):
            fp["stage"] = "training"
            self.journal.carried_at(f"{pointer}/stage", row.place("epoch"))
        else:
            fp["stage"] = "other"
            self.journal.filled(f"{pointer}/stage", "other", STAGE_REASON)
        fp["description"] = _description(row)
        user_factor = False
        for column in self.header:
            raw = row.cells.get(column, "")
            base, unit = column_base(column)
            if base in OWN_COLUMNS or base in ("CPU_name", "GPU_name") or not _stated(raw):
                continue
            if base == "start_time":
                continue  # read once the duration is known
            if base in ("region_country", "country"):
                user_factor = self._location(fp, pointer, row, column, base) or user_factor
            elif base in NO_SLOT:
                self.lose(column, row, raw, NO_SLOT[base])
            else:
                self._figure(fp, pointer, row, column, base, unit)
        self._hardware(fp, pointer, row)
        for column in self.header:
            if column_base(column)[0] == "start_time" and _stated(row.cells.get(column, "")):
                self._period(fp, pointer, row, column)
        if "energy_consumption" in fp:
            fp["energy_boundary"] = "compute-node"
            fp["method"] = PUE_NOTE + (f"; {fp['method']}" if "method" in fp else "")
        if "operational_emissions" in fp:
            fp["emissions_accounting_method"] = "location-based"
            if user_factor:
                self.journal.filled(f"{pointer}/emissions_accounting_method", "location-based", USER_FACTOR)
        fp["tool"] = {"name": TOOL_NAME}
        return _ordered(fp)

    def _figure(self, fp: dict[str, Any], pointer: str, row: Row, column: str, base: str, unit: str) -> None:
        """A column carried by its slot alone (energy, emissions, duration), or reported lost."""
        raw = row.cells[column]
        rule = self.rules.get(PREFIX + base)
        if rule is None or slot_homes().get(rule.slot) != "StageFootprint":
            self.lose(column, row, raw, says("a column this converter does not know"))
            return
        stated = HEADER_UNITS.get(unit, unit)
        if unit and stated != _bare(rule.unit):
            reason = says(
                "the header states the unit {unit!r}, where eco2AI writes {expected}", unit=unit, expected=rule.unit
            )
            self.lose(column, row, raw, reason)
            return
        value = _value(rule, raw)
        if value is None or not within_limits(rule.slot, value):
            reason = TOO_LARGE if too_large(raw) else says("not a valid {slot} value", slot=rule.slot)
            self.lose(column, row, raw, says("{reason}: not carried", reason=reason))
            return
        fp[rule.slot] = value
        self.journal.carried_at(f"{pointer}/{rule.slot}", row.place(column))

    def _period(self, fp: dict[str, Any], pointer: str, row: Row, column: str) -> None:
        raw = row.cells[column]
        moment = instant(raw)
        seconds = _duration_seconds(fp)
        end = last_day(moment, seconds) if moment is not None and seconds is not None else None
        if moment is None or end is None:
            self.lose(column, row, raw, says("not a date and time with a duration to end it: no measurement period"))
            return
        fp["measurement_period"] = {"start_date": moment.date().isoformat(), "end_date": end.isoformat()}
        self.journal.carried_at(f"{pointer}/measurement_period", row.place(column))
        if len(raw.strip()) > len("YYYY-MM-DD"):
            reason = says(
                "the local time the run started (no time zone): only its date is carried"
                " (measurement_period.start_date; the end date is that time plus the duration)"
            )
            self.lose(column, row, raw, reason)

    def _location(self, fp: dict[str, Any], pointer: str, row: Row, column: str, base: str) -> bool:
        raw = row.cells[column]
        found = place(raw, base)
        if found is None:
            self.lose(column, row, raw, says("no ISO 3166-1 alpha-2 country code in it: no location"))
            return False
        country, region, user_factor = found
        location = {self.rules[f"{PREFIX}{base}.country"].slot: country}
        if region:
            location[self.rules[f"{PREFIX}{base}.region"].slot] = region
        fp["location"] = location
        for key in ("", *location):
            self.journal.carried_at(f"{pointer}/location/{key}" if key else f"{pointer}/location", row.place(column))
        return user_factor

    def _hardware(self, fp: dict[str, Any], pointer: str, row: Row) -> None:
        items: list[dict[str, Any]] = []
        statuses: list[str] = []
        described: list[str] = []
        for column, kind, parse in (("GPU_name", "gpu", gpu_device), ("CPU_name", "cpu", cpu_device)):
            raw = row.cells.get(column, "")
            if not _stated(raw):
                continue
            device = parse(raw)
            if device is None:
                reason = says(
                    "not in eco2AI's {column} form ({form!r}): not read", column=column, form="{model} ... device(s)"
                )
                self.lose(column, row, raw, reason)
                continue
            item = self._device_item(row, column, kind, raw, device)
            for method in device.methods:
                status = self.methods.get(method)
                if status is None:
                    self.lose(column, row, raw, says("an unknown power method label {method!r}", method=method))
                else:
                    statuses.append(status)
                    described.append(f"{kind.upper()} {method}")
            if item is not None:
                where = f"{pointer}/hardware/{len(items)}"
                for key in ("", *item):
                    self.journal.carried_at(f"{where}/{key}" if key else where, row.place(column))
                items.append(item)
        if items:
            fp["hardware"] = items
        if statuses:
            fp["measurement_status"] = statuses[0] if len(set(statuses)) == 1 else "mixed"
            fp["method"] = "power methods (eco2AI's labels): " + ", ".join(described)
            self.journal.carried_at(f"{pointer}/measurement_status", row.place("CPU_name"))

    def _device_item(self, row: Row, column: str, kind: str, raw: str, device: Device) -> dict[str, Any] | None:
        count = int(device.count) if device.count and len(device.count) <= MAX_COUNT_DIGITS else None
        if device.count and (count is None or count < 1):
            reason = says("{count} devices: no {kind} hardware item", count=device.count, kind=kind.upper())
            self.lose(column, row, raw, reason)
            return None
        item: dict[str, Any] = {"hardware_type": kind}
        if device.model:
            item[self.rules[f"{PREFIX}{column}.model"].slot] = device.model
        if count is not None:
            item[self.rules[f"{PREFIX}{column}.count"].slot] = count
        if device.tdp:
            rule = self.rules[f"{PREFIX}{column}.TDP"]
            tdp = quantity(device.tdp, rule.unit)
            if tdp is None or not within_limits(rule.slot, tdp):
                self.lose(column, row, raw, says("the TDP {tdp!r} is not a power in W: not carried", tdp=device.tdp))
            else:
                item[rule.slot] = tdp
        return item


def _value(rule: FieldRule, raw: str) -> Any:
    """A cell as the slot holds it: the published digits in the column's unit when the slot admits it."""
    if rule.unit in admitted_units(rule.slot):
        return quantity(raw, rule.unit)
    parsed = number(raw)
    return None if parsed is None else to_slot_value(rule, parsed)


def _duration_seconds(fp: dict[str, Any]) -> float | None:
    duration = fp.get("duration")
    if isinstance(duration, dict) and duration.get("unit") == "s" and isinstance(duration.get("value"), int | float):
        return float(duration["value"])
    return None


def _description(row: Row) -> str:
    cells = row.cells
    text = f"eco2AI run {cells['id']}" if cells.get("id") else f"eco2AI run (line {row.line})"
    if cells.get("project_name"):
        text += f" of project {cells['project_name']!r}"
    described = next((value for name, value in cells.items() if column_base(name)[0] == "experiment_description"), "")
    if described:
        text += f": {described}"
    if cells.get("epoch", "").startswith("epoch:"):
        text += f" ({cells['epoch'].strip().rstrip(',').strip()}; a row of eco2AI's training mode, one per epoch)"
    return text


def _ordered(fp: dict[str, Any]) -> dict[str, Any]:
    """The footprint's keys in reading order: identity first, each figure beside its boundary, tool last."""
    first = ("id", "stage", "description", "measurement_period", "location")
    follows = {"energy_consumption": "energy_boundary", "operational_emissions": "emissions_accounting_method"}
    result = {key: fp[key] for key in first if key in fp}
    for key, value in fp.items():
        if key not in result and key not in follows.values() and key not in ("hardware", "tool"):
            result[key] = value
            if key in follows and follows[key] in fp:
                result[follows[key]] = fp[follows[key]]
    result.update({key: fp[key] for key in ("hardware", "tool") if key in fp})
    return result


def _identifiers(table: Table) -> list[str]:
    """Each row's footprint id: its eco2AI id; the rows of one tracker in training mode (one per epoch) get the
    epoch, or the line when the epoch does not tell them apart; a row without an id gets its line."""
    ids = [row.cells.get("id", "") for row in table.rows]
    counts = Counter(ids)
    found: list[str] = []
    for row, identifier in zip(table.rows, ids, strict=True):
        if not identifier:
            found.append(f"eco2ai-line-{row.line}")
        elif counts[identifier] == 1:
            found.append(identifier)
        else:
            epoch = row.cells.get("epoch", "").removeprefix("epoch:").partition(",")[0].strip()
            found.append(f"{identifier}-epoch-{epoch}" if epoch.isdigit() and len(epoch) < 10 else identifier)
    tally = Counter(found)
    return [
        f"{ids[index] or 'eco2ai'}-line-{row.line}" if tally[name] > 1 else name
        for index, (row, name) in enumerate(zip(table.rows, found, strict=True))
    ]


def _reporting_period(footprints: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    periods = [fp["measurement_period"] for fp in footprints if "measurement_period" in fp]
    if not periods:
        return None, None
    return min(p["start_date"] for p in periods), max(p["end_date"] for p in periods)


def read_emission(text: str, path: str) -> Conversion:
    """One footprint per row of an eco2AI emission.csv, with losses, fills and the line and column of each value."""
    journal = Journal()
    table = read_table(text, journal, is_eco2ai_header, says("an eco2AI emission.csv"))
    for row in table.rows:  # the apostrophe a writer puts before a formula character (csv_table.neutralised)
        row.cells = {name: restored(cell) for name, cell in row.cells.items()}
    reader = _RowReader(table, journal)
    identifiers = _identifiers(table)
    footprints = [reader.footprint(row, index, identifiers[index]) for index, row in enumerate(table.rows)]
    start, end = _reporting_period(footprints)
    identifier = f"urn:aistd:eco2ai:{slug(PurePath(path).name, 'file')}"
    document = disclosure_shell(journal, identifier, start, end)
    journal.filled("/id", identifier, says("eco2AI's file has no identifier: made from the file name"))
    if start is not None:
        reason = says("the file states no reporting period: the span of the runs' measurement periods")
        journal.filled("/reporting_period", f"{start}/{end}", reason)
    document["footprints"] = footprints
    reader.report_unread()
    return journal.conversion(VOCABULARY, "aistd", document)
