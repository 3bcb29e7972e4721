"""What differs when the external store is Virtuoso 7 (``virtuoso-opensource``).

Only what must differ lives here; everything else is :mod:`natokg.backend.remote`.

- **Endpoints.** Virtuoso answers queries and updates at ``…/sparql`` and the Graph Store
  Protocol at ``…/sparql-graph-crud``. With credentials, writes go to the authenticated
  endpoints ``…/sparql-auth`` and ``…/sparql-graph-crud-auth``, which take HTTP **Digest**
  authentication (not Basic). Without credentials the anonymous ``SPARQL`` user must hold the
  ``SPARQL_UPDATE`` role (``GRANT SPARQL_UPDATE TO "SPARQL"``) and write permission on graphs
  (``DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7)``).
- **Time limit.** The front sends each query with Virtuoso's ``timeout`` request parameter
  (milliseconds, a little under the front's own read timeout, :func:`query_parameters`), so
  Virtuoso stops the query itself instead of computing on for a client that left. That limit
  makes it an "anytime query": when it is hit, Virtuoso answers **200 with partial results**
  and an ``X-SQL-State`` header. A partial answer is a wrong answer, so the front treats that
  header as a timeout (504), never as a result; so is the HTTP 500 Virtuoso gives when its
  server-wide ``MaxQueryExecutionTime`` ends a query (SQL state ``S1T00``).
- **Default graph.** Without ``default-graph-uri``, Virtuoso's default graph is the union of
  every graph it holds, its system graphs included; the front always sends the release's graphs
  (as for every engine), so this never shows.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from requests.auth import HTTPDigestAuth

#: the path of Virtuoso's SPARQL endpoint
SPARQL_PATH = "/sparql"
#: response headers by which Virtuoso says an answer is partial (anytime query hit its limit)
PARTIAL_HEADERS = ("X-SQL-State", "X-SQL-Message")


def is_virtuoso(query_url: str) -> bool:
    """Virtuoso's layout: the query endpoint's path is ``/sparql`` (or ``/sparql-auth``)."""
    path = urlsplit(query_url).path.rstrip("/")
    return path.endswith(SPARQL_PATH) or path.endswith(SPARQL_PATH + "-auth")


def endpoints(query_url: str, authenticated: bool) -> tuple[str, str]:
    """(update URL, graph store URL) for the query endpoint ``query_url``."""
    root = query_url.rstrip("/")
    if root.endswith("-auth"):
        root = root[: -len("-auth")]
    suffix = "-auth" if authenticated else ""
    return root + suffix, root + "-graph-crud" + suffix


def auth(user: str, password: str) -> requests.auth.AuthBase:
    """Virtuoso's authenticated endpoints take Digest authentication."""
    return HTTPDigestAuth(user, password)


#: the SQL state of Virtuoso's error when a query ran out of time (SR171 "Transaction timed out")
TIMED_OUT_STATE = "S1T00"
#: Virtuoso 7.2.5 checks a query's ``timeout`` on a 2-second tick: asked for 0.5 s or 1 s it
#: answers at 2 s, asked for 2.5 s at 4 s (measured)
TICK = 2.0
#: seconds kept between Virtuoso's answer and the front's read timeout
MARGIN = 0.25


def query_parameters(timeout: float) -> dict[str, str]:
    """The request parameters that make Virtuoso stop a query before the front gives up
    (``timeout`` seconds): a limit ending on the last of its ticks before then. Under one tick
    no limit ends in time; the shortest is still sent, so that Virtuoso stops a query the front
    left at its first tick rather than at ``MaxQueryExecutionTime``."""
    ticks = max(1, int((timeout - MARGIN) // TICK))
    return {"timeout": str(int((ticks - 0.5) * TICK * 1000))}


def timed_out(response: requests.Response) -> bool:
    """Whether an error answer is Virtuoso's own time limit ending the query."""
    return response.status_code == 500 and f"Virtuoso {TIMED_OUT_STATE} " in response.text[:200]


def partial(response: requests.Response) -> str | None:
    """Virtuoso's message when ``response`` is a partial (timed-out) answer, else None."""
    if response.headers.get(PARTIAL_HEADERS[0]) is None:
        return None
    message = response.headers.get(PARTIAL_HEADERS[1], "")
    cause = "the store's time limit was reached (partial answer refused)"
    return f"{cause}: {message}" if message else cause
