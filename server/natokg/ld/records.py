"""Memberships and events read from the graph, as plain records.

One source of truth for the state pages' timelines, the visuals and the CSV exports. Dates are
read from the OWL-Time nodes (not from the inferred shortcuts), so the records are the same with
or without the inferred graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from natokg.ld.dates import DateValue
from natokg.ld.query import Labels, labels, select

_VALUE = "time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear"

MEMBERSHIPS = f"""SELECT ?m ?member ?org ?role ?b ?start ?startQ ?e ?end ?endQ WHERE {{
    ?m org:member ?member ; org:organization ?org .
    ?member a nkg:State .
    OPTIONAL {{ ?m org:role ?role }}
    OPTIONAL {{ ?m org:memberDuring/time:hasBeginning ?b . ?b {_VALUE} ?start .
               OPTIONAL {{ ?b nkg:qualifier ?startQ }} }}
    OPTIONAL {{ ?m org:memberDuring/time:hasEnd ?e . ?e {_VALUE} ?end .
               OPTIONAL {{ ?e nkg:qualifier ?endQ }} }}
}}"""

SOURCES = """SELECT ?x ?a ?doc ?primary ?quote WHERE {
    ?x nkg:attestedBy ?a .
    OPTIONAL { ?a prov:wasQuotedFrom ?doc }
    OPTIONAL { ?a prov:hadPrimarySource ?primary }
    OPTIONAL { ?a prov:value ?quote }
}"""

ISO = """SELECT ?s ?iso2 ?iso3 WHERE {
    ?s a nkg:State . OPTIONAL { ?s nkg:iso3166Alpha2 ?iso2 } OPTIONAL { ?s nkg:iso3166Alpha3 ?iso3 }
}"""


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a quote of a source document, or a reference source."""

    attestation: str
    #: the source document (prov:wasQuotedFrom) or reference source (prov:hadPrimarySource)
    iri: str
    title: str
    quote: str
    quoted: bool  # True for a quote of one of the source documents

    @property
    def kind(self) -> str:
        return "document" if self.quoted else "reference"


@dataclass(frozen=True, order=True)
class Dated:
    """A stated date and the attestations of that very date (empty if only the fact is attested)."""

    value: DateValue
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Membership:
    iri: str
    member: str
    member_labels: Labels
    iso2: str
    iso3: str
    organisation: str
    organisation_labels: Labels
    role: str
    role_labels: Labels
    #: every stated beginning and end (sources may disagree), earliest first
    starts: tuple[Dated, ...]
    ends: tuple[Dated, ...]
    sources: tuple[Source, ...] = field(default=())

    @property
    def start(self) -> DateValue | None:
        """The earliest stated beginning."""
        return self.starts[0].value if self.starts else None

    @property
    def end(self) -> DateValue | None:
        """The latest stated end."""
        return self.ends[-1].value if self.ends else None

    @property
    def other_dates(self) -> str:
        """Where sources disagree: the other stated dates, e.g. "start 1995 (document)"."""
        others = [("start", d) for d in self.starts[1:]] + [("end", d) for d in self.ends[:-1]]
        return " | ".join(
            f"{what} {d.value.text}"
            + (f" ({'/'.join(sorted({s.kind for s in d.sources}))})" if d.sources else "")
            for what, d in others
        )


def sources_of(store: ox.Store) -> dict[str, tuple[Source, ...]]:
    """Every attested resource's sources, keyed by its IRI."""
    rows = select(store, SOURCES)
    titles = labels(store, {r[k].value for r in rows for k in ("doc", "primary") if k in r})
    found: dict[str, set[Source]] = defaultdict(set)
    for row in rows:
        target = row.get("doc") or row.get("primary")
        iri = target.value if target is not None else ""
        quote = row["quote"].value if "quote" in row else ""
        title = titles.get(iri, Labels()).best
        found[row["x"].value].add(Source(row["a"].value, iri, title, quote, quoted="doc" in row))
    return {
        k: tuple(sorted(v, key=lambda s: (not s.quoted, s.iri, s.quote))) for k, v in found.items()
    }


def memberships(store: ox.Store, member: str | None = None) -> list[Membership]:
    """The dated memberships of states (of one state if ``member`` is given), sorted."""
    bindings = {"member": ox.NamedNode(member)} if member else {}
    rows = select(store, MEMBERSHIPS, **bindings)
    iso = {r["s"].value: r for r in select(store, ISO)}
    names = labels(store, {r[k].value for r in rows for k in ("member", "org", "role") if k in r})
    quals = labels(store, {r[k].value for r in rows for k in ("startQ", "endQ") if k in r})
    sources = sources_of(store)
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[row["m"].value].append(row)
    result = []
    for iri, group in grouped.items():
        first = group[0]
        member_iri, org, role = (
            first[k].value if k in first else "" for k in ("member", "org", "role")
        )
        codes = iso.get(member_iri, {})
        result.append(
            Membership(
                iri=iri,
                member=member_iri,
                member_labels=names.get(member_iri, Labels()),
                iso2=codes["iso2"].value if "iso2" in codes else "",
                iso3=codes["iso3"].value if "iso3" in codes else "",
                organisation=org,
                organisation_labels=names.get(org, Labels()),
                role=role,
                role_labels=names.get(role, Labels()),
                starts=_dates(group, ("b", "start", "startQ"), quals, sources),
                ends=_dates(group, ("e", "end", "endQ"), quals, sources),
                sources=sources.get(iri, ()),
            )
        )
    return sorted(result, key=_membership_order)


def _membership_order(m: Membership) -> tuple:
    start = m.start.sort_key if m.start else (9999, 0, 0)
    return (m.member_labels.best, start, m.organisation_labels.best, m.iri)


def _dates(
    rows: list, keys: tuple[str, str, str], quals: dict[str, Labels], sources: dict
) -> tuple[Dated, ...]:
    node, key, qualifier = keys
    found = set()
    for row in rows:
        literal = row.get(key)
        if not isinstance(literal, ox.Literal):
            continue
        q = quals.get(row[qualifier].value, Labels()).en if qualifier in row else ""
        value = DateValue.parse(literal.value, literal.datatype.value, q)
        if value is not None:
            own = sources.get(row[node].value, ()) if node in row else ()
            found.add(Dated(value, own))
    return tuple(sorted(found, key=lambda d: (d.value, [s.attestation for s in d.sources])))
