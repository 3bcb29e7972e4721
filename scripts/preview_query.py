"""Run queries against the working tree without building (unchecked preview for data authors).

Usage: .venv/bin/python scripts/preview_query.py queries/cq-01-....rq [...]
"""

import sys

from natokg.pipeline.pipeline import preview_store
from natokg.settings import Settings

store = preview_store(Settings.load())
for path in sys.argv[1:]:
    print("==", path)
    r = store.query(open(path).read(), use_default_graph_as_union=True)
    print(
        r.serialize(format=__import__("pyoxigraph").QueryResultsFormat.TSV).decode()
        if hasattr(r, "variables")
        else bool(r)
    )
