"""The breadcrumbs of a resource's page: home › its section › the resource.

The section is where the home page lists the resource (states, partnership frameworks and
groupings, source documents), else its most specific class, which links to the class's
documentation. Pages that are not resources set their trail in their template.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from natokg.ld.page import Link, Page
from natokg.namespaces import NKG, RDFS

#: (class, heading, anchor on the home page) of the sections the home page lists
SECTIONS: tuple[tuple[str, str, str], ...] = (
    (NKG + "State", "States", "states"),
    (NKG + "PartnershipFormat", "Partnership frameworks and groupings", "frameworks"),
    (NKG + "SourceDocument", "Source documents", "documents"),
)
_SUBCLASS = ox.NamedNode(RDFS + "subClassOf")


@dataclass(frozen=True)
class Crumb:
    label: str
    #: None for the page itself (the last crumb)
    href: str | None = None


def trail(store: ox.Store, page: Page, root: str) -> tuple[Crumb, ...]:
    """The crumbs after "Home" of ``page``: its section, then itself (``root``: the script
    root, before every path)."""
    section = _section(store, page, root)
    return (*((section,) if section else ()), Crumb(page.title))


def _section(store: ox.Store, page: Page, root: str) -> Crumb | None:
    types = {t.iri for t in page.types}
    for cls, heading, anchor in SECTIONS:
        if cls in types or any(_below(store, t, cls) for t in types):
            return Crumb(heading, f"{root}/#{anchor}")
    specific = [t for t in page.types if not any(_below(store, o.iri, t.iri) for o in page.types)]
    chosen = _prefer_own(specific) or _prefer_own(list(page.types))
    if chosen is None:
        return None
    return Crumb(chosen.label[:1].upper() + chosen.label[1:], chosen.href)


def _prefer_own(links: list[Link]) -> Link | None:
    """The first of ``links`` in the project's ontology, else the first."""
    return next((t for t in links if t.iri.startswith(NKG)), links[0] if links else None)


def _below(store: ox.Store, sub: str, sup: str) -> bool:
    """``sub`` is a subclass of ``sup`` (stated or inferred, at any depth), and not ``sup``."""
    if sub == sup:
        return False
    seen, todo = {sub}, [sub]
    while todo:
        node = todo.pop()
        for quad in store.quads_for_pattern(ox.NamedNode(node), _SUBCLASS, None, ox.DefaultGraph()):
            parent = quad.object
            if not isinstance(parent, ox.NamedNode) or parent.value in seen:
                continue
            if parent.value == sup:
                return True
            seen.add(parent.value)
            todo.append(parent.value)
    return False
