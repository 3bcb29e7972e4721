"""Headless Chromium walks a researcher's four tasks end to end on the session build (issue 12):
the header's search box → a page → the examples gallery → the query editor with names → the
chart view → the CSV the editor downloads, read by pandas. Each task takes one attempt: one
example, found by its words (in English or French), no PREFIX and no label pattern written.
The gold values come from the source pages (data/sources/*.txt), written by hand.
Screenshots go to tests/artifacts/ for people to look at."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright import sync_api

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.live]

ARTIFACTS = ROOT / "tests" / "artifacts"


def _new_page(browser) -> tuple[sync_api.Page, list[str]]:  # noqa: ANN001
    """A page of the browser, and the script errors it reports (a test ends with none)."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    ARTIFACTS.mkdir(exist_ok=True)
    return page, problems


def _search(page, words: str) -> None:  # noqa: ANN001
    """Type ``words`` in the header's search box and send it, as a user does."""
    page.fill("header.site input[name=q]", words)
    page.click("header.site form.search button")
    page.wait_for_url("**/search?q=*")


def _open_example(page, base: str, words: str, name: str) -> sync_api.Locator:  # noqa: ANN001
    """Find the example ``name`` in the gallery by ``words``, open it in the editor, and
    return the results' table."""
    if "/sparql" not in page.url:
        page.goto(base + "/sparql")
    page.fill("#example-filter", words)
    card = page.locator(f"li[data-example='{name}']")
    assert card.is_visible()
    card.locator("a.open-example").click()
    page.wait_for_url(re.compile(r"/sparql\?query="))
    return page.locator(".tabPanel.active .yasr table")


def _download_csv(page, folder) -> pd.DataFrame:  # noqa: ANN001
    """The result as the editor's download button gives it (the table view), read by pandas."""
    with page.expect_download() as download:
        page.locator(".tabPanel.active .yasr .yasr_downloadIcon").click()
    path = folder / "result.csv"
    download.value.save_as(str(path))
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _chart(page, kind: str | None = None) -> dict[str, int]:  # noqa: ANN001
    """Switch to the chart view (and to ``kind``, "bars" or "years"); {bar: value}."""
    page.locator(".tabPanel.active .yasr .select_chart").click()
    if kind is not None:
        page.locator(".tabPanel.active select.natokg-chart-kind").select_option(kind)
    svg = "svg.natokg-years" if kind == "years" else "svg.natokg-bars"
    bars = page.locator(f".tabPanel.active {svg} rect")
    bars.first.wait_for(timeout=10_000)
    out = {}
    for title in bars.locator("title").evaluate_all("all => all.map(e => e.textContent)"):
        label, _, value = title.rpartition(": ")
        out[label] = int(value)
    return out


def test_partners_per_framework_in_one_attempt(live_server: str, browser) -> None:  # noqa: ANN001
    page, problems = _new_page(browser)

    page.goto(live_server + "/")
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    _search(page, "dialogue mediterranee")  # no accent, any case
    first = page.locator("ol.search-results li a").first
    assert first.inner_text() == "Mediterranean Dialogue"
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)
    first.click()
    page.wait_for_url("**/page/mediterranean-dialogue")

    page.goto(live_server + "/page/kazakhstan")
    page.screenshot(path=str(ARTIFACTS / "state-page-kazakhstan.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / "state-page-kazakhstan-top.png"))  # header, breadcrumbs
    crumbs = page.locator("nav.breadcrumbs li").all_inner_texts()
    assert [c.strip() for c in crumbs] == ["Home", "States", "Kazakhstan"]

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


def test_pakistan_timeline_in_one_attempt(live_server: str, browser, tmp_path) -> None:  # noqa: ANN001
    page, problems = _new_page(browser)

    page.goto(live_server + "/")
    _search(page, "pakistan")
    first = page.locator("ol.search-results li a").first
    assert first.inner_text() == "Pakistan"
    first.click()
    page.wait_for_url("**/page/pakistan")
    # from the state's page to the gallery, found by the French question's words
    page.click("header.site nav a[href='/sparql#examples-title']")
    table = _open_example(page, live_server, "pakistan chronologique", "ex-pakistan-timeline")
    try:
        table.locator("td", has_text="Minuto Rizzo").first.wait_for(timeout=20_000)
    finally:
        page.locator("#editor").screenshot(path=str(ARTIFACTS / "task-pakistan-timeline.png"))

    rows = _download_csv(page, tmp_path)
    assert list(rows.columns) == ["date", "event", "eventLabel"]
    assert (rows["eventLabel"] != "").all(), "every event has its name"
    assert list(rows["date"]) == sorted(rows["date"]), "in date order"
    assert not rows.duplicated().any()
    named = list(zip(rows["date"], rows["eventLabel"], strict=True))
    # "Les grandes étapes" of data/sources/pakistan.txt, and its EADRCC paragraph
    assert named[0][0] == "2005-03" and "Minuto Rizzo" in named[0][1]  # 2005 (mars)
    for date, words in [
        ("2005-12", "Ahsan Saleem Hyat"),  # (décembre) le général Ahsan Saleem Hyat…
        ("2006-11", "Ehsan ul Haq"),  # (novembre) … le général Ehsan ul Haq
        ("2009-06", "Zardari"),  # (juin) Le président pakistanais, Asif Ali Zardari…
        ("2010-07", "Rasmussen"),  # (juillet) … Anders Fogh Rasmussen, à Islamabad
        ("2012-05", "Chicago"),  # (Mai) … sommet de l'OTAN à Chicago
        ("2017", "Bosnia"),  # exercices de l'EADRCC … en Bosnie-Herzégovine en 2017
        ("2018", "Serbia"),  # … et en Serbie en 2018
    ]:
        assert any(d == date and words in name for d, name in named), (date, words)
    # dates keep the page's precision: a month stays a month
    assert pd.to_datetime(rows["date"], format="ISO8601").dt.year.min() == 2005

    per_year = _chart(page, "years")
    page.locator("#editor").screenshot(path=str(ARTIFACTS / "task-pakistan-timeline-chart.png"))
    # a bar for every year of "Les grandes étapes" (2005–2012) and the exercises of 2017, 2018
    assert {str(y) for y in [*range(2005, 2013), 2017, 2018]} <= set(per_year)
    assert per_year["2009"] >= 7  # the seven dated steps of 2009
    assert problems == []


def test_workshop_2022_attendees_in_one_attempt(live_server: str, browser, tmp_path) -> None:  # noqa: ANN001
    page, problems = _new_page(browser)

    page.goto(live_server + "/")
    _search(page, "atelier partenaires 2022")
    page.locator("ol.search-results li a").first.click()
    page.wait_for_url("**/page/ev-2022-11-09-partners-workshop")
    page.click("header.site nav a[href='/sparql#examples-title']")
    table = _open_example(
        page, live_server, "workshop 9 November 2022 took part", "ex-workshop-2022-attendees"
    )
    try:
        table.locator("td", has_text="Janusz Adamczak").first.wait_for(timeout=20_000)
    finally:
        page.locator("#editor").screenshot(path=str(ARTIFACTS / "task-workshop-2022.png"))
    assert table.locator("a.local[href='/page/lance-landrum']").count() > 0

    rows = _download_csv(page, tmp_path)
    assert not rows.duplicated().any()
    assert (rows["participantLabel"] != "").all()
    people = rows[rows["rankLabel"] != ""].set_index("participantLabel")
    # data/sources/workshop-2022.txt: the four generals it names, with their ranks
    assert people["rankLabel"].to_dict() == {
        "Lance Landrum": "air marshal",  # général de corps aérien
        "Janusz Adamczak": "lieutenant general",  # général de corps d'armée
        "Francesco Diella": "major general",  # général de division
        "Sehii Salkutsan": "major general",  # général de division
    }
    assert "Military Committee" in people.loc["Lance Landrum", "postLabel"]  # président délégué
    assert "Ukraine" in people.loc["Sehii Salkutsan", "postLabel"]  # représentant militaire
    # Adamczak's speech, the afternoon's summary and the closing of the meeting
    assert people.loc["Janusz Adamczak", "sessions"] == "3"
    assert "host" in people.loc["Lance Landrum", "roles"]  # les participants ont été accueillis
    organisers = rows[rows["roles"].str.contains("organiser")]["participantLabel"]
    assert list(organisers) == ["Cooperative Security Division"]  # Division Sécurité coopérative

    bars = _chart(page)
    page.locator("#editor").screenshot(path=str(ARTIFACTS / "task-workshop-2022-chart.png"))
    assert bars["Janusz Adamczak"] == 3
    assert problems == []


def test_programmes_per_partner_in_one_attempt(live_server: str, browser, tmp_path) -> None:  # noqa: ANN001
    page, problems = _new_page(browser)

    page.goto(live_server + "/")
    _search(page, "DEEP")
    first = page.locator("ol.search-results li a").first
    assert first.inner_text() == "Defence Education Enhancement Programme"
    first.click()
    page.wait_for_url("**/page/deep")
    page.click("header.site nav a[href='/sparql#examples-title']")
    # the French question's words find it too
    table = _open_example(
        page, live_server, "programmes chaque partenaire", "ex-programmes-per-partner"
    )
    try:
        table.locator("td", has_text="Kazakhstan").first.wait_for(timeout=20_000)
    finally:
        page.locator("#editor").screenshot(path=str(ARTIFACTS / "task-programmes-per-partner.png"))

    rows = _download_csv(page, tmp_path).set_index("partnerLabel")
    assert rows.index.is_unique and "NATO" not in rows.index
    acronyms = rows["acronyms"].str.split(" [|] ", regex=True)
    # data/sources/kazakhstan.txt: DEEP (depuis 2007), SPS (depuis 1993), PARP (depuis 2002), IPAP
    assert set(acronyms["Kazakhstan"]) == {"DEEP", "SPS", "PARP", "IPAP"}
    assert rows.loc["Kazakhstan", "count"] == "4"
    # data/sources/partnerships.txt: « Actuellement, la Bosnie-Herzégovine, la Géorgie, l'Iraq,
    # la Jordanie, la Mauritanie, la République de Moldova, la Tunisie et l'ONU participent »
    dcb = {name for name, found in acronyms.items() if "DCB" in found}
    assert dcb == {
        "Bosnia and Herzegovina",
        "Georgia",
        "Iraq",
        "Jordan",
        "Mauritania",
        "Republic of Moldova",
        "Tunisia",
        "United Nations",
    }
    # data/sources/pakistan.txt: le projet de formation à la lutte antidrogue (OTAN–ONUDC)
    assert re.search(r"counter-narcotics", rows.loc["Pakistan", "programmes"])

    bars = _chart(page)
    page.locator("#editor").screenshot(
        path=str(ARTIFACTS / "task-programmes-per-partner-chart.png")
    )
    assert bars["Kazakhstan"] == 4 and bars["Georgia"] == 1
    assert problems == []
