"""OWL class expressions in Manchester syntax, read from their RDF mapping (OWL 2 Mapping to RDF).

Covers the axiom shapes the ontology uses and the usual others: restrictions (``some``,
``only``, ``value``, ``Self``, ``min``/``max``/``exactly``, qualified or not), ``and``, ``or``,
``not``, ``{…}`` enumerations and ``inverse`` properties. The output is a sequence of tokens,
``(text, iri)``, with ``iri`` set for named entities so that a page can link them; ``text`` of
a named entity is its CURIE. An RDF shape it does not know renders as ``?`` rather than failing.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from natokg.namespaces import OWL, RDF

Token = tuple[str, str | None]
Tokens = tuple[Token, ...]

_CARDINALITIES = (
    ("minQualifiedCardinality", "min", True),
    ("maxQualifiedCardinality", "max", True),
    ("qualifiedCardinality", "exactly", True),
    ("minCardinality", "min", False),
    ("maxCardinality", "max", False),
    ("cardinality", "exactly", False),
)


class Renderer:
    """Renders the class expressions of ``store`` (any graph); ``curie`` names an IRI."""

    def __init__(self, store: ox.Store, curie: Callable[[str], str]) -> None:
        self.store = store
        self.curie = curie

    def _one(self, node: ox.NamedNode | ox.BlankNode, p: str) -> ox.Term | None:
        for q in self.store.quads_for_pattern(node, ox.NamedNode(OWL + p), None, None):
            return q.object
        return None

    def items(self, head: ox.Term | None) -> list[ox.Term]:
        """The members of an RDF list."""
        out: list[ox.Term] = []
        seen = set()
        while isinstance(head, ox.BlankNode) and head not in seen:
            seen.add(head)
            first = [
                q.object
                for q in self.store.quads_for_pattern(head, ox.NamedNode(RDF + "first"), None, None)
            ]
            out += first[:1]
            rest = [
                q.object
                for q in self.store.quads_for_pattern(head, ox.NamedNode(RDF + "rest"), None, None)
            ]
            head = rest[0] if rest else None
        return out

    def name(self, node: ox.Term) -> Tokens:
        if isinstance(node, ox.NamedNode):
            return ((self.curie(node.value), node.value),)
        if isinstance(node, ox.Literal):
            return ((f'"{node.value}"', None),)
        return self.expression(node)

    def property(self, node: ox.Term | None) -> Tokens:
        if isinstance(node, ox.BlankNode):
            inverse = self._one(node, "inverseOf")
            if inverse is not None:
                return (("inverse ", None), *self.name(inverse))
        return self.name(node) if node is not None else (("?", None),)

    def expression(self, node: ox.Term, nested: bool = False) -> Tokens:
        """A class expression; ``nested`` adds parentheses around compound ones."""
        if isinstance(node, ox.NamedNode):
            return self.name(node)
        if not isinstance(node, ox.BlankNode):
            return (("?", None),)
        tokens = self._compound(node)
        if nested and len(tokens) > 1:
            return (("(", None), *tokens, (")", None))
        return tokens

    def _compound(self, node: ox.BlankNode) -> Tokens:
        for key, word in (("intersectionOf", " and "), ("unionOf", " or ")):
            head = self._one(node, key)
            if head is not None:
                return self._join([self.expression(m, True) for m in self.items(head)], word)
        complement = self._one(node, "complementOf")
        if complement is not None:
            return (("not ", None), *self.expression(complement, True))
        one_of = self._one(node, "oneOf")
        if one_of is not None:
            return (
                ("{", None),
                *self._join([self.name(m) for m in self.items(one_of)], ", "),
                ("}", None),
            )
        on_property = self._one(node, "onProperty")
        if on_property is not None:
            return self._restriction(node, self.property(on_property))
        return (("?", None),)

    def _restriction(self, node: ox.BlankNode, prop: Tokens) -> Tokens:
        for key, word in (("someValuesFrom", "some"), ("allValuesFrom", "only")):
            filler = self._one(node, key)
            if filler is not None:
                return (*prop, (f" {word} ", None), *self.expression(filler, True))
        value = self._one(node, "hasValue")
        if value is not None:
            return (*prop, (" value ", None), *self.name(value))
        if self._one(node, "hasSelf") is not None:
            return (*prop, (" Self", None))
        for key, word, qualified in _CARDINALITIES:
            n = self._one(node, key)
            if n is None:
                continue
            filler = self._one(node, "onClass") or self._one(node, "onDataRange")
            tail = self.expression(filler, True) if qualified and filler is not None else ()
            return (*prop, (f" {word} {n.value}", None), *((" ", None),) * bool(tail), *tail)
        return (*prop, (" ?", None))

    @staticmethod
    def _join(parts: list[Tokens], word: str) -> Tokens:
        out: list[Token] = []
        for i, part in enumerate(parts):
            if i:
                out.append((word, None))
            out += part
        return tuple(out)


def text(tokens: Tokens) -> str:
    """The expression as plain text."""
    return "".join(t for t, _ in tokens)
