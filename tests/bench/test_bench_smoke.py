"""The benchmark's comparator and helpers on tiny in-memory inputs (no servers, fast).

The benchmark itself is not a test (see bench/README.md); these check that it compares
results the way it says it does.
"""

from __future__ import annotations

import json

from bench import compare, loadgen, stats, workload
from bench.client import Request

XSD = "http://www.w3.org/2001/XMLSchema#"


def _select(*rows: dict) -> bytes:
    return json.dumps({"head": {"vars": ["x", "n"]}, "results": {"bindings": list(rows)}}).encode()


def test_rows_compare_as_multisets_with_numeric_normalisation() -> None:
    a = compare.from_json(
        _select(
            {
                "x": {"type": "uri", "value": "http://e/a"},
                "n": {"type": "literal", "value": "2", "datatype": XSD + "integer"},
            },
            {"x": {"type": "uri", "value": "http://e/b"}},
        )
    )
    b = compare.from_json(
        _select(
            {"x": {"type": "uri", "value": "http://e/b"}},
            {
                "x": {"type": "uri", "value": "http://e/a"},
                "n": {"type": "typed-literal", "value": "2.0", "datatype": XSD + "decimal"},
            },
        )
    )
    assert not compare.differ(a, b)


def test_a_missing_duplicate_row_is_a_difference() -> None:
    row = {"x": {"type": "uri", "value": "http://e/a"}}
    one, two = compare.from_json(_select(row)), compare.from_json(_select(row, row))
    difference = compare.differ(two, one)
    assert difference and "1 missing" in difference.detail


def test_language_tags_and_plain_strings_normalise() -> None:
    a = compare.from_json(
        _select(
            {"x": {"type": "literal", "value": "v", "xml:lang": "FR"}},
            {"x": {"type": "literal", "value": "s"}},
        )
    )
    b = compare.from_json(
        _select(
            {"x": {"type": "literal", "value": "v", "xml:lang": "fr"}},
            {"x": {"type": "literal", "value": "s", "datatype": XSD + "string"}},
        )
    )
    assert not compare.differ(a, b)


def test_booleans() -> None:
    yes, no = (
        compare.from_json(b'{"boolean": true}'),
        compare.from_json(b'{"head": {}, "boolean": false}'),
    )
    assert compare.differ(yes, no)
    assert not compare.differ(yes, compare.from_json(b'{"boolean": true}'))


def test_graphs_compare_up_to_blank_node_labels() -> None:
    a = b'_:x <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    b = b'_:other <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    ga = compare.from_graph(a, "application/n-triples")
    gb = compare.from_graph(b, "application/n-triples; charset=utf-8")
    assert not compare.differ(ga, gb)
    gc = compare.from_graph(b.replace(b'"1"', b'"2"'), "application/n-triples")
    assert compare.differ(ga, gc)


def test_query_forms_come_from_the_parser() -> None:
    assert workload.form_of("ASK {}") is workload.Form.ASK
    assert workload.form_of("DESCRIBE <http://e/a>") is workload.Form.GRAPH
    assert workload.form_of("CONSTRUCT WHERE { ?s ?p ?o }") is workload.Form.GRAPH
    assert workload.form_of("SELECT * {}") is workload.Form.SELECT


def test_the_bench_queries_parse_and_cheap_ones_are_marked() -> None:
    queries = [q for q in workload.load(workload.BENCH_QUERIES.parent.parent) if q.name[0] in "ac"]
    assert len(queries) >= 10, "the bench's own queries were not found"
    assert {q.name for q in queries if q.group is workload.Group.CHEAP} >= {
        "c01-ask-membership",
        "c03-describe-kazakhstan",
    }


def test_lua_embeds_the_form_body() -> None:
    request = Request.form("SELECT * { ?s ?p ?o } # ]==]", "application/sparql-results+json")
    assert b"]==]" not in request.body  # brackets are percent-encoded, so the Lua string is safe
    assert loadgen.choose_tool(0.001, 8, 5) == "wrk"
    assert loadgen.choose_tool(0.5, 8, 5) == "loop"


def test_geomean() -> None:
    assert stats.geomean([2, 8]) == 4
    assert stats.geomean([]) is None


def test_the_cheap_path_bench_measures_real_answers() -> None:
    """Each query of ``bench.cheap_path_profile`` finds what the fixture holds (it once timed
    empty answers), through the WSGI call it times."""
    from bench import cheap_path_profile as cheap

    get = cheap.wsgi_get()
    bodies = {name: get(query, accept) for name, (query, accept) in cheap.QUERIES.items()}
    assert b'"boolean":true' in bodies.pop("ASK")
    for name, body in bodies.items():
        assert b"Partnership for Peace" in body, name
