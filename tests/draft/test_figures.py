"""natokg.draft.figures: values, qualifiers and units (gold by hand)."""

from __future__ import annotations

import pytest

from natokg.draft import dates, figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plus de 40 partenaires", [(40, "moreThan", "count")]),
        ("Près de 3 500 tonnes de secours", [(3500, "nearly", "tonne")]),
        ("plusieurs centaines de tonnes d'aide", [(None, "severalHundred", "tonne")]),
        ("Le pays a sollicité trois fois une aide", [(3, "exactly", "count")]),
        ("le 9 novembre 2022", []),
    ],
)
def test_figures(text: str, expected: list) -> None:
    spans = [(d.start, d.end) for d in dates.find(text)]
    assert [(f.value, f.qualifier, f.unit) for f in figures.find(text, spans)] == expected
