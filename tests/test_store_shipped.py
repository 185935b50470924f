"""The shipped data/ as the store sees it: complete, consistent, and right on known official values.

The integrity checks read the CSVs directly, so a broken file is reported as what is wrong with it
rather than as the store refusing to load.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.store import load_store


@pytest.fixture(scope="module")
def data(shipped: Path) -> Path:
    if not (shipped / "observations.csv").is_file():
        pytest.skip(
            f"{shipped / 'observations.csv'} does not exist yet: build data/ with "
            "`python -m dashboard.ingest` (the store itself is tested on tests/fixtures/mini)"
        )
    return shipped


@pytest.fixture(scope="module")
def raw_tables(data: Path):
    read = lambda name: pd.read_csv(data / name, dtype=str, keep_default_na=False)  # noqa: E731
    return read("places.csv"), read("indicators.csv"), read("observations.csv")


@pytest.fixture(scope="module")
def store(data: Path):
    return load_store(data)


def test_no_duplicate_observations(raw_tables):
    obs = raw_tables[2]
    dup = obs[obs.duplicated(["place", "indicator", "year"], keep=False)]
    assert dup.empty, f"duplicate (place, indicator, year):\n{dup.head(10)}"


def test_observations_refer_to_the_catalogue(raw_tables):
    places, indicators, obs = raw_tables
    stray_places = sorted(set(obs["place"]) - set(places["code"]))
    stray_indicators = sorted(set(obs["indicator"]) - set(indicators["id"]))
    assert not stray_places, f"places not in places.csv: {stray_places[:10]}"
    assert not stray_indicators, f"indicators not in indicators.csv: {stray_indicators}"


def test_every_indicator_has_data(raw_tables, store):
    indicators, obs = raw_tables[1], raw_tables[2]
    empty = sorted(set(indicators["id"]) - set(obs["indicator"]))
    assert not empty, f"indicators without a single observation: {empty}"
    assert all(store.years(i) for i in store.indicator_ids())


def test_sixteen_partners(store):
    partners = store.partners()
    assert len(partners) == 16, partners
    assert {"SI-052", "AT-61108"} <= set(partners)
    assert {c[:2] for c in partners} == {"SI", "AT"}


def test_known_official_populations(store):
    # from the raw files: SURS (Kranj, 1 January 2025) and Statistik Austria (Leoben, 1 January 2025)
    assert store.value("population", "SI-052", 2025) == 57384
    assert store.value("population", "AT-61108", 2025) == 24561


def test_no_cross_country_rank_for_within_country_indicators():
    """For every within-country indicator and year, ranking all municipalities together gives exactly
    the ranks of ranking each country alone: no Slovenian place is ever ranked against an Austrian one."""
    store = load_store()
    within = [i for i in store.indicator_ids() if store.indicator(i)["comparability_class"] == "within_country"]
    assert "unemployment_rate" in within and "tertiary_share" in within
    munis = store.place_codes(level="municipality")
    for ind in within:
        for year in store.years(ind):
            joint = store.rank(ind, year, munis)
            alone = {}
            for country in ("SI", "AT"):
                alone.update(store.rank(ind, year, [p for p in munis if p.startswith(country + "-")]))
            assert joint == alone, (ind, year)
