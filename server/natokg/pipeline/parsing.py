"""Parse source files into quads, reporting syntax errors as ``file:line:column: reason``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from natokg.pipeline.axioms import TripleTermError, reifiers_to_axioms
from natokg.pipeline.errors import SourceSyntaxError
from natokg.pipeline.sources import SourceFile


def parse_file(source: SourceFile, root: Path) -> list[ox.Quad]:
    """All triples of one Turtle file, placed in the file's named graph."""
    graph = ox.NamedNode(source.graph)
    name = source.display(root)
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        raise SourceSyntaxError(name, None, None, f"cannot read: {exc.strerror}") from exc
    try:
        return reifiers_to_axioms(
            ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=None)
        )
    except TripleTermError as exc:
        raise SourceSyntaxError(name, None, None, str(exc)) from None
    except SyntaxError as exc:
        raise _located(name, exc) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceSyntaxError(name, line, None, "invalid UTF-8") from None


def parse_all(
    sources: Iterable[SourceFile], root: Path
) -> Iterator[tuple[SourceFile, list[ox.Quad]]]:
    for source in sources:
        yield source, parse_file(source, root)


def _located(name: str, exc: SyntaxError) -> SourceSyntaxError:
    line, column = exc.lineno, exc.offset
    reason = str(exc.msg if isinstance(exc.msg, str) else exc)
    return SourceSyntaxError(name, line, column, reason)
