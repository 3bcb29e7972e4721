"""SECURITY.md names, for each promise, the tests that prove it: they must exist, and every
module of ``tests/security`` must prove something there."""

from __future__ import annotations

import ast
import re

from tests.live import ROOT

SECURITY_MD = ROOT / "SECURITY.md"
REFERENCE = re.compile(r"`((?:tests/[\w/]+\.py)?)(?:::(\w+))?`")


def references() -> list[tuple[str, str | None]]:
    """(test file, test function or None) for every reference, ``::name`` taking the last file."""
    found: list[tuple[str, str | None]] = []
    for line in SECURITY_MD.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| **"):
            continue
        current = ""
        for path, name in REFERENCE.findall(line):
            current = path or current
            if current:
                found.append((current, name or None))
    return found


def test_every_test_named_in_security_md_exists() -> None:
    found = references()
    assert len(found) >= 40
    for path, name in found:
        module = ROOT / path
        assert module.is_file(), path
        if name is not None:
            functions = {
                node.name
                for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
                if isinstance(node, ast.FunctionDef)
            }
            assert name in functions, f"{path}::{name}"


def test_every_security_test_module_backs_a_promise() -> None:
    named = {path for path, _ in references()}
    modules = {
        f"tests/security/{p.name}"
        for p in (ROOT / "tests" / "security").glob("test_*.py")
        if p.name != "test_security_md.py"
    }
    assert len(modules) >= 9
    assert modules <= named, modules - named
