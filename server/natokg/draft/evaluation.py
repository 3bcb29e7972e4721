"""Leave-one-out evaluation: draft each curated page as if it were new (the registry without the
entities only that page names) and compare with its hand-curated document graph.

``python -m natokg.draft.evaluation`` prints the table (``make eval-draft``)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from natokg.draft import registry as registry_mod
from natokg.draft.drafting import analyse

DOCUMENTS = ("pakistan", "partnerships", "indo-pacific", "kazakhstan", "workshop-2022")
_PREFIXES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nkg: <https://w3id.org/natokg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


#: per page, what the last evaluation missed (``python -m natokg.draft.evaluation --misses``)
MISSES: dict[str, dict[str, list[str]]] = {}


@dataclass
class Score:
    hit: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hit / self.total if self.total else None

    def __add__(self, other: Score) -> Score:
        return Score(self.hit + other.hit, self.total + other.total)

    def __str__(self) -> str:
        return "—" if self.value is None else f"{self.value:.2f} ({self.hit}/{self.total})"


METRICS = (
    "linking precision",
    "linking recall",
    "dates recall",
    "dates precision",
    "timeline events",
    "memberships",
    "memberships precision",
    "participants (who, date)",
    "participations (+ role, post)",
    "participations precision",
    "figures",
)


def _store(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _rows(store: ox.Store, query: str) -> list[tuple]:
    return [tuple(getattr(t, "value", None) for t in row) for row in store.query(_PREFIXES + query)]


def only_this_page(project: Path, doc: str, known: set[str]) -> set[str]:
    """Registry entities that no other curated document attests."""
    attested: dict[str, set[str]] = {}
    for name in DOCUMENTS:
        store = _store(project / "data" / "documents" / f"{name}.ttl")
        for (s,) in _rows(store, "SELECT DISTINCT ?s WHERE { ?s nkg:attestedBy ?q }"):
            attested.setdefault(s, set()).add(name)
    return {iri for iri in known if attested.get(iri) == {doc}}


def evaluate(project: Path, doc: str, full: registry_mod.Registry) -> dict[str, Score]:
    curated = _store(project / "data" / "documents" / f"{doc}.ttl")
    left_out = only_this_page(project, doc, set(full.entities))
    reg = registry_mod.load(project, leave_out=doc).without(left_out)
    text = (project / "data" / "sources" / f"{doc}.txt").read_text(encoding="utf-8")
    draft = analyse(text, "fr", doc, reg)
    scores: dict[str, Score] = {}
    # a proposed new entity whose name is the curated entity's label stands for it (the curator's
    # reconciliation); only entities left out of the registry can be matched this way
    ranked = sorted(full.entities.values(), key=lambda e: e.kind != "place")  # places first…
    by_label = {n: e.iri for e in ranked if e.iri in left_out for n in e.names}  # …then states
    same = {iri: by_label[n] for iri, e in draft.people.items() for n in e.names if n in by_label}

    mentioned = {
        t
        for (s, o) in _rows(curated, "SELECT ?s ?o WHERE { ?s ?p ?o }")
        for t in (s, o)
        if t in full.entities
    }
    linked = {m.entity.iri for a in draft.analyses for m in a.mentions}
    linked |= {e["place"].iri for a in draft.analyses for e in a.found.events if e["place"]}
    linked &= set(reg.entities)  # proposed new entities are not links
    scores["linking precision"] = Score(len(linked & mentioned), len(linked))
    reachable = mentioned & set(reg.entities)
    scores["linking recall"] = Score(len(linked & reachable), len(reachable))

    gold_dates = set(
        _rows(
            curated,
            "SELECT DISTINCT ?v (DATATYPE(?v) AS ?t) WHERE { ?i time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate ?v }",  # noqa: E501
        )
    )
    xsd = "http://www.w3.org/2001/XMLSchema#"
    drafted = {(d.value, xsd + d.datatype) for a in draft.analyses for d in a.dates}
    scores["dates recall"] = Score(len(gold_dates & drafted), len(gold_dates))
    scores["dates precision"] = Score(len(gold_dates & drafted), len(drafted))

    timeline = _rows(
        curated,
        """SELECT ?e ?v ?quote WHERE { ?e time:hasTime ?i ;
             nkg:attestedBy/prov:value ?quote .
           ?i time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate ?v .
           FILTER(STRSTARTS(STR(?quote), "(")) }""",
    )
    events = [(a.unit.text, e["date"].value) for a in draft.analyses for e in a.found.events]
    hit = sum(any(t in q and v == dv for t, dv in events) for _e, v, q in timeline)
    scores["timeline events"] = Score(hit, len(timeline))

    gold_mem = _rows(
        curated,
        """SELECT ?m ?o ?r ?start WHERE { ?x org:member ?m ;
             org:organization ?o ; org:role ?r .
           OPTIONAL { ?x org:memberDuring/time:hasBeginning/(time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate) ?start } }""",  # noqa: E501
    )
    mems = {
        (
            same.get(m["member"], m["member"]),
            same.get(m["organization"], m["organization"]),
            m["role"],
            m["start"].value if m["start"] else None,
        )
        for a in draft.analyses
        for m in a.found.memberships
    }
    keys = {(m, o, r) for m, o, r, _s in gold_mem}
    hit = sum(
        any((m, o, r, s) == row for row in mems)
        or (s is None and any(k[:3] == (m, o, r) for k in mems))
        for m, o, r, s in {(m, o, r, s) for m, o, r, s in gold_mem if (m, o, r) in keys}
    )
    scores["memberships"] = Score(hit, len({(m, o, r, s) for m, o, r, s in gold_mem}))
    gold_keys = {(m, o, r) for m, o, r, _s in gold_mem}
    MISSES[doc] = {
        "memberships missed": sorted(
            str(row)
            for row in {tuple(r) for r in gold_mem}
            if not (row in mems or (row[3] is None and any(k[:3] == row[:3] for k in mems)))
        ),
        "memberships drafted, not curated": sorted(str(k) for k in mems if k[:3] not in gold_keys),
    }
    scores["memberships precision"] = Score(sum(k[:3] in gold_keys for k in mems), len(mems))

    gold_part = set(
        _rows(
            curated,
            """SELECT ?v ?who ?role ?post WHERE { ?p nkg:participationIn ?e ; nkg:participant ?who ;
                 nkg:participantRole ?role . OPTIONAL { ?p nkg:heldPost ?post }
               ?e time:hasTime/(time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate) ?v }""",
        )
    )
    drafted_part = {
        (e["date"].value, same.get(p["agent"], p["agent"]), p["role"], p["post"])
        for a in draft.analyses
        for e in a.found.events
        for p in e["participants"]
    }
    who = {(v, w) for v, w, _r, _p in gold_part}
    MISSES[doc]["participations missed"] = sorted(str(x) for x in gold_part - drafted_part)
    MISSES[doc]["participations drafted, not curated"] = sorted(
        str(x) for x in drafted_part - gold_part
    )
    scores["participants (who, date)"] = Score(
        len(who & {(v, w) for v, w, _r, _p in drafted_part}), len(who)
    )
    scores["participations (+ role, post)"] = Score(len(gold_part & drafted_part), len(gold_part))
    scores["participations precision"] = Score(len(gold_part & drafted_part), len(drafted_part))

    gold_fig = _rows(
        curated,
        "SELECT ?v ?q WHERE { ?f a nkg:Figure ; nkg:qualifier ?q . OPTIONAL { ?f nkg:numericValue ?v } }",  # noqa: E501
    )
    found = [
        (
            None if f.value is None else str(f.value),
            "https://w3id.org/natokg/ontology#" + f.qualifier,
        )
        for a in draft.analyses
        for f in a.figures
    ]
    hit = 0
    for row in gold_fig:
        if row in found:
            found.remove(row)
            hit += 1
    scores["figures"] = Score(hit, len(gold_fig))
    return scores


def table(project: Path) -> tuple[str, dict[str, Score]]:
    full = registry_mod.load(project)
    per_doc = {doc: evaluate(project, doc, full) for doc in DOCUMENTS}
    totals = {m: sum((per_doc[d][m] for d in DOCUMENTS), Score()) for m in METRICS}
    head = "| metric | " + " | ".join(DOCUMENTS) + " | all |"
    lines = [head, "|" + " --- |" * (len(DOCUMENTS) + 2)]
    for m in METRICS:
        cells = [str(per_doc[d][m]) for d in DOCUMENTS] + [f"**{totals[m]}**"]
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    return "\n".join(lines), totals


def _short(text: str) -> str:
    return text.replace(KG_IRI, "kg:").replace(NKG_IRI, "nkg:")


KG_IRI = "https://w3id.org/natokg/id/"
NKG_IRI = "https://w3id.org/natokg/ontology#"

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--misses"]
    root = Path(args[0]) if args else Path.cwd()
    print(table(root)[0])
    if "--misses" in sys.argv:
        for doc, kinds in MISSES.items():
            for kind, rows in kinds.items():
                print(f"\n## {doc}: {kind} ({len(rows)})")
                for row in rows:
                    print("  " + _short(row))
