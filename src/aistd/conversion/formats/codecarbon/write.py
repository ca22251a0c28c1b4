"""Writing an emissions.csv: one row per footprint in the current column layout, empty cells for what is
unknown; a figure whose CodeCarbon column would mean something else is reported lost, not written.

A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a line break) is written
with an apostrophe in front, reported as a fill; aistd's reader takes it off again (`csv_table.neutralised`). Rows
end in a line feed, and a cell holding a carriage return is quoted (`csv_table.csv_line`)."""

from __future__ import annotations

from typing import Any

from aistd.conversion.countries import country_record, has_pycountry
from aistd.conversion.csv_table import csv_line, safe_cell
from aistd.conversion.dates import ISO_DAY
from aistd.conversion.disclosure import STAGE_NOT_STATED, is_placeholder
from aistd.conversion.fields import FieldRule, field_rules, from_slot_value, part_fields, slot_fields
from aistd.conversion.formats.codecarbon.columns import (
    CURRENT_COLUMNS,
    PREFIX,
    TOOL_NAME,
    VOCABULARY,
    WRITTEN_APART,
    count_prefix,
    measurement_period,
    number,
    rate_unit,
)
from aistd.conversion.journal import Conversion, Journal
from aistd.conversion.slots import slot_homes
from aistd.model.message import says

NO_COLUMN = says("CodeCarbon's emissions.csv has no column for it")


def _cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def _start_matches(period: dict[str, Any], duration_s: Any) -> bool:
    end = period.get("end_date")
    if not isinstance(end, str) or not ISO_DAY.match(end):
        return False
    derived = measurement_period(end, duration_s) if isinstance(duration_s, int | float) else None
    return derived is not None and derived["start_date"] == period.get("start_date")


def _above_one(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 1


class _RowWriter:
    """The state of one write: the disclosure's systems, and the journal of what could not be written."""

    def __init__(self, disclosure: dict[str, Any]) -> None:
        self.disclosure = disclosure
        self.systems = {s.get("id"): s for s in disclosure.get("ai_systems", []) if isinstance(s, dict)}
        self.slots = slot_fields(VOCABULARY)
        self.rules = field_rules(VOCABULARY)
        self.journal = Journal()
        self.used_systems: set[Any] = set()

    def lose_rest(self, item: dict[str, Any], done: set[str], pointer: str, why: str) -> None:
        """Every key of an item that was not written."""
        for key, value in item.items():
            if key not in done:
                self.journal.lost(f"{pointer}/{key}", value, why)

    def row(self, fp: dict[str, Any], pointer: str) -> dict[str, str]:
        """The CSV row of one footprint."""
        cells = dict.fromkeys(CURRENT_COLUMNS, "")
        done = {"id", "system"}
        cells["run_id"] = str(fp.get("id", ""))
        cells["project_name"] = self._project(fp)
        for slot, rule in self.slots.items():
            column = rule.field.removeprefix(PREFIX)
            if slot not in fp or slot_homes().get(slot) != "StageFootprint" or column in WRITTEN_APART:
                continue
            done.add(slot)
            why = self._unwritable(fp, slot)
            if why:
                self.journal.lost(f"{pointer}/{slot}", fp[slot], why)
            else:
                self._put(cells, column, rule, fp[slot], f"{pointer}/{slot}")
        done |= self._boundaries(fp, cells)
        done |= self._dates(fp, cells, pointer)
        done |= self._location(fp, cells, pointer)
        done |= self._hardware(fp, cells, pointer)
        done |= self._tool(fp, cells, pointer)
        self._rate(cells)
        if fp.get("stage") in ("other", STAGE_NOT_STATED):
            done.add("stage")
        self.lose_rest(fp, done, pointer, NO_COLUMN)
        return cells

    def _put(self, cells: dict[str, str], column: str, rule: FieldRule, value: Any, where: str) -> None:
        """A slot value in its column's unit, or a loss when it is no number in a unit of its class."""
        written = from_slot_value(rule, value)
        if rule.unit and (isinstance(written, bool) or not isinstance(written, int | float)):
            self.journal.lost(
                where, value, says("not a number in a unit CodeCarbon's {column} can take", column=column)
            )
            return
        cells[column] = _cell(written)

    def _project(self, fp: dict[str, Any]) -> str:
        system = fp.get("system")
        if system is None:
            return ""
        self.used_systems.add(system)
        found = self.systems.get(system)
        return str(found.get("name", system)) if found else str(system)

    def _unwritable(self, fp: dict[str, Any], slot: str) -> str:
        """Why a slot's CodeCarbon column would not mean the same for this footprint (empty when it would)."""
        if self.slots[slot].field in part_fields(VOCABULARY):
            return says(
                "CodeCarbon has per-component columns only; aistd's {slot} covers the whole energy boundary", slot=slot
            )
        boundary = fp.get("energy_boundary")
        if slot == "energy_consumption" and not (
            boundary == "compute-node" or (boundary == "facility" and _above_one(fp.get("pue_applied")))
        ):
            return says(
                "energy_consumed is compute-node energy (times CodeCarbon's pue): a figure with boundary"
                " {boundary} and pue_applied {pue} would change meaning there",
                boundary=boundary,
                pue=fp.get("pue_applied"),
            )
        method = fp.get("emissions_accounting_method", "location-based")
        if slot == "operational_emissions" and method != "location-based":
            return says(
                "CodeCarbon's emissions are location-based: a {method} figure would change meaning there", method=method
            )
        if slot == "pue_applied" and boundary == "compute-node" and _above_one(fp[slot]):
            return says("with compute-node energy, a pue above 1 would say the energy had been multiplied by it")
        return ""

    def _boundaries(self, fp: dict[str, Any], cells: dict[str, str]) -> set[str]:
        done = set()
        if cells["energy_consumed"] and fp.get("energy_boundary") in ("compute-node", "facility"):
            done.add("energy_boundary")
        if cells["emissions"] and fp.get("emissions_accounting_method") == "location-based":
            done.add("emissions_accounting_method")
        return done

    def _dates(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
        """The timestamp from the measurement period's end (else the period's): a date, the time is unknown."""
        key = "measurement_period" if "measurement_period" in fp else "period"
        period = fp.get(key)
        if not isinstance(period, dict) or not isinstance(period.get("end_date"), str):
            return set()
        cells["timestamp"] = period["end_date"]
        duration = number(cells["duration"]) if cells["duration"] else None
        if not _start_matches(period, duration):
            self.journal.lost(
                f"{pointer}/{key}/start_date",
                period.get("start_date"),
                says("CodeCarbon keeps the end time and the duration only; this start date does not follow from them"),
            )
        return {key}

    def _location(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
        location = fp.get("location")
        if not isinstance(location, dict):
            return set()
        done = set()
        for slot in ("region", "cloud_provider", "cloud_region"):
            if isinstance(location.get(slot), str):
                cells[self.slots[slot].field.removeprefix(PREFIX)] = location[slot]
                done.add(slot)
        if cells["cloud_provider"]:
            cells["on_cloud"] = "Y"
        code = location.get("country")
        country = country_record(code) if isinstance(code, str) else None
        if country is not None:
            cells["country_iso_code"], cells["country_name"] = country.alpha_3, country.name
            done.add("country")
        elif code is not None:
            why = (
                says("pycountry, needed to write its alpha-3 code, is not installed")
                if not has_pycountry()
                else says("not an ISO 3166-1 alpha-2 code")
            )
            self.journal.lost(f"{pointer}/location/country", code, why)
            done.add("country")
        self.lose_rest(location, done, f"{pointer}/location", NO_COLUMN)
        return {"location"}

    def _hardware(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
        items = fp.get("hardware")
        if not isinstance(items, list):
            return set()
        for index, item in enumerate(items):
            where = f"{pointer}/hardware/{index}"
            kind = item.get("hardware_type") if isinstance(item, dict) else None
            if kind not in ("cpu", "gpu") or cells[f"{kind}_model"] or cells[f"{kind}_count"]:
                self.journal.lost(where, item, says("CodeCarbon has one CPU and one GPU model per run"))
                continue
            done = {"hardware_type"}
            for slot in ("hardware_model", "hardware_count"):
                if slot in item:
                    column = f"{kind}_{'model' if slot == 'hardware_model' else 'count'}"
                    done.add(slot)
                    self._put(cells, column, self.rules[PREFIX + column], item[slot], f"{where}/{slot}")
            self._counted_model(cells, kind, where)
            self.lose_rest(item, done, where, NO_COLUMN)
        return {"hardware"}

    def _counted_model(self, cells: dict[str, str], kind: str, where: str) -> None:
        """A model text that starts with a count ("8 x H100") is read as that many of the rest: written only when
        the count column says the same; otherwise it would read back as a count the disclosure does not state."""
        model, count = cells[f"{kind}_model"], cells[f"{kind}_count"]
        prefixed = count_prefix(model)
        if prefixed is not None and count != prefixed[0]:
            column = f"{kind}_model"
            reason = says(
                "{column} text that starts with a count would read back as {count} devices",
                column=column,
                count=prefixed[0],
            )
            self.journal.lost(f"{where}/hardware_model", model, reason)
            cells[f"{kind}_model"] = ""

    def _tool(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
        tool = fp.get("tool")
        if not isinstance(tool, dict):
            return set()
        if str(tool.get("name", "")).casefold() != TOOL_NAME.casefold():
            self.journal.lost(f"{pointer}/tool", tool, says("CodeCarbon's file can only say it was CodeCarbon"))
            return {"tool"}
        if isinstance(tool.get("version"), str):
            cells["codecarbon_version"] = tool["version"]
        self.lose_rest(tool, {"name", "version"}, f"{pointer}/tool", NO_COLUMN)
        return {"tool"}

    def _rate(self, cells: dict[str, str]) -> None:
        emissions, duration = number(cells["emissions"] or "x"), number(cells["duration"] or "x")
        if emissions is not None and duration:
            unit, _ = rate_unit(list(CURRENT_COLUMNS), cells["codecarbon_version"])
            cells["emissions_rate"] = _cell(emissions / duration * (1000 if unit == "g/s" else 1))

    def safe(self, cell: str, column: str, pointer: str) -> str:
        """A cell no spreadsheet runs as a formula, the change recorded as a fill (`csv_table.safe_cell`)."""
        return safe_cell(cell, column, pointer, self.journal)

    def document_losses(self) -> None:
        """What the disclosure says beside its footprints, and the systems' details."""
        for key, value in self.disclosure.items():
            if key in ("schema_version", "footprints", "ai_systems") or is_placeholder(key, value):
                continue
            self.journal.lost(f"/{key}", value, says("CodeCarbon's emissions.csv has no place for it"))
        for index, system in enumerate(self.disclosure.get("ai_systems", [])):
            if not isinstance(system, dict) or system.get("id") not in self.used_systems:
                self.journal.lost(f"/ai_systems/{index}", system, says("a system without footprints"))
                continue
            reason = says("only the name is written (project_name)")
            self.lose_rest(system, {"id", "name"}, f"/ai_systems/{index}", reason)


def write_emissions(disclosure: dict[str, Any]) -> Conversion:
    """One row per footprint in the current column layout; empty cells for what is unknown."""
    writer = _RowWriter(disclosure)
    lines = [csv_line(list(CURRENT_COLUMNS))]
    for index, fp in enumerate(disclosure.get("footprints", [])):
        if not isinstance(fp, dict):
            writer.journal.lost(f"/footprints/{index}", fp, says("not a footprint"))
            continue
        cells = writer.row(fp, f"/footprints/{index}")
        lines.append(
            csv_line([writer.safe(cells[column], column, f"/footprints/{index}") for column in CURRENT_COLUMNS])
        )
    writer.document_losses()
    return writer.journal.conversion("aistd", "codecarbon", "".join(lines))
