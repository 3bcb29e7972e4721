"""One synthetic source document: the facts it states about a few invented states.

Each document follows the patterns of ``data/documents/*.ttl``: dated memberships (W3C ORG,
OWL-Time intervals at mixed precision, as blank nodes the build skolemises), a bilateral
partnership, participations in the real programmes, events with places, topics, organisers
and participants, figures, people with posts, and one quoted attestation per fact. Every quote
is also written to the document's text, so that the build's quote check finds it.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from bench.synth.names import person_name, place_name, state_name
from bench.synth.turtle import Block, lit, term, typed

KG = "https://w3id.org/natokg/id/"
NKG = "https://w3id.org/natokg/ontology#"

EVENT_CLASSES = [
    ("Meeting", "Meeting", "réunion"),
    ("Summit", "Summit", "sommet"),
    ("MinisterialMeeting", "Ministerial meeting", "réunion ministérielle"),
    ("Workshop", "Workshop", "atelier"),
    ("Seminar", "Seminar", "séminaire"),
    ("Visit", "Visit", "visite"),
    ("Exercise", "Exercise", "exercice"),
    ("TrainingCourse", "Training course", "stage de formation"),
    ("Decision", "Decision", "décision"),
    ("Agreement", "Agreement", "accord"),
    ("Launch", "Launch", "lancement"),
    ("Opening", "Opening", "inauguration"),
    ("Announcement", "Announcement", "annonce"),
]


@dataclass(frozen=True)
class Pools:
    """Real registry entities and ontology individuals the documents refer to."""

    frameworks: list[str]
    instruments: list[str]
    organisers: list[str]
    areas: list[str]
    regions: list[str]
    real_states: list[str]
    real_cities: list[str]
    qualifiers: list[str]
    units: list[str]
    statuses: list[str]
    nato: str


@dataclass
class Document:
    number: int
    blocks: list[Block] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    attestations: list[Block] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"synth-{self.number:03d}"

    @property
    def iri(self) -> str:
        return f"kg:doc-{self.slug}"

    @property
    def source_file(self) -> str:
        digest = hashlib.sha256(self.slug.encode()).hexdigest()[:16]
        return f"synth-{self.number:03d}-{digest}.txt"

    def attest(self, *names: str) -> str:
        """A new attestation quoting a sentence that names every name given."""
        serial = len(self.quotes) + 1
        quote = f"Fiche {self.number}-{serial} : " + " ; ".join(names) + "."
        self.quotes.append(quote)
        iri = f"kg:q-{self.slug}-{serial}"
        block = Block(iri).add("a", "nkg:Attestation")
        block.add("prov:wasQuotedFrom", self.iri).add("prov:value", lit(quote, "fr"))
        self.attestations.append(block)
        return iri

    def description(self) -> Block:
        return (
            Block(self.iri)
            .add("a", "nkg:SourceDocument")
            .add("rdfs:label", lit(f"Synthetic page {self.number}", "en"))
            .add("rdfs:label", lit(f"Page synthétique {self.number}", "fr"))
            .add("dcterms:title", lit(f"Page synthétique {self.number}", "fr"))
            .add("dcterms:language", typed("fr", "xsd:language"))
            .add("dcterms:publisher", "kg:nato")
            .add("nkg:sourceFile", lit(self.source_file))
        )

    def text(self) -> str:
        return "\n".join(self.quotes) + "\n"

    def turtle(self) -> str:
        return "".join(b.text() for b in self.blocks + self.attestations)


def instant(rng: random.Random, year: int) -> tuple[str, str]:
    """An OWL-Time instant at year, month or day precision: (turtle, lexical form)."""
    roll = rng.random()
    if roll < 0.5:
        value, prop, dt = f"{year}", "time:inXSDgYear", "xsd:gYear"
    elif roll < 0.8:
        value, prop, dt = (
            f"{year}-{rng.randint(1, 12):02d}",
            "time:inXSDgYearMonth",
            "xsd:gYearMonth",
        )
    else:
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        value, prop, dt = day, "time:inXSDDate", "xsd:date"
    return f"[ a time:Instant ; {prop} {typed(value, dt)} ]", value


def interval(begin: str, end: str | None = None) -> str:
    parts = ["a time:Interval", f"time:hasBeginning {begin}"]
    if end:
        parts.append(f"time:hasEnd {end}")
    return "[ " + " ; ".join(parts) + " ]"


class StateWriter:
    """Writes everything one document says about one invented state."""

    def __init__(
        self, doc: Document, rng: random.Random, pools: Pools, serial: int, events: int
    ) -> None:
        self.doc, self.rng, self.pools, self.serial, self.events = doc, rng, pools, serial, events
        self.slug, self.name_en, self.name_fr = state_name(rng, serial)
        self.state = f"kg:{self.slug}"
        self.territory = f"kg:place-{self.slug}"
        self.cities: list[tuple[str, str]] = []

    def write(self) -> None:
        self._state()
        self._places()
        self._memberships()
        self._partnership()
        self._programmes()
        person = self._person()
        for k in range(self.events):
            self._event(k, person if k == 0 else None)

    def _add(self, block: Block) -> Block:
        self.doc.blocks.append(block)
        return block

    def _state(self) -> None:
        rng = self.rng
        self._add(
            Block(self.state)
            .add("a", "nkg:State")
            .add("rdfs:label", lit(self.name_en, "en"), lit(self.name_fr, "fr"))
            .add("nkg:iso3166Alpha2", lit("".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=2))))
            .add("nkg:iso3166Alpha3", lit("".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=3))))
            .add("skos:exactMatch", f"<http://www.wikidata.org/entity/Q{900000 + self.serial}>")
            .add("nkg:attestedBy", self.doc.attest(self.name_fr))
        )

    def _places(self) -> None:
        rng, doc = self.rng, self.doc
        self._add(
            Block(self.territory)
            .add("a", "nkg:Country")
            .add("rdfs:label", lit(self.name_en, "en"), lit(self.name_fr, "fr"))
            .add("nkg:territoryOf", self.state)
            .add("nkg:locatedIn", term(rng.choice(self.pools.regions)))
            .add("nkg:attestedBy", doc.attest(self.name_fr))
        )
        for k in range(3):
            slug, name = place_name(rng, self.serial * 10 + k)
            self.cities.append((f"kg:{slug}", name))
            self._add(
                Block(f"kg:{slug}")
                .add("a", "nkg:City")
                .add("rdfs:label", lit(name, "en"), lit(name, "fr"))
                .add("nkg:locatedIn", self.territory)
                .add("nkg:attestedBy", doc.attest(name))
            )
        city, city_name = self.cities[0]
        site_fr = f"centre d’entraînement de {city_name}"
        self._add(
            Block(f"kg:site-{self.slug}")
            .add("a", "nkg:Site")
            .add("rdfs:label", lit(f"{city_name} Training Centre", "en"), lit(site_fr, "fr"))
            .add("nkg:locatedIn", city)
            .add("nkg:attestedBy", doc.attest(site_fr))
        )

    def _memberships(self) -> None:
        rng, pools = self.rng, self.pools
        chosen = rng.sample(pools.frameworks, k=min(len(pools.frameworks), rng.randint(2, 3)))
        ally = rng.random() < 0.15
        for framework in chosen:
            start = rng.randint(1991, 2015)
            begin, _ = instant(rng, start)
            end = None
            if ally or rng.random() < 0.25:
                end, _ = instant(rng, rng.randint(start + 1, 2024))
            local = framework.rsplit("/", 1)[-1]
            self._membership(
                f"kg:mem-{self.slug}-{local}", framework, "nkg:partnerRole", interval(begin, end)
            )
        if ally:
            day = f"{rng.randint(2025, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            begin = f"[ a time:Instant ; time:inXSDDate {typed(day, 'xsd:date')} ]"
            self._membership(
                f"kg:mem-{self.slug}-nato", self.pools.nato, "nkg:allyRole", interval(begin)
            )

    def _membership(self, iri: str, organisation: str, role: str, during: str) -> None:
        self._add(
            Block(iri)
            .add("a", "nkg:Membership")
            .add("org:member", self.state)
            .add("org:organization", term(organisation))
            .add("org:role", role)
            .add("org:memberDuring", during)
            .add("nkg:attestedBy", self.doc.attest(self.name_fr, "adhésion"))
        )

    def _partnership(self) -> None:
        rng = self.rng
        begin, _ = instant(rng, rng.randint(1992, 2020))
        areas = rng.sample(self.pools.areas, k=min(3, len(self.pools.areas)))
        fr = f"partenariat entre l’OTAN et {self.name_fr}"
        self._add(
            Block(f"kg:partnership-nato-{self.slug}")
            .add("a", "nkg:BilateralPartnership")
            .add("rdfs:label", lit(f"NATO-{self.name_en} partnership", "en"), lit(fr, "fr"))
            .add("nkg:party", "kg:nato", self.state)
            .add("time:hasTime", interval(begin))
            .add("nkg:cooperationArea", *(term(a) for a in areas))
            .add("nkg:attestedBy", self.doc.attest(fr))
        )

    def _programmes(self) -> None:
        rng = self.rng
        for instrument in rng.sample(self.pools.instruments, k=min(2, len(self.pools.instruments))):
            begin, _ = instant(rng, rng.randint(1995, 2022))
            local = instrument.rsplit("/", 1)[-1]
            self._add(
                Block(f"kg:part-{local}-{self.slug}")
                .add("a", "nkg:Participation")
                .add("nkg:participant", self.state)
                .add("nkg:participationIn", term(instrument))
                .add("nkg:participantRole", "nkg:beneficiaryRole")
                .add("time:hasTime", interval(begin))
                .add("nkg:status", term(rng.choice(self.pools.statuses)))
                .add("nkg:cooperationArea", term(rng.choice(self.pools.areas)))
                .add("nkg:attestedBy", self.doc.attest(self.name_fr, "programme"))
            )

    def _person(self) -> tuple[str, str, str]:
        slug, name = person_name(self.rng, self.serial)
        post = f"kg:post-{self.slug}-minister-of-defence"
        post_fr = f"ministre de la Défense de {self.name_fr}"
        self._add(
            Block(post)
            .add("a", "org:Post")
            .add(
                "rdfs:label",
                lit(f"Minister of Defence of {self.name_en}", "en"),
                lit(post_fr, "fr"),
            )
            .add("org:postIn", self.state)
            .add("nkg:attestedBy", self.doc.attest(post_fr))
        )
        self._add(
            Block(f"kg:{slug}")
            .add("a", "nkg:Person")
            .add("rdfs:label", lit(name))
            .add("nkg:attestedBy", self.doc.attest(name))
        )
        return f"kg:{slug}", name, post

    def _event(self, k: int, speaker: tuple[str, str, str] | None) -> None:
        rng, pools = self.rng, self.pools
        cls, en, fr = rng.choice(EVENT_CLASSES)
        year = rng.randint(1991, 2024)
        when, lexical = instant(rng, year)
        city, city_name = (
            rng.choice(self.cities)
            if rng.random() < 0.8
            else (term(rng.choice(pools.real_cities)), "")
        )
        iri = f"kg:ev-{lexical}-{cls.lower()}-{self.slug}-{k}"
        label_en = f"{en} with {self.name_en} no. {k}"
        label_fr = f"{fr} avec {self.name_fr} n° {k}"
        quote = self.doc.attest(label_fr, city_name or "sur place")
        block = (
            Block(iri)
            .add("a", f"nkg:{cls}")
            .add("rdfs:label", lit(label_en, "en"), lit(label_fr, "fr"))
            .add("time:hasTime", when)
            .add("nkg:place", city)
            .add("nkg:topic", term(rng.choice(pools.areas)))
            .add("nkg:attestedBy", quote)
        )
        self._add(block)
        # the organiser as a participation, as the real data writes it (nkg:organisedBy is
        # inferred from it; queries/checks/organiser-asserted-once.rq)
        organiser = term(rng.choice(pools.organisers))
        self._participation(
            f"kg:part-{self.slug}-{k}-organiser", organiser, iri, "nkg:organiserRole", quote
        )
        self._participation(f"kg:part-{self.slug}-{k}-host", self.state, iri, "nkg:hostRole", quote)
        guest = term(rng.choice(pools.real_states))
        self._participation(f"kg:part-{self.slug}-{k}-guest", guest, iri, "nkg:attendeeRole", quote)
        if speaker is not None:
            part = self._participation(
                f"kg:part-{self.slug}-{k}-speaker", speaker[0], iri, "nkg:speakerRole", quote
            )
            part.add("nkg:heldPost", speaker[2]).add("nkg:onBehalfOf", self.state)
        if rng.random() < 0.3:
            self._figure(iri, k, quote)

    def _participation(self, iri: str, who: str, what: str, role: str, quote: str) -> Block:
        return self._add(
            Block(iri)
            .add("a", "nkg:Participation")
            .add("nkg:participant", who)
            .add("nkg:participationIn", what)
            .add("nkg:participantRole", role)
            .add("nkg:attestedBy", quote)
        )

    def _figure(self, of: str, k: int, quote: str) -> None:
        rng, pools = self.rng, self.pools
        self._add(
            Block(f"kg:fig-{self.slug}-{k}")
            .add("a", "nkg:Figure")
            .add("rdfs:label", lit(f"participants in event {k} of {self.name_en}", "en"))
            .add("rdfs:label", lit(f"participants à l’événement {k} de {self.name_fr}", "fr"))
            .add("nkg:numericValue", str(rng.randint(2, 900)))
            .add("nkg:qualifier", term(rng.choice(pools.qualifiers)))
            .add("nkg:unit", term(rng.choice(pools.units)))
            .add("nkg:figureOf", of)
            .add("nkg:attestedBy", quote)
        )
