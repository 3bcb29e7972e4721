"""The HTML view of a resource: labels, types, notes, links out and in, quotes with sources.

Built from a :class:`~natokg.ld.describe.Description`; every IRI becomes a :class:`Link` whose
``href`` is the resource's page on this server when the IRI is ours, or the IRI itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from natokg.ld.describe import Description
from natokg.ld.iris import IriMapper
from natokg.ld.query import Labels, labels
from natokg.namespaces import DCTERMS, NKG, PROV, RDF, RDFS, SKOS, XSD, prefixes

NOTE_PROPERTIES = (
    SKOS + "definition",
    DCTERMS + "description",
    SKOS + "scopeNote",
    SKOS + "note",
    RDFS + "comment",
)
HEADER_PROPERTIES = {RDFS + "label", RDF + "type"}
MAX_NESTING = 4


@dataclass(frozen=True)
class Link:
    iri: str
    label: str
    href: str | None
    curie: str
    local: bool


@dataclass(frozen=True)
class Footnote:
    """A reference from one value to the quote (numbered on the page) it rests on."""

    number: int
    text: str


@dataclass(frozen=True)
class Value:
    link: Link | None
    text: str = ""
    lang: str = ""
    datatype: str = ""
    nested: tuple[Row, ...] = ()
    #: the quotes this single statement rests on (graph/provenance), as footnotes
    notes: tuple[Footnote, ...] = ()


@dataclass(frozen=True)
class Row:
    predicate: Link
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Quote:
    attestation: Link
    text: str
    lang: str
    source: Link | None
    conflicts: tuple[Link, ...]
    #: its footnote number on the page (1, 2…)
    number: int = 0


@dataclass(frozen=True)
class Page:
    iri: str
    labels: Labels
    title: str
    alt_labels: tuple[tuple[str, str], ...]
    types: tuple[Link, ...]
    notes: tuple[tuple[str, str], ...]
    outgoing: tuple[Row, ...]
    incoming: tuple[Row, ...]
    quotes: tuple[Quote, ...]
    #: what the graph states about the completeness of the resource's member list, e.g.
    #: "partial list" or "complete list as of 2024" (empty if nothing)
    completeness: str = ""

    def has_type(self, iri: str) -> bool:
        return any(t.iri == iri for t in self.types)


class Linker:
    """Makes :class:`Link` s for IRIs, with labels looked up once per page."""

    def __init__(self, store: ox.Store, mapper: IriMapper, root: str, iris: set[str]) -> None:
        self.mapper, self.root = mapper, root
        self.labels = labels(store, iris)
        self.prefixes = sorted(prefixes(mapper.base).items(), key=lambda p: -len(p[1]))
        #: per statement of the page, the footnotes of the quotes it rests on
        self.footnotes: dict[ox.Triple, tuple[Footnote, ...]] = {}

    def curie(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def link(self, iri: str) -> Link:
        path = self.mapper.page_path(iri)
        href = self.root + path if path else (iri if iri.startswith(("http:", "https:")) else None)
        curie = self.curie(iri)
        label = self.labels.get(iri, Labels()).best or curie
        return Link(iri, label, href, curie, path is not None)


def build_page(store: ox.Store, description: Description, mapper: IriMapper, root: str) -> Page:
    """The page of ``description.iri``; ``root`` is the server's script root for links."""
    triples = description.outgoing + description.incoming
    iris = {
        t.value
        for tr in triples
        for t in (tr.subject, tr.predicate, tr.object)
        if isinstance(t, ox.NamedNode)
    }
    evidence = {triple: attestations for triple, attestations in description.evidence}
    iris |= {a for attestations in evidence.values() for a in attestations}
    linker = Linker(store, mapper, root, iris)
    by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    for triple in description.outgoing:
        by_subject[triple.subject].append(triple)
    subject = ox.NamedNode(description.iri)
    own = by_subject.get(subject, [])
    page_labels = linker.labels.get(description.iri, Labels())
    quotes = _quotes(store, description, evidence, by_subject, linker)
    linker.footnotes = {
        triple: tuple(
            Footnote(q.number, q.text or q.attestation.label)
            for a in attestations
            for q in quotes
            if q.attestation.iri == a
        )
        for triple, attestations in evidence.items()
    }
    return Page(
        iri=description.iri,
        labels=page_labels,
        title=page_labels.best or linker.curie(description.iri),
        alt_labels=_literals(own, {SKOS + "altLabel", NKG + "acronym"}),
        types=tuple(
            sorted(
                {
                    linker.link(t.object.value)
                    for t in own
                    if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode)
                },
                key=lambda k: k.label,
            )
        ),
        notes=_literals(own, set(NOTE_PROPERTIES)),
        outgoing=_rows(subject, by_subject, linker, set()),
        incoming=_incoming(description.incoming, linker),
        quotes=quotes,
        completeness=_completeness(store, subject),
    )


def _completeness(store: ox.Store, subject: ox.NamedNode) -> str:
    """'complete list [as of …]' or 'partial list' for a resource whose member list has a
    completeness statement; a list stated both ways is partial."""
    found = set()
    for quad in store.quads_for_pattern(subject, ox.NamedNode(NKG + "completeness"), None, None):
        statement = quad.object
        kind = next(
            store.quads_for_pattern(statement, ox.NamedNode(NKG + "listCompleteness"), None, None),
            None,
        )
        if kind is None:
            continue
        if kind.object.value != NKG + "completeList":
            found.add("partial list")
            continue
        as_of = next(
            store.quads_for_pattern(statement, ox.NamedNode(NKG + "asOf"), None, None), None
        )
        found.add("complete list" + (f" as of {as_of.object.value}" if as_of else ""))
    if "partial list" in found:
        return "partial list"
    return min(found, default="")


def _literals(triples: list[ox.Triple], predicates: set[str]) -> tuple[tuple[str, str], ...]:
    found = {
        (t.object.value, t.object.language or "")
        for t in triples
        if t.predicate.value in predicates and isinstance(t.object, ox.Literal)
    }
    return tuple(sorted(found, key=lambda v: (v[1] != "en", v[1], v[0])))


def _rows(node, by_subject, linker: Linker, path: set) -> tuple[Row, ...]:
    grouped: dict[str, list[Value]] = defaultdict(list)
    for triple in by_subject.get(node, []):
        if not path and triple.predicate.value in HEADER_PROPERTIES:
            continue
        value = _value(triple.object, by_subject, linker, path | {node})
        notes = linker.footnotes.get(triple, ())
        if notes:
            value = Value(value.link, value.text, value.lang, value.datatype, value.nested, notes)
        grouped[triple.predicate.value].append(value)
    rows = [Row(linker.link(p), tuple(sorted(v, key=_value_key))) for p, v in grouped.items()]
    return tuple(sorted(rows, key=lambda r: (r.predicate.label.casefold(), r.predicate.iri)))


def _value(term, by_subject, linker: Linker, path: set) -> Value:
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        shown = "" if datatype in (XSD + "string", RDF + "langString") else linker.curie(datatype)
        return Value(None, term.value, term.language or "", shown)
    nested: tuple[Row, ...] = ()
    if (
        term in by_subject
        and term not in path
        and len(path) < MAX_NESTING
        and _is_nested(term, linker)
    ):
        nested = _rows(term, by_subject, linker, path)
    if isinstance(term, ox.BlankNode):
        return Value(None, f"_:{term.value}", nested=nested)
    return Value(linker.link(term.value), nested=nested)


def _is_nested(term, linker: Linker) -> bool:
    return isinstance(term, ox.BlankNode) or term.value.startswith(linker.mapper.genid_iri(""))


def _value_key(v: Value) -> tuple:
    return (v.link.label.casefold() if v.link else v.text.casefold(), v.lang, v.datatype)


def _incoming(triples: tuple[ox.Triple, ...], linker: Linker) -> tuple[Row, ...]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for triple in triples:
        if isinstance(triple.subject, ox.NamedNode):
            grouped[triple.predicate.value].add(triple.subject.value)
    rows = [
        Row(
            linker.link(p), tuple(sorted((Value(linker.link(s)) for s in subjects), key=_value_key))
        )
        for p, subjects in grouped.items()
    ]
    return tuple(sorted(rows, key=lambda r: (r.predicate.label.casefold(), r.predicate.iri)))


def _quotes(
    store: ox.Store,
    description: Description,
    evidence: dict[ox.Triple, tuple[str, ...]],
    by_subject,
    linker: Linker,
) -> tuple[Quote, ...]:
    """The attestations of the resource, then those only its statements' evidence names,
    numbered in that order."""
    attestations = sorted(
        {t.object for t in description.outgoing if t.predicate.value == NKG + "attestedBy"}, key=str
    )
    named = {a.value for a in attestations}
    attestations += [
        ox.NamedNode(a) for a in sorted({a for x in evidence.values() for a in x} - named)
    ]
    quotes = []
    for number, node in enumerate(attestations, start=1):
        props: dict[str, list] = defaultdict(list)
        triples = by_subject.get(node) or [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(node, None, None, None)
        ]
        for triple in triples:
            props[triple.predicate.value].append(triple.object)
        text = next((o for o in props[PROV + "value"] if isinstance(o, ox.Literal)), None)
        source = next(iter(props[PROV + "wasQuotedFrom"] + props[PROV + "hadPrimarySource"]), None)
        quotes.append(
            Quote(
                attestation=linker.link(node.value),
                text=text.value if text is not None else "",
                lang=(text.language or "") if text is not None else "",
                source=linker.link(source.value) if isinstance(source, ox.NamedNode) else None,
                conflicts=tuple(
                    linker.link(c.value)
                    for c in props[NKG + "conflictsWith"]
                    if isinstance(c, ox.NamedNode)
                ),
                number=number,
            )
        )
    return tuple(quotes)
