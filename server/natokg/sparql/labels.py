"""The label service: a readable name for any IRI of the dataset, in SPARQL results.

Two ways to ask, both with the language fallback English → French → no language tag → any
other tag, from ``rdfs:label``, else ``skos:prefLabel``, ``foaf:name``, ``dcterms:title``:

- ``nkg:label(?x)``, a custom function (pyoxigraph's ``custom_functions``): an expression,
  usable anywhere (``BIND``, ``SELECT (nkg:label(?x) AS ?name)``, ``FILTER``, ``ORDER BY``);
  unbound when ``?x`` is not an IRI with a label.
- ``?xLabel``, in the spirit of the Wikidata Query Service: a projected variable named after
  another projected variable plus ``Label`` is filled, in every row where it is unbound, with
  the label of that variable's IRI (``SELECT ?country ?countryLabel { … }``); the rows are
  filled as they are written. When ``?x`` itself is not projected (``SELECT ?countryLabel
  { ?country … }``), the projection is rewritten instead: ``?countryLabel`` becomes
  ``(nkg:label(?country) AS ?countryLabel)`` (:func:`project_labels`), so DISTINCT, GROUP BY
  and ORDER BY see the names. Where ``?countryLabel`` is bound by the query itself (in its
  pattern, or in GROUP BY) the engine refuses that projection and the query runs as written.

Labels are read from the default graph (the merge of the named graphs) by index look-ups,
and kept in a bounded cache (the dataset is read-only).
"""

from __future__ import annotations

import pyoxigraph as ox

from natokg.namespaces import DCTERMS, FOAF, NKG, RDFS, SKOS
from natokg.sparql.cache import LruCache
from natokg.sparql.scanner import QueryFacts

#: the custom function's IRI
LABEL_FUNCTION = NKG + "label"
#: the suffix that asks for a variable's label
SUFFIX = "Label"
PROPERTIES = tuple(
    ox.NamedNode(p) for p in (RDFS + "label", SKOS + "prefLabel", FOAF + "name", DCTERMS + "title")
)
LANGUAGES = ("en", "fr", "")
CACHED = 50_000
_NONE = ox.Literal("")  # the cache's "no label"


class Labeller:
    """Labels of one (read-only) store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._cache: LruCache[ox.Literal] = LruCache(CACHED, max_bytes=16 * 1024 * 1024)

    def label(self, term: object) -> ox.Literal | None:
        """The best label of ``term`` (an IRI), or None."""
        if not isinstance(term, ox.NamedNode):
            return None
        cached = self._cache.get(term.value)
        if cached is None:
            cached = self._find(term) or _NONE
            self._cache.put(term.value, cached, size=len(term.value) + len(cached.value))
        return None if cached is _NONE else cached

    def _find(self, node: ox.NamedNode) -> ox.Literal | None:
        best: tuple[int, int, str] | None = None
        found: ox.Literal | None = None
        for rank, predicate in enumerate(PROPERTIES):
            quads = self.store.quads_for_pattern(node, predicate, None, ox.DefaultGraph())
            for quad in quads:
                literal = quad.object
                if not isinstance(literal, ox.Literal):
                    continue
                lang = (literal.language or "").split("-")[0].lower()
                order = LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES)
                key = (order, rank, literal.value)
                if best is None or key < best:
                    best, found = key, literal
        return found

    def functions(self) -> dict[ox.NamedNode, object]:
        """The custom functions to hand to ``Store.query``."""
        return {ox.NamedNode(LABEL_FUNCTION): self.label}

    def fill_tsv(self, tsv: bytes) -> bytes:
        """SPARQL TSV results with every unbound ``?xLabel`` next to a bound IRI ``?x`` filled."""
        header, _, body = tsv.partition(b"\n")
        names = [v.lstrip("?") for v in header.decode("utf-8").split("\t")]
        pairs = [
            (names.index(name[: -len(SUFFIX)]), column)
            for column, name in enumerate(names)
            if name.endswith(SUFFIX) and name[: -len(SUFFIX)] in names
        ]
        if not pairs or not body:
            return tsv
        lines = body.decode("utf-8").split("\n")
        for number, line in enumerate(lines):
            if not line:
                continue
            cells = line.split("\t")  # a tab inside a literal is written as \t
            for source, target in pairs:
                iri = cells[source]
                if cells[target] or not (iri.startswith("<") and iri.endswith(">")):
                    continue
                found = self.label(ox.NamedNode(iri[1:-1]))
                if found is not None:
                    cells[target] = str(found)
            lines[number] = "\t".join(cells)
        return header + b"\n" + "\n".join(lines).encode("utf-8")


def project_labels(text: str, facts: QueryFacts) -> str:
    """``text`` with each projected ``?xLabel`` whose ``?x`` is not projected (but occurs in
    the query) computed in the projection as ``(nkg:label(?x) AS ?xLabel)``; ``text`` itself
    when there is none. ``facts`` are the scanner's facts of ``text``."""
    projected = {name for name, _ in facts.projection}
    counts = dict(facts.occurrences)
    edits = [
        (offset, name)
        for name, offset in facts.projection
        if name.endswith(SUFFIX)
        and (source := name[: -len(SUFFIX)])
        and source not in projected
        and counts.get(source, 0) > 0
    ]
    for offset, name in sorted(edits, reverse=True):
        sigil, source = text[offset], name[: -len(SUFFIX)]
        expression = f"(<{LABEL_FUNCTION}>({sigil}{source}) AS {sigil}{name})"
        text = text[:offset] + expression + text[offset + 1 + len(name) :]
    return text
