"""The depth inferences (issue 11) on tiny graphs: shortcuts carry the preferred value only, and
nkg:involvesState finds a state's part in an event through its people and groups."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tests.conftest import ontology_quads
from tests.pipeline.test_inference import INFERRED, KG, NKG, infer

YEAR = NKG + "startYear"
TWO_BEGINNINGS = """
kg:m a nkg:Membership ; org:member kg:kazakhstan ; org:organization kg:pfp ;
    org:memberDuring kg:i .
kg:i a time:Interval ; time:hasBeginning kg:b1994 , kg:b1995 .
kg:b1994 a time:Instant ; time:inXSDgYear "1994"^^xsd:gYear {marks1994} .
kg:b1995 a time:Instant ; time:inXSDgYear "1995"^^xsd:gYear {marks1995} .
"""


@pytest.fixture(scope="module")
def ontology() -> list[ox.Quad]:
    return ontology_quads()


def years(store: ox.Store, subject: str, prop: str = YEAR) -> set[int]:
    return {
        int(q.object.value)
        for q in store.quads_for_pattern(
            ox.NamedNode(KG + subject), ox.NamedNode(prop), None, ox.NamedNode(INFERRED)
        )
    }


@pytest.mark.parametrize(
    ("marks1994", "marks1995", "expected"),
    [
        ("", "", {1994, 1995}),  # no preference stated: both values, as before
        ("; nkg:preference nkg:preferredValue", "", {1994}),
        ("", "; nkg:preference nkg:otherValue", {1994}),
        ("; nkg:preference nkg:otherValue", "; nkg:preference nkg:preferredValue", {1995}),
    ],
)
def test_the_start_year_is_the_preferred_one(
    ontology: list[ox.Quad], marks1994: str, marks1995: str, expected: set[int]
) -> None:
    data = TWO_BEGINNINGS.format(marks1994=marks1994, marks1995=marks1995)
    store = infer(ontology, data)
    assert years(store, "m") == expected


def test_an_operation_ends_at_its_preferred_end(ontology: list[ox.Quad]) -> None:
    store = infer(
        ontology,
        """kg:op a nkg:Operation ; time:hasTime [ a time:Interval ;
            time:hasBeginning [ a time:Instant ; time:inXSDgYearMonth "2005-10"^^xsd:gYearMonth ] ;
            time:hasEnd [ a time:Instant ; time:inXSDgYearMonth "2006-01"^^xsd:gYearMonth ] ,
                [ a time:Instant ; time:inXSDgYearMonth "2006-02"^^xsd:gYearMonth ;
                  nkg:preference nkg:preferredValue ] ] .""",
    )
    ends = {
        q.object.value
        for q in store.quads_for_pattern(
            ox.NamedNode(KG + "op"), ox.NamedNode(NKG + "endDate"), None
        )
    }
    assert ends == {"2006-02"}
    assert years(store, "op", NKG + "startYear") == {2005}


EVENTS = """
kg:pakistan a nkg:State . kg:nato a nkg:InternationalOrganization .
kg:kayani a foaf:Person . kg:journalists a nkg:PersonGroup ; nkg:fromState kg:pakistan .
kg:visit a nkg:Visit . kg:talks a nkg:Visit . kg:press a nkg:Visit . kg:seminar a nkg:Event .
kg:p1 a nkg:Participation ; nkg:participationIn kg:visit ; nkg:participant kg:kayani ;
    nkg:onBehalfOf kg:pakistan .
kg:p2 a nkg:Participation ; nkg:participationIn kg:talks ; nkg:participant kg:pakistan .
kg:p3 a nkg:Participation ; nkg:participationIn kg:press ; nkg:participant kg:journalists .
kg:p4 a nkg:Participation ; nkg:participationIn kg:seminar ; nkg:participant kg:kayani ;
    nkg:onBehalfOf kg:nato .
"""


def test_involves_state_through_the_state_its_officials_and_its_groups(
    ontology: list[ox.Quad],
) -> None:
    store = infer(ontology, "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n" + EVENTS)
    found = {
        (q.subject.value.removeprefix(KG), q.object.value.removeprefix(KG))
        for q in store.quads_for_pattern(None, ox.NamedNode(NKG + "involvesState"), None)
    }
    assert found == {("visit", "pakistan"), ("talks", "pakistan"), ("press", "pakistan")}
    nato = ox.NamedNode(KG + "nato")
    assert not any(store.quads_for_pattern(nato, None, ox.NamedNode(NKG + "State")))
