"""eco2AI's columns across its versions, and how its composite cells (CPU_name, GPU_name, region/country) are read.

Every cell is split with plain string operations (no regular expression), so that no cell, however long or
odd, costs more than one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from aistd.model.message import says

VOCABULARY = "eco2ai"
PREFIX = "eco2ai:"
TOOL_NAME = "eco2AI"
CURRENT_COLUMNS = (
    "id",
    "project_name",
    "experiment_description",
    "epoch",
    "start_time",
    "duration(s)",
    "power_consumption(kWh)",
    "CO2_emissions(kg)",
    "CPU_name",
    "GPU_name",
    "OS",
    "region/country",
    "cost",
)
"""The columns eco2AI writes since v0.2 (Tracker._construct_attributes_dict), in its order."""
DEVICE_COLUMNS = ("CPU_consumption(kWh)", "GPU_consumption(kWh)", "RAM_consumption(kWh)")
"""Appended by eco2AI v0.3.13 when the tracker was made with device_consumption=True."""
HEADER_UNITS = {"kWh": "kW.h", "kWTh": "kW.h", "kg": "kg", "s": "s"}
"""The units eco2AI's header names carry in parentheses, as UCUM codes (kWTh is its early spelling of kWh)."""
NOT_STATED = frozenset({"", "n/a", "nan", "none"})
"""Cells that state nothing: eco2AI writes N/A in a column a row has no value for."""
NO_SLOT = {
    "OS": says("the operating system of the tracked machine; aistd has no slot for it"),
    "cost": says(
        "the electricity cost from the user's price table, in no stated currency (0 when no price table was"
        " set); aistd has no cost slot"
    ),
}


def column_base(name: str) -> tuple[str, str]:
    """A header name without the part in parentheses, and that part: power_consumption(kWh) -> power_consumption,
    kWh; region/country -> region_country (the crosswalk's identifier), ''."""
    base, _, rest = name.partition("(")
    unit = rest[:-1] if rest.endswith(")") else rest
    return base.strip().replace("/", "_"), unit.strip()


@dataclass(frozen=True)
class Device:
    """The parts of a CPU_name or GPU_name cell: the model, the device count, the TDP and the power method."""

    model: str
    count: str
    tdp: str = ""
    methods: tuple[str, ...] = ()


def _count_and_rest(text: str) -> tuple[str, str] | None:
    """'2 device(s) method:tdp' -> ('2', 'method:tdp'); None when the text does not start with a count."""
    count, _, rest = text.strip().partition(" device(s)")
    return (count, rest.strip()) if count.isdigit() and _ != "" else None


def _methods(text: str) -> tuple[str, ...]:
    """'method:nvml_energy+nvml_power' -> ('nvml_energy', 'nvml_power')."""
    label = text.strip()
    if not label.startswith("method:"):
        return ()
    return tuple(part for part in label.removeprefix("method:").split("+") if part)


def cpu_device(cell: str) -> Device | None:
    """A CPU_name cell: '{model}/{count} device(s), TDP:{tdp} [method:...]' (v0.2 on), or
    '{model}/{tdp} TDP: {count} device(s)' (before v0.2); None when it is in neither form."""
    text = cell.strip()
    if ", TDP:" in text:
        left, _, right = text.rpartition(", TDP:")
        model, slash, counted = left.rpartition("/")
        found = _count_and_rest(counted) if slash else None
        if found is None or found[1]:
            return None
        tdp, _, method = right.strip().partition(" ")
        return Device(model.strip(), found[0], tdp, _methods(method))
    if " TDP: " in text and text.endswith(" device(s)"):
        left, _, right = text.rpartition(" TDP: ")
        model, slash, tdp = left.rpartition("/")
        count = right.removesuffix(" device(s)").strip()
        return Device(model.strip(), count, tdp.strip()) if slash and count.isdigit() else None
    if text.endswith(" device(s)") and "/" in text:
        model, _, counted = text.rpartition("/")
        found = _count_and_rest(counted)
        return Device(model.strip(), found[0]) if found is not None and not found[1] else None
    if "device(s)" not in text and "TDP" not in text:
        return Device(text, "")  # tools derived from eco2AI write the model alone
    return None


def gpu_device(cell: str) -> Device | None:
    """A GPU_name cell: '{model} {count} device(s) [method:...]' (the model may be empty); None otherwise."""
    text = cell.strip()
    left, marker, method = text.rpartition(" device(s)")
    if not marker:
        return None
    model, _, count = (" " + left).rpartition(" ")
    if not count.isdigit() or (method.strip() and not _methods(method)):
        return None
    return Device(model.strip(), count, "", _methods(method))


def place(cell: str, column: str) -> tuple[str, str, bool] | None:
    """The country code and region of a region/country cell ('IN/Delhi', 'US', '(US/Iowa)') or of the early
    country cell ('Moscow/RU'), and whether the user set the emission factor (parentheses); None when no part is a
    two-letter code."""
    text = cell.strip()
    user_factor = text.startswith("(") and text.endswith(")")
    parts = [part.strip() for part in text.strip("()").split("/", 1)]
    if column == "country":  # before v0.2: '{region}/{country}'
        parts.reverse()
    country = parts[0]
    if not (len(country) == 2 and country.isascii() and country.isalpha() and country.isupper()):
        return None
    region = parts[1] if len(parts) > 1 and parts[1].casefold() not in NOT_STATED else ""
    return country, region, user_factor
