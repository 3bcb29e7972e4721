"""The on-disk store (``store = disk``): written once by a separate process, then only read.

RocksDB, under pyoxigraph's on-disk store, keeps background threads; a process that forks
after opening one hands its children a store whose threads do not exist. So the store is
written by a fresh interpreter (``python -m natokg.diskstore SOURCE TARGET``) and opened only
by the processes that query it, each its own read-only handle, after any fork.

Writing is atomic: the store is built in a hidden sibling directory and renamed into place,
so a directory at the target path is always complete. Its default graph holds the merge of
the named graphs (:mod:`natokg.defaultgraph`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from natokg import defaultgraph, processes, rdffile

#: the exit status of the writer when the source cannot be read or parsed
_BAD_SOURCE = 3


class DiskStoreError(RuntimeError):
    """The on-disk store could not be written or opened; the message says why."""


def ensure(source: Path, target: Path) -> Path:
    """``target``, written from the RDF file ``source`` unless it exists already."""
    if target.is_dir():
        return target
    if not source.is_file():
        raise DiskStoreError(f"{source}: no such file")
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(target)
    staging = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-m", "natokg.diskstore", str(source), str(staging)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        if done.returncode == _BAD_SOURCE:  # the message names the file (and line)
            raise DiskStoreError(last)
        raise DiskStoreError(f"could not write the on-disk store from {source}: {last}")
    try:
        os.rename(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # another process put it there first
        if not target.is_dir():
            raise DiskStoreError(f"could not move the on-disk store into {target}") from None
    return target


def open_read_only(path: Path) -> ox.Store:
    """A read-only handle on the store at ``path``, for this process only."""
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise DiskStoreError(f"{path}: not a readable on-disk store: {exc}") from None


def write(source: Path, target: Path) -> None:
    """Bulk-load ``source`` into a new on-disk store at ``target`` (run in its own process)."""
    store = ox.Store(str(target))
    rdffile.load(store, source)
    defaultgraph.merge_named_graphs(store)
    store.flush()


def _remove_abandoned(target: Path) -> None:
    """Drop staging directories left by processes that no longer run."""
    for staging in target.parent.glob(f".{target.name}.tmp-*"):
        pid = staging.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not processes.alive(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)


def _main(argv: list[str]) -> int:
    source, target = (Path(a) for a in argv)
    try:
        write(source, target)
    except (rdffile.RdfFileError, OSError) as exc:
        print(exc, file=sys.stderr)
        return _BAD_SOURCE
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
