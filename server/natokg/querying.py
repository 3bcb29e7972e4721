"""`natokg query`: one query against the published dataset, from the terminal.

The endpoint's query service (:mod:`natokg.sparql.service`): the same guard, execution and
serialisation. ``table`` prints an aligned text table, the other formats are the endpoint's
(see :mod:`natokg.formats`).
"""

from __future__ import annotations

from typing import BinaryIO, TextIO

from werkzeug.datastructures import MIMEAccept

from natokg.formats import Format, ResultKind, formats_for
from natokg.namespaces import longest_first
from natokg.negotiation import Negotiator, NotAcceptable
from natokg.settings import Settings
from natokg.sparql import presentation
from natokg.sparql.failures import QueryError
from natokg.sparql.guard import Limits
from natokg.sparql.service import Query, QueryService
from natokg.store import DatasetError, load_dataset

TABLE = "table"


def run_cli_query(settings: Settings, text: str, fmt: str, out: BinaryIO, err: TextIO) -> int:
    """Run ``text``, write the answer to ``out``; 0 on success, 1 without data, 2 if refused."""
    try:
        dataset = load_dataset(settings)
    except (DatasetError, OSError) as exc:
        print(f"natokg: {exc}", file=err)
        return 1
    # a terminal table is not a page: it gets every row a data format would
    limits = Limits.of(settings, table_rows=settings.max_result_rows)
    service = QueryService(dataset, limits, settings.query_rewrite)
    try:
        result = service.run(Query(text), lambda kind: _format(kind, fmt))
    except QueryError as exc:
        print(f"natokg: {exc}", file=err)
        return 2
    except NotAcceptable as exc:
        print(f"natokg: {fmt}: {exc}", file=err)
        return 2
    if result.table is not None:
        table = presentation.text_table(result.table, longest_first(service.prefixes))
        out.write(table.encode("utf-8"))
    else:
        out.write(result.body)
    if result.truncated:
        print(
            f"natokg: the result was cut at {settings.max_result_rows} rows (max_result_rows)",
            file=err,
        )
    return 0


def _format(kind: ResultKind, name: str) -> Format:
    """The format called ``name``; :attr:`Format.HTML` stands for the terminal table."""
    if name == TABLE:
        return Format.HTML
    candidates = tuple(f for f in formats_for(kind) if f is not Format.HTML)
    return Negotiator(candidates).choose([name], MIMEAccept())
