"""The entities the graph already knows, with every name they go by, and linking a sentence's
mentions to them (an entity ruler: longest match first, whole words only)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

KG = "https://w3id.org/natokg/id/"
NKG = "https://w3id.org/natokg/ontology#"
#: classes whose instances are linked (concept schemes are not entities of a page)
KINDS = {
    "state": ("State",),
    "place": ("Place", "Country", "City", "Region", "Site"),
    "person": ("Person",),
    "post": (),
    "organisation": (),
}
_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nkg: <https://w3id.org/natokg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?e ?name ?kind ?territory WHERE {
  ?e a ?class .
  { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } UNION { ?e nkg:acronym ?name }
  OPTIONAL { ?e nkg:territoryOf ?territory }
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/natokg/id/"))
  FILTER NOT EXISTS { ?e a skos:Concept }
  FILTER NOT EXISTS { ?e a nkg:Attestation }
  FILTER NOT EXISTS { ?e a nkg:SourceDocument }
  BIND(IF(?class = nkg:Person, "person",
       IF(?class = org:Post, "post",
       IF(?class = nkg:State, "state",
       IF(?class IN (nkg:Country, nkg:City, nkg:Region, nkg:Site, nkg:Place), "place",
       IF(?class = nkg:PartnershipFramework || ?class = nkg:PartnerGrouping, "framework",
       "other"))))) AS ?kind)
}
"""
#: classes that make an entity linkable from a document graph (people and the organisations a
#: page names); everything in data/entities/ is linkable
_DOCUMENT_CLASSES = (NKG + "Person",)


@dataclass(frozen=True)
class Entity:
    iri: str
    kind: str
    names: tuple[str, ...]
    territory: str | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entity: Entity


@dataclass
class Registry:
    entities: dict[str, Entity] = field(default_factory=dict)
    _pattern: re.Pattern | None = None
    _by_name: dict[str, list[str]] = field(default_factory=dict)
    _folded: dict[str, list[str]] = field(default_factory=dict)

    def without(self, iris: Iterable[str]) -> Registry:
        drop = set(iris)
        return Registry.of(e for iri, e in self.entities.items() if iri not in drop)

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> Registry:
        reg = cls({e.iri: e for e in entities})
        for e in reg.entities.values():
            for name in e.names:
                reg._by_name.setdefault(name, []).append(e.iri)
                if len(name) > 4 and not name.isupper():
                    reg._folded.setdefault(name.lower(), []).append(e.iri)
        names = sorted(set(reg._by_name) | set(reg._folded), key=len, reverse=True)
        if names:
            body = "|".join(re.escape(n) for n in names)
            reg._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
        return reg

    def find(self, text: str) -> list[Mention]:
        """The mentions of known entities in ``text``, longest first, without overlaps."""
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            surface = m.group(0)
            iris = self._by_name.get(surface) or self._folded.get(surface.lower())
            if not iris and surface[:1].islower():
                iris = self._by_name.get(surface[:1].upper() + surface[1:])
            if not iris:
                continue
            out.append(Mention(m.start(), m.end(), surface, self.entities[_choose(self, iris)]))
        return out

    def place_of(self, entity: Entity) -> Entity | None:
        """The place a state's name stands for (its territory), or the entity if it is a place."""
        if entity.kind == "place":
            return entity
        for e in self.entities.values():
            if e.territory == entity.iri:
                return e
        return None


def _choose(reg: Registry, iris: list[str]) -> str:
    """One entity for an ambiguous name: a state or organisation before its territory."""
    ranked = sorted(set(iris), key=lambda i: (reg.entities[i].kind == "place", i))
    return ranked[0]


def load(project: Path, leave_out: str | None = None) -> Registry:
    """The registry: data/entities/*.ttl, and the people of data/documents/*.ttl (but those of
    ``leave_out``, a document name)."""
    store = ox.Store()
    for path in sorted((project / "data" / "entities").glob("*.ttl")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    docs = ox.Store()
    for path in sorted((project / "data" / "documents").glob("*.ttl")):
        if path.stem != leave_out:
            docs.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return Registry.of(_entities(store) + _entities(docs, only=_DOCUMENT_CLASSES))


def _entities(store: ox.Store, only: tuple[str, ...] = ()) -> list[Entity]:
    names: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    territory: dict[str, str] = {}
    for row in store.query(_QUERY):
        iri = row["e"].value
        if only and not any(
            ox.Quad(row["e"], ox.NamedNode(RDF_TYPE), ox.NamedNode(c)) in store for c in only
        ):
            continue
        names.setdefault(iri, set()).add(row["name"].value)
        kind = row["kind"].value
        if kinds.get(iri, "other") == "other":
            kinds[iri] = kind
        if row["territory"] is not None:
            territory[iri] = row["territory"].value
    return [
        Entity(iri, kinds[iri], tuple(sorted(n)), territory.get(iri)) for iri, n in names.items()
    ]


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
