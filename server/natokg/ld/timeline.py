"""A state's timeline: its memberships, its dated participations and the events it is part of."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from natokg.ld import events as event_records
from natokg.ld import records
from natokg.ld.dates import DateValue
from natokg.ld.query import Labels, labels, select

_VALUE = "time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear"
PARTICIPATIONS = f"""SELECT ?p ?in ?role ?d ?end ?state WHERE {{
    ?p nkg:participant ?state ; nkg:participationIn ?in ; time:hasTime ?t .
    OPTIONAL {{ ?p nkg:participantRole ?role }}
    OPTIONAL {{ ?t time:hasBeginning? ?b . ?b {_VALUE} ?d }}
    OPTIONAL {{ ?t time:hasEnd ?e . ?e {_VALUE} ?end }}
}}"""


@dataclass(frozen=True)
class Item:
    """One line of a timeline: a membership, a dated participation or an event."""

    kind: str  # "membership", "participation" or "event"
    iri: str
    labels: Labels
    #: what kind of thing, or in which role ("partner", "exercise", "attendee")
    detail: str
    start: DateValue | None
    end: DateValue | None
    #: the organisation (memberships) or what was taken part in (participations), else ""
    target: str = ""
    #: where sources disagree on the dates, the other stated dates
    note: str = ""

    @property
    def open_ended(self) -> bool:
        return self.kind == "membership" and self.start is not None and self.end is None


@dataclass(frozen=True)
class Timeline:
    state: str
    items: tuple[Item, ...]  # dated, in date order
    undated: tuple[Item, ...]


def state_timeline(store: ox.Store, state: str) -> Timeline:
    items = [_from_membership(m) for m in records.memberships(store, member=state)]
    items += _participations(store, state)
    items += [_from_event(e) for e in event_records.events(store, related_to=state)]
    dated = sorted((i for i in items if i.start), key=_order)
    undated = sorted((i for i in items if not i.start), key=lambda i: i.labels.best)
    return Timeline(state, tuple(dated), tuple(undated))


def _order(item: Item) -> tuple:
    assert item.start is not None
    return (item.start.sort_key, item.kind != "membership", item.labels.best, item.iri)


def _from_membership(m: records.Membership) -> Item:
    organisation = m.organisation_labels
    label = Labels(organisation.en, organisation.fr, organisation.other or m.organisation)
    note = f"sources disagree: {m.other_dates}" if m.other_dates else ""
    return Item(
        "membership", m.iri, label, m.role_labels.best, m.start, m.end, m.organisation, note
    )


def _from_event(e: event_records.Event) -> Item:
    detail = ", ".join(t.labels.best for t in e.types)
    return Item("event", e.iri, e.labels, detail, e.date, e.end)


def _participations(store: ox.Store, state: str) -> list[Item]:
    rows = select(store, PARTICIPATIONS, state=ox.NamedNode(state))
    names = labels(store, {r[k].value for r in rows for k in ("in", "role") if k in r})
    items = []
    for row in rows:
        start = _date(row.get("d"))
        if start is None:
            continue
        target = row["in"].value
        role = names.get(row["role"].value, Labels()).best if "role" in row else ""
        items.append(
            Item(
                "participation",
                row["p"].value,
                names.get(target, Labels(other=target)),
                role,
                start,
                _date(row.get("end")),
                target,
            )
        )
    return items


def _date(term: object) -> DateValue | None:
    if not isinstance(term, ox.Literal):
        return None
    return DateValue.parse(term.value, term.datatype.value)
