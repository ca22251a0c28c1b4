"""The MLPerf results summaries' columns under their several spellings, and the Units labels that say which metric
a Result is (the metric's aistd slot comes from the crosswalk `mappings/mlperf-power.sssom.tsv`)."""

from __future__ import annotations

from typing import NamedTuple

from aistd.model.message import says

VOCABULARY = "mlperf-power"
PREFIX = "mlperf:"
COLUMNS: dict[str, tuple[str, ...]] = {
    "public_id": ("Public ID",),
    "organization": ("Organization",),
    "availability": ("Availability",),
    "division": ("Division",),
    "system_type": ("SystemType",),
    "system": ("SystemName", "System Name"),
    "platform": ("Platform",),
    "model": ("MlperfModel", "Model MLC", "Model"),
    "benchmark": ("Benchmark",),
    "scenario": ("Scenario",),
    "result": ("Result", "Avg. Result at System Name"),
    "units": ("Units",),
    "nodes": ("number_of_nodes", "Number Of Nodes"),
    "accelerator": ("accelerator_model_name", "Accelerator Model Name"),
    "accelerators_per_node": ("accelerators_per_node", "Accelerators Per Node"),
    "total_accelerators": ("total_accelerators", "Total Accelerators"),
    "host": ("host_processor_model_name", "Host Processor Model Name"),
    "hosts_per_node": ("host_processors_per_node", "Host Processors Per Node"),
    "version": ("version",),
    "round": ("vdate",),
    "date": ("date",),
    "has_power": ("has_power",),
}
"""Each field the reader places, with the column names it goes by (the submission checker's summary.csv, and the
exports of the MLCommons results tables), the preferred first."""
NO_SLOT = {
    "Accuracy": says("the benchmark's accuracy metrics; aistd records a task score only beside a named metric"),
    "Model": says("the submitter's name of the benchmark; the MLPerf model name is carried"),
    "Units (copy)": says("a copy of Units"),
    "notes": says("the submitter's notes on the system; aistd has no slot for them"),
    "Software": says("the software stack; aistd has no slot for it"),
    "framework": says("the software stack; aistd has no slot for it"),
    "operating_system": says("the operating system; aistd has no slot for it"),
    "host_processor_core_count": says("cores per host processor; aistd's hardware items have no core count"),
    "Host Processor Core Count": says("cores per host processor; aistd's hardware items have no core count"),
    "Location": says("the result's folder in the submission repository"),
    "compliance": says("the division the result complies with (also in Division)"),
    "errors": says("the submission checker's error count"),
    "inferred": says("whether the result was inferred from another scenario's run"),
    "weight_data_types": says("the numeric formats of the weights; aistd has no slot for them"),
    "design_power_watts": says("the design (nameplate) power of the system; aistd has no slot for it"),
    "PrivateID": says("the submitter's private identifier"),
}


class Metric(NamedTuple):
    """What a Units label says a Result is: the crosswalk term, the UCUM unit of the slot's admitted units the
    value is written in, the power of ten that turns the published number into that unit, and the published unit
    (kept in `as_published` when the number was rescaled)."""

    term: str
    unit: str
    power: int = 0
    published: str = ""


UNIT_LABELS = {
    "watts": Metric("system-power", "W"),
    "w": Metric("system-power", "W"),
    "power (w)": Metric("system-power", "W"),
    "system power": Metric("system-power", "W"),
    "system power (w)": Metric("system-power", "W"),
    "millijoules": Metric("joules_per_stream", "J", -3, "mJ"),
    "millijoules/stream": Metric("joules_per_stream", "J", -3, "mJ"),
    "system energy (mj) per stream": Metric("joules_per_stream", "J", -3, "mJ"),
    "system energy (mj) per stream*": Metric("joules_per_stream", "J", -3, "mJ"),
    "joules": Metric("joules_per_stream", "J"),
    "system energy (j) per stream": Metric("joules_per_stream", "J"),
    "system energy (j) per stream*": Metric("joules_per_stream", "J"),
    "microjoules": Metric("joules_per_stream", "J", -6, "uJ"),
    "uj": Metric("joules_per_stream", "J", -6, "uJ"),
    "energy in uj": Metric("joules_per_stream", "J", -6, "uJ"),
    "samples/s": Metric("samples_per_second", "/s"),
    "queries/s": Metric("queries_per_second", "{request}/s"),
    "tokens/s": Metric("tokens_per_second", "{token}/s"),
    "latency (ms)": Metric("latency", "ms"),
    "latency in ms": Metric("latency", "ms"),
    "latency (in ms)": Metric("latency", "ms"),
    "latency (s)": Metric("latency", "s"),
    "kj": Metric("energy-to-train", "kJ"),
    "latency (in minutes)": Metric("time-to-train", "min"),
}
"""Units labels as the summaries write them (lower case): the submission checker's (Samples/s, Queries/s, Tokens/s,
Latency (ms), Watts, millijoules) and the results tables' (System Power (W), System energy (J) per stream*, kJ,
Latency (In minutes)...)."""
TRAINING_TERMS = frozenset({"energy-to-train", "time-to-train"})
GPU_NAMES = ("nvidia", "gpu", "radeon", "instinct", "adreno", "geforce")
"""Words of an accelerator's name that make it a GPU; any other MLPerf accelerator is an AI accelerator (npu)."""
METHOD = (
    "MLPerf Power: the AC (or DC) power of the whole system under test, measured during the performance run with an"
    " approved analyser through SPEC PTDaemon; no facility overhead"
)
