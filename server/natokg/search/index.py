"""A small in-memory full-text index of the dataset, built once when the application starts.

What is indexed, per resource (an IRI with a name):

==========  =======================================================================  ======
field       from                                                                     weight
==========  =======================================================================  ======
name        ``rdfs:label``, ``skos:prefLabel``, ``foaf:name``, ``dcterms:title``       10
            (English, French, untagged)
alias       ``skos:altLabel``, ``nkg:acronym``, ``skos:notation``                     8
note        ``skos:definition``, ``skos:note``, ``skos:scopeNote``,                    3
            ``dcterms:description``, ``rdfs:comment``
quote       ``prov:value`` of the resource's attestations (the French sentence the      2
            fact rests on, ``nkg:attestedBy``)
==========  =======================================================================  ======

Text is folded for matching: Unicode NFKD with the combining marks dropped, then casefolded
(``Türkiye``, ``turkiye`` and ``TURKIYE`` are one word; ``défense`` matches ``defense``), and
cut into words. A query matches a resource when every one of its words is a word of one of
its fields, or the start of one (``pak`` finds Pakistan); a whole word counts fully, a prefix
half. A resource's score is the sum over the query's words of the best field weight each
reaches, doubled when the query is one of the resource's whole names or aliases (``OTAN``),
one and a half times when one starts with it. Results are ranked by score, then shorter name
first. Types (the ``nkg:`` classes a resource has, inferred ones included) are the facets.

The example queries of the gallery (``queries/*.rq``) are searched too, as the type
``Example query`` (:data:`EXAMPLE_TYPE`): their title as a name, their English and French
questions as aliases (:func:`example_index`); a hit opens the editor with the query. Their
scores count half (:data:`EXAMPLE_WEIGHT`): the long questions name many things, and a thing
called by the query's words ranks before the examples about it (:func:`merged`).

The dataset is read-only, so the index never goes stale; it holds a few thousand entries and is
built in well under a second (a dict from word to the entries that contain it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from natokg.namespaces import DCTERMS, FOAF, NKG, PROV, RDF, RDFS, SKOS

NAME, ALIAS, NOTE, QUOTE = "name", "alias", "note", "quote"
WEIGHTS = {NAME: 10.0, ALIAS: 8.0, NOTE: 3.0, QUOTE: 2.0}
FIELDS: dict[str, tuple[str, ...]] = {
    NAME: (RDFS + "label", SKOS + "prefLabel", FOAF + "name", DCTERMS + "title"),
    ALIAS: (SKOS + "altLabel", NKG + "acronym", SKOS + "notation"),
    NOTE: (
        SKOS + "definition",
        SKOS + "note",
        SKOS + "scopeNote",
        DCTERMS + "description",
        RDFS + "comment",
    ),
}
ATTESTED_BY = NKG + "attestedBy"
QUOTED = PROV + "value"
LANGUAGES = ("en", "fr", "")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Accent- and case-insensitive form of ``text``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass
class Entry:
    iri: str
    #: the display name: English, else French, else untagged
    name: str = ""
    #: (field, text) pairs as stated
    texts: list[tuple[str, str]] = field(default_factory=list)
    #: the nkg: classes of the resource (local names)
    types: set[str] = field(default_factory=set)
    #: folded word → the best field it occurs in
    words: dict[str, str] = field(default_factory=dict)
    #: every name and alias, folded to words joined by a space
    forms: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Hit:
    iri: str
    name: str
    score: float
    types: tuple[str, ...]
    #: the field and text that matched best (a snippet to show)
    field: str
    text: str


@dataclass(frozen=True)
class Found:
    hits: tuple[Hit, ...]
    #: type → number of hits of that type (before the type filter)
    facets: tuple[tuple[str, int], ...]
    total: int


EXAMPLE_TYPE = "Example query"
#: an example's score counts this much against the dataset's
EXAMPLE_WEIGHT = 0.5
#: the key of an example's entry: this prefix and the example's name (its file's stem)
EXAMPLE_KEY = "example:"


class SearchIndex:
    """The index of one store (or of given entries); :meth:`search` answers queries."""

    def __init__(self, store: ox.Store | None, entries: dict[str, Entry] | None = None) -> None:
        self.entries = entries if entries is not None else _entries(store)
        self._by_word: dict[str, set[str]] = defaultdict(set)
        for entry in self.entries.values():
            for word in entry.words:
                self._by_word[word].add(entry.iri)
        self._vocabulary = sorted(self._by_word)

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, type_filter: str | None = None, limit: int = 50) -> Found:
        terms = words(query)
        if not terms:
            return Found((), (), 0)
        scores: dict[str, float] | None = None
        for term in terms:
            reached = self._reach(term)
            scores = (
                reached
                if scores is None
                else {iri: s + reached[iri] for iri, s in scores.items() if iri in reached}
            )
            if not scores:
                return Found((), (), 0)
        assert scores is not None
        folded = " ".join(terms)
        hits = []
        for iri, score in scores.items():
            entry = self.entries[iri]
            if folded in entry.forms:
                score *= 2
            elif any(form.startswith(folded) for form in entry.forms):
                score *= 1.5
            field_name, text = _snippet(entry, terms)
            hits.append(Hit(iri, entry.name, score, tuple(sorted(entry.types)), field_name, text))
        facets: dict[str, int] = defaultdict(int)
        for hit in hits:
            for kind in hit.types:
                facets[kind] += 1
        if type_filter:
            hits = [h for h in hits if type_filter in h.types]
        hits.sort(key=lambda h: (-h.score, len(h.name), fold(h.name), h.iri))
        ranked_facets = tuple(sorted(facets.items(), key=lambda kv: (-kv[1], kv[0])))
        return Found(tuple(hits[:limit]), ranked_facets, len(hits))

    def _reach(self, term: str) -> dict[str, float]:
        """IRI → the best weight ``term`` reaches in it (whole word, else prefix at half)."""
        out: dict[str, float] = {}
        for iri in self._by_word.get(term, ()):
            out[iri] = WEIGHTS[self.entries[iri].words[term]]
        start = _bisect(self._vocabulary, term)
        for word in self._vocabulary[start:]:
            if not word.startswith(term):
                break
            if word == term:
                continue
            for iri in self._by_word[word]:
                weight = WEIGHTS[self.entries[iri].words[word]] / 2
                out[iri] = max(out.get(iri, 0.0), weight)
        return out


def _bisect(sorted_words: list[str], term: str) -> int:
    lo, hi = 0, len(sorted_words)
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_words[mid] < term:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _snippet(entry: Entry, terms: list[str]) -> tuple[str, str]:
    best = (NAME, entry.name)
    best_count = -1
    for field_name, text in entry.texts:
        found = set(words(text))
        count = sum(1 for t in terms if any(w.startswith(t) for w in found))
        if count > best_count or (count == best_count and WEIGHTS[field_name] > WEIGHTS[best[0]]):
            best, best_count = (field_name, text), count
    return best


def _entries(store: ox.Store) -> dict[str, Entry]:
    default = ox.DefaultGraph()
    entries: dict[str, Entry] = {}
    names: dict[str, list[tuple[int, str]]] = defaultdict(list)

    def add(subject: ox.NamedNode, field_name: str, literal: ox.Literal) -> None:
        entry = entries.setdefault(subject.value, Entry(subject.value))
        entry.texts.append((field_name, literal.value))
        if field_name in (NAME, ALIAS):
            entry.forms.add(" ".join(words(literal.value)))
        for word in words(literal.value):
            known = entry.words.get(word)
            if known is None or WEIGHTS[field_name] > WEIGHTS[known]:
                entry.words[word] = field_name

    for field_name, predicates in FIELDS.items():
        for predicate in predicates:
            for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, default):
                subject, literal = quad.subject, quad.object
                if not isinstance(subject, ox.NamedNode) or not isinstance(literal, ox.Literal):
                    continue
                add(subject, field_name, literal)
                if field_name == NAME:
                    lang = (literal.language or "").split("-")[0]
                    rank = LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES)
                    names[subject.value].append((rank, literal.value))
    # the quotes an IRI's facts rest on
    for quad in store.quads_for_pattern(None, ox.NamedNode(ATTESTED_BY), None, default):
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode) or subject.value not in entries:
            continue
        for value in store.quads_for_pattern(quad.object, ox.NamedNode(QUOTED), None, default):
            if isinstance(value.object, ox.Literal):
                add(subject, QUOTE, value.object)
    for iri, entry in entries.items():
        entry.name = min(names[iri])[1] if names.get(iri) else iri.rsplit("/", 1)[-1]
        for quad in store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(RDF + "type"), None, default
        ):
            if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(NKG):
                entry.types.add(quad.object.value[len(NKG) :])
    # only what has a name of its own is a result (not an attestation or interval node)
    return {iri: e for iri, e in entries.items() if names.get(iri)}


def example_index(examples: Iterable[tuple[str, str, str, str]]) -> SearchIndex:
    """The index of the gallery's examples, given as (name, title, question, French question)."""
    entries: dict[str, Entry] = {}
    for name, title, question, question_fr in examples:
        entry = Entry(EXAMPLE_KEY + name, name=title or name, types={EXAMPLE_TYPE})
        for field_name, text in ((NAME, title), (ALIAS, question), (ALIAS, question_fr)):
            if not text:
                continue
            entry.texts.append((field_name, text))
            entry.forms.add(" ".join(words(text)))
            for word in words(text):
                known = entry.words.get(word)
                if known is None or WEIGHTS[field_name] > WEIGHTS[known]:
                    entry.words[word] = field_name
        entries[entry.iri] = entry
    return SearchIndex(None, entries)


def merged(founds: Iterable[Found], type_filter: str | None, limit: int) -> Found:
    """The hits of several searches (each already filtered by ``type_filter``) ranked as one:
    by score, an example's halved (:data:`EXAMPLE_WEIGHT`)."""
    hits: list[Hit] = []
    facets: dict[str, int] = defaultdict(int)
    total = 0
    for found in founds:
        hits.extend(found.hits)
        total += found.total
        for kind, count in found.facets:
            facets[kind] += count
    hits = [
        replace(h, score=h.score * EXAMPLE_WEIGHT) if EXAMPLE_TYPE in h.types else h for h in hits
    ]
    hits.sort(key=lambda h: (-h.score, len(h.name), fold(h.name), h.iri))
    ranked_facets = tuple(sorted(facets.items(), key=lambda kv: (-kv[1], kv[0])))
    return Found(tuple(hits[:limit]), ranked_facets, total)
