"""`natokg query`: one query against the published dataset, from the terminal.

The same guard, execution and serialisation as the endpoint; ``table`` prints an aligned
text table, the other formats are the endpoint's (see :mod:`natokg.formats`).
"""

from __future__ import annotations

from typing import BinaryIO, TextIO

from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException

from natokg.formats import Format, ResultKind, formats_for
from natokg.namespaces import longest_first, prefixes
from natokg.negotiation import Negotiator, NotAcceptable
from natokg.settings import Settings
from natokg.sparql import guard, presentation, results
from natokg.sparql.execution import evaluate
from natokg.sparql.scanner import scan
from natokg.store import DatasetError, load_dataset

TABLE = "table"


def run_cli_query(settings: Settings, text: str, fmt: str, out: BinaryIO, err: TextIO) -> int:
    """Run ``text``, write the answer to ``out``; 0 on success, 1 without data, 2 if refused."""
    try:
        dataset = load_dataset(settings)
    except (DatasetError, OSError) as exc:
        print(f"natokg: {exc}", file=err)
        return 1
    pfx = prefixes(dataset.base_iri)
    try:
        facts = scan(text)
        guard.check(facts, frozenset(dataset.graphs), settings)
        result = evaluate(dataset, text, facts)
        kind = ResultKind.of(result)
        if fmt == TABLE:
            table = results.table(result, settings.max_result_rows)
            out.write(presentation.text_table(table, longest_first(pfx)).encode("utf-8"))
            truncated = table.truncated
        else:
            chosen = _format(kind, fmt)
            written = results.write(result, chosen, settings.max_result_rows, pfx)
            out.write(written.body)
            truncated = written.truncated
    except HTTPException as exc:
        print(f"natokg: {exc.description}", file=err)
        return 2
    except NotAcceptable as exc:
        print(f"natokg: {fmt}: {exc}", file=err)
        return 2
    if truncated:
        print(
            f"natokg: the result was cut at {settings.max_result_rows} rows (max_result_rows)",
            file=err,
        )
    return 0


def _format(kind: ResultKind, name: str) -> Format:
    candidates = tuple(f for f in formats_for(kind) if f is not Format.HTML)
    return Negotiator(candidates).choose([name], MIMEAccept())
