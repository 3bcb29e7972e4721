"""Materialise the inferences a SPARQL user needs without a reasoner, into their own graph.

The rules are read from the ontology itself, so they follow it when it changes:
class and property hierarchies (with the named domains and ranges), inverse, symmetric and
transitive properties, property chains, the defined classes (owl:equivalentClass built from
intersections, unions, someValuesFrom, hasValue and oneOf), and the date shortcuts
(nkg:date, nkg:startDate, nkg:endDate and their years) that save walking OWL-Time nodes, which
carry only the preferred value where sources disagree (nkg:preference), and nkg:involvesState.
Rules run as SPARQL over pyoxigraph until nothing new comes out. HermiT (see
:mod:`natokg.pipeline.reasoning`) checks the same ontology; a test compares both on the data.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib import OWL, RDF, RDFS
from rdflib.collection import Collection

from natokg.namespaces import NKG, ORG, TIME, XSD

_INSTANT_VALUE = f"(<{TIME}inXSDDate>|<{TIME}inXSDgYearMonth>|<{TIME}inXSDgYear>)"


def preferred(instant: str, interval: str, link: str) -> str:
    """A filter keeping ``instant`` (reached from ``interval`` by ``link``) only when it is the
    value to prefer: marked nkg:preferredValue, or, when none of its siblings is, not marked
    nkg:otherValue. Conflicting values stay in the data; the shortcuts carry the preferred one."""
    return f"""FILTER(EXISTS {{ {instant} <{NKG}preference> <{NKG}preferredValue> }} || (
        NOT EXISTS {{ {instant} <{NKG}preference> <{NKG}otherValue> }} &&
        NOT EXISTS {{ {interval} {link} ?sibling .
            ?sibling <{NKG}preference> <{NKG}preferredValue> }}))"""


DATE_RULES = {
    "instant date": f"""CONSTRUCT {{ ?i <{NKG}date> ?d }} WHERE {{
        ?i a <{TIME}Instant> ; {_INSTANT_VALUE} ?d }}""",
    "date": f"""CONSTRUCT {{ ?x <{NKG}date> ?d }} WHERE {{
        ?x <{TIME}hasTime> ?t . ?t {_INSTANT_VALUE} ?d .
        {preferred("?t", "?x", f"<{TIME}hasTime>")} }}""",
    "start date": f"""CONSTRUCT {{ ?x <{NKG}startDate> ?d . ?x ?dateOf ?d }} WHERE {{
        ?x ?during ?t . VALUES (?during ?dateOf) {{
            (<{TIME}hasTime> <{NKG}date>) (<{ORG}memberDuring> <{NKG}startDate>) }}
        ?t <{TIME}hasBeginning> ?b . ?b {_INSTANT_VALUE} ?d .
        {preferred("?b", "?t", f"<{TIME}hasBeginning>")} }}""",
    "end date": f"""CONSTRUCT {{ ?x <{NKG}endDate> ?d }} WHERE {{
        ?x <{TIME}hasTime>|<{ORG}memberDuring> ?t .
        ?t <{TIME}hasEnd> ?e . ?e {_INSTANT_VALUE} ?d .
        {preferred("?e", "?t", f"<{TIME}hasEnd>")} }}""",
    "years": f"""CONSTRUCT {{ ?x ?yearProperty ?year }} WHERE {{
        ?x ?dateProperty ?d .
        VALUES (?dateProperty ?yearProperty) {{ (<{NKG}date> <{NKG}year>)
            (<{NKG}startDate> <{NKG}startYear>) (<{NKG}endDate> <{NKG}endYear>) }}
        BIND(<{XSD}integer>(SUBSTR(STR(?d), 1, 4)) AS ?year) }}""",
}


def involvement_rules() -> list[tuple[str, str]]:
    """nkg:involvesState, event → state: the state took part itself, a participation was on its
    behalf, or a participant (person or group) came from it (nkg:fromState).

    Written as rules rather than read from a property chain: ``nkg:hasParticipationRecord ∘
    nkg:onBehalfOf`` would also reach organisations (participations on behalf of NATO), which
    the range of nkg:involvesState would then make states; each rule checks the state is one."""
    event = f"?e a <{NKG}Event> . ?p <{NKG}participationIn> ?e ."
    state = f"?s a <{NKG}State> ."
    head = f"CONSTRUCT {{ ?e <{NKG}involvesState> ?s }} WHERE {{ {event}"
    return [
        ("involves state: participant", f"{head} ?p <{NKG}participant> ?s . {state} }}"),
        ("involves state: on behalf of", f"{head} ?p <{NKG}onBehalfOf> ?s . {state} }}"),
        (
            "involves state: participant from",
            f"{head} ?p <{NKG}participant> ?a . ?a <{NKG}fromState> ?s . {state} }}",
        ),
    ]


@dataclass(frozen=True)
class InferenceReport:
    added: int
    rounds: int
    by_rule: dict[str, int]
    skipped: tuple[str, ...]  # class expressions the rule compiler does not support


class UnsupportedExpression(Exception):
    pass


def materialise(
    store: ox.Store, ontology: rdflib.Graph, inferred_graph: str, max_rounds: int = 12
) -> InferenceReport:
    """Add to ``inferred_graph`` in ``store`` every triple the rules derive and the store lacks."""
    rules, skipped = compile_rules(ontology)
    target = ox.NamedNode(inferred_graph)
    by_rule: Counter[str] = Counter()
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        new: list[ox.Quad] = []
        seen: set[tuple] = set()
        for name, query in rules:
            for triple in store.query(query, use_default_graph_as_union=True):
                key = (triple.subject, triple.predicate, triple.object)
                if key in seen or _present(store, triple):
                    continue
                seen.add(key)
                new.append(ox.Quad(triple.subject, triple.predicate, triple.object, target))
                by_rule[name] += 1
        if not new:
            break
        store.extend(new)
    return InferenceReport(sum(by_rule.values()), rounds, dict(by_rule), tuple(skipped))


def _present(store: ox.Store, triple: ox.Triple) -> bool:
    return (
        next(store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None), None)
        is not None
    )


# -- rule compilation -----------------------------------------------------------------------


def compile_rules(onto: rdflib.Graph) -> tuple[list[tuple[str, str]], list[str]]:
    rules: list[tuple[str, str]] = []
    skipped: list[str] = []

    supers = _closure(_named_pairs(onto, RDFS.subClassOf))
    for defined, expression in onto.subject_objects(OWL.equivalentClass):
        if isinstance(defined, rdflib.URIRef) and isinstance(expression, rdflib.BNode):
            for member in _named_conjuncts(onto, expression):
                supers[defined].add(member)
    supers = _closure([(c, d) for c, ds in supers.items() for d in ds])
    class_pairs = [(c, d) for c, ds in supers.items() for d in ds if d != OWL.Thing]
    if class_pairs:
        rules.append(
            (
                "class hierarchy",
                "CONSTRUCT { ?x a ?d } WHERE { ?x a ?c . VALUES (?c ?d) { "
                + _values(class_pairs)
                + " } }",
            )
        )

    prop_pairs = [
        (p, q) for p, qs in _closure(_named_pairs(onto, RDFS.subPropertyOf)).items() for q in qs
    ]
    if prop_pairs:
        rules.append(
            (
                "property hierarchy",
                "CONSTRUCT { ?x ?q ?y } WHERE { ?x ?p ?y . VALUES (?p ?q) { "
                + _values(prop_pairs)
                + " } }",
            )
        )

    inverse_pairs = []
    for p, q in _named_pairs(onto, OWL.inverseOf):
        inverse_pairs += [(p, q), (q, p)]
    inverse_pairs += [
        (p, p)
        for p in onto.subjects(RDF.type, OWL.SymmetricProperty)
        if isinstance(p, rdflib.URIRef)
    ]
    if inverse_pairs:
        rules.append(
            (
                "inverse and symmetric properties",
                "CONSTRUCT { ?y ?q ?x } WHERE { ?x ?p ?y . FILTER(!isLiteral(?y)) VALUES (?p ?q) { "
                + _values(sorted(set(inverse_pairs)))
                + " } }",
            )
        )

    for p in sorted(onto.subjects(RDF.type, OWL.TransitiveProperty)):
        if isinstance(p, rdflib.URIRef):
            rules.append(
                (f"transitive {_local(p)}", f"CONSTRUCT {{ ?x <{p}> ?y }} WHERE {{ ?x <{p}>+ ?y }}")
            )

    for p, chain in sorted(onto.subject_objects(OWL.propertyChainAxiom)):
        steps = list(Collection(onto, chain))
        if not all(isinstance(s, rdflib.URIRef) for s in steps):
            skipped.append(f"property chain of {p}")
            continue
        path = "/".join(f"<{s}>" for s in steps)
        rules.append(
            (f"chain {_local(p)}", f"CONSTRUCT {{ ?x <{p}> ?y }} WHERE {{ ?x {path} ?y }}")
        )

    for prop, kind in ((RDFS.domain, "domain"), (RDFS.range, "range")):
        pairs = [
            (p, c) for p, c in _named_pairs(onto, prop) if (p, RDF.type, OWL.ObjectProperty) in onto
        ]
        if pairs:
            subject, obj = ("?x", "?y") if kind == "domain" else ("?y", "?x")
            rules.append(
                (
                    f"named {kind}s",
                    f"CONSTRUCT {{ {subject} a ?c }} WHERE {{ ?x ?p ?y . "
                    f"FILTER(!isLiteral(?y)) VALUES (?p ?c) {{ {_values(pairs)} }} }}",
                )
            )

    counter = itertools.count()
    for defined, expression in sorted(onto.subject_objects(OWL.equivalentClass)):
        if not isinstance(defined, rdflib.URIRef) or isinstance(expression, rdflib.URIRef):
            continue
        try:
            pattern = _pattern(onto, expression, "?x", counter)
        except UnsupportedExpression as exc:
            skipped.append(f"{defined}: {exc}")
            continue
        rules.append(
            (
                f"defined class {_local(defined)}",
                f"CONSTRUCT {{ ?x a <{defined}> }} WHERE {{ {pattern} }}",
            )
        )

    rules += list(DATE_RULES.items())
    rules += involvement_rules()
    rules += _self_rules(onto)
    rules += list(CLOSED_WORLD_RULES.items())
    return rules, skipped


# -- time-aware classes and the organiser shortcut (issue 13) -------------------------------

#: The one closed-world rule: OWL cannot conclude "no end" from an absent end (open world), so
#: the build asserts nkg:CurrentMembership for every membership whose interval states no end,
#: and the OWL definitions of the ontology (nkg:PartnerCountry...) do the rest. Documented in
#: the ontology's section "Sound axioms".
CLOSED_WORLD_RULES = {
    "current memberships": f"""CONSTRUCT {{ ?m a <{NKG}CurrentMembership> }} WHERE {{
        ?m a <{NKG}Membership> .
        FILTER NOT EXISTS {{ ?m <{ORG}memberDuring>/<{TIME}hasEnd> ?end }} }}""",
}


def _self_rules(onto: rdflib.Graph) -> list[tuple[str, str]]:
    """``C ⊑ ∃p.Self`` (owl:hasSelf): every instance of C gets ``x p x``.

    It lets a property chain go through a class (the organiser shortcut: nkg:organisedBy is
    inferred through nkg:organiserParticipationSelf from organisers' and hosts' participations).
    """
    rules = []
    for cls, restriction in sorted(
        [*onto.subject_objects(RDFS.subClassOf), *onto.subject_objects(OWL.equivalentClass)]
    ):
        prop = onto.value(restriction, OWL.onProperty)
        self_ = onto.value(restriction, OWL.hasSelf)
        if isinstance(cls, rdflib.URIRef) and isinstance(prop, rdflib.URIRef) and self_:
            if self_.toPython() is True:
                rules.append(
                    (
                        f"self {_local(prop)}",
                        f"CONSTRUCT {{ ?x <{prop}> ?x }} WHERE {{ ?x a <{cls}> }}",
                    )
                )
    return rules


def _pattern(onto: rdflib.Graph, node: rdflib.term.Node, var: str, counter) -> str:
    if isinstance(node, rdflib.URIRef):
        return "" if node == OWL.Thing else f"{var} a <{node}> ."
    intersection = onto.value(node, OWL.intersectionOf)
    if intersection is not None:
        return " ".join(_pattern(onto, m, var, counter) for m in Collection(onto, intersection))
    union = onto.value(node, OWL.unionOf)
    if union is not None:
        return " UNION ".join(
            "{ " + _pattern(onto, m, var, counter) + " }" for m in Collection(onto, union)
        )
    one_of = onto.value(node, OWL.oneOf)
    if one_of is not None:
        return f"VALUES {var} {{ " + " ".join(f"<{i}>" for i in Collection(onto, one_of)) + " }"
    prop = onto.value(node, OWL.onProperty)
    if isinstance(prop, rdflib.URIRef):
        value = onto.value(node, OWL.hasValue)
        if value is not None:
            return f"{var} <{prop}> {value.n3()} ."
        filler = onto.value(node, OWL.someValuesFrom)
        if filler is not None:
            inner = f"?v{next(counter)}"
            return f"{var} <{prop}> {inner} . " + _pattern(onto, filler, inner, counter)
    raise UnsupportedExpression(f"unsupported class expression {node.n3()}")


def _named_conjuncts(onto: rdflib.Graph, expression: rdflib.term.Node) -> list[rdflib.URIRef]:
    intersection = onto.value(expression, OWL.intersectionOf)
    if intersection is None:
        return []
    return [m for m in Collection(onto, intersection) if isinstance(m, rdflib.URIRef)]


def _named_pairs(
    onto: rdflib.Graph, predicate: rdflib.URIRef
) -> list[tuple[rdflib.URIRef, rdflib.URIRef]]:
    return sorted(
        (s, o)
        for s, o in onto.subject_objects(predicate)
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef) and s != o
    )


def _closure(
    pairs: Iterable[tuple[rdflib.URIRef, rdflib.URIRef]],
) -> dict[rdflib.URIRef, set[rdflib.URIRef]]:
    direct: dict[rdflib.URIRef, set[rdflib.URIRef]] = defaultdict(set)
    for a, b in pairs:
        direct[a].add(b)
    result: dict[rdflib.URIRef, set[rdflib.URIRef]] = defaultdict(set)
    for start in list(direct):
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node in result[start] or node == start:
                continue
            result[start].add(node)
            stack.extend(direct.get(node, ()))
    return result


def _values(pairs: Iterable[tuple[rdflib.URIRef, rdflib.URIRef]]) -> str:
    return " ".join(f"(<{a}> <{b}>)" for a, b in pairs)


def _local(iri: rdflib.URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
