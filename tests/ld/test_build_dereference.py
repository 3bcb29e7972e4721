"""Against the session build: a sample IRI of every class the data uses dereferences, with each
Accept variant and each suffix, and what comes back parses and holds the resource's triples."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from natokg.ld.iris import IriMapper, Kind
from natokg.namespaces import RDF
from natokg.store import Dataset
from tests.ld.helpers import SUFFIX_TYPES, Html, expected_triples, id_path, page_and_data, parse_rdf


@pytest.fixture(scope="module")
def samples(build_dataset: Dataset) -> dict[str, str]:
    """One local resource (the first by IRI) of every class of the data graphs."""
    mapper = IriMapper(build_dataset.base_iri)
    skip = {ox.NamedNode(mapper.graph_iri(n)) for n in ("ontology", "void", "inferred")}
    found: dict[str, str] = {}
    for quad in build_dataset.store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), None):
        subject = quad.subject
        # (the default graph is the merge of all graphs: only the named data graphs count)
        named = isinstance(quad.graph_name, ox.NamedNode)
        if not named or quad.graph_name in skip or not isinstance(subject, ox.NamedNode):
            continue
        local = mapper.classify(subject.value)
        if local is not None and local.kind in (Kind.INSTANCE, Kind.GENID):
            cls = quad.object.value
            found[cls] = min(found.get(cls, subject.value), subject.value)
    assert len(found) >= 25, f"only {len(found)} classes sampled"
    return found


def test_the_sample_covers_the_data(samples: dict[str, str]) -> None:
    names = {c.rsplit("#", 1)[-1] for c in samples}
    assert len(samples) >= 25
    assert {
        "State",
        "Membership",
        "Attestation",
        "Participation",
        "SourceDocument",
        "PartnershipFramework",
        "Interval",
        "Instant",
        "Visit",
    } <= names


@pytest.mark.parametrize("accept", [None, "text/html", *SUFFIX_TYPES.values()])
def test_every_class_dereferences(
    build_client: FlaskClient, build_dataset: Dataset, samples: dict[str, str], accept: str | None
) -> None:
    for cls, resource in sorted(samples.items()):
        headers = {"Accept": accept} if accept else {}
        redirect = build_client.get(id_path(resource), headers=headers)
        assert redirect.status_code == 303, (cls, resource)
        assert redirect.headers["Vary"] == "Accept"
        response = build_client.get(redirect.headers["Location"], headers=headers)
        assert response.status_code == 200, (cls, resource)
        if accept in (None, "text/html"):
            assert redirect.headers["Location"] == page_and_data(resource)[0]
            html = Html(response.get_data(as_text=True))
            assert resource in html.text and html.tags.get("h1") == 1
            continue
        assert response.mimetype == accept
        missing = expected_triples(build_dataset, resource) - parse_rdf(response.data, accept)
        assert not missing, (cls, resource, sorted(map(str, missing))[:3])


@pytest.mark.parametrize("suffix", sorted(SUFFIX_TYPES))
def test_every_class_by_suffix(
    build_client: FlaskClient, build_dataset: Dataset, samples: dict[str, str], suffix: str
) -> None:
    for cls, resource in sorted(samples.items()):
        response = build_client.get(f"{page_and_data(resource)[1]}.{suffix}")
        assert response.status_code == 200 and response.mimetype == SUFFIX_TYPES[suffix]
        missing = expected_triples(build_dataset, resource) - parse_rdf(
            response.data, response.mimetype
        )
        assert not missing, (cls, resource, sorted(map(str, missing))[:3])
