"""Statement-level provenance written in Turtle as RDF 1.2 annotations, published as OWL 2 axiom
annotations.

A data file may attach an attestation to one single statement with Turtle's annotation syntax::

    kg:partnership-nato-kazakhstan nkg:cooperationArea kg:area-defence-reform
        {| nkg:evidence kg:q-kz-cooperation-overview |} .

The parser reads that as the triple itself plus a *reifier* (``_:r rdf:reifies <<( s p o )>>``,
``_:r nkg:evidence q``). Triple terms cannot be read by rdflib, pySHACL, the OWL API or any RDF 1.1
client, so each reifier becomes the standard OWL 2 reification of an annotated axiom::

    _:r a owl:Axiom ; owl:annotatedSource s ; owl:annotatedProperty p ; owl:annotatedTarget o ;
        nkg:evidence q .

which stays OWL 2 DL (``nkg:evidence`` is an annotation property), is shown by Protégé next to
the assertion it annotates, and is queried with four triple patterns in SPARQL.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from natokg.namespaces import OWL, RDF

REIFIES = ox.NamedNode(RDF + "reifies")
TYPE = ox.NamedNode(RDF + "type")
AXIOM = ox.NamedNode(OWL + "Axiom")
SOURCE = ox.NamedNode(OWL + "annotatedSource")
PROPERTY = ox.NamedNode(OWL + "annotatedProperty")
TARGET = ox.NamedNode(OWL + "annotatedTarget")


class TripleTermError(ValueError):
    """A triple term used other than as the object of ``rdf:reifies``."""


def reifiers_to_axioms(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads`` with every ``r rdf:reifies <<( s p o )>>`` replaced by the four triples of an
    OWL 2 annotated axiom on ``r``; any other triple term is refused."""
    out: list[ox.Quad] = []
    for quad in quads:
        obj = quad.object
        if quad.predicate == REIFIES and isinstance(obj, ox.Triple):
            if isinstance(obj.subject, ox.Triple) or isinstance(obj.object, ox.Triple):
                raise TripleTermError(f"nested triple term in {quad}")
            r, g = quad.subject, quad.graph_name
            out += (
                ox.Quad(r, TYPE, AXIOM, g),
                ox.Quad(r, SOURCE, obj.subject, g),
                ox.Quad(r, PROPERTY, obj.predicate, g),
                ox.Quad(r, TARGET, obj.object, g),
            )
        elif isinstance(obj, ox.Triple) or isinstance(quad.subject, ox.Triple):
            raise TripleTermError(
                "a triple term may only be annotated with {| … |}, not used as a value"
            )
        else:
            out.append(quad)
    return out
