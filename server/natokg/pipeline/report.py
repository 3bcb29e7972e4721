"""The human-readable build report (report.md) and its machine twin (report.json)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from natokg.pipeline.pipeline import BuildOutcome


def as_json(outcome: BuildOutcome) -> bytes:
    return json.dumps(outcome.summary(), indent=2, ensure_ascii=False).encode("utf-8")


def as_markdown(outcome: BuildOutcome) -> bytes:
    s = outcome.summary()
    lines = [
        "# natokg build report",
        "",
        f"- Result: **{'OK' if s['ok'] else 'FAILED'}**",
        f"- Built: {s['built']}",
        f"- Version: {s['version']}",
        f"- Triples (all graphs): {s['triples']}",
        "",
        "## Steps",
        "",
        "| step | result | seconds | detail |",
        "| --- | --- | ---: | --- |",
    ]
    for step in s["steps"]:
        lines.append(
            f"| {step['name']} | {'ok' if step['ok'] else 'FAILED'} "
            f"| {step['seconds']:.2f} | {step['detail']} |"
        )
    lines += ["", "## Named graphs", "", "| graph | triples |", "| --- | ---: |"]
    for graph, count in s["graphs"].items():
        lines.append(f"| <{graph}> | {count} |")
    if s["inference"]:
        lines += ["", "## Inferred triples by rule", "", "| rule | triples |", "| --- | ---: |"]
        for rule, count in sorted(s["inference"]["by_rule"].items()):
            lines.append(f"| {rule} | {count} |")
    for title, key in (
        ("SHACL violations", "violations"),
        ("Quote problems", "quote_problems"),
        ("Failed integrity checks", "failed_checks"),
        ("Errors", "errors"),
        ("Warnings", "warnings"),
    ):
        if s[key]:
            lines += ["", f"## {title}", ""] + [f"- {item}" for item in s[key]]
    return ("\n".join(lines) + "\n").encode("utf-8")
