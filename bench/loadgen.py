"""Throughput at a fixed concurrency, from a separate process.

Fast queries go through ``wrk`` (Debian) with a Lua script that POSTs the query. wrk stops at
the deadline and drops the requests still in flight, which biases slow queries down, so a
query whose single answer takes long (see :func:`choose_tool`) goes through the closed loop of
``python -m bench.loop`` instead: N threads, each sending its next request as soon as the last
is answered until the deadline, then waiting for the ones in flight; requests/s is
answers / elapsed time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.client import Endpoint, Request
from bench.paths import ROOT


@dataclass(frozen=True)
class Throughput:
    rps: float
    requests: int
    errors: int
    tool: str
    estimated: bool = False


LUA = """\
wrk.method = "POST"
wrk.body = [==[{body}]==]
{headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def choose_tool(p50: float, concurrency: int, duration: float) -> str:
    """wrk when the run holds many rounds of answers, else the closed loop."""
    return "wrk" if p50 * concurrency <= duration / 20 else "loop"


def wrk(
    endpoint: Endpoint, request: Request, *, concurrency: int, duration: float, timeout: float
) -> Throughput:
    headers = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in request.headers.items())
    body = request.body.decode()
    if "]==]" in body:
        raise ValueError("request body cannot be embedded in the Lua script")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "post.lua"
        script.write_text(LUA.format(body=body, headers=headers), encoding="utf-8")
        argv = [
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{duration:g}s",
            f"--timeout={timeout:g}s",
            "-s",
            str(script),
            endpoint.url,
        ]
        out = subprocess.run(argv, capture_output=True, text=True, timeout=duration + timeout + 30)
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {out.stderr.strip() or out.stdout.strip()}")
    requests, micros, connect, read, write, status, timeouts = (int(x) for x in line.split()[1:])
    errors = connect + read + write + status + timeouts
    good = requests - status
    return Throughput(good / (micros / 1e6), requests, errors, "wrk")


def closed_loop(
    endpoint: Endpoint, request: Request, *, concurrency: int, duration: float, timeout: float
) -> Throughput:
    spec = {
        "host": endpoint.host,
        "port": endpoint.port,
        "path": endpoint.path,
        "body": request.body.decode(),
        "headers": request.headers,
        "concurrency": concurrency,
        "duration": duration,
        "timeout": timeout,
    }
    out = subprocess.run(
        [sys.executable, "-m", "bench.loop"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=duration + 2 * timeout + 30,
    )
    if out.returncode != 0:
        raise RuntimeError(f"closed loop failed: {out.stderr.strip()[-400:]}")
    result = json.loads(out.stdout)
    return Throughput(result["rps"], result["answers"], result["errors"], "loop")
