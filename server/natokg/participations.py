"""Two long tables for researchers: who took part in which event, and in which programme.

One row per participation (a statement ``nkg:participant``/``nkg:participationIn``), so that
``pandas.read_csv(..., parse_dates=["date_from"])`` loads them as they are:

- ``participations.csv``: events (meetings, visits, summits, speeches…), with the participant,
  the role, the post held and on whose behalf, the event's date at its precision
  (``date``, ``date_precision``) and as the first day it covers (``date_from``, ISO 8601), and
  the source sentence.
- ``programmes.csv``: partnership programmes, tools and initiatives (DEEP, SPS, DCB, PARP…),
  with the participant, the role, the status and the start at its precision.

Rows come from SPARQL over the default graph (the merge of the named graphs), labels from
:func:`natokg.ld.query.labels`; written by :func:`natokg.exports.write_csv`.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from natokg.ld.query import labels, select
from natokg.namespaces import XSD

PROGRAMME_TYPES = ("PartnershipInstrument", "PartnershipTool", "Initiative")

PARTICIPATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event", "the event's name (English, else French)"),
    ("event_type", "its most specific type (Meeting, Visit, Summit, Speech…)"),
    ("date", "the event's date at the source's precision (1995, 2011-04, 2007-01-30)"),
    ("date_precision", "year, month or day"),
    ("date_from", "the first day the date covers, ISO 8601 (2011-04 → 2011-04-01)"),
    ("participant", "who took part (a state, an organisation, a person)"),
    ("role", "the participant's role (host, speaker, attendee…)"),
    ("post", "the post the person held at the time, where stated"),
    ("on_behalf_of", "whom the participant represented, where stated"),
    ("quote", "the source sentence (French)"),
    ("source_title", "the document it is quoted from"),
    ("event_iri", "the event's IRI"),
    ("participant_iri", "the participant's IRI"),
    ("participation", "the IRI of the participation statement"),
)
PROGRAMME_COLUMNS: tuple[tuple[str, str], ...] = (
    ("participant", "who takes part (a state, an organisation)"),
    ("programme", "the programme, project, tool or initiative"),
    ("role", "the participant's role"),
    ("status", "the status stated (completed, ongoing, recognised…), where stated"),
    ("start", "since when, at the source's precision, where stated"),
    ("start_precision", "year, month or day"),
    ("start_from", "the first day the start covers, ISO 8601"),
    ("quote", "the source sentence (French)"),
    ("source_title", "the document it is quoted from"),
    ("participant_iri", "the participant's IRI"),
    ("programme_iri", "the programme's IRI"),
    ("participation", "the IRI of the participation statement"),
)

_PRECISION = {XSD + "date": "day", XSD + "gYearMonth": "month", XSD + "gYear": "year"}

_QUERY = """
SELECT ?x ?who ?what ?role ?post ?behalf ?status ?date ?quote ?doc WHERE {
  ?x nkg:participant ?who ; nkg:participationIn ?what .
  OPTIONAL { ?x nkg:participantRole ?role }
  OPTIONAL { ?x nkg:heldPost ?post }
  OPTIONAL { ?x nkg:onBehalfOf ?behalf }
  OPTIONAL { ?x nkg:status ?status }
  OPTIONAL { ?x nkg:startDate ?start }
  OPTIONAL { ?what nkg:date ?eventDate }
  BIND(COALESCE(?start, ?eventDate) AS ?date)
  OPTIONAL { ?x nkg:attestedBy ?a . ?a prov:value ?quote ; prov:wasQuotedFrom ?doc }
}
"""
_TYPES = """SELECT ?what ?type WHERE { ?x nkg:participationIn ?what . ?what a ?type }"""


def _precision(term: ox.Literal | None) -> tuple[str, str, str]:
    """(value, precision, first day in ISO 8601) of a date literal; empty if none."""
    if not isinstance(term, ox.Literal):
        return "", "", ""
    precision = _PRECISION.get(term.datatype.value, "")
    value = term.value
    first = {"day": value[:10], "month": value[:7] + "-01", "year": value[:4] + "-01-01"}
    return value, precision, first.get(precision, "")


def _rows(store: ox.Store) -> tuple[list[dict], dict[str, set[str]], dict]:
    rows = select(store, _QUERY)
    types: dict[str, set[str]] = {}
    for row in select(store, _TYPES):
        types.setdefault(row["what"].value, set()).add(row["type"].value)
    iris = {
        term.value
        for row in rows
        for key in ("who", "what", "role", "post", "behalf", "status", "doc")
        if isinstance(term := row.get(key), ox.NamedNode)
    }
    return rows, types, labels(store, iris)


def _is_programme(types: set[str]) -> bool:
    return any(t.endswith("#" + name) for t in types for name in PROGRAMME_TYPES)


def _kind(types: set[str]) -> str:
    """The most specific-looking nkg: type (the one that is not Event or a generic one)."""
    local = sorted(t.rsplit("#", 1)[-1] for t in types if "/natokg/ontology#" in t)
    specific = [t for t in local if t not in ("Event", "Activity", "Thing")]
    return (specific or local or [""])[0]


def _namer(names: dict) -> Callable[[object], str]:
    """A cell's text for a term: an IRI's best label (the IRI if it has none), a literal's
    value, nothing for an unbound term."""

    def name(term: object) -> str:
        if isinstance(term, ox.NamedNode):
            found = names.get(term.value)
            return found.best if found else term.value
        return term.value if isinstance(term, ox.Literal) else ""

    return name


def participation_rows(store: ox.Store) -> list[list[str]]:
    rows, types, names = _rows(store)
    name = _namer(names)

    out = []
    for row in rows:
        what_types = types.get(row["what"].value, set())
        if _is_programme(what_types):
            continue
        date, precision, first = _precision(row.get("date"))
        out.append(
            [
                name(row["what"]),
                _kind(what_types),
                date,
                precision,
                first,
                name(row["who"]),
                name(row.get("role")),
                name(row.get("post")),
                name(row.get("behalf")),
                name(row.get("quote")),
                name(row.get("doc")),
                row["what"].value,
                row["who"].value,
                row["x"].value,
            ]
        )
    return _unique(out)


def programme_rows(store: ox.Store) -> list[list[str]]:
    rows, types, names = _rows(store)
    name = _namer(names)

    out = []
    for row in rows:
        if not _is_programme(types.get(row["what"].value, set())):
            continue
        start, precision, first = _precision(row.get("date"))
        out.append(
            [
                name(row["who"]),
                name(row["what"]),
                name(row.get("role")),
                name(row.get("status")),
                start,
                precision,
                first,
                name(row.get("quote")),
                name(row.get("doc")),
                row["who"].value,
                row["what"].value,
                row["x"].value,
            ]
        )
    return _unique(out)


def _unique(rows: list[list[str]]) -> list[list[str]]:
    """Each row once (a statement quoted twice gives one row per sentence), sorted."""
    return sorted({tuple(r): r for r in rows}.values())
