"""Consistency and unsatisfiable classes with HermiT, as the build checks them.

The build runs the HermiT that owlready2 ships through its command line with ``-U``, which
checks that ontology and data are consistent and lists the classes equivalent to owl:Nothing.
It is all the build needs, and it scales: about 7 s at 10⁵ triples and 2–3 min at 10⁶.
(Realisation, the classes of every individual, is some 25 times slower; the tests ask it of
HermiT through the OWL API for the defined classes only, see tests/pipeline/test_reasoning.py.)

The source's dates use xsd:gYear and xsd:gYearMonth, which are outside the OWL 2 datatype map;
HermiT is told to ignore unsupported datatypes (the TBox itself is strictly OWL 2 DL, see the
README). Each run uses its own files, so nothing is shared between builds.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import owlready2
import pyoxigraph as ox

_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
_NOTHING_HEADER = "Classes equivalent to 'owl:Nothing':"
#: the most memory HermiT's Java may take; 10⁶ triples need about 2 GiB
JAVA_HEAP_MIB = 4096


@dataclass(frozen=True)
class ReasoningReport:
    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    seconds: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable and self.error is None


def reason(quads: Iterable[ox.Quad]) -> ReasoningReport:
    """Run HermiT over the triples of ``quads`` (ontology and data, graph names ignored)."""
    start = time.perf_counter()
    # owl:imports are dropped: the imported declarations are part of ``quads`` already, and
    # HermiT would otherwise try to download them.
    triples = (
        ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.predicate != _IMPORTS
    )
    return _check(triples, start)


def _check(triples: Iterable[ox.Triple], start: float) -> ReasoningReport:
    with tempfile.TemporaryDirectory(prefix="natokg-hermit-") as tmp:
        path = Path(tmp) / "ontology.owl"
        ox.serialize(triples, str(path), ox.RdfFormat.RDF_XML)
        done = subprocess.run(
            [*_hermit_command(), "-U", "--ignoreUnsupportedDatatypes", path.as_uri()],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    seconds = time.perf_counter() - start
    if done.returncode == 0 and _NOTHING_HEADER in done.stdout:
        listed = done.stdout.split(_NOTHING_HEADER, 1)[1].split()
        names = (n[1:-1] if n.startswith("<") and n.endswith(">") else n for n in listed)
        unsatisfiable = sorted({n for n in names if n not in (_NOTHING, "owl:Nothing")})
        return ReasoningReport(True, tuple(unsatisfiable), seconds=seconds)
    if "InconsistentOntologyException" in done.stderr:
        return ReasoningReport(False, seconds=seconds)
    message = (done.stderr or done.stdout).strip().splitlines()
    error = " ".join(message[:2])[:500] or f"exit status {done.returncode}"
    return ReasoningReport(False, error=error, seconds=seconds)


def _hermit_command() -> list[str]:
    """HermiT's command line, from the jar owlready2 ships."""
    hermit = Path(owlready2.__file__).resolve().parent / "hermit"
    classpath = os.pathsep.join((str(hermit), str(hermit / "HermiT.jar")))
    return [
        owlready2.JAVA_EXE,
        f"-Xmx{JAVA_HEAP_MIB}M",
        "-cp",
        classpath,
        "org.semanticweb.HermiT.cli.CommandLine",
    ]
