"""The coverage-guided fuzzer runs: every target for a few hundred inputs, seeded, with no crash.

A smoke test of `fuzz/run.py` and `fuzz/fuzz_targets.py`, not a fuzzing campaign (see fuzz/run.py for
that); it needs atheris (`pip install -e ".[fuzz]"`) and is skipped without it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

RUNS = 300

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed: the fuzz smoke test needs it (pip install -e '.[fuzz]')",
)


def test_every_target_runs_a_few_hundred_inputs_without_a_crash(tmp_path: Path) -> None:
    out = tmp_path / "fuzz"
    command = [sys.executable, str(ROOT / "fuzz" / "run.py"), "--runs", str(RUNS), "--seed", "1", "-j", "2"]
    done = subprocess.run(
        [*command, "--out", str(out), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    summary = json.loads(done.stdout)
    targets = {outcome["target"]: outcome for outcome in summary["targets"]}
    listed = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_targets.py"), "--list"], capture_output=True, text=True, check=True
    )
    assert sorted(targets) == sorted(listed.stdout.split())
    crashes = {name: outcome["crashes"] for name, outcome in targets.items() if outcome["crashes"]}
    assert crashes == {}, json.dumps(crashes, indent=1)[:4000]
    assert all(outcome["inputs"] >= RUNS for outcome in targets.values()), {n: o["inputs"] for n, o in targets.items()}
    assert all(targets[name]["seeds"] > 0 for name in ("load-yaml", "convert-aistd", "check-data", "validate"))
    assert done.returncode == 0
