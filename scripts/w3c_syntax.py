"""Ask the endpoint every positive (and negative) SPARQL 1.0/1.1 query-syntax test of the W3C
suite, from a local checkout of https://github.com/w3c/rdf-tests (not part of this repository).

    .venv/bin/python scripts/w3c_syntax.py /path/to/rdf-tests

Each query is sent by POST (application/sparql-query) to an in-process app over the small test
dataset. Positive tests must get 2xx, except those refused by design (SERVICE; FROM or FROM NAMED
naming a graph the dataset does not have), which must get 400 with a reason; negative tests must
get 400. Prints one line per unexpected answer and the totals.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from natokg.app import create_app
from natokg.settings import Settings
from natokg.store import load_dataset

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
POSITIVE = {MF + "PositiveSyntaxTest", MF + "PositiveSyntaxTest11"}
NEGATIVE = {MF + "NegativeSyntaxTest", MF + "NegativeSyntaxTest11"}
DIRS = (
    "sparql/sparql10/syntax-sparql1",
    "sparql/sparql10/syntax-sparql2",
    "sparql/sparql10/syntax-sparql3",
    "sparql/sparql10/syntax-sparql4",
    "sparql/sparql10/syntax-sparql5",
    "sparql/sparql11/syntax-query",
    "sparql/sparql11/syntax-fed",
)
ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "sparql" / "partnerships.trig"


def tests(suite: Path) -> list[tuple[str, Path]]:
    found = []
    for folder in DIRS:
        manifest = suite / folder / "manifest.ttl"
        base = manifest.as_uri()
        triples = list(ox.parse(path=str(manifest), base_iri=base))
        kinds = {
            t.subject: t.object.value
            for t in triples
            if t.predicate.value.endswith("#type") and t.object.value in POSITIVE | NEGATIVE
        }
        for t in triples:
            if t.predicate.value == MF + "action" and t.subject in kinds:
                path = Path(t.object.value.removeprefix("file://"))
                if path.suffix == ".rq":
                    found.append((kinds[t.subject], path))
    return found


def main(suite: Path) -> int:
    settings = Settings.load({"project_dir": ROOT, "data_file": FIXTURE}, environ={})
    client = create_app(settings, load_dataset(settings)).test_client()
    counts = {"positive 2xx": 0, "positive refused": 0, "negative 400": 0, "unexpected": 0}
    for kind, path in tests(suite):
        query = path.read_bytes()
        response = client.post(
            "/sparql", data=query, headers={"Content-Type": "application/sparql-query"}
        )
        text = response.get_data(as_text=True)
        if kind in POSITIVE:
            if response.status_code < 300:
                counts["positive 2xx"] += 1
                continue
            refused = response.status_code == 400 and (
                "SERVICE" in text or "not in this dataset" in text or "graph" in text.lower()
            )
            if refused and (b"SERVICE" in query.upper() or b"FROM" in query.upper()):
                counts["positive refused"] += 1
                print(f"refused by design: {path.name}: {text.strip()[:120]}")
                continue
        elif response.status_code == 400:
            counts["negative 400"] += 1
            continue
        counts["unexpected"] += 1
        print(f"UNEXPECTED {response.status_code} for {kind.rsplit('#')[1]} {path}: {text[:160]}")
    print(counts)
    return 1 if counts["unexpected"] else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
