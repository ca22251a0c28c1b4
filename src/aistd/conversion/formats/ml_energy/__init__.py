"""The ML.ENERGY Leaderboard's data files (github.com/ml-energy/leaderboard, public/data): read-only.

A model file (`models/ORG__MODEL__TASK.json`) holds one model's configurations for one task; a task file
(`tasks/TASK.json`) holds every model's configurations for one task, each naming its model; `index.json` lists
the models with their parameter counts. Each configuration (GPU model, GPU count, batch size, parallelism)
becomes one `inference` footprint with its energy per request, image or video in joules (the leaderboard's
published digits), its average power, throughput, latency, batch size and GPUs, and the energy per output token
of the language tasks a second footprint of its own (a footprint has one functional unit). The energies are GPU
energy measured with Zeus (the leaderboard's methodology): boundary `accelerator-only`, measured. Inter-token
latencies, the mean batch size and the output-length histograms have no aistd slot and are reported lost.

The leaderboard is a publication of its authors' measurements; aistd does not write it.
"""

from __future__ import annotations

from typing import Any

from aistd.conversion.formats import Format
from aistd.conversion.formats.ml_energy.read import read_leaderboard
from aistd.conversion.formats.ml_energy.terms import VOCABULARY
from aistd.conversion.journal import Conversion, ConversionError
from aistd.model.message import says

__all__ = ["FORMAT"]


def write_leaderboard(disclosure: dict[str, Any]) -> Conversion:
    """Refused: the leaderboard's files are its authors' publication, not an exchange format."""
    raise ConversionError(
        says("the ML.ENERGY Leaderboard format is read-only: its files publish the leaderboard's own measurements")
    )


FORMAT = Format("ml-energy", VOCABULARY, read_leaderboard, write_leaderboard)
