"""A mutation suite: faults generated from the real data, each of which every SHACL engine
(pyrudof, the build's, and pyshacl for the core constraints; Jena for the whole shapes file)
must report, the build's two engines with exactly the same results.

Each mutation takes real nodes of data/ (found by a query, so the suite follows the data),
breaks one thing (a wrong type, a wrong role, swapped dates, a dangling IRI, a missing
attestation, a duplicate membership...) and names the violation expected: focus, path and
constraint component. To stay fast, each mutation is validated on a slice of the data around
the mutated nodes (their triples to three hops) plus the ontology; the same slices without the
mutation, together, must not show any of the expected violations (so each is caused by its
mutation, not by the slicing). A quote that is not in its source is the build's quote check,
not SHACL's: it is tested against natokg.pipeline.quotes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.pipeline import parsing, quotes
from natokg.pipeline.shacl import ENGINES, load_shapes, validate
from natokg.pipeline.sources import discover
from tests.checkers import run_jena_shacl
from tests.conftest import ROOT
from tests.shapes.test_shapes import SHAPES, _expand, _term

NKG = "https://w3id.org/natokg/ontology#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
KG = "https://w3id.org/natokg/id/"
PREFIXES = f"""PREFIX nkg: <{NKG}> PREFIX org: <{ORG}> PREFIX time: <{TIME}> PREFIX prov: <{PROV}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
Term = ox.NamedNode | ox.BlankNode
Result = tuple[str, str, str]


def N(local: str) -> ox.NamedNode:  # noqa: N802 - a term constructor
    prefix, _, name = local.partition(":")
    return ox.NamedNode(
        {"nkg": NKG, "org": ORG, "time": TIME, "prov": PROV, "kg": KG}[prefix] + name
    )


@dataclass
class Mutation:
    name: str
    expect: Result  # focus, path, component (as test_shapes expands them)
    remove: list[ox.Triple] = field(default_factory=list)
    add: list[ox.Triple] = field(default_factory=list)
    seeds: list[Term] = field(default_factory=list)


# -- the real data ---------------------------------------------------------------------------


@dataclass
class Data:
    ontology: list[ox.Triple]
    triples: list[ox.Triple]
    store: ox.Store
    by_subject: dict[Term, list[ox.Triple]]

    def rows(self, query: str, limit: int) -> list[ox.QuerySolution]:
        return list(self.store.query(PREFIXES + query + f" LIMIT {limit}"))[:limit]

    def out(self, node: Term, predicate: ox.NamedNode) -> list[ox.Triple]:
        return [t for t in self.by_subject.get(node, ()) if t.predicate == predicate]

    def slice(self, seeds: list[Term], hops: int = 3) -> set[ox.Triple]:
        found: set[ox.Triple] = set()
        frontier, seen = list(seeds), set()
        for _ in range(hops):
            following = []
            for node in frontier:
                if node in seen:
                    continue
                seen.add(node)
                for t in self.by_subject.get(node, ()):
                    found.add(t)
                    if t.predicate != RDF_TYPE and isinstance(
                        t.object, ox.NamedNode | ox.BlankNode
                    ):
                        following.append(t.object)
            frontier = following
        return found


@pytest.fixture(scope="module")
def data() -> Data:
    sources = discover(ROOT, "https://w3id.org/natokg/")
    ontology, triples = [], []
    for source in sources.all:
        parsed = [
            ox.Triple(q.subject, q.predicate, q.object) for q in parsing.parse_file(source, ROOT)
        ]
        (ontology if source in sources.ontology else triples).extend(parsed)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    by_subject: dict[Term, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        by_subject[t.subject].append(t)
    return Data(ontology, triples, store, by_subject)


def _focus(term: Term) -> str:
    return "_:b" if isinstance(term, ox.BlankNode) else term.value


def T(s: Term, p: ox.NamedNode, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.Triple:  # noqa: N802
    return ox.Triple(s, p, o)


# -- the generators: each finds real nodes and breaks one thing -------------------------------

Generator = Callable[[Data], Iterator[Mutation]]
GENERATORS: list[Generator] = []


def generator(fn: Generator) -> Generator:
    GENERATORS.append(fn)
    return fn


@generator
def wrong_role_in_membership(d: Data) -> Iterator[Mutation]:
    for r in d.rows(
        "SELECT ?m WHERE { ?m a nkg:Membership ; org:role nkg:partnerRole } ORDER BY ?m", 3
    ):
        m = r["m"]
        yield Mutation(
            f"membership-with-host-role/{m.value}",
            (m.value, ORG + "role", SH + "ClassConstraintComponent"),
            d.out(m, N("org:role")),
            [T(m, N("org:role"), N("nkg:hostRole"))],
            [m],
        )


@generator
def wrong_role_in_participation(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?p WHERE { ?p a nkg:Participation } ORDER BY ?p", 3):
        p = r["p"]
        yield Mutation(
            f"participation-with-partner-role/{p.value}",
            (p.value, NKG + "participantRole", SH + "ClassConstraintComponent"),
            d.out(p, N("nkg:participantRole")),
            [T(p, N("nkg:participantRole"), N("nkg:partnerRole"))],
            [p],
        )


@generator
def participation_typed_membership(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?p WHERE { ?p a nkg:Participation } ORDER BY DESC(?p)", 3):
        p = r["p"]
        yield Mutation(
            f"participation-typed-membership/{p.value}",
            (p.value, ORG + "member", SH + "MinCountConstraintComponent"),
            [T(p, RDF_TYPE, N("nkg:Participation"))],
            [T(p, RDF_TYPE, N("nkg:Membership"))],
            [p],
        )


@generator
def member_is_a_place(d: Data) -> Iterator[Mutation]:
    city = d.rows("SELECT ?c WHERE { ?c a nkg:City } ORDER BY ?c", 1)[0]["c"]
    for r in d.rows(
        "SELECT ?m WHERE { ?m a nkg:Membership ; org:role nkg:allyRole } ORDER BY ?m", 2
    ):
        m = r["m"]
        yield Mutation(
            f"member-is-a-place/{m.value}",
            (m.value, ORG + "member", SH + "ClassConstraintComponent"),
            d.out(m, N("org:member")),
            [T(m, N("org:member"), city)],
            [m, city],
        )


@generator
def swapped_dates(d: Data) -> Iterator[Mutation]:
    rows = d.rows(
        """SELECT ?i ?b ?e WHERE {
            ?i time:hasBeginning ?b ; time:hasEnd ?e .
            ?b time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?bv .
            ?e time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?ev .
            FILTER (SUBSTR(STR(?bv), 1, 4) < SUBSTR(STR(?ev), 1, 4))
        } ORDER BY ?bv ?ev""",
        3,
    )
    for r in rows:
        i, b, e = r["i"], r["b"], r["e"]
        yield Mutation(
            f"swapped-dates/{_focus(i)}-{len(rows)}-{b}",
            (_focus(i), TIME + "hasEnd", SH + "SPARQLConstraintComponent"),
            [T(i, N("time:hasBeginning"), b), T(i, N("time:hasEnd"), e)],
            [T(i, N("time:hasBeginning"), e), T(i, N("time:hasEnd"), b)],
            [i],
        )


@generator
def dangling_organisation(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?m WHERE { ?m a nkg:Membership } ORDER BY DESC(?m)", 3):
        m = r["m"]
        yield Mutation(
            f"dangling-organisation/{m.value}",
            (m.value, ORG + "organization", SH + "ClassConstraintComponent"),
            d.out(m, N("org:organization")),
            [T(m, N("org:organization"), N("kg:no-such-organisation"))],
            [m],
        )


@generator
def dangling_event(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?p WHERE { ?p a nkg:Participation } ORDER BY ?p OFFSET 10", 2):
        p = r["p"]
        yield Mutation(
            f"dangling-event/{p.value}",
            (p.value, NKG + "participationIn", SH + "OrConstraintComponent"),
            d.out(p, N("nkg:participationIn")),
            [T(p, N("nkg:participationIn"), N("kg:no-such-event"))],
            [p],
        )


@generator
def missing_attestation(d: Data) -> Iterator[Mutation]:
    for cls in ("nkg:Visit", "nkg:Membership", "nkg:Figure", "nkg:Statement"):
        for r in d.rows(f"SELECT ?x WHERE {{ ?x a {cls} ; nkg:attestedBy ?a }} ORDER BY ?x", 1):
            x = r["x"]
            yield Mutation(
                f"missing-attestation/{x.value}",
                (x.value, NKG + "attestedBy", SH + "MinCountConstraintComponent"),
                d.out(x, N("nkg:attestedBy")),
                [],
                [x],
            )


@generator
def duplicate_membership(d: Data) -> Iterator[Mutation]:
    rows = d.rows(
        "SELECT ?m ?member ?org ?role ?a WHERE { ?m a nkg:Membership ; org:member ?member ;"
        " org:organization ?org ; org:role ?role ; nkg:attestedBy ?a } ORDER BY ?m",
        60,
    )
    for r in rows[::20]:
        m = r["m"]
        copy = ox.NamedNode(m.value + "-again")
        yield Mutation(
            f"duplicate-membership/{m.value}",
            (m.value, ORG + "member", SH + "SPARQLConstraintComponent"),
            [],
            [
                T(copy, RDF_TYPE, N("nkg:Membership")),
                T(copy, N("org:member"), r["member"]),
                T(copy, N("org:organization"), r["org"]),
                T(copy, N("org:role"), r["role"]),
                T(copy, N("nkg:attestedBy"), r["a"]),
            ],
            [m],
        )


@generator
def year_as_integer(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?i ?y WHERE { ?i time:inXSDgYear ?y } ORDER BY ?y", 2):
        i, y = r["i"], r["y"]
        yield Mutation(
            f"year-as-integer/{y.value}",
            (_focus(i), TIME + "inXSDgYear", SH + "DatatypeConstraintComponent"),
            [T(i, N("time:inXSDgYear"), y)],
            [T(i, N("time:inXSDgYear"), ox.Literal(y.value, datatype=ox.NamedNode(XSD_INTEGER)))],
            [i],
        )


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


@generator
def two_precisions(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?i ?y WHERE { ?i time:inXSDgYear ?y } ORDER BY DESC(?y)", 2):
        i, y = r["i"], r["y"]
        yield Mutation(
            f"two-precisions/{y.value}",
            (_focus(i), "-", SH + "XoneConstraintComponent"),
            [],
            [
                T(
                    i,
                    N("time:inXSDDate"),
                    ox.Literal(f"{y.value}-01-01", datatype=ox.NamedNode(XSD_DATE)),
                )
            ],
            [i],
        )


@generator
def missing_french_label(d: Data) -> Iterator[Mutation]:
    for cls in ("nkg:Summit", "nkg:Programme", "nkg:City"):
        for r in d.rows(f"SELECT ?x WHERE {{ ?x a {cls} }} ORDER BY ?x", 1):
            x = r["x"]
            french = [
                t
                for t in d.out(x, RDFS_LABEL)
                if isinstance(t.object, ox.Literal) and t.object.language == "fr"
            ]
            yield Mutation(
                f"missing-french-label/{x.value}",
                (x.value, RDFS_LABEL.value, SH + "QualifiedMinCountConstraintComponent"),
                french,
                [],
                [x],
            )


@generator
def ally_at_a_framework(d: Data) -> Iterator[Mutation]:
    framework = d.rows("SELECT ?f WHERE { ?f a nkg:PartnershipFramework } ORDER BY ?f", 1)[0]["f"]
    for r in d.rows("SELECT ?m WHERE { ?m org:role nkg:allyRole } ORDER BY DESC(?m)", 2):
        m = r["m"]
        yield Mutation(
            f"ally-at-a-framework/{m.value}",
            (m.value, "-", SH + "OrConstraintComponent"),
            d.out(m, N("org:organization")),
            [T(m, N("org:organization"), framework)],
            [m, framework],
        )


@generator
def ally_still_partner(d: Data) -> Iterator[Mutation]:
    rows = d.rows(
        """SELECT ?m ?i ?e ?ally WHERE {
            ?m org:role nkg:partnerRole ; org:member ?s ; org:memberDuring ?i . ?i time:hasEnd ?e .
            ?ally org:member ?s ; org:role nkg:allyRole .
        } ORDER BY ?m""",
        3,
    )
    for r in rows:
        m = r["m"]
        yield Mutation(
            f"ally-still-partner/{m.value}",
            (m.value, "-", SH + "OrConstraintComponent"),
            [T(r["i"], N("time:hasEnd"), r["e"])],
            [],
            [m, r["ally"]],
        )


@generator
def figure_without_qualifier(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?f WHERE { ?f a nkg:Figure } ORDER BY ?f", 2):
        f = r["f"]
        yield Mutation(
            f"figure-without-qualifier/{f.value}",
            (f.value, NKG + "qualifier", SH + "MinCountConstraintComponent"),
            d.out(f, N("nkg:qualifier")),
            [],
            [f],
        )


@generator
def statement_without_author(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?s WHERE { ?s a nkg:Statement } ORDER BY ?s", 2):
        s = r["s"]
        yield Mutation(
            f"statement-without-author/{s.value}",
            (s.value, NKG + "statedBy", SH + "MinCountConstraintComponent"),
            d.out(s, N("nkg:statedBy")),
            [],
            [s],
        )


@generator
def sequence_clash(d: Data) -> Iterator[Mutation]:
    rows = d.rows(
        """SELECT ?e ?n ?parent ?first WHERE {
            ?e nkg:subEventOf ?parent ; nkg:sequence ?n . FILTER (STR(?n) = "2")
            ?first nkg:subEventOf ?parent ; nkg:sequence ?one . FILTER (STR(?one) = "1")
        } ORDER BY ?e""",
        2,
    )
    for r in rows:
        e = r["e"]
        one = ox.Literal("1", datatype=r["n"].datatype)
        yield Mutation(
            f"sequence-clash/{e.value}",
            (e.value, NKG + "sequence", SH + "SPARQLConstraintComponent"),
            [T(e, N("nkg:sequence"), r["n"])],
            [T(e, N("nkg:sequence"), one)],
            [e, r["first"]],
        )


@generator
def evidence_not_an_attestation(d: Data) -> Iterator[Mutation]:
    rows = d.rows("SELECT ?ax ?q WHERE { ?ax a owl:Axiom ; nkg:evidence ?q } ORDER BY ?q", 2)
    for r in rows:
        ax = r["ax"]
        yield Mutation(
            f"evidence-not-an-attestation/{r['q'].value}",
            (_focus(ax), NKG + "evidence", SH + "ClassConstraintComponent"),
            [T(ax, N("nkg:evidence"), r["q"])],
            [T(ax, N("nkg:evidence"), N("kg:pakistan"))],
            [ax, N("kg:pakistan")],
        )


@generator
def participant_is_a_place(d: Data) -> Iterator[Mutation]:
    city = d.rows("SELECT ?c WHERE { ?c a nkg:City } ORDER BY DESC(?c)", 1)[0]["c"]
    for r in d.rows("SELECT ?p WHERE { ?p a nkg:Participation } ORDER BY ?p OFFSET 20", 2):
        p = r["p"]
        yield Mutation(
            f"participant-is-a-place/{p.value}",
            (p.value, NKG + "participant", SH + "ClassConstraintComponent"),
            d.out(p, N("nkg:participant")),
            [T(p, N("nkg:participant"), city)],
            [p, city],
        )


@generator
def event_place_is_a_state(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?e WHERE { ?e a nkg:Visit ; nkg:place ?pl } ORDER BY ?e", 2):
        e = r["e"]
        yield Mutation(
            f"event-place-is-a-state/{e.value}",
            (e.value, NKG + "place", SH + "ClassConstraintComponent"),
            d.out(e, N("nkg:place")),
            [T(e, N("nkg:place"), N("kg:pakistan"))],
            [e, N("kg:pakistan")],
        )


@generator
def joint_body_with_one_party(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?j WHERE { ?j a nkg:JointBody } ORDER BY ?j", 2):
        j = r["j"]
        yield Mutation(
            f"joint-body-with-one-party/{j.value}",
            (j.value, NKG + "involves", SH + "MinCountConstraintComponent"),
            d.out(j, N("nkg:involves"))[1:],
            [],
            [j],
        )


@generator
def outcome_as_text(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?e ?o WHERE { ?e nkg:outcome ?o } ORDER BY ?e", 1):
        e = r["e"]
        yield Mutation(
            f"outcome-as-text/{e.value}",
            (e.value, NKG + "outcome", SH + "OrConstraintComponent"),
            [T(e, N("nkg:outcome"), r["o"])],
            [T(e, N("nkg:outcome"), ox.Literal("a partnership", language="en"))],
            [e],
        )


@generator
def conflict_with_a_state(d: Data) -> Iterator[Mutation]:
    for r in d.rows("SELECT ?a WHERE { ?a nkg:conflictsWith ?b } ORDER BY ?a", 1):
        a = r["a"]
        yield Mutation(
            f"conflict-with-a-state/{a.value}",
            (a.value, NKG + "conflictsWith", SH + "ClassConstraintComponent"),
            [],
            [T(a, N("nkg:conflictsWith"), N("kg:pakistan"))],
            [a, N("kg:pakistan")],
        )


@generator
def objective_is_an_area(d: Data) -> Iterator[Mutation]:
    area = d.rows("SELECT ?c WHERE { ?c a nkg:CooperationArea } ORDER BY ?c", 1)[0]["c"]
    for r in d.rows("SELECT ?x ?o WHERE { ?x nkg:objective ?o } ORDER BY ?x", 1):
        x = r["x"]
        yield Mutation(
            f"objective-is-an-area/{x.value}",
            (x.value, NKG + "objective", SH + "ClassConstraintComponent"),
            [T(x, N("nkg:objective"), r["o"])],
            [T(x, N("nkg:objective"), area)],
            [x, area],
        )


# -- running them ---------------------------------------------------------------------------


@dataclass
class Suite:
    mutations: list[Mutation]
    graphs: dict[str, list[ox.Triple]]  # "baseline" and each mutation's name -> data triples


@pytest.fixture(scope="module")
def suite(data: Data) -> Suite:
    mutations = []
    for generate in GENERATORS:
        for n, m in enumerate(generate(data), start=1):
            m.name = f"{m.name.split('/')[0]}/{n}"  # unique and short (the node is in m.expect)
            mutations.append(m)
    graphs: dict[str, list[ox.Triple]] = {}
    baseline: set[ox.Triple] = set()
    for m in mutations:
        seeds = m.seeds + [t.object for t in m.add if not isinstance(t.object, ox.Literal)]
        unmutated = data.slice(seeds)
        baseline |= unmutated
        graphs[m.name] = sorted((unmutated - set(m.remove)) | set(m.add), key=lambda t: str(t))
    graphs["baseline"] = sorted(baseline, key=str)
    return Suite(mutations, graphs)


def test_at_least_forty_mutations_of_every_kind(suite: Suite) -> None:
    assert len(suite.mutations) >= 40
    kinds = {m.name.split("/")[0] for m in suite.mutations}
    assert len(kinds) == len(GENERATORS), f"generators that found no real node: {kinds}"
    assert len({m.name for m in suite.mutations}) == len(suite.mutations)


@pytest.fixture(scope="module")
def engine_results(data: Data, suite: Suite) -> dict[str, dict[str, set[Result]]]:
    """Each core engine of the build (natokg.pipeline.shacl.ENGINES): name -> results."""
    shapes = load_shapes(SHAPES)
    results: dict[str, dict[str, set[Result]]] = {engine: {} for engine in ENGINES}
    for name, triples in suite.graphs.items():
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in data.ontology + triples]
        for engine in ENGINES:
            results[engine][name] = {
                (_term(v.focus), _term(v.path), v.component)
                for v in validate(quads, shapes, engine=engine)
            }
    return results


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_catches_every_mutation(
    suite: Suite, engine_results: dict[str, dict[str, set[Result]]], engine: str
) -> None:
    _assert_caught(suite, engine_results[engine])


def test_engines_agree_on_every_mutation(
    engine_results: dict[str, dict[str, set[Result]]],
) -> None:
    first, *others = ENGINES
    for engine in others:
        assert engine_results[engine] == engine_results[first]


def jena_shacl(
    shapes: Path, graphs: dict[str, list[ox.Quad]], workdir: Path
) -> dict[str, set[Result]]:
    """Validate each named set of quads with Jena SHACL: name -> (focus, path, component)."""
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(f"urn:fixture:{name}"))
        for name, graph in graphs.items()
        for q in graph
    ]
    trig = workdir / "mutations.trig"
    ox.serialize(quads, str(trig), ox.RdfFormat.TRIG)
    report = run_jena_shacl(shapes, [trig], per_graph=True)
    assert report.loaded, report
    results: dict[str, set[Result]] = {g.removeprefix("urn:fixture:"): set() for g in report.graphs}
    for r in report.results:
        path = _expand(r.path) if r.path != "-" else "-"
        results[r.graph.removeprefix("urn:fixture:")].add(
            (_expand(r.focus), path, _expand(r.component))
        )
    assert set(results) == set(graphs), report
    return results


@pytest.mark.java
def test_jena_catches_every_mutation(
    data: Data, suite: Suite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    graphs = {
        re.sub(r"[^A-Za-z0-9-]", "_", name): [
            ox.Quad(t.subject, t.predicate, t.object) for t in data.ontology + triples
        ]
        for name, triples in suite.graphs.items()
    }
    results = jena_shacl(SHAPES, graphs, tmp_path_factory.mktemp("mutations"))
    renamed = {name: results[re.sub(r"[^A-Za-z0-9-]", "_", name)] for name in suite.graphs}
    _assert_caught(suite, renamed)


def _assert_caught(suite: Suite, results: dict[str, set[Result]]) -> None:
    missed = [m.name for m in suite.mutations if m.expect not in results[m.name]]
    not_caused = [m.name for m in suite.mutations if m.expect in results["baseline"]]
    assert missed == [], f"{len(missed)} of {len(suite.mutations)} mutations not caught"
    assert not_caused == [], "the unmutated slices already show these violations"


def test_the_build_catches_a_quote_not_in_its_source(data: Data) -> None:
    rows = data.rows(
        "SELECT ?a ?v WHERE { ?a prov:wasQuotedFrom ?d ; prov:value ?v } ORDER BY ?a", 200
    )
    picked = rows[::50]
    assert len(picked) >= 3
    sources = ROOT / "data" / "sources"
    for row in picked:
        store = ox.Store()
        store.extend(
            ox.Quad(t.subject, t.predicate, t.object) for t in data.ontology + data.triples
        )
        assert quotes.check_quotes(store, sources).problems == ()
        store.remove(ox.Quad(row["a"], N("prov:value"), row["v"]))
        changed = (
            row["v"].value.replace(" ", "  ", 1) if " " in row["v"].value else row["v"].value + "."
        )
        store.add(
            ox.Quad(row["a"], N("prov:value"), ox.Literal(changed, language=row["v"].language))
        )
        problems = quotes.check_quotes(store, sources).problems
        assert [p.attestation for p in problems] == [row["a"].value]
