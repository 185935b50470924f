"""The store against a hand-made dataset whose every answer can be worked out on paper.

tests/fixtures/mini follows data/README.md. Its numbers (employment_rate: higher_better ratio,
unemployment_rate: lower_better ratio, births: neutral count):

employment_rate   2015  2016  2017  2018  2019      (nobody has 2017)
  SI                60    62     -    65    66
  SI042 (region)    64    65     -    68    69
  SI-052 Kranj  P   60    63     -    66    66p
  SI-102 Radov. P    -    70     -    68    72
  SI-012 Cerklje    50     -     -    66     -
  AT                70    71     -    72    73
  AT22 (state)       -     -     -     -     -
  AT223 (region)    68     -     -    70     -
  AT-61108 Leoben P 80    75     -     -    90bp
  AT-61120 Trof.     -     -     -    70    60

unemployment_rate 2016  2018  2019
  SI / AT            -   8.0 / 5.0
  SI042 / AT223      -   6.0 / 5.5
  SI-052            7.0  5.0d  4.0
  SI-102             -   4.0   4.0
  SI-012             -   6.0    -
  AT-61108          8.0  4.0    -
  AT-61120          0.0  3.0    -

births            2015  2016   (municipalities only)
  SI-052 500 520 | SI-102 150 150 | SI-012 60 - | AT-61108 200e 210 | AT-61120 - 90

P = partner municipality (3 in the fixture; the real data has 16).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.store import Store, load_store

MINI = Path(__file__).parent / "fixtures" / "mini"
EMP, UNE, BIR = "employment_rate", "unemployment_rate", "births"
MUNIS = ["SI-052", "SI-102", "SI-012", "AT-61108", "AT-61120"]


@pytest.fixture(scope="module")
def store() -> Store:
    return load_store(MINI)


def frames():
    s = load_store(MINI)
    return s.places, s.indicators, s.observations


# --------------------------------------------------------------------------- loading and types


def test_types_follow_the_contract(store):
    p, i, o = store.places, store.indicators, store.observations
    assert p.index.name == "code" and i.index.name == "id"
    assert list(o.columns) == ["place", "indicator", "year", "value", "flags", "source"]
    assert p["partner"].dtype == bool and p["area_km2"].dtype == "float64"
    assert i["decimals"].dtype == "int64"
    assert o["year"].dtype == "int64" and o["value"].dtype == "float64"
    assert len(o) == 50
    # national codes are text: the leading zero of a SURS code survives
    assert store.place("SI-052")["national_code"] == "052"
    assert store.place("SI-012")["national_code"] == "012"
    # empty cells stay '' (flags of an unflagged value, region of a country), area NaN
    assert (o["flags"] == "").sum() == 46 and not o["flags"].isna().any()
    assert store.place("SI")["region"] == "" and math.isnan(store.place("SI")["area_km2"])


def test_place_and_indicator_rows(store):
    kranj = store.place("SI-052")
    assert kranj["code"] == "SI-052" and kranj["name"] == "Kranj" and kranj["partner"] is True
    assert kranj["area_km2"] == 150.95 and kranj["region"] == "SI042"
    assert store.place("AT-61120")["note_en"] == "Merged in 2013."
    ind = store.indicator(UNE)
    assert ind["id"] == UNE and ind["direction"] == "lower_better" and ind["decimals"] == 1
    assert store.indicator(EMP)["definition_en"] == "Employed persons aged 20–64, % of the population of that age."


def test_lists_keep_table_order(store):
    assert store.place_codes() == [
        "SI", "SI042", "SI-052", "SI-102", "SI-012", "AT", "AT22", "AT223", "AT-61108", "AT-61120"]
    assert store.place_codes(level="municipality") == MUNIS
    assert store.place_codes(level="municipality", country="AT") == ["AT-61108", "AT-61120"]
    assert store.place_codes(partner=True) == ["SI042", "SI-052", "SI-102", "AT223", "AT-61108"]
    assert store.place_codes(level="municipality", partner=False) == ["SI-012", "AT-61120"]
    assert store.place_codes(region="AT223") == ["AT223", "AT-61108", "AT-61120"]
    assert store.place_codes(level="nowhere") == []
    # partner regions are not partner municipalities
    assert store.partners() == ["SI-052", "SI-102", "AT-61108"]
    assert store.indicator_ids() == [EMP, UNE, BIR]
    assert store.indicator_ids(theme="labour") == [EMP, UNE]
    assert store.indicator_ids(theme="tourism") == []


def test_years_and_value(store):
    assert store.years(EMP) == [2015, 2016, 2018, 2019]   # 2017: nobody
    assert store.years(UNE) == [2016, 2018, 2019]
    assert store.years(BIR) == [2015, 2016]
    assert store.value(EMP, "SI-052", 2019) == 66.0
    assert isinstance(store.value(EMP, "SI-052", 2019), float)
    assert store.value(UNE, "AT-61120", 2016) == 0.0       # a real zero is not missing
    assert store.value(EMP, "SI-102", 2015) is None        # gap
    assert store.value(EMP, "SI-052", 2017) is None        # year nobody has, inside the range
    assert store.value(EMP, "SI-052", 1990) is None        # outside the range
    assert store.value(EMP, "AT22", 2018) is None          # place without any data


def test_unknown_ids_raise_key_error(store):
    with pytest.raises(KeyError, match="unknown indicator 'gdp'"):
        store.value("gdp", "SI-052", 2018)
    with pytest.raises(KeyError, match="unknown place 'SI-999'"):
        store.value(EMP, "SI-999", 2018)
    with pytest.raises(KeyError, match="SI-999"):
        store.place("SI-999")
    with pytest.raises(KeyError, match="gdp"):
        store.indicator("gdp")
    with pytest.raises(KeyError, match="gdp"):
        store.years("gdp")
    with pytest.raises(KeyError, match="SI-999"):
        store.cross_section(EMP, 2018, ["SI-052", "SI-999"])
    with pytest.raises(KeyError, match="SI-999"):
        store.series(EMP, ["SI-999"])
    with pytest.raises(KeyError, match="SI-999"):
        store.rank(EMP, 2018, ["SI-999"])
    with pytest.raises(KeyError, match="SI-999"):
        store.percentile(EMP, 2018, "SI-999", MUNIS)
    with pytest.raises(KeyError, match="SI-999"):
        store.reference_values(EMP, 2018, "SI-999")
    with pytest.raises(KeyError, match="gdp"):
        store.coverage("gdp")


# --------------------------------------------------------------------------- frames


def test_cross_section_default_is_places_with_data(store):
    cs = store.cross_section(EMP, 2018)
    # 2018: every place with a value, in table order (Leoben and AT22 have none)
    assert list(cs.index) == ["SI", "SI042", "SI-052", "SI-102", "SI-012", "AT", "AT223", "AT-61120"]
    assert cs.index.name == "place" and list(cs.columns) == ["value", "flags", "source"]
    assert cs.loc["AT223", "value"] == 70.0 and cs.loc["AT223", "source"] == "Statistik Austria AEST"
    assert store.cross_section(EMP, 2017).empty
    assert store.cross_section(EMP, 2030).empty


def test_cross_section_requested_places_missing_is_nan(store):
    cs = store.cross_section(EMP, 2019, ["AT-61108", "SI-012", "SI-052"])
    assert list(cs.index) == ["AT-61108", "SI-012", "SI-052"]        # requested order
    assert cs.loc["AT-61108", "value"] == 90.0 and cs.loc["AT-61108", "flags"] == "bp"
    assert math.isnan(cs.loc["SI-012", "value"])                      # gap -> NaN, not 0
    assert cs.loc["SI-012", "flags"] == "" and cs.loc["SI-012", "source"] == ""
    assert cs.loc["SI-052", "flags"] == "p"
    # a year outside the range: same rows, all NaN
    out = store.cross_section(EMP, 2030, ["SI-052", "AT-61108"])
    assert list(out.index) == ["SI-052", "AT-61108"] and out["value"].isna().all()
    # a single code is a one-element list, not a list of characters
    assert list(store.cross_section(EMP, 2019, "SI-052").index) == ["SI-052"]


def test_series_order_and_years_filter(store):
    s = store.series(EMP, ["AT-61108", "SI-052"])
    assert list(s.columns) == ["place", "year", "value", "flags", "source"]
    assert list(zip(s["place"], s["year"], s["value"])) == [
        ("AT-61108", 2015, 80.0), ("AT-61108", 2016, 75.0), ("AT-61108", 2019, 90.0),
        ("SI-052", 2015, 60.0), ("SI-052", 2016, 63.0), ("SI-052", 2018, 66.0), ("SI-052", 2019, 66.0),
    ]
    assert list(s["flags"]) == ["", "", "bp", "", "", "", "p"]
    assert s["year"].dtype == "int64"
    # years filter: unordered input, one year nobody has, one outside the range
    s = store.series(EMP, ["SI-102", "SI-012"], years=[2019, 2015, 2017, 2030])
    assert list(zip(s["place"], s["year"])) == [("SI-102", 2019), ("SI-012", 2015)]
    # derived value carries the sources of its inputs
    d = store.series(UNE, ["SI-052"])
    assert d.loc[d["year"] == 2018, "source"].item() == "SURS 0700960S + SURS 0700961S"
    assert store.series(EMP, ["AT22"]).empty


def test_latest_year_with_gaps_and_up_to(store):
    assert store.latest_year(EMP, MUNIS) == {
        "SI-052": 2019, "SI-102": 2019, "SI-012": 2018, "AT-61108": 2019, "AT-61120": 2019}
    # up_to 2018: Leoben has no 2018, falls back to 2016
    assert store.latest_year(EMP, MUNIS, up_to=2018) == {
        "SI-052": 2018, "SI-102": 2018, "SI-012": 2018, "AT-61108": 2016, "AT-61120": 2018}
    # up_to 2017 (nobody has 2017): Cerklje 2015 (no 2016), Trofaiach nothing before 2018
    assert store.latest_year(EMP, MUNIS, up_to=2017) == {
        "SI-052": 2016, "SI-102": 2016, "SI-012": 2015, "AT-61108": 2016, "AT-61120": None}
    assert store.latest_year(EMP, ["SI-052", "AT22"], up_to=2014) == {"SI-052": None, "AT22": None}
    assert store.latest_year(EMP, ["SI-052"], up_to=2100) == {"SI-052": 2019}
    everyone = store.latest_year(EMP)
    assert list(everyone) == store.place_codes() and everyone["AT22"] is None


def test_partner_mean_skips_missing(store):
    # 2018: Kranj 66, Radovljica 68, Leoben missing -> (66 + 68) / 2 = 67, n = 2
    assert store.partner_mean(EMP, 2018) == (67.0, 2)
    # 2016: (63 + 70 + 75) / 3 = 69.333..., n = 3
    mean, n = store.partner_mean(EMP, 2016)
    assert n == 3 and mean == pytest.approx(208 / 3)
    # unemployment 2019: Kranj 4, Radovljica 4 -> 4, n = 2 (Leoben missing)
    assert store.partner_mean(UNE, 2019) == (4.0, 2)
    assert store.partner_mean(EMP, 2017) == (None, 0)
    assert store.partner_mean(EMP, 1990) == (None, 0)


def test_reference_values(store):
    assert store.reference_values(EMP, 2018, "SI-052") == {
        "region": {"code": "SI042", "value": 68.0},
        "country": {"code": "SI", "value": 65.0},
        "partners": {"value": 67.0, "n": 2},
    }
    # Leoben 2016: its region AT223 has no 2016 value -> None; partners (63+70+75)/3
    ref = store.reference_values(EMP, 2016, "AT-61108")
    assert ref["region"] == {"code": "AT223", "value": None}
    assert ref["country"] == {"code": "AT", "value": 71.0}
    assert ref["partners"]["n"] == 3 and ref["partners"]["value"] == pytest.approx(208 / 3)
    # Styria lies in no NUTS 3 region
    ref = store.reference_values(EMP, 2018, "AT22")
    assert ref["region"] == {"code": None, "value": None}
    assert ref["country"] == {"code": "AT", "value": 72.0}
    # no data anywhere that year
    assert store.reference_values(EMP, 2017, "SI-052") == {
        "region": {"code": "SI042", "value": None},
        "country": {"code": "SI", "value": None},
        "partners": {"value": None, "n": 0},
    }


def test_index_to_base(store):
    ix = store.index_to_base(EMP, ["SI-102", "SI-052"], 2015)
    assert list(ix.columns) == ["place", "year", "value", "index"]
    assert list(zip(ix["place"], ix["year"])) == [
        ("SI-102", 2016), ("SI-102", 2018), ("SI-102", 2019),
        ("SI-052", 2015), ("SI-052", 2016), ("SI-052", 2018), ("SI-052", 2019)]
    # Radovljica has no 2015 value -> NaN throughout
    assert ix.loc[ix["place"] == "SI-102", "index"].isna().all()
    # Kranj base 60: 60/60*100 = 100, 63/60*100 = 105, 66/60*100 = 110
    assert ix.loc[ix["place"] == "SI-052", "index"].tolist() == pytest.approx([100, 105, 110, 110])
    # Trofaiach unemployment base 2016 is 0 -> no index (not inf)
    z = store.index_to_base(UNE, ["AT-61120"], 2016)
    assert z["index"].isna().all() and z["value"].tolist() == [0.0, 3.0]


def test_change(store):
    ch = store.change(EMP, MUNIS, 2015, 2019)
    assert list(ch.index) == MUNIS
    assert list(ch.columns) == ["start_value", "end_value", "abs_change", "pct_change"]
    # Kranj 60 -> 66: +6, 6/60 = +10 %; Leoben 80 -> 90: +10, 10/80 = +12.5 %
    assert ch.loc["SI-052"].tolist() == [60.0, 66.0, 6.0, 10.0]
    assert ch.loc["AT-61108"].tolist() == [80.0, 90.0, 10.0, 12.5]
    # Radovljica no start, Cerklje no end, Trofaiach no start -> NaN changes, known end kept
    assert math.isnan(ch.loc["SI-102", "start_value"]) and ch.loc["SI-102", "end_value"] == 72.0
    assert ch.loc[["SI-102", "SI-012", "AT-61120"], ["abs_change", "pct_change"]].isna().all().all()
    u = store.change(UNE, ["AT-61120", "SI-052"], 2016, 2018)
    # Trofaiach 0 -> 3: abs +3, pct undefined (start 0); Kranj 7 -> 5: -2, -2/7 = -28.571 %
    assert u.loc["AT-61120", "abs_change"] == 3.0 and math.isnan(u.loc["AT-61120", "pct_change"])
    assert u.loc["SI-052", "abs_change"] == -2.0
    assert u.loc["SI-052", "pct_change"] == pytest.approx(-200 / 7)


def test_rank_direction_and_ties(store):
    # higher_better 2018: Trofaiach 70 (1), Radovljica 68 (2), Kranj 66 & Cerklje 66 (both 3); Leoben left out
    assert store.rank(EMP, 2018, MUNIS) == {"SI-052": 3, "SI-102": 2, "SI-012": 3, "AT-61120": 1}
    # lower_better 2018: Trofaiach 3.0 (1), Radovljica & Leoben 4.0 (2, 2), Kranj 5.0 (4), Cerklje 6.0 (5)
    assert store.rank(UNE, 2018, MUNIS) == {
        "SI-052": 4, "SI-102": 2, "SI-012": 5, "AT-61108": 2, "AT-61120": 1}
    # neutral = highest first, 2015: Kranj 500, Leoben 200, Radovljica 150, Cerklje 60
    assert store.rank(BIR, 2015, MUNIS) == {"SI-052": 1, "SI-102": 3, "SI-012": 4, "AT-61108": 2}
    assert store.rank(EMP, 2017, MUNIS) == {}
    # any iterable of codes will do, and the answer does not depend on a cached earlier call
    assert store.rank(EMP, 2018, (c for c in MUNIS)) == store.rank(EMP, 2018, tuple(MUNIS))
    assert store.rank(EMP, 2018, []) == {}


def test_rank_by_change(store):
    # employment 2016 -> 2019: Kranj 63->66 (+3), Radovljica 70->72 (+2), Leoben 75->90 (+15); others lack an end
    assert store.rank(EMP, (2016, 2019), MUNIS, by="change") == {"SI-052": 2, "SI-102": 3, "AT-61108": 1}
    # unemployment (lower_better) 2016 -> 2018: Kranj -2, Leoben 8->4 = -4, Trofaiach 0->3 = +3:
    # the biggest fall is best
    assert store.rank(UNE, (2016, 2018), MUNIS, by="change") == {"SI-052": 2, "AT-61108": 1, "AT-61120": 3}
    with pytest.raises(ValueError):
        store.rank(EMP, 2018, MUNIS, by="change")
    with pytest.raises(ValueError):
        store.rank(EMP, (2016, 2019), MUNIS)
    with pytest.raises(ValueError):
        store.rank(EMP, 2018, MUNIS, by="size")


def test_percentile(store):
    # employment 2018 among the municipalities: Kranj 66, Radovljica 68, Cerklje 66, Trofaiach 70 (n = 4)
    # Kranj: 0 worse, 1 equal (Cerklje) -> 100 * (0 + 0.5) / 3 = 16.67
    assert store.percentile(EMP, 2018, "SI-052", MUNIS) == pytest.approx(50 / 3)
    # Trofaiach: 3 worse -> 100 * 3 / 3 = 100
    assert store.percentile(EMP, 2018, "AT-61120", MUNIS) == 100.0
    # Radovljica: 2 worse (66, 66) -> 100 * 2 / 3 = 66.67
    assert store.percentile(EMP, 2018, "SI-102", MUNIS) == pytest.approx(200 / 3)
    # lower_better 2018: 5, 4, 6, 4, 3. Radovljica 4.0: worse 5 and 6 (2), equal Leoben (1)
    # -> 100 * (2 + 0.5) / 4 = 62.5; Kranj 5.0: worse only 6 -> 100 * 1 / 4 = 25
    assert store.percentile(UNE, 2018, "SI-102", MUNIS) == 62.5
    assert store.percentile(UNE, 2018, "SI-052", MUNIS) == 25.0
    # a place not among its peers is compared with all of them: region SI042 = 68 among
    # 66, 68, 66, 70 -> worse 2, equal 1 -> 100 * 2.5 / 4 = 62.5
    assert store.percentile(EMP, 2018, "SI042", MUNIS) == 62.5
    # no value for the place, or fewer than 2 peers with data -> None
    assert store.percentile(EMP, 2018, "AT-61108", MUNIS) is None
    assert store.percentile(EMP, 2018, "SI-052", ["SI-052", "AT-61108"]) is None
    assert store.percentile(EMP, 2017, "SI-052", MUNIS) is None


def test_coverage_includes_empty_years(store):
    cov = store.coverage(EMP, ["SI-102", "AT-61108"])
    assert list(cov.columns) == [2015, 2016, 2017, 2018, 2019]   # 2017 in the range although nobody has it
    assert list(cov.index) == ["SI-102", "AT-61108"]
    assert cov.dtypes.eq(bool).all()
    assert cov.loc["SI-102"].tolist() == [False, True, False, True, True]
    assert cov.loc["AT-61108"].tolist() == [True, True, False, False, True]
    assert not cov[2017].any()
    full = store.coverage(UNE)
    assert list(full.index) == store.place_codes() and list(full.columns) == [2016, 2017, 2018, 2019]
    assert int(full.to_numpy().sum()) == 14    # 4 (SI, AT, SI042, AT223) + 3 + 2 + 1 + 2 + 2


# --------------------------------------------------------------------------- immutability


def test_returned_frames_cannot_corrupt_the_store(store):
    p = store.places
    p.loc["SI-052", "name"] = "X"
    p["partner"] = False
    p.index.name = "foo"
    o = store.observations
    o.loc[:, "value"] = -1.0
    o.iloc[0, 0] = "nowhere"
    cs = store.cross_section(EMP, 2018, ["SI-052"])
    cs.loc["SI-052", "value"] = -1.0
    se = store.series(EMP, ["SI-052"])
    se["value"] = 0.0
    cov = store.coverage(EMP)
    cov.iloc[:, :] = True
    ch = store.change(EMP, ["SI-052"], 2015, 2019)
    ch["start_value"] = 0.0
    row = store.place("SI-052")
    row["name"] = "Y"
    store.indicator(EMP)["direction"] = "lower_better"
    store.partners().append("SI-999")
    store.years(EMP).append(1900)

    assert store.places.loc["SI-052", "name"] == "Kranj" and store.places.index.name == "code"
    assert store.places["partner"].sum() == 5
    assert (store.observations["value"] >= 0).all() and store.observations.iloc[0, 0] == "AT-61108"
    assert store.cross_section(EMP, 2018, ["SI-052"]).loc["SI-052", "value"] == 66.0
    assert store.series(EMP, ["SI-052"])["value"].tolist() == [60.0, 63.0, 66.0, 66.0]
    assert not store.coverage(EMP)[2017].any()
    assert store.change(EMP, ["SI-052"], 2015, 2019).loc["SI-052", "start_value"] == 60.0
    assert store.place("SI-052")["name"] == "Kranj"
    assert store.indicator(EMP)["direction"] == "higher_better"
    assert store.partners() == ["SI-052", "SI-102", "AT-61108"]
    assert store.years(EMP) == [2015, 2016, 2018, 2019]
    assert store.rank(EMP, 2018, MUNIS)["AT-61120"] == 1


def test_store_attributes_are_read_only(store):
    with pytest.raises(AttributeError):
        store.places = pd.DataFrame()
    with pytest.raises(AttributeError):
        store._places = pd.DataFrame()
    with pytest.raises(AttributeError):
        del store._series
    with pytest.raises(AttributeError):
        store.anything = 1
    # numpy arrays returned by pandas over the store's data are read-only too
    with pytest.raises(ValueError):
        store.observations["value"].to_numpy()[0] = -1.0


# --------------------------------------------------------------------------- caching and validation


def test_load_store_is_cached_per_resolved_path(monkeypatch):
    a = load_store(MINI)
    assert load_store(str(MINI)) is a
    assert load_store(MINI / ".." / "mini") is a
    monkeypatch.setenv("INNOLOC_DATA", str(MINI))
    assert load_store() is a                      # None -> dashboard.paths.data_dir()


def test_missing_folder_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="places.csv"):
        load_store(tmp_path)


def test_contract_violations_are_refused():
    places, indicators, obs = frames()
    dup = pd.concat([obs, obs.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="more than one row"):
        Store(places, indicators, dup)
    stray = obs.copy()
    stray.loc[0, "place"] = "SI-999"
    with pytest.raises(ValueError, match="SI-999"):
        Store(places, indicators, stray)
    bad = indicators.copy()
    bad.loc[EMP, "direction"] = "up"
    with pytest.raises(ValueError, match="direction"):
        Store(places, bad, obs)


def test_store_rebuilt_from_its_own_frames_answers_the_same():
    a = load_store(MINI)
    b = Store(a.places, a.indicators, a.observations)
    assert b is not a and b.path is None
    for ind in (EMP, UNE, BIR):
        pd.testing.assert_frame_equal(a.coverage(ind), b.coverage(ind))
        pd.testing.assert_frame_equal(a.series(ind, MUNIS), b.series(ind, MUNIS))
    assert np.isnan(b.cross_section(EMP, 2019, ["SI-012"])["value"]).all()


# --------------------------------------------------------------------------- comparability


@pytest.fixture(scope="module")
def within_store() -> Store:
    """The mini dataset with unemployment classed within_country (SI registered vs AT census)."""
    places, indicators, obs = frames()
    indicators = indicators.copy()
    indicators.loc[UNE, "comparability_class"] = "within_country"
    return Store(places, indicators, obs)


def test_within_country_ranks_never_cross_the_border(within_store):
    # 2018, lower_better. SI: Radovljica 4.0 (1), Kranj 5.0 (2), Cerklje 6.0 (3);
    # AT: Trofaiach 3.0 (1), Leoben 4.0 (2). Joint ranking would put Kranj 4th and Cerklje 5th.
    assert within_store.rank(UNE, 2018, MUNIS) == {
        "SI-052": 2, "SI-102": 1, "SI-012": 3, "AT-61108": 2, "AT-61120": 1}
    # by change 2016 -> 2018: SI only Kranj (-2) -> 1; AT Leoben -4 (1), Trofaiach +3 (2)
    assert within_store.rank(UNE, (2016, 2018), MUNIS, by="change") == {
        "SI-052": 1, "AT-61108": 1, "AT-61120": 2}
    # a comparable indicator still ranks everybody together
    assert within_store.rank(EMP, 2018, MUNIS) == {"SI-052": 3, "SI-102": 2, "SI-012": 3, "AT-61120": 1}


def test_within_country_percentile_uses_same_country_peers(within_store):
    # Radovljica 4.0 among SI peers 5.0 and 6.0 -> better than both = 100 (joint: 62.5)
    assert within_store.percentile(UNE, 2018, "SI-102", MUNIS) == 100.0
    # Trofaiach 3.0 against Leoben 4.0 only -> 100; Leoben -> 0
    assert within_store.percentile(UNE, 2018, "AT-61108", MUNIS) == 0.0
    # Kranj's only peers are Slovenian ones even if Austrians are listed first
    assert within_store.percentile(UNE, 2018, "SI-052", ["AT-61120", "AT-61108", "SI-052", "SI-102"]) == 0.0


def test_scale_groups(within_store):
    assert within_store.scale_groups(EMP, MUNIS) == {None: MUNIS}
    assert within_store.scale_groups(UNE, ["AT-61108", "SI-052", "AT-61120", "SI-102"]) == {
        "AT": ["AT-61108", "AT-61120"], "SI": ["SI-052", "SI-102"]}
    assert within_store.one_scale(EMP) and not within_store.one_scale(UNE)


def test_unknown_comparability_class_is_refused():
    places, indicators, obs = frames()
    indicators = indicators.copy()
    indicators.loc[UNE, "comparability_class"] = "sort_of"
    with pytest.raises(ValueError, match="comparability_class"):
        Store(places, indicators, obs)
