"""The built site in a real browser: headless Chromium renders the home page, an indicator and the matrix.

The site is served on loopback by `http.server` and opened with Debian's Chromium (`/usr/bin/chromium`);
`--dump-dom` gives the document after its scripts ran, `--screenshot` a picture kept in the test's tmp
folder (its path printed). The matrix's script (`docs/javascripts/matrix.js`) reads `?scroll=N` to scroll its
box and records on it whether the header row and first column stayed in view, and `?vocabulary=`/`?predicate=`
to preset its filters, so that a dumped DOM shows what a reader would see. Without Chromium the tests skip,
unless the CI variable is set: then they fail.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import html
import http.server
import io
import json
import os
import re
import subprocess
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from aistd.knowledge import artifacts
from tests.test_docs import INDICATORS, VOCABULARIES, build_site

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,1000",
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing and CI is set: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed")
    return CHROMIUM


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the test output is no place for access logs
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served on 127.0.0.1 at a free port while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def served(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site, built strictly and served on 127.0.0.1 at a free port; yields its base URL."""
    site = tmp_path_factory.mktemp("browser-site")
    done = build_site(site)
    assert done.returncode == 0, done.stdout + done.stderr
    with serving(site) as url:
        yield url


def _browse(chromium: Path, tmp_path: Path, url: str, *action: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once on `url` with a fresh profile."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [str(chromium), *FLAGS, f"--user-data-dir={profile}", *action, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _dom(chromium: Path, tmp_path: Path, url: str) -> str:
    done = _browse(chromium, tmp_path, url, "--virtual-time-budget=5000", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


def _screenshot(chromium: Path, tmp_path: Path, url: str, name: str) -> Path:
    picture = tmp_path / f"{name}.png"
    done = _browse(chromium, tmp_path, url, "--virtual-time-budget=5000", f"--screenshot={picture}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert picture.is_file(), done.stderr[-2000:]
    assert picture.read_bytes()[:8] == PNG_MAGIC
    assert picture.stat().st_size > 20_000, "the screenshot looks blank"
    print(f"screenshot: {picture}")
    return picture


def test_home_page_renders_with_search(chromium: Path, served: str, tmp_path: Path) -> None:
    dom = _dom(chromium, tmp_path, served)
    assert "<title>aistd</title>" in dom
    assert 'class="md-search__input"' in dom, "the search box is missing"
    assert 'href="indicators/"' in dom
    _screenshot(chromium, tmp_path, served, "home")


def test_indicator_page_renders_its_crosswalk_table(chromium: Path, served: str, tmp_path: Path) -> None:
    url = served + "indicators/energy_consumption/"
    dom = _dom(chromium, tmp_path, url)
    assert 'class="md-search__input"' in dom
    crosswalk = dom.split('id="crosswalk"', 1)[1]
    assert "<table>" in crosswalk and "codecarbon:energy_consumed" in crosswalk
    assert "md-typeset__table" in crosswalk, "the theme's script did not wrap the table"
    assert "aistd-badge--provisional" in crosswalk
    _screenshot(chromium, tmp_path, url, "indicator")


def test_crosswalk_matrix_renders(chromium: Path, served: str, tmp_path: Path) -> None:
    url = served + "crosswalk-matrix/"
    dom = _dom(chromium, tmp_path, url)
    assert 'class="md-search__input"' in dom
    table = dom.split("<table>", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") > 80, "one row per indicator"
    assert 'href="../vocabularies/codecarbon/#energy_consumption"' in table
    _screenshot(chromium, tmp_path, url, "matrix")


def test_rule_page_resolves_at_its_help_uri_path(chromium: Path, served: str, tmp_path: Path) -> None:
    dom = _dom(chromium, tmp_path, served + "rules/dc.pue-identity/")
    assert "dc.pue-identity" in dom and "failing.yaml" in dom


def _matrix_box(dom: str) -> dict[str, str]:
    """The attributes of the matrix's scrolling box, as the page's script left them."""
    tag = re.search(r'<div[^>]*id="aistd-matrix"[^>]*>', dom)
    assert tag, "the matrix box is missing"
    return {name: html.unescape(value) for name, value in re.findall(r'([\w-]+)="([^"]*)"', tag.group(0))}


def test_matrix_header_and_first_column_stay_visible_after_scrolling(
    chromium: Path, served: str, tmp_path: Path
) -> None:
    url = served + "crosswalk-matrix/?scroll=600"
    box = _matrix_box(_dom(chromium, tmp_path, url))
    assert int(box["data-scrolled-top"]) > 0, "the matrix box does not scroll: its header cannot stick"
    assert box["data-header-visible"] == "true", box
    assert box["data-column-visible"] == "true", box
    _screenshot(chromium, tmp_path, url, "matrix-scrolled")


def test_matrix_filters_by_vocabulary_and_predicate(chromium: Path, served: str, tmp_path: Path) -> None:
    table = json.loads(artifacts.MAPPING_TABLE.read_text(encoding="utf-8"))["mappings"]
    exact = {
        row["subject_id"].split(":", 1)[-1]
        for row in table
        if row["vocabulary"] == "codecarbon" and row["predicate_id"] == "skos:exactMatch"
    }
    expected = len(exact & set(INDICATORS))
    assert expected > 0
    url = served + "crosswalk-matrix/?vocabulary=codecarbon&predicate=exact"
    dom = _dom(chromium, tmp_path, url)
    assert _matrix_box(dom)["data-shown-rows"] == str(expected)
    assert 'id="aistd-matrix-vocabulary"' in dom and 'id="aistd-matrix-predicate"' in dom
    _screenshot(chromium, tmp_path, url, "matrix-filtered")


def test_matrix_csv_link_resolves_to_the_whole_matrix(chromium: Path, served: str, tmp_path: Path) -> None:
    url = served + "crosswalk-matrix/"
    dom = _dom(chromium, tmp_path, url)
    link = re.search(r'<a[^>]*id="aistd-matrix-csv"[^>]*>', dom)
    assert link, "no CSV download link"
    href = html.unescape(re.search(r'href="([^"]+)"', link.group(0)).group(1))  # type: ignore[union-attr]
    with urllib.request.urlopen(urllib.parse.urljoin(url, href), timeout=30) as answer:
        assert answer.headers.get_content_type() == "text/csv"
        rows = list(csv.reader(io.StringIO(answer.read().decode("utf-8"))))
    assert rows[0][:2] == ["indicator", "title"] and len(rows[0]) == 2 + len(VOCABULARIES)
    assert sorted(row[0] for row in rows[1:]) == sorted(INDICATORS)


def test_indicator_page_reads_as_its_title(chromium: Path, served: str, tmp_path: Path) -> None:
    dom = _dom(chromium, tmp_path, served + "indicators/pue/")
    assert "<title>Power usage effectiveness (pue) - aistd</title>" in dom
    assert 'id="checked-by"' in dom and 'id="required-by"' in dom and "Not mapped in:" in dom
