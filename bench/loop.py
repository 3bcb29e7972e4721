"""``python -m bench.loop`` < spec.json: a closed-loop load generator (see bench.loadgen)."""

from __future__ import annotations

import json
import sys
import threading
import time

from bench.client import Client, Endpoint, Request


def run(spec: dict) -> dict:
    endpoint = Endpoint(spec["host"], spec["port"], spec["path"])
    request = Request(spec["body"].encode(), spec["headers"])
    deadline = time.monotonic() + spec["duration"]
    counts = {"answers": 0, "errors": 0}
    lock = threading.Lock()
    start = time.monotonic()
    finished: list[float] = []

    def worker() -> None:
        with Client(endpoint, timeout=spec["timeout"]) as client:
            while time.monotonic() < deadline:
                try:
                    ok = client.send(request).status == 200
                except OSError:
                    ok = False
                with lock:
                    counts["answers" if ok else "errors"] += 1
                    finished.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(spec["concurrency"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(spec["duration"] + 2 * spec["timeout"])
    elapsed = (max(finished) if finished else time.monotonic()) - start
    return {**counts, "elapsed": elapsed, "rps": counts["answers"] / max(elapsed, 1e-9)}


def main() -> None:
    print(json.dumps(run(json.load(sys.stdin))))


if __name__ == "__main__":
    main()
