"""CodeCarbon `emissions.csv`: one footprint per tracked run, every column layout from v1.x to v3.2.x.

Columns are found by header name (their number and order changed over versions), and each column's aistd
slot and unit come from the crosswalk `mappings/codecarbon.sssom.tsv`; this module knows only the file's
syntax. How the quirks of the format are treated:

* Rows sharing a `run_id` (v1.x: `experiment_id`) are cumulative snapshots of one run: the last one carries
  the run and the earlier ones are reported as superseded, never summed. Different runs stay separate
  footprints (a user who wants a total adds them, knowing whether they overlap).
* `emissions_rate` is derived (emissions / duration), in g/s before v2.2.0 and kg/s after (told by the
  `codecarbon_version` column, else by the layout): it is not carried, and the loss report says which unit
  it was read in and whether it agrees with emissions / duration.
* The energies already include CodeCarbon's `pue`: the boundary is `compute-node`, or `facility` when
  pue > 1 (then `pue_applied` says by how much, and the description says so). `pue_applied` is kept in both.
* `country_iso_code` is ISO 3166-1 alpha-3: converted to aistd's alpha-2 with `pycountry` when it is
  installed, otherwise kept in the loss report.
* CodeCarbon records no lifecycle stage: footprints get `other` (a recorded fill); merge with a model card
  or edit the stage. `water_consumed` of 0 with `wue` 0 (the default) means "not estimated" and is not
  carried as a measured zero.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import PurePath
from typing import Any

from aistd.conversion.fields import FieldRule, field_rules, from_slot_value, slot_fields, to_slot_value
from aistd.conversion.formats.base import PLACEHOLDER_END, PLACEHOLDER_START, UNKNOWN_ENTITY, disclosure_shell
from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
from aistd.knowledge import artifacts
from aistd.knowledge.crosswalks import indicator_table
from aistd.knowledge.units import slot_classes

VOCABULARY = "codecarbon"
PREFIX = "codecarbon:"
TOOL_NAME = "CodeCarbon"
# The current column set, in EmissionsData field order (v3.2.x; as in CodeCarbon's own test fixture).
_CURRENT = (
    "timestamp project_name run_id experiment_id duration emissions emissions_rate cpu_power gpu_power "
    "ram_power cpu_energy gpu_energy ram_energy energy_consumed water_consumed country_name "
    "country_iso_code region cloud_provider cloud_region os python_version codecarbon_version cpu_count "
    "cpu_model gpu_count gpu_model longitude latitude ram_total_size tracking_mode "
    "cpu_utilization_percent gpu_utilization_percent ram_utilization_percent ram_used_gb on_cloud pue "
    "wue"
)
CURRENT_COLUMNS = tuple(_CURRENT.split())
# Every layout since v1.x has these: a header without them is not CodeCarbon's.
CORE_COLUMNS = frozenset({"timestamp", "duration", "emissions", "energy_consumed"})
# Columns that appeared after v2.2.0, when emissions_rate became kg/s (used when no version is written).
LATER_COLUMNS = frozenset({"pue", "water_consumed", "wue", "cpu_utilization_percent", "ram_used_gb"})
RATE_IN_KG_SINCE = (2, 2, 0)
PLACEHOLDER_EXPERIMENT = "5b0fa12a-3dd7-45bb-9766-cc326314d9f1"
HARDWARE_COLUMNS = {"cpu_model": "cpu", "cpu_count": "cpu", "gpu_model": "gpu", "gpu_count": "gpu"}
# Columns this module reads itself (identity, dates, derived or coupled values) rather than by slot alone.
OWN_COLUMNS = frozenset(
    {"timestamp", "run_id", "project_name", "emissions_rate", "country_iso_code", "country_name", "on_cloud"}
    | {"water_consumed", "wue", "pue"}
    | set(HARDWARE_COLUMNS)
)
# Of those, the ones the writer also fills itself (pue and water go by their slots).
WRITTEN_APART = OWN_COLUMNS - {"pue", "water_consumed", "wue"}
NO_SLOT = {
    "experiment_id": "the CodeCarbon API experiment; aistd has no experiment identifier"
    f" ({PLACEHOLDER_EXPERIMENT} is CodeCarbon's default placeholder)",
    "os": "operating system of the tracked machine; aistd has no slot for it",
    "python_version": "Python version of the tracked process; aistd has no slot for it",
    "longitude": "a coordinate rounded to 0.1 degree; aistd has no coordinate slot",
    "latitude": "a coordinate rounded to 0.1 degree; aistd has no coordinate slot",
    "ram_total_size": "memory size (GB); aistd's hardware items have no memory-size slot",
    "ram_utilization_percent": "memory utilisation (%); aistd has no memory-utilisation slot",
    "ram_used_gb": "memory in use (GB); aistd has no slot for it",
    "tracking_mode": "machine: whole-machine energy; process: the tracked process's share; aistd has no slot"
    " for the attribution mode (energy_boundary compute-node covers both)",
    "on_cloud": "whether CodeCarbon detected a cloud (cloud VMs with N occur); aistd records only the provider",
    "country_name": "the country name, carried only through the ISO code",
}
PART_REASON = (
    "the {column} part alone: aistd's {slot} covers the whole energy boundary (CodeCarbon's power columns are"
    " often the last interval's, not the mean)"
)
# What disclosure_shell fills when a source lacks it: not worth reporting as lost.
PLACEHOLDERS = ({"name": UNKNOWN_ENTITY}, {"start_date": PLACEHOLDER_START, "end_date": PLACEHOLDER_END})
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COUNT_PREFIX = re.compile("^\\s*(\\d+)\\s*[x\u00d7]\\s+(.+?)\\s*$")
INTEGER = re.compile(r"^[+-]?\d+$")
MAX_COLUMNS = 1000
"""The most columns a header may have: CodeCarbon writes at most 38, and each unknown column is a loss."""


# --- shared with the other footprint formats (countries, where a slot lives, its limits) -------------


@cache
def _pycountry() -> Any:
    try:
        import pycountry
    except ImportError:
        return None
    return pycountry


def has_pycountry() -> bool:
    """True when pycountry, which converts country codes and names, is installed."""
    return _pycountry() is not None


def country_record(code: str) -> Any:
    """The pycountry record of an ISO 3166-1 alpha-2 or alpha-3 code (None when unknown or no pycountry)."""
    module = _pycountry()
    text = code.strip().upper()
    if module is None or len(text) not in (2, 3) or not text.isalpha():
        return None
    return module.countries.get(**{"alpha_2" if len(text) == 2 else "alpha_3": text})


def country_named(name: str) -> Any:
    """The pycountry record whose name, official or common name is `name` (case-insensitive), else None."""
    module = _pycountry()
    wanted = name.strip().casefold()
    if module is None or not wanted:
        return None
    for country in module.countries:
        names = (country.name, getattr(country, "official_name", ""), getattr(country, "common_name", ""))
        if wanted in (n.casefold() for n in names if n):
            return country
    return None


@cache
def slot_homes() -> dict[str, str]:
    """Each slot a footprint can hold, with the class it sits on (from the compiled JSON Schema)."""
    definitions = json.loads(artifacts.JSON_SCHEMA.read_text(encoding="utf-8"))["$defs"]
    homes: dict[str, str] = {}
    for home in ("StageFootprint", "Location", "Tool", "HardwareItem"):
        for slot in definitions[home]["properties"]:
            homes.setdefault(slot, home)
    return homes


def within_limits(slot: str, value: Any) -> bool:
    """Whether a slot value respects the slot's range (quantities: not negative; ratios: min and max)."""
    if isinstance(value, dict):
        number = value.get("value")
        return isinstance(number, int | float) and math.isfinite(number) and number >= 0
    entry = indicator_table().get(slot)
    if entry is None or not isinstance(value, int | float) or isinstance(value, bool):
        return True
    low, high = entry.get("minimum"), entry.get("maximum")
    return math.isfinite(value) and (low is None or value >= low) and (high is None or value <= high)


def number(text: str) -> int | float | None:
    """A CSV cell as a number (int when written without a fraction), None when it is not a finite number."""
    text = text.strip()
    try:
        value: int | float = int(text) if INTEGER.match(text) else float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def part_fields(vocabulary: str) -> frozenset[str]:
    """Fields that share their slot with other narrower fields (e.g. cpu/gpu/ram power): each is only a part."""
    by_slot: dict[str, list[str]] = {}
    for rule in field_rules(vocabulary).values():
        if rule.predicate == "skos:narrowMatch" and slot_classes().get(rule.slot) is not None:
            by_slot.setdefault(rule.slot, []).append(rule.field)
    return frozenset(f for fields in by_slot.values() if len(fields) > 1 for f in fields)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "file"


# --- reading ------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One data row: its physical line, its cells by column name, and the 1-based column of each cell."""

    line: int
    cells: dict[str, str]
    columns: dict[str, int]


@dataclass
class Run:
    """A tracked run: the row that carries it and the earlier cumulative snapshots it supersedes."""

    key: str | None
    row: Row
    superseded: list[Row] = field(default_factory=list)


def _cell_columns(line: str) -> list[int]:
    """The 1-based character column where each cell of a CSV line starts (quotes respected)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts


def _is_header(cells: list[str]) -> bool:
    return {cell.strip() for cell in cells} >= CORE_COLUMNS


def _header(cells: list[str], line: int) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        raise ConversionError(
            f"the header has {len(cells):,} columns, over the limit of {MAX_COLUMNS:,}: "
            "a CodeCarbon emissions.csv has a few dozen",
            line,
            1,
        )
    names = [cell.strip() for cell in cells]
    seen: set[str] = set()
    for name in names:
        if name and name in seen:  # a set, not names.count: a header may have a million columns
            raise ConversionError(f"column {name!r} appears twice in the header", line, 1)
        seen.add(name)
    return names


def _parse(text: str, losses: list[Loss]) -> tuple[list[str], list[Row]]:
    """The header and the data rows; a malformed row is reported lost, a repeated header restarts."""
    lines = text.split("\n")  # physical lines as the csv module counts them
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[Row] = []
    previous_end = 0
    try:
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None or (_is_header(cells) and cells != list(header)):
                if not _is_header(cells):
                    raise ConversionError(
                        "not a CodeCarbon emissions.csv: the header lacks " + ", ".join(sorted(CORE_COLUMNS)), line, 1
                    )
                header = _header(cells, line)
                continue
            if len(cells) != len(header):
                losses.append(
                    Loss(
                        f"line {line}",
                        cells,
                        f"the row has {len(cells)} cells where the header has {len(header)}: not read",
                    )
                )
                continue
            starts = _cell_columns(lines[line - 1]) if line <= len(lines) else []
            columns = {name: starts[i] if i < len(starts) else 1 for i, name in enumerate(header)}
            rows.append(Row(line, {n: c.strip() for n, c in zip(header, cells, strict=True)}, columns))
    except csv.Error as error:
        raise ConversionError(f"unreadable CSV: {error}", reader.line_num, 1) from None
    if header is None:
        raise ConversionError("the file is empty", 1, 1)
    if not rows:
        raise ConversionError("the CodeCarbon file has a header but no data rows", 1, 1)
    return header, rows


def _run_key_column(header: list[str]) -> str | None:
    if "run_id" in header:
        return "run_id"
    return "experiment_id" if "experiment_id" in header else None  # v1.x: one experiment_id per tracker


def _runs(header: list[str], rows: list[Row]) -> list[Run]:
    """Rows grouped by run, in order of first appearance; the last snapshot of each run carries it."""
    key_column = _run_key_column(header)
    runs: dict[Any, Run] = {}
    for row in rows:
        key = row.cells.get(key_column, "") if key_column else ""
        slot = key or ("line", row.line)
        if slot in runs:
            runs[slot].superseded.append(runs[slot].row)
            runs[slot].row = row
        else:
            runs[slot] = Run(key or None, row)
    return list(runs.values())


def _version(text: str) -> tuple[int, ...] | None:
    match = re.match(r"^\s*(\d+)\.(\d+)(?:\.(\d+))?", text)
    return None if match is None else tuple(int(part or 0) for part in match.groups())


def _rate_unit(header: list[str], version_text: str) -> tuple[str, str]:
    """The unit of emissions_rate in this file (kg/s from v2.2.0, g/s before) and how it was told."""
    version = _version(version_text)
    if version is not None:
        unit = "kg/s" if version >= RATE_IN_KG_SINCE else "g/s"
        return unit, f"codecarbon_version {version_text}"
    if LATER_COLUMNS & set(header):
        return "kg/s", "no version written, but the layout is from after v2.2.0"
    return "g/s", "no codecarbon_version column: a layout from before v2.2.0"


def _timestamp(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _measurement_period(timestamp: str, duration: Any) -> dict[str, str] | None:
    """Days measured: the row's date back to its time minus the duration (a date alone ends at its midnight)."""
    moment = _timestamp(timestamp)
    if moment is None or not isinstance(duration, int | float) or duration < 0:
        return None
    end = moment.date()
    if ISO_DATE.match(timestamp.strip()):
        moment = datetime.combine(end + timedelta(days=1), time())
    try:
        start = min(end, (moment - timedelta(seconds=duration)).date())
    except OverflowError:
        return None
    return {"start_date": start.isoformat(), "end_date": end.isoformat()}


class _Reader:
    """The state of one read: losses, fills, positions, and values kept per column for the loss report."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.rules = field_rules(VOCABULARY)
        self.parts = part_fields(VOCABULARY)
        self.losses: list[Loss] = []
        self.fills: list[Fill] = []
        self.origins: dict[str, tuple[int, int]] = {}
        self.unread: dict[tuple[str, str], dict[str, str]] = {}

    def lose(self, column: str, footprint_id: str, raw: str, reason: str) -> None:
        """Keep a value for the per-column loss report."""
        self.unread.setdefault((column, reason), {})[footprint_id] = raw

    def column_losses(self, runs: int) -> Iterator[Loss]:
        """One loss per column and reason: the value when every run has the same, else the value per footprint."""
        order = {column: index for index, column in enumerate(self.header)}
        for (column, reason), values in sorted(self.unread.items(), key=lambda item: order.get(item[0][0], 0)):
            distinct = set(values.values())
            value: Any = next(iter(distinct)) if len(distinct) == 1 and len(values) == runs else values
            yield Loss(column, value, reason)

    def place(self, pointer: str, row: Row, column: str) -> None:
        """Record where a carried value came from."""
        self.origins[pointer] = (row.line, row.columns.get(column, 1))

    def footprint(self, run: Run, index: int, rate_unit: tuple[str, str]) -> dict[str, Any]:
        """The footprint of one run."""
        row, cells = run.row, run.row.cells
        identifier = run.key or f"codecarbon-line-{row.line}"
        pointer = f"/footprints/{index}"
        fp: dict[str, Any] = {"id": identifier, "stage": "other"}
        self.origins[pointer] = (row.line, 1)
        self.fills.append(
            Fill(
                f"{pointer}/stage",
                "other",
                "CodeCarbon records no lifecycle stage: merge with a model card or"
                " set the stage (training, fine-tuning, inference...) by hand",
            )
        )
        fp["description"] = self._description(run)
        key_column = _run_key_column(self.header)  # once, not per column: a header may have a million columns
        for column in self.header:
            raw = cells.get(column, "")
            if raw and column not in OWN_COLUMNS and column != key_column:
                self._column(fp, pointer, row, column, raw)
        self._dates(fp, pointer, row)
        self._location(fp, pointer, row)
        self._hardware(fp, pointer, row)
        self._water(fp, pointer, row)
        self._energy(fp, pointer, row)
        self._rate(fp, identifier, row, rate_unit)
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
            self.lose(column, identifier, raw, NO_SLOT.get(column, "a column this converter does not know"))
        elif rule.field in self.parts:
            self.lose(column, identifier, raw, PART_REASON.format(column=column, slot=rule.slot))
        elif slot_homes().get(rule.slot) not in ("StageFootprint", "Location", "Tool"):
            self.lose(column, identifier, raw, f"aistd's {rule.slot} is not a footprint slot")
        else:
            value = self._value(rule, raw)
            if value is None or not within_limits(rule.slot, value):
                self.lose(column, identifier, raw, f"not a valid {rule.slot} value")
                return
            home = slot_homes()[rule.slot]
            target = fp if home == "StageFootprint" else fp.setdefault(home.lower(), {})
            target[rule.slot] = value
            inner = "" if home == "StageFootprint" else f"/{home.lower()}"
            self.place(f"{pointer}{inner}/{rule.slot}", row, column)

    def _value(self, rule: FieldRule, raw: str) -> Any:
        if not rule.unit:
            return raw
        parsed = number(raw)
        return None if parsed is None else to_slot_value(rule, parsed)

    def _dates(self, fp: dict[str, Any], pointer: str, row: Row) -> None:
        raw = row.cells.get("timestamp", "")
        if not raw:
            return
        period = _measurement_period(raw, number(row.cells.get("duration", "")))
        if period is None:
            self.lose(
                "timestamp",
                fp["id"],
                raw,
                "not an ISO 8601 time, or no duration to tell the start: no measurement period",
            )
            return
        fp["measurement_period"] = period
        self.place(f"{pointer}/measurement_period", row, "timestamp")
        if not ISO_DATE.match(raw):
            self.lose(
                "timestamp",
                fp["id"],
                raw,
                "the time the row was written: only its date is carried"
                " (measurement_period.end_date; the start date is that time minus the duration)",
            )

    def _location(self, fp: dict[str, Any], pointer: str, row: Row) -> None:
        cells, identifier = row.cells, fp["id"]
        code = cells.get("country_iso_code", "")
        country = country_record(code) if len(code) == 3 else None
        if country is not None:
            fp.setdefault("location", {})["country"] = country.alpha_2
            self.place(f"{pointer}/location/country", row, "country_iso_code")
        elif code:
            reason = (
                "ISO 3166-1 alpha-3, where aistd wants alpha-2: install pycountry to convert it"
                if not has_pycountry()
                else "not an ISO 3166-1 alpha-3 code"
            )
            self.lose("country_iso_code", identifier, code, reason)
        if cells.get("country_name") and country is None:
            self.lose(
                "country_name",
                identifier,
                cells["country_name"],
                "a country name; aistd carries the ISO code only, and the code could not be converted",
            )
        on_cloud = cells.get("on_cloud", "")
        if on_cloud and not (on_cloud.upper() == "Y" and cells.get("cloud_provider")):
            self.lose("on_cloud", identifier, on_cloud, NO_SLOT["on_cloud"])
        if "location" in fp:
            fp["location"] = {
                k: fp["location"][k]
                for k in ("country", "region", "cloud_provider", "cloud_region")
                if k in fp["location"]
            }

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
        prefixed = COUNT_PREFIX.match(model)
        if prefixed:  # "2 x Tesla V100S-PCIE-32GB"
            model = prefixed.group(2)
            if count is None:
                count = int(prefixed.group(1))
            elif count != int(prefixed.group(1)):
                self.lose(
                    f"{kind}_model",
                    identifier,
                    row.cells[f"{kind}_model"],
                    f"its count disagrees with {kind}_count {count_text}: {kind}_count kept",
                )
        if count is not None and (count != int(count) or count < 1):
            self.lose(
                f"{kind}_count",
                identifier,
                count_text,
                "not a count of at least one (aistd's hardware_count): no such hardware item",
            )
            count = None
            if not model:
                return None
        elif count_text and count is None:
            self.lose(f"{kind}_count", identifier, count_text, "not a number")
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
            self.lose(
                "wue",
                identifier,
                wue_raw,
                "the water factor CodeCarbon applied (L/kWh, default 0); aistd"
                " has no per-stage WUE slot (its wue is a data-centre annual figure)",
            )
        if not raw:
            return
        water = number(raw)
        if water == 0 and not wue:
            self.lose(
                "water_consumed",
                identifier,
                raw,
                "0 with wue 0 (CodeCarbon's default) means not estimated, not no water: not carried",
            )
            return
        rule = self.rules[PREFIX + "water_consumed"]
        value = None if water is None else to_slot_value(rule, water)
        if value is None or not within_limits(rule.slot, value):
            self.lose("water_consumed", identifier, raw, "not a valid water volume")
            return
        fp[rule.slot] = value
        self.place(f"{pointer}/{rule.slot}", row, "water_consumed")

    def _energy(self, fp: dict[str, Any], pointer: str, row: Row) -> None:
        raw = row.cells.get("pue", "")
        pue = number(raw) if raw else None
        rule = self.rules[PREFIX + "pue"]
        if raw and (pue is None or not within_limits(rule.slot, to_slot_value(rule, pue))):
            self.lose("pue", fp["id"], raw, "not a PUE of at least 1: the energies were multiplied by it all the same")
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

    def _rate(self, fp: dict[str, Any], identifier: str, row: Row, rate_unit: tuple[str, str]) -> None:
        raw = row.cells.get("emissions_rate", "")
        if not raw:
            return
        rate, emissions = number(raw), number(row.cells.get("emissions", ""))
        duration = number(row.cells.get("duration", ""))
        unit, why = rate_unit
        reason = (
            f"derived (emissions / duration), read in {unit} ({why}); not carried: aistd has no emission-rate"
            " slot, and operational_emissions / duration gives it again"
        )
        if rate is not None and emissions is not None and duration:
            expected = emissions / duration * (1000 if unit == "g/s" else 1)
            if not math.isclose(rate, expected, rel_tol=0.01, abs_tol=1e-15):
                reason += f"; this run's disagrees with emissions / duration ({expected:.6g} {unit})"
                self.lose("emissions_rate", identifier, raw, reason + ": it may cover the last interval only")
                return
        self.lose("emissions_rate", identifier, raw, reason)

    def _superseded(self, run: Run) -> None:
        if not run.superseded:
            return
        kept = number(run.row.cells.get("duration", "")) or 0
        longer = [r.line for r in run.superseded if (number(r.cells.get("duration", "")) or 0) > kept]
        reason = (
            f"earlier cumulative snapshots of run {run.key}: superseded by the last one (line {run.row.line}),"
            " not summed"
        )
        if longer:
            reason += f"; lines {longer} have a longer duration than the kept row, so the rows may not be cumulative"
        value = {"superseded_lines": [r.line for r in run.superseded], "kept_line": run.row.line}
        self.losses.append(Loss(f"run_id {run.key}", value, reason))


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


def _reporting_period(footprints: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    periods = [fp["measurement_period"] for fp in footprints if "measurement_period" in fp]
    if not periods:
        return None, None
    return min(p["start_date"] for p in periods), max(p["end_date"] for p in periods)


# --- writing ------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def _start_matches(period: dict[str, Any], duration_s: Any) -> bool:
    end = period.get("end_date")
    if not isinstance(end, str) or not ISO_DATE.match(end):
        return False
    derived = _measurement_period(end, duration_s) if isinstance(duration_s, int | float) else None
    return derived is not None and derived["start_date"] == period.get("start_date")


def _above_one(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 1


class _Writer:
    """The state of one write: the disclosure's systems, and the losses and fills found on the way."""

    def __init__(self, disclosure: dict[str, Any]) -> None:
        self.disclosure = disclosure
        self.systems = {s.get("id"): s for s in disclosure.get("ai_systems", []) if isinstance(s, dict)}
        self.slots = slot_fields(VOCABULARY)
        self.rules = field_rules(VOCABULARY)
        self.losses: list[Loss] = []
        self.fills: list[Fill] = []
        self.used_systems: set[Any] = set()

    def lose_rest(self, item: dict[str, Any], done: set[str], pointer: str, why: str) -> None:
        """Every key of an item that was not written."""
        for key, value in item.items():
            if key not in done:
                self.losses.append(Loss(f"{pointer}/{key}", value, why))

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
                self.losses.append(Loss(f"{pointer}/{slot}", fp[slot], why))
            else:
                self._put(cells, column, rule, fp[slot], f"{pointer}/{slot}")
        done |= self._boundaries(fp, cells, pointer)
        done |= self._dates(fp, cells, pointer)
        done |= self._location(fp, cells, pointer)
        done |= self._hardware(fp, cells, pointer)
        done |= self._tool(fp, cells, pointer)
        self._rate(cells)
        if fp.get("stage") == "other":
            done.add("stage")
        self.lose_rest(fp, done, pointer, "CodeCarbon's emissions.csv has no column for it")
        return cells

    def _put(self, cells: dict[str, str], column: str, rule: FieldRule, value: Any, where: str) -> None:
        """A slot value in its column's unit, or a loss when it is no number in a unit of its class."""
        written = from_slot_value(rule, value)
        if rule.unit and (isinstance(written, bool) or not isinstance(written, int | float)):
            self.losses.append(Loss(where, value, f"not a number in a unit CodeCarbon's {column} can take"))
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
            return f"CodeCarbon has per-component columns only; aistd's {slot} covers the whole energy boundary"
        boundary = fp.get("energy_boundary")
        if slot == "energy_consumption" and not (
            boundary == "compute-node" or (boundary == "facility" and _above_one(fp.get("pue_applied")))
        ):
            return (
                f"energy_consumed is compute-node energy (times CodeCarbon's pue): a figure with boundary"
                f" {boundary} and pue_applied {fp.get('pue_applied')} would change meaning there"
            )
        method = fp.get("emissions_accounting_method", "location-based")
        if slot == "operational_emissions" and method != "location-based":
            return f"CodeCarbon's emissions are location-based: a {method} figure would change meaning there"
        if slot == "pue_applied" and boundary == "compute-node" and _above_one(fp[slot]):
            return "with compute-node energy, a pue above 1 would say the energy had been multiplied by it"
        return ""

    def _boundaries(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
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
            self.losses.append(
                Loss(
                    f"{pointer}/{key}/start_date",
                    period.get("start_date"),
                    "CodeCarbon keeps the end time and the duration only; this start date does not follow from them",
                )
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
            why = "pycountry, needed to write its alpha-3 code, is not installed" if not has_pycountry() else ""
            self.losses.append(Loss(f"{pointer}/location/country", code, why or "not an ISO 3166-1 alpha-2 code"))
            done.add("country")
        self.lose_rest(location, done, f"{pointer}/location", "CodeCarbon's emissions.csv has no column for it")
        return {"location"}

    def _hardware(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
        items = fp.get("hardware")
        if not isinstance(items, list):
            return set()
        for index, item in enumerate(items):
            where = f"{pointer}/hardware/{index}"
            kind = item.get("hardware_type") if isinstance(item, dict) else None
            if kind not in ("cpu", "gpu") or cells[f"{kind}_model"] or cells[f"{kind}_count"]:
                self.losses.append(Loss(where, item, "CodeCarbon has one CPU and one GPU model per run"))
                continue
            done = {"hardware_type"}
            for slot in ("hardware_model", "hardware_count"):
                if slot in item:
                    column = f"{kind}_{'model' if slot == 'hardware_model' else 'count'}"
                    done.add(slot)
                    self._put(cells, column, self.rules[PREFIX + column], item[slot], f"{where}/{slot}")
            self.lose_rest(item, done, where, "CodeCarbon's emissions.csv has no column for it")
        return {"hardware"}

    def _tool(self, fp: dict[str, Any], cells: dict[str, str], pointer: str) -> set[str]:
        tool = fp.get("tool")
        if not isinstance(tool, dict):
            return set()
        if str(tool.get("name", "")).casefold() != TOOL_NAME.casefold():
            self.losses.append(Loss(f"{pointer}/tool", tool, "CodeCarbon's file can only say it was CodeCarbon"))
            return {"tool"}
        if isinstance(tool.get("version"), str):
            cells["codecarbon_version"] = tool["version"]
        self.lose_rest(tool, {"name", "version"}, f"{pointer}/tool", "CodeCarbon's emissions.csv has no column for it")
        return {"tool"}

    def _rate(self, cells: dict[str, str]) -> None:
        emissions, duration = number(cells["emissions"] or "x"), number(cells["duration"] or "x")
        if emissions is not None and duration:
            unit, _ = _rate_unit(list(CURRENT_COLUMNS), cells["codecarbon_version"])
            cells["emissions_rate"] = _cell(emissions / duration * (1000 if unit == "g/s" else 1))

    def document_losses(self) -> None:
        """What the disclosure says beside its footprints, and the systems' details."""
        for key, value in self.disclosure.items():
            if key in ("schema_version", "footprints", "ai_systems") or value in PLACEHOLDERS:
                continue
            self.losses.append(Loss(f"/{key}", value, "CodeCarbon's emissions.csv has no place for it"))
        for index, system in enumerate(self.disclosure.get("ai_systems", [])):
            if not isinstance(system, dict) or system.get("id") not in self.used_systems:
                self.losses.append(Loss(f"/ai_systems/{index}", system, "a system without footprints"))
                continue
            self.lose_rest(system, {"id", "name"}, f"/ai_systems/{index}", "only the name is written (project_name)")


class CodeCarbonFormat:
    """CodeCarbon's emissions.csv (all layouts, 11 to 38 columns)."""

    name = "codecarbon"
    vocabulary = VOCABULARY
    suffixes = (".csv",)

    def sniff(self, path: str, text: str) -> bool:
        """A first non-blank line that is a CodeCarbon header."""
        for line in text[:8192].splitlines():
            if line.strip():
                try:
                    cells = next(csv.reader([line]))
                except csv.Error:
                    return False
                return _is_header(cells)
        return False

    def read(self, text: str, path: str) -> Conversion:
        """One footprint per run (the last snapshot of each run_id), with losses, fills and positions."""
        losses: list[Loss] = []
        header, rows = _parse(text.removeprefix("\ufeff"), losses)
        runs = _runs(header, rows)
        version = next((r.cells.get("codecarbon_version", "") for r in rows if r.cells.get("codecarbon_version")), "")
        reader = _Reader(header)
        reader.losses = losses
        footprints = [reader.footprint(run, index, _rate_unit(header, version)) for index, run in enumerate(runs)]
        start, end = _reporting_period(footprints)
        identifier = f"urn:aistd:codecarbon:{_slug(PurePath(path).name)}"
        document = disclosure_shell(identifier, start, end, reader.fills)
        reader.fills.append(Fill("/id", identifier, "CodeCarbon's file has no identifier: made from the file name"))
        if start is not None:
            reader.fills.append(
                Fill(
                    "/reporting_period",
                    f"{start}/{end}",
                    "the file states no reporting period: the span of the runs' measurement periods",
                )
            )
        document["footprints"] = footprints
        reader.losses.extend(reader.column_losses(len(runs)))
        return Conversion(self.name, "aistd", document, reader.losses, reader.fills, reader.origins)

    def write(self, disclosure: dict[str, Any]) -> Conversion:
        """One row per footprint in the current column layout; empty cells for what is unknown."""
        writer = _Writer(disclosure)
        buffer = io.StringIO(newline="")
        table = csv.writer(buffer, lineterminator="\n")
        table.writerow(CURRENT_COLUMNS)
        for index, fp in enumerate(disclosure.get("footprints", [])):
            if not isinstance(fp, dict):
                writer.losses.append(Loss(f"/footprints/{index}", fp, "not a footprint"))
                continue
            cells = writer.row(fp, f"/footprints/{index}")
            table.writerow([cells[column] for column in CURRENT_COLUMNS])
        writer.document_losses()
        return Conversion("aistd", self.name, buffer.getvalue(), writer.losses, writer.fills)


__all__ = ["CodeCarbonFormat", "country_named", "country_record", "has_pycountry", "slot_homes", "within_limits"]
