"""Every export on /exports loads in pandas as it is, with its date columns parsed, and its
codebook (a CSV on the Web description) names each of its columns (issue 12)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from flask.testing import FlaskClient

from natokg.app import create_app
from natokg.settings import Settings
from natokg.store import load_dataset


@pytest.fixture(scope="module")
def client(settings: Settings, release: Path) -> FlaskClient:
    assert release.is_dir()
    return create_app(settings, load_dataset(settings)).test_client()


def listed_exports(client: FlaskClient) -> list[str]:
    """The CSV files the /exports page links to, as a researcher finds them."""
    page = client.get("/exports").get_data(as_text=True)
    return sorted(set(re.findall(r'href="/exports/([a-z-]+)\.csv"', page)))


def load(client: FlaskClient, name: str) -> tuple[dict, list[list[str]], pd.DataFrame]:
    """(codebook, raw rows, the frame pandas reads with the codebook's date columns)."""
    response = client.get(f"/exports/{name}.csv-metadata.json")
    assert response.status_code == 200
    assert response.mimetype == "application/csvm+json"
    described = json.loads(response.data)
    dates = [c["name"] for c in described["tableSchema"]["columns"] if c["datatype"] == "date"]
    data = client.get(f"/exports/{name}.csv").data
    raw = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    frame = pd.read_csv(io.BytesIO(data), parse_dates=dates)
    return described, raw, frame


def test_every_export_loads_with_its_dates_parsed(client: FlaskClient) -> None:
    names = listed_exports(client)
    assert {"memberships", "events", "panel", "undated", "participations", "programmes"} <= set(
        names
    )
    parsed = 0
    for name in names:
        described, raw, frame = load(client, name)
        header, rows = raw[0], raw[1:]
        columns = described["tableSchema"]["columns"]
        assert [c["name"] for c in columns] == header, name
        assert all(c["dc:description"] for c in columns), name
        assert len(frame) == len(rows), name
        for position, column in enumerate(columns):
            if column["datatype"] != "date":
                continue
            assert str(frame[column["name"]].dtype).startswith("datetime64"), (name, column)
            # a stated date never silently turns into NaT
            stated = sum(1 for row in rows if row[position])
            assert frame[column["name"]].notna().sum() == stated, (name, column["name"])
            parsed += stated
            assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[position]) for r in rows if r[position])
    assert parsed > 200


def test_memberships_dates_from_the_pages(client: FlaskClient) -> None:
    """Kazakhstan: « … en 1992, lorsque le pays a adhéré au Conseil de coopération
    nord-atlantique. À ce forum de dialogue a succédé en 1997 le Conseil de partenariat
    euro-atlantique », and « La coopération pratique a démarré en 1995, avec l'adhésion du
    Kazakhstan au Partenariat pour la paix », which the reference layer's list of signatures of
    the PfP Framework Document dates 1994: the earliest start wins, the other is kept."""
    _, _, frame = load(client, "memberships")
    kz = frame[frame["country"] == "Kazakhstan"].set_index("framework")
    pfp = kz.loc["Partnership for Peace"]
    assert pfp["start_from"].year == 1994
    assert "1995 (document)" in pfp["other_dates"]
    assert kz.loc["North Atlantic Cooperation Council", "start_from"] == pd.Timestamp("1992-01-01")
    assert kz.loc["North Atlantic Cooperation Council", "end_until"] == pd.Timestamp("1997-12-31")


def test_undated_memberships_have_their_own_file(client: FlaskClient) -> None:
    """The Indo-Pacific page names four partners without a date (« avec l'Australie, le Japon,
    la République de Corée et la Nouvelle-Zélande »); the overview names the four Enhanced
    Opportunities partners (« Australie, Géorgie, Jordanie et Ukraine »), also undated."""
    _, _, undated = load(client, "undated")
    indo = set(undated[undated["framework"] == "Indo-Pacific partners"]["country"])
    assert indo == {"Australia", "Japan", "Republic of Korea", "New Zealand"}
    eop = set(undated[undated["role"] == "Enhanced Opportunities partner"]["country"])
    assert eop == {"Australia", "Georgia", "Jordan", "Ukraine"}
    assert undated["start"].isna().all()


def test_panel_has_a_column_per_framework_and_leaves_unknown_years_empty(
    client: FlaskClient,
) -> None:
    described, _, panel = load(client, "panel")
    text = {c["name"]: c["dc:description"] for c in described["tableSchema"]["columns"]}
    indo = next(n for n, d in text.items() if "Indo-Pacific" in d)
    eop = next(n for n, d in text.items() if "Enhanced Opportunities" in d)
    japan = panel[panel["country"] == "Japan"]
    assert len(japan) > 0
    # Japan is an Indo-Pacific partner since a year no page states: never 0, never 1
    assert japan[indo].isna().all()
    georgia = panel[panel["country"] == "Georgia"]
    assert georgia[eop].isna().all()
    # a state that is not an Enhanced Opportunities partner of a listed-complete role stays 0/empty,
    # never 1
    assert (
        panel[~panel["country"].isin(["Australia", "Georgia", "Jordan", "Ukraine"])][eop] != 1
    ).all()


def test_codebook_unknown_export_is_404(client: FlaskClient) -> None:
    response = client.get("/exports/nothing.csv-metadata.json")
    assert response.status_code == 404
