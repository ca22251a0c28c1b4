"""The built distributions: `python -m build` packs every artifact, and the wheel works alone, offline.

The sdist and the wheel are built from a copy of the checkout (the wheel from the sdist, as `python -m build`
does), the wheel is installed with its dependencies into a clean venv, and the commands then run from a folder
with no checkout around, with an audit hook that records and refuses any network connection.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import aistd
from tests.conftest import EXAMPLES, ROOT

PACKAGE = ROOT / "src" / "aistd"
ARTIFACT_FOLDERS = ("schemas", "data")
HEAVY = ("linkml", "linkml_runtime", "sssom", "rdflib", "pyshacl", "shacl")
# Copied into the isolated work folder: two invalid examples with the schema rule each breaks.
INVALID = {"HardwareItem-count-zero.yaml": "schema.minimum", "EnergyQuantity-missing-unit.yaml": "schema.required"}
SKIP_WHEN_COPYING = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "site", "__pycache__", "*.egg-info", ".*_cache", ".hypothesis"
)

# Put on PYTHONPATH for every checked command: any attempt to reach the network is logged, then refused.
NETWORK_GUARD = """\
import os
import socket
import sys

_LOG = os.environ["AISTD_NETWORK_LOG"]
_INET = (socket.AF_INET, socket.AF_INET6)


def _refuse(event, args):
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex") or (
        event in ("socket.connect", "socket.connect_ex", "socket.sendto", "socket.sendmsg")
        and getattr(args[0], "family", None) in _INET
    ):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{event} {args[1:]!r} in {sys.argv!r}\\n")
        raise PermissionError(f"network access refused: {event}")


sys.addaudithook(_refuse)
"""


@dataclass(frozen=True)
class Installed:
    """A clean venv holding only the wheel and its dependencies, and how to run commands in it offline."""

    venv: Path
    work: Path
    env: dict[str, str]
    network_log: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a command from the venv's bin folder in the isolated work folder, network refused."""
        command = [str(self.venv / "bin" / args[0]), *args[1:]]
        return subprocess.run(command, cwd=self.work, env=self.env, capture_output=True, text=True, timeout=300)

    def python(self, code: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run Python code, with arguments, with the venv's interpreter."""
        return self.run("python", "-c", code, *args)


def _clean_env() -> dict[str, str]:
    """This process's environment without anything that points Python at the checkout or its venv."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH", "VIRTUAL_ENV", "PYTHONUSERBASE")
    return {key: value for key, value in os.environ.items() if key not in dropped}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built by `python -m build` from a copy of the checkout."""
    base = tmp_path_factory.mktemp("dist")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=SKIP_WHEN_COPYING)
    out = base / "out"
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """The wheel installed into a fresh venv (dependencies from the package registry, pip's cache reused).

    The venv is removed afterwards, so that runs leave no installs behind in the temporary folders.
    """
    base = tmp_path_factory.mktemp("wheel-venv")
    venv = base / "venv"
    env = _clean_env()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], env=env, check=True, timeout=300)
    (wheel,) = dist.glob("aistd-*.whl")
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    guard = base / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NETWORK_GUARD, encoding="utf-8")
    work = base / "work"
    shutil.copytree(EXAMPLES / "valid", work / "valid")
    (work / "invalid").mkdir()
    for name in INVALID:
        shutil.copy2(EXAMPLES / "invalid" / name, work / "invalid" / name)
    network_log = base / "network.log"
    env.update(
        PYTHONPATH=str(guard),
        AISTD_NETWORK_LOG=str(network_log),
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
    )
    yield Installed(venv, work, env, network_log)
    shutil.rmtree(venv, ignore_errors=True)


@pytest.fixture
def offline(installed: Installed) -> Iterator[Installed]:
    """The installed wheel; after the test, no command has tried to reach the network."""
    installed.network_log.unlink(missing_ok=True)
    yield installed
    attempts = installed.network_log.read_text(encoding="utf-8") if installed.network_log.exists() else ""
    installed.network_log.unlink(missing_ok=True)
    assert attempts == "", f"network access attempted:\n{attempts}"


def _artifacts() -> set[str]:
    """Every data file of the package in the checkout (the generated artifacts and any other), as a wheel path."""
    return {
        f"aistd/{path.relative_to(PACKAGE).as_posix()}"
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix not in (".py", ".pyc")
        and path.relative_to(PACKAGE).parts[0] != "build"
    }


def _modules() -> set[str]:
    """Every run-time Python module of the package (build-time `aistd/build/` excepted), as a wheel path."""
    return {
        f"aistd/{path.relative_to(PACKAGE).as_posix()}"
        for path in PACKAGE.rglob("*.py")
        if "__pycache__" not in path.parts and path.relative_to(PACKAGE).parts[0] != "build"
    }


def test_the_wheel_and_the_sdist_carry_every_artifact_and_module(dist: Path) -> None:
    (wheel,) = dist.glob("aistd-*.whl")
    (sdist,) = dist.glob("aistd-*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/src/", 1)[1] for name in archive.getnames() if "/src/aistd/" in name}
    expected = _artifacts()
    for folder in ARTIFACT_FOLDERS:
        assert any(name.startswith(f"aistd/{folder}/") for name in expected), f"no artifacts in {folder}/"
    # A file missing here needs a pattern in pyproject.toml's [tool.setuptools.package-data].
    assert expected - in_wheel == set(), "artifacts missing from the wheel"
    assert expected - in_sdist == set(), "artifacts missing from the sdist"
    assert _modules() - in_wheel == set(), "modules missing from the wheel"
    assert not [name for name in in_wheel if name.startswith("aistd/build/")], "build-time code is in the wheel"


def test_the_guard_refuses_and_records_a_connection(installed: Installed) -> None:
    for code, event in [
        ("import socket; socket.socket().connect(('127.0.0.1', 9))", "socket.connect"),
        ("import socket; socket.create_connection(('localhost', 9), timeout=1)", "socket.getaddrinfo"),
    ]:
        done = installed.python(code)
        assert done.returncode != 0 and "network access refused" in done.stderr
        assert event in installed.network_log.read_text(encoding="utf-8")
        installed.network_log.unlink()


def test_version_names_the_package_and_the_schema(offline: Installed) -> None:
    done = offline.run("aistd", "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"aistd {aistd.__version__} (schema {aistd.SCHEMA_VERSION})"


def test_the_package_comes_from_the_venv_and_pulls_in_no_build_library(offline: Installed) -> None:
    probe = (
        "import json, sys, importlib.util\n"
        "import aistd\n"
        "from aistd.knowledge import artifacts\n"
        "names = set(sys.argv[1:])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & names)\n"
        "found = sorted(n for n in names if importlib.util.find_spec(n) is not None)\n"
        "print(json.dumps({'file': aistd.__file__, 'artifacts': str(artifacts.ARTIFACT_DIR),\n"
        "                  'checkout': str(artifacts.checkout_root()), 'heavy': heavy, 'installed': found}))\n"
    )
    done = offline.python(probe, *HEAVY)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert Path(seen["file"]).is_relative_to(offline.venv) and Path(seen["artifacts"]).is_relative_to(offline.venv)
    assert seen["checkout"] == "None"
    assert seen["heavy"] == []
    assert seen["installed"] == [], "a build-time library came with the runtime dependencies"


def test_validate_passes_the_valid_examples_and_fails_the_invalid_ones(offline: Installed) -> None:
    count = len(list((offline.work / "valid").iterdir()))
    valid = offline.run("aistd", "validate", "valid")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert f"{count} files, {count} valid" in valid.stdout
    for name, rule in INVALID.items():
        bad = offline.run("aistd", "validate", f"invalid/{name}")
        assert bad.returncode == 1, bad.stdout + bad.stderr
        assert f"invalid/{name}:" in bad.stdout and f"error {rule}:" in bad.stdout
    report = offline.run("aistd", "validate", "--format", "json", "valid", "invalid")
    assert report.returncode == 1
    assert json.loads(report.stdout)["summary"]["files"] == count + len(INVALID)


def test_the_rdf_path_names_its_extra_when_absent(offline: Installed) -> None:
    done = offline.run("aistd", "validate", "--rdf", "valid")
    assert done.returncode == 2 and "pip install 'aistd[rdf]'" in done.stderr


def test_convert_to_cyclonedx_and_back(offline: Installed) -> None:
    bom = offline.run("aistd", "convert", "valid/Disclosure-llm-pretraining.yaml", "--to", "cyclonedx", "-o", "b.json")
    assert bom.returncode == 0, bom.stderr
    assert json.loads((offline.work / "b.json").read_text(encoding="utf-8"))["bomFormat"] == "CycloneDX"
    back = offline.run("aistd", "convert", "b.json", "--to", "aistd", "-o", "back.yaml")
    assert back.returncode == 0, back.stderr
    data = yaml.safe_load((offline.work / "back.yaml").read_text(encoding="utf-8"))
    assert data["schema_version"] == aistd.SCHEMA_VERSION
    # The source states 148.8 MW.h and 8332.8 kg{CO2eq}; CycloneDX's own fields hold them in kWh and tonnes, and
    # the figures as stated come back from the aistd: properties, with the rest of the disclosure.
    assert data == yaml.safe_load((offline.work / "valid" / "Disclosure-llm-pretraining.yaml").read_text("utf-8"))
    entry = json.loads((offline.work / "b.json").read_text(encoding="utf-8"))["components"][0]["modelCard"]
    (written,) = entry["considerations"]["environmentalConsiderations"]["energyConsumptions"]
    assert written["activityEnergyCost"] == {"value": 148_800, "unit": "kWh"}
    assert written["co2CostEquivalent"] == {"value": pytest.approx(8.3328), "unit": "tCO2eq"}


def test_rules_and_terms_read_the_package_tables(offline: Installed) -> None:
    rule_table = json.loads((PACKAGE / "schemas" / "aistd.rules.json").read_text(encoding="utf-8"))["rules"]
    indicators = json.loads((PACKAGE / "schemas" / "aistd.indicators.json").read_text(encoding="utf-8"))
    rules = offline.run("aistd", "rules", "--format", "json")
    assert rules.returncode == 0, rules.stderr
    listed = {rule["id"] for rule in json.loads(rules.stdout)}
    assert {rule["id"] for rule in rule_table} <= listed
    terms = offline.run("aistd", "terms", "--format", "json")
    assert terms.returncode == 0, terms.stderr
    assert {term["term"] for term in json.loads(terms.stdout)} == set(indicators)
    text = offline.run("aistd", "rules")
    assert text.returncode == 0 and rule_table[0]["id"] in text.stdout
