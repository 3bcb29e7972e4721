"""The HTML page of a state, read with an HTML parser: labels, links, quotes and timeline."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask.testing import FlaskClient

from tests.ld.helpers import Html

SVG = "{http://www.w3.org/2000/svg}"


def state_page(client: FlaskClient) -> tuple[Html, str]:
    response = client.get("/page/testland")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    return Html(text), text


def test_labels_types_and_notes(client: FlaskClient) -> None:
    html, _ = state_page(client)
    assert html.tags["h1"] == 1
    assert "Testland" in html.text and "Testlandie" in html.text
    assert "Republic of Testland" in html.text
    assert ("/ontology#State", "sovereign state") in html.anchors


def test_outgoing_and_incoming_links_point_to_local_pages(client: FlaskClient) -> None:
    html, _ = state_page(client)
    hrefs = html.hrefs()
    # incoming: memberships, participations, the figure and the territory link to the state
    for slug in (
        "mem-testland-nacc",
        "mem-testland-pfp",
        "mem-testland-eapc",
        "part-visit-testland",
        "part-parp-testland",
        "fig-testland-exercises",
        "place-testland",
    ):
        assert f"/page/{slug}" in hrefs, slug
    # outgoing: the attestation it rests on, and predicates of the ontology at /ontology
    assert "/page/q-tl-overview" in hrefs
    assert "/ontology#iso3166Alpha3" in hrefs
    assert not any(h.startswith("https://w3id.org/natokg/id/") for h in hrefs)


def test_attestations_show_quote_and_source(client: FlaskClient) -> None:
    html, _ = state_page(client)
    assert "Les relations avec la Testlandie ont débuté en 1992." in html.text
    assert ("/page/doc-testland", "NATO page: relations with Testland") in html.anchors


def test_reference_sources_link_out(client: FlaskClient) -> None:
    html = Html(client.get("/page/ref-pfp-testland").get_data(as_text=True))
    url = "https://www.nato.int/cps/en/natohq/topics_82584.htm"
    assert (
        url,
        "NATO page: Signatures of Partnership for Peace Framework Document",
    ) in html.anchors
    assert "/page/q-tl-pfp-1995" in html.hrefs()  # the conflicting quote


def test_timeline_rows_sorted_with_dates_at_their_precision(client: FlaskClient) -> None:
    html, _ = state_page(client)
    rows = [
        cells
        for cls, cells in html.rows
        if cls.split()[:1] and cls.split()[0] in ("membership", "participation", "event")
    ]
    assert rows == [
        ["1992", "1997", "North Atlantic Cooperation Council", "membership · partner"],
        [
            "1994",
            "…",
            "Partnership for Peace",
            "membership · partner · sources disagree: start 1995 (document)",
        ],
        ["1997", "…", "Euro-Atlantic Partnership Council", "membership · partner"],
        ["1997", "", "NACC succeeded by the EAPC", "event · succession"],
        ["2002", "", "Planning and Review Process", "participation · attendee"],
        ["2005-03", "", "Visit of <b>Jane Doe</b> & co to Test City", "event · visit"],
    ]


def test_timeline_svg_is_inline_escaped_and_linked(client: FlaskClient) -> None:
    _, text = state_page(client)
    start = text.index("<svg")
    svg = ET.fromstring(text[start : text.index("</svg>", start) + len("</svg>")])
    bars = svg.findall(f".//{SVG}rect[@class='bar']")
    marks = svg.findall(f".//{SVG}circle[@class='mark']")
    assert len(bars) == 4  # three memberships and the dated participation
    assert len(marks) == 2  # the succession and the visit
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert "2005-03: Visit of <b>Jane Doe</b> & co to Test City (visit)" in titles
    assert "<b>" not in text  # markup in data is text, never HTML
    links = {a.get("href") for a in svg.iter(f"{SVG}a")}
    assert {"/page/mem-testland-pfp", "/page/ev-2005-03-visit"} <= links


def test_pages_have_no_script_and_a_strict_policy(client: FlaskClient) -> None:
    for path in (
        "/page/testland",
        "/page/mem-testland-pfp",
        "/",
        "/ontology",
        "/downloads",
        "/exports",
        "/visuals",
        "/shapes",
        "/graph/documents/testland",
    ):
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 200, path
        html = Html(response.get_data(as_text=True))
        assert html.scripts == 0 and html.inline_styles == 0, path
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
