"""Researcher exports: memberships, events and a country-year panel, as CSV.

Shared by the web (``/exports/<name>.csv``) and the command line (``natokg export``). Rows come
from SPARQL over pyoxigraph (:mod:`natokg.ld.records`, :mod:`natokg.ld.events`) and are written
with :mod:`csv`. Every column is documented in :data:`COLUMNS` (shown on ``/exports``).

Conventions, the same in every file: UTF-8, comma-separated, a header row, RFC 4180 quoting;
dates keep the source's precision (``1995``, ``2011-04``, ``2007-01-30``); several values in
one cell are separated by `` | ``; an empty cell means "not stated".
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

import pyoxigraph as ox

from natokg import participations
from natokg.ld import events as event_records
from natokg.ld import records
from natokg.ld.query import Labels, labels, select
from natokg.namespaces import NKG, TIME

SEP = " | "


class Evidence(Enum):
    """Which memberships the panel counts, by where they are attested."""

    ALL = "all"  # every membership
    DOCUMENTS = "documents"  # only those quoted from one of the source documents
    REFERENCES = "references"  # only those citing a reference source

    def counts(self, date: records.Dated, membership: records.Membership) -> bool:
        """Whether a stated date counts: by its own attestations, else by the membership's."""
        if self is Evidence.ALL:
            return True
        quoted = self is Evidence.DOCUMENTS
        return any(s.quoted == quoted for s in (date.sources or membership.sources))

    def span(self, membership: records.Membership) -> tuple[int, int | None] | None:
        """(first year, last year or None if open) on this evidence; None if no start counts."""
        starts = [d for d in membership.starts if self.counts(d, membership)]
        ends = [d for d in membership.ends if self.counts(d, membership)]
        if not starts:
            return None
        return starts[0].value.year, (ends[-1].value.year if ends else None)


#: Roles that make a membership a relation with NATO, and their short codes in column names.
PANEL_ROLES = {
    NKG + "allyRole": "ally",
    NKG + "partnerRole": "partner",
    NKG + "globalPartnerRole": "global",
    NKG + "enhancedOpportunitiesPartnerRole": "eop",
}

MEMBERSHIP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("country", "The member state, its English name."),
    ("iso2", "ISO 3166-1 alpha-2 code of the state (empty if the dataset has none)."),
    ("iso3", "ISO 3166-1 alpha-3 code of the state."),
    ("framework", "The organisation or partnership framework, its English name."),
    ("role", "The member's role: Ally, partner, global partner, Enhanced Opportunities partner…"),
    ("start", "When the membership began, at the source's precision (1995, 2011-04, 1999-03-12)."),
    ("start_precision", "year, month or day."),
    ("start_year", "The year of start, as an integer (for sorting and merging)."),
    (
        "end",
        "When it ended, at the source's precision; empty if it has not ended. If sources "
        "disagree, the latest stated end.",
    ),
    ("end_precision", "year, month or day; empty if no end."),
    ("end_year", "The year of end, as an integer; empty if no end."),
    (
        "other_dates",
        "Where sources disagree, the other stated starts and ends with their source "
        "kind, e.g. 'start 1995 (document)'.",
    ),
    (
        "source_kind",
        "document (quoted from a source document), reference (cites a published "
        "reference source), or both, separated by ' | '.",
    ),
    ("source", "IRI of each source document or reference source."),
    ("source_title", "Title of each source."),
    ("quote", "The exact phrase quoted from the source document (French), for document sources."),
    ("membership", "IRI of the membership (open it for its full description)."),
    ("country_iri", "IRI of the state."),
    ("framework_iri", "IRI of the organisation or framework."),
    (
        "list_complete",
        "true if the graph lists every member of the framework (per the source its completeness "
        "statement cites), false if it holds only the members the pages name (a partial list: "
        "others exist), empty if nothing is stated about the list.",
    ),
    ("start_from", "The first day start covers, ISO 8601 (1995 → 1995-01-01): parse_dates works."),
    ("end_until", "The last day end covers, ISO 8601 (1997 → 1997-12-31); empty if no end."),
)

EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "When it happened (or began), at the source's precision; empty if undated."),
    ("precision", "year, month or day."),
    ("qualifier", "How the source qualifies the date, e.g. 'early in the period' (début 2016)."),
    ("year", "The year of date, as an integer."),
    ("end_date", "For operations and series: when it ended, at the source's precision."),
    ("end_precision", "year, month or day; empty if no end."),
    ("type", "Most specific event class(es): visit, meeting, exercise, decision…"),
    ("title_en", "English title."),
    ("title_fr", "French title (as the source document writes it)."),
    ("participants", "Participants with their role in parentheses, e.g. 'Kazakhstan (host)'."),
    ("place", "Where it happened, as precisely as the source says."),
    ("source_kind", "document or reference, for each source."),
    ("source", "IRI of each source document or reference source."),
    ("source_title", "Title of each source."),
    ("quote", "The exact phrase quoted from the source document (French)."),
    ("event", "IRI of the event."),
    ("date_from", "The first day date covers, ISO 8601 (2011-04 → 2011-04-01): parse_dates works."),
    ("end_until", "The last day end_date covers, ISO 8601 (2011 → 2011-12-31)."),
)

#: position of the membership IRI in a row of memberships.csv
MEMBERSHIP_IRI = [name for name, _ in MEMBERSHIP_COLUMNS].index("membership")

PANEL_KEY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("country", "The state, its English name."),
    ("iso3", "ISO 3166-1 alpha-3 code of the state."),
    ("country_iri", "IRI of the state."),
    ("year", "The calendar year."),
)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _join(values: Iterable[str]) -> str:
    return SEP.join(v for v in values if v)


def _sources(sources: Sequence[records.Source]) -> list[str]:
    return [
        _join(dict.fromkeys(s.kind for s in sources)),
        _join(s.iri for s in sources),
        _join(s.title for s in sources),
        _join(s.quote for s in sources if s.quoted),
    ]


# -- completeness of the member lists ------------------------------------------------------------

COMPLETENESS_QUERY = """SELECT ?list ?completeness ?asOf WHERE {
  ?list nkg:completeness ?statement .
  ?statement nkg:listProperty org:hasMembership ; nkg:listCompleteness ?completeness .
  OPTIONAL { ?statement nkg:asOf ?asOf }
}"""


@dataclass(frozen=True)
class ListCompleteness:
    """What the graph states about the completeness of an organisation's member list."""

    complete: bool
    as_of: str = ""

    @property
    def text(self) -> str:
        if not self.complete:
            return "partial list"
        return "complete list" + (f" as of {self.as_of}" if self.as_of else "")


def list_completeness(store: ox.Store) -> dict[str, ListCompleteness]:
    """Per organisation or framework IRI, whether its member list is complete; a list stated
    both complete and partial counts as partial."""
    found: dict[str, ListCompleteness] = {}
    for row in select(store, COMPLETENESS_QUERY):
        iri = row["list"].value
        complete = row["completeness"].value == NKG + "completeList"
        as_of = row["asOf"].value if "asOf" in row else ""
        if iri in found and not (found[iri].complete and complete):
            complete, as_of = False, ""
        found[iri] = ListCompleteness(complete, as_of)
    return found


def _flag(completeness: ListCompleteness | None) -> str:
    return "" if completeness is None else ("true" if completeness.complete else "false")


def membership_rows(store: ox.Store) -> list[list[object]]:
    rows = []
    completeness = list_completeness(store)
    for m in records.memberships(store):
        start, end = m.start, m.end
        rows.append(
            [
                m.member_labels.best,
                m.iso2,
                m.iso3,
                m.organisation_labels.best,
                m.role_labels.best,
                start.text if start else "",
                start.precision if start else "",
                start.year if start else "",
                end.text if end else "",
                end.precision if end else "",
                end.year if end else "",
                m.other_dates,
                *_sources(m.sources),
                m.iri,
                m.member,
                m.organisation,
                _flag(completeness.get(m.organisation)),
                _first_day(start.text, start.precision) if start else "",
                _last_day(end.text, end.precision) if end else "",
            ]
        )
    return rows


def event_rows(store: ox.Store) -> list[list[object]]:
    rows = []
    for e in event_records.events(store):
        date, end = e.date, e.end
        participants = (
            f"{p.who.labels.best}" + (f" ({p.role.labels.best})" if p.role else "")
            for p in e.participants
        )
        rows.append(
            [
                date.text if date else "",
                date.precision if date else "",
                date.qualifier if date else "",
                date.year if date else "",
                end.text if end else "",
                end.precision if end else "",
                _join(t.labels.best for t in e.types),
                e.labels.en,
                e.labels.fr,
                _join(participants),
                _join(p.labels.best for p in e.places),
                *_sources(e.sources),
                e.iri,
                _first_day(date.text, date.precision) if date else "",
                _last_day(end.text, end.precision) if end else "",
            ]
        )
    return rows


def _first_day(text: str, precision: str) -> str:
    """The first day a date at ``precision`` covers, ISO 8601 (issue 12: one parseable column)."""
    if precision == "year" and re.fullmatch(r"-?\d{4}", text):
        return f"{text}-01-01"
    if precision == "month" and re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-01"
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else ""


def _last_day(text: str, precision: str) -> str:
    """The last day a date at ``precision`` covers, ISO 8601."""
    if precision == "year" and re.fullmatch(r"\d{4}", text):
        return f"{text}-12-31"
    if precision == "month" and re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:7])
        return f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else ""


# -- the country-year panel -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    organisation: str
    role: str
    labels: Labels
    role_labels: Labels
    #: what the graph states about the completeness of the organisation's member list
    completeness: ListCompleteness | None = None
    #: whether some membership of this column states no start (its years are unknown)
    has_undated: bool = False

    @property
    def partial(self) -> bool:
        return self.completeness is not None and not self.completeness.complete

    @property
    def open_list(self) -> bool:
        """Whether a state the column does not name is "not stated" rather than 0: a partial
        list, or a list nothing is stated about that holds undated members (the Enhanced
        Opportunities partners: the page names today's four, not the former ones)."""
        return self.partial or (self.completeness is None and self.has_undated)

    @property
    def description(self) -> str:
        member = (
            f"1 if the state was a member of {self.labels.best or self.organisation} "
            f"as {self.role_labels.best or self.role} at any time in the year"
        )
        undated = (
            " A member whose membership states no start has empty cells in every year (see "
            "undated.csv)."
            if self.has_undated
            else ""
        )
        if self.partial:
            return (
                f"{member}, else empty: a partial list (the graph holds only the members the "
                f"pages name), so an empty cell means not stated, not 'not a member'.{undated}"
            )
        if self.open_list:
            return (
                f"{member}, else empty: nothing is stated about the completeness of the list "
                f"and its members are named without dates, so an empty cell means not stated."
                f"{undated}"
            )
        return f"{member}, else 0.{undated}"


@dataclass(frozen=True)
class Panel:
    columns: tuple[Column, ...]
    first_year: int
    last_year: int
    evidence: Evidence
    #: (country, iso3, country IRI, year, then one 0/1 per column; 1/"" for a partial list)
    rows: tuple[tuple[str | int, ...], ...]
    #: memberships whose cells are empty because no start date is stated
    undated: tuple[str, ...]
    #: per state IRI, the year it came into being (reference/statehood.ttl), where stated
    statehood: dict[str, int] = field(default_factory=dict)
    #: for each membership of ``undated``, the name of its column
    undated_columns: tuple[str, ...] = ()

    @property
    def header(self) -> list[str]:
        return [name for name, _ in PANEL_KEY_COLUMNS] + [c.name for c in self.columns]


STATEHOOD_QUERY = """SELECT ?state ?d WHERE {
  ?state org:resultedFrom ?event . ?state a nkg:State .
  ?event time:hasTime ?t . ?t time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?d .
}"""


def statehood(store: ox.Store) -> dict[str, int]:
    """Per state IRI, the (earliest stated) year it came into being as an independent state."""
    found: dict[str, int] = {}
    for row in select(store, STATEHOOD_QUERY):
        match = re.match(r"^(-?\d{4})", row["d"].value)
        if match:
            iri, year = row["state"].value, int(match.group(1))
            found[iri] = min(year, found.get(iri, year))
    return found


def horizon(store: ox.Store) -> int | None:
    """The latest year any date of the dataset mentions: where open memberships are cut."""
    years = []
    for local in ("inXSDDate", "inXSDgYearMonth", "inXSDgYear"):
        for quad in store.quads_for_pattern(None, ox.NamedNode(TIME + local), None, None):
            match = re.match(r"^(\d{4})", quad.object.value)
            if match:
                years.append(int(match.group(1)))
    return max(years) if years else None


def panel(
    store: ox.Store,
    evidence: Evidence = Evidence.ALL,
    first_year: int | None = None,
    last_year: int | None = None,
) -> Panel:
    """One row per state and year, one column per (framework, role) of a NATO relation: 1 for a
    member, 0 for a non-member of a complete list, empty where not stated. A state has no row
    before the year it came into being, where the reference layer states it."""
    # a membership with no stated start is undated (empty cells); one whose starts do not
    # count on this evidence is left out
    relations = [m for m in records.memberships(store) if m.role in PANEL_ROLES]
    spans = {m.iri: evidence.span(m) for m in relations}
    undated = tuple(m.iri for m in relations if not m.starts)
    chosen = [m for m in relations if spans[m.iri] is not None or not m.starts]
    dated = [m for m in chosen if spans[m.iri] is not None]
    columns = _columns(store, chosen, set(undated))
    born = statehood(store)
    if not dated:
        return Panel(columns, 0, -1, evidence, (), undated, born)
    first = first_year if first_year is not None else min(spans[m.iri][0] for m in dated)
    last = last_year if last_year is not None else (horizon(store) or first)
    index = {(c.organisation, c.role): i for i, c in enumerate(columns)}
    states: dict[str, records.Membership] = {}
    years: dict[tuple[str, int], list[tuple[int, int]]] = {}
    unknown: set[tuple[str, int]] = set()
    for m in chosen:
        states.setdefault(m.member, m)
        key = (m.member, index[(m.organisation, m.role)])
        if spans[m.iri] is None:
            unknown.add(key)
            continue
        start, end = spans[m.iri]
        years.setdefault(key, []).append((start, last if end is None else end))
    rows = []
    for member, m in sorted(states.items(), key=lambda kv: (kv[1].member_labels.best, kv[0])):
        for year in range(max(first, born.get(member, first)), last + 1):
            flags = [
                _cell(
                    any(a <= year <= b for a, b in years.get((member, i), ())),
                    (member, i) in unknown,
                    column,
                )
                for i, column in enumerate(columns)
            ]
            rows.append((m.member_labels.best, m.iso3, member, year, *flags))
    undated_columns = tuple(
        columns[index[(m.organisation, m.role)]].name for m in chosen if spans[m.iri] is None
    )
    return Panel(columns, first, last, evidence, tuple(rows), undated, born, undated_columns)


def _cell(member: bool, undated: bool, column: Column) -> int | str:
    """1 for a member; "" (not stated) for an undated member or an open list; else 0."""
    if member:
        return 1
    return "" if undated or column.open_list else 0


def _columns(
    store: ox.Store, memberships: list[records.Membership], undated: set[str]
) -> tuple[Column, ...]:
    pairs = sorted({(m.organisation, m.role) for m in memberships})
    with_undated = {(m.organisation, m.role) for m in memberships if m.iri in undated}
    roles_of: dict[str, set[str]] = {}
    for org, role in pairs:
        roles_of.setdefault(org, set()).add(role)
    acronyms = _acronyms(store, {org for org, _ in pairs})
    names = labels(store, {x for pair in pairs for x in pair})
    completeness = list_completeness(store)
    columns, used = [], set()
    for org, role in pairs:
        name = _column_name(acronyms.get(org) or org.rstrip("/").rsplit("/", 1)[-1])
        if len(roles_of[org]) > 1:
            name = _column_name(f"{name}_{PANEL_ROLES[role]}")
        base, n = name, 2
        while name in used:
            name, n = f"{base[:29]}_{n}", n + 1
        used.add(name)
        columns.append(
            Column(
                name,
                org,
                role,
                names.get(org, Labels()),
                names.get(role, Labels()),
                completeness.get(org),
                (org, role) in with_undated,
            )
        )
    return tuple(sorted(columns, key=lambda c: c.name))


def _acronyms(store: ox.Store, iris: set[str]) -> dict[str, str]:
    found = {}
    for iri in iris:
        for quad in store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(NKG + "acronym"), None, None
        ):
            if isinstance(quad.object, ox.Literal) and quad.object.language == "en":
                found[iri] = quad.object.value
    return found


def _column_name(text: str) -> str:
    """A name pandas, R and Stata all accept: [a-z][a-z0-9_]*, at most 32 characters."""
    name = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "framework"
    if not name[0].isalpha():
        name = "f_" + name
    return name[:32]


def panel_csv(panel_table: Panel) -> str:
    return write_csv(panel_table.header, panel_table.rows)


# -- the exports by name ------------------------------------------------------------------------


def render(name: str, store: ox.Store, evidence: Evidence = Evidence.ALL) -> str:
    """The CSV text of the export ``name`` (memberships, events or panel)."""
    if name == "memberships":
        return write_csv([c for c, _ in MEMBERSHIP_COLUMNS], membership_rows(store))
    if name == "events":
        return write_csv([c for c, _ in EVENT_COLUMNS], event_rows(store))
    if name == "panel":
        return panel_csv(panel(store, evidence))
    if name == "undated":  # what the panel cannot place in years: memberships without a start
        left_out = set(panel(store, evidence).undated)
        return write_csv(
            [c for c, _ in MEMBERSHIP_COLUMNS],
            [row for row in membership_rows(store) if row[MEMBERSHIP_IRI] in left_out],
        )
    if name == "participations":  # the long tables (issue 12): natokg.participations
        return write_csv(
            [c for c, _ in participations.PARTICIPATION_COLUMNS],
            participations.participation_rows(store),
        )
    if name == "programmes":
        return write_csv(
            [c for c, _ in participations.PROGRAMME_COLUMNS], participations.programme_rows(store)
        )
    raise KeyError(name)


EXPORTS = ("memberships", "events", "panel", "undated", "participations", "programmes")
