"""GSF Impact Framework (IF) manifests: each leaf component as a stage footprint (and an SCI assessment), and back.

An IF manifest holds a tree of components; a leaf carries a time series of observations (`inputs`, and in
a computed manifest `outputs`), each a flat map of IF parameters. Reading sums the amounts (energy, carbon,
time) over a leaf's observations and keeps an intensity, ratio or property only when it is the same in
every observation; everything else is reported. Writing gives one child per footprint, grouped under its
stage, whose single observation carries the figures in IF's parameter names and units (energy kWh, carbon
g, intensity g/kWh, time s, utilisation %). Which parameter carries which slot, and the unit factors, come
from the impact-framework crosswalk.
"""

from __future__ import annotations

from aistd.conversion.formats import Format
from aistd.conversion.formats.impact_framework.read import read_manifest
from aistd.conversion.formats.impact_framework.terms import VOCABULARY
from aistd.conversion.formats.impact_framework.write import write_manifest

__all__ = ["FORMAT", "read_manifest", "write_manifest"]

FORMAT = Format("impact-framework", VOCABULARY, read_manifest, write_manifest)
