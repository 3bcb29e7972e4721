"""Consistency and unsatisfiable classes with HermiT; realisation too, on request.

Two ways to run the HermiT that owlready2 ships:

* the build's check (``realise=False``): HermiT's command line with ``-U``, which checks that
  ontology and data are consistent and lists the classes equivalent to owl:Nothing. It is
  all the build needs, and it scales: about 7 s at 10⁵ triples and 2–3 min at 10⁶;
* ``realise=True``: owlready2's ``sync_reasoner_hermit``, which also classifies properties
  and every individual (-c -O -D -I) and reads the classes of each individual back. It is
  some 25 times slower (over 3 min at 10⁵ triples), so it is for cross-checks in tests.

The source's dates use xsd:gYear and xsd:gYearMonth, which are outside the OWL 2 datatype map;
HermiT is told to ignore unsupported datatypes (the TBox itself is strictly OWL 2 DL, see the
README). Each run uses its own files and owlready2 World, so nothing is shared between builds.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
import pyoxigraph as ox

_REASONING_ONTOLOGY = "https://w3id.org/natokg/build/reasoning"
_THING = "http://www.w3.org/2002/07/owl#Thing"
_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
_NOTHING_HEADER = "Classes equivalent to 'owl:Nothing':"
#: the most memory HermiT's Java may take; 10⁶ triples need about 2 GiB
JAVA_HEAP_MIB = 4096


@dataclass(frozen=True)
class ReasoningReport:
    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    #: individual IRI -> the named classes HermiT says it belongs to (asserted and inferred)
    types: dict[str, frozenset[str]] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable and self.error is None


def reason(quads: Iterable[ox.Quad], realise: bool = False) -> ReasoningReport:
    """Run HermiT over the triples of ``quads`` (ontology and data, graph names ignored).

    ``types`` of the report is filled only with ``realise``.
    """
    start = time.perf_counter()
    # owl:imports are dropped: the imported declarations are part of ``quads`` already, and
    # HermiT would otherwise try to download them.
    triples = (
        ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.predicate != _IMPORTS
    )
    if realise:
        return _realise(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), start)
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


def _realise(data: bytes, start: float) -> ReasoningReport:
    world = owlready2.World()
    try:
        world.get_ontology(_REASONING_ONTOLOGY).load(fileobj=io.BytesIO(data), format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasoningReport(False, seconds=time.perf_counter() - start)
        except owlready2.OwlReadyJavaError as exc:
            message = str(exc).strip().splitlines()
            return ReasoningReport(
                False, error=" ".join(message[-3:])[:500], seconds=time.perf_counter() - start
            )
        unsatisfiable = tuple(
            sorted(c.iri for c in world.inconsistent_classes() if c.iri != _NOTHING)
        )
        # world.individuals() lists only those declared owl:NamedIndividual; ours are typed
        individuals = {ind for cls in world.classes() for ind in cls.instances(world=world)}
        types = {
            ind.iri: frozenset(c.iri for c in _named_ancestors(ind) if c.iri != _THING)
            for ind in individuals
        }
        return ReasoningReport(True, unsatisfiable, types, time.perf_counter() - start)
    finally:
        world.close()


def _named_ancestors(individual) -> set:
    classes = set()
    for cls in individual.is_a:
        if isinstance(cls, owlready2.ThingClass):
            classes |= set(cls.ancestors())
    return {c for c in classes if isinstance(c, owlready2.ThingClass)}
