"""Query results to bytes, by pyoxigraph, cut at ``max_result_rows``.

Solutions are first written as SPARQL TSV (one line per solution) into a writer that stops
the evaluation as soon as it holds more rows than the limit; the kept rows are then parsed
back (:func:`pyoxigraph.parse_query_results`) and written in the requested format. The
round trip is lossless and costs microseconds, and it is the only way to cut a
``QuerySolutions`` stream without writing a serialiser by hand. Triples are taken from the
iterator up to the limit and written with :func:`pyoxigraph.serialize`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from natokg.formats import Format, ResultKind

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: rewrites the kept rows (SPARQL TSV) before they are written: the label service's ``?xLabel``
Fill = Callable[[bytes], bytes]


def _same(tsv: bytes) -> bytes:
    return tsv


@dataclass(frozen=True)
class Table:
    """A result as rows of terms (for HTML and the terminal); ``None`` is unbound."""

    kind: ResultKind
    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool
    boolean: bool | None = None
    #: the label of each IRI in the rows that has one (shown beside it)
    labels: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Written:
    body: bytes
    truncated: bool
    #: rows or triples written; None for a boolean
    count: int | None


class _Enough(Exception):
    """Raised by the capped writer to stop pyoxigraph's serialisation."""


class _CappedWriter(io.RawIOBase):
    """Keeps what pyoxigraph writes, and stops it once there are more than ``limit`` rows."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.chunks: list[bytes] = []
        self.lines = 0
        self.overflow = False
        self._max_lines = limit + 1  # the header line, then the rows

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.lines += chunk.count(b"\n")
        if self.lines > self._max_lines:
            self.overflow = True
            raise _Enough
        return len(chunk)


def capped_tsv(solutions: ox.QuerySolutions, limit: int) -> tuple[bytes, int, bool]:
    """(TSV with at most ``limit`` rows, rows kept, whether rows were dropped)."""
    writer = _CappedWriter(limit)
    try:
        solutions.serialize(writer, format=ox.QueryResultsFormat.TSV)
    except _Enough:
        pass
    except Exception:
        if not writer.overflow:
            raise
    data = b"".join(writer.chunks)
    if writer.overflow:
        data = b"\n".join(data.split(b"\n", limit + 1)[: limit + 1]) + b"\n"
    return data, data.count(b"\n") - 1, writer.overflow


def write(
    result: object, fmt: Format, limit: int, prefixes: Mapping[str, str], fill: Fill = _same
) -> Written:
    """Serialise a pyoxigraph query result in ``fmt`` (not HTML; see :func:`table`)."""
    kind = ResultKind.of(result)
    if kind is ResultKind.BOOLEAN:
        return Written(result.serialize(format=fmt.results_format), False, None)  # type: ignore[attr-defined]
    if kind is ResultKind.SOLUTIONS:
        tsv, count, truncated = capped_tsv(result, limit)  # type: ignore[arg-type]
        tsv = fill(tsv)
        if fmt is Format.TSV:
            return Written(tsv, truncated, count)
        solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        return Written(solutions.serialize(format=fmt.results_format), truncated, count)
    triples = list(islice(result, limit + 1))  # type: ignore[call-overload]
    truncated = len(triples) > limit
    del triples[limit:]
    body = fmt.write_rdf(triples, prefixes)
    return Written(body, truncated, len(triples))


def table(result: object, limit: int, fill: Fill = _same) -> Table:
    """The result as a :class:`Table` of at most ``limit`` rows."""
    kind = ResultKind.of(result)
    if kind is ResultKind.BOOLEAN:
        return Table(kind, (), (), False, bool(result))
    if kind is ResultKind.SOLUTIONS:
        tsv, _count, truncated = capped_tsv(result, limit)  # type: ignore[arg-type]
        solutions = ox.parse_query_results(fill(tsv), format=ox.QueryResultsFormat.TSV)
        variables = tuple(v.value for v in solutions.variables)
        rows = tuple(tuple(s[v] for v in variables) for s in solutions)
        return Table(kind, variables, rows, truncated)
    triples = list(islice(result, limit + 1))  # type: ignore[call-overload]
    rows = tuple((t.subject, t.predicate, t.object) for t in triples[:limit])
    return Table(kind, ("subject", "predicate", "object"), rows, len(triples) > limit)
