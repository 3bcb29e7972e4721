"""Where things are: the checkout, the bench's work area (gitignored) and its environments."""

from __future__ import annotations

from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
PEERS_VENV = WORK / "venv"
RESULTS = BENCH / "results"
MAIN_VENV = ROOT / ".venv"


def peer_bin(name: str) -> Path:
    return PEERS_VENV / "bin" / name


def main_bin(name: str) -> Path:
    return MAIN_VENV / "bin" / name
