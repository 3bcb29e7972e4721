"""Headless Chromium walks a researcher's task end to end on the session build (issue 12):
the header's search box → a framework's page → the examples gallery → the query editor with
names → the chart view → the CSV. Screenshots go to tests/artifacts/ for people to look at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright import sync_api

from tests.conftest import ROOT
from tests.live import CHROMIUM_FLAGS, chromium_binary

pytestmark = [pytest.mark.browser, pytest.mark.live]

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def browser() -> Iterator:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_binary()), headless=True, args=list(CHROMIUM_FLAGS)
        )
        yield launched
        launched.close()


def test_partners_per_framework_in_one_attempt(live_server: str, browser) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(live_server + "/")
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    page.fill("header.site input[name=q]", "dialogue mediterranee")  # no accent, any case
    page.click("header.site form.search button")
    page.wait_for_url("**/search?q=*")
    first = page.locator("ol.search-results li a").first
    assert first.inner_text() == "Mediterranean Dialogue"
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)
    first.click()
    page.wait_for_url("**/page/mediterranean-dialogue")

    page.goto(live_server + "/page/kazakhstan")
    page.screenshot(path=str(ARTIFACTS / "state-page-kazakhstan.png"), full_page=True)

    page.goto(live_server + "/sparql")
    page.fill("#example-filter", "partners each framework")
    card = page.locator("li[data-example='ex-partners-per-framework']")
    assert card.is_visible()
    assert page.locator("li[data-example='cq-06-person-spellings']").is_hidden()
    card.locator("a.open-example").click()
    table = page.locator(".tabPanel.active .yasr table")
    try:
        table.locator("td", has_text="Mauritania").first.wait_for(timeout=20_000)
    finally:
        page.screenshot(path=str(ARTIFACTS / "query-ui-gallery-query.png"), full_page=True)
    # names beside the IRIs, and the IRIs open this site's pages
    assert table.locator("a.local[href='/page/mediterranean-dialogue']").count() > 0
    page.locator(".tabPanel.active .yasr .select_chart").click()
    page.locator(".tabPanel.active svg.natokg-bars rect").first.wait_for(timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "query-ui-chart.png"), full_page=True)
    assert problems == []
