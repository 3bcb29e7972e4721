"""A lexical scan of a SPARQL query, before the parser sees it.

It tokenises the query the way Oxigraph's parser does — strings, IRIs, comments, prefixed
names with their escapes, variables — so that the guard can look at *keyword tokens*:
``SERVICE`` (Oxigraph would follow it over HTTP), ``FROM``/``FROM NAMED`` (with their graph
IRIs resolved against ``PREFIX``/``BASE``), update keywords, non-deterministic functions,
and the nesting depth of ``{ ( [`` (Oxigraph's recursive parser overflows its stack on
thousands of nested groups and takes the whole process with it).

The one ambiguity of SPARQL's lexis is ``<``: an IRI in a pattern, an operator in an
expression. The scanner keeps a stack of open brackets, each marked as an expression or a
pattern context, and reads ``<`` as an operator only after an operand inside an expression —
where the grammar allows nothing else. A mismatch with the parser could hide a keyword
inside what the scanner takes for a string, so the rules follow the grammar closely and
tests check them against pyoxigraph itself.

>>> facts = scan('SELECT ?service { ?s <http://x/service> "service" } # SERVICE')
>>> facts.service, facts.depth
(False, 1)
>>> scan('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }').service
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import urljoin

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (
    f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
    | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
    | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
    | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
    | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<open>[{{(\[])
    | (?P<close>[}})\]])
    | (?P<escape>\\.)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_IRIREF = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\(.)")
#: an absolute IRI starts with its scheme (RFC 3986); anything else is relative
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")

_OPERANDS = frozenset({"var", "string", "number", "iri", "pname", "langtag", "bnode"})
_BOOLEANS = frozenset({"TRUE", "FALSE"})
#: parentheses opened right after these keywords hold expressions, even inside a pattern
_EXPRESSION_HEADS = frozenset({"FILTER", "BIND"})
#: keywords that start a clause whose parentheses hold expressions (SELECT (… AS ?x), GROUP BY
#: (…), HAVING (…), ORDER BY DESC(…)); the clause ends at WHERE, FROM, `{` or these enders
_CLAUSE_STARTS = frozenset({"SELECT", "GROUP", "ORDER", "HAVING"})
_CLAUSE_ENDS = frozenset({"WHERE", "LIMIT", "OFFSET", "VALUES", "CONSTRUCT", "DESCRIBE", "ASK"})
#: the keywords that end a SELECT's projection
_PROJECTION_ENDS = frozenset({"WHERE", "FROM"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
#: keywords and operator signs that each add a node to the query tree (see QueryFacts.operators)
_TREE_KEYWORDS = frozenset(
    {"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "GRAPH", "VALUES", "EXISTS", "SERVICE"}
)
_OPERATOR_SIGNS = frozenset("&|+-*/=<>!^")
#: functions whose value changes from one evaluation to the next: such answers are not cached
NONDETERMINISTIC = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})


class _Context(Enum):
    PATTERN = "pattern"  # braces, brackets, collections, paths, VALUES rows: `<` opens an IRI
    EXPRESSION = "expression"  # FILTER (…), BIND (…), function arguments: `<` may compare


@dataclass
class _Frame:
    context: _Context
    #: inside a SELECT/GROUP BY/HAVING/ORDER BY clause of this level
    clause: bool = False


@dataclass(frozen=True)
class QueryFacts:
    """What the scan found. Graph IRIs are resolved; ``None`` when they could not be."""

    service: bool
    #: deepest nesting of { ( [
    depth: int
    #: tree-building keywords and operator signs (a long flat chain overflows the stack too)
    operators: int = 0
    from_graphs: tuple[str | None, ...] = ()
    from_named_graphs: tuple[str | None, ...] = ()
    #: the first keyword of the operation when it is an update (INSERT, LOAD, …)
    update_keyword: str | None = None
    deterministic: bool = True
    #: the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) when the operation starts with one
    form: str | None = None
    #: the plain variables projected by the outermost SELECT, as (name without its sigil,
    #: offset of the sigil in the query); expressions ``(… AS ?v)`` are not listed
    projection: tuple[tuple[str, int], ...] = ()
    #: how often each variable (name without its sigil) occurs in the whole query
    occurrences: tuple[tuple[str, int], ...] = ()
    #: a prefixed name uses a prefix the query does not declare (one the endpoint may know)
    undeclared_prefix: bool = True

    @property
    def has_dataset_clause(self) -> bool:
        return bool(self.from_graphs or self.from_named_graphs)


@dataclass
class _State:
    stack: list[_Frame] = field(default_factory=lambda: [_Frame(_Context.PATTERN)])
    depth: int = 0
    operators: int = 0
    prev: tuple[str, str] = ("", "")
    prev2: tuple[str, str] = ("", "")
    service: bool = False
    first_keyword: str | None = None
    deterministic: bool = True
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    pending: list[str] = field(default_factory=list)  # keywords awaiting their IRI
    from_graphs: list[str | None] = field(default_factory=list)
    from_named: list[str | None] = field(default_factory=list)
    #: None before the outermost SELECT, True inside its projection, False after it
    projecting: bool | None = None
    projection: list[tuple[str, int]] = field(default_factory=list)
    occurrences: dict[str, int] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)  # prefixes the query declares
    undeclared_prefix: bool = False

    def push(self, frame: _Frame) -> None:
        self.stack.append(frame)
        self.depth = max(self.depth, len(self.stack) - 1)

    def pop(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()


def scan(
    query: str, base: str | None = None, prefixes: Mapping[str, str] | None = None
) -> QueryFacts:
    """Scan ``query`` once, left to right; relative IRIs resolve against ``BASE``, else ``base``
    (the endpoint's IRI, which the engine is given as the query's base IRI too). ``prefixes``
    are known before the query's own ``PREFIX`` declarations (which override them), as the
    engine is given them too."""
    state = _State(base=base, prefixes=dict(prefixes or {}))
    pos, end = 0, len(query)
    while pos < end:
        if query[pos] == "<":
            kind, text = _angle(query, pos, state)
        else:
            match = _TOKEN.match(query, pos)
            assert match is not None  # the `other` alternative matches any character
            kind, text = match.lastgroup or "other", match.group()
        pos += len(text)
        if kind in ("ws", "comment"):
            continue
        _project(state, kind, text, pos - len(text))
        _feed(state, kind, text)
        state.prev2, state.prev = state.prev, (kind, text)
    update = state.first_keyword if state.first_keyword in UPDATE_KEYWORDS else None
    form = state.first_keyword if state.first_keyword in QUERY_FORMS else None
    return QueryFacts(
        state.service,
        state.depth,
        state.operators,
        tuple(state.from_graphs),
        tuple(state.from_named),
        update,
        state.deterministic,
        form,
        tuple(state.projection),
        tuple(state.occurrences.items()),
        state.undeclared_prefix,
    )


def _project(state: _State, kind: str, text: str, offset: int) -> None:
    """Note the variables, and the plain ones the outermost SELECT projects."""
    if kind == "var":
        state.occurrences[text[1:]] = state.occurrences.get(text[1:], 0) + 1
    top = len(state.stack) == 1
    if state.projecting is None:
        if top and kind == "word" and text.upper() == "SELECT":
            state.projecting = True
    elif state.projecting:
        if top and (kind == "open" and text == "{" or _keyword((kind, text)) in _PROJECTION_ENDS):
            state.projecting = False
        elif top and kind == "var":
            state.projection.append((text[1:], offset))


def _angle(query: str, pos: int, state: _State) -> tuple[str, str]:
    """``<`` is a comparison after an operand in an expression, else the start of an IRI."""
    in_expression = state.stack[-1].context is _Context.EXPRESSION
    after_operand = (
        state.prev[0] in _OPERANDS or state.prev[1] == ")" or _keyword(state.prev) in _BOOLEANS
    )
    if in_expression and after_operand:
        return "other", "<"
    match = _IRIREF.match(query, pos)
    return ("iri", match.group()) if match else ("other", "<")


def _feed(state: _State, kind: str, text: str) -> None:
    if kind == "pname" and state.pending != ["PREFIX"]:  # a use, not a declaration
        state.undeclared_prefix |= text.partition(":")[0] not in state.declared
    if kind == "open":
        state.pending.clear()
        _open(state, text)
    elif kind == "close":
        state.pending.clear()
        state.pop()
    elif kind == "word":
        _word(state, text.upper())
    elif kind == "other" and text in _OPERATOR_SIGNS:
        state.operators += 1
        state.pending.clear()
    elif state.pending:
        _dataset_term(state, kind, text)


def _open(state: _State, bracket: str) -> None:
    frame = state.stack[-1]
    if bracket != "(":
        frame.clause = False
        state.push(_Frame(_Context.PATTERN))
        return
    expression = (
        frame.context is _Context.EXPRESSION
        or frame.clause
        or _keyword(state.prev) in _EXPRESSION_HEADS
        or (state.prev[0] in ("word", "iri", "pname") and _keyword(state.prev2) == "FILTER")
    )
    state.push(_Frame(_Context.EXPRESSION if expression else _Context.PATTERN))


def _word(state: _State, keyword: str) -> None:
    frame = state.stack[-1]
    if keyword in ("PREFIX", "BASE", "FROM"):
        state.pending = [keyword]
        frame.clause = frame.clause and keyword != "FROM"
        return
    if keyword == "NAMED" and state.pending == ["FROM"]:
        state.pending.append(keyword)
        return
    state.pending.clear()
    if keyword in _TREE_KEYWORDS:
        state.operators += 1
    if keyword in _CLAUSE_STARTS:
        frame.clause = True
    elif keyword in _CLAUSE_ENDS:
        frame.clause = False
    if keyword == "SERVICE":
        state.service = True
    elif keyword in NONDETERMINISTIC:
        state.deterministic = False
    if state.first_keyword is None:
        state.first_keyword = keyword


def _dataset_term(state: _State, kind: str, text: str) -> None:
    """The IRI (or prefix name) after PREFIX, BASE, FROM or FROM NAMED."""
    pending, state.pending = state.pending, []
    if pending == ["PREFIX"] and kind == "pname" and text.endswith(":"):
        state.pending = ["PREFIX", text[:-1]]
        state.declared.add(text[:-1])
        return
    iri = _resolve(state, kind, text)
    if pending[0] == "PREFIX" and len(pending) == 2 and iri is not None:
        state.prefixes[pending[1]] = iri
    elif pending == ["BASE"]:
        state.base = iri
    elif pending == ["FROM"]:
        state.from_graphs.append(iri)
    elif pending == ["FROM", "NAMED"]:
        state.from_named.append(iri)


def _resolve(state: _State, kind: str, text: str) -> str | None:
    if kind == "iri":
        iri = _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text[1:-1])
        if _SCHEME.match(iri):
            return iri
        return urljoin(state.base, iri) if state.base else None
    if kind == "pname":
        prefix, _, local = text.partition(":")
        namespace = state.prefixes.get(prefix)
        return None if namespace is None else namespace + _LOCAL_ESCAPE.sub(r"\1", local)
    return None


def _keyword(token: tuple[str, str]) -> str:
    return token[1].upper() if token[0] == "word" else ""
