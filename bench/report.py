"""The Markdown results: targets first, then per-dataset tables, the build cost curve,
disagreements and errors."""

from __future__ import annotations

from bench import stats
from bench.model import DatasetRun, Run

NATOKG, CACHED, DISK = "natokg", "natokg-cache", "natokg-disk"


def _f(value: float | None, fmt: str = "{:.2f}", none: str = "–") -> str:
    return none if value is None else fmt.format(value)


def _ms(seconds: float | None) -> str:
    return _f(None if seconds is None else seconds * 1000, "{:.2f}")


def render(run: Run) -> str:
    mix = [n for n, g in run.queries.items() if g != "cheap"]
    cheap = [n for n, g in run.queries.items() if g == "cheap"]
    out = [f"# natokg benchmark — {run.started}", ""]
    out += _header(run)
    out += _targets(run, mix, cheap)
    for dataset in run.datasets:
        out += _dataset(run, dataset, mix, cheap)
    out += _builds(run)
    if run.failures:
        out += ["## Datasets that could not be measured", ""]
        out += [f"- {f}" for f in run.failures] + [""]
    return "\n".join(out) + "\n"


def _header(run: Run) -> list[str]:
    lines = ["Command:", "", "```", run.command, "```", "", "| machine | |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in run.machine.items()]
    lines += ["", "| software | version |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in run.versions.items()]
    lines += ["", "| setting | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in run.settings.items()]
    lines += [""] + [f"> {note}\n" for note in run.notes]
    lines += [
        "Numbers move with whatever else runs on the same cores: compare the load averages "
        "above, and re-run on a quiet machine before drawing conclusions.",
        "",
        f"Ratios are against **{run.reference}** in the same run. Throughput at "
        f"concurrency {run.settings.get('concurrency')}; latency at concurrency 1. "
        "Throughput marked `≤` is an upper bound (1/p50) for queries too slow to load "
        "within the run's bounds, so ratios over it are lower bounds for the faster server.",
        "",
    ]
    return lines


def _targets(run: Run, mix: list[str], cheap: list[str]) -> list[str]:
    ref = run.reference
    lines = ["## Targets", "", "| dataset | target | measured | met |", "| --- | --- | --- | --- |"]
    for d in run.datasets:
        if not d.throughput:
            continue
        for peer, goal in ((ref, 1.5), ("virtuoso", 1.1), ("rdflib-endpoint", 25.0)):
            r, n, est = stats.ratio(d, NATOKG, peer, "rps", mix)
            lines.append(
                _target_row(
                    d.label,
                    f"throughput geo-mean ≥ {goal}× {peer} ({n} queries)",
                    r,
                    r is not None and r >= goal,
                    est,
                )
            )
        r, n, _ = stats.ratio(d, NATOKG, ref, "p50", mix)
        lines.append(
            _target_row(
                d.label,
                f"p50 geo-mean ≤ 0.6× {ref} ({n} queries)",
                r,
                r is not None and r <= 0.6,
                False,
            )
        )
        r, n, _ = stats.ratio(d, NATOKG, ref, "rps", cheap)
        lines.append(
            _target_row(
                d.label,
                f"cheap queries throughput ≥ 0.3× {ref} ({n} queries)",
                r,
                r is not None and r >= 0.3,
                False,
            )
        )
        r, n, _ = stats.ratio(d, CACHED, NATOKG, "rps", mix)
        lines.append(
            f"| {d.label} | cache on / cache off, throughput ({n} queries) | "
            f"{_f(r)}× | (reported) |"
        )
    s = run.shipped_startup
    if "median" in s:
        med = float(s["median"])
        lines.append(
            f"| shipped | start-up < 1 s after the first build | {med:.2f} s median "
            f"({float(s['min']):.2f}–{float(s['max']):.2f}) | {'yes' if med < 1 else 'NO'} |"
        )
    elif s:
        lines.append(f"| shipped | start-up < 1 s | {s.get('error')} | NO |")
    big = max(run.datasets, key=lambda d: d.triples, default=None)
    if big is not None and big.build is not None:
        b = big.build
        done = "published" if b.published else (b.note or "not published")
        lines.append(
            f"| {big.label} | `natokg build` completes | {b.seconds:.0f} s: {done} "
            f"| {'yes' if b.published else 'NO'} |"
        )
        for name in (NATOKG, DISK):
            if name not in big.servers:
                continue
            served = not big.servers[name].error
            started = "started in " + _f(big.servers[name].startup_seconds) + " s"
            lines.append(
                f"| {big.label} | `{name}` serves it | {started if served else 'no'} "
                f"| {'yes' if served else 'NO'} |"
            )
    for name in (NATOKG, DISK):
        if big is None or name not in big.servers or ref not in big.servers:
            continue
        a, b = big.servers[name].peak_pss_mib, big.servers[ref].peak_pss_mib
        ratio = a / b if a and b else None
        lines.append(
            _target_row(
                big.label,
                f"`{name}` memory (peak PSS) within 4× {ref}",
                ratio,
                ratio is not None and ratio <= 4,
                False,
            )
        )
    return lines + [""]


def _target_row(label: str, target: str, value: float | None, met: bool, est: bool) -> str:
    shown = "–" if value is None else f"{'≥ ' if est else ''}{value:.2f}×"
    return f"| {label} | {target} | {shown} | {'yes' if met else 'NO'} |"


def _dataset(run: Run, d: DatasetRun, mix: list[str], cheap: list[str]) -> list[str]:
    ref = run.reference
    lines = [
        f"## {d.label}: {d.triples:,} triples",
        "",
        "| server | load s | start s | peak PSS MiB | peak RSS MiB | procs | p50 geo-mean ms (mix) "
        "| p50 ratio | req/s geo-mean (mix) | req/s ratio | req/s geo-mean (cheap) | cheap ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, s in d.servers.items():
        if s.error:
            lines.append(f"| {name} | {s.error[:120]} |" + " |" * 10)
            continue
        p50 = stats.server_geomean(d, name, "p50", mix)
        rps = stats.server_geomean(d, name, "rps", mix)
        rps_cheap = stats.server_geomean(d, name, "rps", cheap)
        lines.append(
            f"| {name} | {_f(s.load_seconds)} | {_f(s.startup_seconds)} "
            f"| {_f(s.peak_pss_mib, '{:.0f}')} "
            f"| {_f(s.peak_rss_mib, '{:.0f}')} | {s.processes} | {_ms(p50)} "
            f"| {_f(stats.ratio(d, name, ref, 'p50', mix)[0])} | {_f(rps, '{:.1f}')} "
            f"| {_f(stats.ratio(d, name, ref, 'rps', mix)[0])} | {_f(rps_cheap, '{:.0f}')} "
            f"| {_f(stats.ratio(d, name, ref, 'rps', cheap)[0])} |"
        )
    lines += [
        "",
        "<details><summary>per query: p50 ms / req/s</summary>",
        "",
        "| query | group | results | " + " | ".join(d.servers) + " |",
        "| --- | --- | --- |" + " --- |" * len(d.servers),
    ]
    for name, group in run.queries.items():
        ref_run = d.servers.get(ref)
        results = ref_run.queries.get(name).results if ref_run and name in ref_run.queries else None
        cells = []
        for s in d.servers.values():
            q = s.queries.get(name)
            if q is None:
                cells.append("–")
            elif not q.ok or q.p50 is None:
                cells.append(f"✗ {q.error[:40]}")
            else:
                rps = "" if q.rps is None else f" / {'≤' if q.rps_estimated else ''}{q.rps:.1f}"
                cells.append(f"{_ms(q.p50)}{rps}")
        lines.append(f"| {name} | {group} | {_f(results, '{:.0f}')} | " + " | ".join(cells) + " |")
    lines += ["", "</details>", ""]
    if d.disagreements:
        lines += [f"Results that differ from {ref}'s:", ""]
        for query, by_server in d.disagreements.items():
            for server, detail in by_server.items():
                lines.append(f"- `{query}` on {server}: {detail}")
        lines.append("")
    else:
        lines += [f"Every answered query returned the same results as {ref}'s.", ""]
    errors = [
        f"- `{q}` on {name}: {run.error}"
        for name, s in d.servers.items()
        for q, run in s.queries.items()
        if run.error
    ]
    if errors:
        lines += ["Queries that failed, timed out or were skipped:", "", *errors, ""]
    return lines


def _builds(run: Run) -> list[str]:
    rows = [d for d in run.datasets if d.build is not None]
    if not rows:
        return []
    steps: list[str] = []
    for d in rows:
        for name, _, _ in d.build.steps:
            if name not in steps:
                steps.append(name)
    lines = [
        "## Build cost curve (`natokg build` on the synthetic data)",
        "",
        "| dataset | served triples | total s | " + " | ".join(steps) + " | note |",
        "| --- | --- | --- |" + " --- |" * len(steps) + " --- |",
    ]
    for d in rows:
        b = d.build
        assert b is not None
        by = {n: s for n, s, _ in b.steps}
        cells = [_f(by.get(s), "{:.1f}") for s in steps]
        note = b.note or ("published" if b.published else "")
        if b.fallback_seconds is not None:
            note += f"; served data materialised without checks in {b.fallback_seconds:.1f} s"
        lines.append(
            f"| {d.label} | {d.triples:,} | {b.seconds:.1f} | " + " | ".join(cells) + f" | {note} |"
        )
    return lines + [""]
