"""What the generator borrows from the real project: registry entities and ontology individuals.

The synthetic documents talk about the real registry (``kg:kazakhstan``, ``kg:nato``,
``kg:partnership-for-peace``…) as well as about invented states, with the ontology's own
roles, qualifiers, units and statuses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

NKG = "https://w3id.org/natokg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_INDIVIDUAL = "http://www.w3.org/2002/07/owl#NamedIndividual"


@dataclass
class Registry:
    """Real entities by class, and the ontology's named individuals by class."""

    by_class: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    individuals: dict[str, list[str]] = field(default_factory=dict)

    def of(self, *classes: str) -> list[str]:
        """Entities of any of the given ``nkg:`` class names, in a stable order."""
        return sorted({iri for name in classes for iri in self.by_class.get(NKG + name, ())})


def load_registry(project_dir: Path) -> Registry:
    registry = Registry()
    for path in sorted((project_dir / "data" / "entities").glob("*.ttl")):
        for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            if t.predicate.value == RDF_TYPE and isinstance(t.subject, ox.NamedNode):
                registry.by_class[t.object.value].add(t.subject.value)
    registry.individuals = _individuals(project_dir / "ontology" / "natokg.ttl")
    return registry


def _individuals(ontology: Path) -> dict[str, list[str]]:
    """Named individuals of the ontology by class (roles, qualifiers, units, statuses…)."""
    graph = list(ox.parse(path=ontology, format=ox.RdfFormat.TURTLE))
    named = {
        t.subject.value
        for t in graph
        if t.predicate.value == RDF_TYPE and t.object.value == OWL_INDIVIDUAL
    }
    found: dict[str, set[str]] = defaultdict(set)
    for t in graph:
        if t.predicate.value == RDF_TYPE and t.subject.value in named:
            if t.object.value != OWL_INDIVIDUAL:
                found[t.object.value].add(t.subject.value)
    return {cls: sorted(iris) for cls, iris in found.items()}
