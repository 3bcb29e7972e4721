"""The layout of published releases, as the server reads it (a leaf: no build code here).

``<releases_dir>/versions/<stamp>/`` holds one release (its dumps and ``manifest.json``);
``<releases_dir>/current`` is a symlink to the published one, switched atomically by the build
(:mod:`natokg.pipeline.publish`, which writes this layout). A server holds the release it
serves with a lease, ``<release>/.held-by/<pid>``, so that pruning keeps it while it runs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from natokg import processes

CURRENT = "current"
RELEASES = "versions"
MANIFEST = "manifest.json"
LEASES = ".held-by"


def current_release(releases_dir: Path) -> Path | None:
    """The directory of the published release, or None if nothing was ever published."""
    link = releases_dir / CURRENT
    if not link.exists():
        return None
    release = link.resolve()
    return release if (release / MANIFEST).is_file() else None


def read_manifest(release: Path) -> dict:
    return json.loads((release / MANIFEST).read_text(encoding="utf-8"))


def hold(release: Path, pid: int | None = None) -> Path:
    """Lease ``release`` for a running process (a server), so that pruning keeps it.

    Old releases are pruned after each successful build; a server started on one of them still
    serves its downloads from it. The lease is a file named after the holder's pid; a lease
    whose process has ended no longer counts.
    """
    leases = release / LEASES
    leases.mkdir(exist_ok=True)
    lease = leases / str(pid or os.getpid())
    lease.touch()
    return lease


def held(release: Path) -> bool:
    """Whether a running process holds ``release`` (leases of ended processes are dropped)."""
    for lease in (release / LEASES).glob("*"):
        if lease.name.isdigit() and processes.alive(int(lease.name)):
            return True
        lease.unlink(missing_ok=True)  # its process is gone
    return False
