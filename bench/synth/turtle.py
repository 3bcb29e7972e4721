"""Just enough Turtle writing for the generator: prefixed names and escaped literals."""

from __future__ import annotations

PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "prov": "http://www.w3.org/ns/prov#",
    "nkg": "https://w3id.org/natokg/ontology#",
    "kg": "https://w3id.org/natokg/id/",
}
HEADER = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()) + "\n"


def lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(text: str, datatype: str) -> str:
    return f'"{text}"^^{datatype}'


def term(value: str) -> str:
    """A full IRI as a prefixed name when a prefix fits, else in angle brackets."""
    for prefix, iri in PREFIXES.items():
        if value.startswith(iri):
            local = value[len(iri) :]
            if local and all(c.isalnum() or c in "-_" for c in local) and local[-1] != "-":
                return f"{prefix}:{local}"
    return f"<{value}>"


class Block:
    """Statements about one subject, written as ``s p o ; p o .``."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        self.pairs: list[tuple[str, str]] = []

    def add(self, predicate: str, *objects: str) -> Block:
        self.pairs.extend((predicate, o) for o in objects)
        return self

    def __len__(self) -> int:
        return len(self.pairs)

    def text(self) -> str:
        body = " ;\n    ".join(f"{p} {o}" for p, o in self.pairs)
        return f"{self.subject} {body} .\n"
