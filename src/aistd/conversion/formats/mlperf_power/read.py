"""Reading an MLPerf results summary: the rows of one system, benchmark and scenario (a performance result and,
for a power submission, its power or energy result) become one footprint; each Result is placed by its Units label."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from aistd.conversion.csv_table import Row, Table, read_table, where_and_value
from aistd.conversion.disclosure import disclosure_shell, slug
from aistd.conversion.fields import field_rules
from aistd.conversion.formats.mlperf_power.terms import (
    COLUMNS,
    GPU_NAMES,
    METHOD,
    NO_SLOT,
    PREFIX,
    TRAINING_TERMS,
    UNIT_LABELS,
    VOCABULARY,
)
from aistd.conversion.journal import Conversion, Journal
from aistd.conversion.published import number, quantity
from aistd.conversion.slots import too_large, within_limits
from aistd.knowledge.units import admitted_units
from aistd.load.detect import is_mlperf_header
from aistd.model.figure import TOO_LARGE
from aistd.model.message import says

MAX_COUNT = 10**7
"""More devices than any system under test has: a larger count is not read as one."""
ENERGY_SLOTS = ("energy_per_functional_unit", "energy_consumption", "average_power")


class _Fields:
    """Which header column carries each field, and a row's cell for a field."""

    def __init__(self, header: list[str]) -> None:
        names = set(header)
        self.column = {field: next((c for c in columns if c in names), None) for field, columns in COLUMNS.items()}
        self.used = {column for column in self.column.values() if column is not None}

    def cell(self, row: Row, field: str) -> str:
        column = self.column[field]
        return row.cells.get(column, "").strip() if column else ""

    def place(self, row: Row, field: str) -> tuple[int, int]:
        column = self.column[field]
        return row.place(column) if column else (row.line, 1)


class _SummaryReader:
    """The state of one read: the journal, the crosswalk's rules, the systems and the footprints so far."""

    def __init__(self, table: Table, journal: Journal) -> None:
        self.table = table
        self.journal = journal
        self.fields = _Fields(table.header)
        self.rules = field_rules(VOCABULARY)
        self.systems: dict[str, dict[str, Any]] = {}
        self.footprints: list[dict[str, Any]] = []
        self.unread: dict[tuple[str, str], dict[str, str]] = {}
        self.ids: set[str] = set()

    def lose(self, column: str, row: Row, raw: str, reason: str) -> None:
        """Keep a value for the per-column loss report, with its line."""
        self.unread.setdefault((column, reason), {})[says("line {line}", line=row.line)] = raw

    def report_unread(self) -> None:
        """One loss per column and reason: the value when every row has the same, else the value per line."""
        order = {column: index for index, column in enumerate(self.table.header)}
        rows = len(self.table.rows)
        for (column, reason), values in sorted(self.unread.items(), key=lambda item: order.get(item[0][0], -1)):
            self.journal.lost(*where_and_value(column, values, rows), reason)

    def groups(self) -> list[list[Row]]:
        """The rows of each result (system, benchmark, scenario), in order of first appearance; rows that name no
        benchmark or no Units label are no result and are reported lost."""
        found: dict[tuple[str, ...], list[Row]] = {}
        key_fields = ("public_id", "organization", "system", "platform", "model", "scenario", "version", "round")
        for row in self.table.rows:
            if not self.fields.cell(row, "model") or not self.fields.cell(row, "units"):
                reason = says("the row names no benchmark or no Units label: not a result, not read")
                self.journal.lost(says("line {line}", line=row.line), dict(row.cells), reason)
                continue
            found.setdefault(tuple(self.fields.cell(row, name) for name in key_fields), []).append(row)
        return list(found.values())

    def footprint(self, rows: list[Row]) -> None:
        """The footprint of one result's rows."""
        first, fields = rows[0], self.fields
        index = len(self.footprints)
        pointer = f"/footprints/{index}"
        fp: dict[str, Any] = {"id": self._identifier(first)}
        self.journal.carried_at(pointer, first.place(fields.column["model"] or ""))
        fp["system"] = self._system(first)
        terms = set()
        for row in rows:
            terms.add(self._result(fp, pointer, row))
        training = bool(terms & TRAINING_TERMS) or fields.cell(first, "benchmark").casefold() == "training"
        fp["stage"] = "training" if training else "inference"
        fp["description"] = self._description(first, training)
        if "energy_per_functional_unit" in fp:
            scenario = fields.cell(first, "scenario")
            fp["functional_unit"] = "query"
            fp["functional_unit_description"] = (
                f"One query of the {scenario} scenario (a MultiStream query carries several samples)"
                if scenario
                else "One query (one inference) of the benchmark"
            )
        if any(slot in fp for slot in ENERGY_SLOTS):
            fp["energy_boundary"] = "compute-node"
            fp["measurement_status"] = "measured"
            fp["method"] = METHOD
        hardware = self._hardware(first, pointer)
        if hardware:
            fp["hardware"] = hardware
        for row in rows:
            self._other_columns(row)
        self.footprints.append(_ordered(fp))

    def _identifier(self, row: Row) -> str:
        parts = [self.fields.cell(row, name) for name in ("public_id", "system", "model", "scenario")]
        if not parts[0]:
            parts[0] = self.fields.cell(row, "organization")
        base = slug("-".join(part for part in parts if part), "result")
        identifier, suffix = base, 2
        while identifier in self.ids:
            identifier, suffix = f"{base}-{suffix}", suffix + 1
        self.ids.add(identifier)
        return identifier

    def _system(self, row: Row) -> str:
        name = self.fields.cell(row, "model")
        identifier = slug(name, "benchmark")
        if identifier not in self.systems:
            self.journal.carried_at(f"/ai_systems/{len(self.systems)}", self.fields.place(row, "model"))
            self.systems[identifier] = {"id": identifier, "name": name, "description": "An MLPerf benchmark model"}
        return identifier

    def _result(self, fp: dict[str, Any], pointer: str, row: Row) -> str:
        """One Result placed by its Units label; the crosswalk term it was read as, or '' when it was lost."""
        fields = self.fields
        raw, label = fields.cell(row, "result"), fields.cell(row, "units")
        result_column = fields.column["result"] or "Result"
        metric = UNIT_LABELS.get(label.casefold())
        if metric is None:
            reason = says("the Units label {label!r} is none this converter knows", label=label)
            self.lose(result_column, row, f"{raw} {label}", reason)
            return ""
        rule = self.rules.get(PREFIX + metric.term)
        if rule is None or metric.unit not in admitted_units(rule.slot):
            self.lose(result_column, row, f"{raw} {label}", says("no aistd slot takes {label!r} results", label=label))
            return ""
        value = quantity(raw, metric.unit, grouped=True, power=metric.power, published_unit=metric.published)
        if value is None or not within_limits(rule.slot, value):
            why = TOO_LARGE if too_large(raw) else says("not a number")
            self.lose(result_column, row, raw, says("{reason} in {label}: not carried", reason=why, label=label))
            return ""
        if rule.slot in fp:
            reason = says("a second {slot} for the same result: not carried", slot=rule.slot)
            self.lose(result_column, row, f"{raw} {label}", reason)
            return ""
        fp[rule.slot] = value
        self.journal.carried_at(f"{pointer}/{rule.slot}", fields.place(row, "result"))
        return metric.term

    def _description(self, row: Row, training: bool) -> str:
        cell = self.fields.cell
        version = cell(row, "version")
        suite = cell(row, "round") or ("Training" if training else "Inference") + (f" {version}" if version else "")
        text = f"MLPerf {suite} result"
        words = [cell(row, name) for name in ("division", "system_type", "availability") if cell(row, name)]
        if words:
            text += f" ({', '.join(words)})"
        if cell(row, "organization"):
            text += f" submitted by {cell(row, 'organization')}"
        system = cell(row, "system") or cell(row, "platform")
        if system:
            text += f", system {system}"
        nodes = number(cell(row, "nodes"))
        if nodes is not None and nodes != 1:
            text += f", {cell(row, 'nodes')} nodes"
        text += f": benchmark {cell(row, 'model')}"
        if cell(row, "scenario"):
            text += f", {cell(row, 'scenario')} scenario"
        if cell(row, "public_id"):
            text += f"; result ID {cell(row, 'public_id')}"
        if cell(row, "date"):
            text += f"; published {cell(row, 'date')}"
        return text

    def _hardware(self, row: Row, pointer: str) -> list[dict[str, Any]]:
        items = []
        nodes = number(self.fields.cell(row, "nodes"))
        for model_field, total_field, per_node_field, kind in (
            ("accelerator", "total_accelerators", "accelerators_per_node", None),
            ("host", None, "hosts_per_node", "cpu"),
        ):
            model = self.fields.cell(row, model_field)
            if not model or model.casefold() in ("n/a", "none"):
                continue
            item: dict[str, Any] = {"hardware_type": kind or _accelerator_kind(model)}
            item[self.rules[PREFIX + _term(model_field)].slot] = model
            where = f"{pointer}/hardware/{len(items)}"
            counted = self._count(row, total_field, per_node_field, nodes)
            if counted is not None:
                item["hardware_count"], count_field = counted
                self.journal.carried_at(f"{where}/hardware_count", self.fields.place(row, count_field))
            self.journal.carried_at(where, self.fields.place(row, model_field))
            self.journal.carried_at(f"{where}/hardware_model", self.fields.place(row, model_field))
            items.append(item)
        return items

    def _count(
        self, row: Row, total_field: str | None, per_node_field: str, nodes: float | int | None
    ) -> tuple[int, str] | None:
        """The devices of the whole system: the total when stated, else the per-node count of a one-node system."""
        for field in (total_field, per_node_field):
            if field is None or not self.fields.cell(row, field):
                continue
            raw = self.fields.cell(row, field)
            count = number(raw)
            if count is None or count != int(count) or not 1 <= count <= MAX_COUNT:
                if raw.casefold() not in ("0", "0.0"):
                    reason = says("not a count of at least one device")
                    self.lose(self.fields.column[field] or field, row, raw, reason)
                continue
            if field == per_node_field and nodes != 1:
                stated = self.fields.cell(row, "nodes")
                reason = (
                    says("a count per node, and the system has {nodes} nodes: no total count", nodes=stated)
                    if stated
                    else says("a count per node, and the system has an unstated number of nodes: no total count")
                )
                self.lose(self.fields.column[field] or field, row, raw, reason)
                continue
            return int(count), field
        return None

    def _other_columns(self, row: Row) -> None:
        """Every column neither placed nor described: lost, with why."""
        for column in self.table.header:
            raw = row.cells.get(column, "")
            if column in self.fields.used or not raw:
                continue
            if column.endswith(" (copy)") and raw == row.cells.get(column.removesuffix(" (copy)")):
                continue  # a copy of a column that is read
            if column == "Model" and raw == self.fields.cell(row, "model"):
                continue  # the benchmark's name, carried from another column
            self.lose(column, row, raw, NO_SLOT.get(column) or says("a column this converter does not know"))


def _term(field: str) -> str:
    return {"accelerator": "accelerator_model_name", "host": "host_processor_model_name"}[field]


def _accelerator_kind(model: str) -> str:
    folded = model.casefold()
    return "gpu" if any(word in folded for word in GPU_NAMES) else "npu"


def _ordered(fp: dict[str, Any]) -> dict[str, Any]:
    first = ("id", "system", "stage", "description", "functional_unit", "functional_unit_description")
    result = {key: fp[key] for key in first if key in fp}
    result.update({key: value for key, value in fp.items() if key not in result and key != "hardware"})
    if "hardware" in fp:
        result["hardware"] = fp["hardware"]
    return result


def read_summary(text: str, path: str) -> Conversion:
    """One footprint per system, benchmark and scenario of an MLPerf results summary."""
    journal = Journal()
    table = read_table(text, journal, is_mlperf_header, says("an MLPerf results summary"))
    reader = _SummaryReader(table, journal)
    for rows in reader.groups():
        reader.footprint(rows)
    organizations = {reader.fields.cell(row, "organization") for row in table.rows} - {""}
    entity = next(iter(organizations)) if len(organizations) == 1 else None
    identifier = f"urn:aistd:mlperf-power:{slug(PurePath(path).name, 'file')}"
    disclosure = disclosure_shell(journal, identifier, None, None, entity)
    if entity is not None:
        journal.carried_at("/reporting_entity/name", reader.fields.place(table.rows[0], "organization"))
    journal.filled("/id", identifier, says("the summary has no identifier: made from the file name"))
    if reader.systems:
        disclosure["ai_systems"] = list(reader.systems.values())
    if reader.footprints:
        disclosure["footprints"] = reader.footprints
    reader.report_unread()
    return journal.conversion(VOCABULARY, "aistd", disclosure)
