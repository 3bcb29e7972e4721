"""Which variables of a query can only hold the value of a boolean expression.

Virtuoso 7 computes every boolean (``EXISTS``, a comparison, even the literal ``true``) as
``xsd:integer`` 1 or 0, and returns a stored ``true`` as ``"1"^^xsd:boolean``. In a result an
integer 1 may as well be a count, so the front cannot map them back blindly; but the query
says which variables are booleans. A variable is one when every place that binds it is a
``BIND(e AS ?v)`` or ``SELECT (e AS ?v)`` whose expression ``e`` is boolean-valued in SPARQL
1.1 (section 17: ``EXISTS``, ``NOT EXISTS``, comparisons and ``IN``, ``&&``, ``||``, ``!``,
and the functions returning ``xsd:boolean``), and nothing else binds it: no triple pattern,
``VALUES``, ``GRAPH ?v``, other ``BIND`` or aggregate. :func:`restore` then writes those
variables' 1 and 0 as ``true`` and ``false``, and every ``xsd:boolean`` in its canonical form
(``"1"`` and ``"true"`` are the same value). A query rdflib's parser cannot read gets no
correction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Literal, Variable

from natokg.namespaces import XSD
from natokg.sparql import offstack

#: expressions whose value is an xsd:boolean (rdflib's algebra names)
BOOLEAN_EXPRESSIONS = frozenset(
    {
        "Builtin_EXISTS",
        "Builtin_NOTEXISTS",
        "RelationalExpression",
        "ConditionalAndExpression",
        "ConditionalOrExpression",
        "UnaryNot",
        "Builtin_BOUND",
        "Builtin_isIRI",
        "Builtin_isURI",
        "Builtin_isBLANK",
        "Builtin_isLITERAL",
        "Builtin_isNUMERIC",
        "Builtin_REGEX",
        "Builtin_CONTAINS",
        "Builtin_STRSTARTS",
        "Builtin_STRENDS",
        "Builtin_sameTerm",
        "Builtin_LANGMATCHES",
    }
)
BOOLEAN = str(XSD) + "boolean"
INTEGER = str(XSD) + "integer"


#: a query binds a variable to an expression only with ``AS ?v`` (BIND, or SELECT (e AS ?v))
_BINDS = re.compile(r"\bAS\s*[?$]", re.IGNORECASE)


def boolean_variables(text: str, prologue: str = "") -> frozenset[str]:
    """The variables of the query ``text`` that only boolean expressions bind (rdflib's
    parser, run off the request's stack: see :mod:`natokg.sparql.offstack`)."""
    if not _BINDS.search(text):
        return frozenset()
    return offstack.call(_boolean_variables, text, prologue)


def _boolean_variables(text: str, prologue: str) -> frozenset[str]:
    try:
        algebra = translateQuery(parseQuery(prologue + text)).algebra
    except Exception:  # noqa: BLE001 - rdflib's parser raises many kinds; then no correction
        return frozenset()
    booleans: set[str] = set()
    others: set[str] = set()
    for node in _nodes(algebra):
        if node.name == "Extend":
            (booleans if _is_boolean(node.get("expr")) else others).add(str(node.get("var")))
        elif node.name == "BGP":
            others.update(str(t) for triple in node.get("triples") or () for t in _terms(triple))
        elif node.name == "Graph" and isinstance(node.get("term"), Variable):
            others.add(str(node.get("term")))
        elif node.name == "values":
            for row in node.get("res") or ():
                others.update(str(v) for v in row)
    return frozenset(booleans - others)


def restore(body: bytes, variables: frozenset[str]) -> bytes:
    """SPARQL JSON results with ``variables``' integer 1/0 as booleans, and every boolean in
    its canonical form."""
    results = json.loads(body)
    changed = False
    for row in results.get("results", {}).get("bindings", []):
        for name, term in row.items():
            if term.get("type") not in ("literal", "typed-literal"):
                continue
            datatype, value = term.get("datatype"), term.get("value")
            boolean = datatype == BOOLEAN or (name in variables and datatype == INTEGER)
            if boolean and value in ("0", "1"):
                row[name] = {"type": "literal", "datatype": BOOLEAN, "value": _CANONICAL[value]}
                changed = True
    return json.dumps(results).encode("utf-8") if changed else body


_CANONICAL = {"1": "true", "0": "false"}


def _is_boolean(expr: object) -> bool:
    if isinstance(expr, Literal):
        return expr.datatype is not None and str(expr.datatype) == BOOLEAN
    return isinstance(expr, CompValue) and expr.name in BOOLEAN_EXPRESSIONS


def _terms(triple: object) -> Iterator[Variable]:
    for term in triple:  # type: ignore[attr-defined]
        if isinstance(term, Variable):
            yield term


def _nodes(value: object) -> Iterator[CompValue]:
    """Every algebra node under ``value``, the expressions of boolean ``Extend``s excepted
    (a variable they mention is read there, not bound)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            for key, child in item.items():
                if key == "expr" and item.name == "Extend" and _is_boolean(child):
                    continue
                stack.append(child)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
