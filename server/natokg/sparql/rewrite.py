"""Rewrite a query before the engine sees it, only where the result provably stays the same.

Oxigraph evaluates a group in the order it is written. A required pattern written *after* an
``OPTIONAL`` is joined to the optional's result, and when that pattern is not connected to what
came before it (``?begin time:inXSDgYear ?year . ?member rdfs:label ?name``), the engine
evaluates it on its own first: a cross product of every year and every label, then the join.
Written with the ``OPTIONAL`` last, the same query takes milliseconds. This module moves such
required patterns in front of the ``OPTIONAL``, when — and only when — that cannot change the
answer.

The rule
--------
SPARQL translates a group ``{ E1 E2 … En }`` left to right (section 18.2.2.6): a triples block
``T`` makes ``G := Join(G, T)``, ``OPTIONAL {O}`` makes ``G := LeftJoin(G, O', F)`` (``F`` the
``FILTER`` s of ``O`` at its top level, ``O'`` the rest), and every ``FILTER`` of the group
applies to the whole group at the end, wherever it is written. The rewrite uses one identity:

    Join(LeftJoin(G, O', F), T) = LeftJoin(Join(G, T), O', F)
    whenever vars(O) ∩ vars(T) ⊆ certain(G)

where ``vars(X)`` is every variable written anywhere in ``X`` (its filters, expressions and
nested patterns included: an over-approximation, which only makes the rule refuse more), and
``certain(G)`` the variables bound in *every* solution of ``G``. Here ``certain(G)`` is the
variables of the triples blocks of ``G`` (a basic graph pattern, property paths included,
binds each of its variables in each solution); nothing else in ``G`` counts (no ``VALUES``,
``BIND``, ``UNION``, subgroup or sub-select: a conservative under-approximation).

Proof. Let μ1 ∈ ⟦G⟧, μo ∈ ⟦O'⟧, μ2 ∈ ⟦T⟧ with μ1 ~ μ2. A variable bound in both μo and μ2 is in
vars(O) ∩ vars(T) ⊆ certain(G) ⊆ dom(μ1), so μ1 ~ μo implies μo ~ μ2: the μo compatible with
μ1 ∪ μ2 are exactly those compatible with μ1. ``F`` reads only variables of vars(O); those of
μ2's domain are in dom(μ1), where μ2 agrees with μ1, so F(μ1 ∪ μo ∪ μ2) = F(μ1 ∪ μo) (an
error alike). Both sides are therefore, with the same multiplicities, { μ1 ∪ μo ∪ μ2 :
μ1 ~ μ2, μo ~ μ1, F(μ1 ∪ μo) } ∪ { μ1 ∪ μ2 : μ1 ~ μ2, no μo ~ μ1 with F(μ1 ∪ μo) true }. ∎
(Blank nodes of ``T`` act as variables unseen elsewhere; labelled blank nodes are never
rewritten, see below.)

Moving ``T`` across a ``FILTER`` of the same group changes nothing (the group's filters apply
to the whole group), so a triples block is moved left across ``OPTIONAL`` s and ``FILTER`` s,
one swap at a time, each ``OPTIONAL`` swap checked against the rule with ``G`` = everything
before that ``OPTIONAL`` at that moment; it stops at anything else (``BIND``, ``VALUES``,
``MINUS``, ``UNION``, ``GRAPH``, subgroups), and it is moved only if it passes at least one
``OPTIONAL``. Groups nested in ``OPTIONAL``, ``MINUS``, ``GRAPH``, ``UNION`` and plain subgroups
are rewritten the same way (SPARQL evaluates them bottom up); sub-selects, ``EXISTS`` and
``SERVICE`` are left as written. Because ``G`` is the same for the written and the moved
pattern, a pattern that makes the query not well designed (``OPTIONAL { ?x :p ?y }
?y :q ?z`` with ``?y`` not bound before) is never moved.

What "the same result" means: the same multiset of solutions. Without ``ORDER BY`` SPARQL
leaves their order open, and so does ``ORDER BY`` between ties; the engine may list them in
another order once the query is rewritten (and ``LIMIT``/``OFFSET`` then cut that order).
``GROUP_CONCAT`` and ``SAMPLE`` read that order into their values (``"A | B"`` or ``"B | A"``),
so queries using them are not rewritten.

Safety of the text
------------------
The text is cut into each group's parts along the tokens of :mod:`natokg.sparql.scanner`;
only if some group has a triples block after an ``OPTIONAL`` is the query parsed, with
rdflib's SPARQL parser (its syntax tree; about 30 ms, once per text): if that fails, nothing
is rewritten. The parts are matched one for one against the parser's tree, the rule decides
on the tree, and the text is reassembled in the new order (a triples block gets a closing
``.`` if it had none). The new text is parsed again and its tree must be the original tree
with exactly the decided permutation (adjacent triples blocks merged, blank nodes compared up
to renaming); otherwise the original text is used. Queries
with ``\\u`` escapes (rdflib expands them before parsing, Oxigraph only inside IRIs and
strings) or labelled blank nodes (``_:b``, scoped to one basic graph pattern) are not
rewritten. A rewritten query the engine rejects is run as written, so errors point into the
user's own text.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from natokg.sparql import offstack
from natokg.sparql.cache import LruCache
from natokg.sparql.scanner import _IRIREF, _TOKEN

if TYPE_CHECKING:  # rdflib's parser is imported on the first query with an OPTIONAL (0.15 s)
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import BNode, Variable

#: rewritten texts kept per process (by query text), and their total length
ENTRIES = 512
BYTES = 4 * 1024 * 1024
#: longer queries are not parsed for rewriting (rdflib's parser is slow on long texts)
MAX_LENGTH = 20_000
#: a query can only be rewritten if it has an OPTIONAL
_OPTIONAL = re.compile(r"optional", re.IGNORECASE)
#: rdflib expands these escapes everywhere before parsing, Oxigraph only in IRIs and strings
_ESCAPE = re.compile(r"\\[uU]")
#: what starts a part of a group other than a triples block
_PART_KEYWORDS = frozenset({"OPTIONAL", "MINUS", "GRAPH", "SERVICE", "FILTER", "BIND", "VALUES"})
_OPERANDS = frozenset({"var", "string", "number", "iri", "pname", "langtag", "bnode"})
_PAIRS = {"{": "}", "(": ")", "[": "]"}
_FORMS = frozenset({"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"})
#: aggregates whose value depends on the order of the solutions (which a rewrite may change)
_ORDER_SENSITIVE = frozenset({"GROUP_CONCAT", "SAMPLE"})


class _Unsafe(Exception):
    """The query is not rewritten (not understood, or nothing provably safe to move)."""


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


@dataclass
class _Part:
    """One part of a group: a triples block or a GraphPatternNotTriples (rdflib's names)."""

    kind: str
    first: int  # index of its first token
    last: int  # index of its last token
    groups: list[_Group] = field(default_factory=list)


@dataclass
class _Group:
    """A ``{ … }`` group graph pattern: its braces (token indices) and its parts."""

    open: int
    close: int
    parts: list[_Part]
    #: the new order of the parts (indices into ``parts``); None: as written
    order: list[int] | None = None


class Rewriter:
    """Rewrites query texts (see the module's rule), remembering the outcome per text."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._done: LruCache[str] = LruCache(ENTRIES, max_bytes=BYTES)

    def __call__(self, text: str) -> str:
        """``text`` rewritten, or ``text`` itself when nothing is provably safe to change."""
        if not self.enabled or not _OPTIONAL.search(text):
            return text
        done = self._done.get(text)
        if done is None:
            done = offstack.call(rewrite, text)  # rdflib's parser, off the request's stack
            self._done.put(text, done, size=len(text) + len(done))
        return text if done == text else done


def rewrite(text: str) -> str:
    """``text`` with required patterns moved before OPTIONALs where the rule allows, else
    ``text`` unchanged (also when it cannot be parsed)."""
    if len(text) > MAX_LENGTH or _ESCAPE.search(text):
        return text
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tokens = _tokens(text)
        if any(t.kind == "bnode" or t.word in _ORDER_SENSITIVE for t in tokens):
            return text
        top = _top_group(tokens)
        if not _may_move(top):  # nothing to move: no need to parse (rdflib takes ~30 ms)
            return text
        tree = parseQuery(text)
        query = tree[1]
        where = query.get("where") if isinstance(query, CompValue) else None
        if not isinstance(where, CompValue) or where.name != "GroupGraphPatternSub":
            return text
        perms: dict[int, list[int]] = {}
        _plan(where, top, perms)
        if not perms:
            return text
        new = _render(text, tokens, top)
        expected = _canon(tree, perms, {})
        if _canon(parseQuery(new), {}, {}) != expected:
            return text
        return new
    except Exception:  # not parsed, not understood: the query runs as written
        return text


# -- the plan: which parts move where ------------------------------------------------------


def _plan(node: CompValue, group: _Group, perms: dict[int, list[int]]) -> None:
    """Decide the new order of ``group`` (rdflib's ``node``) and of the groups inside it."""
    from rdflib.plugins.sparql.parserutils import CompValue

    parts = list(OrderedDict.get(node, "part") or ())
    if [p.name for p in parts] != [p.kind for p in group.parts]:
        raise _Unsafe("the parts do not match the parser's")
    for rdf, mine in zip(parts, group.parts, strict=True):
        for inner, sub in zip(_inner_groups(rdf), mine.groups, strict=True):
            if isinstance(inner, CompValue) and inner.name == "GroupGraphPatternSub":
                _plan(inner, sub, perms)
    order = _order(parts)
    if order != list(range(len(parts))):
        group.order = order
        perms[id(node)] = order


def _may_move(group: _Group) -> bool:
    """Whether some group has a triples block after an OPTIONAL (as the tokens cut it)."""
    kinds = [part.kind for part in group.parts]
    if "OptionalGraphPattern" in kinds:
        first = kinds.index("OptionalGraphPattern")
        if "TriplesBlock" in kinds[first:]:
            return True
    return any(_may_move(inner) for part in group.parts for inner in part.groups)


def _inner_groups(part: CompValue) -> list[object]:
    """The groups of ``part`` that are rewritten too, in the order of the text."""
    if part.name in ("OptionalGraphPattern", "MinusGraphPattern", "GraphGraphPattern"):
        return [OrderedDict.get(part, "graph")]
    if part.name == "GroupOrUnionGraphPattern":
        return list(OrderedDict.get(part, "graph") or ())
    return []


def _order(parts: list[CompValue]) -> list[int]:
    """Each triples block moved left across FILTERs and OPTIONALs as the rule allows."""
    order = list(range(len(parts)))
    names = [p.name for p in parts]
    variables = [_variables(p) for p in parts]
    for index, name in enumerate(names):
        if name != "TriplesBlock":
            continue
        at = order.index(index)
        target = at
        while at > 0 and names[order[at - 1]] in ("Filter", "OptionalGraphPattern"):
            before = order[at - 1]
            if names[before] == "OptionalGraphPattern":
                certain: set[Variable] = set()
                for earlier in order[: at - 1]:
                    if names[earlier] == "TriplesBlock":
                        certain |= variables[earlier]
                if not (variables[before] & variables[index]) <= certain:
                    break
                target = at - 1
            at -= 1
        if target != order.index(index):
            order.remove(index)
            order.insert(target, index)
    return order


def _variables(node: object) -> set[Variable]:
    """Every variable written anywhere in ``node``."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    found: set[Variable] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Variable):
            found.add(item)
        elif isinstance(item, CompValue):
            stack.extend(OrderedDict.values(item))
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return found


# -- the proof of the text: the new text parses to the planned tree -----------------------


def _canon(node: object, perms: dict[int, list[int]], bnodes: dict[BNode, int]) -> object:
    """A comparable form of rdflib's tree, with the groups of ``perms`` reordered, adjacent
    triples blocks merged and blank nodes numbered in order of appearance."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import BNode

    if isinstance(node, CompValue):
        if node.name == "GroupGraphPatternSub":
            parts = list(OrderedDict.get(node, "part") or ())
            order = perms.get(id(node))
            if order is not None:
                parts = [parts[i] for i in order]
            merged: list[object] = []
            for part in parts:
                if part.name == "TriplesBlock":
                    triples = _canon(OrderedDict.get(part, "triples"), perms, bnodes)
                    if merged and isinstance(merged[-1], tuple) and merged[-1][0] == "triples":
                        merged[-1] = ("triples", merged[-1][1] + triples)
                        continue
                    merged.append(("triples", triples))
                else:
                    merged.append(_canon(part, perms, bnodes))
            keys = [k for k in OrderedDict.keys(node) if k != "part"]
            rest = tuple((k, _canon(OrderedDict.get(node, k), perms, bnodes)) for k in keys)
            return (node.name, tuple(merged), rest)
        return (
            node.name,
            tuple((k, _canon(v, perms, bnodes)) for k, v in OrderedDict.items(node)),
        )
    if isinstance(node, (list, tuple, ParseResults)):
        return tuple(_canon(item, perms, bnodes) for item in node)
    if isinstance(node, BNode):
        return ("bnode", bnodes.setdefault(node, len(bnodes)))
    return node


# -- the text: tokens, groups and their parts ----------------------------------------------


def _tokens(text: str) -> list[_Token]:
    """The tokens of ``text`` (no whitespace or comments), read as :mod:`natokg.sparql.scanner`
    reads them; ``<`` after an operand inside parentheses is the comparison."""
    out: list[_Token] = []
    brackets: list[str] = []
    pos = 0
    while pos < len(text):
        kind, chunk = "", ""
        if text[pos] == "<":
            prev = out[-1] if out else None
            after_operand = prev is not None and (prev.kind in _OPERANDS or prev.text == ")")
            if not (brackets and brackets[-1] == "(" and after_operand):
                match = _IRIREF.match(text, pos)
                if match:
                    kind, chunk = "iri", match.group()
            if not kind:
                kind, chunk = "other", "<"
        else:
            match = _TOKEN.match(text, pos)
            assert match is not None  # its last alternative matches any character
            kind, chunk = match.lastgroup or "other", match.group()
        if kind not in ("ws", "comment"):
            if kind == "open":
                brackets.append(chunk)
            elif kind == "close" and brackets:
                brackets.pop()
            out.append(_Token(kind, chunk, pos, pos + len(chunk)))
        pos += len(chunk)
    return out


def _close(tokens: list[_Token], at: int) -> int:
    """The index of the bracket that closes the one at ``at``."""
    if tokens[at].kind != "open":
        raise _Unsafe("expected a bracket")
    stack = []
    for index in range(at, len(tokens)):
        token = tokens[index]
        if token.kind == "open":
            stack.append(_PAIRS[token.text])
        elif token.kind == "close":
            if not stack or stack.pop() != token.text:
                raise _Unsafe("unbalanced brackets")
            if not stack:
                return index
    raise _Unsafe("unclosed bracket")


def _top_group(tokens: list[_Token]) -> _Group:
    """The WHERE group of the query: the first group after the query form's keyword (after
    CONSTRUCT's template)."""
    index, form = 0, ""
    while index < len(tokens):
        token = tokens[index]
        if not form:
            form = token.word if token.word in _FORMS else ""
            if form == "CONSTRUCT" and tokens[index + 1].word == "WHERE":
                raise _Unsafe("CONSTRUCT WHERE has a template, not a group")
        elif token.text == "{" and (form != "CONSTRUCT" or tokens[index - 1].word == "WHERE"):
            return _group(tokens, index)
        index = _close(tokens, index) + 1 if token.kind == "open" else index + 1
    raise _Unsafe("no WHERE group")


def _group(tokens: list[_Token], at: int) -> _Group:
    """The group whose ``{`` is at ``at``, cut into its parts."""
    close = _close(tokens, at)
    parts: list[_Part] = []
    index = at + 1
    if tokens[index].word == "SELECT":
        return _Group(at, close, [])  # a sub-select: left as written
    while index < close:
        token = tokens[index]
        groups: list[_Group] = []
        if token.text == "{":
            kind = "GroupOrUnionGraphPattern"
            groups.append(_group(tokens, index))
            end = groups[-1].close
            while tokens[end + 1].word == "UNION":
                groups.append(_group(tokens, end + 2))
                end = groups[-1].close
        elif token.word in ("OPTIONAL", "MINUS"):
            kind = "OptionalGraphPattern" if token.word == "OPTIONAL" else "MinusGraphPattern"
            groups.append(_group(tokens, index + 1))
            end = groups[-1].close
        elif token.word == "GRAPH":
            kind = "GraphGraphPattern"
            groups.append(_group(tokens, index + 2))
            end = groups[-1].close
        elif token.word == "FILTER":
            kind, end = "Filter", _constraint_end(tokens, index + 1)
        elif token.word == "BIND":
            kind, end = "Bind", _close(tokens, index + 1)
        elif token.word == "VALUES":
            kind = "InlineData"
            head = index + 1 if tokens[index + 1].kind == "var" else _close(tokens, index + 1)
            end = _close(tokens, head + 1)
        elif token.word in _PART_KEYWORDS:  # SERVICE: refused by the guard anyway
            raise _Unsafe(token.word)
        else:
            kind, end = "TriplesBlock", _triples_end(tokens, index, close)
        if kind != "TriplesBlock" and tokens[end + 1].text == ".":
            end += 1
        parts.append(_Part(kind, index, end, groups))
        index = end + 1
    return _Group(at, close, parts)


def _constraint_end(tokens: list[_Token], at: int) -> int:
    """The last token of a FILTER's constraint starting at ``at``."""
    token = tokens[at]
    if token.text == "(":
        return _close(tokens, at)
    if token.word == "NOT" and tokens[at + 1].word == "EXISTS":
        return _close(tokens, at + 2)
    if token.word == "EXISTS":
        return _close(tokens, at + 1)
    if token.kind in ("word", "iri", "pname") and tokens[at + 1].text == "(":
        return _close(tokens, at + 1)
    raise _Unsafe("unknown constraint")


def _triples_end(tokens: list[_Token], at: int, close: int) -> int:
    """The last token of the triples block starting at ``at``, in a group closing at ``close``."""
    index = at
    while index < close:
        token = tokens[index]
        if token.text == "{" or token.word in _PART_KEYWORDS:
            break
        index = _close(tokens, index) + 1 if token.kind == "open" else index + 1
    if index == at:
        raise _Unsafe("empty triples block")
    return index - 1


def _render(text: str, tokens: list[_Token], top: _Group) -> str:
    """``text`` with the parts of every reordered group in their new order."""
    start, end = tokens[top.open].end, tokens[top.close].start
    return text[:start] + _body(text, tokens, top) + text[end:]


def _body(text: str, tokens: list[_Token], group: _Group) -> str:
    """The text between the braces of ``group``, its parts (and theirs) reordered."""
    if group.order is None:
        return _span(text, tokens, tokens[group.open].end, tokens[group.close].start, group.parts)
    pieces = []
    for index in group.order:
        part = group.parts[index]
        piece = _span(text, tokens, tokens[part.first].start, tokens[part.last].end, [part])
        if part.kind == "TriplesBlock" and tokens[part.last].text != ".":
            piece += " ."
        pieces.append(piece)
    return "\n  " + "\n  ".join(pieces) + "\n"


def _span(text: str, tokens: list[_Token], start: int, end: int, parts: list[_Part]) -> str:
    """``text[start:end]`` with the bodies of the groups inside ``parts`` rendered."""
    out, pos = [], start
    for group in _groups_in(parts):
        inner_start, inner_end = tokens[group.open].end, tokens[group.close].start
        out.append(text[pos:inner_start])
        out.append(_body(text, tokens, group))
        pos = inner_end
    out.append(text[pos:end])
    return "".join(out)


def _groups_in(parts: list[_Part]) -> Iterator[_Group]:
    for part in parts:
        yield from part.groups
