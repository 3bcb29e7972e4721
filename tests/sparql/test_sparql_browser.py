"""End to end in headless Chromium (Debian's): the query UI runs a catalogue query.

Uses Python Playwright with the system browser (``executable_path``), never a downloaded one.
A throw-away project directory holds a fixture catalogue and links the project's
``node_modules``, so the page is exactly what `natokg serve` ships.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import PARTNERSHIPS, ROOT

if TYPE_CHECKING:
    from tests.live import Server

pytestmark = [pytest.mark.browser, pytest.mark.live]

YASGUI = ROOT / "node_modules" / "@zazuko" / "yasgui" / "build" / "yasgui.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
EXAMPLE = """# title: States and their Wikidata identifiers
# question: Which states does the graph know, with their Wikidata QIDs?
# source: tests/fixtures/sparql/partnerships.trig
PREFIX nkg: <https://w3id.org/natokg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?state ?qid WHERE { ?state a nkg:State ; skos:notation ?qid } ORDER BY ?qid
"""


@pytest.fixture(scope="module")
def ui_server(serve, tmp_path_factory: pytest.TempPathFactory) -> Server:
    project = tmp_path_factory.mktemp("project")
    (project / "queries").mkdir()
    (project / "queries" / "cq-01-state-identifiers.rq").write_text(EXAMPLE, encoding="utf-8")
    os.symlink(ROOT / "node_modules", project / "node_modules")
    return serve(PARTNERSHIPS, "--workers", "2", project_dir=project)


def test_the_ui_runs_a_catalogue_query(ui_server: Server, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    hosts: set[str] = set()
    problems: list[str] = []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(ui_server.url)
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
    assert "SELECT ?class" in page.evaluate(
        "document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()"
    )

    page.click("button.load-example[data-example='cq-01-state-identifiers']")
    page.wait_for_function(
        "document.querySelectorAll('.yasqe .CodeMirror').length > 0 && "
        "[...document.querySelectorAll('.yasqe .CodeMirror')].some("
        "e => e.CodeMirror.getValue().includes('skos:notation'))"
    )
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    table = page.locator(".tabPanel.active .yasr table")
    table.locator("td", has_text="Q843").wait_for(timeout=15_000)
    text = table.inner_text()
    assert "kazakhstan" in text and "Q232" in text and "pakistan" in text

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sparql-ui.png"), full_page=True)
    assert hosts == {urlsplit(ui_server.url).netloc}, (
        "the page must not load anything from elsewhere"
    )
    assert problems == []


def test_the_plain_form_works_without_javascript(ui_server: Server, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(ui_server.url)
    page.fill("#plain-query", EXAMPLE)
    page.click("form.plain button[type=submit]")
    page.wait_for_selector("table.results")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 2
    assert rows.first.inner_text().split("\t")[1].strip() == "Q232"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sparql-plain-form.png"), full_page=True)
    context.close()


def test_the_ui_links_only_web_iris(ui_server: Server, browser) -> None:
    """YASGUI's result table shows javascript:, mailto: or ftp: IRIs as text (its sanitiser
    drops only some schemes); an https IRI stays a link."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(ui_server.url)
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
    query = (
        "SELECT ?z { VALUES ?z { <javascript:alert(4)> <mailto:a@example.org> <ftp://e/>"
        " <https://example.org/fine> } }"
    )
    page.evaluate(
        "q => document.querySelector('.tabPanel.active .yasqe .CodeMirror').CodeMirror.setValue(q)",
        query,
    )
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    table = page.locator(".tabPanel.active .yasr table")
    table.locator("td", has_text="javascript:alert(4)").wait_for(timeout=15_000)
    hrefs = table.locator("a").evaluate_all("anchors => anchors.map(a => a.getAttribute('href'))")
    assert "https://example.org/fine" in hrefs
    assert not [h for h in hrefs if not h.lower().startswith(("http:", "https:"))], hrefs


def test_results_link_here_with_labels_and_no_prefix_lines(ui_server: Server, browser) -> None:  # noqa: ANN001
    """Issue 12: a query without PREFIX lines is valid for the editor too; the dataset's IRIs
    open this server's pages (the published IRI in the tooltip) with their label beside."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(ui_server.url)
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
    page.evaluate(
        "q => document.querySelector('.tabPanel.active .yasqe .CodeMirror').CodeMirror.setValue(q)",
        "SELECT ?state { ?state a nkg:State } ORDER BY ?state",
    )
    assert page.locator(".tabPanel.active .yasqe .parseErrorIcon").count() == 0
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    table = page.locator(".tabPanel.active .yasr table")
    table.locator(".label", has_text="Kazakhstan").wait_for(timeout=15_000)
    anchor = table.locator("a.local").first
    assert anchor.get_attribute("href") == "/page/kazakhstan"
    assert anchor.get_attribute("title") == "https://w3id.org/natokg/id/kazakhstan"
    assert problems == []


def test_a_permalink_opens_the_editor_and_runs_its_query(ui_server: Server, browser) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    query = "SELECT ?state ?stateLabel { ?state a nkg:State } ORDER BY ?state"
    page.goto(ui_server.url + "?" + urlencode({"query": query}))
    table = page.locator(".tabPanel.active .yasr table")
    table.locator("td", has_text="Kazakhstan").first.wait_for(timeout=15_000)
    value = page.evaluate(
        "document.querySelector('.tabPanel.active .yasqe .CodeMirror').CodeMirror.getValue()"
    )
    assert value == query
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sparql-permalink.png"), full_page=True)


def _run(page, query: str) -> None:  # noqa: ANN001
    page.evaluate(
        "q => document.querySelector('.tabPanel.active .yasqe .CodeMirror').CodeMirror.setValue(q)",
        query,
    )
    page.locator(".tabPanel.active .yasqe_queryButton").click()


def test_a_result_can_be_seen_as_a_chart(ui_server: Server, browser) -> None:  # noqa: ANN001
    """Issue 12: bars (names against a number) and a per-year timeline, drawn as SVG."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(ui_server.url)
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
    _run(page, "SELECT ?s (COUNT(*) AS ?n) { ?s a nkg:State ; ?p ?o } GROUP BY ?s ORDER BY ?s")
    page.locator(".tabPanel.active .yasr table td", has_text="kazakhstan").first.wait_for()
    page.locator(".tabPanel.active .yasr .select_chart").click()
    bars = page.locator(".tabPanel.active svg.natokg-bars rect")
    bars.first.wait_for(timeout=10_000)
    assert bars.count() == 3  # one bar per state
    # the labels of the label service name the bars
    page.locator(".tabPanel.active svg.natokg-bars text", has_text="Kazakhstan").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sparql-chart.png"), full_page=True)

    _run(
        page,
        'SELECT ?d { VALUES ?d { "1994-01-10"^^xsd:date "1994"^^xsd:gYear "2004"^^xsd:gYear } }',
    )
    page.locator(".tabPanel.active .yasr .select_chart").click()
    # dated rows open as a timeline; "Per year" counts them
    page.locator(".tabPanel.active select.natokg-chart-kind").select_option("years")
    years = page.locator(".tabPanel.active svg.natokg-years rect")
    years.first.wait_for(timeout=10_000)
    titles = years.evaluate_all("rs => rs.map(r => r.querySelector('title').textContent)")
    assert sorted(titles) == ["1994: 2", "2004: 1"]
    assert problems == []
