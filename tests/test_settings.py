"""Settings are declared once, typed, documented, and unknown keys are rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from natokg.settings import Settings, SettingsError
from tests.conftest import ROOT


def test_defaults() -> None:
    s = Settings.load(environ={})
    assert s.base_iri == "https://w3id.org/natokg/"
    assert s.query_timeout == 10.0 and s.host == "127.0.0.1"


def test_environment_is_typed() -> None:
    s = Settings.load(
        environ={
            "NATOKG_PORT": "9001",
            "NATOKG_QUERY_TIMEOUT": "2.5",
            "NATOKG_DATA_FILE": "x.nt",
            "HOME": "/root",
        }
    )
    assert (s.port, s.query_timeout, s.data_file) == (9001, 2.5, Path("x.nt"))


def test_overrides_beat_environment() -> None:
    s = Settings.load({"port": 8123}, environ={"NATOKG_PORT": "9001"})
    assert s.port == 8123


@pytest.mark.parametrize(
    "environ, overrides",
    [
        ({"NATOKG_PROT": "1"}, {}),
        ({}, {"timeout": 3}),
    ],
)
def test_unknown_keys_are_rejected(environ: dict, overrides: dict) -> None:
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings.load(overrides, environ=environ)


@pytest.mark.parametrize(
    "name, value",
    [
        ("port", "eighty"),
        ("port", "70000"),
        ("query_timeout", "0"),
        ("base_iri", "natokg"),
        ("max_result_rows", "-1"),
        ("log_level", "loud"),
        ("store", "ram"),
    ],
)
def test_bad_values_are_rejected(name: str, value: str) -> None:
    with pytest.raises(SettingsError):
        Settings.load(environ={f"NATOKG_{name.upper()}": value})


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = Settings.describe()
    assert len(rows) >= 10
    for name, _type, _default, help_text in rows:
        assert len(help_text) > 20, name
        assert f"`NATOKG_{name.upper()}`" in readme, f"README does not document {name}"
