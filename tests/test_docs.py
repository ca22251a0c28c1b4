"""The documentation site: its generated pages are current, it builds strictly, and every rule has its page."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aistd.build import run_build
from aistd.build.docs.pages import DOWNLOADS, generate_pages, generated_files
from aistd.check import check_data
from aistd.knowledge import artifacts
from aistd.knowledge.rules import all_rules
from aistd.load import parse_text
from aistd.model.finding import DOCS_URL
from tests.conftest import ROOT, SCHEMA_FILE

DOCS = ROOT / "docs"
MAPPINGS = ROOT / "mappings"
INDICATORS = json.loads(artifacts.INDICATOR_TABLE.read_text(encoding="utf-8"))
RULES = [r for r in json.loads(artifacts.RULE_TABLE.read_text(encoding="utf-8"))["rules"] if "failing" in r]
PROFILES = json.loads(artifacts.PROFILE_TABLE.read_text(encoding="utf-8"))["profiles"]
VOCABULARIES = json.loads(artifacts.MAPPING_TABLE.read_text(encoding="utf-8"))["vocabularies"]
CLASSES = yaml.safe_load(artifacts.MERGED_SCHEMA.read_text(encoding="utf-8"))["classes"]


def build_site(destination: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the checkout's site into `destination`."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(destination)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return generate_pages(artifacts.ARTIFACT_DIR, MAPPINGS)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("site")
    done = build_site(destination)
    assert done.returncode == 0, done.stdout + done.stderr
    return destination


def _pages_under(site: Path, folder: str) -> list[str]:
    """The pages of a section (`<folder>/<name>/index.html`), without the section's own index."""
    return sorted(p.parent.name for p in (site / folder).glob("*/index.html"))


# ------------------------------------------------------------------------------------ generated pages


def test_committed_pages_are_what_the_tables_give(pages: dict[str, str]) -> None:
    stale = [
        name for name, text in pages.items() if not (DOCS / name).is_file() or (DOCS / name).read_text("utf-8") != text
    ]
    assert stale == [], "run `make build`: these generated docs files are out of date"
    assert sorted(set(generated_files(DOCS)) - set(pages)) == [], "generated folders hold files no longer produced"


def test_the_build_writes_the_pages_and_removes_stale_ones(tmp_path: Path) -> None:
    copies, docs = tmp_path / "artifacts", tmp_path / "docs"
    copies.mkdir()
    for artifact in artifacts.ARTIFACT_DIR.iterdir():
        (copies / artifact.name).write_text(artifact.read_text(encoding="utf-8"), encoding="utf-8")
    stale = docs / "rules" / "retired.rule.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("# retired\n", encoding="utf-8")
    kept = docs / "notes.md"  # a hand-written page: not the build's to judge
    kept.write_text("# notes\n", encoding="utf-8")
    checked = run_build(SCHEMA_FILE, check=True, artifact_dir=copies, docs_dir=docs)
    assert stale in checked.drifted and docs / "rules" / "dc.pue-identity.md" in checked.drifted
    assert stale.is_file() and not (docs / "cli.md").exists(), "--check writes nothing"
    run_build(SCHEMA_FILE, check=False, artifact_dir=copies, docs_dir=docs)
    assert not stale.exists() and kept.is_file()
    assert (docs / "cli.md").is_file() and (docs / "downloads" / "aistd.schema.json").is_file()
    assert run_build(SCHEMA_FILE, check=True, artifact_dir=copies, docs_dir=docs).drifted == []


def test_generation_is_deterministic_and_free_of_local_paths(pages: dict[str, str]) -> None:
    assert generate_pages(artifacts.ARTIFACT_DIR, MAPPINGS) == pages
    assert list(pages) == sorted(pages)
    for name, text in pages.items():
        assert str(ROOT) not in text, name
        assert "/home/" not in text and "/tmp/" not in text, name


def test_downloads_are_the_artifacts_and_the_mapping_sets(pages: dict[str, str]) -> None:
    for name in DOWNLOADS:
        assert pages[f"downloads/{name}"] == (artifacts.ARTIFACT_DIR / name).read_text(encoding="utf-8")
    for path in MAPPINGS.glob("*.sssom.tsv"):
        assert pages[f"downloads/mappings/{path.name}"] == path.read_text(encoding="utf-8")


def test_indicator_pages_show_unit_references_and_crosswalk(pages: dict[str, str]) -> None:
    page = pages["indicators/energy_consumption.md"]
    assert "`kW.h` (UCUM)" in page and "http://qudt.org/vocab/unit/KiloW-HR" in page
    assert "## References" in page and "## Crosswalk" in page
    assert "`codecarbon:energy_consumed`" in page and "`skos:narrowMatch`" in page
    provisional = [name for name, entry in INDICATORS.items() if any(r["provisional"] for r in entry["references"])]
    assert provisional, "the table has provisional references"
    for name in provisional:
        assert "aistd-badge--provisional" in pages[f"indicators/{name}.md"], name


def test_every_rule_page_shows_its_failing_example_and_the_finding(pages: dict[str, str]) -> None:
    for rule in RULES:
        page = pages[f"rules/{rule['id']}.md"]
        assert f"`{rule['formula']}`" in page or rule["formula"] in page, rule["id"]
        report = page.split("The finding it produces:", 1)[1].split("```", 2)[1]
        assert f" {rule['id']}: " in report, f"{rule['id']}: the failing example's report does not name the rule"
        yaml_blocks = re.findall(r'^```yaml title="failing[^"]*"\n(.*?)^```', page, re.S | re.M)
        assert len(yaml_blocks) == len(rule["failing"]), rule["id"]
        for block, document in zip(yaml_blocks, rule["failing"], strict=True):
            assert parse_text(block, "failing.yaml").data == document, rule["id"]


def test_hand_written_examples_are_valid_disclosures() -> None:
    for page in ("disclosure-format.md", "getting-started/companies.md"):
        blocks = re.findall(r"^```yaml\n(.*?)^```", (DOCS / page).read_text(encoding="utf-8"), re.S | re.M)
        assert blocks, page
        for block in blocks:
            assert check_data(parse_text(block, page).data) == [], f"{page}:\n{block}"


def test_python_api_examples_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    for page in ("python-api.md", "getting-started/tool-authors.md"):
        blocks = re.findall(r"^```python\n(.*?)^```", (DOCS / page).read_text(encoding="utf-8"), re.S | re.M)
        assert blocks, page
        for block in blocks:
            exec(compile(block, page, "exec"), {})
    printed = capsys.readouterr().out
    assert "schema.required" in printed and "cyclonedx" in printed


def test_benchmark_chart_draws_every_comparable_row(pages: dict[str, str]) -> None:
    table = (DOCS / "benchmarks.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if re.match(r"\|\s*\d+[a-z]?\s*\|", line)]
    comparable = [row for row in rows if re.search(r"files/s|\d ms|\d MB", row)]
    chart = pages["benchmark-charts.md"]
    assert chart.count('class="bar-aistd"') == len(comparable) == chart.count('class="bar-peer"')
    assert "<script" not in chart


def test_cli_page_has_the_help_of_every_command(pages: dict[str, str]) -> None:
    page = pages["cli.md"]
    for command in ("aistd", "aistd validate", "aistd convert", "aistd rules", "aistd terms", "aistd crosswalk"):
        assert f"\n## {command}\n" in page, command
    assert "## aistd mappings stats" in page and "--fail-on" in page


# ------------------------------------------------------------------------------------ the built site


def test_site_builds_strictly_with_a_page_per_item(site: Path) -> None:
    assert _pages_under(site, "indicators") == sorted(INDICATORS)
    assert _pages_under(site, "profiles") == sorted(PROFILES)
    assert _pages_under(site, "vocabularies") == sorted(VOCABULARIES)
    assert _pages_under(site / "reference", "classes") == sorted(CLASSES)
    requirements = {req["id"] for profile in PROFILES.values() for req in profile["requirements"]}
    rule_ids = {rule["id"] for rule in RULES}
    assert set(_pages_under(site, "rules")) >= rule_ids | requirements
    assert len(rule_ids) == len(RULES)


def test_every_rule_has_a_page_at_rules_id(site: Path) -> None:
    for rule in RULES:
        assert (site / "rules" / rule["id"] / "index.html").is_file(), rule["id"]


def test_every_sarif_help_uri_resolves_to_a_page(site: Path) -> None:
    for rule in all_rules().values():
        relative = rule.help_uri.removeprefix(DOCS_URL + "/")
        assert (site / relative / "index.html").is_file(), rule.help_uri


def test_downloads_are_published_at_stable_paths(site: Path) -> None:
    for name in DOWNLOADS:
        assert (site / "downloads" / name).read_bytes() == (artifacts.ARTIFACT_DIR / name).read_bytes()
    for path in MAPPINGS.glob("*.sssom.tsv"):
        assert (site / "downloads" / "mappings" / path.name).is_file()


def test_the_site_uses_no_third_party_plugin() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["search"]
