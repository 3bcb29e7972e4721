"""natokg.draft.patterns and the page-level membership rules of natokg.draft.drafting, on
sentences written for the tests in NATO's French and English phrasing (gold written by hand)."""

from __future__ import annotations

import pytest

from natokg.draft.drafting import analyse
from natokg.draft.patterns import enumerations
from natokg.draft.registry import Entity, Registry

KG = "https://w3id.org/natokg/id/"
REGISTRY = Registry.of(
    [
        Entity(KG + "australia", "state", ("Australia", "Australie")),
        Entity(KG + "ukraine", "state", ("Ukraine",)),
        Entity(KG + "kazakhstan", "state", ("Kazakhstan",)),
        Entity(KG + "nacc", "framework", ("North Atlantic Cooperation Council", "COCONA")),
        Entity(KG + "eapc", "framework", ("Euro-Atlantic Partnership Council", "CPEA")),
    ]
)


def memberships(text: str, lang: str = "fr") -> set[tuple[str, str, str | None]]:
    draft = analyse(text, lang, "t", REGISTRY)
    return {
        (
            m["member"].removeprefix(KG),
            m["organization"].removeprefix(KG),
            m["start"].value if m["start"] else None,
        )
        for a in draft.analyses
        for m in a.found.memberships
    }


def test_enumerations_keep_the_names_without_articles() -> None:
    text = "avec l’Australie, le Japon, la République de Corée et la Nouvelle-Zélande, ses …"
    (items,) = enumerations(text)
    assert [name for _s, _e, name in items] == [
        "Australie",
        "Japon",
        "République de Corée",
        "Nouvelle-Zélande",
    ]
    assert all(text[s:e] == name for s, e, name in items)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "L’OTAN coopère avec l’Australie, le Japon, la Mongolie et la Nouvelle-Zélande, ses "
            "partenaires de la région Asie-Pacifique. Les partenaires de l’Asie-Pacifique "
            "participent aux réunions.",
            "fr",
        ),
        (
            "NATO works with Australia, Japan, Mongolia and New Zealand, its partners in the "
            "Asia-Pacific region. The Asia-Pacific partners attend meetings.",
            "en",
        ),
    ],
)
def test_states_in_apposition_to_a_grouping_are_its_members(text: str, lang: str) -> None:
    found = memberships(text, lang)
    groupings = {o for _m, o, _s in found}
    assert len(groupings) == 1  # one grouping proposed for the region, however it is written
    (grouping,) = groupings
    names = (("Japon", "Mongolie", "Nouvelle-Zélande") if lang == "fr" else
             ("Japan", "Mongolia", "New Zealand"))  # fmt: skip
    assert found == {("australia", grouping, None)} | {
        (n.lower().replace(" ", "-").replace("é", "e"), grouping, None) for n in names
    }


def test_an_enumeration_without_a_framework_is_no_membership() -> None:
    text = "L’OTAN a tenu des consultations avec l’Australie, le Japon et la Nouvelle-Zélande."
    assert memberships(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Le Kazakhstan a adhéré au Conseil de coopération nord-atlantique en 1992. "
        "À ce forum a succédé en 1997 le CPEA.",
        "Le Kazakhstan a adhéré au COCONA en 1992. En 1997, le COCONA a été remplacé par le "
        "Conseil de partenariat euro-atlantique.",
        "Le Kazakhstan a adhéré au COCONA en 1992. En 1997, le CPEA a succédé au COCONA.",
    ],
)
def test_a_succession_carries_the_members_over_from_its_date(text: str) -> None:
    reg = Registry.of(
        [
            *REGISTRY.entities.values(),
            Entity(KG + "nacc", "framework", ("Conseil de coopération nord-atlantique", "COCONA")),
            Entity(KG + "eapc", "framework", ("Conseil de partenariat euro-atlantique", "CPEA")),
        ]
    )
    draft = analyse(text, "fr", "t", reg)
    found = {
        (m["member"].removeprefix(KG), m["organization"].removeprefix(KG), m["start"].value)
        for a in draft.analyses
        for m in a.found.memberships
    }
    assert found == {("kazakhstan", "nacc", "1992"), ("kazakhstan", "eapc", "1997")}


def test_a_succession_without_known_members_drafts_nothing() -> None:
    text = "Le COCONA a été créé en 1991 (remplacé par le CPEA en 1997)."
    assert memberships(text) == set()


def test_a_subject_referring_back_takes_part_through_the_members_listed() -> None:
    text = (
        "L’OTAN coopère avec l’Australie, le Japon et la Nouvelle-Zélande, ses partenaires de la "
        "région Asie-Pacifique. En octobre 2024, ils ont pris part à une réunion des ministres de "
        "la Défense des pays de l’OTAN."
    )
    draft = analyse(text, "fr", "t", REGISTRY)
    parts = {
        (p["agent"].removeprefix(KG), p["role"].rsplit("#", 1)[1], e["date"].value)
        for a in draft.analyses
        for e in a.found.events
        for p in e["participants"]
    }
    assert parts == {
        ("australia", "attendeeRole", "2024-10"),
        ("japon", "attendeeRole", "2024-10"),
        ("nouvelle-zelande", "attendeeRole", "2024-10"),
        ("nato", "organiserRole", "2024-10"),
    }
