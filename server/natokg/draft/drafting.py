"""Read each unit of a page and collect what can be drafted from it (no RDF here)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from natokg.draft import dates, figures, patterns
from natokg.draft.registry import Entity, Mention, Registry
from natokg.sentences import Kind, Unit, split


@dataclass
class Analysis:
    unit: Unit
    mentions: list[Mention]
    dates: list[dates.Date]
    figures: list[figures.Figure]
    found: patterns.Found
    new_people: list[str] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        """How sure the drafter is of what it drafted from this unit (0 when nothing)."""
        score = 0.0
        if self.found.memberships:
            score = max(score, 0.8 if self.dates else 0.6)
        if self.found.events:
            score = max(score, 0.7 if self.found.events[0]["participants"] else 0.5)
        if self.figures:
            score = max(score, 0.6)
        if self.mentions and score == 0:
            score = 0.3
        return score


@dataclass
class Draft:
    slug: str
    lang: str
    text: str
    analyses: list[Analysis]
    people: dict[str, Entity]


def slugify(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "page"


def analyse(text: str, lang: str, slug: str, registry: Registry) -> Draft:
    year: str | None = None
    analyses = []
    people: dict[str, Entity] = {}
    for unit in split(text):
        if unit.kind is Kind.HEADING:
            year = dates.year_heading(unit.text) or year
        mentions = registry.find(unit.text)
        mentions += _proposed(unit.text, mentions, people)
        found_dates = dates.find(unit.text, year)
        found_figures = figures.find(unit.text, [(d.start, d.end) for d in found_dates])
        persons = [m for m in mentions if m.entity.kind == "person"]
        new_names = []
        for start, end, name in patterns.people(unit.text, mentions):
            iri = patterns.KG + slugify(name)
            entity = people.setdefault(iri, Entity(iri, "person", (name,)))
            persons.append(Mention(start, end, name, entity))
            new_names.append(name)
        found = (
            patterns.Found()
            if unit.kind is Kind.HEADING
            else patterns.recognise(unit.text, mentions, found_dates, persons)
        )
        for ev in found.events:
            if ev["place"] is not None:
                ev["place"] = registry.place_of(ev["place"].entity)
        analyses.append(Analysis(unit, mentions, found_dates, found_figures, found, new_names))
    return Draft(slug, lang, text, analyses, people)


_ARTICLE_NAME = re.compile(
    r"(?:^(?=[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?\s+(?:joined|has joined|became|a adhéré|a rejoint))"
    r"|\b(?:du|le|la|au|de|of|the)\s+|\bl[’'])(?P<name>[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?)"
)


def _proposed(text: str, mentions: list[Mention], proposed: dict[str, Entity]) -> list[Mention]:
    """New states the registry does not know: a membership sentence's capitalised name after an
    article ("l’adhésion du Kazakhstan au …"), and later mentions of names proposed before."""
    out = []
    known = [e for e in proposed.values() if e.kind == "state"]
    for e in known:
        for m in re.finditer(rf"(?<![\w-]){re.escape(e.names[0])}(?![\w-])", text):
            if not any(m.start() < x.end and x.start < m.end() for x in mentions):
                out.append(Mention(m.start(), m.end(), m.group(0), e))
    if patterns.MEMBERSHIP.search(text) and not any(
        x.entity.kind == "state" for x in mentions + out
    ):
        for m in _ARTICLE_NAME.finditer(text):
            if any(m.start("name") < x.end and x.start < m.end("name") for x in mentions + out):
                continue
            name = m.group("name")
            iri = patterns.KG + slugify(name)
            entity = proposed.setdefault(iri, Entity(iri, "state", (name,)))
            out.append(Mention(m.start("name"), m.end("name"), name, entity))
            break
    return sorted(out, key=lambda x: x.start)
