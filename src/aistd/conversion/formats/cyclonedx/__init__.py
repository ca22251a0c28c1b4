"""CycloneDX 1.5 to 1.7 ML-BOMs, in JSON, XML or protobuf: the energy figures of machine-learning-model components.

Each component of type `machine-learning-model` is one AI system; each entry of its
`modelCard.considerations.environmentalConsiderations.energyConsumptions[]` is one stage footprint.
Which field carries which aistd slot, the stage of each `activity` and the units come from the
`cyclonedx` crosswalk; this package knows only where things sit in a BOM and how CycloneDX spells them.
"""

from __future__ import annotations

from aistd.conversion.formats import Format
from aistd.conversion.formats.cyclonedx.read import read_binary_bom, read_bom
from aistd.conversion.formats.cyclonedx.terms import VOCABULARY
from aistd.conversion.formats.cyclonedx.write import serial_number, write_bom

__all__ = ["FORMAT", "serial_number"]

FORMAT = Format("cyclonedx", VOCABULARY, read_bom, write_bom, read_binary_bom)
