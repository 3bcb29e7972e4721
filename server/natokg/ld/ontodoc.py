"""Documentation of the ontology, read from its triples: every term of the core and every reused
term it declares (W3C ORG, OWL-Time, PROV-O, SKOS, FOAF, DC Terms).

For each term: English and French labels and definitions, notes; for a class its place in the
hierarchy, its definition (``owl:equivalentClass``) and restrictions in Manchester syntax, the
classes it is disjoint with, the properties it is the domain or range of, and its instances in
the data (count and examples); for a property its domain and range (Manchester syntax), its
characteristics, inverse and property chains, and examples of its use; for an individual (a
role, a status…) its types and how often the data uses it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from natokg.ld.manchester import Renderer, Tokens
from natokg.ld.page import Link, Linker
from natokg.ld.query import Labels
from natokg.namespaces import DCTERMS, NKG, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS, VANN

KINDS = (
    (OWL + "Class", "Classes"),
    (OWL + "ObjectProperty", "Object properties"),
    (OWL + "DatatypeProperty", "Datatype properties"),
    (OWL + "AnnotationProperty", "Annotation properties"),
)
INDIVIDUALS = "Named individuals and concept schemes"
CHARACTERISTICS = (
    "FunctionalProperty",
    "InverseFunctionalProperty",
    "TransitiveProperty",
    "SymmetricProperty",
    "AsymmetricProperty",
    "ReflexiveProperty",
    "IrreflexiveProperty",
)
PROPERTY_KINDS = {k for k, _ in KINDS[1:]}
EXAMPLES = 5


@dataclass(frozen=True)
class Term:
    anchor: str
    iri: str
    curie: str
    kind: str
    reused: bool
    labels: Labels
    definitions: tuple[tuple[str, str], ...]
    notes: tuple[tuple[str, str], ...]
    supers: tuple[Link, ...]
    subs: tuple[Link, ...]
    equivalents: tuple[Tokens, ...]  # Manchester syntax
    restrictions: tuple[Tokens, ...]  # anonymous superclasses
    disjoint: tuple[Link, ...]
    domains: tuple[Tokens, ...]
    ranges: tuple[Tokens, ...]
    domain_of: tuple[Link, ...]
    range_of: tuple[Link, ...]
    inverse: tuple[Link, ...]
    characteristics: tuple[str, ...]
    chains: tuple[tuple[Link, ...], ...]
    types: tuple[Link, ...]
    uses: int
    examples: tuple[tuple[Link | str, ...], ...]  # (individual,) or (subject, object)

    @property
    def defined(self) -> bool:
        return bool(self.equivalents)

    @property
    def is_property(self) -> bool:
        return self.kind in PROPERTY_KINDS


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    terms: tuple[Term, ...]
    reused: bool = False

    @property
    def anchor(self) -> str:
        return ("reused-" if self.reused else "") + self.title.lower().replace(" ", "-")


@dataclass(frozen=True)
class Node:
    """A class in the hierarchy, with its subclasses."""

    term: Term
    children: tuple[Node, ...]

    @property
    def size(self) -> int:
        return 1 + sum(c.size for c in self.children)


@dataclass(frozen=True)
class OntologyDoc:
    iri: str
    title: str
    metadata: tuple[tuple[str, str, str], ...]  # (field, value, lang)
    sections: tuple[Section, ...]
    tree: tuple[Node, ...]  # the class hierarchy, core and reused classes
    anchors: dict[str, str]  # IRI -> anchor of every documented term

    @property
    def terms(self) -> list[Term]:
        return [t for s in self.sections for t in s.terms]


class _Reader:
    def __init__(self, store: ox.Store, graph: ox.NamedNode | None) -> None:
        self.store = store
        self.graph = graph

    def objects(self, s: ox.NamedNode | ox.BlankNode, p: str) -> list:
        # once each: with no graph given, a triple is in its named graph and in the default
        # graph (the merge of the named graphs)
        quads = self.store.quads_for_pattern(s, ox.NamedNode(p), None, self.graph)
        return list(dict.fromkeys(q.object for q in quads))

    def subjects(self, p: str, o: ox.Term) -> list:
        quads = self.store.quads_for_pattern(None, ox.NamedNode(p), o, self.graph)
        return list(dict.fromkeys(q.subject for q in quads))

    def literals(self, s: ox.NamedNode, *ps: str) -> tuple[tuple[str, str], ...]:
        found = {
            (o.value, o.language or "")
            for p in ps
            for o in self.objects(s, p)
            if isinstance(o, ox.Literal)
        }
        return tuple(sorted(found, key=lambda v: (v[1] != "en", v[1], v[0])))

    @staticmethod
    def named(nodes: list) -> list[str]:
        return sorted({n.value for n in nodes if isinstance(n, ox.NamedNode)})


def _anchor(iri: str, curie: str) -> str:
    """``State`` for nkg:State, ``org-member`` for org:member, a slug of the IRI otherwise."""
    if iri.startswith(NKG):
        return iri[len(NKG) :]
    if curie != iri:
        return curie.replace(":", "-")
    return re.sub(r"[^A-Za-z0-9]+", "-", iri.split("//", 1)[-1]).strip("-")


def ontology_doc(store: ox.Store, linker: Linker, graph: str | None = None) -> OntologyDoc:
    """The documentation of the ontology in ``graph`` of ``store`` (the whole store if None);
    instance counts and examples come from the whole store."""
    reader = _Reader(store, ox.NamedNode(graph) if graph else None)
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
    kinds: dict[str, str] = {}
    for kind, _ in KINDS:
        for iri in reader.named(reader.subjects(RDF + "type", ox.NamedNode(kind))):
            kinds.setdefault(iri, kind)
    individuals = {
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), None, reader.graph)
        if isinstance(q.subject, ox.NamedNode)
        and q.subject.value.startswith(NKG)
        and q.subject.value not in kinds
        and q.subject.value != ONTOLOGY_IRI
    }
    kinds.update(dict.fromkeys(individuals, OWL + "NamedIndividual"))
    context = _Context(reader, linker, kinds)
    terms = {iri: context.term(iri, kind) for iri, kind in kinds.items()}
    sections = []
    for reused in (False, True):
        for kind, title in (*KINDS, (OWL + "NamedIndividual", INDIVIDUALS)):
            chosen = [t for t in terms.values() if t.kind == kind and t.reused == reused]
            if chosen:
                sections.append(
                    Section(
                        kind, title, tuple(sorted(chosen, key=lambda t: t.curie.lower())), reused
                    )
                )
    title = next((v for n, v, lang in metadata if n == "title" and lang == "en"), "natokg ontology")
    classes = {i: t for i, t in terms.items() if t.kind == OWL + "Class"}
    anchors = {t.iri: t.anchor for t in terms.values()}
    return OntologyDoc(ONTOLOGY_IRI, title, metadata, tuple(sections), _tree(classes), anchors)


class _Context:
    """What every term's documentation needs, computed once."""

    def __init__(self, reader: _Reader, linker: Linker, kinds: dict[str, str]) -> None:
        self.reader, self.linker, self.kinds = reader, linker, kinds
        self.renderer = Renderer(reader.store, linker.curie)
        self.domain_of: dict[str, set[str]] = defaultdict(set)
        self.range_of: dict[str, set[str]] = defaultdict(set)
        for key, index in ((RDFS + "domain", self.domain_of), (RDFS + "range", self.range_of)):
            for q in reader.store.quads_for_pattern(None, ox.NamedNode(key), None, reader.graph):
                for cls in self._named_in(q.object):
                    index[cls].add(q.subject.value)
        self.disjoint: dict[str, set[str]] = defaultdict(set)
        for q in reader.store.quads_for_pattern(
            None, ox.NamedNode(OWL + "disjointWith"), None, reader.graph
        ):
            self.disjoint[q.subject.value].add(q.object.value)
            self.disjoint[q.object.value].add(q.subject.value)
        for node in reader.subjects(RDF + "type", ox.NamedNode(OWL + "AllDisjointClasses")):
            for head in reader.objects(node, OWL + "members"):
                members = [
                    m.value for m in self.renderer.items(head) if isinstance(m, ox.NamedNode)
                ]
                for m in members:
                    self.disjoint[m] |= set(members) - {m}

    def _named_in(self, node: ox.Term) -> list[str]:
        """The named classes of a class or of a union of classes."""
        if isinstance(node, ox.NamedNode):
            return [node.value]
        members = []
        for head in self.reader.objects(node, OWL + "unionOf"):  # type: ignore[arg-type]
            members += [m.value for m in self.renderer.items(head) if isinstance(m, ox.NamedNode)]
        return members

    def links(self, iris: set[str] | list[str]) -> tuple[Link, ...]:
        return tuple(
            sorted((self.linker.link(i) for i in iris), key=lambda link: link.curie.lower())
        )

    def term(self, iri: str, kind: str) -> Term:
        reader, node = self.reader, ox.NamedNode(iri)
        is_property = kind in PROPERTY_KINDS
        up = RDFS + ("subPropertyOf" if is_property else "subClassOf")
        supers = reader.objects(node, up)
        types = reader.named(reader.objects(node, RDF + "type"))
        curie = self.linker.curie(iri)
        chains = tuple(
            tuple(
                self.linker.link(p.value)
                for p in self.renderer.items(head)
                if isinstance(p, ox.NamedNode)
            )
            for head in reader.objects(node, OWL + "propertyChainAxiom")
        )
        inverse = reader.named(
            reader.objects(node, OWL + "inverseOf") + reader.subjects(OWL + "inverseOf", node)
        )
        return Term(
            anchor=_anchor(iri, curie),
            iri=iri,
            curie=curie,
            kind=kind,
            reused=not iri.startswith(NKG),
            labels=self.linker.labels.get(iri, Labels()),
            definitions=reader.literals(node, SKOS + "definition"),
            notes=reader.literals(node, SKOS + "scopeNote", SKOS + "note", RDFS + "comment"),
            supers=self.links(reader.named(supers)),
            subs=self.links(reader.named(reader.subjects(up, node))),
            equivalents=tuple(
                self.renderer.expression(e) for e in reader.objects(node, OWL + "equivalentClass")
            ),
            restrictions=tuple(
                self.renderer.expression(s) for s in supers if isinstance(s, ox.BlankNode)
            ),
            disjoint=self.links(self.disjoint.get(iri, set())),
            domains=tuple(
                self.renderer.expression(d) for d in reader.objects(node, RDFS + "domain")
            ),
            ranges=tuple(self.renderer.expression(r) for r in reader.objects(node, RDFS + "range")),
            domain_of=self.links(self.domain_of.get(iri, set())),
            range_of=self.links(self.range_of.get(iri, set())),
            inverse=self.links(inverse),
            characteristics=tuple(
                c.removesuffix("Property").lower() for c in CHARACTERISTICS if OWL + c in types
            ),
            chains=chains,
            types=self.links([t for t in types if not t.startswith(OWL)]),
            **self._examples(node, kind),
        )

    def _examples(self, node: ox.NamedNode, kind: str) -> dict:
        store, link = self.reader.store, self.linker.link
        if kind in PROPERTY_KINDS:
            pairs = sorted(
                {
                    (q.subject, q.object)
                    for q in store.quads_for_pattern(None, node, None, None)
                    if isinstance(q.subject, ox.NamedNode)
                },
                key=str,
            )
            examples = tuple(
                (link(s.value), link(o.value) if isinstance(o, ox.NamedNode) else o.value)
                for s, o in pairs[:EXAMPLES]
            )
            return {"uses": len(pairs), "examples": examples}
        if kind == OWL + "Class":
            members = sorted(
                {
                    q.subject.value
                    for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), node, None)
                    if isinstance(q.subject, ox.NamedNode)
                }
            )
            return {"uses": len(members), "examples": tuple((link(m),) for m in members[:EXAMPLES])}
        # an individual (a role, a status, a scheme): the statements of the data that name it
        users = sorted(
            {
                (q.subject.value, q.predicate.value)
                for q in store.quads_for_pattern(None, None, node, None)
                if isinstance(q.subject, ox.NamedNode)
                and q.predicate.value not in (SKOS + "inScheme", SKOS + "topConceptOf")
            }
        )
        return {
            "uses": len(users),
            "examples": tuple((link(s), link(p)) for s, p in users[:EXAMPLES]),
        }


def _tree(classes: dict[str, Term]) -> tuple[Node, ...]:
    children: dict[str, list[Term]] = defaultdict(list)
    roots = []
    for term in classes.values():
        parents = [s.iri for s in term.supers if s.iri in classes]
        for parent in parents:
            children[parent].append(term)
        if not parents:
            roots.append(term)

    def build(term: Term, path: frozenset[str]) -> Node:
        kids = sorted(children[term.iri], key=lambda t: t.curie.lower())
        return Node(term, tuple(build(k, path | {k.iri}) for k in kids if k.iri not in path))

    return tuple(build(r, frozenset({r.iri})) for r in sorted(roots, key=lambda t: t.curie.lower()))


def term_iris(store: ox.Store) -> set[str]:
    """Every IRI the documentation may name, so that a Linker can label them all at once."""
    iris = set()
    for quad in store.quads_for_pattern(None, None, None, None):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    return iris
