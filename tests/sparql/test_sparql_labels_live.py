"""The label service as a researcher meets it: SPARQLWrapper against a real `natokg serve`
(gunicorn on 127.0.0.1) over the session build, answers loaded into pandas DataFrames.

The gold names are the source pages', written by hand: the seven members of the
Mediterranean Dialogue (data/sources/partnerships.txt lists them in English and French)
and the four generals who spoke at the workshop of 9 November 2022
(data/sources/workshop-2022.txt). No query here declares a prefix or writes a label pattern.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from SPARQLWrapper import CSV, JSON, SPARQLWrapper

pytestmark = pytest.mark.live

MEDITERRANEAN_DIALOGUE = [
    "Algeria",
    "Egypt",
    "Israel",
    "Jordan",
    "Mauritania",
    "Morocco",
    "Tunisia",
]
WORKSHOP_SPEAKERS = {"Lance Landrum", "Janusz Adamczak", "Francesco Diella", "Sehii Salkutsan"}
MEMBERS = """{ ?membership org:organization kg:mediterranean-dialogue ;
                 org:member ?member ; org:role nkg:partnerRole }"""


@pytest.fixture(scope="module")
def endpoint(live_server: str) -> str:
    """The SPARQL endpoint of `natokg serve` on the session build."""
    return f"{live_server}/sparql"


def _json_frame(endpoint: str, query: str) -> tuple[pd.DataFrame, list[dict]]:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    body = client.queryAndConvert()
    assert isinstance(body, dict)
    bindings = body["results"]["bindings"]
    frame = pd.DataFrame(
        [{name: term["value"] for name, term in row.items()} for row in bindings],
        columns=body["head"]["vars"],
    )
    return frame, bindings


def _csv_frame(endpoint: str, query: str) -> pd.DataFrame:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(CSV)
    body = client.queryAndConvert()
    assert isinstance(body, bytes)
    return pd.read_csv(io.BytesIO(body))


def test_x_label_beside_x_gives_names_in_a_dataframe(endpoint: str) -> None:
    frame, bindings = _json_frame(
        endpoint, f"SELECT ?member ?memberLabel WHERE {MEMBERS} ORDER BY nkg:label(?member)"
    )
    assert list(frame.columns) == ["member", "memberLabel"]
    assert list(frame["memberLabel"]) == MEDITERRANEAN_DIALOGUE  # one row each, in English
    assert frame["member"].str.startswith("https://w3id.org/natokg/id/").all()
    assert {row["memberLabel"].get("xml:lang") for row in bindings} == {"en"}


def test_x_label_without_x_and_the_label_function_in_csv(endpoint: str) -> None:
    frame = _csv_frame(
        endpoint,
        f"SELECT ?memberLabel (nkg:label(kg:mediterranean-dialogue) AS ?framework) "
        f"WHERE {MEMBERS} ORDER BY ?memberLabel",
    )
    assert list(frame.columns) == ["memberLabel", "framework"]  # ?member is not selected
    assert list(frame["memberLabel"]) == MEDITERRANEAN_DIALOGUE
    assert set(frame["framework"]) == {"Mediterranean Dialogue"}


def test_people_keep_their_names(endpoint: str) -> None:
    """A language filter used to drop names without a tag; the service drops none."""
    frame, _ = _json_frame(
        endpoint,
        "SELECT ?speakerLabel WHERE { ?participation nkg:participant ?speaker ; "
        "nkg:participantRole nkg:speakerRole ; "
        "nkg:participationIn/nkg:subEventOf* kg:ev-2022-11-09-partners-workshop } "
        "GROUP BY ?speaker",
    )
    assert set(frame["speakerLabel"]) == WORKSHOP_SPEAKERS and len(frame) == 4
