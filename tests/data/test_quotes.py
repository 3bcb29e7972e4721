"""Every quote in data/ is found, character for character, in the source document it cites."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from natokg.pipeline.quotes import QUOTES_QUERY
from tests.conftest import ROOT, SOURCES

DATA = sorted((ROOT / "data").rglob("*.ttl"))


@pytest.fixture(scope="module")
def quotes() -> list[tuple[str, str, str]]:
    store = ox.Store()
    for path in DATA:
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path)))
    rows = store.query(QUOTES_QUERY)
    return [
        (r["attestation"].value, r["quote"].value, r["file"].value if r["file"] else "")
        for r in rows
    ]


def test_sources_are_present() -> None:
    files = sorted(p.name for p in SOURCES.glob("*.txt"))
    assert files == [
        "indo-pacific.txt",
        "kazakhstan.txt",
        "pakistan.txt",
        "partnerships.txt",
        "workshop-2022.txt",
    ]


def test_every_document_is_quoted(quotes: list[tuple[str, str, str]]) -> None:
    assert len(DATA) >= 10
    assert {f for _, _, f in quotes} == {p.name for p in SOURCES.glob("*.txt")}
    assert len(quotes) >= 200


def test_every_quote_is_a_substring_of_its_source(quotes: list[tuple[str, str, str]]) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt")}
    missing = [(a, q[:60]) for a, q, f in quotes if q not in texts.get(f, "")]
    assert missing == []
