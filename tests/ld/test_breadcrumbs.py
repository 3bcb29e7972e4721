"""Breadcrumbs on the site's pages: Home › section › the page (issue 12)."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _crumbs(client: FlaskClient, path: str) -> list[tuple[str, str | None]]:
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200, path
    nav = re.search(
        r'<nav class="breadcrumbs" aria-label="Breadcrumb">(.*?)</nav>',
        response.get_data(as_text=True),
        re.S,
    )
    if nav is None:
        return []
    out = []
    for item in re.findall(r"<li>(.*?)</li>", nav[1], re.S):
        link = re.fullmatch(r'<a href="([^"]+)">([^<]+)</a>', item.strip())
        current = re.fullmatch(r'<span aria-current="page">([^<]+)</span>', item.strip())
        assert link or current, item
        out.append((html.unescape(link[2]), link[1]) if link else (html.unescape(current[1]), None))
    return out


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/page/kazakhstan", [("Home", "/"), ("States", "/#states"), ("Kazakhstan", None)]),
        (
            "/page/mediterranean-dialogue",
            [
                ("Home", "/"),
                ("Partnership frameworks and groupings", "/#frameworks"),
                ("Mediterranean Dialogue", None),
            ],
        ),
        (
            "/page/ev-2022-11-09-partners-workshop",
            [
                ("Home", "/"),
                ("Workshop", "/ontology#Workshop"),  # the most specific class, not Event
                (
                    "Informal workshops with partner countries at NATO Headquarters, "
                    "9 November 2022",
                    None,
                ),
            ],
        ),
        ("/shapes", [("Home", "/"), ("Ontology", "/ontology"), ("SHACL shapes", None)]),
        (
            "/graph/documents/pakistan",
            [("Home", "/"), ("Named graphs", "/#graphs"), ("graph:documents/pakistan", None)],
        ),
        ("/search?q=deep", [("Home", "/"), ("Search", None)]),
        ("/sparql", [("Home", "/"), ("Query", None)]),
        ("/", []),
    ],
)
def test_breadcrumbs(build_client: FlaskClient, path: str, expected: list) -> None:
    assert _crumbs(build_client, path) == expected


def test_the_sections_the_crumbs_point_to_are_on_the_home_page(build_client: FlaskClient) -> None:
    home = build_client.get("/", headers={"Accept": BROWSER}).get_data(as_text=True)
    for anchor in ("states", "frameworks", "documents", "graphs"):
        assert f'<section id="{anchor}">' in home
