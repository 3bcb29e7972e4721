"""The long tables participations.csv and programmes.csv load in pandas as they are, one row
per participation, with the facts the documents state (issue 12)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from flask.testing import FlaskClient

from natokg.app import create_app
from natokg.participations import PARTICIPATION_COLUMNS, PROGRAMME_COLUMNS
from natokg.settings import Settings
from natokg.store import load_dataset


@pytest.fixture(scope="module")
def client(settings: Settings, release: Path) -> FlaskClient:
    assert release.is_dir()
    return create_app(settings, load_dataset(settings)).test_client()


def _frame(client: FlaskClient, name: str, dates: list[str]) -> pd.DataFrame:
    response = client.get(f"/exports/{name}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return pd.read_csv(io.BytesIO(response.data), parse_dates=dates, keep_default_na=False)


def test_participations_load_with_their_dates(client: FlaskClient) -> None:
    frame = _frame(client, "participations", ["date_from"])
    assert list(frame.columns) == [c for c, _ in PARTICIPATION_COLUMNS]
    assert len(frame) > 100
    assert str(frame["date_from"].dtype).startswith("datetime64")
    assert set(frame["date_precision"]) <= {"year", "month", "day", ""}
    # the workshop of 9 November 2022: Janusz Adamczak gave the closing remarks
    adamczak = frame[frame["participant"].str.contains("Adamczak")]
    assert not adamczak.empty
    assert (adamczak["date_from"] == pd.Timestamp("2022-11-09")).any()


def test_programmes_name_kazakhstan_in_deep(client: FlaskClient) -> None:
    frame = _frame(client, "programmes", ["start_from"])
    assert list(frame.columns) == [c for c, _ in PROGRAMME_COLUMNS]
    kazakhstan = frame[frame["participant"] == "Kazakhstan"]
    assert "Defence Education Enhancement Programme" in set(kazakhstan["programme"])
    # no programme appears in the events table
    events = _frame(client, "participations", ["date_from"])
    assert not set(events["event_iri"]) & set(frame["programme_iri"])


def test_events_load_with_parse_dates(client: FlaskClient) -> None:
    """events.csv keeps each date at its precision, and date_from/end_until are ISO days."""
    frame = _frame(client, "events", ["date_from", "end_until"])
    assert str(frame["date_from"].dtype).startswith("datetime64")
    assert str(frame["end_until"].dtype).startswith("datetime64")
    dated = frame[frame["date"] != ""]
    assert len(dated) > 50 and dated["date_from"].notna().all()
    assert (dated["date_from"].dt.year == dated["year"].astype(int)).all()
    months = dated[dated["precision"] == "month"]
    assert (months["date_from"].dt.strftime("%Y-%m") == months["date"]).all()
    assert (months["date_from"].dt.day == 1).all()
    ends = frame[frame["end_precision"] == "year"]
    assert (ends["end_until"].dt.strftime("%m-%d") == "12-31").all()
