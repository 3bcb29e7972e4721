"""Fixtures for the SPARQL endpoint: applications over tiny fixture datasets, never the build.

The live-server fixtures (``serve``, ``canary``) are shared by every area, in ``tests/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PARTNERSHIPS, new_app

W3C_DATA = PARTNERSHIPS.parent / "w3c-protocol.trig"

MakeApp = Callable[..., Flask]


@pytest.fixture
def make_app(tmp_path: Path) -> MakeApp:
    """An app serving ``data`` (a fixture file) with settings ``overrides``."""

    def make(data: Path = PARTNERSHIPS, **overrides: Any) -> Flask:
        return new_app(releases_dir=tmp_path / "releases", data_file=data, **overrides)

    return make


@pytest.fixture
def client(make_app: MakeApp) -> FlaskClient:
    return make_app().test_client()


@pytest.fixture
def w3c(make_app: MakeApp) -> FlaskClient:
    return make_app(W3C_DATA).test_client()
