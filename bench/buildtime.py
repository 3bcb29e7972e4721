"""Time ``natokg build`` (parse, SHACL, quotes, HermiT, inference, checks, publish) on a
synthetic project, step by step, within a time limit; fall back to an unchecked
materialisation of the same data when the build does not publish in time."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.paths import ROOT, main_bin
from bench.procs import run_logged

STEP = re.compile(r"^(?P<name>[^:\n]+): (?P<ok>ok|FAILED) \((?P<seconds>[0-9.]+) s\)", re.M)
STARTED = re.compile(r"^(?P<name>[^:\n…]+)…$", re.M)


@dataclass
class BuildRun:
    seconds: float
    published: bool
    steps: list[tuple[str, float, str]] = field(default_factory=list)
    unfinished: str | None = None
    data: Path | None = None
    fallback_seconds: float | None = None
    note: str = ""


def build(project: Path, time_limit: float, log: Path) -> BuildRun:
    argv = [
        str(main_bin("natokg")),
        "--project-dir",
        str(project),
        "--releases-dir",
        str(project / "build"),
        "build",
    ]
    log.unlink(missing_ok=True)
    code, seconds = run_logged(argv, log=log, timeout=time_limit, cwd=project)
    text = log.read_text(errors="replace")
    run = BuildRun(seconds, code == 0)
    run.steps = [(m["name"], float(m["seconds"]), m["ok"]) for m in STEP.finditer(text)]
    done = {name for name, _, _ in run.steps}
    started = [m["name"] for m in STARTED.finditer(text)]
    pending = [name for name in started if name not in done]
    if code is None and pending:
        run.unfinished = pending[-1]
        run.note = f"stopped after {time_limit:.0f} s in step {pending[-1]!r}"
    elif code not in (0, None):
        run.note = f"build failed (exit {code}); see {log}"
    if run.published:
        run.data = project / "build" / "current" / "dataset.nq"
    return run


def materialise(project: Path, out: Path, log: Path, time_limit: float) -> float | None:
    argv = [str(main_bin("python")), "-m", "bench.synth.materialise", str(project), str(out)]
    code, seconds = run_logged(argv, log=log, timeout=time_limit, cwd=ROOT)
    return seconds if code == 0 else None


def main() -> None:  # pragma: no cover - a manual helper
    run = build(Path(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3]))
    print(run)


if __name__ == "__main__":
    main()
