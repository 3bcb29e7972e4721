"""The competency questions of queries/ answer exactly what the documents say.

Each ``queries/cq-NN-slug.rq`` has a header (``# title:``, ``# question:``, ``# source:``) and a
gold answer ``tests/queries/gold/cq-NN-slug.json`` written by hand from the source documents
(never produced by running the query)::

    {"ordered": false, "rows": [{"country": "kg:kazakhstan", "year": "1995"}]}
    {"boolean": true}

IRIs are written as prefixed names (``kg:``, ``nkg:``, ``org:``…) or ``<full IRI>``; literals by
their lexical form (a number may be written as a JSON number). Rows compare as a multiset
unless ``ordered`` is true (for queries with ORDER BY whose order is part of the answer).
Every question is asked of both ways the server can hold the data: in memory and on disk.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.namespaces import prefixes
from natokg.settings import Settings
from natokg.store import load_dataset
from tests.conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("cq-*.rq"))
GOLD = Path(__file__).resolve().parent / "gold"
HEADER = re.compile(r"^# (title|question|source):\s*(\S.*)$", re.MULTILINE)


def test_catalogue_is_complete() -> None:
    assert len(QUERIES) >= 40, f"only {len(QUERIES)} competency questions in queries/"
    gold = {p.stem for p in GOLD.glob("*.json")}
    assert gold == {q.stem for q in QUERIES}, "every query needs a gold file and vice versa"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_header(path: Path) -> None:
    fields = dict(HEADER.findall(path.read_text(encoding="utf-8")))
    assert set(fields) == {"title", "question", "source"}, (
        f"{path.name}: header fields {set(fields)}"
    )


@pytest.fixture(scope="module", params=["memory", "disk"])
def store(request: pytest.FixtureRequest, release: Path, settings: Settings) -> ox.Store:
    dataset = load_dataset(settings.replace(store=request.param))
    assert dataset.release == release
    return dataset.store


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_gold_answer(path: Path, store: ox.Store) -> None:
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
    result = store.query(path.read_text(encoding="utf-8"))  # the default graph: the merge
    if isinstance(result, ox.QueryBoolean):
        assert "boolean" in gold, f"{path.name} is an ASK query: its gold needs 'boolean'"
        assert bool(result) is gold["boolean"]
        return
    assert isinstance(result, ox.QuerySolutions), (
        f"{path.name}: competency questions are SELECT or ASK"
    )
    variables = [v.value for v in result.variables]
    actual = [{v: _show(row[v]) for v in variables if row[v] is not None} for row in result]
    expected = [{k: _norm(v) for k, v in row.items()} for row in gold["rows"]]
    if gold.get("ordered", False):
        assert actual == expected
    else:
        assert sorted(map(_key, actual)) == sorted(map(_key, expected))


_PREFIXES = sorted(prefixes().items(), key=lambda kv: -len(kv[1]))


def _show(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(term, ox.NamedNode):
        for prefix, iri in _PREFIXES:
            local = term.value[len(iri) :]
            if term.value.startswith(iri) and re.fullmatch(r"[A-Za-z0-9_.-]*", local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return "_:"


def _norm(value: object) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _key(row: dict[str, str]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def test_readme_lists_every_query() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [q.name for q in QUERIES if f"(queries/{q.name})" not in readme]
    assert QUERIES and missing == []
