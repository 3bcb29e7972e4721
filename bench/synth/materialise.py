"""``python -m bench.synth.materialise PROJECT OUT.nq``: the project's data, skolemised and
inferred like a build's, without any check (the fallback when a full build does not finish in
the time allowed). Uses natokg's own ``preview_store``."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from natokg.pipeline.pipeline import preview_store
from natokg.settings import Settings


def main() -> None:
    project, out = Path(sys.argv[1]), Path(sys.argv[2])
    store = preview_store(Settings.load({"project_dir": project}, environ={}))
    out.parent.mkdir(parents=True, exist_ok=True)
    store.dump(out, format=ox.RdfFormat.N_QUADS)
    print(len(store))


if __name__ == "__main__":
    main()
