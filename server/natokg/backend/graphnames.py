"""A query on the public graph names, asked of the store where the release's graphs have their
own stored names (see :mod:`natokg.backend.pointer`), with the same answer.

Only the ``GRAPH`` clauses of the text change; the protocol's dataset (``default-graph-uri``,
``named-graph-uri``, which override FROM) is mapped by the front itself:

- ``GRAPH <G>`` (an IRI, relative or prefixed) becomes ``GRAPH <stored G>``; a graph the release
  lacks becomes a graph no store has (an empty graph, as on the embedded store);
- ``GRAPH ?g { P }`` becomes ``{ GRAPH ?f { P } VALUES (?f ?g) { (<stored G1> <G1>) … } }`` with
  ``?f`` a fresh variable. ``?f`` ranges over the stored graphs exactly as ``?g`` did over the
  public ones, and the inline data binds ``?g`` to the public name of each: the group is the
  join of the two, so ``?g`` is joined with the rest of the query (a ``VALUES``, an ``sd:name``
  of the VoID graph, a FILTER) on the public names. When ``P`` itself uses ``?g`` (a FILTER or
  EXISTS inside it sees the graph's name, as on the embedded store), the inline data opens
  ``P`` instead: ``GRAPH ?f { VALUES (?f ?g) { … } P }``. The fresh variables are left out of
  the results (:func:`strip_variables`), which only ``SELECT *`` would show.

The text is scanned, not parsed: strings, IRIs and comments are skipped as SPARQL's grammar
says, and braces counted outside them. The front has already parsed the query itself (a
malformed one never gets here), and the tests check that each rewritten text parses and gives
the same answers as the original (``tests/backend/test_graphnames.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

#: a graph no store holds: what a GRAPH on a graph outside the release reads
NO_SUCH_GRAPH = "urn:natokg:no-such-graph"
#: the fresh variables' stem
FRESH = "natokg_stored_graph_"

TOKEN = re.compile(
    r"""
    (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<comment>\#[^\n\r]*)
    |(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    |(?P<word>(?:[^\W\d][\w.-]*)?:(?:[\w:%.\\-]*[\w:%\\-])?|[^\W\d]\w*)
    |(?P<open>\{)|(?P<close>\})
    |(?P<space>\s+)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
PREFIX_DECLARATION = re.compile(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
BASE_DECLARATION = re.compile(r"BASE\s*<([^>]*)>", re.IGNORECASE)


@dataclass(frozen=True)
class Rewritten:
    text: str
    #: the fresh variables the text introduced (names without ``?``)
    fresh: tuple[str, ...] = ()


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) of each token, comments and spaces left out."""
    return [
        (m.lastgroup or "other", m.group(), m.start())
        for m in TOKEN.finditer(text)
        if m.lastgroup not in ("space", "comment")
    ]


def rewrite(
    text: str, names: Mapping[str, str], prefixes: Mapping[str, str], base: str
) -> Rewritten:
    """``text`` with its GRAPH clauses on the stored graphs; ``names`` maps each stored graph
    IRI to its public name, ``prefixes`` and ``base`` are the endpoint's own (the query's
    declarations win)."""
    tokens = _tokens(text)
    graphs = [i for i, t in enumerate(tokens) if t[0] == "word" and t[1].upper() == "GRAPH"]
    if not graphs:
        return Rewritten(text)
    stored = {public: s for s, public in names.items()}
    declared = dict(prefixes)
    declared.update(PREFIX_DECLARATION.findall(text))
    bases = BASE_DECLARATION.findall(text)
    query_base = urljoin(base, bases[-1]) if bases else base
    stem = FRESH
    while stem in text:
        stem = "_" + stem
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    fresh: list[str] = []
    rows = " ".join(f"(<{s}> <{public}>)" for s, public in sorted(names.items()))
    for index in graphs:
        if index + 1 >= len(tokens):
            continue
        kind, term, offset = tokens[index + 1]
        if kind == "iri" or (kind == "word" and ":" in term):
            iri = _resolve(term, declared, query_base)
            if iri is None:
                continue
            edits.append((offset, offset + len(term), f"<{stored.get(iri, NO_SUCH_GRAPH)}>"))
        elif kind == "var":
            close = _closing(tokens, index + 2)
            if close is None:
                continue
            variable = f"{stem}{len(fresh)}"
            fresh.append(variable)
            values = f"VALUES (?{variable} {term}) {{ {rows} }}"
            edits.append((offset, offset + len(term), "?" + variable))
            inner = tokens[index + 3 : close]
            if any(k == "var" and t[1:] == term[1:] for k, t, _ in inner):
                # ?g is used inside: bound there first, as when the graph is a constant
                opening = tokens[index + 2][2] + 1
                edits.append((opening, opening, f" {values} "))
            else:
                start = tokens[index][2]
                end = tokens[close][2] + 1
                edits.append((start, start, "{ "))
                edits.append((end, end, f" {values} }}"))
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return Rewritten(text, tuple(fresh))


def _resolve(term: str, prefixes: Mapping[str, str], base: str) -> str | None:
    if term.startswith("<"):
        return urljoin(base, term[1:-1])
    prefix, _, local = term.partition(":")
    namespace = prefixes.get(prefix)
    if namespace is None:
        return None
    return namespace + re.sub(r"\\(.)", r"\1", local)


def _closing(tokens: list[tuple[str, str, int]], start: int) -> int | None:
    """The index of the ``}`` closing the group that opens at ``tokens[start]``."""
    if start >= len(tokens) or tokens[start][0] != "open":
        return None
    depth = 0
    for index in range(start, len(tokens)):
        kind = tokens[index][0]
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0:
                return index
    return None


def strip_variables(body: bytes, fresh: tuple[str, ...]) -> bytes:
    """SPARQL JSON results without the fresh variables (``SELECT *`` projects them)."""
    if not fresh:
        return body
    results = json.loads(body)
    if "head" not in results or not set(fresh) & set(results["head"].get("vars", [])):
        return body
    results["head"]["vars"] = [v for v in results["head"]["vars"] if v not in fresh]
    for row in results.get("results", {}).get("bindings", []):
        for variable in fresh:
            row.pop(variable, None)
    return json.dumps(results).encode("utf-8")
