"""Content negotiation: which :class:`~natokg.formats.Format` answers a request.

An explicit ``format`` value wins (a short name such as ``json``, ``csv``, ``ttl``, or a media
type); otherwise the Accept header decides, with q-values and wildcards, through werkzeug's
:meth:`~werkzeug.datastructures.MIMEAccept.best_match`. The candidates are the formats that
can carry the kind of result at hand, most preferred first, so ``*/*`` gets the first one and
HTML (always last) only goes to clients that ask for it, as browsers do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from werkzeug.datastructures import MIMEAccept

from natokg.formats import Format

#: distinct Accept values remembered per negotiator
MATCHES = 256


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
        #: best_match by Accept value (clients send few distinct ones); bounded
        self._matches: dict[tuple[tuple[str, float], ...], str | None] = {}

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
        key = tuple(accept)
        try:
            return self._matches[key]
        except KeyError:
            pass
        best = accept.best_match(self._offers)
        if len(self._matches) >= MATCHES:
            self._matches.clear()
        self._matches[key] = best
        return best
