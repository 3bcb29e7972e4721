"""Figures with their qualifier: "plus de 40 partenaires" → 40, more than; "près de 3 500
tonnes" → 3500 tonnes, nearly; "plusieurs centaines de tonnes" → several hundred tonnes."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "two": 2, "three": 3, "four": 4, "five": 5, "six ": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
QUALIFIERS = {
    "plus de": "moreThan", "more than": "moreThan", "over": "moreThan",
    "près de": "nearly", "presque": "nearly", "nearly": "nearly", "almost": "nearly",
    "environ": "about", "quelque": "about", "about": "about", "around": "about",
    "some": "about", "approximately": "about", "approximativement": "about",
}  # fmt: skip
UNITS = {"tonne": "tonne", "tonnes": "tonne", "ans": "yearUnit", "années": "yearUnit",
         "years": "yearUnit", "tons": "tonne"}  # fmt: skip
_QUAL = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_WORDS = "|".join(w.strip() for w in WORDS)
_NUMBER = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+|\d+(?:[.,]\d+)?"
_PATTERN = re.compile(
    rf"(?<![\w\d])(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUMBER}|{_WORDS})(?P<noun>(?:\s+[^\W\d][\w’'-]*){{1,4}})",
    re.I,
)
_SEVERAL_HUNDRED = re.compile(
    r"(?<!\w)(?:plusieurs centaines|several hundred)(?: de| d’| d'| of)?\s*(?P<noun>[^\W\d][\w’'-]*(?:\s+[^\W\d][\w’'-]*){0,3})",  # noqa: E501
    re.I,
)
#: words after a number that make it not a counted quantity
_NOT_COUNTS = re.compile(
    r"^(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"h|heures|%|pour|et|ou|and|or|to|à)$",
    re.I,
)
_STOP = re.compile(
    r"\s+(?:de|du|des|d’|d'|of|à|au|aux|en|in|from|par|by|pour|for|qui|that|et|and|ont|have|sont|were|ont|été)\b.*$",
    re.I,
)


@dataclass(frozen=True)
class Figure:
    value: int | float | None
    qualifier: str  # exactly, moreThan, about, nearly, severalHundred
    unit: str  # count, tonne, yearUnit
    noun: str
    start: int
    end: int


def find(text: str, skip: list[tuple[int, int]] = ()) -> list[Figure]:  # noqa: B006
    """The figures of a sentence, leaving out the spans in ``skip`` (dates)."""
    out: list[Figure] = []
    for m in _SEVERAL_HUNDRED.finditer(text):
        noun = _noun(m.group("noun"))
        out.append(Figure(None, "severalHundred", _unit(noun), noun, m.start(), m.end()))
    for m in _PATTERN.finditer(text):
        if any(m.start("n") < e and s < m.end("n") for s, e in skip):
            continue
        if any(m.start() < f.end and f.start < m.end() for f in out):
            continue
        noun = _noun(m.group("noun"))
        first = noun.split()[0] if noun else ""
        if not noun or _NOT_COUNTS.match(first):
            continue
        raw = m.group("n").lower()
        if raw in WORDS:
            value: int | float = WORDS[raw]
        else:
            digits = re.sub(r"[\u00a0\u202f ]", "", raw).replace(",", ".")
            value = float(digits) if "." in digits else int(digits)
            if isinstance(value, int) and 1940 <= value <= 2049 and not m.group("q"):
                continue  # a year, not a figure
        qual = QUALIFIERS[m.group("q").lower()] if m.group("q") else "exactly"
        out.append(Figure(value, qual, _unit(noun), noun, m.start(), m.end()))
    return sorted(out, key=lambda f: f.start)


def _noun(words: str) -> str:
    return _STOP.sub("", words.strip()).strip(" ,;:.")


def _unit(noun: str) -> str:
    first = noun.split()[0].lower() if noun else ""
    return UNITS.get(first, "count")
