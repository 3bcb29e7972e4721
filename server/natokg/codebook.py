"""Codebooks of the researcher exports, as CSV on the Web (W3C CSVW) table descriptions.

Each ``/exports/<name>.csv`` has its description at ``/exports/<name>.csv-metadata.json`` — the
name a CSVW processor looks for next to a CSV file — listing every column with its meaning, its
datatype (``date`` columns are ISO 8601 days that ``pandas.read_csv(parse_dates=…)`` loads as
they are; the columns that keep a source's precision, ``1995`` or ``2011-04``, are strings),
and, for cells holding several values, their separator. :func:`date_columns` gives the names to
pass to ``parse_dates``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from natokg import exports, participations

CSVW = "http://www.w3.org/ns/csvw"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"

#: What each export is, one sentence.
TITLES = {
    "memberships": "Memberships of states in organisations and partnership frameworks",
    "events": "Events: meetings, visits, exercises, decisions, operations",
    "panel": "Country-year panel of memberships of NATO and its partnership frameworks",
    "undated": "Memberships the panel leaves out because no start is stated",
    "participations": "Participations in events: who, in what role and post, on whose behalf",
    "programmes": "Participations in partnership programmes, projects, tools and initiatives",
}

#: Columns of ISO 8601 days (YYYY-MM-DD), per export.
DATES = {
    "memberships": ("start_from", "end_until"),
    "undated": ("start_from", "end_until"),
    "events": ("date_from", "end_until"),
    "participations": ("date_from",),
    "programmes": ("start_from",),
    "panel": (),
}

_INTEGERS = {"start_year", "end_year", "year"}
_IRIS = {
    "membership",
    "country_iri",
    "framework_iri",
    "event",
    "event_iri",
    "participant_iri",
    "programme_iri",
    "participation",
}
#: Cells of several values joined by exports.SEP (the source columns of memberships and events).
_LISTS = {
    "memberships": {"source_kind", "source", "source_title", "quote"},
    "undated": {"source_kind", "source", "source_title", "quote"},
    "events": {"type", "participants", "place", "source_kind", "source", "source_title", "quote"},
}


def columns(name: str, store: ox.Store) -> Sequence[tuple[str, str]]:
    """(column, meaning) of the export ``name``, in the file's order."""
    if name in ("memberships", "undated"):
        return exports.MEMBERSHIP_COLUMNS
    if name == "events":
        return exports.EVENT_COLUMNS
    if name == "participations":
        return participations.PARTICIPATION_COLUMNS
    if name == "programmes":
        return participations.PROGRAMME_COLUMNS
    if name == "panel":
        table = exports.panel(store)
        return (*exports.PANEL_KEY_COLUMNS, *((c.name, c.description) for c in table.columns))
    raise KeyError(name)


def date_columns(name: str) -> tuple[str, ...]:
    """The columns of ``name`` to give ``pandas.read_csv(parse_dates=…)``."""
    return DATES[name]


def _datatype(name: str, column: str, flags: set[str]) -> str | dict[str, str]:
    if column in DATES[name]:
        return "date"
    if column in _INTEGERS or column in flags:
        return "integer"
    if column in _IRIS:
        return "anyURI"
    if column == "list_complete":
        return {"base": "boolean", "format": "true|false"}
    return "string"


def metadata(name: str, store: ox.Store, url: str) -> dict[str, Any]:
    """The CSVW table description of the export ``name`` found at ``url``."""
    cols = columns(name, store)
    flags = set()
    if name == "panel":
        flags = {c for c, _ in cols} - {c for c, _ in exports.PANEL_KEY_COLUMNS}
    described = []
    for column, meaning in cols:
        entry: dict[str, Any] = {
            "name": column,
            "titles": column,
            "dc:description": meaning,
            "datatype": _datatype(name, column, flags),
        }
        if column in _LISTS.get(name, ()):
            entry["separator"] = exports.SEP
        described.append(entry)
    return {
        "@context": CSVW,
        "url": url,
        "dc:title": TITLES[name],
        "dc:license": {"@id": LICENCE},
        "dialect": {"encoding": "utf-8", "header": True, "delimiter": ","},
        "null": "",
        "tableSchema": {"columns": described},
    }
