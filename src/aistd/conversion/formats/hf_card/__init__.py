"""Hugging Face model cards: `co2_eq_emissions` in the YAML front matter and the "Environmental Impact" section.

The fields, their aistd slots and units come from `mappings/hf-model-card.sssom.tsv`; this package knows where
they sit in a card and how people spell them. How the quirks of real cards are treated:

* `co2_eq_emissions` may be a number (grams), a map, a list of one-key maps (merged) or of full maps (one
  footprint each), or a string with a unit ("1.2g CO2", "16,714 kgs", "18t CO2eq"). Keys are matched after
  normalising case, spaces and hyphens, and a misspelling is accepted only when every word matches
  (`geographic_location`, not `training_time` for `training_type`). Unknown keys are reported lost.
* A free-text quantity is read only when it holds one number and, optionally, a unit of the right kind;
  anything else ("TBD", ranges, decimal commas, unknown units) is reported lost with its text, never guessed.
  A 0 is a placeholder, not a measured zero. A body figure without a unit is read in grams, as the template
  asks, and that unit is recorded as filled.
* Figures the body states outside the Environmental Impact section (e.g. "Emissions: 5.6 KgCO2") are compared
  with the front matter: when they disagree (typically by a factor of 1000, kilograms written where grams are
  expected) the loss report says so; the front matter, which the spec defines in grams, is kept.
* `training_type` pre-training / fine-tuning gives the stage; without it the stage is `other` (filled).
  The card states no accounting method: `location-based` is filled (the tools that feed cards use grid
  averages), so is the `compute-node` boundary of the CodeCarbon energy key.
* The card names the model (model-index name, else the first heading): it becomes the one AI system, and the
  footprints belong to it; CodeCarbon logs merged with the card then describe the same system.
"""

from __future__ import annotations

from aistd.conversion.formats import Format
from aistd.conversion.formats.hf_card.descriptions import parse_hardware
from aistd.conversion.formats.hf_card.quantities import Quantity, parse_quantity
from aistd.conversion.formats.hf_card.read import normalise_key, read_card
from aistd.conversion.formats.hf_card.terms import VOCABULARY
from aistd.conversion.formats.hf_card.write import write_card

__all__ = ["FORMAT", "Quantity", "normalise_key", "parse_hardware", "parse_quantity"]

FORMAT = Format("hf-card", VOCABULARY, read_card, write_card)
