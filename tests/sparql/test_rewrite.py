"""Query rewriting (natokg.sparql.rewrite): what it moves, what it must leave alone, and that
the answers stay the same — on hand-written cases over a tiny graph, through the endpoint with
the setting on and off, on every competency question against its gold answer, and on every
query of the catalogue, the checks and the bench with its OPTIONALs written earlier (variants).

Each refused case comes with the blind move (triples blocks before the OPTIONAL) written by
hand, and the test checks that this move *would* change the answer on the fixture: the
comparison can see a wrong rewrite. The W3C evaluation suite is compared by
``scripts/w3c_rewrite.py`` (it needs a checkout of the suite).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.namespaces import query_prefixes
from natokg.settings import Settings
from natokg.sparql import rewrite as rewriting
from natokg.sparql.labels import Labeller
from natokg.sparql.rewrite import Rewriter, rewrite
from natokg.store import load_dataset
from tests.conftest import FIXTURES, ROOT
from tests.queries.test_competency import GOLD, QUERIES, _key, _norm, _show
from tests.sparql.conftest import MakeApp
from tests.sparql.rewrite_variants import naive, variants

MEMBERSHIPS = FIXTURES / "sparql" / "rewrite-memberships.ttl"
PREFIXES = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kg: <https://w3id.org/natokg/id/>
PREFIX nkg: <https://w3id.org/natokg/ontology#>
"""
#: the issue's shape: members with the year they joined and, optionally, the date they left
SHAPE = (
    PREFIXES
    + """SELECT ?framework ?member ?name ?joined ?left WHERE {
  ?framework a nkg:PartnershipFramework .
  ?membership org:organization ?framework ; org:member ?member ; org:memberDuring ?period .
  ?period time:hasBeginning ?beginning .
  OPTIONAL { ?period time:hasEnd/time:inXSDDate ?left }
  ?beginning time:inXSDgYear ?joined .
  ?member rdfs:label ?name .
  FILTER(LANG(?name) = "en")
}"""
)

#: (name, query, the required pattern that must end up before the first OPTIONAL)
MOVED = [
    ("shape", SHAPE, "?member rdfs:label ?name"),
    (
        "optional-filter-on-bound-variable",
        "SELECT * { ?m org:member ?s . OPTIONAL { ?s rdfs:label ?l FILTER(LANG(?l) = 'fr') } "
        "?m org:organization ?fw }",
        "?m org:organization ?fw",
    ),
    (
        "inside-an-optional",
        "SELECT * { ?m org:memberDuring ?i OPTIONAL { ?i time:hasEnd ?e "
        "OPTIONAL { ?e time:inXSDDate ?d } ?e time:inXSDgYear ?y } }",
        "?e time:inXSDgYear ?y",
    ),
    (
        "inside-a-union",
        "SELECT * { { ?m org:member ?s OPTIONAL { ?s rdfs:label ?l } ?m org:organization kg:pfp }"
        " UNION { ?m org:member ?s OPTIONAL { ?s rdfs:label ?l } ?m org:organization kg:md } }",
        "?m org:organization kg:pfp",
    ),
    (
        "after-values-across-two-optionals",
        "SELECT * { VALUES ?fw { kg:pfp kg:md } ?m org:organization ?fw . "
        "OPTIONAL { ?m org:memberDuring/time:hasEnd ?e } OPTIONAL { ?fw rdfs:label ?fl } "
        "?m org:member [ rdfs:label ?name ] }",
        "?m org:member [ rdfs:label ?name ]",
    ),
    (
        "no-shared-variable-empty-prefix",
        "SELECT * { OPTIONAL { kg:pfp rdfs:label ?pfp } ?m org:member ?s }",
        "?m org:member ?s",
    ),
    (
        "construct",
        "CONSTRUCT { ?m org:member ?s ; rdfs:label ?l } WHERE { ?m org:memberDuring ?i "
        "OPTIONAL { ?i time:hasEnd ?e } ?m org:member ?s . ?s rdfs:label ?l }",
        "?s rdfs:label ?l",
    ),
]

#: (name, query, the blind move written by hand: it changes the answer on the fixture)
REFUSED = [
    (
        "shared-variable-bound-by-nothing-before",
        "SELECT * { OPTIONAL { ?s rdfs:label ?name FILTER(LANG(?name) = 'en') } ?m org:member ?s }",
        "SELECT * { ?m org:member ?s OPTIONAL { ?s rdfs:label ?name FILTER(LANG(?name) = 'en') } }",
    ),
    (
        "shared-variable-bound-only-by-the-optional",
        "SELECT * { ?m org:memberDuring ?i . OPTIONAL { ?i time:hasEnd ?e } ?e time:inXSDDate ?d }",
        "SELECT * { ?m org:memberDuring ?i . ?e time:inXSDDate ?d OPTIONAL { ?i time:hasEnd ?e } }",
    ),
    (
        "optional-filter-reads-a-later-variable",
        "SELECT * { ?m org:member ?s OPTIONAL { ?m org:memberDuring ?i FILTER(BOUND(?fw)) } "
        "?m org:organization ?fw }",
        "SELECT * { ?m org:member ?s . ?m org:organization ?fw "
        "OPTIONAL { ?m org:memberDuring ?i FILTER(BOUND(?fw)) } }",
    ),
    (
        "bind-in-between",
        "SELECT * { ?m org:member ?s OPTIONAL { ?s rdfs:label ?l } BIND(?l AS ?x) "
        "?m org:organization ?x }",
        "SELECT * { ?m org:member ?s . ?m org:organization ?x "
        "OPTIONAL { ?s rdfs:label ?l } BIND(?l AS ?x) }",
    ),
]

#: texts handed over unchanged whatever they contain
UNCHANGED = [
    ("no-optional", "SELECT * { ?m org:member ?s . ?s rdfs:label ?l }"),
    ("optional-already-last", "SELECT * { ?m org:member ?s . OPTIONAL { ?s rdfs:label ?l } }"),
    ("not-sparql", "SELECT * { OPTIONAL { ?s ?p } ?s ?q ?o"),
    (
        "unicode-escape",
        "SELECT * { ?m org:member ?s OPTIONAL { ?s rdfs:label ?l } ?m <\\u0070> ?o }",
    ),
    (
        "labelled-blank-node",
        "SELECT * { ?m org:member _:s OPTIONAL { _:s rdfs:label ?l } ?m ?p ?o }",
    ),
    (
        "sub-select-inside",
        "SELECT * { { SELECT * { ?m org:member ?s OPTIONAL { ?s rdfs:label ?l } ?m ?p ?o } } }",
    ),
    (
        "exists-inside",
        "SELECT * { ?m ?p ?o FILTER EXISTS { ?m org:member ?s OPTIONAL { ?s ?q ?l } ?m ?x ?y } }",
    ),
    ("construct-where", "CONSTRUCT WHERE { ?m org:member ?s }"),
    (
        "group-concat-reads-the-order",
        "SELECT ?m (GROUP_CONCAT(?l) AS ?ls) { ?m org:member ?s OPTIONAL { ?s rdfs:label ?l } "
        "?m org:organization ?fw } GROUP BY ?m",
    ),
    ("optional-in-a-string", "SELECT * { ?m rdfs:label 'OPTIONAL { ?m ?p ?o }' }"),
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(MEMBERSHIPS), format=ox.RdfFormat.TURTLE)
    return store


def answers(store: ox.Store, text: str) -> object:
    """The answer as a multiset of rows (SELECT) or a set of triples (CONSTRUCT)."""
    result = store.query(text)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return names, Counter(tuple(str(row[n]) for n in names) for row in result)
    triples = {str(t) for t in result if not isinstance(t.object, ox.BlankNode)}
    assert triples, "the CONSTRUCT cases build no blank nodes"
    return triples


def _full(text: str) -> str:
    return text if text.startswith("PREFIX") else PREFIXES + text


@pytest.mark.parametrize(("name", "text", "moved"), MOVED, ids=[c[0] for c in MOVED])
def test_required_patterns_move_before_the_optional(
    store: ox.Store, name: str, text: str, moved: str
) -> None:
    text = _full(text)
    new = rewrite(text)
    assert new != text, f"{name} was not rewritten"
    # the OPTIONAL that the pattern followed now follows it
    start = text.rindex("OPTIONAL", 0, text.index(moved))
    optional = text[start : text.index("}", start) + 1]
    assert new.index(moved) < new.index(optional), new
    before, after = answers(store, text), answers(store, new)
    assert before == after
    assert before[1] if isinstance(before, tuple) else before, "the case must answer something"


@pytest.mark.parametrize(("name", "text", "blind"), REFUSED, ids=[c[0] for c in REFUSED])
def test_unsafe_moves_are_refused(store: ox.Store, name: str, text: str, blind: str) -> None:
    text, blind = _full(text), _full(blind)
    assert rewrite(text) == text
    try:
        blindly = answers(store, blind)
    except SyntaxError:  # BIND of a variable the moved pattern now binds before it
        blindly = "a syntax error"
    assert blindly != answers(store, text), f"{name}: the blind move is harmless"


@pytest.mark.parametrize(("name", "text"), UNCHANGED, ids=[c[0] for c in UNCHANGED])
def test_other_queries_are_handed_over_as_written(name: str, text: str) -> None:
    text = _full(text)
    assert rewrite(text) == text


def test_the_shape_is_rewritten_to_what_the_parser_reads_back() -> None:
    new = rewrite(SHAPE)
    # the untouched prologue, the patterns in the new order, the filter kept in its group
    assert new.startswith(PREFIXES + "SELECT ?framework ?member ?name ?joined ?left WHERE {")
    order = [
        "?framework a nkg:PartnershipFramework",
        "?period time:hasBeginning ?beginning",
        "?beginning time:inXSDgYear ?joined",
        "?member rdfs:label ?name",
        "OPTIONAL { ?period time:hasEnd/time:inXSDDate ?left }",
        'FILTER(LANG(?name) = "en")',
    ]
    assert [new.index(piece) for piece in order] == sorted(new.index(p) for p in order)
    assert new.rstrip().endswith("}")


def test_the_rewriter_remembers_each_text_and_can_be_switched_off() -> None:
    rewriter = Rewriter()
    first = rewriter(SHAPE)
    assert first != SHAPE and rewriter(SHAPE) is first
    assert len(rewriter._done) == 1
    assert Rewriter(enabled=False)(SHAPE) is SHAPE
    plain = PREFIXES + "SELECT * { ?m org:member ?s }"
    assert rewriter(plain) is plain and len(rewriter._done) == 1  # no OPTIONAL: not parsed
    assert rewriter._done.max_entries == rewriting.ENTRIES


def test_the_setting_is_declared_and_off_when_asked() -> None:
    assert Settings.load(environ={}).query_rewrite is True
    assert Settings.load(environ={"NATOKG_QUERY_REWRITE": "false"}).query_rewrite is False


@pytest.mark.parametrize("text", [SHAPE, _full(MOVED[4][1]), _full(REFUSED[1][1])])
def test_the_endpoint_answers_the_same_with_and_without_rewriting(
    make_app: MakeApp, text: str
) -> None:
    rows = []
    for enabled in (True, False):
        client = make_app(MEMBERSHIPS, query_rewrite=enabled).test_client()
        response = client.post(
            "/sparql",
            data=text.encode(),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        body = json.loads(response.get_data())
        rows.append(sorted(json.dumps(b, sort_keys=True) for b in body["results"]["bindings"]))
    assert rows[0] == rows[1] and rows[0]


def test_a_syntax_error_still_points_into_the_query_as_written(make_app: MakeApp) -> None:
    text = PREFIXES + "SELECT * { ?m org:member ?s OPTIONAL { ?s rdfs:label ?l } ?m nope:x ?o }"
    response = make_app(MEMBERSHIPS).test_client().get("/sparql", query_string={"query": text})
    assert response.status_code == 400
    assert "nope" in response.get_data(as_text=True)


# -- the competency questions: the gold answers with rewriting on and off ---------------------


@pytest.fixture(scope="module")
def built(release: Path, settings: Settings) -> ox.Store:
    dataset = load_dataset(settings)
    assert dataset.release == release
    return dataset.store


def test_competency_questions_give_their_gold_answer_rewritten(built: ox.Store) -> None:
    assert QUERIES, "no competency questions found"
    rewritten = []
    for path in QUERIES:
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        if new == text:
            continue
        rewritten.append(path.stem)
        assert _rows(built, new) == _rows(built, text), path.name
        gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        expected = [{k: _norm(v) for k, v in row.items()} for row in gold["rows"]]
        actual = _rows(built, new)
        assert sorted(map(_key, actual)) == sorted(map(_key, expected)), path.name
    assert rewritten, "no competency question has a required pattern after an OPTIONAL"


def _rows(store: ox.Store, text: str) -> list[dict[str, str]]:
    result = store.query(text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{v: _show(row[v]) for v in names if row[v] is not None} for row in result]


def test_variants_of_every_catalogue_query_answer_the_same_rewritten(built: ox.Store) -> None:
    """Each query with an OPTIONAL, with one OPTIONAL written earlier in its group (each way):
    a query of its own, which must answer the same as written and as rewritten on the build."""
    paths = [
        *sorted((ROOT / "queries").glob("*.rq")),
        *sorted((ROOT / "queries" / "checks").glob("*.rq")),
        *sorted((ROOT / "bench" / "queries").glob("*.rq")),
    ]
    counts = Counter()
    for path in paths:
        for text in variants(path.read_text(encoding="utf-8")):
            counts["variants"] += 1
            new = rewrite(text)
            if new != text:
                counts["rewritten"] += 1
                assert _answer(built, new) == _answer(built, text), f"{path.name}:\n{text}"
            elif _answer(built, naive(text)) != _answer(built, text):
                counts["refused where a blind move changes the answer"] += 1
    assert counts["variants"] >= 100 and counts["rewritten"] >= 20, counts
    assert counts["refused where a blind move changes the answer"] >= 1, counts


def _answer(store: ox.Store, text: str) -> object:
    """As the endpoint runs it: the default prefixes known, nkg:label the label service."""
    try:
        result = store.query(
            text, prefixes=query_prefixes(), custom_functions=Labeller(store).functions()
        )
    except SyntaxError:  # a blind move may put a pattern before a BIND of its variable
        return "a syntax error"
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return names, Counter(tuple(str(row[n]) for n in names) for row in result)
    return Counter(str(t) for t in result)
