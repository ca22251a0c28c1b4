"""The validation benchmark runs end to end on a few files and prints its table (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = ROOT / "benchmarks" / "validate_benchmark.py"
HEADER = "| # | measurement | aistd | peer | peer's figure | ratio |"


def test_the_benchmark_runs_quickly_on_a_few_files_and_prints_its_table() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--files", "14", "--linkml-sample", "7", "--rdf-sample", "7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert HEADER in done.stdout
    assert "## Targets" in done.stdout
