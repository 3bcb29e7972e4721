"""`natokg query`: the endpoint's guard, execution and formats, from the terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.querying import run_cli_query
from natokg.settings import Settings
from tests.conftest import PARTNERSHIPS

LABEL = (
    "SELECT ?label { <https://w3id.org/natokg/id/turkiye> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
)


def run(query: str, fmt: str = "table", **overrides) -> tuple[int, bytes, str]:
    settings = Settings.load({"data_file": PARTNERSHIPS, **overrides}, environ={})
    out, err = io.BytesIO(), io.StringIO()
    status = run_cli_query(settings, query, fmt, out, err)
    return status, out.getvalue(), err.getvalue()


def test_table() -> None:
    status, out, _ = run(LABEL)
    assert status == 0
    assert out.decode().splitlines() == [
        "?label",
        "----------",
        "Turquie@fr",
        "Türkiye@en",
        "(2 rows)",
    ]


def test_table_of_a_boolean_and_a_graph() -> None:
    assert run("ASK {}")[1] == b"true\n"
    status, out, _ = run("CONSTRUCT { <http://e/s> <http://e/p> 1 } WHERE {}")
    assert out.decode().splitlines()[2] == "<http://e/s>  <http://e/p>  1 (xsd:integer)"


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_results_formats(fmt: str) -> None:
    status, out, _ = run(LABEL, fmt)
    parser = ox.QueryResultsFormat.from_extension({"json": "srj", "xml": "srx"}.get(fmt, fmt))
    assert [r["label"].value for r in ox.parse_query_results(out, format=parser)] == [
        "Turquie",
        "Türkiye",
    ]


def test_graph_formats() -> None:
    status, out, _ = run("CONSTRUCT WHERE { <https://w3id.org/natokg/id/pfp> ?p ?o }", "jsonld")
    assert status == 0
    assert len(list(ox.parse(out, format=ox.RdfFormat.JSON_LD))) == 6
    assert json.loads(out)


def test_a_format_that_does_not_fit_the_result() -> None:
    status, out, err = run("ASK {}", "turtle")
    assert (status, out) == (2, b"")
    assert "application/sparql-results+json" in err


def test_refusals_and_syntax_errors() -> None:
    assert run("SELECT * { SERVICE <http://e/> {} }")[0] == 2
    status, _, err = run("SELECT * {")
    assert status == 2 and "malformed query at line 1, column " in err


def test_truncation_is_reported() -> None:
    status, out, err = run("SELECT * { ?s ?p ?o }", "csv", max_result_rows=3)
    assert status == 0 and out.count(b"\r\n") == 4
    assert "cut at 3 rows" in err


def test_no_build_is_reported(tmp_path: Path) -> None:
    settings = Settings.load({"releases_dir": tmp_path}, environ={})
    err = io.StringIO()
    assert run_cli_query(settings, "ASK {}", "json", io.BytesIO(), err) == 1
    assert "natokg build" in err.getvalue()
