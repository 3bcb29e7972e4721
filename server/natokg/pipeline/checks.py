"""Integrity checks: SPARQL queries in queries/checks/*.rq that must return no rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox


@dataclass(frozen=True)
class CheckResult:
    name: str
    title: str
    rows: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.rows


def check_files(queries_dir: Path) -> list[Path]:
    return sorted((queries_dir / "checks").glob("*.rq"))


def title_of(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# title:"):
            return line.split(":", 1)[1].strip()
    return ""


def run_checks(store: ox.Store, queries_dir: Path) -> list[CheckResult]:
    results = []
    for path in check_files(queries_dir):
        text = path.read_text(encoding="utf-8")
        solutions = store.query(text, use_default_graph_as_union=True)
        rows = tuple(
            " ".join(f"{v.value}={row[v]}" for v in solutions.variables if row[v] is not None)
            for row in solutions
        )
        results.append(CheckResult(path.stem, title_of(text), rows))
    return results
