"""The documentation site: its pages are generated at build time (never committed), the site builds
strictly, and every rule, indicator, vocabulary, profile and class has its page."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from aistd.build.docs import GENERATED_FILES, GENERATED_FOLDERS, generate_pages, write_pages
from aistd.build.docs.environment import TEMPLATES
from aistd.build.docs.pages import DOWNLOADS, site_pages
from aistd.build.docs.tables import read_tables
from aistd.check import check_data
from aistd.knowledge import artifacts
from aistd.knowledge.rules import all_rules
from aistd.load import parse_text
from aistd.model.finding import DOCS_URL
from aistd.model.versions import SCHEMA_VERSION
from tests.conftest import EXAMPLES, ROOT

DOCS = ROOT / "docs"
MAPPINGS = ROOT / "mappings"
BENCHMARKS = ROOT / "benchmarks"
RESULTS = json.loads((BENCHMARKS / "results" / "validate.json").read_text(encoding="utf-8"))
INDICATORS = json.loads(artifacts.INDICATOR_TABLE.read_text(encoding="utf-8"))
RULES = [r for r in json.loads(artifacts.RULE_TABLE.read_text(encoding="utf-8"))["rules"] if "failing" in r]
PROFILES = json.loads(artifacts.PROFILE_TABLE.read_text(encoding="utf-8"))["profiles"]
VOCABULARIES = json.loads(artifacts.MAPPING_TABLE.read_text(encoding="utf-8"))["vocabularies"]
CLASSES = yaml.safe_load(artifacts.MERGED_SCHEMA.read_text(encoding="utf-8"))["classes"]


def _generated(path: str) -> bool:
    """Whether a path under `docs/` belongs to the generator."""
    return path in GENERATED_FILES or path.split("/", 1)[0] in GENERATED_FOLDERS


HOOK = "src/aistd/build/docs/site.py"
NOT_IN_NAV = 'not included in the "nav" configuration'


class _TaggedLoader(yaml.SafeLoader):
    """`mkdocs.yml` as data: its `!ENV` and `!!python/name` tags read as plain values."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_TaggedLoader.add_multi_constructor("", _untagged)


def mkdocs_config() -> dict[str, object]:
    """`mkdocs.yml`, read as data."""
    found: dict[str, object] = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TaggedLoader)
    return found


def site_source(folder: Path) -> Path:
    """The site's sources in `folder`, as `make docs-build` has them: `mkdocs.yml` (its hook found in the
    checkout), the hand-written pages (the checkout's generated ones left behind), and the pages generated now.
    Returns the configuration."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"  - {HOOK}\n" in config, "mkdocs.yml names the navigation hook"
    (folder / "mkdocs.yml").write_text(config.replace(f"  - {HOOK}\n", f"  - {ROOT / HOOK}\n"), encoding="utf-8")
    shutil.copytree(DOCS, folder / "docs", ignore=lambda where, names: [n for n in names if _generated(n)])
    write_pages(generate_pages(artifacts.ARTIFACT_DIR, MAPPINGS), folder / "docs")
    return folder / "mkdocs.yml"


def mkdocs_build(config: Path, destination: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `config` into `destination`, run from the checkout (so that the snippets,
    `--8<--`, resolve as in `make docs-build`)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(destination)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=900,
        check=False,
    )


def build_site(destination: Path) -> subprocess.CompletedProcess[str]:
    """Generate the pages into a copy of the site's sources, then `mkdocs build --strict` it into `destination`."""
    with tempfile.TemporaryDirectory(prefix="aistd-site-") as folder:
        return mkdocs_build(site_source(Path(folder)), destination)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return generate_pages(artifacts.ARTIFACT_DIR, MAPPINGS)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("site")
    done = build_site(destination)
    assert done.returncode == 0, done.stdout + done.stderr
    assert NOT_IN_NAV not in done.stdout + done.stderr, "every page is in the navigation"
    return destination


def _pages_under(site: Path, folder: str) -> list[str]:
    """The pages of a section (`<folder>/<name>/index.html`), without the section's own index."""
    return sorted(p.parent.name for p in (site / folder).glob("*/index.html"))


# ------------------------------------------------------------------------------------ generated, not committed


def test_no_generated_file_is_committed_and_git_ignores_them_all(pages: dict[str, str]) -> None:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    listed = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True, check=True)
    committed = [path.removeprefix("docs/") for path in listed.stdout.splitlines()]
    assert committed, "the hand-written pages are committed"
    assert [path for path in committed if _generated(path)] == [], "generated docs files are committed"
    assert [path for path in pages if not _generated(path)] == [], "a generated file outside the generated paths"
    paths = [f"docs/{path}" for path in pages]
    command = ["git", "check-ignore", "--no-index", "--stdin"]
    ignored = subprocess.run(command, input="\n".join(paths), cwd=ROOT, capture_output=True, text=True)
    assert sorted(set(paths) - set(ignored.stdout.splitlines())) == [], ".gitignore misses generated files"


def test_the_entry_point_writes_the_pages_and_removes_stale_ones(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    stale = docs / "rules" / "retired.rule.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("# retired\n", encoding="utf-8")
    kept = docs / "notes.md"  # a hand-written page: not the generator's to judge
    kept.write_text("# notes\n", encoding="utf-8")
    command = [sys.executable, "-m", "aistd.build.docs", "--out", str(docs)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 removed" in done.stdout
    assert not stale.exists() and kept.is_file()
    assert (docs / "cli.md").is_file() and (docs / "downloads" / "aistd.schema.json").is_file()
    assert (docs / "rules" / "dc.pue-identity.md").is_file() and (docs / "benchmark-charts.md").is_file()
    again = write_pages(generate_pages(artifacts.ARTIFACT_DIR, MAPPINGS), docs)
    assert again.written == [] and again.removed == [], "a second run changes nothing"


def test_one_template_per_page_kind_and_every_template_used() -> None:
    used = {page.template for page in site_pages(read_tables(artifacts.ARTIFACT_DIR, MAPPINGS))}
    templates = {path.name for path in TEMPLATES.glob("*.md.j2") if not path.name.startswith("_")}
    assert used == templates


def test_no_module_of_the_docs_code_is_over_500_lines() -> None:
    modules = [*(ROOT / "src" / "aistd" / "build" / "docs").glob("*.py"), BENCHMARKS / "charts.py"]
    oversized = [path.name for path in modules if len(path.read_text(encoding="utf-8").splitlines()) > 500]
    assert oversized == []


# ------------------------------------------------------------------------------------ generated pages


def test_generation_is_deterministic_and_free_of_local_paths(pages: dict[str, str]) -> None:
    assert generate_pages(artifacts.ARTIFACT_DIR, MAPPINGS) == pages
    assert list(pages) == sorted(pages)
    for name, text in pages.items():
        assert str(ROOT) not in text, name
        assert "/home/" not in text and "/tmp/" not in text, name
        assert "\n\n\n" not in text and text.endswith("\n") and not text.endswith("\n\n"), name


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
        passing = page.split('??? success "A passing example"', 1)[1]
        assert all(line.startswith("    ") for line in passing.strip("\n").splitlines() if line), rule["id"]


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


def test_cli_page_has_the_help_of_every_command(pages: dict[str, str]) -> None:
    page = pages["cli.md"]
    for command in ("aistd", "aistd validate", "aistd convert", "aistd rules", "aistd terms", "aistd crosswalk"):
        assert f"\n## {command}\n" in page, command
    assert "## aistd mappings stats" in page and "--fail-on" in page


# ------------------------------------------------------------------------------------ benchmark charts


def test_benchmark_chart_draws_every_comparable_row_of_the_results(pages: dict[str, str]) -> None:
    comparable = [row for row in RESULTS["rows"] if row["unit"] in ("ms", "files/s", "MB")]
    assert len(comparable) == len(RESULTS["rows"]) == 16
    chart = pages["benchmark-charts.md"]
    assert chart.count('class="bar-aistd"') == len(comparable) == chart.count('class="bar-peer"')
    assert "<script" not in chart and "benchmarks/charts.py" in chart
    for row in comparable:
        assert f"<title>{row['number']} aistd: " in chart, row["number"]


def test_the_committed_results_are_the_published_table() -> None:
    """`validate.json` is what `validate_benchmark.py --json` writes for the run `docs/benchmarks.md` shows."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import charts
        import validate_benchmark as script
    finally:
        sys.path.remove(str(BENCHMARKS))
    results = script.Results(
        [script.Row(**row) for row in RESULTS["rows"]],
        [script.Target(**target) for target in RESULTS["targets"]],
        RESULTS["notes"],
    )
    table = script.render(results, RESULTS["header"]).split("\n", 2)[2]
    assert table in (DOCS / "benchmarks.md").read_text(encoding="utf-8")
    written = json.loads(script.results_json(results, RESULTS["header"], RESULTS["arguments"]))
    assert written | {"date": RESULTS["date"]} == RESULTS
    for row in RESULTS["rows"]:  # the numbers the charts draw are the figures the table prints
        assert charts.figure(row["aistd_value"], row["unit"]) in row["aistd"], row["number"]
        assert charts.figure(row["peer_value"], row["unit"]) in row["peer_figure"], row["number"]


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
    assert (site / "benchmark-charts" / "index.html").is_file()


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
    config = mkdocs_config()
    plugins = config["plugins"]
    assert isinstance(plugins, list) and [p if isinstance(p, str) else next(iter(p)) for p in plugins] == ["search"]
    assert config["hooks"] == [HOOK], "one local hook, the navigation of the generated pages"


def test_every_release_has_its_own_site_behind_one_version_selector(tmp_path: Path) -> None:
    """`python -m aistd.build.site`: the current site and each release's, built from its own commit."""
    from aistd.build.site import build_sites, releases

    out = tmp_path / "site"
    versions = build_sites(ROOT, out)
    listed = json.loads((out / "versions.json").read_text(encoding="utf-8"))
    assert listed == versions and [v["version"] for v in listed] == [
        SCHEMA_VERSION,
        *(r["version"] for r in releases()),
    ]
    assert "0.1.0" in {v["version"] for v in listed}
    assert f'url={SCHEMA_VERSION}/"' in (out / "index.html").read_text(encoding="utf-8")
    for version in (SCHEMA_VERSION, "0.1.0"):
        page = (out / version / "index.html").read_text(encoding="utf-8")
        assert '"provider": "mike"' in page, f"the {version} site has no version selector"
    assert (out / SCHEMA_VERSION / "indicators" / "location_based_emissions").is_dir()
    assert not (out / "0.1.0" / "indicators" / "location_based_emissions").exists(), "0.1.0 says what 0.1.0 said"


def test_every_aistd_property_the_writers_use_is_on_the_properties_page() -> None:
    """The docs page lists every property name CycloneDX and SPDX 3 outputs of the examples carry."""
    from aistd.build.docs.environment import environment, render
    from aistd.build.docs.pages import carried_properties_page
    from aistd.build.docs.tables import read_tables
    from aistd.conversion.registry import format_named
    from aistd.load import load_path

    tables = read_tables(artifacts.ARTIFACT_DIR, MAPPINGS)
    page = carried_properties_page(tables)
    text = render(environment(tables), page.template, **page.context)
    used: set[str] = set()
    for path in sorted((EXAMPLES / "valid").iterdir()):
        data = load_path(path).data
        bom = json.loads(format_named("cyclonedx").write(data).document)
        for component in bom["components"]:
            used |= {p["name"] for p in component.get("properties", [])}
            entries = component.get("modelCard", {}).get("considerations", {}).get("environmentalConsiderations", {})
            for entry in entries.get("energyConsumptions", []):
                used |= {p["name"] for p in entry.get("properties", [])}
        used |= {p["name"] for p in bom.get("properties", [])}
        graph = json.loads(format_named("spdx3").write(data).document)["@graph"]
        for node in graph:
            for extension in node.get("extension", []):
                used |= {e["extension_cdxPropName"] for e in extension["extension_cdxProperty"]}
    assert len(used) > 10
    assert [name for name in sorted(used) if f"`{name}`" not in text] == []


# ------------------------------------------------------------------------------------ pages editors work from


def test_indicator_pages_lead_with_the_title_and_say_what_checks_and_requires_them(pages: dict[str, str]) -> None:
    page = pages["indicators/pue.md"]
    assert 'title: "Power usage effectiveness (pue)"' in page and "# Power usage effectiveness (`pue`)" in page
    assert "<https://w3id.org/aistd/pue>" in page and "**Also known as:** PUE" in page
    checked = page.split("## Checked by", 1)[1].split("\n## ", 1)[0]
    assert "(../rules/dc.pue-identity.md)" in checked
    required = page.split("## Required by", 1)[1].split("\n## ", 1)[0]
    assert "(../profiles/unep-dc-procurement.md)" in required and "unep-dc-procurement.pue" in required
    unmapped = page.split("**Not mapped in:**", 1)[1]
    assert "(../vocabularies/codecarbon.md)" in unmapped and "CodeCarbon" in unmapped
    assert "(../vocabularies/iso-iec-30134.md)" not in unmapped, "ISO/IEC 30134 maps PUE"
    for name in INDICATORS:  # the title first, then the code (unless the title is the code, `Duration`)
        title = json.loads(pages[f"indicators/{name}.md"].split("\n", 2)[1].removeprefix("title: "))
        assert title.endswith(f" ({name})") or title.casefold() == name.replace("_", " ").casefold(), title


def test_class_pages_draw_a_mermaid_diagram_and_give_iris(pages: dict[str, str]) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "name: mermaid" in config and "pymdownx.superfences.fence_code_format" in config
    for name, cls in CLASSES.items():
        page = pages[f"reference/classes/{name}.md"]
        assert f"<https://w3id.org/aistd/{name}>" in page, name
        diagram = page.split("``` mermaid\n", 1)[1].split("```", 1)[0]
        assert diagram.startswith("classDiagram\n") and f"class {name} {{" in diagram, name
        if cls.get("is_a"):
            assert f"{cls['is_a']} <|-- {name}" in diagram, name


def test_the_matrix_names_vocabularies_and_offers_the_whole_matrix_as_csv(pages: dict[str, str]) -> None:
    import csv
    import io

    page = pages["crosswalk-matrix.md"]
    assert "(downloads/crosswalk-matrix.csv)" in page
    header = next(line for line in page.splitlines() if line.startswith("| Indicator |"))
    assert "[CodeCarbon emissions.csv](vocabularies/codecarbon.md" in header and "[codecarbon]" not in header
    rows = list(csv.reader(io.StringIO(pages["downloads/crosswalk-matrix.csv"])))
    assert [row[0] for row in rows[1:]] == sorted(INDICATORS)
    assert len(rows[0]) == 2 + len(VOCABULARIES) and all(len(row) == len(rows[0]) for row in rows)
    pue = next(row for row in rows if row[0] == "pue")
    assert "exact iso30134:PUE" in pue[rows[0].index("ISO/IEC 30134 data-centre KPI series")]


def test_every_page_is_in_the_navigation_labelled_by_its_title(site: Path) -> None:
    nav = (site / "index.html").read_text(encoding="utf-8").split('class="md-nav md-nav--primary"', 1)[1]
    linked = set(re.findall(r'href="([^"#]+)"', nav.split("</nav>\n</div>", 1)[0]))
    pages = {path.parent.relative_to(site).as_posix() + "/" for path in site.rglob("index.html")} - {"./"}
    missing = [page for page in sorted(pages) if page not in linked and not page.startswith(("search/", "assets/"))]
    assert missing == []
    assert ">\n    Power usage effectiveness (pue)\n" in nav or "Power usage effectiveness (pue)" in nav
    tab = (site / "indicators" / "pue" / "index.html").read_text(encoding="utf-8")
    assert "<title>Power usage effectiveness (pue) - aistd</title>" in tab


def test_search_titles_are_page_titles(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["indicators/pue/"] == "Power usage effectiveness (pue)"
    assert titles["rules/dc.pue-identity/"].endswith("(dc.pue-identity)")
    assert not [loc for loc, title in titles.items() if loc.startswith("indicators/") and title.startswith("Dc.")]


def test_the_404_page_links_under_the_configured_site_url(site: Path) -> None:
    assert mkdocs_config()["site_url"] == ["AISTD_SITE_URL", "https://w3id.org/aistd/docs/"]
    page = (site / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="(/[^"]*)"', page)
    assert links and all(link.startswith("/aistd/docs/") for link in links), "absolute links outside the site's path"


def test_the_matrix_csv_is_published(site: Path) -> None:
    text = (site / "downloads" / "crosswalk-matrix.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("indicator,title,") and len(text.splitlines()) == 1 + len(INDICATORS)
    assert 'href="../downloads/crosswalk-matrix.csv"' in (site / "crosswalk-matrix" / "index.html").read_text()
