"""Provenance per statement: which attestation(s) each single triple of the data rests on.

The build materialises, into the named graph ``graph/provenance``, one OWL 2 annotated axiom per
factual triple of the document and reference graphs whose evidence the data files do not already
write as an annotation (over the union of the graphs, every statement has its evidence once)::

    <…/.well-known/genid/evidence-…> a owl:Axiom ;
        owl:annotatedSource s ; owl:annotatedProperty p ; owl:annotatedTarget o ;
        nkg:evidence kg:q-… .

so that one query pattern gives the sentences behind any triple (see data/README.md, "Provenance
of a single statement"). The evidence of a triple ``s p o`` in a graph is, in this order:

1. the attestations its authors wrote on it, ``s p o {| nkg:evidence q |}`` (already OWL 2
   axioms when parsed, see :mod:`natokg.pipeline.axioms`);
2. else the subject's attestation, when ``s`` has exactly one ``nkg:attestedBy`` in that graph;
3. else, when ``s`` is an unnamed structure node (an interval, instant or figure written
   ``[ … ]``, skolemised under ``.well-known/genid/``), the evidence of the triples that link to
   it.

Triples that name, describe or source a node (:data:`EXEMPT`), the triples of attestations and
of annotated axioms are not statements of fact and get no axiom. A document triple whose
evidence cannot be resolved, or whose subject has several attestations and no annotation,
is a problem (:func:`problems`), reported by the build.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from natokg.namespaces import NKG, RDF, RDFS, SKOS, graph_namespace
from natokg.pipeline.axioms import AXIOM, PROPERTY, SOURCE, TARGET, TYPE
from natokg.pipeline.skolem import genid_namespace

EVIDENCE = ox.NamedNode(NKG + "evidence")
ATTESTED_BY = ox.NamedNode(NKG + "attestedBy")
ATTESTATION = ox.NamedNode(NKG + "Attestation")

#: predicates whose triples need no evidence of their own: they name, describe or source a node
EXEMPT = frozenset(
    ox.NamedNode(iri)
    for iri in (
        RDF + "type",
        RDFS + "label",
        SKOS + "altLabel",
        SKOS + "prefLabel",
        SKOS + "note",
        SKOS + "definition",
        NKG + "acronym",
        NKG + "attestedBy",
    )
)
#: the graphs whose triples get evidence: what the documents state, and the reference layer
SOURCE_GRAPHS = ("documents/", "reference/")
#: the graphs whose unresolved triples are problems (the reference layer cites per node)
CHECKED_GRAPHS = ("documents/",)

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Key = tuple[ox.NamedNode, ox.NamedNode, Term]


#: The sentences (quotes) a single statement ``?s ?p ?o`` rests on: bind the three variables
#: (``VALUES`` or constants) and run it on the dataset. Reference citations have no quote: drop
#: the last pattern and read ``?evidence`` to get them too.
SENTENCES_QUERY = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nkg: <https://w3id.org/natokg/ontology#>
SELECT DISTINCT ?evidence ?sentence WHERE {
  ?axiom owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o ;
    nkg:evidence ?evidence .
  ?evidence prov:value ?sentence .
}"""


def provenance_graph(base: str) -> str:
    return graph_namespace(base) + "provenance"


@dataclass
class Resolution:
    """The evidence found for each factual triple, and the triples without any."""

    evidence: dict[Key, set[ox.NamedNode]] = field(default_factory=lambda: defaultdict(set))
    #: the part of it the data files already write as annotated axioms
    annotated: dict[Key, set[ox.NamedNode]] = field(default_factory=lambda: defaultdict(set))
    #: (graph, triple, why) for each document triple whose evidence is missing or ambiguous
    unresolved: list[tuple[str, Key, str]] = field(default_factory=list)


def resolve(store: ox.Store, base: str) -> Resolution:
    """The evidence of every factual triple of the document and reference graphs of ``store``."""
    result = Resolution()
    namespace = graph_namespace(base)
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        local = graph.value.removeprefix(namespace)
        if graph.value == local or not local.startswith(SOURCE_GRAPHS):
            continue
        checked = local.startswith(CHECKED_GRAPHS)
        for key, found, why, written in _resolve_graph(
            store.quads_for_pattern(None, None, None, graph), base
        ):
            if written:
                result.annotated[key].update(found)
            if found:
                result.evidence[key].update(found)
            elif checked:
                result.unresolved.append((local, key, why))
    return result


def _resolve_graph(
    quads: Iterable[ox.Quad], base: str
) -> Iterable[tuple[Key, set[ox.NamedNode], str, bool]]:
    triples: list[Key] = []
    annotated: dict[Key, set[ox.NamedNode]] = defaultdict(set)
    attested: dict[Term, set[ox.NamedNode]] = defaultdict(set)
    incoming: dict[Term, list[Key]] = defaultdict(list)
    parts: dict[Term, dict[ox.NamedNode, Term]] = defaultdict(dict)
    notes: dict[Term, set[ox.NamedNode]] = defaultdict(set)
    skip: set[Term] = set()
    for q in quads:
        key = (q.subject, q.predicate, q.object)
        if q.predicate == TYPE and q.object in (AXIOM, ATTESTATION):
            skip.add(q.subject)
        elif q.predicate in (SOURCE, PROPERTY, TARGET):
            parts[q.subject][q.predicate] = q.object
        elif q.predicate == EVIDENCE:
            notes[q.subject].add(q.object)  # type: ignore[arg-type]
        elif q.predicate == ATTESTED_BY:
            attested[q.subject].add(q.object)  # type: ignore[arg-type]
        if isinstance(q.object, ox.NamedNode):
            incoming[q.object].append(key)  # type: ignore[arg-type]
        triples.append(key)  # type: ignore[arg-type]
    for node, found in notes.items():
        axiom = parts.get(node, {})
        if {SOURCE, PROPERTY, TARGET} <= axiom.keys():
            annotated[(axiom[SOURCE], axiom[PROPERTY], axiom[TARGET])] |= found  # type: ignore[index]
    genid = genid_namespace(base)
    memo: dict[Key, tuple[set[ox.NamedNode], str]] = {}

    def evidence(key: Key, path: frozenset) -> tuple[set[ox.NamedNode], str]:
        if key in memo:
            return memo[key]
        subject = key[0]
        if annotated.get(key):
            found, why = annotated[key], ""
        elif len(attested.get(subject, ())) == 1:
            found, why = attested[subject], ""
        elif attested.get(subject):
            found, why = (
                set(),
                f"{len(attested[subject])} attestations on the subject, no annotation",
            )
        elif subject.value.startswith(genid) and subject not in path:
            found, reasons = set(), []
            for parent in incoming.get(subject, ()):
                if parent[0] in skip:
                    continue
                more, why = evidence(parent, path | {subject})
                found |= more
                reasons.append(why)
            why = "" if found else (reasons[0] if reasons else "an unnamed node nothing links to")
            if not found and reasons:
                why = f"unnamed node under a statement without evidence ({why})"
        else:
            found, why = set(), "no attestation on the subject and no annotation"
        if not path:
            memo[key] = (found, why)
        return found, why

    for key in triples:
        if key[1] in EXEMPT or key[0] in skip or key[1] in (SOURCE, PROPERTY, TARGET, EVIDENCE):
            continue
        found, why = evidence(key, frozenset())
        yield key, found, why, bool(annotated.get(key))


def axiom_quads(resolution: Resolution, base: str) -> list[ox.Quad]:
    """One annotated axiom per triple with evidence, in ``graph/provenance`` — with only the
    evidence its data files do not already write as an annotation, so that over the union of
    the graphs each (statement, evidence) pair is found once."""
    graph = ox.NamedNode(provenance_graph(base))
    prefix = genid_namespace(base) + "evidence-"
    quads: list[ox.Quad] = []
    for key, found in resolution.evidence.items():
        attestations = found - resolution.annotated.get(key, set())
        if not attestations:
            continue
        s, p, o = key
        digest = hashlib.sha256(f"{s} {p} {o}".encode()).hexdigest()[:20]
        axiom = ox.NamedNode(prefix + digest)
        quads += (
            ox.Quad(axiom, TYPE, AXIOM, graph),
            ox.Quad(axiom, SOURCE, s, graph),
            ox.Quad(axiom, PROPERTY, p, graph),
            ox.Quad(axiom, TARGET, o, graph),
        )
        quads += (ox.Quad(axiom, EVIDENCE, a, graph) for a in sorted(attestations, key=str))
    return quads


def problems(resolution: Resolution) -> list[str]:
    """One line per document triple without resolvable evidence."""
    return [
        f"no evidence for {_short(s)} {_short(p)} {_short(o)} in graph/{graph}: {why}"
        for graph, (s, p, o), why in resolution.unresolved
    ]


def materialise(store: ox.Store, base: str) -> tuple[int, list[str]]:
    """Add ``graph/provenance`` to ``store``; the number of axioms and the problems."""
    resolution = resolve(store, base)
    store.extend(axiom_quads(resolution, base))
    return len(resolution.evidence), problems(resolution)


def _short(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        value = term.value
        for cut in ("/id/", "#", "/.well-known/genid/"):
            if cut in value:
                return ("_:" if "genid" in cut else "") + value.rsplit(cut, 1)[1]
        return f"<{value}>"
    return str(term)[:60]
