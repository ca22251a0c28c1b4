"""The built site in a real browser: headless Chromium renders the home page, an indicator and the matrix.

The site is served on loopback by `http.server` and opened with Debian's Chromium (`/usr/bin/chromium`);
`--dump-dom` gives the document after its scripts ran, `--screenshot` a picture kept in the test's tmp
folder. Without Chromium the tests skip, unless the CI variable is set: then they fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_docs import build_site

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


@pytest.fixture(scope="module")
def served(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site, built strictly and served on 127.0.0.1 at a free port; yields its base URL."""
    site = tmp_path_factory.mktemp("browser-site")
    done = build_site(site)
    assert done.returncode == 0, done.stdout + done.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


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
