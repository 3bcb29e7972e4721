"""Write a bench-only natokg project: the real project's data grown with synthetic documents.

Layout (what ``natokg --project-dir`` expects)::

    <dir>/ontology/, <dir>/queries/checks/   copies of the real ones
    <dir>/data/                               a copy of the real data (entities, documents…)
    <dir>/data/documents/synth-NNN.ttl        one synthetic source document each
    <dir>/data/synthetic-sources.ttl          the synthetic source documents
    <dir>/data/sources/                       the real source texts and the synthetic ones

The real data keeps the catalogue's queries answering what they answer on the shipped
build; the synthetic documents add invented states (and facts about the real ones) in the
same patterns until the size is reached. Build it with
``natokg --project-dir <dir> build``.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bench.synth.documents import Document, Pools, StateWriter
from bench.synth.registry import NKG, Registry, load_registry
from bench.synth.turtle import HEADER

#: served triples (after the build's inference, with VoID) per invented state, and served
#: triples per triple of the real data files plus the ontology's: measured, to aim at a size
SERVED_PER_STATE = 780
SERVED_PER_REAL_TRIPLE = 1.8
ONTOLOGY_TRIPLES = 1600
STATES_PER_DOCUMENT = 5
EVENTS_PER_STATE = 10
FIRST_DOCUMENT = 101
LAST_DOCUMENT = 999  # source file names have three digits


@dataclass(frozen=True)
class SynthProject:
    path: Path
    states: int
    documents: int
    served_triples_estimate: int


def real_served_estimate(source_project: Path) -> int:
    triples = 0
    for path in sorted((source_project / "data").rglob("*.ttl")):
        try:
            triples += sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        except SyntaxError:
            continue  # a file being edited: the build will say so
    return int(triples * SERVED_PER_REAL_TRIPLE) + ONTOLOGY_TRIPLES


def write_project(
    source_project: Path, seeds: Path, target: Path, target_triples: int, seed: int
) -> SynthProject:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(source_project / "ontology", target / "ontology")
    shutil.copytree(source_project / "queries" / "checks", target / "queries" / "checks")
    shutil.copytree(source_project / "data", target / "data")
    (target / "data" / "sources").mkdir(exist_ok=True)
    base = real_served_estimate(source_project)
    states = max(0, round((target_triples - base) / SERVED_PER_STATE))
    pools = _pools(load_registry(source_project))
    rng = random.Random(seed)
    documents: list[Document] = []
    serial = 0
    for number in range(FIRST_DOCUMENT, LAST_DOCUMENT + 1):
        if serial >= states:
            break
        doc = Document(number)
        for _ in range(min(STATES_PER_DOCUMENT, states - serial)):
            StateWriter(doc, rng, pools, serial, EVENTS_PER_STATE).write()
            serial += 1
        _write_document(target, doc)
        documents.append(doc)
    sources = HEADER + "".join(d.description().text() for d in documents)
    (target / "data" / "synthetic-sources.ttl").write_text(sources, encoding="utf-8")
    return SynthProject(target, serial, len(documents), base + serial * SERVED_PER_STATE)


def _pools(registry: Registry) -> Pools:
    def individuals(cls: str, leave_out: tuple[str, ...] = ()) -> list[str]:
        return [
            i for i in registry.individuals.get(NKG + cls, []) if i.rsplit("#")[-1] not in leave_out
        ]

    nato = next(i for i in registry.of("InternationalOrganization") if i.endswith("/nato"))
    return Pools(
        frameworks=registry.of("PartnershipFramework"),
        instruments=registry.of("Programme", "Initiative", "PartnershipTool", "Project"),
        organisers=registry.of("NATOBody") + [nato],
        areas=registry.of("CooperationArea"),
        regions=registry.of("Region"),
        real_states=registry.of("State"),
        real_cities=registry.of("City"),
        qualifiers=individuals("Qualifier", ("early", "severalHundred")),
        units=individuals("Unit"),
        statuses=individuals("Status"),
        nato=nato,
    )


def _write_document(target: Path, doc: Document) -> None:
    (target / "data" / "documents" / f"{doc.slug}.ttl").write_text(
        HEADER + doc.turtle(), encoding="utf-8"
    )
    (target / "data" / "sources" / doc.source_file).write_text(doc.text(), encoding="utf-8")
