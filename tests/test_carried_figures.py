"""Every figure real files state that reaches the aistd form also reaches CycloneDX and SPDX 3 (and comes back).

The table of `python -m tests.carried_figures` is what this test measures; see that module for what counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.carried_figures import TARGETS, Tally, count_file, manifest, tally_corpus

NOT_READ = {
    "dc-kpi-csv (GSF cloud region metadata; EED fields)": "a table of cloud regions, not a disclosure of any format",
}
"""Corpus formats aistd does not read, and why."""


@pytest.fixture(scope="module")
def tallies(corpus_dir: Path) -> dict[str, Tally]:
    return tally_corpus(corpus_dir)


def test_at_least_95_percent_of_the_figures_read_reach_each_target(tallies: dict[str, Tally]) -> None:
    for name, tally in tallies.items():
        for target in TARGETS:
            assert tally.share(target) >= 0.95, f"{name} -> {target}: {tally.carried[target]} of {tally.read}"


def test_every_format_aistd_reads_gives_figures(tallies: dict[str, Tally]) -> None:
    for name, tally in tallies.items():
        if name in NOT_READ:
            assert tally.read == 0
        else:
            assert tally.read > 0, f"{name}: no figure read from {tally.files} files ({tally.refused})"


def test_a_figure_that_does_not_come_back_is_counted_as_not_carried(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count can fail: a target writer that dropped every footprint would score far below the bar."""
    import dataclasses

    from tests import carried_figures

    real = carried_figures.format_named
    dropping = dataclasses.replace(
        real("cyclonedx"), write=lambda document, **_: real("cyclonedx").write({**document, "footprints": []})
    )
    monkeypatch.setattr(carried_figures, "format_named", lambda name: dropping if name == "cyclonedx" else real(name))
    tally = Tally()
    count_file(sorted(manifest(corpus_dir)["codecarbon-csv"])[0], tally)
    assert tally.read > 0 and tally.share("cyclonedx") < 0.5 and tally.share("spdx3") == 1.0
