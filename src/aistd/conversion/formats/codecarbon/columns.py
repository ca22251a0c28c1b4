"""CodeCarbon's columns across its versions, what each means for aistd, and how a cell is read."""

from __future__ import annotations

import math
import re
from datetime import datetime, time, timedelta

from aistd.conversion.dates import ISO_DAY, instant
from aistd.model.message import Message, says

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
# Columns that appeared after v2.2.0, when emissions_rate became kg/s (used when no version is written).
LATER_COLUMNS = frozenset({"pue", "water_consumed", "wue", "cpu_utilization_percent", "ram_used_gb"})
RATE_IN_KG_SINCE = (2, 2, 0)
PLACEHOLDER_EXPERIMENT = "5b0fa12a-3dd7-45bb-9766-cc326314d9f1"
HARDWARE_COLUMNS = {"cpu_model": "cpu", "cpu_count": "cpu", "gpu_model": "gpu", "gpu_count": "gpu"}
# Columns this package reads itself (identity, dates, derived or coupled values) rather than by slot alone.
OWN_COLUMNS = frozenset(
    {"timestamp", "run_id", "project_name", "emissions_rate", "country_iso_code", "country_name", "on_cloud"}
    | {"water_consumed", "wue", "pue"}
    | set(HARDWARE_COLUMNS)
)
# Of those, the ones the writer also fills itself (pue and water go by their slots).
WRITTEN_APART = OWN_COLUMNS - {"pue", "water_consumed", "wue"}
NO_SLOT = {
    "experiment_id": says(
        "the CodeCarbon API experiment; aistd has no experiment identifier"
        " ({placeholder} is CodeCarbon's default placeholder)",
        placeholder=PLACEHOLDER_EXPERIMENT,
    ),
    "os": says("operating system of the tracked machine; aistd has no slot for it"),
    "python_version": says("Python version of the tracked process; aistd has no slot for it"),
    "longitude": says("a coordinate rounded to 0.1 degree; aistd has no coordinate slot"),
    "latitude": says("a coordinate rounded to 0.1 degree; aistd has no coordinate slot"),
    "ram_total_size": says("memory size (GB); aistd's hardware items have no memory-size slot"),
    "ram_utilization_percent": says("memory utilisation (%); aistd has no memory-utilisation slot"),
    "ram_used_gb": says("memory in use (GB); aistd has no slot for it"),
    "tracking_mode": says(
        "machine: whole-machine energy; process: the tracked process's share; aistd has no slot"
        " for the attribution mode (energy_boundary compute-node covers both)"
    ),
    "on_cloud": says("whether CodeCarbon detected a cloud (cloud VMs with N occur); aistd records only the provider"),
    "country_name": says("the country name, carried only through the ISO code"),
}


def part_reason(column: str, slot: str) -> Message:
    """Why a per-component column (cpu_energy, gpu_power...) is not carried by the whole-boundary slot."""
    return says(
        "the {column} part alone: aistd's {slot} covers the whole energy boundary (CodeCarbon's power columns are"
        " often the last interval's, not the mean)",
        column=column,
        slot=slot,
    )


_COUNT_HEAD = re.compile("\\s*(\\d+)\\s*[x\u00d7]")
INTEGER = re.compile(r"^[+-]?\d+$")


def number(text: str) -> int | float | None:
    """A CSV cell as a number (int when written without a fraction), None when it is not a finite number."""
    text = text.strip()
    try:
        value: int | float = int(text) if INTEGER.match(text) else float(text)
    except ValueError:
        return None
    # an int is finite, and may not fit a float (math.isfinite would overflow on 401 digits)
    return value if isinstance(value, int) or math.isfinite(value) else None


def count_prefix(model: str) -> tuple[str, str] | None:
    """The count and the model of a model text that starts with a count ("2 x Tesla V100" -> "2", "Tesla V100"),
    else None.

    What the pattern `^\\s*(\\d+)\\s*[x\u00d7]\\s+(.+?)\\s*$` matches, without its backtracking: a lazy group
    before `\\s*$` takes time quadratic in a run of spaces inside the text (a 100,000-character cell: minutes).
    """
    head = _COUNT_HEAD.match(model)
    if head is None:
        return None
    rest = model[head.end() :]
    name = rest.strip()
    if not rest[:1].isspace() or not name or "\n" in name:
        return None
    return head.group(1), name


def _version(text: str) -> tuple[int, ...] | None:
    match = re.match(r"^\s*(\d+)\.(\d+)(?:\.(\d+))?", text)
    return None if match is None else tuple(int(part or 0) for part in match.groups())


def rate_unit(header: list[str], version_text: str) -> tuple[str, str]:
    """The unit of emissions_rate in this file (kg/s from v2.2.0, g/s before) and how it was told."""
    version = _version(version_text)
    if version is not None:
        unit = "kg/s" if version >= RATE_IN_KG_SINCE else "g/s"
        return unit, f"codecarbon_version {version_text}"
    if LATER_COLUMNS & set(header):
        return "kg/s", says("no version written, but the layout is from after v2.2.0")
    return "g/s", says("no codecarbon_version column: a layout from before v2.2.0")


def measurement_period(timestamp: str, duration: object) -> dict[str, str] | None:
    """Days measured: the row's date back to its time minus the duration (a date alone ends at its midnight)."""
    moment = instant(timestamp)
    if moment is None or not isinstance(duration, int | float) or duration < 0:
        return None
    end = moment.date()
    try:
        if ISO_DAY.match(timestamp.strip()):  # the day's end: the next midnight (none after 9999-12-31)
            moment = datetime.combine(end + timedelta(days=1), time())
        start = min(end, (moment - timedelta(seconds=duration)).date())
    except OverflowError:
        return None
    return {"start_date": start.isoformat(), "end_date": end.isoformat()}
