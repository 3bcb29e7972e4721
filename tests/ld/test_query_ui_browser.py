"""Headless Chromium on the query editor's display (issue 12, after the walk-through): the
header search finds a gallery example and opens it in the editor in one click; the table shows
literals as they read (2005-03, 12, a small language tag) with the literal as written in the
tooltip; a ?x column whose ?xLabel is projected does not repeat the name; the Chart view draws a
timeline of spans at the dates' precision and downloads the result (CSV) and the chart (SVG,
PNG). Screenshots go to tests/artifacts/ for people to look at."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.live]

ARTIFACTS = ROOT / "tests" / "artifacts"
ACTIVE = ".tabPanel.active"


def _page(browser):  # noqa: ANN001, ANN202
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    ARTIFACTS.mkdir(exist_ok=True)
    return page, problems


def _download(page, selector: str, path):  # noqa: ANN001, ANN202
    with page.expect_download() as download:
        page.locator(selector).click()
    download.value.save_as(str(path))
    return download.value.suggested_filename


def test_search_opens_an_example_and_the_table_reads_plainly(  # noqa: PLR0915
    live_server: str,
    browser,  # noqa: ANN001
    tmp_path,  # noqa: ANN001
) -> None:
    page, problems = _page(browser)
    page.goto(live_server + "/")
    page.fill("header.site input[name=q]", "timeline pakistan")
    page.click("header.site form.search button")
    page.wait_for_url("**/search?q=*")
    page.screenshot(path=str(ARTIFACTS / "search-example-query.png"), full_page=True)
    first = page.locator("ol.search-results li a").first
    assert first.get_attribute("class") == "example"
    assert first.inner_text() == "Timeline of NATO–Pakistan cooperation"
    first.click()  # one click: the editor, with the example's query, run
    page.wait_for_url("**/sparql?query=*")
    table = page.locator(f"{ACTIVE} .yasr table")
    table.locator("td", has_text="Minuto Rizzo").first.wait_for(timeout=20_000)
    page.wait_for_timeout(500)  # the label service's names come in and the table is redrawn
    page.locator("#editor").screenshot(path=str(ARTIFACTS / "query-ui-readable-table.png"))

    # a date reads as 2005-03; the literal as written is its tooltip
    date = table.locator("tbody tr").first.locator("td").nth(1)
    assert date.inner_text().strip() == "2005-03"
    assert date.locator(".literal").get_attribute("title") == '"2005-03"^^xsd:gYearMonth'
    assert "^^" not in table.inner_text() and "xsd:" not in table.inner_text()
    # ?event's name is in ?eventLabel: the ?event cell is its link only, the name not repeated
    event = table.locator("tbody tr").first.locator("td").nth(2)
    assert event.locator("a.local").count() == 1
    assert event.locator(".label").count() == 0
    assert table.locator(".label").count() == 0

    # the Chart view: a timeline by default; downloads of the data and the chart
    page.locator(f"{ACTIVE} .yasr .select_chart").click()
    chart = page.locator(f"{ACTIVE} svg.natokg-timeline")
    chart.wait_for(timeout=10_000)
    page.locator("#editor").screenshot(path=str(ARTIFACTS / "query-ui-timeline-instants.png"))
    titles = chart.locator("g title").evaluate_all("all => all.map(e => e.textContent)")
    assert any("Minuto Rizzo" in t and "2005-03" in t for t in titles)
    # months (gYearMonth) and years (gYear) are drawn across their month or year; days as dots
    months = [t for t in titles if t.endswith((": 2005-03", ": 2010-07"))]
    assert months and chart.locator("g.instant rect").count() >= len(months)
    days = chart.locator("g.instant circle").count()
    assert days >= 1 and chart.locator("g.instant rect").count() + days == len(titles)

    _download(page, f"{ACTIVE} button.natokg-download-csv", tmp_path / "r.csv")
    rows = pd.read_csv(tmp_path / "r.csv", dtype=str, keep_default_na=False)
    assert list(rows.columns) == ["date", "event", "eventLabel"]
    assert rows["date"].iloc[0] == "2005-03" and len(rows) == len(titles)
    # YASR's own download button gives the same CSV in this view
    _download(page, f"{ACTIVE} .yasr .yasr_downloadIcon", tmp_path / "y.csv")
    assert (tmp_path / "y.csv").read_text() == (tmp_path / "r.csv").read_text()
    assert (
        _download(page, f"{ACTIVE} button.natokg-download-svg", tmp_path / "c.svg") == "chart.svg"
    )
    svg = (tmp_path / "c.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "natokg-timeline" in svg and "Minuto Rizzo" in svg
    assert (
        _download(page, f"{ACTIVE} button.natokg-download-png", tmp_path / "c.png") == "chart.png"
    )
    png = (tmp_path / "c.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert problems == []


def test_a_timeline_of_spans_and_tagged_and_numeric_literals(
    live_server: str,
    browser,  # noqa: ANN001
) -> None:
    page, problems = _page(browser)
    # Kazakhstan's memberships: from and (when ended) until, as years
    query = (ROOT / "queries" / "cq-36-kazakhstan-membership-record.rq").read_text("utf-8")
    page.goto(live_server + "/sparql?query=" + quote(query, safe=""))
    table = page.locator(f"{ACTIVE} .yasr table")
    table.locator("tbody tr").first.wait_for(timeout=20_000)
    memberships = table.locator("tbody tr").count()
    page.locator(f"{ACTIVE} .yasr .select_chart").click()
    chart = page.locator(f"{ACTIVE} svg.natokg-timeline")
    chart.wait_for(timeout=10_000)
    page.locator("#editor").screenshot(path=str(ARTIFACTS / "query-ui-timeline-spans.png"))
    assert "?from → ?until" in (chart.locator("text").first.text_content() or "")
    spans, open_ended = chart.locator("g.span"), chart.locator("g.open")
    assert spans.count() + open_ended.count() == memberships
    assert spans.count() >= 1 and open_ended.count() >= 1
    # a span from one year to another covers both years: its light bar is wider than its
    # solid part by about two years
    light, solid = spans.first.locator("rect").nth(0), spans.first.locator("rect").nth(1)
    assert float(light.get_attribute("width")) > float(solid.get_attribute("width"))

    # a name with its language tag, discreet; a count as a number
    query = (
        "SELECT ?name (COUNT(*) AS ?n) { kg:pakistan rdfs:label ?name } "
        "GROUP BY ?name ORDER BY ?name"
    )
    page.goto(live_server + "/sparql?query=" + quote(query, safe=""))
    table = page.locator(f"{ACTIVE} .yasr table")
    table.locator("td", has_text="Pakistan").first.wait_for(timeout=20_000)
    page.locator("#editor").screenshot(path=str(ARTIFACTS / "query-ui-literals.png"))
    cells = table.locator("tbody tr").first.locator("td")
    name = cells.nth(1).locator(".literal")
    assert name.locator(".lang").inner_text() == "en"
    assert name.get_attribute("title") == '"Pakistan"@en'
    assert cells.nth(2).inner_text().strip() == "1"
    assert cells.nth(2).locator(".literal").get_attribute("title") == '"1"^^xsd:integer'
    # the "Simple view" switch still gives bare values
    assert problems == []
