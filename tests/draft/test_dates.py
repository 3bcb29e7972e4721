"""natokg.draft.dates: French and English dates with precision and qualifier (gold by hand)."""

from __future__ import annotations

import pytest

from natokg.draft import dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("depuis début 2016 avec l'ONUDC", [("2016", "year", "early")]),
        ("un séisme, en octobre 2005, et", [("2005-10", "month", None)]),
        ("Atelier du 9 novembre 2022", [("2022-11-09", "day", None)]),
        ("Début juillet 2012, le secrétaire", [("2012-07", "month", "early")]),
        (
            "On 9 November 2022 and in early 2016",
            [("2022-11-09", "day", None), ("2016", "year", "early")],
        ),
        ("Près de 3 500 tonnes de secours", []),
    ],
)
def test_dates(text: str, expected: list) -> None:
    assert [(d.value, d.precision, d.qualifier) for d in dates.find(text)] == expected


def test_timeline_entry_takes_the_year_heading() -> None:
    assert [(d.value, d.precision) for d in dates.find("(mars) Visite au Pakistan", "2005")] == [
        ("2005-03", "month")
    ]
