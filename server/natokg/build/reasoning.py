"""Consistency, unsatisfiable classes and realisation with HermiT, through owlready2.

The source's dates use xsd:gYear and xsd:gYearMonth, which are outside the OWL 2 datatype map;
HermiT is told to ignore unsupported datatypes (the TBox itself is strictly OWL 2 DL, see the
README). Each run uses its own owlready2 World, so nothing is shared between builds.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import owlready2
import pyoxigraph as ox

_REASONING_ONTOLOGY = "https://w3id.org/natokg/build/reasoning"
_THING = "http://www.w3.org/2002/07/owl#Thing"
_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")


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


def reason(quads: Iterable[ox.Quad]) -> ReasoningReport:
    """Run HermiT over the triples of ``quads`` (ontology and data, graph names ignored)."""
    start = time.perf_counter()
    # owl:imports are dropped: the imported declarations are part of ``quads`` already, and
    # owlready2 would otherwise try to download them.
    triples = (
        ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.predicate != _IMPORTS
    )
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
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
        types = {
            ind.iri: frozenset(c.iri for c in _named_ancestors(ind) if c.iri != _THING)
            for ind in world.individuals()
        }
        return ReasoningReport(True, unsatisfiable, types, time.perf_counter() - start)
    finally:
        world.close()


def _named_ancestors(individual) -> set:  # noqa: ANN001 - an owlready2 Thing
    classes = set()
    for cls in individual.is_a:
        if isinstance(cls, owlready2.ThingClass):
            classes |= set(cls.ancestors())
    return {c for c in classes if isinstance(c, owlready2.ThingClass)}
