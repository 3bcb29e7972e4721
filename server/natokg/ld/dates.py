"""Dates as the sources give them: a day, a month or a year, possibly qualified ("early").

>>> d = DateValue.parse("2011-04", "http://www.w3.org/2001/XMLSchema#gYearMonth")
>>> d.precision, d.year, d.sort_key
('month', 2011, (2011, 4, 0))
>>> DateValue.parse("1995", "http://www.w3.org/2001/XMLSchema#gYear").precision
'year'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from natokg.namespaces import XSD

PRECISION_OF_DATATYPE = {
    XSD + "date": "day",
    XSD + "dateTime": "day",
    XSD + "gYearMonth": "month",
    XSD + "gYear": "year",
}

_DATE = re.compile(r"^(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True, order=True)
class DateValue:
    """A date at the precision the source gives; orders by (year, month, day)."""

    sort_key: tuple[int, int, int]
    #: the lexical form, at its precision: "1995", "2011-04", "2007-01-30"
    text: str
    #: "day", "month" or "year"
    precision: str
    #: the English label of the source's qualifier ("early in the period"), if any
    qualifier: str = ""

    @classmethod
    def parse(cls, lexical: str, datatype: str, qualifier: str = "") -> DateValue | None:
        """The date of a literal, or None when it is not a date, month or year."""
        precision = PRECISION_OF_DATATYPE.get(datatype)
        match = _DATE.match(lexical)
        if precision is None or match is None:
            return None
        year = int(match.group(1))
        month = int(match.group(2) or 0) if precision != "year" else 0
        day = int(match.group(3) or 0) if precision == "day" else 0
        text = lexical[:10] if precision == "day" else lexical
        return cls((year, month, day), text, precision, qualifier)

    @property
    def year(self) -> int:
        return self.sort_key[0]

    @property
    def display(self) -> str:
        return f"{self.text} ({self.qualifier})" if self.qualifier else self.text

    @property
    def fraction(self) -> float:
        """The date as a fractional year (the middle of its month or year), for drawing."""
        year, month, day = self.sort_key
        if not month:
            return year + 0.5
        return year + (month - 1) / 12 + ((day or 15) - 0.5) / 365
