"""Content negotiation: which :class:`~natokg.formats.Format` answers a request.

An explicit ``format`` value wins (a short name such as ``json``, ``csv``, ``ttl``, or a media
type); otherwise the Accept header decides, with q-values and wildcards, through werkzeug's
:meth:`~werkzeug.datastructures.MIMEAccept.best_match`. The candidates are the formats that
can carry the kind of result at hand, most preferred first, so ``*/*`` gets the first one and
HTML (always last) only goes to clients that ask for it, as browsers do.

Clients send few distinct Accept values, and parsing one costs more than a cheap query's
evaluation: the application's request class (:func:`request_class`) parses each distinct value
once and shares the parsed (immutable) header between the requests that send it, and what is
decided from the header alone (a negotiator's match, the kind of an error body) is remembered
per value (:class:`AcceptMemo`, :func:`decided`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar, cast

from flask import Request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header
from werkzeug.utils import cached_property

from natokg.formats import Format

#: distinct Accept values remembered per negotiator, and per application
MATCHES = 256

T = TypeVar("T")


class NotAcceptable(Exception):
    """No candidate format is acceptable; ``available`` lists what could have been sent."""

    def __init__(self, available: Sequence[Format]) -> None:
        names = ", ".join(f"{f.spec.names[0]} ({f.media_type})" for f in available)
        super().__init__(f"no acceptable format; this result is available as: {names}")
        self.available = tuple(available)


class Negotiator:
    """Chooses among a fixed, ordered set of formats. Built once per set, then reused."""

    def __init__(self, formats: Sequence[Format]) -> None:
        if not formats:
            raise ValueError("a negotiator needs at least one format")
        self.formats = tuple(formats)
        self._by_media_type: dict[str, Format] = {}
        self._by_name: dict[str, Format] = {}
        # the exact media types first, so that a wildcard never lands on an alias
        for fmt in self.formats:
            self._by_media_type.setdefault(fmt.media_type, fmt)
        for fmt in self.formats:
            for media_type in fmt.spec.aliases:
                self._by_media_type.setdefault(media_type, fmt)
            for name in fmt.spec.names:
                self._by_name.setdefault(name, fmt)
        self._offers = list(self._by_media_type)
        #: best_match by Accept value (clients send few distinct ones); bounded. The key is
        #: the parsed header itself: equal values are equal keys, and the request class hands
        #: the same object (whose hash werkzeug caches) to every request sending that value
        self._matches: dict[MIMEAccept, str | None] = {}

    @property
    def default(self) -> Format:
        return self.formats[0]

    def choose(self, requested: Iterable[str], accept: MIMEAccept) -> Format:
        """The format for ``requested`` ``format`` values (first usable wins), else Accept.

        Raises :class:`NotAcceptable` when a format was requested but none is usable, or
        when the Accept header excludes every candidate.
        """
        requested = [value.strip().lower() for value in requested if value.strip()]
        if requested:
            for value in requested:
                fmt = self._by_name.get(value) or self._by_media_type.get(
                    value.split(";")[0].strip()
                )
                if fmt is not None:
                    return fmt
            raise NotAcceptable(self.formats)
        if not accept:
            return self.default
        best = self._best_match(accept)
        if best is None:
            raise NotAcceptable(self.formats)
        return self._by_media_type[best]

    def _best_match(self, accept: MIMEAccept) -> str | None:
        """``accept.best_match`` of the offers, remembered for each distinct Accept value."""
        try:
            return self._matches[accept]
        except KeyError:
            pass
        best = accept.best_match(self._offers)
        if len(self._matches) >= MATCHES:
            self._matches.clear()
        self._matches[accept] = best
        return best


class AcceptMemo:
    """Accept headers parsed, and decisions taken from them alone, once per distinct value.

    At most ``max_values`` values are kept (then it starts afresh). Each application has its
    own (:func:`request_class`); the parsed headers are immutable, so requests share them.
    """

    def __init__(self, max_values: int = MATCHES) -> None:
        self.max_values = max_values
        self._parsed: dict[str, MIMEAccept] = {}
        self._decided: dict[tuple[str, Hashable], object] = {}

    def __len__(self) -> int:
        """Parsed values kept."""
        return len(self._parsed)

    def parsed(self, value: str) -> MIMEAccept:
        """``value`` parsed by werkzeug (an empty value accepts anything)."""
        try:
            return self._parsed[value]
        except KeyError:
            pass
        accept = parse_accept_header(value, MIMEAccept)
        if len(self._parsed) >= self.max_values:
            self._parsed.clear()
        self._parsed[value] = accept
        return accept

    def decide(self, value: str, decision: Callable[[MIMEAccept], T]) -> T:
        """``decision(parsed value)``; ``decision`` must depend on the header alone."""
        key = (value, decision)
        try:
            return cast(T, self._decided[key])
        except KeyError:
            pass
        found = decision(self.parsed(value))
        if len(self._decided) >= self.max_values:
            self._decided.clear()
        self._decided[key] = found
        return found


def request_class(memo: AcceptMemo) -> type[Request]:
    """The application's request class: its Accept header is parsed through ``memo``."""

    class NegotiatingRequest(Request):
        accept_memo = memo

        @cached_property
        def accept_mimetypes(self) -> MIMEAccept:
            return memo.parsed(self.headers.get("Accept", ""))

    return NegotiatingRequest


def decided(request: Request, decision: Callable[[MIMEAccept], T]) -> T:
    """``decision(request.accept_mimetypes)``, remembered per Accept value when the
    application's request class has a memo (:func:`request_class`)."""
    memo = getattr(request, "accept_memo", None)
    if memo is None:
        return decision(request.accept_mimetypes)
    return memo.decide(request.headers.get("Accept", ""), decision)
