"""The repository stands alone: a clone with nothing beside it checks its quotes and loads its
ontology in the OWL API, and no tracked file names a path outside the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: paths of this or any developer's machine, and the workplace folder beside the checkout
OUTSIDE = re.compile(
    r"\.\./shared|\bshared/(?:tools|seeds)\b"
    r"|(?<![\w.~%/-])/(?:work|home|root|Users|mnt|srv|opt|tmp|var|scratch)/"
    r"|file:/+(?:work|home|root|Users|mnt|srv|opt|tmp|var)/"
)
#: the workplace folder beside a checkout, spelt so that this file does not name it itself
BESIDE = "/".join(("..", "shared"))
#: the lines allowed to name such a path, each for a reason: they assert it is NOT leaked
ALLOWED = {
    ("tests/ld/test_dereference.py", 'assert "Traceback" not in body and "/work/" not in body'),
    ("tests/security/helpers.py", '"/work/",'),
    ("tests/security/helpers.py", '"/tmp/",'),
    ("tests/security/helpers.py", '"/home/",'),
}


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [ROOT / name for name in listed.decode().split("\0") if name]


def test_no_tracked_file_names_a_path_outside_the_repository() -> None:
    files = tracked_files()
    assert len(files) > 100 and ROOT / "README.md" in files
    found = []
    for path in files:
        if path == Path(__file__) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary
        relative = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line) and (relative, line.strip()) not in ALLOWED:
                found.append(f"{relative}:{number}: {line.strip()[:120]}")
    assert found == []


@pytest.mark.parametrize(
    "line",
    [
        f"see {BESIDE}/seeds/003.txt",
        'TOOLS = Path("/' + "work/shared/tools" + '")',
        "--find-links /opt/wheels",
        "<file:///home/me/natokg/ontology.ttl>",
    ],
)
def test_the_pattern_sees_each_kind_of_outside_path(line: str) -> None:
    assert OUTSIDE.search(line)


@pytest.mark.parametrize(
    "line", ["https://example.org/home/page", "data/sources/kazakhstan.txt", "/usr/share/java"]
)
def test_the_pattern_leaves_urls_and_repository_paths_alone(line: str) -> None:
    assert not OUTSIDE.search(line)


@pytest.mark.slow
@pytest.mark.java
def test_a_clone_with_nothing_beside_it_checks_quotes_and_loads_in_the_owl_api(
    tmp_path: Path,
) -> None:
    """The committed HEAD, cloned into an empty folder (no workplace folder beside it), runs its
    own quote check (``natokg validate``, without HermiT) and its own OWL API checker."""
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-local", str(ROOT), str(clone)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clone"]
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("NATOKG_", "PYTHON"))
    }
    # the clone's code, not this checkout's (installed in the virtual environment)
    env["PYTHONPATH"] = os.pathsep.join([str(clone / "server"), str(clone)])
    natokg = [sys.executable, "-c", "import sys; from natokg.cli import main; sys.exit(main())"]
    validate = subprocess.run(
        [*natokg, "validate", "--no-reason"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert validate.returncode == 0, validate.stdout[-3000:] + validate.stderr[-3000:]
    log = validate.stdout + validate.stderr
    quoted = re.search(r"^quotes: ok .* (\d+) quotes checked, 0 not found$", log, re.M)
    assert quoted and int(quoted.group(1)) >= 200, log

    owl = subprocess.run(
        [
            sys.executable,
            "-c",
            "import natokg, tests.checkers as c; from pathlib import Path; "
            "r = c.run_owlcheck(Path('ontology/natokg.ttl')); "
            "print(natokg.__file__, c.__file__, r.loaded, r.format, len(r.dl_violations), "
            "sorted(r.imports.values()), sep='|')",
        ],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert owl.returncode == 0, owl.stderr[-3000:]
    module, checkers, loaded, syntax, violations, imports = owl.stdout.strip().split("|")
    assert Path(module).is_relative_to(clone) and Path(checkers).is_relative_to(clone)
    assert (loaded, syntax, violations) == ("True", "Turtle", "0"), owl.stdout
    assert imports == str([(clone / "ontology" / "declarations.ttl").as_uri()])
    shutil.rmtree(clone)
