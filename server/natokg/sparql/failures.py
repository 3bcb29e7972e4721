"""Why a query was not answered: the query service's own exceptions, free of HTTP.

The web layer maps them to statuses in one place (:mod:`natokg.errors`: :class:`ReadOnly` is a
403, :class:`~natokg.negotiation.NotAcceptable` a 406, every other :class:`QueryError` a 400);
``natokg query`` prints the message and exits with status 2.
"""

from __future__ import annotations

import re

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
    """The parser refused the query; ``line`` and ``column`` are 1-based (or None)."""

    def __init__(self, query: str, message: str) -> None:
        message = message if len(message) <= _MAX_MESSAGE else message[:_MAX_MESSAGE] + "…"
        match = _POSITION.search(message)
        self.line = int(match.group(1)) if match else None
        self.column = int(match.group(2)) if match else None
        self.reason = message
        super().__init__(f"malformed query: {message}{self._excerpt(query)}")

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


class EvaluationError(QueryError):
    """pyoxigraph could not evaluate (or write the result of) a query that parsed."""
