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

from natokg.namespaces import NKG, id_namespace
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


# -- checking a ledger ----------------------------------------------------------------------


def prefixes(base: str) -> dict[str, str]:
    """The CURIE prefixes a ledger's ``iris`` column may use (``kg:`` follows the base IRI)."""
    return {"kg": id_namespace(base), "nkg": NKG}


#: predicates that only name, describe or source a node: a ``modelled`` row needs its nodes to
#: carry something else (a membership's member, an event's date, a statement's author…)
NON_FACT_PREDICATES = frozenset(
    {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2000/01/rdf-schema#comment",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2004/02/skos/core#altLabel",
        "http://www.w3.org/2004/02/skos/core#note",
        "http://www.w3.org/2004/02/skos/core#definition",
        "http://www.w3.org/ns/prov#value",
        "http://www.w3.org/ns/prov#wasQuotedFrom",
        "http://www.w3.org/ns/prov#hadPrimarySource",
        "https://w3id.org/natokg/ontology#acronym",
        "https://w3id.org/natokg/ontology#attestedBy",
        "https://w3id.org/natokg/ontology#attests",
        "https://w3id.org/natokg/ontology#quotedText",
    }
)


def expand(name: str, base: str) -> str:
    """The full IRI of a CURIE (``kg:…``, ``nkg:…``) or of an IRI written out (``<…>`` or
    bare); ``ValueError`` for an unknown prefix."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    if "://" in name:
        return name
    prefix, sep, local = name.partition(":")
    known = prefixes(base)
    if not sep or prefix not in known:
        raise ValueError(f"unknown prefix in {name!r} (use {', '.join(p + ':' for p in known)})")
    return known[prefix] + local


def unit_problems(entries: list[Entry], text: str) -> list[str]:
    """Where the ledger's units differ from what :func:`split` makes of ``text`` (missing,
    extra, reordered or edited rows), one line each, naming the unit number."""
    expected = {u.number: u for u in split(text)}
    found = {e.n: e for e in entries}
    problems = []
    for n, unit in sorted(expected.items()):
        entry = found.get(n)
        if entry is None:
            problems.append(f"unit {n} (line {unit.line}) missing: {unit.text[:70]}")
        elif (entry.line, entry.kind, entry.text) != (unit.line, unit.kind, unit.text):
            problems.append(
                f"unit {n} differs: ledger has line {entry.line} {entry.kind} "
                f"{entry.text[:50]!r}, the text has line {unit.line} {unit.kind} {unit.text[:50]!r}"
            )
    problems += [
        f"unit {n} is not in the text: {found[n].text[:70]}"
        for n in sorted(found.keys() - expected.keys())
    ]
    if [e.n for e in entries] != sorted(found):
        problems.append("rows are not in order or a number repeats")
    return problems


def figures(entries: list[Entry]) -> dict[str, int]:
    """How many units, and how many of each status."""
    counts = {"units": len(entries)}
    for status in Status:
        counts[str(status)] = sum(e.status == status for e in entries)
    return counts


def ledger_paths(project_dir: Path) -> list[Path]:
    """Every ledger of the project, ``data/coverage/*.tsv``, sorted."""
    return sorted((project_dir / "data" / "coverage").glob("*.tsv"))
