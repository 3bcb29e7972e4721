"""How the modules depend on each other: no import cycles, state passed explicitly, and a
server that does not depend on the build pipeline.

Read from the source with :mod:`ast`: every import counts, also one inside a function (an
import hidden in a function is still a cycle); only ``if TYPE_CHECKING:`` blocks do not.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

SERVER = ROOT / "server"
#: the modules that answer requests or serve the data; none may import the build pipeline
SERVING = (
    "natokg.app",
    "natokg.errors",
    "natokg.store",
    "natokg.release",
    "natokg.rdffile",
    "natokg.diskstore",
    "natokg.querying",
    "natokg.workers",
    "natokg.links",
)
#: `natokg serve` builds first when nothing is published: that one function may
BUILDS_FIRST = ("natokg.serving", "ensure_build")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SERVER.rglob("*.py")):
        parts = path.relative_to(SERVER).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    assert "natokg.app" in found and "natokg.sparql.service" in found
    return found


def _runtime_nodes(tree: ast.AST) -> list[tuple[ast.AST, str | None]]:
    """Every node with the function it is in, skipping ``if TYPE_CHECKING:`` blocks."""
    out: list[tuple[ast.AST, str | None]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inner = child.name if isinstance(child, ast.FunctionDef) else function
            out.append((child, inner))
            visit(child, inner)

    visit(tree, None)
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, str | None]]:
    """(module imported, function the import is in) for each runtime import of natokg."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node, function in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, function) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in known else base, function))
    return [(target, function) for target, function in found if target in known]


def graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {target for target, _ in imports(name, path, known) if target != name}
        for name, path in known.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges[node]:
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_nothing_imports_the_application_back() -> None:
    """The factory passes state to the areas; no module looks it up in natokg.app."""
    edges = graph()
    importers = sorted(name for name, targets in edges.items() if "natokg.app" in targets)
    assert importers == ["natokg.serving"]  # the server builds the app: that is all
    pattern = re.compile(r"app.state|from natokg.app import state")
    hits = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in (SERVER, ROOT / "tests", ROOT / "bench")
        for path in folder.rglob("*.py")
        if path.name != "test_layering.py"
        and path != SERVER / "natokg" / "app.py"
        and "work" not in path.relative_to(ROOT).parts[:2]  # bench/work: the bench's installs
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert hits == []


def test_the_server_does_not_depend_on_the_build_pipeline() -> None:
    known = modules()
    serving = [name for name in known if name.startswith("natokg.sparql")] + list(SERVING)
    serving += [name for name in known if name.startswith("natokg.ld")]
    offending = [
        f"{name} imports {target}" + (f" in {function}()" if function else "")
        for name in serving
        for target, function in imports(name, known[name], known)
        if target.startswith("natokg.pipeline")
    ]
    module, allowed = BUILDS_FIRST
    offending += [
        f"{module} imports {target}" + (f" in {function}()" if function else "")
        for target, function in imports(module, known[module], known)
        if target.startswith("natokg.pipeline") and function != allowed
    ]
    assert offending == []
