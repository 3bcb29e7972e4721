"""The `natokg` command: build, validate, serve, query, export, coverage, settings."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from natokg.settings import STORE_KINDS, Settings, SettingsError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.load(_overrides(args))
    except SettingsError as exc:
        print(f"natokg: {exc}", file=sys.stderr)
        return 2
    return int(args.run(settings, args) or 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="natokg", description=__doc__)
    parser.add_argument("--project-dir", type=Path, help="directory holding ontology/ and data/")
    parser.add_argument("--releases-dir", type=Path, help="where builds are published")
    parser.add_argument("--base-iri", help="base IRI of the dataset")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="validate, reason, infer and publish the dataset")
    build.add_argument(
        "--no-reason", action="store_true", help="skip HermiT (faster, less checked)"
    )
    build.add_argument("--quiet", action="store_true", help="print only problems")
    build.set_defaults(run=_build)

    validate = sub.add_parser(
        "validate", help="run every check without publishing; exit 1 on problems"
    )
    validate.add_argument("--no-reason", action="store_true", help="skip HermiT")
    validate.set_defaults(run=_validate)

    serve = sub.add_parser("serve", help="serve the published dataset (builds it first if needed)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, help="worker processes (0: cores + 1, at most 8)")
    serve.add_argument("--query-timeout", type=float, help="seconds a query may run")
    serve.add_argument(
        "--data",
        dest="data_file",
        type=Path,
        help="serve this RDF file instead of the build (no checks)",
    )
    serve.add_argument(
        "--store",
        choices=STORE_KINDS,
        help="hold the dataset in memory (fastest) or in an on-disk store (least memory)",
    )
    serve.add_argument(
        "--result-cache-size", type=int, help="cached results per worker; 0 disables"
    )
    serve.add_argument(
        "--backend",
        dest="store_url",
        metavar="URL",
        help="answer /sparql through this external SPARQL endpoint (see `natokg publish`)",
    )
    serve.set_defaults(run=_serve)

    publish = sub.add_parser(
        "publish",
        help="load the current release into an external SPARQL store and switch its readers to it",
    )
    publish.add_argument(
        "--to", dest="store_url", metavar="URL", help="the store's SPARQL query endpoint"
    )
    publish.add_argument("--graph-store", dest="graph_store_url", metavar="URL")
    publish.add_argument("--update", dest="store_update_url", metavar="URL")
    publish.set_defaults(run=_publish)

    disk = sub.add_parser(
        "disk-store",
        help="write the on-disk store that `serve --store disk` opens (serve writes it if missing)",
    )
    disk.add_argument(
        "--data", dest="data_file", type=Path, help="for this RDF file instead of the build"
    )
    disk.set_defaults(run=_disk_store)

    query = sub.add_parser("query", help="run a SPARQL query against the published dataset")
    query.add_argument("query", nargs="?", help="the query text (or use --file)")
    query.add_argument("--file", type=Path, help="read the query from this file")
    query.add_argument(
        "--format",
        default="table",
        help="table, csv, tsv, json, xml (SELECT/ASK); turtle, ntriples, jsonld, rdfxml (graphs)",
    )
    query.set_defaults(run=_query)

    export = sub.add_parser(
        "export", help="write a researcher export (CSV) of the published dataset"
    )
    export.add_argument(
        "name",
        choices=("memberships", "events", "panel", "undated", "participations", "programmes"),
    )
    export.add_argument("--output", type=Path, help="write to this file (default: stdout)")
    export.add_argument(
        "--codebook",
        action="store_true",
        help="write the export's codebook (CSV on the Web JSON: columns, meanings, datatypes) "
        "instead of the CSV",
    )
    export.add_argument(
        "--evidence",
        choices=("all", "documents", "references"),
        default="all",
        help="panel: count only memberships quoted from the source documents, or only "
        "those citing reference sources (default: all)",
    )
    export.set_defaults(run=_export)

    draft = sub.add_parser(
        "draft", help="draft a new page into data/drafts/ for review, or --accept a reviewed draft"
    )
    draft.add_argument(
        "file", type=Path, help="the page (plain text or HTML), or the draft to accept"
    )
    draft.add_argument(
        "--lang", choices=("fr", "en"), help="the page's language (default: detected)"
    )
    draft.add_argument("--source-iri", help="the page's address")
    draft.add_argument("--title", help="the page's title as written")
    draft.add_argument(
        "--accept", action="store_true", help="move a reviewed draft to data/documents/"
    )
    draft.set_defaults(run=_draft)

    cover = sub.add_parser(
        "coverage",
        help="per source document: its units and how many are modelled, context, no-fact, todo",
    )
    cover.add_argument(
        "--format", choices=("table", "markdown"), default="table", help="plain or Markdown table"
    )
    cover.set_defaults(run=_coverage)

    settings = sub.add_parser("settings", help="list every setting with its default and help")
    settings.set_defaults(run=_settings)
    return parser


_SETTING_ARGS = (
    "project_dir",
    "releases_dir",
    "base_iri",
    "host",
    "port",
    "workers",
    "query_timeout",
    "data_file",
    "store",
    "result_cache_size",
    "store_url",
    "store_update_url",
    "graph_store_url",
)


def _overrides(args: argparse.Namespace) -> dict:
    return {
        name: getattr(args, name) for name in _SETTING_ARGS if getattr(args, name, None) is not None
    }


def _build(settings: Settings, args: argparse.Namespace) -> int:
    from natokg.pipeline import pipeline

    log = (lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    outcome = pipeline.run(settings, with_reasoner=not args.no_reason, log=log)
    return _finish(outcome, published=True)


def _validate(settings: Settings, args: argparse.Namespace) -> int:
    from natokg.pipeline import pipeline

    outcome = pipeline.run(
        settings,
        publish_release=False,
        with_reasoner=not args.no_reason,
        log=lambda m: print(m, file=sys.stderr),
    )
    _report_drafts(settings.project_dir)
    return _finish(outcome, published=False)


def _report_drafts(project: Path) -> None:
    """Drafts awaiting review are not part of the build: say which there are, apart."""
    drafts = sorted((project / "data" / "drafts").glob("*.ttl"))
    if drafts:
        names = ", ".join(p.name for p in drafts)
        print(
            f"drafts awaiting review (not built; `natokg draft --accept`): {names}",
            file=sys.stderr,
        )


def _finish(outcome, published: bool) -> int:
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not outcome.ok:
        for problem in outcome.problems():
            print(problem)
        print(
            f"natokg: {len(outcome.problems())} problem(s); nothing was published.", file=sys.stderr
        )
        return 1
    if published:
        print(f"natokg: published {outcome.release}", file=sys.stderr)
    else:
        print("natokg: all checks passed", file=sys.stderr)
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from natokg.serving import serve

    return serve(settings)


def _publish(settings: Settings, args: argparse.Namespace) -> int:
    from natokg.backend.publish import PublishError, publish
    from natokg.backend.remote import StoreError

    if not settings.store_url:
        print("natokg: publish needs --to URL (or the store_url setting)", file=sys.stderr)
        return 2
    try:
        print(f"natokg: {publish(settings, log=lambda m: print(m, file=sys.stderr))}")
    except (PublishError, StoreError) as exc:
        print(f"natokg: publish failed: {exc}", file=sys.stderr)
        return 1
    return 0


def _disk_store(settings: Settings, args: argparse.Namespace) -> int:
    from natokg.store import DatasetError, prepare_disk_store

    try:
        print(prepare_disk_store(settings))
    except DatasetError as exc:
        print(f"natokg: {exc}", file=sys.stderr)
        return 1
    return 0


def _query(settings: Settings, args: argparse.Namespace) -> int:
    from natokg.querying import run_cli_query

    if args.file is not None:
        text = args.file.read_text(encoding="utf-8")
    elif args.query is not None:
        text = args.query
    else:
        text = sys.stdin.read()
    return run_cli_query(settings, text, args.format, sys.stdout.buffer, sys.stderr)


def _export(settings: Settings, args: argparse.Namespace) -> int:
    from natokg import exports
    from natokg.store import DatasetError, load_dataset

    try:
        dataset = load_dataset(settings)
    except DatasetError as exc:
        print(f"natokg: {exc}", file=sys.stderr)
        return 1
    if args.codebook:
        from natokg import codebook

        described = codebook.metadata(args.name, dataset.store, f"{args.name}.csv")
        text = json.dumps(described, ensure_ascii=False, indent=2) + "\n"
    else:
        text = exports.render(args.name, dataset.store, exports.Evidence(args.evidence))
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8", newline="")
    return 0


def _draft(settings: Settings, args: argparse.Namespace) -> int:
    from natokg.draft import command

    if args.accept:
        return command.accept(args.file, settings.project_dir)
    return command.run(args.file, settings.project_dir, args.lang, args.source_iri, args.title)


def _coverage(settings: Settings, args: argparse.Namespace) -> int:
    from natokg.pipeline import coverage

    paths = coverage.ledger_paths(settings.project_dir)
    if not paths:
        print(
            f"natokg: no ledgers in {settings.project_dir / 'data' / 'coverage'}", file=sys.stderr
        )
        return 1
    rows = []
    try:
        for path in paths:
            rows.append((path.stem, coverage.figures(coverage.read(path))))
    except ValueError as exc:
        print(f"natokg: {exc}", file=sys.stderr)
        return 1
    columns = ["units", *(str(s) for s in coverage.Status)]
    total = {c: sum(f[c] for _, f in rows) for c in columns}
    table = [(name, *(str(f[c]) for c in columns)) for name, f in [*rows, ("total", total)]]
    header = ("document", *columns)
    if args.format == "markdown":
        print("| " + " | ".join(header) + " |")
        print("| --- |" + " ---: |" * len(columns))
        for row in table:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
        for row in [header, *table]:
            print(
                "  ".join(
                    cell.ljust(w) if i == 0 else cell.rjust(w)
                    for i, (cell, w) in enumerate(zip(row, widths, strict=True))
                )
            )
    return 0


def _settings(settings: Settings, args: argparse.Namespace) -> int:
    for name, type_name, default, help_text in Settings.describe():
        print(
            f"{name} ({type_name}, default {default}, env NATOKG_{name.upper()})\n    {help_text}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
