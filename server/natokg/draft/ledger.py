"""The draft's sentence ledger, in the coverage ledger's format (natokg.pipeline.coverage):
every unit, what was drafted from it (``iris``) and the drafter's confidence (``note``)."""

from __future__ import annotations

from pathlib import Path

from natokg.draft.drafting import Draft
from natokg.pipeline import coverage
from natokg.sentences import Kind


def entries(draft: Draft) -> list[coverage.Entry]:
    out = []
    for a in draft.analyses:
        iris = tuple(getattr(a, "iris", ()))
        if a.unit.kind is Kind.HEADING and not a.listed_in:
            status, note = coverage.Status.CONTEXT, "heading"
        elif a.listed_in:
            status, iris = coverage.Status.MODELLED, tuple(a.listed_in)
            note = "confidence 0.7; a member named in the list introduced above"
        elif iris:
            status = coverage.Status.MODELLED
            note = f"confidence {a.confidence:.1f}; draft: {_what(a)}"
        else:
            status = coverage.Status.TODO
            linked = ", ".join(sorted({m.entity.iri.rsplit("/", 1)[1] for m in a.mentions}))
            note = "confidence 0.0; nothing drafted" + (f" (names {linked})" if linked else "")
        out.append(
            coverage.Entry(a.unit.number, a.unit.line, a.unit.kind, status, iris, note, a.unit.text)
        )
    return out


def _what(a) -> str:  # noqa: ANN001 - an Analysis
    parts = []
    if a.found.memberships:
        parts.append(f"{len(a.found.memberships)} membership(s)")
    if a.found.events:
        parts.append(f"{len(a.found.events)} event(s)")
    if a.figures:
        parts.append(f"{len(a.figures)} figure(s)")
    if a.new_people:
        parts.append("new: " + ", ".join(a.new_people))
    late = [d.value for d in a.dates if d.qualifier in ("late", "mid")]
    if late:
        parts.append(f"qualifier late/mid not in the model for {', '.join(late)}")
    return "; ".join(parts) or "entities attested"


def write(path: Path, draft: Draft) -> list[coverage.Entry]:
    rows = entries(draft)
    coverage.write(path, rows)
    return rows
