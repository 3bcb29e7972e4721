"""Install the peers in the bench's own environment: Debian packages and a private venv."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

from bench.paths import BENCH, PEERS_VENV, WORK

DEBIAN_PACKAGES = ("wrk", "virtuoso-opensource-7-bin")
REQUIREMENTS = BENCH / "requirements-peers.txt"


def install(log: callable = print) -> None:
    _debian(log)
    _venv(log)


def _debian(log) -> None:
    missing = [p for p in DEBIAN_PACKAGES if not _dpkg_installed(p)]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    log(f"installing Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env=env,
    )


def _dpkg_installed(package: str) -> bool:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return out.returncode == 0 and "install ok installed" in out.stdout


def _venv(log) -> None:
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = PEERS_VENV / ".installed"
    if stamp.is_file() and stamp.read_text() == digest:
        return
    WORK.mkdir(parents=True, exist_ok=True)
    if PEERS_VENV.exists():
        shutil.rmtree(PEERS_VENV)
    log(f"creating {PEERS_VENV} with {REQUIREMENTS.name}")
    subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    pip = [str(PEERS_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--no-deps", "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(digest)
