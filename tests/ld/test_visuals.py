"""The SVG charts: well-formed, drawn from the data (checked against hand-counted members)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from flask.testing import FlaskClient

from natokg.app import create_app
from natokg.settings import Settings
from natokg.store import load_dataset

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(client: FlaskClient, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}foreignObject"))
    return root


def bar_titles(root: ET.Element) -> list[str]:
    return [
        rect.find(f"{SVG}title").text
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class") == "bar"
    ]


def test_frameworks_chart_counts_member_states_per_year(client: FlaskClient) -> None:
    titles = bar_titles(svg_of(client, "/visuals/frameworks.svg"))
    # Hand-counted from the fixture: Testland in the NACC 1992-1997, the PfP from 1994 and the
    # EAPC from 1997; Otherland among the partners across the globe from 2011; data end in 2011.
    expected = (
        [f"North Atlantic Cooperation Council {y}: 1 member state(s)" for y in range(1992, 1998)]
        + [f"Partnership for Peace {y}: 1 member state(s)" for y in range(1994, 2012)]
        + [f"Euro-Atlantic Partnership Council {y}: 1 member state(s)" for y in range(1997, 2012)]
        + ["partners across the globe 2011: 1 member state(s)"]
    )
    assert sorted(titles) == sorted(expected)


def test_timeline_svg_of_a_state(client: FlaskClient) -> None:
    root = svg_of(client, "/visuals/timeline/testland.svg")
    titles = bar_titles(root)
    assert "North Atlantic Cooperation Council (partner): 1992 – 1997" in titles
    assert len(titles) == 4
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "events (2)" in texts


def test_timeline_svg_only_for_states(client: FlaskClient) -> None:
    assert client.get("/visuals/timeline/nato.svg").status_code == 404
    assert client.get("/visuals/timeline/nowhere.svg").status_code == 404


def test_visuals_page_embeds_the_chart_and_links_the_timelines(client: FlaskClient) -> None:
    text = client.get("/visuals").get_data(as_text=True)
    assert text.count("<svg") == 1
    assert "/visuals/timeline/testland.svg" in text and "/page/otherland" in text


def test_frameworks_chart_says_which_members_have_no_stated_start(
    settings: Settings, release: Path
) -> None:
    """On the session build: the Indo-Pacific page names four partners without a date (« avec
    l'Australie, le Japon, la République de Corée et la Nouvelle-Zélande »), so their framework
    has no bar, and its label says why instead of « max 0 »."""
    client = create_app(settings, load_dataset(settings)).test_client()
    root = svg_of(client, "/visuals/frameworks.svg")
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Indo-Pacific partners, 4 with no stated start" in texts
    assert not any(t.startswith("Indo-Pacific partners, max") for t in texts)
