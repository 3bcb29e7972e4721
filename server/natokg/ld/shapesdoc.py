"""A readable summary of the SHACL shapes: each node shape, its targets and property shapes."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from natokg.ld.query import select

SHAPES = """PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?shape ?label ?target WHERE {
    ?shape a sh:NodeShape . FILTER(isIRI(?shape))
    OPTIONAL { ?shape rdfs:label ?label FILTER(langMatches(lang(?label), "en")) }
    OPTIONAL { ?shape sh:targetClass ?target }
}"""
PROPERTIES = """PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?shape ?ps ?path ?name ?description ?message ?min ?max ?datatype ?class ?pattern WHERE {
    ?shape sh:property ?ps .
    OPTIONAL { ?ps sh:path ?path FILTER(isIRI(?path)) }
    OPTIONAL { ?ps sh:name ?name } OPTIONAL { ?ps sh:description ?description }
    OPTIONAL { ?ps sh:message ?message }
    OPTIONAL { ?ps sh:minCount|sh:qualifiedMinCount ?min }
    OPTIONAL { ?ps sh:maxCount|sh:qualifiedMaxCount ?max }
    OPTIONAL { ?ps sh:datatype ?datatype } OPTIONAL { ?ps sh:class ?class }
    OPTIONAL { ?ps sh:pattern ?pattern }
}"""


@dataclass(frozen=True)
class PropertyShape:
    path: str
    name: str
    text: str
    min: str
    max: str
    value: str


@dataclass(frozen=True)
class NodeShape:
    iri: str
    anchor: str
    label: str
    targets: tuple[str, ...]
    properties: tuple[PropertyShape, ...]


def shapes_doc(turtle: bytes) -> tuple[NodeShape, ...]:
    store = ox.Store()
    store.load(turtle, format=ox.RdfFormat.TURTLE)
    shapes: dict[str, dict] = {}
    for row in select(store, SHAPES):
        entry = shapes.setdefault(row["shape"].value, {"label": "", "targets": set(), "props": {}})
        if "label" in row:
            entry["label"] = row["label"].value
        if "target" in row:
            entry["targets"].add(row["target"].value)
    for row in select(store, PROPERTIES):
        entry = shapes.get(row["shape"].value)
        if entry is None:
            continue
        value = " ".join(row[k].value for k in ("datatype", "class", "pattern") if k in row)
        text = row.get("description") or row.get("message")
        entry["props"][str(row["ps"])] = PropertyShape(
            path=row["path"].value if "path" in row else "(complex path)",
            name=row["name"].value if "name" in row else "",
            text=text.value if text is not None else "",
            min=row["min"].value if "min" in row else "",
            max=row["max"].value if "max" in row else "",
            value=value,
        )
    return tuple(
        NodeShape(
            iri,
            iri.rsplit("#", 1)[-1],
            e["label"],
            tuple(sorted(e["targets"])),
            tuple(sorted(e["props"].values(), key=lambda p: (p.path, p.name))),
        )
        for iri, e in sorted(shapes.items())
    )
