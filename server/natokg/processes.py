"""Whether a process still runs (for leases on releases and abandoned staging directories)."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """True while process ``pid`` exists (also when another user owns it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
