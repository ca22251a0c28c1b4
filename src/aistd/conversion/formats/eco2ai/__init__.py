"""eco2AI `emission.csv`: one footprint per row, every column layout from the first (2022) to v0.3.13.

Columns are found by header name; the unit each header names in parentheses (kWh, kg, s) is checked against
the crosswalk `mappings/eco2ai.sssom.tsv`, which gives each column's aistd slot. How the quirks are treated:

* A row is one tracked run, or one epoch of a run tracked in training mode (`epoch: N, ...`; such rows share the
  tracker's `id` and each holds that epoch's own figures): never summed. Epoch rows are `training` footprints;
  other rows get the stage `other` (a recorded fill).
* `power_consumption(kWh)` is CPU + GPU + RAM energy of the tracked process, multiplied by the tracker's `pue`
  parameter (default 1) that the file does not record: boundary `compute-node`, and the description says so.
* `CPU_name`, `GPU_name` and `region/country` are composite cells ('{model}/{count} device(s), TDP:{tdp}',
  '{model} {count} device(s)', '{country}/{region}'), split into hardware items and a location; eco2AI's power
  method labels (v0.3.13: `method:tdp`, `method:nvml_energy`...) give the measurement status.
* `start_time` is a local time without a zone: its date starts the measurement period, which ends on the date of
  that time plus the duration; the time of day is reported lost. `OS` and `cost` (no currency) have no slot.
"""

from __future__ import annotations

from aistd.conversion.formats import Format
from aistd.conversion.formats.eco2ai.columns import CURRENT_COLUMNS, VOCABULARY
from aistd.conversion.formats.eco2ai.read import read_emission
from aistd.conversion.formats.eco2ai.write import write_emission

__all__ = ["CURRENT_COLUMNS", "FORMAT"]

FORMAT = Format("eco2ai", VOCABULARY, read_emission, write_emission, tabular=True)
