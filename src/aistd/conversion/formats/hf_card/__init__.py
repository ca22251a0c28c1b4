"""Hugging Face model cards: `co2_eq_emissions` in the YAML front matter, and the figures of the body.

The fields, their aistd slots and units come from `mappings/hf-model-card.sssom.tsv`; this package knows where
they sit in a card and how people spell them. How the quirks of real cards are treated:

* `co2_eq_emissions` may be a number (grams), a map, a list of one-key maps (merged) or of full maps (one
  footprint each), or a string with a unit ("1.2g CO2", "16,714 kgs", "18t CO2eq"). Keys are matched after
  normalising case, spaces and hyphens, and a misspelling is accepted only when every word matches
  (`geographic_location`, not `training_time` for `training_type`). Unknown keys are reported lost.
* A free-text quantity is read only when it holds one number and, optionally, a unit of the right kind;
  anything else ("TBD", ranges, decimal commas, unknown units) is reported lost with its text, never guessed.
  A 0 in the front matter or the template is a placeholder, not a measured zero (a 0 in a table is stated).
  A template figure without a unit is read in the unit the template asks for (grams), and the unit is recorded
  as filled; any other figure without a unit is not read.
* The body's labelled lines (`- **Total energy consumption:** 1.2 MWh`, `Carbon Emitted: 149 kg CO2eq`, the
  template's bullets, "Details" lists) are matched to slots through the crosswalk's labels and the indicators'
  names (`body.py`), their figures read with their published digits and qualifiers (`figures.py`). They add to
  the front matter's footprint where it is silent; where both state a figure and disagree, the body's is kept in
  a footprint that `restates` the front matter's, and the stated-twice rule reports it (typically kilograms
  written where the spec expects grams). Blocks that one section captions one by one are footprints of their own.
* Tables of figures (the Llama cards' training table) give a footprint per row, each about the model the row
  names, and the Total row `aggregates` them (`tables.py`); tables of numbered steps (checkpoints) are reported.
* `training_type` pre-training / fine-tuning gives the stage, so do stage words in labels and captions; without
  one the stage is `other` (filled). The card states no accounting method: `not-stated` is filled, and the
  CodeCarbon energy key has the `compute-node` boundary (a body's energy figure has `not-stated`).
* The card names the model (model-index name, else the first heading): it becomes the one AI system, and the
  footprints belong to it; CodeCarbon logs merged with the card then describe the same system.
* Every figure keeps the line and column it was read at (`Conversion.origins`); the body is read line by line in
  linear time, so a hostile line costs a few scans of itself.
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
