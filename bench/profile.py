"""``python -m bench profile``: where ``natokg serve`` spends its time under load.

Starts ``natokg serve --data FILE`` (result cache off), loads it with wrk at concurrency 8 with
one query, records every worker with py-spy (from the peers' venv) and prints the functions
with the most samples (own time, and time including callees).
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections import Counter
from pathlib import Path

from bench import loadgen
from bench.paths import WORK, peer_bin
from bench.servers.base import running
from bench.servers.natokg import Natokg
from bench.workload import form_of


def profile(data: Path, query_file: Path, seconds: float, top: int = 25) -> str:
    spec = Natokg(query_timeout=30, cache_size=0)
    query = query_file.read_text(encoding="utf-8")
    request = spec.request(query, form_of(query))
    with running(spec, data, WORK / "servers" / "profile", startup_timeout=600) as server:
        load = threading.Thread(
            target=loadgen.wrk,
            args=(server.endpoint, request),
            kwargs={"concurrency": 8, "duration": seconds + 2, "timeout": 30},
        )
        load.start()
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "profile.raw"
            subprocess.run(
                [
                    str(peer_bin("py-spy")),
                    "record",
                    "--pid",
                    str(server.process.pid),
                    "--subprocesses",
                    "--duration",
                    str(int(seconds)),
                    "--rate",
                    "250",
                    "--format",
                    "raw",
                    "--nonblocking",
                    "--output",
                    str(raw),
                ],
                check=False,
                capture_output=True,
                timeout=seconds + 60,
            )
            load.join(timeout=seconds + 60)
            return summarise(raw.read_text(encoding="utf-8"), top)


def summarise(raw: str, top: int) -> str:
    """Collapsed stacks (``frame;frame;… count``) to the top frames by own and total time."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [f for f in stack.split(";") if not f.startswith("process ")]
        if not frames:
            continue
        n = int(count)
        samples += n
        own[frames[-1]] += n
        for frame in set(frames):
            total[frame] += n
    lines = [f"{samples} samples", "", "own time:"]
    lines += [f"{100 * n / samples:5.1f}%  {f}" for f, n in own.most_common(top)]
    lines += ["", "including callees:"]
    lines += [f"{100 * n / samples:5.1f}%  {f}" for f, n in total.most_common(top)]
    return "\n".join(lines)
