"""The OWL tools the ontology-publishing tests call, each behind one small function.

(The OWL API's loader and OWL 2 DL profile checker are the project's own, in tests.checkers.)
``hermit_realise`` runs HermiT — the jar owlready2 ships, on its command
line — with its DEFAULT settings (no ``--ignoreUnsupportedDatatypes``, as Protégé's reasoner
menu runs it): it classifies the classes and the individuals and returns the taxonomy and each
individual's direct types.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import owlready2

_AXIOM = re.compile(r"^(SubClassOf|Type)\( <([^>]+)> <([^>]+)> \)$")


@dataclass(frozen=True)
class Realisation:
    returncode: int
    stderr: str
    #: class -> its direct superclasses
    supers: dict[str, set[str]]
    #: individual -> its direct types
    types: dict[str, set[str]]

    def ancestors(self, cls: str) -> set[str]:
        seen: set[str] = set()
        todo = [cls]
        while todo:
            for parent in self.supers.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def all_types(self, individual: str) -> set[str]:
        direct = self.types.get(individual, set())
        return set().union(*({c} | self.ancestors(c) for c in direct)) if direct else set()


def hermit_realise(ontology: Path, out: Path) -> Realisation:
    """Classify and realise ``ontology`` (one self-contained file) with HermiT's defaults."""
    hermit = Path(owlready2.__file__).resolve().parent / "hermit"
    done = subprocess.run(
        [
            owlready2.JAVA_EXE,
            "-Xmx4096M",
            "-cp",
            os.pathsep.join((str(hermit), str(hermit / "HermiT.jar"))),
            "org.semanticweb.HermiT.cli.CommandLine",
            "--classify",
            "--classifyIs",
            "--output",
            str(out),
            ontology.as_uri(),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    supers: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    if done.returncode == 0:
        for line in out.read_text(encoding="utf-8").splitlines():
            found = _AXIOM.match(line.strip())
            if found:
                (supers if found[1] == "SubClassOf" else types)[found[2]].add(found[3])
    return Realisation(done.returncode, done.stderr, dict(supers), dict(types))
