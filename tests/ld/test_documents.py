"""The ontology, the shapes, named graphs and the VoID description at their own IRIs."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from natokg.namespaces import NKG, OWL, RDF, RDFS, SKOS
from natokg.store import Dataset
from tests.conftest import ROOT
from tests.ld.helpers import Html, iri, parse_rdf

ONTOLOGY = ROOT / "ontology" / "natokg.ttl"
SH = "http://www.w3.org/ns/shacl#"


def ground(triple: ox.Triple) -> bool:
    return not isinstance(triple.subject, ox.BlankNode) and not isinstance(
        triple.object, ox.BlankNode
    )


def ontology_terms() -> dict[str, dict[str, str]]:
    """Every term natokg.ttl declares in its namespace, with its labels, read from the file."""
    graph = list(ox.parse(path=ONTOLOGY, format=ox.RdfFormat.TURTLE))
    kinds = {OWL + k for k in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")}
    terms = {
        t.subject.value
        for t in graph
        if t.predicate.value == RDF + "type"
        and t.object.value in kinds
        and t.subject.value.startswith(NKG)
    }
    labels: dict[str, dict[str, str]] = {term: {} for term in terms}
    for t in graph:
        if t.subject.value in terms and t.predicate.value == RDFS + "label":
            labels[t.subject.value][t.object.language] = t.object.value
    return labels


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/rdf+xml, application/xml;q=0.9, */*;q=0.1", "application/rdf+xml"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
    ],
)
def test_ontology_iri_answers_rdf_by_accept(
    client: FlaskClient, accept: str, media_type: str
) -> None:
    response = client.get("/ontology", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == media_type
    assert response.headers["Vary"] == "Accept"
    got = parse_rdf(response.data, media_type)
    assert ox.Triple(iri(NKG[:-1]), iri(RDF + "type"), iri(OWL + "Ontology")) in got
    assert ox.Triple(iri(NKG + "State"), iri(RDF + "type"), iri(OWL + "Class")) in got
    # the core module alone: one header, importing the declarations (not merged any more)
    assert [t.subject for t in got if t.object == iri(OWL + "Ontology")] == [iri(NKG[:-1])]
    imports = [t.object.value for t in got if t.predicate.value == OWL + "imports"]
    assert imports == ["https://w3id.org/natokg/ontology/declarations"]


@pytest.mark.parametrize(
    ("suffix", "media_type"),
    [
        ("owl", "application/rdf+xml"),
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
    ],
)
def test_ontology_by_suffix(client: FlaskClient, suffix: str, media_type: str) -> None:
    response = client.get(f"/ontology.{suffix}")
    assert response.status_code == 200 and response.mimetype == media_type
    assert "Vary" not in response.headers
    assert len(parse_rdf(response.data, media_type)) > 1000


def _terms_of(path: Path, reused: bool) -> dict[str, dict[str, set[str]]]:
    """The terms a source file declares (those of natokg's namespace, or the reused ones), with
    their definitions by language, read from the file itself."""
    graph = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    kinds = {OWL + k for k in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")}
    terms = {
        t.subject.value
        for t in graph
        if t.predicate.value == RDF + "type"
        and t.object.value in kinds
        and isinstance(t.subject, ox.NamedNode)
        and t.subject.value.startswith(NKG) != reused
    }
    found: dict[str, dict[str, set[str]]] = {term: {} for term in terms}
    for t in graph:
        if t.subject.value in terms and t.predicate.value == SKOS + "definition":
            found[t.subject.value].setdefault(t.object.language, set()).add(t.object.value)
    return found


def _article(page: str, anchor: str) -> Html:
    """The documentation of one term (its <article>)."""
    start = page.rindex("<", 0, page.index(f'id="{anchor}"'))
    return Html(page[start : page.index("</article>", start)])


def test_ontology_html_documents_every_term_in_english_and_french(client: FlaskClient) -> None:
    terms = ontology_terms()
    assert len(terms) > 100
    response = client.get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    html = Html(page)
    for term, labels in terms.items():
        anchor = term[len(NKG) :]
        assert anchor in html.ids, anchor
        assert labels["en"] in html.text and labels["fr"] in html.text, anchor
    assert "application/rdf+xml" in html.alternates()
    # every class and property, of the core and reused, has its definition in both languages
    core = _terms_of(ONTOLOGY, reused=False)
    reused = _terms_of(ROOT / "ontology" / "declarations.ttl", reused=True)
    assert len(core) > 100 and len(reused) > 80
    for term, definitions in (core | reused).items():
        assert set(definitions) >= {"en", "fr"}, f"{term} lacks a definition in en or fr"
        text = " ".join(_entry(page, term).text.split())
        for language in ("en", "fr"):
            for definition in definitions[language]:
                assert " ".join(definition.split()) in text, (term, language)


def _entry(page: str, iri: str) -> Html:
    """The documentation of the term ``iri``: the <article> that gives its full IRI."""
    at = page.index(f"<code>{iri}</code>")
    start = page.rindex("<article", 0, at)
    return Html(page[start : page.index("</article>", start)])


def test_ontology_html_gives_hierarchy_domains_ranges_and_examples(client: FlaskClient) -> None:
    page = client.get("/ontology.html").get_data(as_text=True)
    html = Html(page)
    assert ("/page/testland", "Testland") in html.anchors  # an example of nkg:State
    assert ("#State", "sovereign state") in html.anchors  # the class hierarchy
    assert "hierarchy" in html.ids and html.tags.get("details", 0) > 5  # folding branches
    # nkg:participant: domain and range in Manchester syntax, linked to their entries
    participant = _article(page, "participant")
    rows = {cells[0]: cells[1] for _, cells in participant.rows if len(cells) == 2}
    assert rows["domain"] == "nkg:Participation" and rows["range"] == "foaf:Agent"
    assert ("#Participation", "nkg:Participation") in participant.anchors
    # the other way round: Participation is the domain of participant, Agent its range
    assert ("#participant", "participant") in _article(page, "Participation").anchors
    range_of = {c[0]: c[1] for _, c in _article(page, "foaf-Agent").rows if len(c) == 2}
    assert "participant" in range_of["range of"].split(", ")
    # a property chain and an inverse of a reused property (W3C ORG, declared locally)
    member_of = {c[0]: c[1] for _, c in _article(page, "org-memberOf").rows if len(c) == 2}
    assert member_of["property chain"] == "has membership o organization → org:memberOf"
    assert member_of["inverse"] == "has member"
    # a role individual: the statements of the data that name it (Testland's three partner
    # memberships: EAPC, NACC, PfP), not "0 members"
    role = {c[0]: c[1] for _, c in _article(page, "partnerRole").rows if len(c) == 2}
    assert role["in the data"].startswith("3 statement(s) naming it")
    assert "kg:mem-testland-pfp" in role["in the data"]


def test_the_changelog_is_rendered(client: FlaskClient) -> None:
    page = client.get("/ontology.html").get_data(as_text=True)
    html = Html(page)
    assert {"changelog", "version-0.1.0", "version-unreleased"} <= html.ids
    first = _article(page, "version-0.1.0").text
    assert first.startswith("0.1.0 2026-11-21") and "First version" in first
    assert "Première version" in first


def test_the_class_diagram_is_generated_from_the_ontology(build_client: FlaskClient) -> None:
    response = build_client.get("/ontology/diagram.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ElementTree.fromstring(response.data)
    svg = "{http://www.w3.org/2000/svg}"
    texts = {t.text for t in root.iter(svg + "text")}
    classes = {
        t.subject.value
        for name in ("natokg.ttl", "declarations.ttl")
        for t in ox.parse(path=ROOT / "ontology" / name, format=ox.RdfFormat.TURTLE)
        if t.predicate.value == RDF + "type"
        and t.object.value == OWL + "Class"
        and isinstance(t.subject, ox.NamedNode)
    }
    assert len(list(root.iter(svg + "rect"))) == len(classes) > 90
    assert {"nkg:State", "nkg:Membership", "org:Membership", "time:Instant"} <= texts
    # a property is listed in the box of its domain, with its range
    assert "nkg:participant: foaf:Agent" in texts
    page = Html(build_client.get("/ontology.html").get_data(as_text=True))
    assert "/ontology/diagram.svg" in {link for link in page.hrefs()}


MODULES = {
    # path -> (its IRI, its version IRI), written by hand from ontology/
    "/ontology": ("https://w3id.org/natokg/ontology", "https://w3id.org/natokg/ontology/0.1.0"),
    "/ontology/declarations": (
        "https://w3id.org/natokg/ontology/declarations",
        "https://w3id.org/natokg/ontology/declarations/0.1.0",
    ),
    "/ontology/alignments/schema-org": (
        "https://w3id.org/natokg/ontology/alignments/schema-org",
        "https://w3id.org/natokg/ontology/alignments/schema-org/0.1.0",
    ),
    "/ontology/alignments/sem": (
        "https://w3id.org/natokg/ontology/alignments/sem",
        "https://w3id.org/natokg/ontology/alignments/sem/0.1.0",
    ),
    "/ontology/alignments/lode": (
        "https://w3id.org/natokg/ontology/alignments/lode",
        "https://w3id.org/natokg/ontology/alignments/lode/0.1.0",
    ),
    "/ontology/full": (
        "https://w3id.org/natokg/ontology/full",
        "https://w3id.org/natokg/ontology/full/0.1.0",
    ),
    "/shapes": ("https://w3id.org/natokg/shapes", None),
}
RDF_MEDIA = ("application/rdf+xml", "text/turtle", "application/ld+json", "application/n-triples")


@pytest.mark.parametrize("path", sorted(MODULES))
def test_each_module_dereferences_with_one_ontology_header(
    build_client: FlaskClient, path: str
) -> None:
    module_iri, version_iri = MODULES[path]
    for media_type in RDF_MEDIA:
        response = build_client.get(path, headers={"Accept": media_type})
        assert response.status_code == 200 and response.mimetype == media_type, media_type
        got = parse_rdf(response.data, media_type)
        headers = [t.subject for t in got if t.object == iri(OWL + "Ontology")]
        assert headers == [iri(module_iri)], (path, media_type)
        if version_iri:
            assert ox.Triple(iri(module_iri), iri(OWL + "versionIRI"), iri(version_iri)) in got
        # every import is itself a module this server dereferences
        for t in got:
            if t.predicate.value == OWL + "imports":
                target = t.object.value.removeprefix("https://w3id.org/natokg")
                assert target in MODULES, t.object.value
                assert build_client.get(target, headers={"Accept": media_type}).status_code == 200
    page = build_client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = Html(page.get_data(as_text=True))
    assert module_iri in html.text
    assert "application/rdf+xml" in html.alternates()


def test_the_full_release_merges_core_and_declarations(build_client: FlaskClient) -> None:
    full = parse_rdf(build_client.get("/ontology/full.owl").data, "application/rdf+xml")
    core = parse_rdf(build_client.get("/ontology.owl").data, "application/rdf+xml")
    declarations = parse_rdf(
        build_client.get("/ontology/declarations.owl").data, "application/rdf+xml"
    )
    full_ground = {t for t in full if ground(t)}
    for part in (core, declarations):
        axioms = {
            t for t in part if ground(t) and t.subject.value not in {h for h, _ in MODULES.values()}
        }
        assert axioms <= full_ground
    assert not any(t.predicate.value == OWL + "imports" for t in full)


def test_module_version_iris_redirect(build_client: FlaskClient) -> None:
    for path, (_, version_iri) in MODULES.items():
        if version_iri is None:
            continue
        target = version_iri.removeprefix("https://w3id.org/natokg")
        response = build_client.get(target, headers={"Accept": "text/turtle"})
        assert response.status_code == 303 and response.headers["Location"] == path, target
    assert build_client.get("/ontology/declarations/9.9.9").status_code == 404
    assert build_client.get("/ontology/alignments/nothing").status_code == 404


def test_ontology_version_iri_redirects(client: FlaskClient) -> None:
    response = client.get("/ontology/0.1.0", headers={"Accept": "application/rdf+xml"})
    assert response.status_code == 303 and response.headers["Location"] == "/ontology"
    assert client.get("/ontology/9.9.9").status_code == 404


def test_shapes_are_served(client: FlaskClient) -> None:
    source = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(path=ROOT / "ontology" / "shapes.ttl", format=ox.RdfFormat.TURTLE)
    ]
    shapes = {
        t.subject.value
        for t in source
        if t.predicate.value == RDF + "type"
        and t.object.value == SH + "NodeShape"
        and isinstance(t.subject, ox.NamedNode)
    }
    assert shapes
    turtle = client.get("/shapes.ttl")
    assert turtle.mimetype == "text/turtle"
    served = parse_rdf(turtle.data, "text/turtle")
    assert len(served) == len(set(source))
    assert {t for t in served if ground(t)} == {t for t in source if ground(t)}
    html = Html(client.get("/shapes", headers={"Accept": "text/html"}).get_data(as_text=True))
    assert {s.rsplit("#", 1)[-1] for s in shapes} <= html.ids
    rdfxml = client.get("/shapes", headers={"Accept": "application/rdf+xml"})
    assert rdfxml.headers["Vary"] == "Accept"
    assert len(parse_rdf(rdfxml.data, "application/rdf+xml")) == len(set(source))


def test_named_graph_dumps(client: FlaskClient, state_dataset: Dataset) -> None:
    name = "https://w3id.org/natokg/graph/documents/testland"
    expected = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in state_dataset.store.quads_for_pattern(None, None, None, iri(name))
    }
    assert len(expected) > 50
    for suffix, media_type in (("ttl", "text/turtle"), ("nt", "application/n-triples")):
        response = client.get(f"/graph/documents/testland.{suffix}")
        assert response.status_code == 200
        assert parse_rdf(response.data, media_type) == expected
    negotiated = client.get("/graph/documents/testland", headers={"Accept": "application/ld+json"})
    assert parse_rdf(negotiated.data, "application/ld+json") == expected
    page = Html(client.get("/graph/documents/testland").get_data(as_text=True))
    assert "/page/mem-testland-nacc" in page.hrefs()
    assert client.get("/graph/documents/nowhere").status_code == 404


def test_void_description_of_the_build(build_client: FlaskClient, build_dataset: Dataset) -> None:
    dataset = build_dataset.base_iri + "dataset"
    got = parse_rdf(build_client.get("/dataset.ttl").data, "text/turtle")
    void = "http://rdfs.org/ns/void#"
    assert ox.Triple(iri(dataset), iri(RDF + "type"), iri(void + "Dataset")) in got
    subsets = {
        t.object.value
        for t in got
        if t.subject == iri(dataset) and t.predicate.value == void + "subset"
    }
    # every named graph but the VoID graph itself
    assert subsets == set(build_dataset.graphs) - {build_dataset.base_iri + "graph/void"}
    html = Html(
        build_client.get("/dataset", headers={"Accept": "text/html"}).get_data(as_text=True)
    )
    assert "/graph/documents/kazakhstan" in html.hrefs()
