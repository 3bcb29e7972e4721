"""Fair share: per-client budgets of query time and of concurrent queries (natokg.fairshare)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from natokg.fairshare import Budget, FairShare, OverBudget
from tests.conftest import PARTNERSHIPS, new_app

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "ASK { ?s ?p ?o }"


def table(tmp_path: Path, seconds: float = 0.0, concurrent: int = 0) -> FairShare:
    return FairShare(tmp_path / "table", Budget(seconds, concurrent, stale_after=30))


def test_concurrent_queries_past_the_budget_are_refused(tmp_path: Path) -> None:
    fair = table(tmp_path, concurrent=2)
    with fair.admit("a"), fair.admit("a"):
        with pytest.raises(OverBudget) as refused, fair.admit("a"):
            pass
        assert refused.value.retry_after == 1
        with fair.admit("b"):  # another client is not affected
            pass
    with fair.admit("a"):  # the places were given back
        pass


def test_query_time_past_the_budget_is_refused_until_it_refills(tmp_path: Path) -> None:
    fair = table(tmp_path, seconds=0.6)  # refills at 0.01 s per second
    with fair.admit("greedy"):
        time.sleep(0.7)  # charged when it ends: about 0.09 s over the budget
    with pytest.raises(OverBudget) as refused, fair.admit("greedy"):
        pass
    # back under the budget after about 0.09 / 0.01 = 9 s (+1 s)
    assert 8 <= refused.value.retry_after <= 11
    assert "query time" in refused.value.reason
    with fair.admit("other"):
        pass


def test_a_query_whose_process_died_frees_its_place(tmp_path: Path) -> None:
    fair = table(tmp_path, concurrent=1)
    child = os.fork()
    if child == 0:  # a worker killed while its query runs: it never gives its place back
        with fair.admit("a"):
            os._exit(0)
    os.waitpid(child, 0)
    with fair.admit("a"):
        pass


def test_the_table_is_shared_by_processes(tmp_path: Path) -> None:
    fair = table(tmp_path, concurrent=1)
    ready, done = os.pipe(), os.pipe()
    child = os.fork()
    if child == 0:
        with fair.admit("a"):
            os.write(ready[1], b"x")
            os.read(done[0], 1)
        os._exit(0)
    os.read(ready[0], 1)
    with pytest.raises(OverBudget), fair.admit("a"):
        pass
    os.write(done[1], b"x")
    os.waitpid(child, 0)
    with fair.admit("a"):
        pass


@pytest.mark.parametrize("header", ["", "X-Real-IP"])
def test_a_greedy_client_gets_429_while_ten_others_are_answered(
    tmp_path: Path, header: str
) -> None:
    app = new_app(
        releases_dir=tmp_path / "releases",
        data_file=PARTNERSHIPS,
        result_cache_size=0,
        client_query_seconds=0.5,
        client_concurrent_queries=2,
        client_key_header=header,
        fair_share_file=tmp_path / "table",
    )

    def ask(client: str, query: str):
        environ = {"REMOTE_ADDR": "127.0.0.1" if header else client}
        headers = {header: client} if header else {}
        return app.test_client().get(
            "/sparql", query_string={"query": query}, headers=headers, environ_base=environ
        )

    greedy: list[int] = []
    stop = threading.Event()

    def loop() -> None:
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            response = ask("10.0.0.1", EXPENSIVE)
            greedy.append(response.status_code)
            if response.status_code == 429:
                assert int(response.headers["Retry-After"]) >= 1
                assert "query time" in response.get_data(as_text=True)

    others: dict[str, list[int]] = {}

    def polite(name: str) -> None:
        others[name] = [ask(name, CHEAP).status_code for _ in range(3)]

    hog = threading.Thread(target=loop)
    hog.start()
    while 429 not in greedy and hog.is_alive():
        time.sleep(0.05)
    threads = [threading.Thread(target=polite, args=(f"10.0.1.{i}",)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    stop.set()
    hog.join(60)
    assert 429 in greedy, greedy
    assert set(greedy) <= {200, 429}
    assert len(others) == 10
    assert all(codes == [200, 200, 200] for codes in others.values()), others


def test_the_machines_own_clients_are_not_limited_unless_asked(tmp_path: Path) -> None:
    """Budgets apply to remote clients; 127.0.0.1 and ::1 only with fair_share_loopback."""

    def codes(loopback: bool, address: str) -> list[int]:
        app = new_app(
            releases_dir=tmp_path / f"releases-{loopback}",
            data_file=PARTNERSHIPS,
            result_cache_size=0,
            client_query_seconds=0.001,
            client_concurrent_queries=1,
            fair_share_loopback=loopback,
            fair_share_file=tmp_path / f"table-{loopback}-{address}",
        )
        client = app.test_client()
        return [
            client.get(
                "/sparql", query_string={"query": EXPENSIVE}, environ_base={"REMOTE_ADDR": address}
            ).status_code
            for _ in range(4)
        ]

    assert codes(False, "127.0.0.1") == [200] * 4
    assert codes(False, "::1") == [200] * 4
    assert 429 in codes(True, "127.0.0.1")
    assert 429 in codes(False, "192.0.2.7")
