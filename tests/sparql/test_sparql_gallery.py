"""The examples gallery on /sparql: grouped by research question, documents by title, each
opening in the editor; and the two common questions it was missing (issue 12)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from natokg.app import create_app
from natokg.settings import Settings
from natokg.store import load_dataset
from tests.conftest import ROOT

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
GOLD = ROOT / "tests" / "queries" / "gold"
KG = "https://w3id.org/natokg/id/"


@pytest.fixture(scope="module")
def build_client(settings: Settings, release: Path) -> FlaskClient:
    assert release.is_dir()  # the session build
    return create_app(settings, load_dataset(settings)).test_client()


@pytest.fixture(scope="module")
def page(build_client: FlaskClient) -> str:
    return build_client.get("/sparql", headers={"Accept": BROWSER}).get_data(as_text=True)


def _cards(page: str) -> dict[str, str]:
    cards = re.findall(r'<li data-example="([^"]+)">(.*?)</li>', page, re.S)
    assert len(cards) >= 50
    return dict(cards)


def test_groups_in_the_order_of_the_research_questions(page: str) -> None:
    headings = re.findall(r'<h3 id="examples-\w+-title">([^<]+)</h3>', page)
    assert headings[:6] == [
        "Memberships",
        "Timeline",
        "People and posts",
        "Programmes",
        "Figures",
        "Sources and disagreements",
    ]
    group_of = {}
    for key, body in re.findall(
        r'<section class="example-group" id="examples-(\w+)"(.*?)</section>', page, re.S
    ):
        for name in re.findall(r'<li data-example="([^"]+)">', body):
            group_of[name] = key
    assert group_of["ex-partners-per-framework"] == "memberships"
    assert group_of["ex-programmes-per-partner"] == "programmes"
    assert group_of["cq-15-mediterranean-dialogue-members"] == "memberships"


def test_cards_name_documents_by_title_never_by_file(page: str) -> None:
    cards = _cards(page)
    for name, card in cards.items():
        visible = re.sub(r'href="[^"]*"', "", card)
        assert ".txt" not in visible and "seeds/" not in visible, name
    pakistan = html.unescape(cards["cq-07-pakistan-instrument-participations"])  # "000_….txt"
    assert (
        '<a href="/page/doc-pakistan">NATO page: NATO\'s cooperation with Pakistan</a>' in pakistan
    )
    kazakhstan = html.unescape(cards["cq-35-kazakhstan-pfp-and-deep"])
    assert "NATO page: relations with Kazakhstan" in kazakhstan


def test_each_card_opens_its_query_in_the_editor(page: str) -> None:
    card = _cards(page)["ex-partners-per-framework"]
    link = re.search(r'<a class="open-example" href="([^"]+)">Open in the editor</a>', card)
    assert link is not None
    query = parse_qs(urlsplit(html.unescape(link[1])).query)["query"][0]
    assert query == (ROOT / "queries" / "ex-partners-per-framework.rq").read_text("utf-8")


def _csv(client: FlaskClient, name: str) -> list[dict[str, str]]:
    query = (ROOT / "queries" / f"{name}.rq").read_text("utf-8")
    response = client.get("/sparql", query_string={"query": query, "format": "csv"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _gold_members(name: str) -> set[str]:
    rows = json.loads((GOLD / f"{name}.json").read_text("utf-8"))["rows"]
    return {r["country"].removeprefix("kg:") for r in rows}


def test_partners_per_framework_one_row_each_with_names(build_client: FlaskClient) -> None:
    rows = _csv(build_client, "ex-partners-per-framework")
    pairs = [(r["framework"], r["partner"]) for r in rows]
    assert len(pairs) == len(set(pairs)), "one row per framework and partner"
    assert all(r["frameworkLabel"] and r["partnerLabel"] for r in rows), "names, not only IRIs"
    by_framework: dict[str, set[str]] = {}
    for framework, partner in pairs:
        by_framework.setdefault(framework.removeprefix(KG), set()).add(partner.removeprefix(KG))
    # the hand-written gold answers of the Mediterranean Dialogue and ICI questions
    assert by_framework["mediterranean-dialogue"] == _gold_members(
        "cq-15-mediterranean-dialogue-members"
    )
    assert by_framework["istanbul-cooperation-initiative"] >= _gold_members(
        "cq-16-istanbul-cooperation-initiative-members"
    )


def test_programmes_per_partner_name_the_programmes(build_client: FlaskClient) -> None:
    rows = {
        r["partner"].removeprefix(KG): r for r in _csv(build_client, "ex-programmes-per-partner")
    }
    # the Kazakhstan page: DEEP and the Science for Peace and Security Programme
    kazakhstan = rows["kazakhstan"]["programmes"].split(" | ")
    assert "Defence Education Enhancement Programme" in kazakhstan
    assert "Science for Peace and Security Programme" in kazakhstan
    assert int(rows["kazakhstan"]["count"]) == len(kazakhstan)


#: the solution modifier that removes duplicate rows (not DISTINCT inside an aggregate)
_SELECT_DISTINCT = re.compile(r"\bSELECT(\s+)(?:DISTINCT|REDUCED)\b", re.IGNORECASE)
EXAMPLES = sorted((ROOT / "queries").glob("*.rq"))


def _rows(client: FlaskClient, query: str) -> list[tuple[str, ...]]:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [tuple(row) for row in csv.reader(io.StringIO(response.get_data(as_text=True)))][1:]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_example_needs_distinct(path: Path, build_client: FlaskClient) -> None:
    """The default graph is a set, and each example is written so that it gives every answer
    once: with SELECT DISTINCT taken away, no row comes twice (and the rows are those of the
    query as written)."""
    assert len(EXAMPLES) >= 50  # the gallery's files were found
    query = path.read_text("utf-8")
    plain = _rows(build_client, _SELECT_DISTINCT.sub(r"SELECT\1", query))
    assert len(plain) == len(set(plain)), f"{path.name}: {len(plain) - len(set(plain))} duplicates"
    if plain != (written := _rows(build_client, query)):
        assert sorted(plain) == sorted(written)


def test_every_card_asks_its_question_in_english_and_french(page: str) -> None:
    cards = _cards(page)
    assert len(cards) == len(EXAMPLES)
    for name, card in cards.items():
        english = re.search(r'<span class="question" lang="en">([^<]+)</span>', card)
        french = re.search(r'<span class="question question-fr" lang="fr">([^<]+)</span>', card)
        assert english and french, name
        assert english[1] != french[1], name
    timeline = html.unescape(cards["ex-pakistan-timeline"])
    assert "par ordre chronologique" in timeline
