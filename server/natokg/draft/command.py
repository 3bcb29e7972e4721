"""`natokg draft`: the steps, and `--accept`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TextIO

import rdflib

from natokg.draft import ledger, reading, registry, summary, turtle, validation
from natokg.draft.drafting import analyse, slugify


def run(
    path: Path,
    project: Path,
    lang: str | None = None,
    source_iri: str | None = None,
    title: str | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Draft ``path`` into data/drafts/; 0 when the draft passes the shapes, 1 when not, 2 on
    bad input (nothing written)."""
    try:
        page = reading.read(path, lang)
    except reading.InputError as exc:
        print(f"natokg draft: {exc}", file=err)
        return 2
    slug = slugify(path.stem)
    draft = analyse(page.text, page.lang, slug, registry.load(project))
    g = turtle.graph(draft, source_iri, title)
    problems = validation.violations(g, project)
    drafts = project / "data" / "drafts"
    drafts.mkdir(parents=True, exist_ok=True)
    ttl, tsv, txt = (drafts / f"{slug}{s}" for s in (".ttl", ".ledger.tsv", ".txt"))
    txt.write_text(page.text, encoding="utf-8")
    g.serialize(ttl, format="turtle")
    rows = ledger.write(tsv, draft)
    print(summary.render(draft, rows, len(problems), [str(p) for p in (ttl, tsv, txt)]), file=out)
    for v in problems[:10]:
        print(f"  shape: {v}", file=out)
    return 0 if not problems else 1


def accept(path: Path, project: Path, err: TextIO = sys.stderr) -> int:
    """Move a reviewed draft into data/documents/ (and its text into data/sources/)."""
    if not path.is_file():
        print(f"natokg draft: {path}: no such draft", file=err)
        return 2
    g = rdflib.Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # noqa: BLE001 - rdflib raises several kinds
        print(f"natokg draft: {path}: not Turtle ({str(exc).splitlines()[0]})", file=err)
        return 2
    pending = validation.draft_statuses(g)
    if pending:
        print(
            f"natokg draft: {path}: {len(pending)} node(s) still nkg:draft, e.g. {pending[0].n3()}",
            file=err,
        )
        return 1
    problems = validation.violations(g, project)
    if problems:
        print(
            f"natokg draft: {path}: {len(problems)} shape violation(s), e.g. {problems[0]}",
            file=err,
        )
        return 1
    slug = path.name.removesuffix(".ttl")
    target = project / "data" / "documents" / f"{slug}.ttl"
    if target.exists():
        print(f"natokg draft: {target} exists; not replaced", file=err)
        return 1
    text = path.with_name(f"{slug}.txt")
    if text.is_file():
        shutil.move(text, project / "data" / "sources" / f"{slug}.txt")
    # the source document's description goes with the others, in data/sources.ttl
    source = rdflib.Graph()
    for doc in set(g.subjects(rdflib.RDF.type, validation.NKG.SourceDocument)):
        for triple in list(g.triples((doc, None, None))):
            source.add(triple)
            g.remove(triple)
    if len(source):
        lines = sorted(source.serialize(format="nt").splitlines())
        with (project / "data" / "sources.ttl").open("a", encoding="utf-8") as handle:
            handle.write(f"\n# {slug}: accepted from data/drafts/ by `natokg draft --accept`\n")
            handle.write("\n".join(line for line in lines if line.strip()) + "\n")
    g.serialize(target, format="turtle")
    path.unlink()
    print(f"natokg draft: accepted as {target}", file=err)
    return 0
