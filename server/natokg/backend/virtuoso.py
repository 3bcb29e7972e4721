"""What differs when the external store is Virtuoso 7 (``virtuoso-opensource``).

Only what must differ lives here; everything else is :mod:`natokg.backend.remote`.

- **Endpoints.** Virtuoso answers queries and updates at ``…/sparql`` and the Graph Store
  Protocol at ``…/sparql-graph-crud``. With credentials, writes go to the authenticated
  endpoints ``…/sparql-auth`` and ``…/sparql-graph-crud-auth``, which take HTTP **Digest**
  authentication (not Basic). Without credentials the anonymous ``SPARQL`` user must hold the
  ``SPARQL_UPDATE`` role (``GRANT SPARQL_UPDATE TO "SPARQL"``) and write permission on graphs
  (``DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7)``).
- **Time limit.** Virtuoso's ``MaxQueryExecutionTime`` (and its ``timeout`` request parameter)
  are "anytime queries": when the limit is hit, Virtuoso answers **200 with partial results**
  and an ``X-SQL-State`` header. A partial answer is a wrong answer, so the front treats that
  header as a timeout (504), never as a result.
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


def partial(response: requests.Response) -> str | None:
    """Virtuoso's message when ``response`` is a partial (timed-out) answer, else None."""
    if response.headers.get(PARTIAL_HEADERS[0]) is None:
        return None
    message = response.headers.get(PARTIAL_HEADERS[1], "")
    cause = "the store's time limit was reached (partial answer refused)"
    return f"{cause}: {message}" if message else cause
