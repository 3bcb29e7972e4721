"""The coverage ledger: every unit (heading, list item, sentence) of each source document, in
order, with what the graph makes of it. One TSV file per document, ``data/coverage/<slug>.tsv``,
with the columns of :data:`COLUMNS`:

- ``n``, ``line``, ``kind``, ``text``: the unit as :func:`natokg.sentences.split` cuts it;
- ``status``: ``modelled`` (``iris`` lists the nodes that carry its facts), ``context`` (a
  heading, caption or restatement; ``iris`` names what it restates or introduces) or
  ``no-fact`` (``note`` says why), ``todo`` while nobody has looked at it;
- ``iris``: space-separated CURIEs (``kg:…``, ``nkg:…``) or full IRIs;
- ``note``: free text for the curator.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from natokg.sentences import Kind, split

COLUMNS = ("n", "line", "kind", "status", "iris", "note", "text")


class Status(StrEnum):
    MODELLED = "modelled"
    CONTEXT = "context"
    NO_FACT = "no-fact"
    TODO = "todo"


@dataclass(frozen=True)
class Entry:
    n: int
    line: int
    kind: Kind
    status: Status
    iris: tuple[str, ...]
    note: str
    text: str


def read(path: Path) -> list[Entry]:
    """The entries of a ledger file; a malformed row raises ``ValueError`` naming file:line."""
    entries: list[Entry] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}:1: the header must be {' '.join(COLUMNS)}")
        for row in reader:
            try:
                entries.append(
                    Entry(
                        int(row["n"]),
                        int(row["line"]),
                        Kind(row["kind"]),
                        Status(row["status"]),
                        tuple(row["iris"].split()),
                        row["note"],
                        row["text"],
                    )
                )
            except (ValueError, TypeError, AttributeError) as exc:
                raise ValueError(f"{path}:{reader.line_num}: {exc}") from None
    return entries


def write(path: Path, entries: list[Entry]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        writer.writerow(COLUMNS)
        for e in entries:
            writer.writerow((e.n, e.line, e.kind, e.status, " ".join(e.iris), e.note, e.text))


def skeleton(text: str) -> list[Entry]:
    """A ledger for ``text`` with every unit still ``todo``."""
    return [Entry(u.number, u.line, u.kind, Status.TODO, (), "", u.text) for u in split(text)]
