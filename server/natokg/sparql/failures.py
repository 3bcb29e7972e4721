"""Why a query was not answered: the query service's own exceptions, free of HTTP.

The web layer maps them to statuses in one place (:mod:`natokg.errors`: :class:`ReadOnly` is a
403, :class:`~natokg.negotiation.NotAcceptable` a 406, every other :class:`QueryError` a 400);
``natokg query`` prints the message and exits with status 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_POSITION = re.compile(r"error at (\d+):(\d+)")
_MAX_MESSAGE = 300


class QueryError(Exception):
    """The query cannot be answered as sent; ``str()`` says why, for the client."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Refused(QueryError):
    """The guard refuses what a public endpoint must not run (SERVICE, unknown FROM, depth)."""


class ReadOnly(Refused):
    """An update: the endpoint is read-only."""


class QuerySyntaxError(QueryError):
    """The parser refused the query: where (``line`` and ``column``, 1-based, or None), the
    offending ``token``, what the parser expected, and a ``hint`` a person can act on.

    pyoxigraph's message lists the grammar's expectations, character classes included
    (``expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' …``); only the words and
    quoted tokens of that list are kept. ``known_prefixes`` are the prefixes a query may use
    undeclared, named in the hint for an unknown one.
    """

    def __init__(self, query: str, message: str, known_prefixes: Iterable[str] = ()) -> None:
        match = _POSITION.search(message)
        self.line = int(match.group(1)) if match else None
        self.column = int(match.group(2)) if match else None
        self.reason = message
        self.expected = _expectations(message)
        self.token = self._token(query)
        self.hint = self._hint(query, sorted(known_prefixes))
        where = "" if self.line is None else f" at line {self.line}, column {self.column}"
        near = f", near `{self.token}`" if self.token else ""
        what = self.hint or _expected_text(self.expected) or message[:_MAX_MESSAGE]
        super().__init__(f"malformed query{where}{near}: {what}{self._excerpt(query)}")

    def _line_before(self, query: str) -> str | None:
        if self.line is None or self.column is None:
            return None
        lines = query.splitlines() or [""]
        if not 0 < self.line <= len(lines):
            return None
        return lines[self.line - 1][: max(self.column - 1, 0)]

    def _token(self, query: str) -> str:
        before = self._line_before(query)
        if before is None:
            return ""
        found = re.search(r"\S+$", before.rstrip())
        return found.group() if found else ""

    def _hint(self, query: str, known: list[str]) -> str:
        expected = self.expected
        if "Prefix not found" in expected:
            prefix = self.token.split(":", 1)[0] if ":" in self.token else ""
            name = re.sub(r"^[^A-Za-z_]*", "", prefix)
            listed = ", ".join(f"{p}:" for p in known) or "none"
            return (
                f"the prefix `{name}:` is not declared. Declare it (PREFIX {name}: <…>) or use "
                f"one of the prefixes this endpoint knows: {listed}"
            )
        if expected == ["CONSTRUCT"]:
            first = re.search(r"[A-Za-z]+", query)
            if first:
                self.token = first.group()
            return (
                "a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX and "
                "BASE lines); updates are not accepted here"
            )
        if any("variable that is unbound" in e for e in expected):
            return (
                "a variable selected beside an aggregate (COUNT, SUM…) must be in GROUP BY, "
                "or be aggregated itself"
            )
        if '"\\""' in expected or "'\\''" in expected:
            return "a string is not closed: add its closing quote"
        if '"}"' in expected and not query[self._offset(query) :].strip():
            return "the query ends before its last group is closed: add the missing `}`"
        if {"STR", "ABS", "IRI"} <= set(expected):
            return "an expression is missing or incomplete here (a value, a variable or a call)"
        return ""

    def _offset(self, query: str) -> int:
        """The position as an index into ``query`` (its end when unknown)."""
        if self.line is None or self.column is None:
            return len(query)
        lines = query.splitlines(keepends=True)
        return sum(len(line) for line in lines[: self.line - 1]) + self.column - 1

    def _excerpt(self, query: str) -> str:
        """The offending line with a caret under the position, for a reader in a terminal."""
        if self.line is None or self.column is None:
            return ""
        lines = query.splitlines() or [""]
        if not 0 < self.line <= len(lines):
            return ""
        text = lines[self.line - 1].replace("\t", " ")
        caret = " " * min(self.column - 1, len(text)) + "^"
        return f"\n\n{text}\n{caret}"


def _expectations(message: str) -> list[str]:
    """The words and quoted tokens of the parser's ``expected …`` list."""
    found = re.search(r"expected (?:one of )?(.*)$", message, re.S)
    if not found:
        return []
    text = re.sub(r"\[[^\]]*\]", "", found.group(1))  # character classes, [_]
    items = re.findall(r'"(?:\\.|[^"\\])*"|[^,]+', text.replace("\n", " "))
    return [item.strip() for item in items if item.strip() not in ("", "|")]


def _expected_text(expected: list[str]) -> str:
    if not expected:
        return ""
    shown = expected[:12]
    more = "…" if len(expected) > len(shown) else ""
    return "expected " + (shown[0] if len(shown) == 1 else "one of " + ", ".join(shown)) + more


class EvaluationError(QueryError):
    """pyoxigraph could not evaluate (or write the result of) a query that parsed."""
