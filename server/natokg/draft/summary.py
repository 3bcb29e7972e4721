"""The one-screen summary of a draft on the terminal."""

from __future__ import annotations

from natokg.draft.drafting import Draft
from natokg.pipeline.coverage import Entry, Status


def render(draft: Draft, rows: list[Entry], problems: int, paths: list[str]) -> str:
    linked = {m.entity.iri for a in draft.analyses for m in a.mentions}
    events = sum(len(a.found.events) for a in draft.analyses)
    memberships = sum(len(a.found.memberships) for a in draft.analyses)
    participations = sum(len(e["participants"]) for a in draft.analyses for e in a.found.events)
    figures = sum(len(a.figures) for a in draft.analyses)
    dated = sum(len(a.dates) for a in draft.analyses)
    todo = [r for r in rows if r.status is Status.TODO]
    lines = [
        f"draft {draft.slug} ({draft.lang}): {len(rows)} units, "
        f"{sum(r.status is Status.MODELLED for r in rows)} drafted, {len(todo)} left unmodelled",
        f"  entities linked {len(linked)}, new (nkg:draft) {len(draft.people)}",
        f"  dates {dated}, events {events}, participations {participations}, "
        f"memberships {memberships}, figures {figures}",
        f"  shapes: {'pass' if problems == 0 else f'{problems} violation(s)'}",
    ]
    for r in todo[:5]:
        lines.append(f"  unmodelled #{r.n} (line {r.line}): {r.text[:90]}")
    if len(todo) > 5:
        lines.append(f"  … and {len(todo) - 5} more unmodelled (see the ledger)")
    lines += [f"  wrote {p}" for p in paths]
    return "\n".join(lines)
