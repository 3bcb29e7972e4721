"""Names as people search for them: every person has one name in English and one in French
(language-tagged), and other spellings as language-tagged skos:altLabel (issue 11, item 6)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.settings import Settings
from natokg.store import load_dataset

PERSONS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nkg: <https://w3id.org/natokg/ontology#>
SELECT ?person ?property ?name WHERE {
  ?person a nkg:Person .
  { ?person rdfs:label ?name BIND("label" AS ?property) }
  UNION { ?person skos:altLabel ?name BIND("alt" AS ?property) }
}
"""


@pytest.fixture(scope="module")
def names(release: Path, settings: Settings) -> dict[str, list[tuple[str, ox.Literal]]]:
    dataset = load_dataset(settings)
    found: dict[str, list[tuple[str, ox.Literal]]] = {}
    for row in dataset.store.query(PERSONS):
        found.setdefault(row["person"].value, []).append((row["property"].value, row["name"]))
    return found


def test_every_person_has_one_english_and_one_french_name(names: dict) -> None:
    assert len(names) >= 15, "the documents name at least 15 people"
    for person, values in names.items():
        labels = sorted({n.language for p, n in values if p == "label"}, key=str)
        per_language = [n.language for p, n in values if p == "label"]
        assert labels == ["en", "fr"] and len(per_language) == len(set(per_language)), (
            person,
            [str(n) for p, n in values if p == "label"],
        )


def test_every_name_is_language_tagged(names: dict) -> None:
    untagged = [(person, str(n)) for person, vs in names.items() for _, n in vs if not n.language]
    assert untagged == []


def test_the_english_and_french_spellings_reach_the_same_person(names: dict) -> None:
    spellings = {str(n.value) for _, n in names["https://w3id.org/natokg/id/pervez-musharraf"]}
    assert {"Pervez Musharraf", "Pervez Moucharraf"} <= spellings
