"""Parsing what the server sends back: RDF with pyoxigraph, HTML with the standard library."""

from __future__ import annotations

from html.parser import HTMLParser

import pyoxigraph as ox

from natokg.store import Dataset

FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
SUFFIX_TYPES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
}


def parse_rdf(body: bytes, media_type: str) -> set[ox.Triple]:
    """The triples of a document (JSON-LD parses to quads in the default graph)."""
    return {
        ox.Triple(t.subject, t.predicate, t.object)
        for t in ox.parse(body, format=FORMATS[media_type])
    }


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


class Html(HTMLParser):
    """The parts of a page the tests look at: anchors, <link>s, ids, table rows, text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[tuple[str, str]] = []  # (href, text)
        self.links: list[dict[str, str]] = []
        self.ids: set[str] = set()
        self.tags: dict[str, int] = {}
        self.rows: list[tuple[str, list[str]]] = []  # (class of <tr>, cell texts)
        self.scripts = 0
        self.inline_styles = 0
        self._text: list[str] = []
        self._anchor: list[str] | None = None
        self._href = ""
        self._row: tuple[str, list[str]] | None = None
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    @property
    def text(self) -> str:
        return " ".join(" ".join(self._text).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if "id" in a:
            self.ids.add(a["id"])
        if "style" in a:
            self.inline_styles += 1
        if tag == "script" and a.get("type") != "application/ld+json":
            self.scripts += 1
        if tag == "a" and "href" in a:
            self._anchor, self._href = [], a["href"]
        elif tag == "link":
            self.links.append(a)
        elif tag == "tr":
            self._row = (a.get("class", ""), [])
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            self.anchors.append((self._href, " ".join("".join(self._anchor).split())))
            self._anchor = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row[1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        if self._anchor is not None:
            self._anchor.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def hrefs(self) -> set[str]:
        return {href for href, _ in self.anchors}

    def alternates(self) -> dict[str, str]:
        return {link["type"]: link["href"] for link in self.links if link.get("rel") == "alternate"}


# -- where the server answers for a resource, written out by hand (not from the app's mapper) --

KG = "https://w3id.org/natokg/id/"
GENID = "https://w3id.org/natokg/.well-known/genid/"


def id_path(resource: str) -> str:
    if resource.startswith(GENID):
        return "/.well-known/genid/" + resource[len(GENID) :]
    return "/id/" + resource[len(KG) :]


def page_and_data(resource: str) -> tuple[str, str]:
    if resource.startswith(GENID):
        name = resource[len(GENID) :]
        return f"/page/genid/{name}", f"/data/genid/{name}"
    slug = resource[len(KG) :]
    return f"/page/{slug}", f"/data/{slug}"


def expected_triples(dataset: Dataset, resource: str) -> set[ox.Triple]:
    """What the store holds with the resource as subject or object, from the index itself."""
    node = ox.NamedNode(resource)
    quads = list(dataset.store.quads_for_pattern(node, None, None, None))
    quads += list(dataset.store.quads_for_pattern(None, None, node, None))
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
