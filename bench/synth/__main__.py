"""``python -m bench.synth TARGET_TRIPLES DIR [--seed N]``: write a synthetic project."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.synth.project import write_project
from natokg.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__)
    parser.add_argument("triples", type=float, help="about how many served triples, e.g. 1e5")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--source", type=Path, default=Path.cwd(), help="the natokg checkout")
    args = parser.parse_args()
    seeds = Settings.load({"project_dir": args.source.resolve()}).sources_path
    project = write_project(args.source, seeds, args.directory, int(args.triples), args.seed)
    print(f"{project.path}: {project.states} states in {project.documents} documents")


if __name__ == "__main__":
    main()
