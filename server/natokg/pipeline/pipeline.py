"""Run the build: parse, validate, reason, infer, and (for `build`) publish atomically."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from natokg import __version__, modules
from natokg.pipeline import (
    checks,
    inference,
    parsing,
    provenance,
    publish,
    quotes,
    reasoning,
    report,
    shacl,
    skolem,
    void,
)
from natokg.pipeline.errors import BuildError, SourceSyntaxError
from natokg.pipeline.rdf import store_of, to_rdflib
from natokg.pipeline.sources import Sources, discover, inferred_graph, void_graph
from natokg.pipeline.sources import digest as sources_digest
from natokg.settings import Settings

Log = Callable[[str], None]


@dataclass
class Step:
    name: str
    ok: bool
    seconds: float
    detail: str


@dataclass
class BuildOutcome:
    built: datetime
    steps: list[Step] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    violations: list[shacl.Violation] = field(default_factory=list)
    quote_problems: list[quotes.QuoteProblem] = field(default_factory=list)
    failed_checks: list[checks.CheckResult] = field(default_factory=list)
    reasoning: reasoning.ReasoningReport | None = None
    inference: inference.InferenceReport | None = None
    graphs: dict[str, int] = field(default_factory=dict)
    release: Path | None = None

    @property
    def ok(self) -> bool:
        return not (self.errors or self.violations or self.quote_problems or self.failed_checks)

    def problems(self) -> list[str]:
        """Everything that failed, one line each: which node broke which rule."""
        return (
            list(self.errors)
            + [f"SHACL: {v}" for v in self.violations]
            + [f"quote: {p}" for p in self.quote_problems]
            + [f"check {c.name} ({c.title}): {row}" for c in self.failed_checks for row in c.rows]
        )

    def summary(self) -> dict:
        return {
            "ok": self.ok,
            "built": self.built.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "version": __version__,
            "triples": sum(self.graphs.values()),
            "graphs": self.graphs,
            "steps": [s.__dict__ for s in self.steps],
            "errors": self.errors,
            "warnings": self.warnings,
            "violations": [str(v) for v in self.violations],
            "quote_problems": [str(p) for p in self.quote_problems],
            "failed_checks": [f"{c.name}: {row}" for c in self.failed_checks for row in c.rows],
            "reasoning": None
            if self.reasoning is None
            else {
                "consistent": self.reasoning.consistent,
                "unsatisfiable": list(self.reasoning.unsatisfiable),
                "error": self.reasoning.error,
            },
            "inference": None
            if self.inference is None
            else {
                "added": self.inference.added,
                "by_rule": self.inference.by_rule,
                "skipped": list(self.inference.skipped),
            },
        }


class _Steps:
    def __init__(self, outcome: BuildOutcome, log: Log) -> None:
        self.outcome, self.log = outcome, log

    def run(self, name: str, action: Callable[[], str]) -> None:
        start = time.perf_counter()
        self.log(f"{name}…")
        before = len(self.outcome.problems())
        try:
            detail = action()
        except BuildError as exc:
            self.outcome.errors.append(str(exc))
            detail = "failed"
        ok = len(self.outcome.problems()) == before
        seconds = time.perf_counter() - start
        self.outcome.steps.append(Step(name, ok, seconds, detail))
        self.log(f"{name}: {'ok' if ok else 'FAILED'} ({seconds:.2f} s) {detail}")


def run(
    settings: Settings,
    *,
    publish_release: bool = True,
    with_reasoner: bool = True,
    log: Log = lambda _m: None,
) -> BuildOutcome:
    """Build (or, with ``publish_release=False``, only validate) the dataset."""
    base = settings.base_iri
    root = settings.project_dir
    sources = discover(root, base)
    outcome = BuildOutcome(built=publish.utc_now())
    steps = _Steps(outcome, log)
    state: dict[str, object] = {}

    steps.run("parse", lambda: _parse(sources, root, base, outcome, state))
    if outcome.errors:
        return outcome
    store: ox.Store = state["store"]
    ontology_quads: list[ox.Quad] = state["ontology"]
    data_quads: list[ox.Quad] = state["data"]

    # HermiT runs in its own JVM: it starts now, on the other core, while every other check
    # runs here (the thread only waits for the subprocess). Nothing depends on its verdict but
    # the switch to the new release: the release is written while HermiT still runs, and it is
    # switched to only when HermiT (and every other check) has passed, else discarded.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hermit") as background:
        hermit = (
            background.submit(reasoning.reason, ontology_quads + data_quads)
            if with_reasoner
            else None
        )
        steps.run("SHACL", lambda: _shacl(sources, ontology_quads, data_quads, outcome))
        steps.run("quotes", lambda: _quotes(store, settings.sources_path, outcome))
        steps.run("inference", lambda: _infer(store, ontology_quads, base, outcome))
        steps.run("provenance", lambda: _provenance(store, base, outcome))
        steps.run("integrity checks", lambda: _checks(store, root / "queries", outcome))
        for graph in sorted(store.named_graphs(), key=str):
            outcome.graphs[graph.value] = sum(
                1 for _ in store.quads_for_pattern(None, None, None, graph)
            )
        writing = publish_release and outcome.ok
        staged: dict[str, object] = {}
        try:
            if writing:
                steps.run(
                    "write release",
                    lambda: _write_release(
                        settings, store, ontology_quads, sources, outcome, staged
                    ),
                )
            if hermit is not None:
                steps.run("HermiT", lambda: _reason(hermit, outcome))
            else:
                outcome.warnings.append("reasoner skipped (--no-reason)")
            if writing and outcome.ok:
                steps.run("publish", lambda: _publish(settings, sources, outcome, staged))
        finally:
            if outcome.release is None and "release" in staged:
                publish.discard(staged["release"])  # a release not switched to is not kept
    return outcome


def _parse(sources: Sources, root: Path, base: str, outcome: BuildOutcome, state: dict) -> str:
    ontology: list[ox.Quad] = []
    data: list[ox.Quad] = []
    for source in sources.all:
        try:
            quads = parsing.parse_file(source, root)
        except SourceSyntaxError as exc:
            outcome.errors.append(str(exc))
            continue
        (ontology if source in sources.ontology else data).extend(quads)
    if not sources.data:
        outcome.errors.append(f"{root / 'data'}: no data files (*.ttl) found")
    if not sources.shapes.is_file():
        outcome.errors.append(f"{sources.shapes}: shapes file missing")
    data = skolem.skolemize(data, base)
    state.update(ontology=ontology, data=data, store=store_of(ontology + data))
    return f"{len(sources.all)} files, {len(ontology)} ontology and {len(data)} data triples"


def _shacl(
    sources: Sources, ontology: list[ox.Quad], data: list[ox.Quad], outcome: BuildOutcome
) -> str:
    violations = shacl.validate(ontology + data, shacl.load_shapes(sources.shapes))
    errors = [v for v in violations if v.severity == "Violation"]
    outcome.violations.extend(errors)
    outcome.warnings.extend(
        f"SHACL {v.severity}: {v}" for v in violations if v.severity != "Violation"
    )
    return f"{len(errors)} violations"


def _quotes(store: ox.Store, sources: Path, outcome: BuildOutcome) -> str:
    if not sources.is_dir():
        raise BuildError(f"the source documents' texts are missing: no folder {sources}")
    result = quotes.check_quotes(store, sources)
    outcome.quote_problems.extend(result.problems)
    return f"{result.checked} quotes checked, {len(result.problems)} not found"


def _reason(running: Future[reasoning.ReasoningReport], outcome: BuildOutcome) -> str:
    result = running.result()
    outcome.reasoning = result
    if result.error:
        outcome.errors.append(f"HermiT failed: {result.error}")
    elif not result.consistent:
        outcome.errors.append("HermiT: the ontology and data are inconsistent")
    for cls in result.unsatisfiable:
        outcome.errors.append(f"HermiT: unsatisfiable class {cls}")
    verdict = "consistent" if result.ok else "not consistent"
    return f"{verdict} ({result.seconds:.1f} s alongside the other checks)"


def _infer(store: ox.Store, ontology: list[ox.Quad], base: str, outcome: BuildOutcome) -> str:
    result = inference.materialise(store, to_rdflib(ontology), inferred_graph(base))
    outcome.inference = result
    outcome.warnings.extend(f"inference rule not compiled: {s}" for s in result.skipped)
    return f"{result.added} triples in {result.rounds} rounds"


def _provenance(store: ox.Store, base: str, outcome: BuildOutcome) -> str:
    """Every factual triple of a document must resolve to the sentence(s) it rests on: a triple
    without evidence fails the build."""
    axioms, problems = provenance.materialise(store, base)
    outcome.errors.extend(problems)
    return f"{axioms} statements with evidence, {len(problems)} without"


def _checks(store: ox.Store, queries: Path, outcome: BuildOutcome) -> str:
    results = checks.run_checks(store, queries)
    outcome.failed_checks.extend(r for r in results if not r.passed)
    return f"{len(results)} checks, {sum(not r.passed for r in results)} failed"


def _write_release(
    settings: Settings,
    store: ox.Store,
    ontology: list[ox.Quad],
    sources: Sources,
    outcome: BuildOutcome,
    staged: dict[str, object],
) -> str:
    """Write the dumps of a new release (not yet switched to: see ``_publish``)."""
    releases_dir = settings.releases_path
    releases_dir.mkdir(parents=True, exist_ok=True)
    release = publish.new_release_dir(releases_dir, outcome.built)
    staged["release"] = release
    void_quads = void.describe(
        store, settings.base_iri, void_graph(settings.base_iri), outcome.built
    )
    store.extend(void_quads)
    outcome.graphs[void_graph(settings.base_iri)] = len(void_quads)
    void_ttl = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in void_quads),
        format=ox.RdfFormat.TURTLE,
    )
    extra = {
        "void.ttl": (void_ttl, "text/turtle", "VoID description of the dataset"),
        **modules.release_files(settings.project_dir),
    }
    staged["files"] = publish.write_release(
        release, store, ontology, sources.shapes, settings.base_iri, extra
    )
    return f"{release.relative_to(releases_dir)}"


def _publish(
    settings: Settings, sources: Sources, outcome: BuildOutcome, staged: dict[str, object]
) -> str:
    """Complete the written release (its build report and manifest) and switch to it."""
    releases_dir = settings.releases_path
    release: Path = staged["release"]
    files: list[publish.PublishedFile] = staged["files"]
    files = files + publish.write_extra(
        release,
        {
            "report.md": (report.as_markdown(outcome), "text/markdown", "Build report"),
            "report.json": (report.as_json(outcome), "application/json", "Build report, JSON"),
        },
    )
    publish.write_manifest(
        release,
        files,
        {
            "version": __version__,
            "built": outcome.summary()["built"],
            "base_iri": settings.base_iri,
            "sources_digest": sources_digest(
                sources, settings.project_dir / "queries", settings.sources_path
            ),
            "triples": sum(outcome.graphs.values()),
            "graphs": outcome.graphs,
        },
    )
    # Only a complete release is switched to; from here on it is never discarded.
    publish.switch_current(releases_dir, release)
    outcome.release = release
    return f"{release.relative_to(releases_dir)}"


def preview_store(settings: Settings) -> ox.Store:
    """The working tree parsed and inferred, without any check: for authors trying queries.

    Never published; files that do not parse are skipped (their errors are printed by
    `natokg validate`).
    """
    base = settings.base_iri
    sources = discover(settings.project_dir, base)
    ontology: list[ox.Quad] = []
    data: list[ox.Quad] = []
    for source in sources.all:
        try:
            quads = parsing.parse_file(source, settings.project_dir)
        except SourceSyntaxError:
            continue
        (ontology if source in sources.ontology else data).extend(quads)
    store = store_of(ontology + skolem.skolemize(data, base))
    inference.materialise(store, to_rdflib(ontology), inferred_graph(base))
    return store
