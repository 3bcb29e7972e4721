"""Result caching per worker, strong ETags with the dataset version, 304 on If-None-Match."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from natokg.sparql import service
from natokg.sparql.cache import LruCache

MakeApp = Callable[..., Flask]
QUERY = {"query": "SELECT ?s { ?s a ?c } ORDER BY ?s", "format": "json"}


@pytest.fixture
def evaluations(monkeypatch) -> list[str]:
    """Every query that reached pyoxigraph."""
    calls: list[str] = []
    real = service.evaluate

    def spy(dataset, query, *args, **kwargs):
        calls.append(query)
        return real(dataset, query, *args, **kwargs)

    monkeypatch.setattr(service, "evaluate", spy)
    return calls


def test_strong_etag_with_the_dataset_version(client: FlaskClient) -> None:
    first = client.get("/sparql", query_string=QUERY)
    again = client.get("/sparql", query_string=QUERY)
    csv = client.get("/sparql", query_string=QUERY | {"format": "csv"})
    etag, weak = first.get_etag()
    assert not weak
    version = client.application.extensions["natokg"].dataset.version
    assert etag.startswith(f"{version}-")
    assert again.get_etag() == (etag, False)
    assert csv.get_etag()[0] != etag


def test_if_none_match_gets_304_without_a_body(client: FlaskClient) -> None:
    etag = client.get("/sparql", query_string=QUERY).get_etag()[0]
    response = client.get("/sparql", query_string=QUERY, headers={"If-None-Match": f'"{etag}"'})
    assert response.status_code == 304
    assert response.data == b""
    assert response.get_etag() == (etag, False)
    other = client.get("/sparql", query_string=QUERY, headers={"If-None-Match": '"other"'})
    assert other.status_code == 200


def test_post_is_never_answered_304(client: FlaskClient) -> None:
    etag = client.get("/sparql", query_string=QUERY).get_etag()[0]
    response = client.post("/sparql", data=QUERY, headers={"If-None-Match": f'"{etag}"'})
    assert response.status_code == 200


def test_identical_requests_are_answered_from_the_cache(
    client: FlaskClient, evaluations: list[str]
) -> None:
    bodies = {client.get("/sparql", query_string=QUERY).data for _ in range(3)}
    assert len(bodies) == 1
    assert evaluations == [QUERY["query"]]
    client.get("/sparql", query_string=QUERY | {"format": "xml"})
    assert len(evaluations) == 2


def test_cache_size_zero_disables_the_cache(make_app: MakeApp, evaluations: list[str]) -> None:
    client = make_app(result_cache_size=0).test_client()
    for _ in range(3):
        client.get("/sparql", query_string=QUERY)
    assert len(evaluations) == 3


def test_nondeterministic_queries_are_not_cached(
    client: FlaskClient, evaluations: list[str]
) -> None:
    query = {"query": "SELECT (STRUUID() AS ?id) {}", "format": "json"}
    first = client.get("/sparql", query_string=query).data
    second = client.get("/sparql", query_string=query).data
    assert len(evaluations) == 2
    assert first != second


def test_refused_queries_are_not_cached(client: FlaskClient, evaluations: list[str]) -> None:
    for _ in range(2):
        assert client.get("/sparql", query_string={"query": "ASK {"}).status_code == 400
    assert len(evaluations) == 2


def test_lru_evicts_the_least_recently_used() -> None:
    cache: LruCache[str] = LruCache(2, max_bytes=1000)
    cache.put("a", "A", size=1)
    cache.put("b", "B", size=1)
    assert cache.get("a") == "A"
    cache.put("c", "C", size=1)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")


def test_lru_keeps_within_its_byte_budget() -> None:
    cache: LruCache[str] = LruCache(100, max_bytes=1000)
    for key in "abcd":
        cache.put(key, key, size=240)
    cache.put("e", "e", size=240)
    assert len(cache) == 4 and cache.get("a") is None
    cache.put("huge", "x", size=251)
    assert cache.get("huge") is None
