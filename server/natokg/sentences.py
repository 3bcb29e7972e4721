"""Split a source document's text into the units a reader checks one by one: headings, list items
and sentences, each a verbatim slice of the text with its line number.

The same splitter makes the coverage ledger (``data/coverage/<document>.tsv``) and checks it, and
`natokg draft` reuses it, so a unit is defined once. Rules, for NATO's French and English pages:

- every non-blank line is a block; a line starting with ``•`` or a dash is a list item (the
  mark is not part of the unit); a short line with no closing punctuation is a heading;
- a block is cut after ``.``, ``!``, ``?`` or ``…`` (and a closing quote or bracket right after
  it) when whitespace and a capital letter or an opening quote follow — never inside
  « guillemets » or brackets, and never after a title or an initial (``M.``, ``J.``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

#: list-item markers at the start of a line (the bullet is not part of the unit)
BULLETS = ("•", "- ", "– ")
#: characters that end a sentence, and those that may close it right after
ENDERS = ".!?…"
CLOSERS = '»”")’'
OPENERS = {"«": "»", "(": ")", "“": "”"}
#: abbreviations after which a full stop does not end a sentence (lower-cased, without the stop)
ABBREVIATIONS = frozenset(
    {
        "m",
        "mm",
        "mme",
        "mmes",
        "mlle",
        "dr",
        "pr",
        "st",
        "ste",
        "mr",
        "mrs",
        "ms",
        "gen",
        "gén",
        "lt",
        "col",
        "cdt",
        "capt",
        "sgt",
        "no",
        "nos",
        "vol",
        "p",
        "pp",
        "cf",
        "etc",
        "e.g",
        "i.e",
        "vs",
        "env",
        "art",
        "av",
        "jr",
        "sr",
    }
)
HEADING_MAX = 120


class Kind(StrEnum):
    HEADING = "heading"
    ITEM = "item"
    SENTENCE = "sentence"


@dataclass(frozen=True)
class Unit:
    """One heading, list item or sentence: ``text`` is found verbatim at ``line`` (1-based)."""

    number: int
    line: int
    kind: Kind
    text: str


def split(text: str) -> list[Unit]:
    """The units of ``text`` in reading order, numbered from 1."""
    units: list[Unit] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        block = raw.strip().strip("\u00a0").strip()
        if not block:
            continue
        kind = Kind.SENTENCE
        if block in ("-", "–", "•"):
            continue
        if block.startswith(BULLETS):
            block = block[1:].strip()
            kind = Kind.ITEM
            if not block:
                continue
        elif len(block) <= HEADING_MAX and block[-1] not in ENDERS + CLOSERS + ":;,":
            kind = Kind.HEADING
        for piece in _sentences(block):
            units.append(Unit(len(units) + 1, line_no, kind, piece))
    return units


def _sentences(block: str) -> Iterator[str]:
    start = 0
    closing: list[str] = []
    i = 0
    n = len(block)
    while i < n:
        ch = block[i]
        if ch in OPENERS:
            closing.append(OPENERS[ch])
        elif closing and ch == closing[-1]:
            closing.pop()
        elif ch in ENDERS and not closing:
            end = i + 1
            while end < n and block[end] in ENDERS + CLOSERS:
                end += 1
            if _boundary(block, start, i, end):
                piece = block[start:end].strip()
                if piece:
                    yield piece
                start = end
                i = end
                continue
        i += 1
    rest = block[start:].strip()
    if rest:
        yield rest


def _boundary(block: str, start: int, stop: int, end: int) -> bool:
    """Whether the punctuation at ``stop`` (its run ending at ``end``) ends a sentence."""
    follow = re.match(r"\s+(.)", block[end:])
    if follow is None:
        return False
    nxt = follow.group(1)
    if not (nxt.isupper() or nxt in '«“"(…'):
        return False
    if block[stop] == ".":
        word = re.search(r"(\S+)$", block[start:stop])
        if word is not None:
            token = word.group(1).lstrip('(«“"').lower()
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                return False
    return True
