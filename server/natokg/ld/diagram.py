"""A class diagram of the ontology as SVG, generated from its triples (never drawn by hand).

Each class is a box headed by its CURIE and English label, listing the object and datatype
properties whose ``rdfs:domain`` names it (alone or in a union) with their range. Boxes are laid
out as a tidy tree from left to right: a column per depth of the subclass hierarchy, each parent
centred on its children; a class with a second named superclass gets a dashed line to it too. A
defined class hangs under the named classes its definition intersects.
The layout is ours (a few dozen lines) rather than Graphviz: the hierarchy is a tree plus a
handful of extra edges, which a tree layout draws without crossings, and it needs no system
package. Text widths are estimated (``CHAR`` pixels a character), so no font metrics are read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pyoxigraph as ox

from natokg.namespaces import OWL, RDF, RDFS, STATIC_PREFIXES, longest_first

CHAR = 6.4  # estimated width of a character at 11px
LINE = 15  # height of a text line
PAD = 6
GAP_X = 48  # between columns
GAP_Y = 10  # between sibling boxes
MAX_ATTRIBUTES = 12
MAX_CHARS = 56  # an attribute line longer than this is cut (the page documents it in full)


@dataclass
class _Box:
    iri: str
    title: str
    label: str
    attributes: list[str]
    children: list[_Box] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0

    @property
    def height(self) -> float:
        return PAD * 2 + LINE * (2 + len(self.attributes)) + (4 if self.attributes else 0)


class _Names:
    def __init__(self) -> None:
        self.order = longest_first(STATIC_PREFIXES)

    def curie(self, iri: str) -> str:
        for namespace, prefix in self.order:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri.rsplit("/", 1)[-1]


def class_diagram(triples: Iterable[ox.Triple]) -> str:
    """The SVG document of the class diagram of the ontology in ``triples``."""
    triples = list(triples)
    names = _Names()
    rdf_type, sub = ox.NamedNode(RDF + "type"), ox.NamedNode(RDFS + "subClassOf")
    classes = sorted(
        {
            t.subject.value
            for t in triples
            if t.predicate == rdf_type
            and t.object == ox.NamedNode(OWL + "Class")
            and isinstance(t.subject, ox.NamedNode)
        }
    )
    known = set(classes)
    parents: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    lists: dict[ox.Term, tuple[ox.Term | None, ox.Term | None]] = {}
    unions: dict[ox.Term, ox.Term] = {}
    intersections: dict[ox.Term, ox.Term] = {}
    equivalents: list[tuple[str, ox.Term]] = []
    domains: list[tuple[str, ox.Term]] = []
    ranges: dict[str, list[ox.Term]] = defaultdict(list)
    for t in triples:
        p = t.predicate.value
        if t.predicate == sub and t.object.value in known and isinstance(t.subject, ox.NamedNode):
            parents[t.subject.value].append(t.object.value)
        elif p == RDFS + "label" and isinstance(t.object, ox.Literal) and t.object.language == "en":
            labels[t.subject.value] = t.object.value
        elif p == RDF + "first":
            lists[t.subject] = (t.object, lists.get(t.subject, (None, None))[1])
        elif p == RDF + "rest":
            lists[t.subject] = (lists.get(t.subject, (None, None))[0], t.object)
        elif p == OWL + "unionOf":
            unions[t.subject] = t.object
        elif p == OWL + "intersectionOf":
            intersections[t.subject] = t.object
        elif p == OWL + "equivalentClass" and isinstance(t.subject, ox.NamedNode):
            equivalents.append((t.subject.value, t.object))
        elif p == RDFS + "domain" and isinstance(t.subject, ox.NamedNode):
            domains.append((t.subject.value, t.object))
        elif p == RDFS + "range" and isinstance(t.subject, ox.NamedNode):
            ranges[t.subject.value].append(t.object)

    def named(node: ox.Term, links: dict[ox.Term, ox.Term] = unions) -> list[str]:
        if isinstance(node, ox.NamedNode):
            return [node.value]
        out, head, seen = [], links.get(node), set()
        while head is not None and head in lists and head not in seen:
            seen.add(head)
            first, head = lists[head]
            if isinstance(first, ox.NamedNode):
                out.append(first.value)
        return out

    # a defined class hangs under the named classes of its definition (nkg:Ally under nkg:State)
    for cls, expression in equivalents:
        for parent in named(expression, intersections):
            if parent in known and parent not in parents[cls]:
                parents[cls].append(parent)
    attributes: dict[str, list[str]] = defaultdict(list)
    for prop, domain in sorted(domains, key=lambda d: names.curie(d[0])):
        shown = [names.curie(r) for node in ranges.get(prop, []) for r in named(node)]
        text = names.curie(prop) + (": " + " | ".join(shown) if shown else "")
        text = text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"
        for cls in named(domain):
            if cls in known:
                attributes[cls].append(text)
    boxes = {}
    for iri in classes:
        attrs = attributes.get(iri, [])
        if len(attrs) > MAX_ATTRIBUTES:
            attrs = [*attrs[: MAX_ATTRIBUTES - 1], f"… and {len(attrs) - MAX_ATTRIBUTES + 1} more"]
        boxes[iri] = _Box(iri, names.curie(iri), labels.get(iri, ""), attrs)
    roots = []
    for iri in classes:
        first = next((p for p in parents.get(iri, []) if p != iri), None)
        (boxes[first].children if first else roots).append(boxes[iri])
    return _svg(roots, boxes, parents)


def _place(roots: list[_Box]) -> tuple[float, float]:
    """Tidy-tree layout; returns the drawing's width and height."""
    columns: dict[int, float] = defaultdict(float)

    def widths(box: _Box, depth: int) -> None:
        box.width = PAD * 2 + CHAR * max(len(s) for s in (box.title, box.label, *box.attributes))
        columns[depth] = max(columns[depth], box.width)
        for child in box.children:
            widths(child, depth + 1)

    for root in roots:
        widths(root, 0)
    lefts, x = {}, 10.0
    for depth in sorted(columns):
        lefts[depth] = x
        x += columns[depth] + GAP_X
    cursor = [10.0]
    bottoms: dict[int, float] = defaultdict(float)  # lowest edge so far, per column

    def place(box: _Box, depth: int) -> None:
        box.x = lefts[depth]
        if not box.children:
            box.y = max(cursor[0], bottoms[depth])
        else:
            for child in box.children:
                place(child, depth + 1)
            first, last = box.children[0], box.children[-1]
            middle = (first.y + last.y + last.height) / 2
            box.y = max(middle - box.height / 2, bottoms[depth], 10.0)
        bottoms[depth] = box.y + box.height + GAP_Y
        # a parent taller than its children's span pushes the next rows down
        cursor[0] = max(cursor[0], box.y + box.height + GAP_Y)

    for root in sorted(roots, key=lambda b: b.title.lower()):
        place(root, 0)
        cursor[0] += GAP_Y * 2
    return x, cursor[0]


def _svg(roots: list[_Box], boxes: dict[str, _Box], parents: dict[str, list[str]]) -> str:
    for box in boxes.values():
        box.children.sort(key=lambda b: b.title.lower())
    width, height = _place(roots)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="11" '
        'role="img" aria-labelledby="diagram-title">',
        '<title id="diagram-title">Class diagram of the natokg ontology</title>',
        "<style>.box{fill:#fff;stroke:#4a6fa5}.reused{fill:#f3f3f3;stroke:#999}"
        ".title{font-weight:bold}.label{fill:#555;font-style:italic}.attr{fill:#333}"
        ".edge{fill:none;stroke:#4a6fa5}.extra{fill:none;stroke:#999;stroke-dasharray:4 3}</style>",
    ]
    for box in boxes.values():
        for i, parent_iri in enumerate(parents.get(box.iri, [])):
            parent = boxes.get(parent_iri)
            if parent is None or parent is box:
                continue
            x1, y1 = parent.x + parent.width, parent.y + parent.height / 2
            x2, y2 = box.x, box.y + box.height / 2
            mid = x2 - GAP_X / 2 if i == 0 else (x1 + x2) / 2
            kind = "edge" if i == 0 else "extra"
            out.append(
                f'<path class="{kind}" d="M{x1:.1f},{y1:.1f} H{mid:.1f} V{y2:.1f} H{x2:.1f}"/>'
            )
    for box in boxes.values():
        reused = not box.title.startswith("nkg:")
        out.append(f"<g><title>{escape(box.iri)}</title>")
        out.append(
            f'<rect class="box{" reused" if reused else ""}" x="{box.x:.1f}" y="{box.y:.1f}" '
            f'width="{box.width:.1f}" height="{box.height:.1f}" rx="3"/>'
        )
        y = box.y + PAD + LINE - 3
        for cls, text in (("title", box.title), ("label", box.label)):
            out.append(
                f'<text class="{cls}" x="{box.x + PAD:.1f}" y="{y:.1f}">{escape(text)}</text>'
            )
            y += LINE
        if box.attributes:
            out.append(
                f'<line class="edge" x1="{box.x:.1f}" x2="{box.x + box.width:.1f}" '
                f'y1="{y - LINE + 6:.1f}" y2="{y - LINE + 6:.1f}"/>'
            )
            y += 4
        for attribute in box.attributes:
            out.append(
                f'<text class="attr" x="{box.x + PAD:.1f}" y="{y:.1f}">{escape(attribute)}</text>'
            )
            y += LINE
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
