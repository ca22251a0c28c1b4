"""Writing an eco2AI emission.csv: one row per footprint in the current column layout (with the device columns
when a footprint has component energies); a figure whose eco2AI column would mean something else is reported lost,
not written.

Text cells that a spreadsheet would run as formulas get an apostrophe in front, reported as a fill (read back
without it); a cell holding a carriage return is quoted; a CPU_name or GPU_name cell is parsed as the reader will
parse it, and the hardware item is reported lost when it would read back as another count or TDP."""

from __future__ import annotations

from typing import Any

from aistd.conversion.csv_table import csv_line, safe_cell
from aistd.conversion.dates import day, last_day
from aistd.conversion.disclosure import is_placeholder
from aistd.conversion.fields import FieldRule, field_rules, from_slot_value
from aistd.conversion.formats.eco2ai.columns import (
    CURRENT_COLUMNS,
    DEVICE_COLUMNS,
    PREFIX,
    TOOL_NAME,
    VOCABULARY,
    Device,
    column_base,
    cpu_device,
    gpu_device,
)
from aistd.conversion.journal import Conversion, Journal
from aistd.model.message import says

NO_COLUMN = says("eco2AI's emission.csv has no column for it")
FIGURE_COLUMNS = ("duration(s)", "power_consumption(kWh)", "CO2_emissions(kg)", *DEVICE_COLUMNS)


def _cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


class _RowWriter:
    """The state of one write: the disclosure's systems, and the journal of what could not be written."""

    def __init__(self, disclosure: dict[str, Any]) -> None:
        self.disclosure = disclosure
        self.systems = {s.get("id"): s for s in disclosure.get("ai_systems", []) if isinstance(s, dict)}
        self.rules = field_rules(VOCABULARY)
        self.journal = Journal()
        self.used_systems: set[Any] = set()

    def rule(self, column: str) -> FieldRule:
        return self.rules[PREFIX + column_base(column)[0]]

    def lose_rest(self, item: dict[str, Any], done: set[str], pointer: str, why: str) -> None:
        """Every key of an item that was not written."""
        for key, value in item.items():
            if key not in done:
                self.journal.lost(f"{pointer}/{key}", value, why)

    def row(self, fp: dict[str, Any], pointer: str) -> dict[str, str]:
        """The CSV row of one footprint."""
        cells = dict.fromkeys((*CURRENT_COLUMNS, *DEVICE_COLUMNS), "")
        cells["epoch"] = "N/A"
        done = {"id", "system", "description"}
        cells["id"] = _cell(fp.get("id"))
        cells["project_name"] = self._project(fp)
        cells["experiment_description"] = _cell(fp.get("description"))
        for column in FIGURE_COLUMNS:
            slot = self.rule(column).slot
            if slot not in fp:
                continue
            done.add(slot)
            why = _unwritable(fp, slot)
            if why:
                self.journal.lost(f"{pointer}/{slot}", fp[slot], why)
            else:
                self._put(cells, column, fp[slot], f"{pointer}/{slot}")
        if cells["power_consumption(kWh)"]:
            done.add("energy_boundary")
        if cells["CO2_emissions(kg)"]:
            done.add("emissions_accounting_method")
        done |= self._period(fp, cells, pointer)
        done |= self._location(fp, cells, pointer)
        done |= self._hardware(fp, cells, pointer)
        done |= self._tool(fp, pointer)
        if fp.get("stage") == "other":
            done.add("stage")
        self.lose_rest(fp, done, pointer, NO_COLUMN)
        return cells

    def _put(self, cells: dict[str, str], column: str, value: Any, where: str) -> None:
        """A slot value in its column's unit, or a loss when it is no number in a unit of its class."""
        written = from_slot_value(self.rule(column), value)
        if isinstance(written, bool) or not isinstance(written, int | float):
            self.journal.lost(where, value, says("not a number in a unit eco2AI's {column} can take", column=column))
            return
        cells[column] = _cell(written)

    def _project(self, fp: dict[str, Any]) -> str:
        system = fp.get("system")
        if system is None:
            return ""
        self.used_systems.add(system)
        found = self.systems.get(system)
        return str(found.get("name", system)) if found else str(system)

    def _period(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
        """start_time from the measurement period's first day; an end day the duration does not give is lost."""
        key = "measurement_period" if "measurement_period" in fp else "period"
        period = fp.get(key)
        start = day(period.get("start_date")) if isinstance(period, dict) else None
        if start is None:
            return set()
        cells["start_time"] = start.isoformat()
        seconds = float(cells["duration(s)"]) if cells["duration(s)"] else None
        end = last_day(start, seconds) if seconds is not None else None
        if end is None or end.isoformat() != period.get("end_date"):
            why = says("eco2AI keeps the start time and the duration only; this end date does not follow from them")
            self.journal.lost(f"{pointer}/{key}/end_date", period.get("end_date"), why)
        return {key}

    def _location(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
        location = fp.get("location")
        if not isinstance(location, dict):
            return set()
        country, region = location.get("country"), location.get("region")
        if isinstance(country, str):
            cells["region/country"] = f"{country}/{region}" if isinstance(region, str) else country
            done = {"country", "region"} if isinstance(region, str) else {"country"}
        else:
            done = set()
        why = says("eco2AI's region/country holds a country and a region")
        self.lose_rest(location, done, f"{pointer}/location", why)
        return {"location"}

    def _hardware(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
        items = fp.get("hardware")
        if not isinstance(items, list):
            return set()
        for index, item in enumerate(items):
            where = f"{pointer}/hardware/{index}"
            kind = item.get("hardware_type") if isinstance(item, dict) else None
            column = {"cpu": "CPU_name", "gpu": "GPU_name"}.get(str(kind))
            count = item.get("hardware_count") if isinstance(item, dict) else None
            model = str(item.get("hardware_model", "")) if isinstance(item, dict) else ""
            counted = isinstance(count, int) and not isinstance(count, bool)
            if column is None or cells[column] or not (counted or (kind == "cpu" and model)):
                why = says("eco2AI names one CPU model and one GPU model per run, with their count")
                self.journal.lost(where, item, why)
                continue
            done = {"hardware_type", "hardware_model", "hardware_count"}
            if not counted:
                cells[column] = model  # the model alone, as tools derived from eco2AI write it
            else:
                cells[column] = f"{model}/{count} device(s)" if kind == "cpu" else f"{model} {count} device(s)".strip()
            tdp, tdp_text = item.get("thermal_design_power"), ""
            if kind == "cpu" and counted and tdp is not None:
                written = from_slot_value(self.rules[PREFIX + "CPU_name.TDP"], tdp)
                if isinstance(written, int | float) and not isinstance(written, bool):
                    tdp_text = _cell(written)
                    cells[column] += f", TDP:{tdp_text}"
                    done.add("thermal_design_power")
            misread = _misread(cells[column], kind, Device(model.strip(), str(count) if counted else "", tdp_text))
            if misread:
                self.journal.lost(where, item, misread)
                cells[column] = ""
                continue
            self.lose_rest(item, done, where, NO_COLUMN)
        return {"hardware"}

    def _tool(self, fp: dict[str, Any], pointer: str) -> set[str]:
        tool = fp.get("tool")
        if not isinstance(tool, dict):
            return set()
        if str(tool.get("name", "")).casefold() != TOOL_NAME.casefold() or set(tool) - {"name"}:
            self.journal.lost(
                f"{pointer}/tool", tool, says("eco2AI's file can only say it was eco2AI, with no version")
            )
        return {"tool"}

    def safe(self, cell: str, column: str, pointer: str) -> str:
        """A cell no spreadsheet runs as a formula, the change recorded as a fill (`csv_table.safe_cell`)."""
        return safe_cell(cell, column, pointer, self.journal)

    def document_losses(self) -> None:
        """What the disclosure says beside its footprints, and the systems' details."""
        for key, value in self.disclosure.items():
            if key in ("schema_version", "footprints", "ai_systems") or is_placeholder(key, value):
                continue
            self.journal.lost(f"/{key}", value, says("eco2AI's emission.csv has no place for it"))
        for index, system in enumerate(self.disclosure.get("ai_systems", [])):
            if not isinstance(system, dict) or system.get("id") not in self.used_systems:
                self.journal.lost(f"/ai_systems/{index}", system, says("a system without footprints"))
                continue
            why = says("only the name is written (project_name)")
            self.lose_rest(system, {"id", "name"}, f"/ai_systems/{index}", why)


def _misread(cell: str, kind: str, meant: Device) -> str:
    """Why a CPU_name or GPU_name cell would not read back as the device it was written for (a model text that
    holds `/7 device(s)` or `, TDP:` reads as a count or a power the disclosure does not state); empty when it
    would."""
    device = (cpu_device if kind == "cpu" else gpu_device)(cell)
    if device == meant:
        return ""
    if device is None:
        return says("written as {cell!r}, its text would be in no form eco2AI's reader knows", cell=cell)
    if device.tdp:
        return says(
            "written as {cell!r}, its text would read back as model {model!r}, count {count!r}, TDP {tdp!r}",
            cell=cell,
            model=device.model,
            count=device.count,
            tdp=device.tdp,
        )
    return says(
        "written as {cell!r}, its text would read back as model {model!r}, count {count!r}",
        cell=cell,
        model=device.model,
        count=device.count,
    )


def _unwritable(fp: dict[str, Any], slot: str) -> str:
    """Why a slot's eco2AI column would not mean the same for this footprint (empty when it would)."""
    boundary = fp.get("energy_boundary")
    if slot == "energy_consumption" and boundary != "compute-node":
        return says(
            "power_consumption(kWh) is compute-node energy: a figure with boundary {boundary} would change meaning",
            boundary=boundary,
        )
    method = fp.get("emissions_accounting_method", "location-based")
    if slot == "operational_emissions" and method != "location-based":
        return says(
            "eco2AI's emissions are location-based: a {method} figure would change meaning there", method=method
        )
    return ""


def write_emission(disclosure: dict[str, Any]) -> Conversion:
    """One row per footprint; the device columns only when a footprint has component energies."""
    writer = _RowWriter(disclosure)
    rows, pointers = [], []
    for index, fp in enumerate(disclosure.get("footprints", [])):
        if not isinstance(fp, dict):
            writer.journal.lost(f"/footprints/{index}", fp, says("not a footprint"))
            continue
        rows.append(writer.row(fp, f"/footprints/{index}"))
        pointers.append(f"/footprints/{index}")
    columns = list(CURRENT_COLUMNS)
    if any(row[column] for row in rows for column in DEVICE_COLUMNS):
        columns += DEVICE_COLUMNS
        for row in rows:
            for column in DEVICE_COLUMNS:
                row[column] = row[column] or "N/A"
    lines = [csv_line(columns)]
    for row, pointer in zip(rows, pointers, strict=True):
        lines.append(csv_line([writer.safe(row[column], column, pointer) for column in columns]))
    writer.document_losses()
    return writer.journal.conversion("aistd", VOCABULARY, "".join(lines))
