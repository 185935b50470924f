"""The dataset the app ships, checked without the raw folder (runs on every fresh clone)."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

PLACE_COLUMNS = ["code", "level", "country", "name", "name_sl", "name_de", "name_en", "region", "parent",
                 "partner", "national_code", "area_km2", "note_sl", "note_de", "note_en"]
INDICATOR_COLUMNS = ["id", "theme", "unit", "decimals", "direction", "kind", "signed", "name_sl", "name_de", "name_en",
                     "definition_sl", "definition_de", "definition_en", "source_si", "source_at", "source_regions",
                     "comparability_class", "comparability_sl", "comparability_de", "comparability_en"]
PARTNER_NAMES = {"Kranj", "Jesenice", "Radovljica", "Tržič", "Ptuj", "Slovenska Bistrica", "Ormož", "Kidričevo",
                 "Bruck an der Mur", "Kapfenberg", "Leoben", "Mürzzuschlag", "Fürstenfeld", "Gleisdorf",
                 "Hartberg", "Weiz"}


@pytest.fixture(scope="module")
def tables(shipped):
    read = dict(keep_default_na=False, na_values=[""])
    places = pd.read_csv(shipped / "places.csv", dtype=str, **read)
    indicators = pd.read_csv(shipped / "indicators.csv", dtype=str, **read)
    obs = pd.read_csv(shipped / "observations.csv", dtype={"place": str, "indicator": str, "flags": str,
                                                           "source": str}, **read)
    return places, indicators, obs


def test_columns_are_as_documented(tables):
    places, indicators, obs = tables
    assert list(places.columns) == PLACE_COLUMNS
    assert list(indicators.columns) == INDICATOR_COLUMNS
    assert list(obs.columns) == ["place", "indicator", "year", "value", "flags", "source"]


def test_sixteen_partners_with_diacritics_in_four_regions(tables):
    places, _, _ = tables
    partners = places[(places.partner == "1") & (places.level == "municipality")]
    assert set(partners.name) == PARTNER_NAMES
    assert partners.groupby("region").size().to_dict() == {"AT223": 4, "AT224": 4, "SI032": 4, "SI042": 4}
    assert places.code.str.match(r"^(SI-\d{3}|AT-\d{5}|SI0\d\d|AT22\d?|SI|AT)$").all()


def test_catalogue_is_complete_in_three_languages(tables):
    _, indicators, obs = tables
    assert len(indicators) >= 15
    for lang in ("sl", "de", "en"):
        assert indicators[f"name_{lang}"].notna().all() and indicators[f"definition_{lang}"].notna().all()
    assert set(indicators.direction) <= {"higher_better", "lower_better", "neutral"}
    assert set(indicators.kind) <= {"ratio", "count"}
    assert set(indicators.id) == set(obs.indicator)


def test_different_definitions_carry_a_note(tables):
    _, indicators, _ = tables
    ind = indicators.set_index("id")
    for i in ("unemployment_rate", "employment_rate", "municipal_spending_per_capita"):
        for lang in ("sl", "de", "en"):
            assert isinstance(ind.loc[i, f"comparability_{lang}"], str) and len(ind.loc[i, f"comparability_{lang}"]) > 20


def test_every_restricted_indicator_says_why_in_three_languages(tables):
    _, indicators, _ = tables
    assert set(indicators.comparability_class) <= {"comparable", "caveat", "within_country"}
    restricted = indicators[indicators.comparability_class.isin(["caveat", "within_country"])]
    assert len(restricted) > 0
    for _, row in restricted.iterrows():
        for lang in ("sl", "de", "en"):
            note = row[f"comparability_{lang}"]
            assert isinstance(note, str) and note.strip(), f"{row.id}: no comparability note in {lang}"


def test_tertiary_share_is_never_compared_across_the_border(tables):
    # the Austrian figure leaves out BHS Matura and master-craftsman qualifications (ISCED 5 internationally),
    # so every Slovenian town would outrank every Austrian one: the note must say so, not call it comparable
    _, indicators, _ = tables
    row = indicators.set_index("id").loc["tertiary_share"]
    assert row.comparability_class == "within_country"
    note = row.comparability_en
    assert "BHS" in note and "master-craftsman" in note and "exclude" in note
    assert "is comparable" not in note


def test_observations_are_unique_known_and_traceable(tables):
    places, indicators, obs = tables
    assert not obs.duplicated(["place", "indicator", "year"]).any()
    assert set(obs.place) <= set(places.code)
    assert obs.value.notna().all()
    assert obs.source.notna().all()
    assert obs["flags"].fillna("").map(lambda f: re.fullmatch(r"[dbpe]*", f) is not None).all()


def test_boundaries_cover_every_drawn_place_and_are_small(shipped, tables):
    places, _, _ = tables
    path = shipped / "boundaries.geojson"
    assert path.stat().st_size < 1_000_000
    geo = json.loads(path.read_text(encoding="utf-8"))
    codes = {f["properties"]["code"] for f in geo["features"]}
    drawn = set(places.code[places.level.isin(["municipality", "region"])])
    assert drawn <= codes
