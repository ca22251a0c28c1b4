"""MLPerf results summaries with MLPerf Power results: read-only.

Two CSV forms are read: the `summary.csv` the MLCommons submission checker writes (one row per result, a second
row with `has_power` True holding the power result: `Watts` for Offline and Server, `millijoules` per query for
SingleStream and MultiStream), and exports of the MLCommons results tables (one row per metric, with labels such
as `System Power (W)`, `System energy (J) per stream*`, `kJ` and `Latency (In minutes)`; thousands separators,
duplicated columns). The rows of one system, benchmark and scenario make one footprint (`inference`, or
`training` for the energy and time to train); each Result goes to the slot its Units label's crosswalk term names
(`mappings/mlperf-power.sssom.tsv`), keeping the published digits (`as_published` when the number was rescaled,
millijoules to joules, or written with separators). MLPerf measures the whole system under test at the wall:
boundary `compute-node`, measured. Accuracy, software and notes have no aistd slot and are reported lost.

The summaries publish MLCommons' reviewed results; aistd does not write them.
"""

from __future__ import annotations

from typing import Any

from aistd.conversion.formats import Format
from aistd.conversion.formats.mlperf_power.read import read_summary
from aistd.conversion.formats.mlperf_power.terms import VOCABULARY
from aistd.conversion.journal import Conversion, ConversionError
from aistd.model.message import says

__all__ = ["FORMAT"]


def write_summary(disclosure: dict[str, Any]) -> Conversion:
    """Refused: the summaries are MLCommons' publication of reviewed results, not an exchange format."""
    raise ConversionError(
        says("the MLPerf Power format is read-only: its summaries publish MLCommons' reviewed results")
    )


FORMAT = Format("mlperf-power", VOCABULARY, read_summary, write_summary, tabular=True)
