"""Every IRI of the fixture dereferences: 303 by Accept, data by Accept and suffix, else 404."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from natokg.namespaces import NKG, ORG, PROV, RDF, RDFS, TIME
from natokg.store import Dataset
from tests.conftest import new_app
from tests.ld.conftest import STATE_CASE, load_fixture
from tests.ld.helpers import (
    GENID,
    KG,
    SUFFIX_TYPES,
    Html,
    expected_triples,
    id_path,
    iri,
    page_and_data,
    parse_rdf,
)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"

#: Written by hand from the fixture: every class it types a local resource with.
FIXTURE_CLASSES = {
    "State",
    "InternationalOrganization",
    "PartnershipFramework",
    "PartnerGrouping",
    "PartnershipTool",
    "Country",
    "City",
    "Person",
    "SourceDocument",
    "Attestation",
    "Membership",
    "Succession",
    "Visit",
    "Participation",
    "Figure",
    TIME + "Interval",
    TIME + "Instant",
}


def local_samples(dataset: Dataset) -> dict[str, list[str]]:
    """Up to two local resources of every class the fixture data uses (not the ontology)."""
    ontology = ox.NamedNode(dataset.base_iri + "graph/ontology")
    found: dict[str, set[str]] = {}
    for quad in dataset.store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), None, None):
        # the default graph is the merge of all graphs, the ontology's included
        default = isinstance(quad.graph_name, ox.DefaultGraph)
        if default or quad.graph_name == ontology or not isinstance(quad.subject, ox.NamedNode):
            continue
        if quad.subject.value.startswith(dataset.base_iri):
            cls = quad.object.value.removeprefix(NKG)
            found.setdefault(cls, set()).add(quad.subject.value)
    return {cls: sorted(iris)[:2] for cls, iris in found.items()}


@pytest.fixture(scope="module")
def samples(state_dataset: Dataset) -> list[str]:
    by_class = local_samples(state_dataset)
    assert set(by_class) == FIXTURE_CLASSES
    return sorted({r for iris in by_class.values() for r in iris})


ACCEPTS = [
    ("text/html", "page", None),
    (BROWSER, "page", None),
    (None, "page", None),
    ("*/*", "page", None),
    ("text/turtle", "data", "ttl"),
    ("application/ld+json", "data", "jsonld"),
    ("application/rdf+xml", "data", "rdf"),
    ("application/n-triples", "data", "nt"),
    ("application/rdf+xml;q=0.5, text/turtle;q=0.9", "data", "ttl"),
]


@pytest.mark.parametrize(("accept", "kind", "suffix"), ACCEPTS)
def test_id_redirects_by_accept(
    client: FlaskClient, samples: list[str], accept: str | None, kind: str, suffix: str | None
) -> None:
    headers = {"Accept": accept} if accept else {}
    for resource in samples:
        response = client.get(id_path(resource), headers=headers)
        assert response.status_code == 303, resource
        assert "Accept" in response.headers["Vary"]
        page, data = page_and_data(resource)
        assert response.headers["Location"] == (page if kind == "page" else f"{data}.{suffix}")


@pytest.mark.parametrize("suffix", sorted(SUFFIX_TYPES))
def test_data_by_suffix_holds_the_resources_triples(
    client: FlaskClient, state_dataset: Dataset, samples: list[str], suffix: str
) -> None:
    for resource in samples:
        response = client.get(f"{page_and_data(resource)[1]}.{suffix}")
        assert response.status_code == 200, resource
        assert response.mimetype == SUFFIX_TYPES[suffix]
        got = parse_rdf(response.data, response.mimetype)
        missing = expected_triples(state_dataset, resource) - got
        assert not missing, (resource, sorted(map(str, missing))[:5])
        links = response.headers["Link"]
        assert 'rel="alternate"; type="text/html"' in links
        assert all(f'type="{t}"' in links for t in SUFFIX_TYPES.values() if t != response.mimetype)


@pytest.mark.parametrize("media_type", sorted(SUFFIX_TYPES.values()))
def test_data_by_accept(client: FlaskClient, samples: list[str], media_type: str) -> None:
    for resource in samples:
        response = client.get(page_and_data(resource)[1], headers={"Accept": media_type})
        assert response.status_code == 200
        assert response.mimetype == media_type
        assert response.headers["Vary"] == "Accept"
        assert response.headers["Content-Location"].startswith(page_and_data(resource)[1] + ".")
        assert ox.NamedNode(resource) in {
            t.subject for t in parse_rdf(response.data, media_type)
        } | {t.object for t in parse_rdf(response.data, media_type)}


def test_pages_are_html_with_alternates(client: FlaskClient, samples: list[str]) -> None:
    for resource in samples:
        page, data = page_and_data(resource)
        response = client.get(page)
        assert response.status_code == 200 and response.mimetype == "text/html"
        html = Html(response.get_data(as_text=True))
        assert html.alternates() == {t: f"{data}.{s}" for s, t in SUFFIX_TYPES.items()}
        assert response.headers["Link"].count('rel="alternate"') == 4
        assert resource in html.text


def test_testland_description_holds_hand_written_triples(client: FlaskClient) -> None:
    got = parse_rdf(client.get("/data/testland.ttl").data, "text/turtle")
    tl = iri(KG + "testland")
    expected = {
        ox.Triple(tl, iri(RDF + "type"), iri(NKG + "State")),
        ox.Triple(tl, iri(RDFS + "label"), ox.Literal("Testland", language="en")),
        ox.Triple(tl, iri(RDFS + "label"), ox.Literal("Testlandie", language="fr")),
        ox.Triple(tl, iri(NKG + "iso3166Alpha3"), ox.Literal("TLD")),
        ox.Triple(iri(KG + "mem-testland-pfp"), iri(ORG + "member"), tl),
        ox.Triple(iri(KG + "part-visit-testland"), iri(NKG + "participant"), tl),
        ox.Triple(iri(KG + "place-testland"), iri(NKG + "territoryOf"), tl),
        ox.Triple(iri(KG + "q-tl-overview"), iri(PROV + "wasQuotedFrom"), iri(KG + "doc-testland")),
        ox.Triple(
            iri(KG + "q-tl-overview"),
            iri(PROV + "value"),
            ox.Literal("Les relations avec la Testlandie ont débuté en 1992.", language="fr"),
        ),
    }
    assert expected <= got, sorted(map(str, expected - got))


def beginnings(got: set[ox.Triple], membership: str) -> dict[str, ox.NamedNode]:
    """The years the description gives as beginnings of the membership, with their instants."""
    mem = iri(KG + membership)
    found = {}
    for interval in (
        t.object for t in got if t.subject == mem and t.predicate == iri(ORG + "memberDuring")
    ):
        for instant in (
            t.object
            for t in got
            if t.subject == interval and t.predicate == iri(TIME + "hasBeginning")
        ):
            for t in got:
                if t.subject == instant and t.predicate == iri(TIME + "inXSDgYear"):
                    found[t.object.value] = instant
    return found


def test_membership_description_follows_skolemised_dates_and_quotes(client: FlaskClient) -> None:
    got = parse_rdf(client.get("/data/mem-testland-nacc.nt").data, "application/n-triples")
    starts = beginnings(got, "mem-testland-nacc")
    assert list(starts) == ["1992"] and starts["1992"].value.startswith(GENID)
    quote = "À ce forum a succédé en 1997 le Conseil de partenariat euro-atlantique."
    assert (
        ox.Triple(iri(KG + "q-tl-eapc-1997"), iri(PROV + "value"), ox.Literal(quote, language="fr"))
        in got
    )


def test_conflicting_beginnings_are_both_described_with_their_attestations(
    client: FlaskClient,
) -> None:
    got = parse_rdf(client.get("/data/mem-testland-pfp.ttl").data, "text/turtle")
    starts = beginnings(got, "mem-testland-pfp")
    assert set(starts) == {"1994", "1995"}
    attested = iri(NKG + "attestedBy")
    assert ox.Triple(starts["1995"], attested, iri(KG + "q-tl-pfp-1995")) in got
    assert ox.Triple(starts["1994"], attested, iri(KG + "ref-pfp-testland")) in got
    quote = "La coopération pratique a démarré en 1995, avec l’adhésion au PPP."
    assert (
        ox.Triple(iri(KG + "q-tl-pfp-1995"), iri(PROV + "value"), ox.Literal(quote, language="fr"))
        in got
    )


@pytest.mark.parametrize(
    "path",
    [
        "/id/no-such-thing",
        "/page/no-such-thing",
        "/data/no-such-thing",
        "/data/no-such-thing.ttl",
        "/.well-known/genid/0000",
        "/page/genid/0000",
        "/data/genid/0000.nt",
    ],
)
def test_unknown_iris_get_404(client: FlaskClient, path: str) -> None:
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "says nothing about" in Html(page.get_data(as_text=True)).text
    text = client.get(path, headers={"Accept": "text/turtle"})
    assert text.status_code == 404 and text.mimetype == "text/plain"
    for body in (page.get_data(as_text=True), text.get_data(as_text=True)):
        assert "Traceback" not in body and "/work/" not in body


def test_unacceptable_data_format_is_406(client: FlaskClient) -> None:
    response = client.get("/data/testland", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True)


def test_changed_base_maps_onto_this_server(tmp_path: Path) -> None:
    base = "http://example.org/kg/"
    app = new_app(load_fixture(STATE_CASE, base), releases_dir=tmp_path, base_iri=base)
    client = app.test_client()
    redirect = client.get(
        "/id/testland", headers={"Accept": "text/turtle"}, base_url="http://mirror.test:8080"
    )
    assert redirect.status_code == 303 and redirect.headers["Location"] == "/data/testland.ttl"
    got = parse_rdf(client.get("/data/testland.ttl").data, "text/turtle")
    subjects = {t.subject.value for t in got if isinstance(t.subject, ox.NamedNode)}
    assert base + "id/testland" in subjects
    assert not any(s.startswith("https://w3id.org/natokg/id/") for s in subjects)
    html = Html(client.get("/page/testland").get_data(as_text=True))
    assert "/page/mem-testland-pfp" in html.hrefs()
    assert "/ontology#State" in html.hrefs()  # ontology terms keep their fixed namespace
    assert (
        client.get("/id/testland", base_url="http://mirror.test:8080").headers["Location"]
        == "/page/testland"
    )
