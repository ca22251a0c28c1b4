"""CodeCarbon `emissions.csv`: one footprint per tracked run, every column layout from v1.x to v3.2.x.

Columns are found by header name (their number and order changed over versions), and each column's aistd
slot and unit come from the crosswalk `mappings/codecarbon.sssom.tsv`; this package knows only the file's
syntax. How the quirks of the format are treated:

* Rows sharing a `run_id` (v1.x: `experiment_id`) are cumulative snapshots of one run: the last one carries
  the run and the earlier ones are reported as superseded, never summed. Different runs stay separate
  footprints (a user who wants a total adds them, knowing whether they overlap).
* `emissions_rate` is derived (emissions / duration), in g/s before v2.2.0 and kg/s after (told by the
  `codecarbon_version` column, else by the layout): it is not carried, and the loss report says which unit
  it was read in and whether it agrees with emissions / duration.
* The energies already include CodeCarbon's `pue`: the boundary is `compute-node`, or `facility` when
  pue > 1 (then `pue_applied` says by how much, and the description says so). `pue_applied` is kept in both.
* `country_iso_code` is ISO 3166-1 alpha-3: converted to aistd's alpha-2 with `pycountry` when it is
  installed, otherwise kept in the loss report.
* CodeCarbon records no lifecycle stage: footprints get `other` (a recorded fill); merge with a model card
  or edit the stage. `water_consumed` of 0 with `wue` 0 (the default) means "not estimated" and is not
  carried as a measured zero.
"""

from __future__ import annotations

from aistd.conversion.formats import Format
from aistd.conversion.formats.codecarbon.columns import CURRENT_COLUMNS, VOCABULARY
from aistd.conversion.formats.codecarbon.read import read_emissions
from aistd.conversion.formats.codecarbon.write import write_emissions

__all__ = ["CURRENT_COLUMNS", "FORMAT"]

FORMAT = Format("codecarbon", VOCABULARY, read_emissions, write_emissions, tabular=True)
