"""natokg.draft.evaluation: the leave-one-out floors (README: Drafting new pages)."""

from __future__ import annotations

from pathlib import Path

from natokg.draft import evaluation

ROOT = Path(__file__).resolve().parents[2]


def test_leave_one_out_floors() -> None:
    _table, totals = evaluation.table(ROOT)
    # floors at the targets where met, else at the measured values (README)
    assert totals["linking precision"].value >= 0.95
    assert totals["linking recall"].value >= 0.90
    assert totals["dates recall"].value >= 0.95
    assert totals["timeline events"].value >= 0.90
    assert totals["figures"].value >= 0.95
    assert totals["memberships"].value >= 0.85
    assert totals["memberships precision"].value >= 0.95
    # far from the curated graph (README): 0.26 and 0.12 before subjects referring back ("ils")
    # and NATO organising its summits and meetings
    assert totals["participants (who, date)"].value >= 0.35
    assert totals["participations (+ role, post)"].value >= 0.20
