"""The query catalogue (``queries/*.rq``) offered as ready-to-run examples in the UI.

Each file starts with comment headers ``# title:``, ``# question:`` (in English),
``# question-fr:`` (the same question in French) and ``# source:`` (and optionally
``# group:``). The directory is read when a page needs it, so new files show up
without a restart.

The gallery groups the examples by research question (:data:`GROUPS`): a file's ``# group:``
header says which, else the first group whose words its title or question contains. The
documents an example draws on are read from its ``source`` header — ``kg:doc-…`` names, file
names of ``data/sources`` or a document's name — and shown by their titles
(:func:`documents`), never as file names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HEADERS = ("title", "question", "question-fr", "source", "group")

#: (key, heading) of the gallery's groups, in the order they are shown
GROUPS: tuple[tuple[str, str], ...] = (
    ("memberships", "Memberships"),
    ("timeline", "Timeline"),
    ("people", "People and posts"),
    ("programmes", "Programmes"),
    ("figures", "Figures"),
    ("sources", "Sources and disagreements"),
    ("other", "Other questions"),
)
#: (group, words that place an example in it), tried in this order (the first match wins)
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("source", "disagree", "reference", "spelling", "evidence", "preference", "said")),
    ("sources", ("sentence", "statement", "says", "call")),
    ("figures", ("figure",)),
    ("people", ("person", "people", "speaker", "post", "visitor", "rank", "secretary", "leader")),
    ("people", ("participant", "attendee", "who")),
    ("memberships", ("member", "joined", "accession", "framework", "ally", "allies")),
    ("programmes", ("programme", "deep", "dcb", "eadrcc", "instrument", "course", "exercise")),
    ("programmes", ("project", "area", "tool", "kazcent", "body", "bodies")),
    ("timeline", ("timeline", "history", "order", "when", "year", "event", "happened", "dated")),
    ("timeline", ("created", "adopted", "milestone", "summit", "meeting", "recurring")),
    ("memberships", ("partner", "dialogue", "initiative")),
)
GROUP_KEYS = tuple(key for key, _ in GROUPS)
_DOC = re.compile(r"kg:(doc-[\w-]+)")
_FILE = re.compile(r"([\w.-]+\.txt)")
#: words of a source header that name a document without its IRI
_DOC_WORDS = {
    "pakistan page": "doc-pakistan",
    "kazakhstan": "doc-kazakhstan",
    "indo-pacific": "doc-indo-pacific",
    "partnerships overview": "doc-partnerships",
    "workshop": "doc-workshop-2022",
    "concept stratégique": "doc-workshop-2022",
}


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    question: str
    source: str
    query: str
    group: str = "other"
    #: the question in French (the English one is ``question``)
    question_fr: str = ""


def load(directory: Path) -> list[Example]:
    """Every ``*.rq`` directly in ``directory`` (not the integrity checks), by file name."""
    if not directory.is_dir():
        return []
    return [_example(path) for path in sorted(directory.glob("*.rq")) if path.is_file()]


def grouped(examples: list[Example]) -> list[tuple[str, str, list[Example]]]:
    """(key, heading, examples) for every group that has examples, in :data:`GROUPS` order."""
    out = []
    for key, heading in GROUPS:
        members = [e for e in examples if e.group == key]
        if members:
            out.append((key, heading, members))
    return out


def documents(
    example: Example, titles: Mapping[str, str], files: Mapping[str, str]
) -> list[tuple[str, str]]:
    """(document slug, title) of each document the example's source header names.

    ``titles`` maps a document's slug (``doc-pakistan``) to its title, ``files`` a source
    file's name (``pakistan.txt``) to the slug."""
    source = example.source
    found = _DOC.findall(source)
    found += [files[name] for name in _FILE.findall(source) if name in files]
    if not found:
        lowered = source.lower()
        found = [slug for words, slug in _DOC_WORDS.items() if words in lowered]
    seen: list[str] = []
    for slug in found:
        if slug in titles and slug not in seen:
            seen.append(slug)
    return [(slug, titles[slug]) for slug in seen]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _group(headers: dict[str, str], name: str) -> str:
    stated = headers["group"].strip().lower()
    if stated in GROUP_KEYS:
        return stated
    text = _fold(f"{headers['title']} {headers['question']} {name.replace('-', ' ')}")
    for key, words in RULES:
        if any(re.search(rf"\b{re.escape(_fold(w))}(s|es)?\b", text) for w in words):
            return key
    return "other"


def _example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    headers = dict.fromkeys(HEADERS, "")
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        key, sep, value = stripped.lstrip("#").strip().partition(":")
        if sep and key.strip().lower() in headers:
            headers[key.strip().lower()] = value.strip()
    return Example(
        path.stem,
        headers["title"] or path.stem,
        headers["question"],
        headers["source"],
        text,
        _group(headers, path.stem),
        headers["question-fr"],
    )
