"""Versions of everything measured, for the results."""

from __future__ import annotations

import subprocess
from importlib import metadata

from bench.paths import peer_bin


def peer_package_version(name: str) -> str:
    """A package's version in the peers' environment (not the project's)."""
    code = f"import importlib.metadata as m; print(m.version({name!r}))"
    out = subprocess.run([str(peer_bin("python")), "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or "?"


def project_package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def debian_version(package: str) -> str:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True
    )
    return out.stdout.strip() or "not installed"
