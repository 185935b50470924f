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
    assert obs["flags"].fillna("").map(lambda f: re.fullmatch(r"[dbpec]*", f) is not None).all()


def test_boundaries_cover_every_drawn_place_and_are_small(shipped, tables):
    places, _, _ = tables
    path = shipped / "boundaries.geojson"
    assert path.stat().st_size < 1_000_000
    geo = json.loads(path.read_text(encoding="utf-8"))
    codes = {f["properties"]["code"] for f in geo["features"]}
    drawn = set(places.code[places.level.isin(["municipality", "region"])])
    assert drawn <= codes


def test_styrian_values_on_todays_territory_with_styria_as_reference(tables):
    places, indicators, obs = tables
    at = places[(places.country == "AT") & (places.level == "municipality")].code
    # the register-based census reaches every Styrian municipality, except Fürstenfeld's rates (territory without Söchau)
    emp = obs[(obs.indicator == "employment_rate") & (obs.year == 2023) & obs.place.isin(at)]
    assert set(at) - set(emp.place) == {"AT-62280"}
    # Gutenberg-Stenzengreith and Passail: nothing from before their 2019/2020 boundary change
    census = ["employment_rate", "unemployment_rate", "jobs_per_1000", "enterprises_per_1000", "net_income_fulltime_median"]
    for code in ("AT-61761", "AT-61763"):
        mine = obs[obs.place == code]
        assert mine[mine.indicator == "population"].year.min() == 2019
        assert mine[mine.indicator.isin(census)].year.min() == 2020
        assert mine[(mine.indicator == "share_under_15") & (mine.year < 2019)].empty
    # Styria and the regions as reference where Austria publishes nothing; percentages are never summed
    for ind in ("enterprises_per_1000", "jobs_per_1000"):
        for region in ("AT22", "AT223", "AT224"):
            assert ((obs.place == region) & (obs.indicator == ind) & (obs.year == 2023)).any()
    assert obs[obs.place.isin(["AT22", "AT223", "AT224"]) & (obs.indicator == "employment_rate")].empty
    ind = indicators.set_index("id")
    assert ind.loc["net_income_fulltime_median", "comparability_class"] == "within_country"
    assert ind.loc["gdp_pps_per_inhabitant", "comparability_class"] == "comparable"
    income = obs[obs.indicator == "net_income_fulltime_median"]
    assert set(income.place.str[:2]) == {"AT"} and income.source.str.contains("Lohnsteuerstatistik").all()
    assert income[income.place == "AT-62280"].empty
    # Styria's age structure every year (Eurostat), not only in 2011 and 2025
    young = obs[(obs.place == "AT22") & (obs.indicator == "share_under_15")]
    assert set(range(2002, 2023)) <= set(young.year)


def test_slovenian_derivations_of_issue_8(tables):
    """What dashboard/ingest/slovenia_derived.py adds (and withholds), as shipped."""
    _, indicators, obs = tables
    flags = obs["flags"].fillna("")
    # registered unemployment 2017–2020 failed its check against ZRSZ's office rates: not published
    si_unemp = obs[(obs.indicator == "unemployment_rate") & obs.place.str.startswith("SI")]
    assert si_unemp.year.max() == 2016
    # jobs per 1,000: derived 2008–2023 for municipalities, regions and Slovenia, published 2025
    for place in ("SI-052", "SI-096", "SI042", "SI032", "SI"):
        jobs = obs[(obs.place == place) & (obs.indicator == "jobs_per_1000")]
        derived = jobs[jobs.year <= 2023]
        assert list(derived.year) == list(range(2008, 2024))
        assert flags[derived.index].str.contains("d").all()
        assert derived.source.str.startswith("SURS 0772750S + SURS 0723405S").all()
    kranj_2025 = obs[(obs.place == "SI-052") & (obs.indicator == "jobs_per_1000") & (obs.year == 2025)]
    assert kranj_2025.source.iloc[0].startswith("SURS 2640010S")
    # gross earnings from 2005 (0772615S, published: no d)
    early = obs[(obs.place == "SI-052") & (obs.indicator == "gross_earnings") & (obs.year < 2008)]
    assert list(early.year) == [2005, 2006, 2007] and (early.source == "SURS 0772615S").all()
    assert (flags[early.index] == "").all()
    # age structure: Eurostat where SURS has nothing and agrees elsewhere; Slovenia's ageing index stays SURS
    for place in ("SI042", "SI032"):
        for ind in ("share_65_plus", "ageing_index"):
            s = obs[(obs.place == place) & (obs.indicator == ind)]
            assert list(s.year) == list(range(2003, 2023)) and (s.source == "Eurostat demo_r_pjanaggr3").all()
    si65 = obs[(obs.place == "SI") & (obs.indicator == "share_65_plus")]
    assert list(si65.year) == list(range(2000, 2023))
    assert (obs[(obs.place == "SI") & (obs.indicator == "ageing_index")].source == "SURS 2640010S").all()
    young = obs[(obs.place == "SI042") & (obs.indicator == "share_under_15")].set_index("year").source
    assert young[2003] == "Eurostat demo_r_pjanaggr3" and young[2011].startswith("SURS")
    # municipal share 65+ 2011–2021 from ageing index × 0–14 count, besides the published 2025
    s65 = obs[(obs.place == "SI-087") & (obs.indicator == "share_65_plus")]
    assert list(s65.year) == [*range(2011, 2022), 2025]
    assert flags[s65[s65.year < 2025].index].str.contains("d").all()
    # the catalogue says how and which years
    ind = indicators.set_index("id")
    assert "0772750S" in ind.loc["jobs_per_1000", "source_si"] and "2008–2023" in ind.loc["jobs_per_1000", "comparability_en"]
    assert "2011–2021" in ind.loc["share_65_plus", "comparability_en"]
    assert "2005–2020" in ind.loc["gross_earnings", "comparability_en"]


def test_slovenian_jobs_2025_start_after_a_break(tables):
    """2025 jobs by workplace include farmers; the 2008–2023 series derived from the labour-migration
    index does not: the 2025 value is flagged b so no chart or change joins them silently."""
    _, _, obs = tables
    si = obs[(obs.indicator == "jobs_per_1000") & obs.place.str.startswith("SI")]
    assert len(si[si.year == 2025]) and si[si.year == 2025]["flags"].fillna("").str.contains("b").all()
    assert not si[si.year == 2023]["flags"].fillna("").str.contains("b").any()
