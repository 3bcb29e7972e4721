"""Load an RDF file served as is (``natokg serve --data FILE``), errors as ``file:line:col``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox


class RdfFileError(ValueError):
    """The file cannot be loaded. The message is ``path[:line:column]: reason``."""

    def __init__(self, path: str, line: int | None, column: int | None, reason: str) -> None:
        self.path, self.line, self.column, self.reason = path, line, column, reason
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: {reason}")


def load(store: ox.Store, path: Path) -> None:
    """Bulk-load any RDF file (format from its extension) into ``store``, without making a
    Python object per quad."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".") or "nt")
    if fmt is None:
        raise RdfFileError(str(path), None, None, "unknown RDF file extension")
    try:
        store.bulk_load(path=path, format=fmt)
    except SyntaxError as exc:
        reason = str(exc.msg if isinstance(exc.msg, str) else exc)
        raise RdfFileError(str(path), exc.lineno, exc.offset, reason) from None
    except OSError as exc:
        raise RdfFileError(str(path), None, None, f"cannot read: {exc}") from None
