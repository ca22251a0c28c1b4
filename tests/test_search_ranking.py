"""The site's search finds what editors look for: titles, acronyms, standard numbers, rule ids, profile names.

The site is built strictly, then its `search/search_index.json` is ranked by the very search engine the
browser runs: the theme's search worker (`assets/javascripts/workers/search.*.min.js`, lunr inside), run by
Node.js with the worker's messages (setup, then one query at a time) and no browser. A result is a page (the
worker groups sections by page), first is best. The expectations are what a reader means by the query; the
index earns them with page titles, acronyms and standard numbers as page tags, and page boosts
(`src/aistd/build/docs/pages.py`), never with anything that knows these queries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.test_docs import build_site

RANKER = r"""
// node rank.js SITE < queries.json: the first pages the theme's search worker returns for each query
const fs = require("fs"), path = require("path"), vm = require("vm");
const site = process.argv[2];
const workers = path.join(site, "assets", "javascripts", "workers");
const worker = fs.readdirSync(workers).find(name => /^search\..*\.min\.js$/.test(name));
const listeners = [];
let answer = null;
const scope = {
  console, setTimeout, clearTimeout, URL,
  location: { href: "http://localhost/" },
  addEventListener: (type, listener) => listeners.push(listener),
  postMessage: message => { if (answer) { const done = answer; answer = null; done(message); } },
  importScripts: (...urls) => urls.forEach(url => vm.runInContext(
    fs.readFileSync(path.join(site, new URL(url, "http://localhost/").pathname), "utf8"), scope)),
};
scope.self = scope;
vm.createContext(scope);
vm.runInContext(fs.readFileSync(path.join(workers, worker), "utf8"), scope);
const send = message => new Promise(done => { answer = done; listeners.forEach(l => l({ data: message })); });
(async () => {
  const index = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"));
  await send({ type: 0, data: { ...index, options: { suggest: false } } });  // SETUP
  const ranked = {};
  for (const query of JSON.parse(fs.readFileSync(0, "utf8"))) {
    const result = await send({ type: 2, data: query });  // QUERY
    ranked[query] = result.data.items.slice(0, 5).map(group => group[0].location.split("#")[0]);
  }
  console.log(JSON.stringify(ranked));
})();
"""

EXPECTED = {
    # indicators, by their title, their acronym and the number of the standard that defines them
    "power usage effectiveness": "indicators/pue/",
    "PUE": "indicators/pue/",
    "30134-2": "indicators/pue/",
    "WUE": "indicators/wue/",
    "water usage effectiveness": "indicators/wue/",
    "30134-9": "indicators/wue/",
    "CUE": "indicators/cue/",
    "30134-8": "indicators/cue/",
    "ERF": "indicators/erf/",
    "energy reuse factor": "indicators/erf/",
    "REF": "indicators/ref/",
    "renewable energy factor": "indicators/ref/",
    "CER": "indicators/cer/",
    "ITEEsv": "indicators/iteesv/",
    "energy per inference": "indicators/energy_per_inference/",
    "total embodied emissions": "indicators/embodied_emissions_total/",
    "SCI": "indicators/sci_score/",
    "software carbon intensity": "indicators/sci_score/",
    "21031": "indicators/sci_score/",
    "grid carbon intensity": "indicators/grid_carbon_intensity/",
    "carbon intensity": "indicators/grid_carbon_intensity/",
    "Scope 2 location-based": "indicators/scope2_location_based_emissions/",
    "pue_applied": "indicators/pue_applied/",
    # rules and profiles, by id and by name; clauses and regulations by number
    "dc.pue-identity": "rules/dc.pue-identity/",
    "unep-dc-procurement.pue": "rules/unep-dc-procurement.pue/",
    "AFNOR Spec 2314": "profiles/afnor-spec-2314/",
    "frugal AI": "profiles/afnor-spec-2314/",
    "EU data-centre reporting": "profiles/eu-dc-2024-1364/",
    "2024/1364": "profiles/eu-dc-2024-1364/",
    "Annex XI": "profiles/eu-ai-act-annex-xi/",
    "L.1801": "profiles/itu-t-l1801/",
    # classes, vocabularies and pages
    "DataCentreReport": "reference/classes/DataCentreReport/",
    "data centre report": "reference/classes/DataCentreReport/",
    "CodeCarbon": "vocabularies/codecarbon/",
    "crosswalk matrix": "crosswalk-matrix/",
}


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing and CI is set: the search ranking runs the theme's worker in Node.js")
        pytest.skip("node is not installed")
    return found


@pytest.fixture(scope="module")
def ranked(node: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The first five pages of each query of EXPECTED, as the theme's search worker ranks them."""
    site = tmp_path_factory.mktemp("ranked-site")
    done = build_site(site)
    assert done.returncode == 0, done.stdout + done.stderr
    script = site.parent / "rank.js"
    script.write_text(RANKER, encoding="utf-8")
    run = subprocess.run(
        [node, str(script), str(site)],
        input=json.dumps(list(EXPECTED)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result: dict[str, list[str]] = json.loads(run.stdout)
    for query, pages in result.items():
        print(f"{query!r:32} -> {', '.join(pages[:3])}")
    return result


def test_the_index_weighs_titles_acronyms_and_tags() -> None:
    """What the ranking rests on: the search configuration and an indicator page's front matter."""
    from aistd.build.docs import generate_pages
    from aistd.knowledge import artifacts
    from tests.test_docs import MAPPINGS

    page = generate_pages(artifacts.ARTIFACT_DIR, MAPPINGS)["indicators/pue.md"]
    front = page.split("---", 2)[1]
    assert 'title: "Power usage effectiveness (pue)"' in front
    assert '- "PUE"' in front and '- "30134-2"' in front and "boost: 3" in front


@pytest.mark.parametrize("query", list(EXPECTED))
def test_query_puts_the_expected_page_first(ranked: dict[str, list[str]], query: str) -> None:
    assert ranked[query][:1] == [EXPECTED[query]], f"{query!r} ranks {ranked[query]}"


def test_at_least_twenty_queries_rank_as_expected(ranked: dict[str, list[str]]) -> None:
    good = [query for query, page in EXPECTED.items() if ranked[query][:1] == [page]]
    assert len(EXPECTED) >= 20 and len(good) == len(EXPECTED)
