"""The query mix: the catalogue (``queries/cq-*.rq``) and the bench's own analytical queries.

Every file found is in the mix; none is dropped silently: a query that fails or disagrees on
some server is reported with its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

BENCH_QUERIES = Path(__file__).resolve().parent / "queries"
TITLE = re.compile(r"^#\s*title:\s*(.+)$", re.MULTILINE)
CHEAP = re.compile(r"^#\s*cheap:\s*yes\s*$", re.MULTILINE)


class Form(Enum):
    SELECT = "select"
    ASK = "ask"
    GRAPH = "graph"  # CONSTRUCT and DESCRIBE


class Group(Enum):
    CATALOGUE = "catalogue"
    ANALYTICAL = "analytical"
    CHEAP = "cheap"


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    form: Form
    group: Group
    title: str

    @property
    def describe(self) -> bool:
        return bool(re.search(r"\bDESCRIBE\b", _strip(self.text), re.IGNORECASE))


def form_of(text: str) -> Form:
    """The query form, as Oxigraph's own parser sees it (on an empty store)."""
    result = ox.Store().query(text)
    if isinstance(result, ox.QueryBoolean):
        return Form.ASK
    if isinstance(result, ox.QueryTriples):
        return Form.GRAPH
    return Form.SELECT


def load(project_dir: Path, only: str | None = None) -> list[Query]:
    """All queries, catalogue first; ``only`` is a regular expression on the names."""
    files = [(p, Group.CATALOGUE) for p in sorted((project_dir / "queries").glob("cq-*.rq"))]
    for path in sorted(BENCH_QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        files.append((path, Group.CHEAP if CHEAP.search(text) else Group.ANALYTICAL))
    queries = []
    for path, group in files:
        if only and not re.search(only, path.stem):
            continue
        text = path.read_text(encoding="utf-8")
        title = TITLE.search(text)
        queries.append(
            Query(path.stem, text, form_of(text), group, title.group(1).strip() if title else "")
        )
    return queries


def _strip(text: str) -> str:
    """The query without comments, strings and IRIs (to look for keywords)."""
    text = re.sub(r"#[^\n]*", " ", text)
    text = re.sub(r'"[^"\n]*"|\'[^\'\n]*\'', '""', text)
    return re.sub(r"<[^>\s]*>", "<>", text)
