"""IRIs of the dataset and the server's own URLs, mapped both ways.

IRIs never depend on where the server runs: instance IRIs are ``<base>id/<slug>`` (the base is
a setting), ontology terms are hash IRIs in the fixed ontology namespace. The server answers for
them under its own host, so ``<base>id/kazakhstan`` is served at ``/id/kazakhstan`` wherever the
server is. This module only computes paths; views turn them into URLs with ``url_for`` or
``request.host_url``.

>>> m = IriMapper("https://example.org/kg/")
>>> m.local_path("https://example.org/kg/id/kazakhstan")
'/id/kazakhstan'
>>> m.page_path("https://example.org/kg/id/kazakhstan")
'/page/kazakhstan'
>>> m.page_path("https://w3id.org/natokg/ontology#State")
'/ontology#State'
>>> m.page_path("https://www.nato.int/") is None
True
>>> m.instance_iri("kazakhstan")
'https://example.org/kg/id/kazakhstan'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from natokg.namespaces import ONTOLOGY_IRI, SHAPES_IRI

GENID = ".well-known/genid/"


class Kind(Enum):
    """What a local IRI names, which decides how it is served."""

    INSTANCE = "id"  # <base>id/<slug>: 303 to /page or /data
    GENID = "genid"  # <base>.well-known/genid/<hash>: skolemised blank node, 303 as well
    GRAPH = "graph"  # <base>graph/<name>: a named graph, served as a dump
    OTHER = "other"  # anything else under the base (dataset, downloads/…, sparql)
    ONTOLOGY = "ontology"  # the ontology namespace (hash IRIs) and its version IRIs
    SHAPES = "shapes"  # the SHACL shapes namespace


@dataclass(frozen=True)
class LocalIri:
    kind: Kind
    #: the part after the kind's prefix: the slug, the genid hash, the graph name, the fragment…
    name: str


@dataclass(frozen=True)
class IriMapper:
    """Maps IRIs of the dataset to paths on this server and back."""

    base: str

    # -- IRIs from request paths -----------------------------------------------------------

    def instance_iri(self, slug: str) -> str:
        return f"{self.base}id/{slug}"

    def genid_iri(self, name: str) -> str:
        return f"{self.base}{GENID}{name}"

    def graph_iri(self, name: str) -> str:
        return f"{self.base}graph/{name}"

    def iri_for(self, kind: Kind, name: str) -> str:
        if kind is Kind.INSTANCE:
            return self.instance_iri(name)
        if kind is Kind.GENID:
            return self.genid_iri(name)
        if kind is Kind.GRAPH:
            return self.graph_iri(name)
        raise ValueError(f"no describable IRI of kind {kind}")

    # -- classification ----------------------------------------------------------------------

    def classify(self, iri: str) -> LocalIri | None:
        """What the IRI names on this server, or None for an external IRI."""
        for namespace, kind in ((ONTOLOGY_IRI, Kind.ONTOLOGY), (SHAPES_IRI, Kind.SHAPES)):
            if iri == namespace or iri.startswith((namespace + "#", namespace + "/")):
                # the rest keeps its separator: "#State", "/0.1.0" or ""
                return LocalIri(kind, iri[len(namespace) :])
        if not iri.startswith(self.base):
            return None
        rest = iri[len(self.base) :]
        for prefix, kind in (("id/", Kind.INSTANCE), (GENID, Kind.GENID), ("graph/", Kind.GRAPH)):
            if rest.startswith(prefix) and len(rest) > len(prefix):
                return LocalIri(kind, rest[len(prefix) :])
        return LocalIri(Kind.OTHER, rest)

    # -- paths on this server --------------------------------------------------------------

    def local_path(self, iri: str) -> str | None:
        """The path this server answers the IRI at (the IRI itself, moved to this host)."""
        local = self.classify(iri)
        if local is None:
            return None
        if local.kind is Kind.INSTANCE:
            return f"/id/{local.name}"
        if local.kind is Kind.GENID:
            return f"/{GENID}{local.name}"
        return self._document_path(local)

    def page_path(self, iri: str) -> str | None:
        """Where a person reads about the IRI here (HTML), or None for an external IRI."""
        local = self.classify(iri)
        if local is None:
            return None
        if local.kind is Kind.INSTANCE:
            return f"/page/{local.name}"
        if local.kind is Kind.GENID:
            return f"/page/genid/{local.name}"
        return self._document_path(local)

    def data_path(self, iri: str, extension: str | None = None) -> str | None:
        """Where a program reads the IRI's description (RDF), with an optional file suffix."""
        local = self.classify(iri)
        if local is None or local.kind not in (Kind.INSTANCE, Kind.GENID):
            return None
        stem = local.name if local.kind is Kind.INSTANCE else f"genid/{local.name}"
        return f"/data/{stem}" + (f".{extension}" if extension else "")

    def _document_path(self, local: LocalIri) -> str:
        if local.kind is Kind.ONTOLOGY:
            return "/ontology" + local.name
        if local.kind is Kind.SHAPES:
            return "/shapes" + local.name
        if local.kind is Kind.GRAPH:
            return f"/graph/{local.name}"
        return f"/{local.name}"
