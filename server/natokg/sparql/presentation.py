"""How RDF terms look in the HTML result table and in the terminal."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import url_for

from natokg.formats import Format
from natokg.links import web_link
from natokg.sparql.protocol import QueryRequest
from natokg.sparql.results import Table, Term

#: datatypes the terminal table leaves implicit
_PLAIN_DATATYPES = frozenset({"xsd:decimal", "xsd:double", "xsd:boolean"})
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class TermView:
    """One cell: ``kind`` is iri, literal, bnode, triple or unbound."""

    kind: str
    text: str
    #: where an IRI links to: only http(s) IRIs link (see :mod:`natokg.links`)
    href: str | None = None
    #: the language tag or (abbreviated) datatype of a literal
    note: str | None = None
    #: the full IRI, when ``text`` abbreviates it
    title: str | None = None
    #: the IRI's label (the label service), shown beside it
    label: str | None = None


def compact(iri: str, namespaces: Sequence[tuple[str, str]]) -> str:
    """``prefix:local`` for an IRI under one of ``namespaces`` (longest first), else ``<iri>``."""
    for namespace, prefix in namespaces:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


#: the path of this server's page for an IRI of the dataset, or None (an external IRI)
PagePath = Callable[[str], str | None]


def _no_page(_iri: str) -> None:
    return None


def view(
    term: Term | None,
    namespaces: Sequence[tuple[str, str]],
    labels: Mapping[str, str] | None = None,
    page: PagePath = _no_page,
) -> TermView:
    """One cell. An IRI of the dataset links to its page on this server (``page``); its
    published IRI stays in ``title`` and in the text."""
    if term is None:
        return TermView("unbound", "")
    if isinstance(term, ox.NamedNode):
        text = compact(term.value, namespaces)
        label = (labels or {}).get(term.value)
        href = page(term.value) or web_link(term.value)
        return TermView("iri", text, href, title=term.value, label=label)
    if isinstance(term, ox.BlankNode):
        return TermView("bnode", f"_:{term.value}")
    if isinstance(term, ox.Literal):
        if term.language:
            return TermView("literal", term.value, note=f"@{term.language}")
        datatype = term.datatype.value
        note = None if datatype in (XSD_STRING, RDF_LANG_STRING) else compact(datatype, namespaces)
        return TermView("literal", term.value, note=note)
    return TermView("triple", str(term))


def rows(
    table: Table, namespaces: Sequence[tuple[str, str]], page: PagePath = _no_page
) -> list[list[TermView]]:
    """The cells; an IRI's label is shown beside it except in a ``?x`` column whose ``?xLabel``
    is projected too (the name is in that column: never shown twice)."""
    named = set(table.variables)
    labels = [None if f"{v}Label" in named else table.labels for v in table.variables]
    return [
        [view(term, namespaces, labels[i], page) for i, term in enumerate(row)]
        for row in table.rows
    ]


def query_url(req: QueryRequest, fmt: Format) -> str:
    """A GET URL that asks the same query (and dataset) in ``fmt``."""
    params: list[tuple[str, str]] = [("query", req.query or "")]
    params += [("default-graph-uri", g) for g in req.default_graphs]
    params += [("named-graph-uri", g) for g in req.named_graphs]
    params.append(("format", fmt.spec.names[0]))
    return f"{url_for('sparql.endpoint')}?{urlencode(params)}"


def text_table(table: Table, namespaces: Sequence[tuple[str, str]]) -> str:
    """A plain-text table for the terminal (``natokg query``)."""
    if table.boolean is not None:
        return f"{'true' if table.boolean else 'false'}\n"
    cells = [[_plain(view(term, namespaces)) for term in row] for row in table.rows]
    header = [f"?{v}" if table.kind.value == "solutions" else v for v in table.variables]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.append(
        f"({len(cells)} row{'s' if len(cells) != 1 else ''}"
        f"{', truncated' if table.truncated else ''})"
    )
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _plain(cell: TermView) -> str:
    if cell.kind != "literal":
        return cell.text
    text = cell.text.replace("\n", "\\n").replace("\t", "\\t")
    if cell.note is None or cell.note in _PLAIN_DATATYPES:
        return text
    return f"{text}{cell.note}" if cell.note.startswith("@") else f"{text} ({cell.note})"
