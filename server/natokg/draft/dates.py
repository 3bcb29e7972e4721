"""Dates as written in French and English, with their precision and qualifier.

"le 9 novembre 2022" → a day; "en octobre 2005", "(mars)" under the heading "2005" → a month;
"début 2016" → the year 2016, qualifier early; "début juillet 2012" → July 2012, early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),  # noqa: E501
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "january february march april may june july august september october november december".split(),  # noqa: E501
            1,
        )
    },
    "fevrier": 2,
    "aout": 8,
    "decembre": 12,
}
QUALIFIERS = {
    "début": "early",
    "au début de": "early",
    "dès le début de": "early",
    "début de": "early",
    "early": "early",
    "in early": "early",
    "fin": "late",
    "à la fin de": "late",
    "fin de": "late",
    "late": "late",
    "in late": "late",
    "mi-": "mid",
    "mid-": "mid",
    "mid": "mid",
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_QUAL = r"(?P<q>au début de|dès le début de|à la fin de|début de|fin de|in early|in late|début|fin|early|late|mi-|mid-)?\s*"  # noqa: E501
_YEAR = r"(?P<y>(?:19[4-9]\d|20[0-4]\d))(?![\d\u00a0 ]\d{3})"
_PATTERNS = (
    (
        "day",
        re.compile(
            rf"(?<![\w\d])(?P<d>1er|[0-3]?\d)(?:er)?[\s\u00a0]+(?P<m>{_MONTH})[\s\u00a0]+{_YEAR}",
            re.I,
        ),
    ),
    (
        "day",
        re.compile(rf"(?<!\w)(?P<m>{_MONTH})[\s\u00a0]+(?P<d>[0-3]?\d),?[\s\u00a0]+{_YEAR}", re.I),
    ),
    ("month", re.compile(rf"(?<![\w-]){_QUAL}(?P<m>{_MONTH})(?: de| of)?[\s\u00a0]+{_YEAR}", re.I)),
    ("year", re.compile(rf"(?<![\w\d-]){_QUAL}{_YEAR}(?![\w\d])", re.I)),
)
_TIMELINE = re.compile(rf"^\((?P<m>{_MONTH})\)", re.I)
_YEAR_HEADING = re.compile(r"^(?:19[4-9]\d|20[0-4]\d)$")


@dataclass(frozen=True)
class Date:
    """A date at the precision written: ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    value: str
    precision: str  # "year", "month", "day"
    qualifier: str | None
    start: int
    end: int

    @property
    def datatype(self) -> str:
        return {"year": "gYear", "month": "gYearMonth", "day": "date"}[self.precision]


def find(text: str, year: str | None = None) -> list[Date]:
    """The dates in ``text`` (a sentence), left to right, without overlaps. ``year`` is the
    year of the timeline heading above, for entries such as "(mars) …"."""
    found: list[Date] = []
    taken: list[tuple[int, int]] = []
    timeline = _TIMELINE.match(text)
    if timeline and year:
        month = MONTHS[timeline.group("m").lower()]
        found.append(Date(f"{year}-{month:02d}", "month", None, 0, timeline.end()))
        taken.append((0, timeline.end()))
    for precision, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            y = m.group("y")
            if precision == "day":
                d = 1 if m.group("d").lower() == "1er" else int(m.group("d"))
                if not 1 <= d <= 31:
                    continue
                value = f"{y}-{MONTHS[m.group('m').lower()]:02d}-{d:02d}"
                qual = None
            elif precision == "month":
                value = f"{y}-{MONTHS[m.group('m').lower()]:02d}"
                qual = _qualifier(m.group("q"))
            else:
                value = y
                qual = _qualifier(m.group("q"))
            start = (
                m.start("q")
                if m.groupdict().get("q")
                else m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            )
            found.append(Date(value, precision, qual, start, m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _qualifier(word: str | None) -> str | None:
    if not word:
        return None
    return QUALIFIERS.get(word.lower().strip())


def year_heading(text: str) -> str | None:
    """The year a timeline heading ("2005") announces."""
    return text if _YEAR_HEADING.match(text) else None
