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
    #: for a line of a members' list: the memberships drafted from the list's introduction
    listed_in: list[str] = field(default_factory=list)

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
    analyses: list[Analysis] = []
    members_list: Analysis | None = None
    last_framework: Mention | None = None
    people: dict[str, Entity] = {}
    groupings = _groupings(text, registry, people)
    held: dict[str, list[dict]] = {}  # framework → the memberships drafted so far
    last_members: list[str] = []  # the members of the last framework or grouping given members
    for unit in split(text):
        if unit.kind is Kind.HEADING:
            year = dates.year_heading(unit.text) or year
        mentions = [_as_place(m, unit.text, registry, people) for m in registry.find(unit.text)]
        mentions += _proposed(unit.text, mentions, people)
        mentions += _grouping_mentions(unit.text, mentions, groupings)
        mentions += _enumerated_states(unit.text, mentions, people)
        if unit.kind is not Kind.HEADING:
            mentions += _named_bodies(unit.text, mentions, people)
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
        analysis = Analysis(unit, mentions, found_dates, found_figures, found, new_names)
        if members_list is not None and not _lists_members(analysis, members_list, slug, people):
            members_list = None
        if unit.kind is not Kind.HEADING:
            _succession(analysis, last_framework, held)
            for mem in found.memberships:
                held.setdefault(mem["organization"], []).append(mem)
            if found.memberships:
                last_members = list(dict.fromkeys(m["member"] for m in found.memberships))
            _referred_participants(analysis, last_members)
            frameworks = [m for m in mentions if m.entity.kind in patterns.BODIES]
            if frameworks:
                last_framework = frameworks[0]
            if _introduces_members(unit.text) and last_framework is not None:
                members_list = analysis
                analysis.list_framework = last_framework  # type: ignore[attr-defined]
            _enhanced_opportunities(analysis)
        analyses.append(analysis)
    return Draft(slug, lang, text, analyses, people)


_ARTICLE_NAME = re.compile(
    r"(?:^(?=[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?\s+(?:joined|has joined|became|a adhéré|a rejoint))"  # noqa: E501
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


def _enumerated_states(
    text: str, mentions: list[Mention], proposed: dict[str, Entity]
) -> list[Mention]:
    """New states in an enumeration that names a known state ("l’Australie, le Japon, la
    République de Corée et la Nouvelle-Zélande"): its other names are proposed as states."""
    out: list[Mention] = []
    taken = [(x.start, x.end) for x in mentions]
    for items in patterns.enumerations(text):
        known = [
            x for s, e, _n in items for x in mentions if x.entity.kind == "state" and x.start == s
        ]
        if not known:
            continue
        for start, end, name in items:
            if start == 0 or name.isupper() or any(start < b and a < end for a, b in taken):
                continue  # a sentence's first word, an acronym, or a known entity
            iri = patterns.KG + slugify(name)
            entity = proposed.setdefault(iri, Entity(iri, "state", (name,)))
            if entity.kind != "state":
                continue
            out.append(Mention(start, end, name, entity))
    return out


_GROUPING = re.compile(
    r"\b(?:partenaires|partners) (?:de |d[’']|du |des |in )(?:la région |the )?"
    r"(?P<art>l[’']|la |le |les |du |the )?"
    r"(?P<name>[A-ZÀ-Ý][\w’'‑-]*(?:[ ‑-][A-ZÀ-Ý][\w’'‑-]*)*)(?: region)?"
    r"|\b(?P<en>[A-Z][\w-]*(?:[ -][A-Z][\w-]*)*) partners\b"
)


def _fold(name: str) -> str:
    return slugify(name.replace("‑", "-"))


def _groupings(text: str, registry: Registry, proposed: dict[str, Entity]) -> dict[str, Entity]:
    """Groupings of partners a page names after a region ("les partenaires de l’Indo-Pacifique",
    "ses partenaires de la région Indo Pacifique", "Indo-Pacific partners") and the registry does
    not know: one proposed grouping per region, named as the page names it most often."""
    forms: dict[str, dict[str, int]] = {}
    for m in _GROUPING.finditer(text):
        region = m.group("name") or m.group("en")
        known = registry.find(m.group(0))
        if any(x.entity.kind in patterns.BODIES for x in known) or any(
            x.entity.kind in ("state", "other", "person") for x in registry.find(region)
        ):
            continue  # a grouping the registry has, or "partenaires de l’OTAN / de l’Ukraine"
        key = _fold(region)
        forms.setdefault(key, {})
        forms[key][m.group(0)] = forms[key].get(m.group(0), 0) + 1
    out = {}
    for key, counts in forms.items():
        names = tuple(sorted(counts, key=lambda n: (-counts[n], n)))
        iri = patterns.KG + _fold(names[0])
        out[key] = proposed.setdefault(iri, Entity(iri, "grouping", names))
    return out


def _grouping_mentions(
    text: str, mentions: list[Mention], groupings: dict[str, Entity]
) -> list[Mention]:
    out = []
    for m in _GROUPING.finditer(text):
        entity = groupings.get(_fold(m.group("name") or m.group("en")))
        if entity is None or any(m.start() < x.end and x.start < m.end() for x in mentions):
            continue
        out.append(Mention(m.start(), m.end(), m.group(0), entity))
    return out


_REFERENCE = re.compile(
    r"\b(?:ils|elles|ces pays|ces partenaires|they|these countries|these partners)\b", re.I
)
_NATO_MEETING = re.compile(
    r"\b(?:sommet|réunion|summit|meeting)\b[^.;,]{0,60}?(?:de l[’']OTAN|de l[’']Alliance|of NATO)"
    r"|\bNATO (?:summit|meeting)",
    re.I,
)


def _referred_participants(a: Analysis, members: list[str]) -> None:
    """ "En juillet 2024, ils ont pris part à un troisième sommet de l’OTAN": a subject that refers
    back ("ils", "ces pays", "they") to the states last listed as members takes part through each
    of them; a summit or meeting "de l’OTAN" has NATO as its organiser."""
    for ev in a.found.events:
        before = a.unit.text[: ev.get("verb_start", 0)]
        if members and _REFERENCE.search(before) and not ev["participants"]:
            for member in members:
                ev["participants"].append(
                    {
                        "agent": member,
                        "role": patterns.NKG + ev["subject_role"],
                        "post": None,
                        "mention": None,
                    }
                )
        if _NATO_MEETING.search(a.unit.text) and not any(
            p["agent"] == patterns.KG + "nato" for p in ev["participants"]
        ):
            ev["participants"].append(
                {
                    "agent": patterns.KG + "nato",
                    "role": patterns.NKG + "organiserRole",
                    "post": None,
                    "mention": None,
                }
            )


def _succession(a: Analysis, previous: Mention | None, held: dict[str, list[dict]]) -> None:
    """ "À ce forum de dialogue a succédé en 1997 le Conseil de partenariat euro-atlantique": the
    members of the framework succeeded are members of its successor from the date written."""
    text = a.unit.text
    cue = patterns.SUCCESSION.search(text)
    if cue is None or not a.dates:
        return
    bodies = [m for m in a.mentions if m.entity.kind in patterns.BODIES]
    if len(bodies) == 1 and previous is not None:
        old, new = previous, bodies[0]  # "ce forum" / "this forum": the one named before
    elif len(bodies) >= 2:
        first, second = bodies[0], bodies[1]
        passive = patterns.PASSIVE_SUCCESSION.search(text)
        inverted = re.match(r"(?:À|A|Au|Aux)\s", text) is not None  # "À A a succédé B"
        old, new = (first, second) if passive or inverted else (second, first)
    else:
        return
    if old.entity.iri == new.entity.iri:
        return
    after = [d for d in a.dates if d.start > cue.start()]
    date = after[0] if after else a.dates[-1]  # the date of the succession, not of joining
    here = [m for m in a.found.memberships if m["organization"] == old.entity.iri]
    members = {m["member"]: m for m in held.get(old.entity.iri, []) + here}
    have = {(m["member"], m["organization"]) for m in a.found.memberships}
    for member, mem in members.items():
        if (member, new.entity.iri) in have:
            continue
        a.found.memberships.append(
            {
                "member": member,
                "organization": new.entity.iri,
                "role": mem["role"],
                "start": date,
            }
        )


_LIST_INTRO = re.compile(
    r"(?:particip|adh[ée]r|membres?|members?|joined|take part)[^.]*:\s*$", re.I
)
_ENHANCED = re.compile(
    r"coopération renforcée|opportunités renforcées|enhanced opportunities", re.I
)


def _introduces_members(text: str) -> bool:
    """A sentence announcing a list of members ("Sept pays non OTAN y participent :")."""
    return bool(_LIST_INTRO.search(text))


def _lists_members(line: Analysis, intro: Analysis, slug: str, proposed: dict[str, Entity]) -> bool:
    """If ``line`` is one state's name, a membership of the list's framework; else the list ends.
    A name the registry does not know is proposed as a new state; NATO's pages list each name in
    English then in French ("Algeria", "Algérie"): a name like the one before is its other label."""
    text = line.unit.text
    whole = [
        m for m in line.mentions if m.entity.kind == "state" and m.start == 0 and m.end == len(text)
    ]
    if not whole and _NAME_LINE.match(text):
        previous = intro.found.memberships[-1]["member"] if intro.found.memberships else None
        twin = proposed.get(previous) if previous else None
        if twin is not None and _same_name(twin.names[0], text):
            entity = Entity(twin.iri, "state", (twin.names[0], text))
            proposed[twin.iri] = entity
        else:
            iri = patterns.KG + slugify(text)
            entity = proposed.setdefault(iri, Entity(iri, "state", (text,)))
        whole = [Mention(0, len(text), text, entity)]
        line.mentions.append(whole[0])
    if not whole:
        return False
    state = whole[0].entity.iri
    framework = intro.list_framework  # type: ignore[attr-defined]
    org = framework.entity.iri.removeprefix(patterns.KG)
    role = patterns.NKG + patterns.ROLE_OF_ORG.get(org, "partnerRole")
    mems = intro.found.memberships
    index = next((i for i, m in enumerate(mems, 1) if m["member"] == state), None)
    if index is None:
        mems.append(
            {"member": state, "organization": framework.entity.iri, "role": role, "start": None}
        )
        index = len(mems)
    line.listed_in.append(f"kg:mem-{slug}-{intro.unit.number}-{index}")
    return True


def _enhanced_opportunities(a: Analysis) -> None:
    """ "Quatre pays partenaires (Australie, Géorgie, …) ont accès à cette coopération renforcée"."""  # noqa: E501
    if not _ENHANCED.search(a.unit.text) or a.found.memberships:
        return
    inside = re.search(r"\(([^)]*)\)", a.unit.text)
    if inside is None:
        return
    for m in a.mentions:
        if m.entity.kind == "state" and inside.start() < m.start < inside.end():
            a.found.memberships.append(
                {
                    "member": m.entity.iri,
                    "organization": patterns.KG + "nato",
                    "role": patterns.NKG + "enhancedOpportunitiesPartnerRole",
                    "start": None,
                }
            )


_NAME_LINE = re.compile(r"^[A-ZÀ-Ý][\w’'-]+(?: [\w’'-]+){0,2}$")


def _same_name(a: str, b: str) -> bool:
    """Whether two spellings name the same country (Algeria / Algérie, Kuwait / Koweït)."""
    from difflib import SequenceMatcher

    fold = [slugify(x) for x in (a, b)]
    return fold[0][:1] == fold[1][:1] and SequenceMatcher(None, *fold).ratio() >= 0.5


_NAMED_BODY = re.compile(
    r"(?P<name>(?:[A-ZÀ-Ý][\w’'-]+)(?: [\w’'-]+){1,6}?) \((?P<acr>[A-Z][A-Za-z]{1,6})\)"
)
_ARTICLES = re.compile(r"^(?:Le|La|Les|L[’']|The)\s*", re.I)


def _named_bodies(text: str, mentions: list[Mention], proposed: dict[str, Entity]) -> list[Mention]:
    """New frameworks and organisations a page introduces with their acronym
    ("Le Dialogue méditerranéen (DM) est un forum …"), and their later mentions."""
    out: list[Mention] = []
    taken = [(x.start, x.end) for x in mentions]
    for e in proposed.values():
        if e.kind != "framework":
            continue
        for name in e.names:
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                if not any(m.start() < b and a < m.end() for a, b in taken):
                    out.append(Mention(m.start(), m.end(), m.group(0), e))
                    taken.append((m.start(), m.end()))
    for m in _NAMED_BODY.finditer(text):
        if any(m.start() < b and a < m.end() for a, b in taken):
            continue
        name = _ARTICLES.sub("", m.group("name"))
        name = name[:1].upper() + name[1:]
        iri = patterns.KG + slugify(name)
        entity = proposed.setdefault(iri, Entity(iri, "framework", (name, m.group("acr"))))
        out.append(Mention(m.start("name"), m.end("name"), name, entity))
        taken.append((m.start(), m.end()))
    return sorted(out, key=lambda x: x.start)


_LOCATIVE = re.compile(
    r"(?:\ben|\bau|\baux|\bà|\bdans|\bin|\bto|\bau départ de l[’']|\bdepuis l[’']|\bvers l[’']|\w \()\s*$",  # noqa: E501
    re.I,
)


def _as_place(m: Mention, text: str, registry: Registry, proposed: dict[str, Entity]) -> Mention:
    """A state's name after "en", "au", "in"… names its territory (a place); a territory the
    registry does not have is proposed (``kg:place-<state>``, territory of the state)."""
    if m.entity.kind != "state" or not _LOCATIVE.search(text[: m.start]):
        return m
    if text[: m.start].endswith("(") and not text[m.end :].startswith(")"):
        return m  # "(Australie, Géorgie…)": a list, not "Oberammergau (Allemagne)"
    place = registry.place_of(m.entity)
    if place is None:
        iri = patterns.KG + "place-" + m.entity.iri.removeprefix(patterns.KG)
        place = proposed.setdefault(iri, Entity(iri, "place", m.entity.names, m.entity.iri))
    return Mention(m.start, m.end, m.surface, place)
