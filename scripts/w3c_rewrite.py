"""Run every query of the W3C SPARQL 1.0/1.1 query-evaluation tests as written and as
rewritten by natokg.sparql.rewrite, and compare the answers, from a local checkout of
https://github.com/w3c/rdf-tests (not part of this repository).

Most of the suite writes its OPTIONALs last, where there is nothing to move. So that the
rule is tried on many shapes, each query with an OPTIONAL also yields *variants*: the same
query with one OPTIONAL of one group written earlier in that group (before each earlier part,
and between each two triple patterns of each earlier triples block), each a query of its own,
compared as written and as rewritten like the suite's own. Some
variants are not well designed (an OPTIONAL sharing a variable with a later pattern that
nothing before binds): the rewrite must leave those alone, and the script also counts the
variants where a *naive* rewrite (in every group, every triples block before everything else,
ignoring the rule) would change the answer, to show the comparison can see a wrong move.

    .venv/bin/python scripts/w3c_rewrite.py /path/to/rdf-tests

Each test's data is loaded into a pyoxigraph store (qt:data in the default graph, each
qt:graphData in a graph named by its IRI); the query runs on it twice, as written and as
rewritten. A rewritten query is also run, both ways, on every other data file of its folder
(more data shapes for the same pattern). Answers compare as multisets of solutions (blank
nodes as blank nodes, without their labels), booleans, or graphs canonicalised with RDFC-1.0;
an error compares equal to the same error. Prints every rewritten query's name, every
difference, and the totals; exits 1 on a difference.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from natokg.sparql.rewrite import rewrite

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.sparql.rewrite_variants import naive, variants  # noqa: E402

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
EVALUATION = {MF + "QueryEvaluationTest"}
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".rdf": ox.RdfFormat.RDF_XML, ".nt": ox.RdfFormat.N_TRIPLES}


def tests(suite: Path) -> list[tuple[str, Path, list[Path], list[Path]]]:
    """(name, query, data files, named-graph files) of every query-evaluation test."""
    found = []
    for manifest in sorted(suite.glob("sparql/sparql1[01]/*/manifest.ttl")):
        triples = list(ox.parse(path=str(manifest), base_iri=manifest.as_uri()))
        kinds = {
            t.subject
            for t in triples
            if t.predicate.value.endswith("#type") and t.object.value in EVALUATION
        }
        by_subject: dict[object, list[ox.Triple]] = {}
        for t in triples:
            by_subject.setdefault(t.subject, []).append(t)
        for test in kinds:
            action = next(t.object for t in by_subject[test] if t.predicate.value == MF + "action")
            query, data, graphs = None, [], []
            for t in by_subject.get(action, []):
                path = Path(t.object.value.removeprefix("file://"))
                if t.predicate.value == QT + "query":
                    query = path
                elif t.predicate.value == QT + "data":
                    data.append(path)
                elif t.predicate.value == QT + "graphData":
                    graphs.append(path)
            if query is not None:
                found.append((f"{manifest.parent.name}/{query.name}", query, data, graphs))
    return sorted(found, key=lambda t: t[0])


def store_of(data: list[Path], graphs: list[Path]) -> ox.Store:
    store = ox.Store()
    for path in data:
        store.load(path=str(path), format=FORMATS[path.suffix], base_iri=path.as_uri())
    for path in graphs:
        name = ox.NamedNode(path.as_uri())
        store.load(
            path=str(path), format=FORMATS[path.suffix], base_iri=path.as_uri(), to_graph=name
        )
    return store


def answer(store: ox.Store, text: str, base: str) -> object:
    """A comparable form of the answer (or of the error)."""
    try:
        result = store.query(text, base_iri=base)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = Counter(tuple(_term(row[name]) for name in names) for row in result)
            return (tuple(names), rows)
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in result)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return sorted(str(q) for q in dataset)
    except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
        return ("error", type(exc).__name__)


def _term(term: object) -> str:
    return "_:" if isinstance(term, ox.BlankNode) else str(term)


def main(suite: Path) -> int:
    counts: Counter[str] = Counter()
    for name, query, data, graphs in tests(suite):
        text = query.read_text(encoding="utf-8")
        folder_data = sorted(
            p for p in query.parent.iterdir() if p.suffix in FORMATS and "manifest" not in p.name
        )
        cases = [(data, graphs)] + [([p], []) for p in folder_data if [p] != data]
        queries = [(text, None)] + [(v, naive(v)) for v in variants(text)]
        for number, (written, blind) in enumerate(queries):
            label = name if number == 0 else f"{name} variant {number}"
            counts["queries" if number == 0 else "variants"] += 1
            new = rewrite(written)
            if new == written and blind is None:
                continue
            counts["rewritten" if new != written else "kept"] += 1
            if new != written:
                print(f"rewritten: {label}")
            seen_naive_difference = False
            for case_data, case_graphs in cases:
                store = store_of(case_data, case_graphs)
                base = query.as_uri()
                as_written = answer(store, written, base)
                if new != written:
                    counts["comparisons"] += 1
                    if as_written != answer(store, new, base):
                        counts["differences"] += 1
                        print(f"DIFFERENT: {label} on {[p.name for p in case_data]}\n{new}")
                if blind is not None and blind != written and not seen_naive_difference:
                    if as_written != answer(store, blind, base):
                        seen_naive_difference = True
                        counts["naive differs"] += 1
                        counts["refused" if new == written else "rewritten safely"] += 1
    print(
        f"{counts['queries']} query-evaluation tests and {counts['variants']} variants; "
        f"{counts['rewritten']} queries rewritten, compared {counts['comparisons']} times (test "
        f"data and the folder's other data): {counts['differences']} differences. A naive "
        f"rewrite would change the answer of {counts['naive differs']} variants: the rule "
        f"refused {counts['refused']} of them, rewrote {counts['rewritten safely']} differently."
    )
    return 1 if counts["differences"] else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
