"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run by pre-commit in another repository.

pre-commit clones the hook repository at a commit, so the test commits a snapshot of this working tree into a
temporary repository (nothing is committed here, and uncommitted edits are tested too) and points a second
temporary repository's `.pre-commit-config.yaml` at it. PRE_COMMIT_HOME is temporary: nothing leaks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT
from tests.test_wheel import SKIP_WHEN_COPYING

INVALID = "HardwareItem-count-zero.yaml"
FINDING = "disclosures/bad.yaml:43:21: error schema.minimum: HardwareItem.hardware_count"


def _git(repo: Path, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _commit_all(repo: Path, message: str, env: dict[str, str]) -> str:
    _git(repo, "add", "-A", env=env)
    _git(repo, "commit", "--quiet", "--no-verify", "-m", message, env=env)
    return _git(repo, "rev-parse", "HEAD", env=env)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A git identity, no user or system git configuration, and a temporary PRE_COMMIT_HOME (removed after)."""
    base = tmp_path_factory.mktemp("pre-commit-env")
    (base / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    dropped = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PRE_COMMIT", "SKIP")
    values = {key: value for key, value in os.environ.items() if key not in dropped and not key.startswith("GIT_")}
    values.update(
        GIT_CONFIG_GLOBAL=str(base / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="aistd tests",
        GIT_AUTHOR_EMAIL="tests@aistd.invalid",
        GIT_COMMITTER_NAME="aistd tests",
        GIT_COMMITTER_EMAIL="tests@aistd.invalid",
        PRE_COMMIT_HOME=str(base / "pre-commit-home"),
    )
    yield values
    shutil.rmtree(base / "pre-commit-home", ignore_errors=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """This working tree committed into a temporary repository: its path and the commit."""
    repo = tmp_path_factory.mktemp("hook-repo") / "aistd"
    shutil.copytree(ROOT, repo, ignore=SKIP_WHEN_COPYING)
    _git(repo, "init", "--quiet", env=env)
    return repo, _commit_all(repo, "snapshot of the working tree", env)


def _pre_commit(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_the_hook_manifest_declares_both_hooks() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert set(hooks) == {"aistd-validate", "aistd-validate-all"}
    assert all(hook["entry"] == "aistd validate" and hook["language"] == "python" for hook in hooks.values())
    assert hooks["aistd-validate"]["pass_filenames"] is True
    assert hooks["aistd-validate-all"]["pass_filenames"] is False


def test_the_hooks_pass_valid_disclosures_and_fail_an_invalid_one(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    hook_path, rev = hook_repo
    user = tmp_path / "user-repo"
    (user / "disclosures").mkdir(parents=True)
    (user / "notes").mkdir()
    shutil.copy2(EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml", user / "disclosures" / "good.yaml")
    shutil.copy2(EXAMPLES / "valid" / "Disclosure-fine-tune.json", user / "notes" / "fine-tune.aistd.json")
    # Not a disclosure and outside the default pattern: the hooks never see it.
    (user / "notes" / "other.yaml").write_text("not: [a, disclosure\n", encoding="utf-8")
    config = {
        "repos": [
            {"repo": str(hook_path), "rev": rev, "hooks": [{"id": "aistd-validate"}, {"id": "aistd-validate-all"}]}
        ]
    }
    (user / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _git(user, "init", "--quiet", env=env)
    _commit_all(user, "valid disclosures", env)

    passing = _pre_commit(user, env)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert passing.stdout.count("Passed") == 2, passing.stdout

    shutil.copy2(EXAMPLES / "invalid" / INVALID, user / "disclosures" / "bad.yaml")
    _commit_all(user, "an invalid disclosure", env)
    failing = _pre_commit(user, env)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert failing.stdout.count("Failed") == 2 and failing.stdout.count("- exit code: 1") == 2, failing.stdout
    assert failing.stdout.count(FINDING) == 2, failing.stdout
    findings = [line for line in failing.stdout.splitlines() if ": error " in line or ": warning " in line]
    assert findings and all(line.startswith("disclosures/bad.yaml:") for line in findings), failing.stdout
    assert "other.yaml" not in failing.stdout and "good.yaml" not in failing.stdout
