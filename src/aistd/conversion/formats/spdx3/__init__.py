"""SPDX 3.0.1 JSON-LD documents: the energy consumption of AI packages (SPDX AI profile).

Each `ai_AIPackage` element is one AI system; each entry of its `ai_energyConsumption` lists
(`ai_trainingEnergyConsumption`, `ai_finetuningEnergyConsumption`, `ai_inferenceEnergyConsumption`) is one
stage footprint with energy only. Which property carries which aistd slot, the stage each list names and
the energy units come from the `spdx3-ai` crosswalk; this package knows the JSON-LD layout (the `@graph`,
compact keys, node references) and how SPDX spells values (decimals as strings without exponent).
"""

from __future__ import annotations

from aistd.conversion.formats import Format
from aistd.conversion.formats.spdx3.read import read_document
from aistd.conversion.formats.spdx3.terms import VOCABULARY
from aistd.conversion.formats.spdx3.write import element_iri, write_document

__all__ = ["FORMAT", "element_iri"]

FORMAT = Format("spdx3", VOCABULARY, read_document, write_document)
