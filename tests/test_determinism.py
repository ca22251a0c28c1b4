"""The same inputs give the same bytes: reports and conversions depend on nothing but the inputs.

`aistd validate` renders byte-identical text, JSON, SARIF and JUnit reports whatever the order the files
are named in, the order the file system lists a folder in (shuffled here by a `sitecustomize` that wraps
`os.scandir`), the number of processes (`-j`), and the hash seed; files are reported in the order of their
path strings. `aistd convert` writes the same document and the same loss report for every example and
every target format, run after run and whatever PYTHONHASHSEED is. Its one input besides the files is the
clock, read for SPDX's required creation time when a disclosure states no issue day; that time is
reported as filled, and SOURCE_DATE_EPOCH (reproducible-builds.org) fixes it, as it does here.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from aistd.conversion import TARGET_NAMES
from tests.conftest import EXAMPLES, ROOT

REPORT_FORMATS = ("text", "json", "sarif", "junit")
HASH_SEEDS = ("0", "1", "31337")
SOURCE_DATE_EPOCH = "1735689600"  # 2025-01-01T00:00:00Z

SHUFFLED_SCANDIR = '''"""Lists every folder in an order shuffled by AISTD_SCANDIR_SEED (tests/test_determinism.py)."""
import os
import random

_scandir = os.scandir


class _Listing:
    """A folder's entries in a shuffled order, behaving as os.scandir's iterator does (os.walk uses next())."""

    def __init__(self, entries):
        self._entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


def _shuffled(path="."):
    with _scandir(path) as found:
        entries = list(found)
    random.Random(f"{os.environ['AISTD_SCANDIR_SEED']}:{os.fspath(path)}").shuffle(entries)
    return _Listing(entries)


os.scandir = _shuffled
'''


def _env(seed: str = "0", scandir_seed: str | None = None, sitecustomize: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AISTD_", "SOURCE_DATE_EPOCH"))}
    env |= {"PYTHONHASHSEED": seed, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    if scandir_seed is not None and sitecustomize is not None:
        env |= {"PYTHONPATH": str(sitecustomize), "AISTD_SCANDIR_SEED": scandir_seed}
    return env


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `corpus/` (inputs of every kind a folder walk reads) and `site/` (the shuffling hook)."""
    root = tmp_path_factory.mktemp("determinism")
    corpus = root / "corpus"
    shutil.copytree(EXAMPLES / "valid", corpus / "valid")
    shutil.copytree(EXAMPLES / "invalid", corpus / "invalid")
    other = corpus / "other"
    other.mkdir()
    source = EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml"
    for target, name in (("cyclonedx", "bom.json"), ("impact-framework", "manifest.yaml")):
        command = [sys.executable, "-m", "aistd", "convert", str(source), "--to", target, "-o", str(other / name)]
        subprocess.run(command, check=True, capture_output=True)
    (other / "duplicate.json").write_text('{"id": "a", "id": "b"}', encoding="utf-8")
    (other / "laughs.yaml").write_text("a: &a [1]\nb: [*a, *a]\n", encoding="utf-8")
    (other / "empty").mkdir()  # an empty folder inside a walked one is skipped
    (root / "site").mkdir()
    (root / "site" / "sitecustomize.py").write_text(SHUFFLED_SCANDIR, encoding="utf-8")
    return root


def files(root: Path) -> list[str]:
    """Every file of the corpus, by its path relative to the workspace, sorted."""
    return sorted(str(p.relative_to(root)) for p in (root / "corpus").rglob("*") if p.is_file())


def validate(root: Path, *args: str, seed: str = "0", scandir_seed: str | None = None) -> tuple[int, bytes]:
    """The exit code and the report bytes of `aistd validate ARGS`, run in the workspace."""
    done = subprocess.run(
        [sys.executable, "-m", "aistd", "validate", *args],
        cwd=root,
        env=_env(seed, scandir_seed, root / "site"),
        capture_output=True,
    )
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    return done.returncode, done.stdout


def _shuffled(items: list[str], seed: int) -> list[str]:
    copy = list(items)
    random.Random(seed).shuffle(copy)
    return copy


VARIANTS: dict[str, Any] = {
    "files-reversed": lambda names: {"args": names[::-1]},
    "files-shuffled": lambda names: {"args": _shuffled(names, 1)},
    "files-shuffled-j2": lambda names: {"args": ["-j", "2", *_shuffled(names, 2)]},
    "folders-reversed": lambda names: {"args": ["corpus/valid", "corpus/other", "corpus/invalid"]},
    "walk-shuffled": lambda names: {"args": ["corpus"], "scandir_seed": "1"},
    "walk-shuffled-j2": lambda names: {"args": ["-j", "2", "corpus"], "scandir_seed": "2"},
    "hash-seed": lambda names: {"args": _shuffled(names, 3), "seed": "31337"},
}


@cache
def _baseline(root: Path, form: str) -> tuple[int, bytes]:
    return validate(root, "--format", form, *files(root))


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("form", REPORT_FORMATS)
def test_the_report_is_the_same_whatever_the_order_the_jobs_or_the_hash_seed(
    workspace: Path, form: str, variant: str
) -> None:
    spec = VARIANTS[variant](files(workspace))
    code, report = validate(workspace, "--format", form, *spec.pop("args"), **spec)
    assert (code, report) == _baseline(workspace, form)


def test_files_are_reported_in_path_order(workspace: Path) -> None:
    report = json.loads(_baseline(workspace, "json")[1])
    assert [result["path"] for result in report["files"]] == files(workspace)


def test_the_walk_is_really_shuffled(workspace: Path) -> None:
    """Control: the sitecustomize does change the order a folder is listed in."""
    listing = "import os; print([e.name for e in os.scandir('corpus/invalid')])"
    orders = {
        subprocess.run(
            [sys.executable, "-c", listing],
            cwd=workspace,
            env=_env("0", seed, workspace / "site"),
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(orders) == 3


def test_same_system_findings_do_not_depend_on_argument_order(tmp_path: Path) -> None:
    rules = json.loads((ROOT / "src/aistd/schemas/aistd.rules.json").read_text(encoding="utf-8"))["rules"]
    rule = next(r for r in rules if r["id"] == "crosswalk.same-quantity")
    names = []
    for index, document in enumerate([*rule["failing"], rule["failing"][0]]):
        path = tmp_path / f"doc{index}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        names.append(str(path))
    one = validate(tmp_path, "--same-system", "--format", "json", *names)
    two = validate(tmp_path, "--same-system", "--format", "json", *names[::-1])
    assert one == two and one[0] == 1


CONVERT_DRIVER = """
import contextlib, io, json, sys
from pathlib import Path
from aistd.cli import main

examples, targets = json.loads(sys.argv[1]), json.loads(sys.argv[2])
results = {}
for example in examples:
    for target in targets:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["convert", example, "--to", target])
        results[f"{Path(example).name} -> {target}"] = [code, out.getvalue(), err.getvalue()]
sys.stdout.write(json.dumps(results, sort_keys=True))
"""
CONVERT_EXAMPLES = sorted(str(p) for p in (EXAMPLES / "valid").iterdir() if p.suffix in (".yaml", ".json"))


@cache
def _conversions(seed: str, reverse: bool) -> dict[str, list[Any]]:
    """Every example converted to every format in one process with this hash seed (examples in reverse order)."""
    examples = CONVERT_EXAMPLES[::-1] if reverse else CONVERT_EXAMPLES
    done = subprocess.run(
        [sys.executable, "-c", CONVERT_DRIVER, json.dumps(examples), json.dumps(list(TARGET_NAMES))],
        env=_env(seed),
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_conversion_is_byte_identical_across_runs_and_hash_seeds(target: str) -> None:
    runs = [_conversions(seed, reverse) for seed in HASH_SEEDS for reverse in (False, True)]
    names = [key for key in runs[0] if key.endswith(f" -> {target}")]
    for name in names:
        outcomes = [run[name] for run in runs]
        assert all(outcome == outcomes[0] for outcome in outcomes), name
        assert outcomes[0][0] in (0, 1), f"{name}: {outcomes[0][2]}"  # a target may lack room for an example
    assert len(names) == len(CONVERT_EXAMPLES) and any(runs[0][name][0] == 0 for name in names)


def test_the_clock_reaches_only_the_spdx_creation_time_and_is_reported() -> None:
    """Without an issue day, SPDX's `created` is the time of conversion: the only difference two epochs make."""
    source = str(EXAMPLES / "valid" / "Disclosure-sci-assessment.yaml")
    runs = []
    for epoch in ("0", "86400"):
        command = [sys.executable, "-m", "aistd", "convert", source, "--to", "spdx3"]
        env = _env() | {"SOURCE_DATE_EPOCH": epoch}
        runs.append(subprocess.run(command, env=env, capture_output=True, text=True, check=True))
    documents = [json.loads(run.stdout) for run in runs]
    created = [document["@graph"][0].pop("created") for document in documents]
    assert created == ["1970-01-01T00:00:00Z", "1970-01-02T00:00:00Z"]
    assert documents[0] == documents[1]
    fills = [[line for line in run.stderr.splitlines() if "/@graph/0/created" in line] for run in runs]
    assert [len(lines) for lines in fills] == [1, 1] and created[0] in fills[0][0]
    assert [line for line in runs[0].stderr.splitlines() if line not in fills[0]] == [
        line for line in runs[1].stderr.splitlines() if line not in fills[1]
    ]


def test_a_conversion_run_twice_from_the_command_line_gives_the_same_bytes(tmp_path: Path) -> None:
    source = EXAMPLES / "valid" / "Disclosure-gpai-annex-xi.yaml"
    outputs = []
    for seed in ("7", "8"):
        out = tmp_path / f"bom-{seed}.json"
        command = [sys.executable, "-m", "aistd", "convert", str(source), "--to", "cyclonedx", "-o", str(out)]
        done = subprocess.run(command, env=_env(seed), capture_output=True, check=True)
        outputs.append((out.read_bytes(), done.stderr))
    assert outputs[0] == outputs[1]
