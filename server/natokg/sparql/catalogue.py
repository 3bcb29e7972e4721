"""The query catalogue (``queries/*.rq``) offered as ready-to-run examples in the UI.

Each file starts with comment headers ``# title:``, ``# question:`` and ``# source:``. The
directory is read when a page needs it, so new files show up without a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HEADERS = ("title", "question", "source")


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    question: str
    source: str
    query: str


def load(directory: Path) -> list[Example]:
    """Every ``*.rq`` directly in ``directory`` (not the integrity checks), by file name."""
    if not directory.is_dir():
        return []
    return [_example(path) for path in sorted(directory.glob("*.rq")) if path.is_file()]


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
        path.stem, headers["title"] or path.stem, headers["question"], headers["source"], text
    )
