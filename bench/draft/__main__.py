"""Time ``natokg draft``'s analysis and writing of each source page (best of N runs, the
registry loaded once), per page and per kB: ``python -m bench.draft [--runs N]``."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from natokg.draft import registry as registry_mod
from natokg.draft.drafting import analyse
from natokg.draft.evaluation import DOCUMENTS
from natokg.draft.turtle import graph

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    reg = registry_mod.load(ROOT)
    print(f"registry: {len(reg.entities)} entities loaded in {time.perf_counter() - start:.2f} s")
    print(f"| page | kB | best of {args.runs} (ms) | ms per kB |")
    print("| --- | --- | --- | --- |")
    for doc in DOCUMENTS:
        text = (ROOT / "data" / "sources" / f"{doc}.txt").read_text(encoding="utf-8")
        kb = len(text.encode()) / 1024
        best = float("inf")
        for _ in range(args.runs):
            t = time.perf_counter()
            graph(analyse(text, "fr", doc, reg), "https://example.org/" + doc, doc)
            best = min(best, time.perf_counter() - t)
        print(f"| {doc} | {kb:.1f} | {best * 1000:.0f} | {best * 1000 / kb:.1f} |")


if __name__ == "__main__":
    main()
