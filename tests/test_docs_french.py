"""The French edition of the site: generated from the compiled tables, built strictly with `mkdocs.fr.yml` under
`fr/` beside the English site, one page per indicator, class, enumeration, rule and profile, titled by its French
label then its code, and reached from the English site through the theme's language selector.

Both sites are built from temporary overlay configurations: `INHERIT` of the checkout's configuration, the docs
folder the pages were generated into, the hooks by absolute path (they are relative to the configuration), and for
the English site the `extra.alternate` block mkdocs.yml is to carry. The browser tests open both in headless
Chromium (see test_docs_browser.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml

from aistd.build.docs import GENERATED_FILES, GENERATED_FOLDERS, generate_pages, write_pages
from aistd.build.docs.french import DOCS_FOLDER, generate_french_pages, write_french_pages
from aistd.build.docs.french.__main__ import main
from aistd.build.docs.french.catalogue import KINDS, read_catalogue
from aistd.build.docs.french.pages import FOLDERS
from aistd.build.docs.french.site import TEMPLATES, UNTRANSLATED, boundary, label, reference, source
from aistd.build.docs.french.texts import BOUNDARIES, TRANSLATION, element_french, entry_french
from tests.conftest import ROOT
from tests.test_docs import mkdocs_build
from tests.test_docs_browser import _dom, _screenshot, chromium, serving  # noqa: F401 (a fixture)

FRENCH_CONFIG = ROOT / "mkdocs.fr.yml"
ALTERNATE = """
extra:
  alternate:
    - name: English
      link: ./
      lang: en
    - name: Français
      link: fr/
      lang: fr
"""
"""The lines mkdocs.yml needs for the language selector (the English site's side of it)."""
CATALOGUE = read_catalogue()


class _AnyTagLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' tags (`!ENV`, `!!python/name`) as nothing."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict[str, object]:
    """A MkDocs configuration file as YAML, its tags left out."""
    found = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    return found if isinstance(found, dict) else {}


def _hooks(config: Path) -> list[str]:
    """The hooks the configuration runs (its own, else its parent's), as absolute paths."""
    settings = read_config(config)
    if "hooks" in settings:
        return [str((config.parent / hook).resolve()) for hook in settings["hooks"] or []]
    parent = settings.get("INHERIT")
    return _hooks((config.parent / str(parent)).resolve()) if parent else []


def overlay(config: Path, docs: Path, path: Path, extra: str = "") -> Path:
    """Write at `path` a configuration that is `config` with its pages taken from `docs`, plus `extra` (YAML)."""
    hooks = "".join(f"\n  - {hook}" for hook in _hooks(config))
    path.write_text(f"INHERIT: {config}\ndocs_dir: {docs}\nhooks:{hooks or ' []'}\n{extra}", encoding="utf-8")
    return path


def build_french_site(folder: Path, destination: Path) -> subprocess.CompletedProcess[str]:
    """Generate the French pages into `folder`, then build them with mkdocs.fr.yml (its docs_dir pointed there)."""
    docs = folder / "docs-fr"
    write_french_pages(generate_french_pages(), docs)
    return mkdocs_build(overlay(FRENCH_CONFIG, docs, folder / "mkdocs.fr.yml"), destination)


def build_english_site(destination: Path) -> subprocess.CompletedProcess[str]:
    """The English site, as `make docs-build` has it, with the language selector of ALTERNATE added."""
    with tempfile.TemporaryDirectory(prefix="aistd-site-en-") as folder:
        docs = Path(folder) / "docs"
        generated = {*GENERATED_FILES, *GENERATED_FOLDERS}
        top = str(ROOT / "docs")
        shutil.copytree(
            ROOT / "docs", docs, ignore=lambda where, names: [n for n in names if where == top and n in generated]
        )
        write_pages(generate_pages(), docs)
        return mkdocs_build(overlay(ROOT / "mkdocs.yml", docs, Path(folder) / "mkdocs.yml", ALTERNATE), destination)


def _html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("index.html"))


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The French site, built strictly; returns the folder holding `fr/`."""
    root = tmp_path_factory.mktemp("site-fr")
    done = build_french_site(tmp_path_factory.mktemp("docs-fr"), root / "fr")
    assert done.returncode == 0, done.stdout + done.stderr
    return root


@pytest.fixture(scope="module")
def both_sites(french_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English site with the French one under `fr/`, as `make docs-build` leaves `site/`."""
    root = tmp_path_factory.mktemp("site-both")
    done = build_english_site(root)
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.copytree(french_site / "fr", root / "fr")
    return root


@pytest.fixture(scope="module")
def served(chromium: Path, both_sites: Path) -> Iterator[str]:  # noqa: F811 (the imported fixture)
    """Both sites on 127.0.0.1 at a free port; yields the base URL."""
    with serving(both_sites) as url:
        yield url


def test_every_element_has_its_french_page(french_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = {}
    for kind in KINDS:
        names = CATALOGUE.names(kind)
        assert names, kind
        missing = [n for n in names if not (french_site / "fr" / FOLDERS[kind] / n / "index.html").is_file()]
        assert not missing, f"{kind}: no French page for {missing[:5]}"
        counts[kind] = len(names)
    pages = _html_pages(french_site / "fr")
    assert all('<html lang="fr"' in p.read_text(encoding="utf-8") for p in pages)
    with capsys.disabled():
        print(f"\nFrench pages: {len(pages)} ({', '.join(f'{k} {n}' for k, n in counts.items())})")


def test_titles_are_the_french_label_then_the_code() -> None:
    pages = generate_french_pages()
    for kind, name in [("indicator", "pue"), ("class", "DataCentreReport"), ("rule", "dc.pue-identity")]:
        french = CATALOGUE.text_of(kind, name)
        heading = next(line for line in pages[f"{FOLDERS[kind]}/{name}.md"].splitlines() if line.startswith("# "))
        assert heading.startswith(f"# {label(french)} — `{name}`"), heading
        if french.translated:
            assert french.label != french.english_label and UNTRANSLATED not in heading


def test_every_indicator_boundary_is_said_in_french() -> None:
    boundaries = {entry["boundary"] for entry in CATALOGUE.indicators.values() if entry.get("boundary")}
    assert len(boundaries) >= 20
    assert sorted(boundaries - set(BOUNDARIES)) == []
    assert (
        boundary("facility over IT equipment, annual")
        == "installation rapportée aux équipements informatiques, sur un an"
    )
    assert boundary("no such boundary").endswith(UNTRANSLATED)


def test_references_say_how_sure_they_are_in_french() -> None:
    assert (
        reference("ISO/IEC 30134-2:2016 | PUE | secondary-source") == "ISO/IEC 30134-2:2016 — PUE — source secondaire"
    )
    assert reference({"document": "X", "clause": "1", "confidence": "recalled"}).endswith("de mémoire, à vérifier")


def test_french_text_falls_back_to_english_marked() -> None:
    untranslated = element_french({"title": "Power usage effectiveness", "description": "Energy ratio."}, "pue")
    assert (untranslated.label, untranslated.translated) == ("Power usage effectiveness", False)
    assert label(untranslated).endswith(UNTRANSLATED) and "en attendant" in source(untranslated)
    alias = {"literal_form": "efficacité", "in_language": "fr", "source": TRANSLATION, "description": "Rapport."}
    translated = element_french(
        {"title": "PUE", "structured_aliases": [{"literal_form": "PUE", "in_language": "en"}, alias]}, "pue"
    )
    assert (translated.label, translated.definition, source(translated)) == (
        "efficacité",
        "Rapport.",
        "traduction aistd",
    )
    official = entry_french({"id": "x", "title": "T", "fr": {"title": "Titre", "source": "CELEX:32024R1364"}})
    assert official.official and source(official).startswith("libellé du texte officiel français")
    assert not entry_french({"id": "x", "title": "T"}).translated


def test_generation_is_deterministic_and_stale_files_are_removed(tmp_path: Path) -> None:
    assert generate_french_pages() == generate_french_pages()
    stale = tmp_path / "indicateurs" / "gone.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    assert main(["--out", str(tmp_path)]) == 0
    assert not stale.exists() and (tmp_path / "indicateurs" / "pue.md").is_file()
    assert {p.name for p in TEMPLATES.glob("*.j2")} >= {"home.md.j2", "indicator.md.j2", "profile.md.j2"}


def test_the_config_inherits_and_selects_the_language() -> None:
    config: dict[str, Any] = read_config(FRENCH_CONFIG)
    assert config["INHERIT"] == "mkdocs.yml" and config["theme"]["language"] == "fr"
    assert Path(config["docs_dir"]) == DOCS_FOLDER and config["site_dir"] == "site/fr"
    assert [(a["lang"], a["link"]) for a in config["extra"]["alternate"]] == [("en", "../"), ("fr", "./")]
    ignored = subprocess.run(["git", "check-ignore", "-q", f"{DOCS_FOLDER}/index.md"], cwd=ROOT, check=False)
    assert ignored.returncode == 0, f"{DOCS_FOLDER}/ is not ignored by git"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "python -m aistd.build.docs.french" in makefile and "-f mkdocs.fr.yml" in makefile


def test_links_to_the_english_site_resolve(both_sites: Path) -> None:
    broken = []
    for page in _html_pages(both_sites / "fr"):
        for href in re.findall(r'<a href="([^"#]+)(?:#[^"]*)?" hreflang="en"', page.read_text(encoding="utf-8")):
            target = (page.parent / href).resolve()
            if not (target / "index.html").is_file():
                broken.append(f"{page.relative_to(both_sites)} -> {href}")
    assert not broken, broken[:10]


def test_page_counts_per_language(both_sites: Path, capsys: pytest.CaptureFixture[str]) -> None:
    english = [p for p in _html_pages(both_sites) if p.relative_to(both_sites).parts[0] != "fr"]
    french = _html_pages(both_sites / "fr")
    assert len(french) == 1 + sum(len(CATALOGUE.names(kind)) + 1 for kind in KINDS)
    with capsys.disabled():
        print(f"\npages per language: English {len(english)}, French {len(french)}")


def _html_lang(dom: str) -> str:
    found = re.search(r'<html[^>]*\slang="([^"]+)"', dom)
    return found.group(1) if found else ""


def test_french_pue_page_in_the_browser(
    chromium: Path,  # noqa: F811
    served: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = served + "fr/indicateurs/pue/"
    dom = _dom(chromium, tmp_path, url)
    assert _html_lang(dom) == "fr"
    french = CATALOGUE.text_of("indicator", "pue")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", dom, re.S)
    assert heading and french.label[1:] in heading.group(1) and "<code>pue</code>" in heading.group(1)
    assert 'class="md-search__input"' in dom
    picture = _screenshot(chromium, tmp_path, url, "fr-pue")
    with capsys.disabled():
        print(f"\nscreenshot: {picture}")


def test_the_language_selector_leads_from_english_to_french(
    chromium: Path,  # noqa: F811
    served: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    english_url = served + "indicators/pue/"
    english = _dom(chromium, tmp_path, english_url)
    assert _html_lang(english) == "en"
    link = re.search(r'<a href="([^"]+)" hreflang="fr" class="md-select__link">', english)
    assert link, "the English page has no language selector"
    french_url = urljoin(english_url, link.group(1))
    assert french_url == served + "fr/"
    french = _dom(chromium, tmp_path, french_url)
    assert _html_lang(french) == "fr" and "aistd, en français" in french
    assert 'href="indicateurs/"' in french
    back = re.search(r'<a href="([^"]+)" hreflang="en" class="md-select__link">', french)
    assert back and urljoin(french_url, back.group(1)) == served
    pictures = [
        _screenshot(chromium, tmp_path, url, name) for url, name in ((english_url, "en-pue"), (french_url, "fr-home"))
    ]
    with capsys.disabled():
        print("\nscreenshots: " + ", ".join(map(str, pictures)))


def test_no_module_of_the_french_site_is_over_500_lines() -> None:
    for module in (ROOT / "src" / "aistd" / "build" / "docs" / "french").glob("*.py"):
        assert len(module.read_text(encoding="utf-8").splitlines()) <= 500, module
