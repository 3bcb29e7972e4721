"""Compare query results across servers: SPARQL JSON results as multisets of rows, graphs as
sets of triples (blank nodes canonicalised), with the literal normalisation servers may
legitimately differ on (numeric lexical forms and datatypes, ``typed-literal``, language-tag
case, explicit ``xsd:string``). Order is not compared (engines break ORDER BY ties differently).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
NUMERIC = {
    XSD + t
    for t in (
        "integer decimal double float int long short byte nonNegativeInteger positiveInteger "
        "negativeInteger nonPositiveInteger unsignedInt unsignedLong unsignedShort unsignedByte"
    ).split()
}
Term = tuple
Row = tuple[tuple[str, Term], ...]


class ResultError(ValueError):
    """A response that is not a result of the expected kind."""


@dataclass(frozen=True)
class Normalised:
    """A result in comparable form: a boolean, a multiset of rows, or a set of triples."""

    kind: str
    boolean: bool | None = None
    variables: frozenset[str] = frozenset()
    rows: Counter = field(default_factory=Counter)
    triples: frozenset = frozenset()

    @property
    def size(self) -> int:
        if self.kind == "boolean":
            return 1
        return sum(self.rows.values()) if self.kind == "rows" else len(self.triples)


def literal(value: str, datatype: str | None, lang: str | None) -> Term:
    if lang:
        return ("lit", value, lang.lower(), RDF_LANG)
    datatype = datatype or XSD + "string"
    if datatype in NUMERIC:
        try:
            return ("num", f"{float(value):.12g}")
        except ValueError:
            return ("lit", value, "", datatype)
    if datatype == XSD + "boolean":
        return ("bool", value.strip() in ("true", "1"))
    return ("lit", value, "", datatype)


def json_term(binding: dict) -> Term:
    kind = binding.get("type")
    if kind == "uri":
        return ("iri", binding["value"])
    if kind == "bnode":
        return ("bnode",)
    if kind in ("literal", "typed-literal"):
        return literal(binding["value"], binding.get("datatype"), binding.get("xml:lang"))
    raise ResultError(f"unknown term type {kind!r}")


def ox_term(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    return ("other", str(term))


def from_json(body: bytes) -> Normalised:
    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise ResultError(f"not JSON: {body[:120]!r}") from exc
    if "boolean" in doc:
        return Normalised("boolean", boolean=bool(doc["boolean"]))
    try:
        variables = doc["head"].get("vars", [])
        bindings = doc["results"]["bindings"]
    except (KeyError, TypeError, AttributeError) as exc:
        raise ResultError("not a SPARQL JSON result") from exc
    rows: Counter = Counter(
        tuple(sorted((var, json_term(b)) for var, b in row.items())) for row in bindings
    )
    return Normalised("rows", variables=frozenset(variables), rows=rows)


def from_graph(body: bytes, content_type: str) -> Normalised:
    media = content_type.split(";")[0].strip() or "application/n-triples"
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None:
        raise ResultError(f"unknown graph media type {media!r}")
    try:
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(body, format=fmt)]
    except SyntaxError as exc:
        raise ResultError(f"unparsable {media}: {exc}") from exc
    if any(isinstance(x, ox.BlankNode) for q in quads for x in (q.subject, q.object)):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        quads = list(dataset)
    triples = frozenset(
        (ox_term(q.subject), ox_term(q.predicate), ox_term(q.object)) for q in quads
    )
    return Normalised("triples", triples=triples)


@dataclass(frozen=True)
class Difference:
    """How ``other`` differs from ``reference``: empty when they agree."""

    detail: str = ""

    def __bool__(self) -> bool:
        return bool(self.detail)


def differ(reference: Normalised, other: Normalised, sample: int = 2) -> Difference:
    if reference.kind != other.kind:
        return Difference(f"{other.kind} instead of {reference.kind}")
    if reference.kind == "boolean":
        if reference.boolean != other.boolean:
            return Difference(f"{other.boolean} instead of {reference.boolean}")
        return Difference()
    if reference.kind == "rows":
        missing = reference.rows - other.rows
        extra = other.rows - reference.rows
        vars_note = ""
        if reference.variables != other.variables:
            vars_note = f"; variables {sorted(other.variables)} vs {sorted(reference.variables)}"
    else:
        missing = Counter(reference.triples - other.triples)
        extra = Counter(other.triples - reference.triples)
        vars_note = ""
    if not missing and not extra:
        return Difference(vars_note.lstrip("; "))
    return Difference(
        f"{other.size} vs {reference.size} results; {sum(missing.values())} missing "
        f"(e.g. {_show(missing, sample)}), {sum(extra.values())} extra "
        f"(e.g. {_show(extra, sample)})" + vars_note
    )


def _show(items: Counter, sample: int) -> str:
    shown = [str(x)[:160] for x in list(items)[:sample]]
    return "; ".join(shown) or "-"
