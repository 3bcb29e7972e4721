"""natokg draft as a command: the English fixture page against its hand-written gold, each
source page, bad input, HTML, --accept, and the build ignoring drafts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import rdflib

from natokg.draft import command, evaluation

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).with_name("fixtures_en_page.txt")
KG = rdflib.Namespace("https://w3id.org/natokg/id/")
NKG = rdflib.Namespace("https://w3id.org/natokg/ontology#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
XSD = rdflib.XSD


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose ontology and registry are the repository's, with its own data/drafts/."""
    (tmp_path / "data").mkdir()
    (tmp_path / "ontology").symlink_to(ROOT / "ontology")
    for name in ("entities", "documents", "sources", "sources.ttl"):
        (tmp_path / "data" / name).symlink_to(ROOT / "data" / name)
    return tmp_path


def test_english_page_against_its_gold(project: Path) -> None:
    out = io.StringIO()
    assert command.run(FIXTURE, project, out=out, err=io.StringIO()) == 0, out.getvalue()
    ttl = project / "data" / "drafts" / "fixtures-en-page.ttl"
    g = rdflib.Graph().parse(ttl)
    # gold written by hand from the fixture page
    mem = next(g.subjects(ORG.member, KG.mongolia))
    assert (mem, ORG.organization, KG["partnership-for-peace"]) in g
    assert (mem, ORG.role, NKG.partnerRole) in g
    start = g.value(g.value(mem, ORG.memberDuring), TIME.hasBeginning)
    assert g.value(start, TIME.inXSDgYearMonth) == rdflib.Literal(
        "2012-03", datatype=XSD.gYearMonth
    )
    assert (KG.mongolia, NKG.status, NKG.draft) in g
    visit = next(s for s in g.subjects(rdflib.RDF.type, NKG.Visit))
    day = g.value(g.value(visit, TIME.hasTime), TIME.inXSDDate)
    assert day == rdflib.Literal("2022-11-09", datatype=XSD.date)
    instants = {(i, g.value(i, TIME.inXSDgYear)) for i in g.subjects(NKG.qualifier, NKG.early)}
    assert any(v == rdflib.Literal("2016", datatype=XSD.gYear) for _i, v in instants)
    figs = {
        (g.value(f, NKG.numericValue).toPython(), g.value(f, NKG.qualifier))
        for f in g.subjects(rdflib.RDF.type, NKG.Figure)
    }
    assert (40, NKG.moreThan) in figs and (3500, NKG.nearly) in figs
    # "In June 2019, President Khaltmaagiin Battulga met the NATO Secretary General at NATO
    # Headquarters.": a meeting, a new person, NATO's unnamed office-holder with the post, a place
    meeting = next(g.subjects(rdflib.RDF.type, NKG.Meeting))
    month = g.value(g.value(meeting, TIME.hasTime), TIME.inXSDgYearMonth)
    assert month == rdflib.Literal("2019-06", datatype=XSD.gYearMonth)
    assert (meeting, NKG.place, KG["nato-headquarters"]) in g
    assert (KG["khaltmaagiin-battulga"], rdflib.RDF.type, NKG.Person) in g
    assert (KG["khaltmaagiin-battulga"], NKG.status, NKG.draft) in g
    parts = {
        (g.value(p, NKG.participant), g.value(p, NKG.heldPost))
        for p in g.subjects(NKG.participationIn, meeting)
    }
    assert parts == {
        (KG["khaltmaagiin-battulga"], None),
        (KG.nato, KG["post-nato-secretary-general"]),
    }
    # "the NATO Secretary General visited Ulaanbaatar": NATO, with the post, as the visitor
    visitor = next(g.subjects(NKG.participationIn, visit))
    assert g.value(visitor, NKG.participant) == KG.nato
    assert g.value(visitor, NKG.participantRole) == NKG.visitorRole
    assert g.value(visitor, NKG.heldPost) == KG["post-nato-secretary-general"]
    # "Mongolia hosted a seminar on civil preparedness with Kazakhstan": host and attendee
    roles = {
        (g.value(p, NKG.participant), g.value(p, NKG.participantRole))
        for p in g.subjects(rdflib.RDF.type, NKG.Participation)
        if g.value(g.value(g.value(p, NKG.participationIn), TIME.hasTime), TIME.inXSDgYearMonth)
        == rdflib.Literal("2015-05", datatype=XSD.gYearMonth)
    }
    assert roles == {(KG.mongolia, NKG.hostRole), (KG.kazakhstan, NKG.attendeeRole)}
    # "…with Australia, Japan, the Republic of Korea and New Zealand, its Indo-Pacific partners":
    # four members of the grouping, no start written
    members = {
        (g.value(m, ORG.member), g.value(m, ORG.role), g.value(m, ORG.memberDuring))
        for m in g.subjects(ORG.organization, KG["indo-pacific-partners"])
    }
    assert members == {
        (KG[s], NKG.partnerRole, None)
        for s in ("australia", "japan", "republic-of-korea", "new-zealand")
    }
    # "…joined the North Atlantic Cooperation Council in 1992; this forum was replaced by the
    # Euro-Atlantic Partnership Council in 1997": the successor's membership from 1997
    starts = {
        (
            g.value(m, ORG.organization),
            g.value(g.value(g.value(m, ORG.memberDuring), TIME.hasBeginning), TIME.inXSDgYear),
        )
        for m in g.subjects(ORG.member, KG.kazakhstan)
    }
    year = lambda y: rdflib.Literal(y, datatype=XSD.gYear)  # noqa: E731
    assert starts == {
        (KG["north-atlantic-cooperation-council"], year("1992")),
        (KG["euro-atlantic-partnership-council"], year("1997")),
    }
    # every quote is a verbatim sentence of the page
    text = FIXTURE.read_text(encoding="utf-8")
    quotes = list(g.objects(None, rdflib.URIRef("http://www.w3.org/ns/prov#value")))
    assert quotes and all(str(q) in text for q in quotes)
    ledger = (project / "data" / "drafts" / "fixtures-en-page.ledger.tsv").read_text(
        encoding="utf-8"
    )
    assert len(ledger.splitlines()) == 1 + 12


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "binary"),
        ("Это страница на русском языке о сотрудничестве.".encode(), "neither French nor English"),
    ],
)
def test_bad_input_writes_nothing(
    project: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(content)
    err = io.StringIO()
    assert command.run(page, project, out=io.StringIO(), err=err) == 2
    assert message in err.getvalue() and len(err.getvalue().splitlines()) == 1
    assert not (project / "data" / "drafts").exists()


def test_huge_input_is_refused(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "huge.txt"
    page.write_text("L'OTAN et le Pakistan. " * 300_000, encoding="utf-8")
    assert command.run(page, project, out=io.StringIO(), err=io.StringIO()) == 2


def test_accept_refuses_a_draft_still_marked_draft(project: Path) -> None:
    command.run(FIXTURE, project, out=io.StringIO(), err=io.StringIO())
    ttl = project / "data" / "drafts" / "fixtures-en-page.ttl"
    err = io.StringIO()
    assert command.accept(ttl, project, err=err) == 1
    assert "nkg:draft" in err.getvalue() or "draft" in err.getvalue()
    assert ttl.exists()


def test_the_build_does_not_discover_drafts(project: Path) -> None:
    from natokg.pipeline.sources import discover

    command.run(FIXTURE, project, out=io.StringIO(), err=io.StringIO())
    assert (project / "data" / "drafts" / "fixtures-en-page.ttl").is_file()
    data = [s.path for s in discover(project, "https://w3id.org/natokg/").data]
    assert data, "no data files found"
    assert not [p for p in data if "drafts" in p.parts]


def test_accept_moves_a_reviewed_draft(project: Path) -> None:
    command.run(FIXTURE, project, out=io.StringIO(), err=io.StringIO())
    ttl = project / "data" / "drafts" / "fixtures-en-page.ttl"
    g = rdflib.Graph().parse(ttl)
    g.remove((None, NKG.status, NKG.draft))  # the curator's review…
    for s, p, o in list(g):
        if "[to translate]" in str(o):  # …and translation
            g.remove((s, p, o))
            g.add((s, p, rdflib.Literal(str(o).replace(" [to translate]", ""), lang=o.language)))
    g.serialize(ttl, format="turtle")
    documents = project / "data" / "documents"
    documents.unlink()  # a private copy of data/documents/ for this test
    documents.mkdir()
    (project / "data" / "sources").unlink()
    (project / "data" / "sources").mkdir()
    catalogue = project / "data" / "sources.ttl"
    catalogue.unlink()
    catalogue.write_text((ROOT / "data" / "sources.ttl").read_text(encoding="utf-8"))
    assert command.accept(ttl, project, err=io.StringIO()) == 0
    assert (documents / "fixtures-en-page.ttl").is_file() and not ttl.exists()
    assert (project / "data" / "sources" / "fixtures-en-page.txt").is_file()
    # the document's description joins the others in data/sources.ttl, out of the document graph
    sources = rdflib.Graph().parse(catalogue)
    assert (KG["doc-fixtures-en-page"], rdflib.RDF.type, NKG.SourceDocument) in sources
    accepted = rdflib.Graph().parse(documents / "fixtures-en-page.ttl")
    assert (KG["doc-fixtures-en-page"], None, None) not in accepted
    assert (None, ORG.member, KG.mongolia) in accepted


def test_html_page_is_read_without_its_boilerplate(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "mongolia.html"
    page.write_text(
        "<!DOCTYPE html><html><head><script>var x = 1;</script></head><body>"
        "<nav>Home | News</nav><h1>Relations with Mongolia</h1>"
        "<p>Mongolia joined the Partnership for Peace in March 2012.</p></body></html>",
        encoding="utf-8",
    )
    assert command.run(page, project, out=io.StringIO(), err=io.StringIO()) == 0
    text = (project / "data" / "drafts" / "mongolia.txt").read_text(encoding="utf-8")
    assert "Mongolia joined the Partnership for Peace in March 2012." in text
    assert "var x" not in text and "Home" not in text
    g = rdflib.Graph().parse(project / "data" / "drafts" / "mongolia.ttl")
    assert (None, ORG.member, KG.mongolia) in g


@pytest.mark.parametrize("doc", evaluation.DOCUMENTS)
def test_each_source_page_drafts_and_passes_the_shapes(
    project: Path, tmp_path: Path, doc: str
) -> None:
    page = tmp_path / f"{doc}-new.txt"
    text = (ROOT / "data" / "sources" / f"{doc}.txt").read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert command.run(page, project, out=out, err=io.StringIO()) == 0, out.getvalue()
    g = rdflib.Graph().parse(project / "data" / "drafts" / f"{doc}-new.ttl")
    quotes = list(g.objects(None, rdflib.URIRef("http://www.w3.org/ns/prov#value")))
    assert quotes, "no attestation drafted"
    assert all(str(q) in text for q in quotes)  # every statement's sentence is verbatim
    assert not (ROOT / "data" / "drafts" / f"{doc}-new.ttl").exists()  # the project's own


def test_rerunning_replaces_the_draft_never_the_documents(project: Path, tmp_path: Path) -> None:
    documents = {p: p.read_bytes() for p in (ROOT / "data" / "documents").glob("*.ttl")}
    assert documents, "no curated documents found"
    page = tmp_path / "page.txt"
    page.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    command.run(page, project, out=io.StringIO(), err=io.StringIO())
    page.write_text("Relations with Mongolia\nMongolia joined the Partnership for Peace in 2012.\n")
    command.run(page, project, out=io.StringIO(), err=io.StringIO())
    g = rdflib.Graph().parse(project / "data" / "drafts" / "page.ttl")
    assert not list(g.subjects(rdflib.RDF.type, NKG.Visit))  # the first draft's visit is gone
    ledger = (project / "data" / "drafts" / "page.ledger.tsv").read_text(encoding="utf-8")
    assert len(ledger.splitlines()) == 1 + 2
    assert documents == {p: p.read_bytes() for p in (ROOT / "data" / "documents").glob("*.ttl")}


def test_a_page_of_unknown_entities_still_gets_a_ledger(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "inconnu.txt"
    page.write_text(
        "Relations avec la Bordurie\n"
        "Les relations entre l’Alliance et la Bordurie se sont développées depuis 2001.\n"
        "Le maréchal Plekszy Gladz a rencontré des responsables à Szohôd le 3 mars 2004.\n",
        encoding="utf-8",
    )
    assert command.run(page, project, out=io.StringIO(), err=io.StringIO()) in (0, 1)
    ledger = (project / "data" / "drafts" / "inconnu.ledger.tsv").read_text(encoding="utf-8")
    assert len(ledger.splitlines()) == 1 + 3
    g = rdflib.Graph().parse(project / "data" / "drafts" / "inconnu.ttl")
    assert (KG["plekszy-gladz"], NKG.status, NKG.draft) in g


def test_nato_style_html_page_loses_its_boilerplate(project: Path, tmp_path: Path) -> None:
    # a page written for the tests in the layout of nato.int: cookie banner, header with a search
    # form, navigation, breadcrumbs, related links, share buttons, footer
    page = Path(__file__).with_name("fixtures_nato_page.html")
    copy = tmp_path / "mongolia-nato.html"
    copy.write_bytes(page.read_bytes())
    assert command.run(copy, project, out=io.StringIO(), err=io.StringIO()) == 0
    text = (project / "data" / "drafts" / "mongolia-nato.txt").read_text(encoding="utf-8")
    for sentence in (
        "Relations with Mongolia",
        "NATO and Mongolia have engaged in dialogue and cooperation since 2005.",
        "Mongolia joined the Partnership for Peace in March 2012.",
        "In early 2016, Mongolia took part in a NATO exercise.",
        "More than 40 officers have attended courses at the NATO School Oberammergau.",
    ):
        assert sentence in text
    for boilerplate in ("cookies", "Home", "Topics", "Related", "Share this", "Brussels", "Terms"):
        assert boilerplate not in text, boilerplate
    g = rdflib.Graph().parse(project / "data" / "drafts" / "mongolia-nato.ttl")
    assert (None, ORG.member, KG.mongolia) in g
