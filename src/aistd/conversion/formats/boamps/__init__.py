"""Boavizta BoAmps reports (JSON, and the flattened CSV form): each energy measure as a stage footprint, and back.

A BoAmps report describes one AI task (its stage, request count, algorithms and datasets), one or more
energy measures of that task, the infrastructure it ran on and the electricity it used. Reading gives one
footprint per measure, each with the task's stage, the infrastructure's hardware and location and the
environment's carbon intensity; several measures of one task are alternatives (two tools), never added up.
Older reports (`$$key`, `value` and `unit` on measures, a top-level `hardware` list, numbers written as text)
are read where their meaning is plain. Which field carries which slot, and the units, come from the boamps
crosswalk; writing gives a report valid against the current BoAmps schema, filling what it requires.
"""

from __future__ import annotations

from aistd.conversion.formats import Format
from aistd.conversion.formats.boamps.read import read_report, read_text
from aistd.conversion.formats.boamps.terms import VOCABULARY
from aistd.conversion.formats.boamps.write import write_report

__all__ = ["FORMAT", "read_report"]

FORMAT = Format("boamps", VOCABULARY, read_text, write_report)
