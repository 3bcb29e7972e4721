"""Errors of the build, each with a message that names the file (and line) at fault."""

from __future__ import annotations


class BuildError(Exception):
    """The build stopped: nothing was published. ``str()`` is the message for the user."""


class SourceSyntaxError(BuildError):
    """A source file does not parse. The message is ``path:line:column: reason``."""

    def __init__(self, path: str, line: int | None, column: int | None, reason: str) -> None:
        self.path, self.line, self.column, self.reason = path, line, column, reason
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: {reason}")
