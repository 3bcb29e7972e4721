"""The patterns the model knows, recognised in one sentence: memberships (joined / adhéré),
events (visited / met / signed / took part / hosted, with their date, place and participants,
posts included) and the people a title introduces ("le général Ahsan Saleem Hyat")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from natokg.draft.dates import Date
from natokg.draft.registry import Mention

KG = "https://w3id.org/natokg/id/"
NKG = "https://w3id.org/natokg/ontology#"

MEMBERSHIP = re.compile(
    r"adh[ée]r|adh[ée]sion|a rejoint|rejoint|membre d|inscrit .{0,40}parmi|devenu .{0,20}partenaire|"  # noqa: E501
    r"particip|takes? part|\bjoin(?:ed|s)?\b|accession|became .{0,20}(?:member|partner)|membership",
    re.I,
)
#: event kinds, first match wins (class local name, participant role of the sentence's subject)
EVENTS = (
    ("Visit", "visitorRole", re.compile(r"\bvisite|se rend|rend visite|effectue une visite|visit", re.I)),  # noqa: E501
    ("Meeting", "attendeeRole", re.compile(r"rencontr|s’entretien|s'entretien|entretiens|\bmet\b|meets|meeting|réunion", re.I)),  # noqa: E501
    ("Agreement", "attendeeRole", re.compile(r"\bsign|conviennent|convient|adopt|agree|établissent|established", re.I)),  # noqa: E501
    ("Event", "hostRole", re.compile(r"accueill|hosted|hosts|\bhost", re.I)),
    ("Event", "attendeeRole", re.compile(r"particip|pris part|prennent part|prend part|took part|take part|takes part|assist", re.I)),  # noqa: E501
)  # fmt: skip
ROLE_OF_ORG = {
    "partners-across-the-globe": "globalPartnerRole",
    "nato": "allyRole",
}
_TITLE = re.compile(
    r"(?:général|générale|président|présidente|premier ministre|ministre|ambassadeur|ambassadrice|"
    r"amiral|maréchal|secrétaire général|secrétaire générale|M\.|Mme|Dr|"
    r"General|President|Prime Minister|Minister|Ambassador|Admiral|Marshal|Secretary General|Mr|Ms|Dr)"  # noqa: E501
    r"[^,.;()]{0,60}?,?\s+$"
)
_NAME = re.compile(
    r"(?<![\w’'])(?:[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)(?:\s+(?:(?:de|ul|van|von|der|al|bin|el)\s+)?[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?){1,3}"
)
_LEADING_TITLE = re.compile(
    r"^(?:President|General|Minister|Ambassador|Admiral|Marshal|Prime Minister|Président|Général)\s+"  # noqa: E501
)
_PLACE_CUE = re.compile(
    r"(?:\bau|\baux|\ben|\bà|\bin|\bto|\bat)\s+(?:l[’']|la\s+|le\s+|the\s+)?$", re.I
)


#: kinds of entity a membership is of: frameworks and groupings of the registry, and groupings
#: a page names ("les partenaires de l’Indo-Pacifique") that the drafter proposes
BODIES = ("framework", "grouping")
_ITEM = (
    r"(?:(?:l[’']|la |le |les |the )?[A-ZÀ-Ý][\w’'‑-]*"
    r"(?:(?: (?:de|du|des|of))? [A-ZÀ-Ý][\w’'‑-]*){0,3})"
)
#: an enumeration of three or more names ("l’Australie, le Japon, la République de Corée et la
#: Nouvelle-Zélande", "Australie, Géorgie, Jordanie et Ukraine", "Australia, Japan and …")
_ENUMERATION = re.compile(rf"(?<![\w’']){_ITEM}(?:, {_ITEM})+,? (?:et|and) {_ITEM}(?![\w’'-])")
_ITEM_RE = re.compile(r"(?:l[’']|la |le |les |the )?(?P<name>[A-ZÀ-Ý][^,]*?)$")
#: an enumeration of states in apposition to a framework or grouping: "…, ses partenaires de la
#: région Indo Pacifique", "…, its partners in the Indo-Pacific", "les partenaires de X (A, B et C)"
_APPOSITION_AFTER = re.compile(r"^,?\s*(?:ses|leurs|nos|its|their|our)\s+$", re.I)
_APPOSITION_BEFORE = re.compile(
    r"^\s*(?:\(|:|–|—|,|sont|are|include|comprennent|incluent|à savoir|namely)\s*"
    r"(?:(?:l[’']|la |le |les |the )?)$",
    re.I,
)
#: a succession of frameworks: "À ce forum a succédé en 1997 le Conseil…", "remplacé par …"
SUCCESSION = re.compile(r"succ[ée]d|remplac|\breplac|\bsucceed|\bsuccessor|\bsuccesseur", re.I)
PASSIVE_SUCCESSION = re.compile(r"remplacée? par|replaced by|succeeded by|a été suivie? par", re.I)


def enumerations(text: str) -> list[list[tuple[int, int, str]]]:
    """The enumerations of names in ``text``: for each, its items (start, end, name) with the
    article left out."""
    out = []
    for m in _ENUMERATION.finditer(text):
        items = []
        for part in re.finditer(r"[^,]+", m.group(0)):
            chunk_start = m.start() + part.start()
            for piece in re.split(r" (?:et|and) ", part.group(0)):
                offset = text.index(piece, chunk_start) if piece else chunk_start
                item = _ITEM_RE.search(piece.strip())
                if item is not None:
                    lead = len(piece) - len(piece.lstrip())
                    start = offset + lead + item.start("name")
                    name = item.group("name").rstrip()
                    items.append((start, start + len(name), name))
                chunk_start = offset + len(piece)
        out.append(items)
    return out


@dataclass
class Found:
    """What one sentence yields."""

    memberships: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    people: list[tuple[int, int, str]] = field(default_factory=list)


def people(text: str, mentions: list[Mention]) -> list[tuple[int, int, str]]:
    """Names that a title or post introduces and that the registry does not know."""
    out = []
    for m in _NAME.finditer(text):
        start, name = m.start(), m.group(0)
        title = _LEADING_TITLE.match(name)
        if title:
            start, name = start + title.end(), name[title.end() :]
            if " " not in name:
                continue  # one word after a title: not a full name
        if any(start < x.end and x.start < m.end() for x in mentions):
            continue
        before = text[max(0, start - 80) : start]
        post_before = any(0 <= start - x.end <= 4 and x.entity.kind == "post" for x in mentions)
        if _TITLE.search(before) or post_before:
            out.append((start, m.end(), name))
    return out


def recognise(
    text: str, mentions: list[Mention], found_dates: list[Date], persons: list[Mention]
) -> Found:
    """Memberships and events in ``text``; ``persons`` are the people mentioned (known or new)."""
    out = Found()
    agents = [m for m in mentions if m.entity.kind in ("state", "other", "framework", "person")]
    first_date = found_dates[0] if found_dates else None
    _apposed_members(text, mentions, out)
    if MEMBERSHIP.search(text) and not out.memberships:
        states = [
            m
            for m in mentions
            if m.entity.kind == "state" or (m.entity.kind == "place" and m.entity.territory)
        ]
        orgs = [m for m in mentions if m.entity.kind in BODIES]
        if states and orgs:
            org = orgs[0].entity.iri.removeprefix(KG)
            for state in _distinct(states):
                out.memberships.append(
                    {
                        "member": state.entity.territory or state.entity.iri,
                        "organization": orgs[0].entity.iri,
                        "role": NKG + ROLE_OF_ORG.get(org, "partnerRole"),
                        "start": first_date,
                    }
                )
    if first_date is not None:
        for cls, role, pattern in EVENTS:
            verb = pattern.search(text)
            if verb is None:
                continue
            everyone = sorted(
                persons + [a for a in agents if a.entity.kind != "person"], key=lambda m: m.start
            )
            participants = []
            for p in _distinct(everyone):
                if (
                    p.entity.kind == "other"
                    and p.entity.iri == KG + "nato"
                    and any(
                        x.entity.kind == "post" and 0 <= p.start - x.start <= 40 for x in mentions
                    )
                ):
                    continue  # "secrétaire général de l’OTAN": the post, not NATO as a participant
                post = next(
                    (
                        x.entity.iri
                        for x in mentions
                        if x.entity.kind == "post" and 0 <= p.start - x.end <= 6
                    ),
                    None,
                )
                if p.entity.kind == "state":
                    post = (
                        None  # "le secrétaire général de l’OTAN au Pakistan": not the state's post
                    )
                if p.entity.kind in ("person", "state") or post:
                    r = _role(cls, role, p.start < verb.start())
                    participants.append(
                        {"agent": p.entity.iri, "role": NKG + r, "post": post, "mention": p}
                    )
            for x in mentions:  # an office-holder the page does not name: the organisation
                if x.entity.kind != "post" or any(0 <= p.start - x.end <= 6 for p in persons):
                    continue
                if not x.entity.iri.startswith(KG + "post-nato-"):
                    continue
                if any(q["post"] == x.entity.iri for q in participants):
                    continue
                r = _role(cls, role, x.start < verb.start())
                participants.append(
                    {"agent": KG + "nato", "role": NKG + r, "post": x.entity.iri, "mention": x}
                )
            if cls == "Visit":
                _visit_roles(text, verb, participants)
            place = None
            for m in mentions:
                if m.entity.kind in ("place", "state") and _PLACE_CUE.search(text[: m.start]):
                    place = m
                    break
            out.events.append(
                {
                    "class": NKG + cls,
                    "date": first_date,
                    "participants": participants,
                    "place": place,
                    "verb": verb.group(0),
                    "verb_start": verb.start(),
                    "subject_role": role,
                }
            )
            break
        else:
            if text.startswith("(") and first_date.start == 0:
                out.events.append(
                    {
                        "class": NKG + "Event",
                        "date": first_date,
                        "participants": [],
                        "place": None,
                        "verb": "",
                    }
                )
    return out


_NOMINAL_VISIT = re.compile(r"(?<!rend )(?<!rendent )\b[Vv]isite\b")
_AT_NATO = re.compile(r"siège de l[’']OTAN|siège de l[’']Alliance|NATO Headquarters", re.I)


def _visit_roles(text: str, verb: re.Match, participants: list[dict]) -> None:
    """ "Visite au Pakistan du secrétaire général…": the people after a nominal "visite" are the
    visitors; a visit to NATO Headquarters has NATO as its host."""
    if _NOMINAL_VISIT.match(text, verb.start()) or _NOMINAL_VISIT.search(verb.group(0)):
        for q in participants:
            if q["mention"] is not None and q["mention"].start > verb.start():
                kind = q["mention"].entity.kind
                if kind == "person" or q["post"]:
                    q["role"] = NKG + "visitorRole"
    if _AT_NATO.search(text) and not any(
        q["agent"] == KG + "nato" and q["post"] is None for q in participants
    ):
        participants.append(
            {"agent": KG + "nato", "role": NKG + "hostRole", "post": None, "mention": None}
        )


def _apposed_members(text: str, mentions: list[Mention], out: Found) -> None:
    """States enumerated in apposition to a framework or grouping are its members (no start: the
    sentence says they are, not since when)."""
    bodies = [m for m in mentions if m.entity.kind in BODIES]
    if not bodies:
        return
    for items in enumerations(text):
        states = [
            x
            for start, end, _name in items
            for x in mentions
            if x.entity.kind == "state" and x.start == start and x.end == end
        ]
        if len(states) < 2 or len(states) < len(items) - 1:
            continue
        first, last = items[0][0], items[-1][1]
        body = next(
            (
                b
                for b in bodies
                if (b.start >= last and _APPOSITION_AFTER.match(text[last : b.start]))
                or (b.end <= first and _APPOSITION_BEFORE.match(text[b.end : first]))
            ),
            None,
        )
        if body is None:
            continue
        org = body.entity.iri.removeprefix(KG)
        for state in _distinct(states):
            out.memberships.append(
                {
                    "member": state.entity.iri,
                    "organization": body.entity.iri,
                    "role": NKG + ROLE_OF_ORG.get(org, "partnerRole"),
                    "start": None,
                }
            )


def _role(cls: str, role: str, before_verb: bool) -> str:
    """The role of a participant named before the verb (the subject) or after it."""
    if before_verb:
        return role
    if cls == "Visit":
        return "hostRole"  # "X visited Y": Y receives the visit
    if role == "hostRole":
        return "attendeeRole"  # "X hosted a seminar with Y"
    return role


def _distinct(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.entity.iri not in seen:
            seen.add(m.entity.iri)
            out.append(m)
    return out
