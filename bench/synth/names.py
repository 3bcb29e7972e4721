"""Invented names for states, cities and people, from a seeded generator."""

from __future__ import annotations

import random

_ONSETS = ["b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "br", "dr", "gr", "st", "tr"]
_VOWELS = ["a", "e", "i", "o", "u", "ia", "ou", "ei"]
_CODAS = ["", "", "n", "r", "l", "s", "st", "nd"]
_STATE_ENDINGS = [
    ("ia", "ie"),
    ("land", "lande"),
    ("istan", "istan"),
    ("ar", "ar"),
    ("esia", "ésie"),
]


def word(rng: random.Random, syllables: int) -> str:
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    )


def state_name(rng: random.Random, serial: int) -> tuple[str, str, str]:
    """(slug, English name, French name); the serial keeps names unique."""
    stem = word(rng, 2).capitalize()
    en_end, fr_end = rng.choice(_STATE_ENDINGS)
    suffix = _roman(serial)
    return (
        f"{stem.lower()}{en_end}-{suffix.lower()}",
        f"{stem}{en_end} {suffix}",
        f"{stem}{fr_end} {suffix}",
    )


def place_name(rng: random.Random, serial: int) -> tuple[str, str]:
    """(slug, name): cities keep one name in both languages, as many do."""
    stem = word(rng, rng.randint(2, 3)).capitalize()
    return f"{stem.lower()}-{serial}", f"{stem} {serial}"


def person_name(rng: random.Random, serial: int) -> tuple[str, str]:
    first, last = word(rng, 2).capitalize(), word(rng, 3).capitalize()
    return f"{first.lower()}-{last.lower()}-{serial}", f"{first} {last} {serial}"


def _roman(n: int) -> str:
    """Serial numbers as letters (a, b, … z, ba, bb …) so that names stay words."""
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters.capitalize()
