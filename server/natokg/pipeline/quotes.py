"""Every quote must be found, character for character, in the source document it cites."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from natokg.namespaces import NKG, PROV

QUOTES_QUERY = f"""
SELECT ?attestation ?quote ?document ?file WHERE {{
  ?attestation <{PROV}wasQuotedFrom> ?document ; <{PROV}value> ?quote .
  OPTIONAL {{ ?document <{NKG}sourceFile> ?file }}
}} ORDER BY ?attestation
"""


@dataclass(frozen=True)
class QuoteProblem:
    attestation: str
    reason: str

    def __str__(self) -> str:
        return f"{self.attestation}: {self.reason}"


@dataclass(frozen=True)
class QuoteReport:
    checked: int
    problems: tuple[QuoteProblem, ...]


def check_quotes(store: ox.Store, seeds: Path) -> QuoteReport:
    """Check every ``prov:value`` of an attestation against the text of its source file."""
    texts: dict[str, str] = {}
    problems: list[QuoteProblem] = []
    checked = 0
    for row in store.query(QUOTES_QUERY, use_default_graph_as_union=True):
        checked += 1
        attestation = row["attestation"].value
        quote = row["quote"].value
        if row["file"] is None:
            problems.append(
                QuoteProblem(attestation, f"document {row['document']} has no nkg:sourceFile")
            )
            continue
        name = row["file"].value
        if name not in texts:
            path = seeds / name
            if "/" in name or not path.is_file():
                problems.append(QuoteProblem(attestation, f"source file not found: {path}"))
                continue
            texts[name] = path.read_text(encoding="utf-8")
        if not quote.strip():
            problems.append(QuoteProblem(attestation, "empty quote"))
        elif quote not in texts[name]:
            problems.append(QuoteProblem(attestation, f"quote not found in {name}: {quote[:80]!r}"))
    return QuoteReport(checked, tuple(problems))
