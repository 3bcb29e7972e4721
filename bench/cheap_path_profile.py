"""The cheap path's per-request cost, in-process: ``.venv/bin/python -m bench.cheap_path_profile``.

Times ASK, DESCRIBE, a small CONSTRUCT and a single-pattern lookup through the Flask test client
(result cache off, the tests' tiny dataset), then prints a cProfile of 1000 ASK requests, so the
steps of one request (parsing, negotiation, headers, the engine) can be compared. No server,
no socket: what it shows is the application's own cost, not gunicorn's.
"""

from __future__ import annotations

import cProfile
import pstats
import time

from werkzeug.test import TestResponse

from tests.conftest import PARTNERSHIPS, new_app

KG = "https://natokg.org/id/"
QUERIES = {
    "ASK": ("ASK { ?s ?p ?o }", "application/sparql-results+json"),
    "DESCRIBE": (f"DESCRIBE <{KG}pfp>", "text/turtle"),
    "CONSTRUCT": (f"CONSTRUCT WHERE {{ <{KG}pfp> ?p ?o }}", "text/turtle"),
    "LOOKUP": (
        f"SELECT ?o WHERE {{ <{KG}pfp> <http://www.w3.org/2000/01/rdf-schema#label> ?o }}",
        "application/sparql-results+json",
    ),
}
ROUNDS = 1000


def main() -> None:
    client = new_app(data_file=PARTNERSHIPS, result_cache_size=0).test_client()

    def get(query: str, accept: str) -> TestResponse:
        return client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})

    for name, (query, accept) in QUERIES.items():
        assert get(query, accept).status_code == 200, name
        started = time.perf_counter()
        for _ in range(ROUNDS):
            get(query, accept)
        spent = (time.perf_counter() - started) / ROUNDS
        print(f"{name}: {spent * 1e6:.0f} µs per request in-process")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(ROUNDS):
        get(*QUERIES["ASK"])
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
