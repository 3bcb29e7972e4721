"""Documentation of the ontology, read from its triples: every class, property and individual.

For each term: English and French labels, definitions and notes, place in the hierarchy,
domains and ranges (named classes and unions), characteristics, and examples from the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from natokg.ld.page import Link, Linker
from natokg.ld.query import Labels
from natokg.namespaces import DCTERMS, NKG, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS, VANN

KINDS = (
    (OWL + "Class", "Classes"),
    (OWL + "ObjectProperty", "Object properties"),
    (OWL + "DatatypeProperty", "Datatype properties"),
    (OWL + "AnnotationProperty", "Annotation properties"),
    (OWL + "NamedIndividual", "Named individuals"),
)
CHARACTERISTICS = ("FunctionalProperty", "TransitiveProperty", "SymmetricProperty")
EXAMPLES = 5


@dataclass(frozen=True)
class Term:
    anchor: str
    iri: str
    labels: Labels
    definitions: tuple[tuple[str, str], ...]
    notes: tuple[tuple[str, str], ...]
    supers: tuple[Link, ...]
    subs: tuple[Link, ...]
    domains: tuple[tuple[Link, ...], ...]  # each a union of classes
    ranges: tuple[tuple[Link, ...], ...]
    inverse: tuple[Link, ...]
    characteristics: tuple[str, ...]
    types: tuple[Link, ...]
    defined: bool
    uses: int
    examples: tuple[tuple[Link | str, ...], ...]  # (individual,) or (subject, object)


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class OntologyDoc:
    iri: str
    title: str
    metadata: tuple[tuple[str, str, str], ...]  # (field, value, lang)
    sections: tuple[Section, ...]
    tree: tuple[tuple[Term, int], ...]  # classes in hierarchy order, with their depth


class _Reader:
    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def objects(self, s: ox.NamedNode | ox.BlankNode, p: str) -> list:
        # once each: a triple is in its named graph and in the default graph (the merge)
        quads = self.store.quads_for_pattern(s, ox.NamedNode(p), None, None)
        return list(dict.fromkeys(q.object for q in quads))

    def subjects(self, p: str, o: ox.NamedNode) -> list:
        quads = self.store.quads_for_pattern(None, ox.NamedNode(p), o, None)
        return list(dict.fromkeys(q.subject for q in quads))

    def literals(self, s: ox.NamedNode, *ps: str) -> tuple[tuple[str, str], ...]:
        found = {
            (o.value, o.language or "")
            for p in ps
            for o in self.objects(s, p)
            if isinstance(o, ox.Literal)
        }
        return tuple(sorted(found, key=lambda v: (v[1] != "en", v[1], v[0])))

    def named(self, nodes: list) -> list[str]:
        return sorted({n.value for n in nodes if isinstance(n, ox.NamedNode)})

    def union(self, node: object) -> list[str]:
        """The named classes of a class or of a union of classes; [] for other expressions."""
        if isinstance(node, ox.NamedNode):
            return [node.value]
        members = []
        for head in self.objects(node, OWL + "unionOf"):  # type: ignore[arg-type]
            while isinstance(head, ox.BlankNode):
                members += [
                    m.value
                    for m in self.objects(head, RDF + "first")
                    if isinstance(m, ox.NamedNode)
                ]
                head = next(iter(self.objects(head, RDF + "rest")), None)
        return members


def ontology_doc(store: ox.Store, linker: Linker) -> OntologyDoc:
    reader = _Reader(store)
    onto = ox.NamedNode(ONTOLOGY_IRI)
    metadata = tuple(
        (name, value, lang)
        for name, prop in (
            ("title", DCTERMS + "title"),
            ("description", DCTERMS + "description"),
            ("version", OWL + "versionInfo"),
            ("creator", DCTERMS + "creator"),
            ("created", DCTERMS + "created"),
            ("modified", DCTERMS + "modified"),
            ("preferred prefix", VANN + "preferredNamespacePrefix"),
        )
        for value, lang in reader.literals(onto, prop)
    )
    sections = []
    for kind, title in KINDS:
        iris = reader.named(reader.subjects(RDF + "type", ox.NamedNode(kind)))
        terms = [_term(reader, linker, iri) for iri in iris if iri.startswith(NKG)]
        sections.append(Section(kind, title, tuple(sorted(terms, key=lambda t: t.anchor.lower()))))
    classes = {t.iri: t for t in sections[0].terms}
    title = next((v for n, v, lang in metadata if n == "title" and lang == "en"), "natokg ontology")
    return OntologyDoc(ONTOLOGY_IRI, title, metadata, tuple(sections), _tree(classes))


def _term(reader: _Reader, linker: Linker, iri: str) -> Term:
    node = ox.NamedNode(iri)
    is_property = bool(
        {o.value for o in reader.objects(node, RDF + "type")}
        & {OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty"}
    )
    up, down = ((RDFS + "subPropertyOf") if is_property else (RDFS + "subClassOf"),) * 2
    links = linker.link
    types = reader.named(reader.objects(node, RDF + "type"))
    return Term(
        anchor=iri[len(NKG) :],
        iri=iri,
        labels=linker.labels.get(iri, Labels()),
        definitions=reader.literals(node, SKOS + "definition"),
        notes=reader.literals(node, SKOS + "scopeNote", SKOS + "note", RDFS + "comment"),
        supers=tuple(links(i) for i in reader.named(reader.objects(node, up))),
        subs=tuple(links(i) for i in reader.named(reader.subjects(down, node))),
        domains=tuple(
            tuple(links(i) for i in reader.union(d)) for d in reader.objects(node, RDFS + "domain")
        ),
        ranges=tuple(
            tuple(links(i) for i in reader.union(r)) for r in reader.objects(node, RDFS + "range")
        ),
        inverse=tuple(
            links(i)
            for i in reader.named(
                reader.objects(node, OWL + "inverseOf") + reader.subjects(OWL + "inverseOf", node)
            )
        ),
        characteristics=tuple(c for c in CHARACTERISTICS if OWL + c in types),
        types=tuple(links(t) for t in types if not t.startswith(OWL)),
        defined=bool(reader.objects(node, OWL + "equivalentClass")),
        **_examples(reader, linker, node, is_property),
    )


def _examples(reader: _Reader, linker: Linker, node: ox.NamedNode, is_property: bool) -> dict:
    if is_property:
        quads = list(reader.store.quads_for_pattern(None, node, None, None))
        pairs = sorted(
            {(q.subject, q.object) for q in quads if isinstance(q.subject, ox.NamedNode)}, key=str
        )
        examples = tuple(
            (linker.link(s.value), linker.link(o.value) if isinstance(o, ox.NamedNode) else o.value)
            for s, o in pairs[:EXAMPLES]
        )
        return {"uses": len(pairs), "examples": examples}
    members = sorted(
        {s.value for s in reader.subjects(RDF + "type", node) if isinstance(s, ox.NamedNode)}
    )
    return {"uses": len(members), "examples": tuple((linker.link(m),) for m in members[:EXAMPLES])}


def _tree(classes: dict[str, Term]) -> tuple[tuple[Term, int], ...]:
    children: dict[str, list[Term]] = defaultdict(list)
    roots = []
    for term in classes.values():
        parents = [s.iri for s in term.supers if s.iri in classes]
        for parent in parents:
            children[parent].append(term)
        if not parents:
            roots.append(term)
    out: list[tuple[Term, int]] = []

    def walk(term: Term, depth: int, path: frozenset[str]) -> None:
        out.append((term, depth))
        for child in sorted(children[term.iri], key=lambda t: t.anchor.lower()):
            if child.iri not in path:
                walk(child, depth + 1, path | {child.iri})

    for root in sorted(roots, key=lambda t: t.anchor.lower()):
        walk(root, 0, frozenset({root.iri}))
    return tuple(out)


def term_iris(store: ox.Store) -> set[str]:
    """Every IRI the documentation may name, so that a Linker can label them all at once."""
    iris = set()
    for quad in store.quads_for_pattern(None, None, None, None):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    return iris
