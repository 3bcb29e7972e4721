"""The draft as a document graph in the project's model: one node per recognised fact, each
attested by the one verbatim sentence it comes from, new nodes marked ``nkg:status nkg:draft``."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from natokg.draft.drafting import Draft, slugify

KG = Namespace("https://w3id.org/natokg/id/")
NKG = Namespace("https://w3id.org/natokg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
_PROPERTY = {"year": TIME.inXSDgYear, "month": TIME.inXSDgYearMonth, "day": TIME.inXSDDate}
_DATATYPE = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
_EVENT_EN = {"Visit": "Visit", "Meeting": "Meeting", "Agreement": "Agreement", "Event": "Event"}


def graph(draft: Draft, source_iri: str | None = None, title: str | None = None) -> Graph:
    g = Graph()
    for prefix, ns in (("kg", KG), ("nkg", NKG), ("org", ORG), ("time", TIME), ("prov", PROV),
                       ("dcterms", DCTERMS), ("skos", SKOS)):  # fmt: skip
        g.bind(prefix, ns)
    lang = draft.lang
    doc = KG[f"doc-{draft.slug}"]
    g.add((doc, RDF.type, NKG.SourceDocument))
    g.add((doc, RDFS.label, Literal(f"NATO page: {title or draft.slug}", lang="en")))
    g.add((doc, RDFS.label, Literal(f"Page de l'OTAN : {title or draft.slug}", lang="fr")))
    if title:
        g.add((doc, DCTERMS.title, Literal(title, lang=lang)))
    g.add((doc, DCTERMS.language, Literal(lang, datatype=XSD.language)))
    g.add((doc, DCTERMS.publisher, KG.nato))
    g.add((doc, NKG.sourceFile, Literal(f"{draft.slug}.txt")))
    if source_iri:
        g.add((doc, DCTERMS.source, URIRef(source_iri)))
    people_done: set[str] = set()
    for a in draft.analyses:
        n = a.unit.number
        iris: list[str] = []
        if not (a.found.memberships or a.found.events or a.figures or a.mentions):
            a.iris = iris  # type: ignore[attr-defined]
            continue
        quote = KG[f"q-{draft.slug}-{n}"]
        g.add((quote, RDF.type, NKG.Attestation))
        g.add((quote, PROV.wasQuotedFrom, doc))
        g.add((quote, PROV.value, Literal(a.unit.text, lang=lang)))
        for m in a.mentions:
            g.add((URIRef(m.entity.iri), NKG.attestedBy, quote))
            if m.entity.iri in draft.people and m.entity.kind == "state":
                state = URIRef(m.entity.iri)
                if str(state) not in people_done:
                    people_done.add(str(state))
                    g.add((state, RDF.type, NKG.State))
                    entity = draft.people[m.entity.iri]  # the latest names (English, French)
                    g.add((state, RDFS.label, Literal(entity.names[0], lang="en")))
                    g.add((state, RDFS.label, Literal(entity.names[-1], lang="fr")))
                    g.add((state, NKG.status, NKG.draft))
            if m.entity.iri in draft.people and m.entity.kind == "framework":
                body = URIRef(m.entity.iri)
                if str(body) not in people_done:
                    people_done.add(str(body))
                    name, acronym = m.entity.names
                    g.add((body, RDF.type, org_class(a.unit.text)))
                    g.add((body, RDFS.label, Literal(name, lang=lang)))
                    other = "en" if lang == "fr" else "fr"
                    g.add((body, RDFS.label, Literal(f"{name} [to translate]", lang=other)))
                    g.add((body, NKG.acronym, Literal(acronym, lang=lang)))
                    g.add((body, NKG.status, NKG.draft))
            if m.entity.iri in draft.people and m.entity.kind == "grouping":
                body = URIRef(m.entity.iri)
                if str(body) not in people_done:
                    people_done.add(str(body))
                    g.add((body, RDF.type, NKG.PartnerGrouping))
                    for name in m.entity.names:
                        g.add(
                            (
                                body,
                                RDFS.label if name == m.entity.names[0] else SKOS.altLabel,
                                Literal(name, lang=lang),
                            )
                        )
                    other = "en" if lang == "fr" else "fr"
                    g.add(
                        (
                            body,
                            RDFS.label,
                            Literal(f"{m.entity.names[0]} [to translate]", lang=other),
                        )
                    )
                    g.add((body, NKG.status, NKG.draft))
            if m.entity.iri in draft.people and m.entity.kind == "place":
                place = URIRef(m.entity.iri)
                if str(place) not in people_done:
                    people_done.add(str(place))
                    g.add((place, RDF.type, NKG.Country))
                    g.add((place, RDFS.label, Literal(m.surface, lang=lang)))
                    other = "en" if lang == "fr" else "fr"
                    g.add((place, RDFS.label, Literal(f"{m.surface} [to translate]", lang=other)))
                    g.add((place, NKG.territoryOf, URIRef(m.entity.territory)))
                    g.add((place, NKG.status, NKG.draft))
        for name in a.new_people:  # people a title introduces
            person = KG[slugify(name)]
            if str(person) not in people_done:
                people_done.add(str(person))
                g.add((person, RDF.type, NKG.Person))
                g.add((person, RDFS.label, Literal(name, lang=lang)))
                g.add((person, NKG.status, NKG.draft))
            g.add((person, NKG.attestedBy, quote))
        for i, mem in enumerate(a.found.memberships, 1):
            node = KG[f"mem-{draft.slug}-{n}-{i}"]
            g.add((node, RDF.type, NKG.Membership))
            g.add((node, ORG.member, URIRef(mem["member"])))
            g.add((node, ORG.organization, URIRef(mem["organization"])))
            g.add((node, ORG.role, URIRef(mem["role"])))
            if mem["start"] is not None:
                interval = BNode()
                g.add((node, ORG.memberDuring, interval))
                g.add((interval, RDF.type, TIME.Interval))
                g.add((interval, TIME.hasBeginning, _instant(g, mem["start"])))
            g.add((node, NKG.status, NKG.draft))
            g.add((node, NKG.attestedBy, quote))
            iris.append(f"kg:mem-{draft.slug}-{n}-{i}")
        for ev in a.found.events:
            local = f"ev-{ev['date'].value}-{draft.slug}-{n}"
            node = KG[local]
            cls = str(ev["class"]).rsplit("#", 1)[1]
            g.add((node, RDF.type, URIRef(ev["class"])))
            g.add((node, RDFS.label, Literal(_french_label(a.unit.text), lang=lang)))
            other = "fr" if lang == "en" else "en"
            g.add(
                (
                    node,
                    RDFS.label,
                    Literal(f"{_EVENT_EN[cls]} ({ev['date'].value}) [to translate]", lang=other),
                )
            )
            g.add((node, TIME.hasTime, _instant(g, ev["date"])))
            place = ev["place"]
            if place is not None:
                g.add((node, NKG.place, URIRef(place.iri)))
            g.add((node, NKG.status, NKG.draft))
            g.add((node, NKG.attestedBy, quote))
            iris.append(f"kg:{local}")
            for j, p in enumerate(ev["participants"], 1):
                part = KG[f"part-{local}-{j}"]
                g.add((part, RDF.type, NKG.Participation))
                g.add((part, NKG.participationIn, node))
                g.add((part, NKG.participant, URIRef(p["agent"])))
                g.add((part, NKG.participantRole, URIRef(p["role"])))
                if p["post"]:
                    g.add((part, NKG.heldPost, URIRef(p["post"])))
                g.add((part, NKG.status, NKG.draft))
                g.add((part, NKG.attestedBy, quote))
                iris.append(f"kg:part-{local}-{j}")
        subject = next((m.entity.iri for m in a.mentions), str(doc))
        for i, f in enumerate(a.figures, 1):
            node = KG[f"fig-{draft.slug}-{n}-{i}"]
            g.add((node, RDF.type, NKG.Figure))
            g.add((node, RDFS.label, Literal(f.noun or "figure", lang=lang)))
            other = "fr" if lang == "en" else "en"
            g.add((node, RDFS.label, Literal(f"figure: {f.noun} [to translate]", lang=other)))
            if f.value is not None:
                g.add((node, NKG.numericValue, Literal(f.value)))
            g.add((node, NKG.qualifier, NKG[f.qualifier]))
            g.add((node, NKG.unit, NKG[f.unit]))
            g.add((node, NKG.figureOf, URIRef(subject)))
            g.add((node, NKG.status, NKG.draft))
            g.add((node, NKG.attestedBy, quote))
            iris.append(f"kg:fig-{draft.slug}-{n}-{i}")
        a.iris = iris  # type: ignore[attr-defined]
    return g


def _instant(g: Graph, date) -> BNode:  # noqa: ANN001 - a dates.Date
    node = BNode()
    g.add((node, RDF.type, TIME.Instant))
    g.add(
        (node, _PROPERTY[date.precision], Literal(date.value, datatype=_DATATYPE[date.precision]))
    )
    if date.qualifier == "early":
        g.add((node, NKG.qualifier, NKG.early))
    return node


def _french_label(text: str) -> str:
    label = text if len(text) <= 140 else text[:137].rsplit(" ", 1)[0] + "…"
    return label


def org_class(sentence: str) -> URIRef:
    """A partnership framework when the sentence says so, else an organisation."""
    words = ("forum", "partenariat", "partnership", "dialogue", "initiative", "framework")
    if any(w in sentence.lower() for w in words):
        return NKG.PartnershipFramework
    return ORG.Organization
