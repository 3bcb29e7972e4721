"""Latency at concurrency 1: sequential requests on one keep-alive connection, bounded in
count and time. Percentiles are nearest-rank over the samples taken (with 20 samples, p99 is
the slowest one)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from bench.client import Client, Endpoint, Request


@dataclass
class Latency:
    samples: list[float] = field(default_factory=list)
    errors: int = 0
    timed_out: bool = False

    def percentile(self, p: float) -> float | None:
        if not self.samples:
            return None
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    @property
    def p50(self) -> float | None:
        return self.percentile(50)

    @property
    def p90(self) -> float | None:
        return self.percentile(90)

    @property
    def p99(self) -> float | None:
        return self.percentile(99)


def measure(
    endpoint: Endpoint,
    request: Request,
    *,
    max_requests: int,
    budget: float,
    timeout: float,
    warmup: int = 1,
) -> Latency:
    """Up to ``max_requests`` timed requests, stopping once ``budget`` seconds are spent."""
    result = Latency()
    with Client(endpoint, timeout=timeout) as client:
        for _ in range(warmup):
            try:
                first = client.send(request)
            except TimeoutError:
                result.timed_out = True
                return result
            if first.status != 200:
                result.errors += 1
                return result
            if first.seconds > budget:  # one slow answer is all the budget allows
                result.samples.append(first.seconds)
                return result
        deadline = time.monotonic() + budget
        while len(result.samples) < max_requests and time.monotonic() < deadline:
            try:
                response = client.send(request)
            except TimeoutError:
                result.timed_out = True
                break
            if response.status != 200:
                result.errors += 1
                break
            result.samples.append(response.seconds)
    return result
