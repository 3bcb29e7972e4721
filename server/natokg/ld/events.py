"""Events read from the graph, as plain records (for timelines, visuals and the events export).

An event is any resource typed with nkg:Event or one of its subclasses (through the ontology's
rdfs:subClassOf, so the inferred graph is not needed). Its date is its instant's value, or its
interval's beginning; an interval's ends (sources may give several) are kept too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from natokg.ld.dates import DateValue
from natokg.ld.query import Labels, labels, select
from natokg.ld.records import Source, sources_of

_VALUE = "time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear"

TYPES = """SELECT ?e ?t WHERE {
    ?e a ?t . ?t rdfs:subClassOf* nkg:Event .
    FILTER NOT EXISTS { ?e a ?t2 . ?t2 rdfs:subClassOf+ ?t . FILTER(?t2 != ?t) }
}"""
DATES = f"""SELECT ?e ?d ?q WHERE {{
    ?e time:hasTime/time:hasBeginning? ?i . ?i {_VALUE} ?d . OPTIONAL {{ ?i nkg:qualifier ?q }}
}}"""
ENDS = f"""SELECT ?e ?d ?q WHERE {{
    ?e time:hasTime/time:hasEnd ?i . ?i {_VALUE} ?d . OPTIONAL {{ ?i nkg:qualifier ?q }}
}}"""
PLACES = "SELECT ?e ?x WHERE { ?e nkg:place ?x }"
PARTICIPANTS = """SELECT ?e ?x ?role WHERE {
    ?p nkg:participationIn ?e ; nkg:participant ?x . OPTIONAL { ?p nkg:participantRole ?role }
}"""
RELATED = """SELECT DISTINCT ?e ?state WHERE {
    { ?p nkg:participant|nkg:onBehalfOf ?state ; nkg:participationIn ?e }
    UNION { ?p nkg:participant ?x ; nkg:participationIn ?e . ?x org:subOrganizationOf+ ?state }
    UNION { ?e nkg:concerns|nkg:organisedBy|nkg:ledBy|nkg:inCooperationWith ?state }
    UNION { ?e nkg:place/nkg:locatedIn* ?c . ?c nkg:territoryOf ?state }
    UNION { ?e org:originalOrganization|org:resultingOrganization ?f .
            ?m org:member ?state ; org:organization ?f }
}"""


@dataclass(frozen=True)
class Named:
    iri: str
    labels: Labels


@dataclass(frozen=True)
class Participant:
    who: Named
    role: Named | None


@dataclass(frozen=True)
class Event:
    iri: str
    labels: Labels
    types: tuple[Named, ...]
    #: every stated date (an instant, or an interval's beginning), earliest first
    dates: tuple[DateValue, ...]
    ends: tuple[DateValue, ...]
    places: tuple[Named, ...]
    participants: tuple[Participant, ...]
    sources: tuple[Source, ...]

    @property
    def date(self) -> DateValue | None:
        return self.dates[0] if self.dates else None

    @property
    def end(self) -> DateValue | None:
        return self.ends[-1] if self.ends else None


def events(store: ox.Store, related_to: str | None = None) -> list[Event]:
    """Every event (or those related to the state ``related_to``), in date order."""
    types = _pairs(select(store, TYPES), "e", "t")
    wanted = set(types)
    if related_to is not None:
        wanted &= {r["e"].value for r in select(store, RELATED, state=ox.NamedNode(related_to))}
    places = _pairs(select(store, PLACES), "e", "x")
    participant_rows = [r for r in select(store, PARTICIPANTS) if r["e"].value in wanted]
    names = labels(
        store,
        wanted
        | {t for e in wanted for t in types[e]}
        | {p for e in wanted for p in places.get(e, ())}
        | {r[k].value for r in participant_rows for k in ("x", "role") if k in r},
    )
    dates, ends = _dates(store, DATES), _dates(store, ENDS)
    sources = sources_of(store)

    def named(iri: str) -> Named:
        return Named(iri, names.get(iri, Labels()))

    participants: dict[str, set[Participant]] = defaultdict(set)
    for row in participant_rows:
        role = named(row["role"].value) if "role" in row else None
        participants[row["e"].value].add(Participant(named(row["x"].value), role))
    result = [
        Event(
            iri=iri,
            labels=names.get(iri, Labels()),
            types=tuple(sorted((named(t) for t in types[iri]), key=_by_label)),
            dates=tuple(sorted(dates.get(iri, ()))),
            ends=tuple(sorted(ends.get(iri, ()))),
            places=tuple(sorted((named(p) for p in places.get(iri, ())), key=_by_label)),
            participants=tuple(sorted(participants[iri], key=lambda p: _by_label(p.who))),
            sources=sources.get(iri, ()),
        )
        for iri in wanted
    ]
    return sorted(result, key=_event_order)


def _event_order(e: Event) -> tuple:
    return ((e.date.sort_key if e.date else (9999, 99, 99)), e.labels.best, e.iri)


def _by_label(n: Named) -> tuple[str, str]:
    return (n.labels.best.casefold(), n.iri)


def _pairs(rows: list, key: str, value: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        out[row[key].value].add(row[value].value)
    return out


def _dates(store: ox.Store, query: str) -> dict[str, set[DateValue]]:
    rows = select(store, query)
    quals = labels(store, {r["q"].value for r in rows if "q" in r})
    out: dict[str, set[DateValue]] = defaultdict(set)
    for row in rows:
        literal = row["d"]
        assert isinstance(literal, ox.Literal)
        q = quals.get(row["q"].value, Labels()).en if "q" in row else ""
        value = DateValue.parse(literal.value, literal.datatype.value, q)
        if value is not None:
            out[row["e"].value].add(value)
    return out
