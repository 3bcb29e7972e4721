"""Variants of a query for proving the rewrite (natokg.sparql.rewrite) on many shapes.

Used by ``tests/sparql/test_rewrite.py`` on the catalogue and by ``scripts/w3c_rewrite.py`` on
the W3C suite: each query with an OPTIONAL yields the same query with one OPTIONAL written
earlier in its group, each a query of its own whose answer, as written and as rewritten, must
be the same; :func:`naive` is the blind rewrite the rule must not make.
"""

from __future__ import annotations

from natokg.sparql import rewrite as rw


def _groups(group: rw._Group) -> list[rw._Group]:
    found = [group]
    for part in group.parts:
        for inner in part.groups:
            found.extend(_groups(inner))
    return found


def variants(text: str) -> list[str]:
    """The query with one OPTIONAL written earlier in its group: before each earlier part, and
    between each two triple patterns (at a ``.``) of each earlier triples block."""
    try:
        tokens = rw._tokens(text)
        top = rw._top_group(tokens)
    except (rw._Unsafe, IndexError):
        return []
    found = []
    for group in _groups(top):
        names = [p.kind for p in group.parts]
        for i, name in enumerate(names):
            if name != "OptionalGraphPattern":
                continue
            for j in range(i):
                order = list(range(len(names)))
                order.insert(j, order.pop(i))
                group.order = order
                found.append(rw._render(text, tokens, top))
                group.order = None
            optional = group.parts[i]
            start, end = tokens[optional.first].start, tokens[optional.last].end
            for part in group.parts[:i]:
                if part.kind != "TriplesBlock":
                    continue
                depth = 0
                for index in range(part.first, part.last):
                    token = tokens[index]
                    depth += token.kind == "open"
                    depth -= token.kind == "close"
                    if token.text == "." and depth == 0:
                        cut = token.end
                        found.append(
                            f"{text[:cut]} {text[start:end]} {text[cut:start]}{text[end:]}"
                        )
    return found


def naive(text: str) -> str:
    """The blind rewrite: in every group, every triples block before everything else."""
    try:
        tokens = rw._tokens(text)
        top = rw._top_group(tokens)
    except (rw._Unsafe, IndexError):
        return text
    for group in _groups(top):
        names = [p.kind for p in group.parts]
        order = [k for k, n in enumerate(names) if n == "TriplesBlock"]
        order += [k for k, n in enumerate(names) if n != "TriplesBlock"]
        group.order = order if order != list(range(len(names))) else None
    return rw._render(text, tokens, top)
