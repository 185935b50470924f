"""The import, checked against the raw official files themselves (not against copies of its output).

Needs ../shared/data/raw; skipped with a reason where it is absent (see conftest.py).
"""
from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import austria
from dashboard.ingest.__main__ import main as ingest_main
from dashboard.ingest.build import FILES, assemble, write
from dashboard.ingest.errors import RawDataError
from dashboard.paths import raw_dir
from publisher_server import shared_fetch_cache

pytestmark = pytest.mark.raw


@pytest.fixture(scope="module", params=["shared-raw", "fetch-cache"])
def raw(request, raw_root, tmp_path_factory):
    """Every test here runs twice: on ../shared/data/raw and on a raw cache filled by `fetch` from a
    local stand-in of the publishers' interfaces (SURS PX re-shaped, the rest as downloaded)."""
    if request.param == "shared-raw":
        return raw_root
    return shared_fetch_cache(raw_root, tmp_path_factory)


@pytest.fixture(scope="module")
def assembled(raw, imported):
    """The import of either folder (the one the other modules inspect, where they ran first)."""
    return imported(raw)


@pytest.fixture(scope="module")
def built(assembled, tmp_path_factory):
    out = tmp_path_factory.mktemp("data")
    dataset = assembled
    write(dataset, out)
    return dataset, out


def value(dataset, place, indicator, year):
    o = dataset["observations"]
    hit = o[(o.place == place) & (o.indicator == indicator) & (o.year == year)]
    return None if hit.empty else float(hit.value.iloc[0])


def test_rebuild_is_byte_identical_to_shipped_data(built, shipped):
    _, out = built
    for name in FILES:
        assert filecmp.cmp(out / name, shipped / name, shallow=False), f"data/{name} differs from a fresh import"


def test_slovenian_population_equals_surs_snapshot(built, raw):
    dataset, _ = built
    snap = pd.read_csv(raw / "si/snapshots/surs_05C5003S_population_1jan_municipalities_2018_2025.csv", dtype=str)
    for code in ("052", "041", "102", "131", "096", "113", "087", "045"):
        row = snap[(snap.surs_code == code) & (snap.year == "2025")].iloc[0]
        assert value(dataset, f"SI-{code}", "population", 2025) == float(row.population_1jan)
    assert value(dataset, "SI", "population", 2025) == 2130850


def test_tertiary_share_is_tertiary_over_15plus_from_surs(built, raw):
    dataset, _ = built
    ed = pd.read_csv(raw / "si/tidy/surs_05G2018S_education_municipalities_long.csv", dtype=str)
    k = ed[(ed.geo_code == "052") & (ed.year == "2024")].set_index("education_code").value.astype(float)
    assert value(dataset, "SI-052", "tertiary_share", 2024) == pytest.approx(k["4"] / k["1"] * 100, abs=1e-4)


def test_austrian_census_values_equal_aest(built, raw):
    dataset, _ = built
    aest = pd.read_csv(raw / "at/statat_OGDEXT_AEST_GEMTAB_1_2016-2023_8gemeinden.csv", dtype=str)
    row = aest[(aest.GCD == "61108") & (aest.JAHR == "2023")].iloc[0]
    assert value(dataset, "AT-61108", "unemployment_rate", 2023) == float(row.ALQ_15PLUS)  # 6.8
    assert value(dataset, "AT-61108", "tertiary_share", 2023) == float(row.EDU_15_TER)
    assert value(dataset, "AT-61108", "jobs_per_1000", 2023) == pytest.approx(
        float(row.BESCH_AST) / float(row.BEV_ABSOLUT) * 1000, abs=1e-4)


def test_fuerstenfeld_is_fuerstenfeld_plus_soechau_before_2019(built, raw):
    dataset, _ = built
    pop = pd.read_csv(raw / "at/statat_population_1jan_2002-2018_gemeinden.csv", dtype=str).set_index("gkz")
    expected = float(pop.loc["62267", "2010"]) + float(pop.loc["62252", "2010"])
    assert value(dataset, "AT-62280", "population", 2010) == expected
    codes = set(dataset["places"].code)
    assert "AT-62267" not in codes and "AT-62252" not in codes


def test_census_rates_of_a_former_territory_are_dropped(built):
    dataset, _ = built
    o = dataset["observations"]
    # Fürstenfeld's AEST values describe the town without Söchau: never shown for today's town.
    assert o[(o.place == "AT-62280") & (o.indicator == "unemployment_rate")].empty
    # Gleisdorf grew in 2015: its smaller pre-2015 territory is not compared with later years.
    gleisdorf = o[(o.place == "AT-61760") & (o.indicator == "employment_rate")]
    assert gleisdorf.year.min() == 2015


def test_unchanged_municipality_keeps_pre_reform_census_values(built, raw):
    """Hartberg (60710 until 2012, 62219 since 2013) was not merged: its 2012 value maps to today's code."""
    dataset, _ = built
    mapping = austria._unchanged_codes(raw)
    assert mapping[(2012, "60710")] == "62219"
    assert mapping[(2013, "61108")] == "61108"
    assert (2014, "61713") not in mapping  # Gleisdorf before its merger
    aest = pd.read_csv(raw / "at/statat_OGDEXT_AEST_GEMTAB_1_2011-2015_all_gemeinden.csv", sep=";", dtype=str)
    row = aest[(aest.GCD == "60710") & (aest.JAHR == "2012")].iloc[0]
    assert value(dataset, "AT-62219", "employment_rate", 2012) == float(row.EWTQ_15BIS64.replace(",", "."))


def test_region_is_the_sum_of_its_municipalities(built):
    dataset, _ = built
    places, o = dataset["places"], dataset["observations"]
    for region in ("SI042", "AT224"):
        members = places[(places.region == region) & (places.level == "municipality")].code
        pop = o[(o.indicator == "population") & (o.year == 2020) & o.place.isin(members)]
        assert len(pop) == len(members)
        assert value(dataset, region, "population", 2020) == pop.value.sum()


def test_rates_use_mean_population_the_same_way_on_both_sides(built, raw):
    dataset, _ = built
    mv = pd.read_csv(raw / "at/stmk_population_movement_all_gemeinden_2002-2025.csv", dtype=str)
    births = mv[(mv.gkz == "61108") & (mv.year == "2022")].iloc[0]
    p22 = value(dataset, "AT-61108", "population", 2022)
    p23 = value(dataset, "AT-61108", "population", 2023)
    assert value(dataset, "AT-61108", "natural_increase_rate", 2022) == pytest.approx(
        float(births.natural_balance) / ((p22 + p23) / 2) * 1000, abs=1e-4)
    inc = pd.read_csv(raw / "si/tidy/surs_05I3002S_population_increase_municipalities_long.csv", dtype=str)
    nat = float(inc[(inc.geo_code == "052") & (inc.year == "2022") & (inc.measures_code == "1")].value.iloc[0])
    k22, k23 = value(dataset, "SI-052", "population", 2022), value(dataset, "SI-052", "population", 2023)
    assert value(dataset, "SI-052", "natural_increase_rate", 2022) == pytest.approx(nat / ((k22 + k23) / 2) * 1000, abs=1e-4)


def test_missing_stays_missing(built, raw):
    """Kidričevo's tourism figures are confidential outside 2020–2021: no value, never a zero."""
    dataset, _ = built
    o = dataset["observations"]
    kid = o[(o.place == "SI-045") & (o.indicator == "tourist_nights_per_inhabitant")]
    assert sorted(kid.year) == [2020, 2021]
    assert (o.value.notna()).all()


def test_derived_values_are_flagged_and_traceable(built):
    dataset, _ = built
    o = dataset["observations"]
    assert o.loc[(o.place == "SI-052") & (o.indicator == "tertiary_share"), "flags"].str.contains("d").all()
    assert o.loc[(o.place == "AT-61108") & (o.indicator == "unemployment_rate"), "flags"].eq("").all()
    assert o.source.str.len().gt(0).all()
    assert o.loc[(o.place == "AT-61108") & (o.indicator == "municipal_spending_per_capita") & (o.year == 2020), "flags"].str.contains("b").all()


# ---- Styria: AEST for all municipalities, territory splices, income, Styrian sums ------------

def _aest_all(raw):
    a = pd.read_csv(raw / "at/statat_OGDEXT_AEST_GEMTAB_1_2016-2021_2023_steiermark_all_gemeinden.csv",
                    sep=";", dtype=str)
    for col in a.columns[3:]:
        a[col] = a[col].str.replace(",", ".").astype(float)
    a["JAHR"] = a.JAHR.astype(int)
    return a


def test_all_styria_census_file_agrees_with_the_eight_town_file(raw):
    a = _aest_all(raw)
    b = pd.read_csv(raw / "at/statat_OGDEXT_AEST_GEMTAB_1_2016-2023_8gemeinden.csv", dtype={"GCD": str})
    b = b[b.JAHR != 2022]
    j = b.merge(a, on=["JAHR", "GCD"], suffixes=("_8", "_all"))
    assert len(j) == len(b) == 8 * 7
    for col in ("BEV_ABSOLUT", "EWTQ_15BIS64", "ALQ_15PLUS", "EDU_15_TER", "AUSPENDLER", "UNT", "BESCH_AST", "HH_SIZE"):
        assert (j[f"{col}_8"] == j[f"{col}_all"]).all(), col


def test_context_municipalities_have_census_values_from_2016(built, raw):
    dataset, _ = built
    a = _aest_all(raw)
    row = a[(a.GCD == "61120") & (a.JAHR == 2018)].iloc[0]  # Trofaiach, not a partner town
    assert value(dataset, "AT-61120", "employment_rate", 2018) == row.EWTQ_15BIS64
    assert value(dataset, "AT-61120", "jobs_per_1000", 2018) == pytest.approx(
        row.BESCH_AST / row.BEV_ABSOLUT * 1000, abs=1e-4)
    assert value(dataset, "AT-61120", "employment_rate", 2022) is None  # 2022: eight towns only
    assert value(dataset, "AT-61108", "employment_rate", 2022) is not None


def test_styria_and_regions_get_census_sums_where_every_member_has_a_value(built, raw):
    dataset, _ = built
    a = _aest_all(raw)
    y = a[a.JAHR == 2018]
    assert value(dataset, "AT22", "enterprises_per_1000", 2018) == pytest.approx(
        y.UNT.sum() / y.BEV_ABSOLUT.sum() * 1000, abs=1e-4)
    places = dataset["places"]
    members = places[(places.region == "AT224") & (places.level == "municipality")].national_code
    # today's Fürstenfeld = Fürstenfeld + Söchau; Gutenberg and Passail on their former territories add up
    codes = [c for c in members if c != "62280"] + ["62267", "62252"]
    m = y[y.GCD.isin(codes)]
    assert len(m) == len(codes)
    assert value(dataset, "AT224", "jobs_per_1000", 2018) == pytest.approx(
        m.BESCH_AST.sum() / m.BEV_ABSOLUT.sum() * 1000, abs=1e-4)
    o = dataset["observations"]
    sums = o[(o.place == "AT224") & (o.indicator == "jobs_per_1000")]
    assert sums.source.str.contains("(sum of municipalities)", regex=False).all()
    # rates published only as percentages are never summed
    assert value(dataset, "AT224", "employment_rate", 2018) is None
    assert value(dataset, "AT22", "unemployment_rate", 2018) is None


def test_fuerstenfeld_counts_are_summed_with_soechau_rates_stay_absent(built, raw):
    dataset, _ = built
    a = _aest_all(raw)
    y = a[(a.JAHR == 2023) & a.GCD.isin(["62267", "62252"])]
    assert value(dataset, "AT-62280", "enterprises_per_1000", 2023) == pytest.approx(
        y.UNT.sum() / y.BEV_ABSOLUT.sum() * 1000, abs=1e-4)
    assert value(dataset, "AT-62280", "employment_rate", 2023) is None


def test_gutenberg_and_passail_only_on_todays_territory(built, raw):
    dataset, _ = built
    o = dataset["observations"]
    for code in ("AT-61761", "AT-61763"):
        mine = o[o.place == code]
        assert mine[mine.indicator == "population"].year.min() == 2019  # 1 Jan 2019 is on today's territory
        assert mine[mine.indicator == "natural_increase_rate"].year.min() == 2019
        # the 2011 age groups are on today's territory: a ratio of two of them stays
        assert value(dataset, code, "ageing_index", 2011) is not None
        census = mine[mine.indicator.isin(["employment_rate", "jobs_per_1000", "net_income_fulltime_median"])]
        assert census.year.min() == 2020
        assert value(dataset, code, "share_under_15", 2011) is None  # today's 0–14 over the old total
    pop = pd.read_csv(raw / "at/statat_population_1jan_2002-2018_gemeinden.csv", dtype=str).set_index("gkz")
    places = dataset["places"]
    members = places[(places.region == "AT224") & (places.level == "municipality")].national_code
    expected = sum(float(pop.loc[c, "2010"]) for c in members if c != "62280")
    expected += float(pop.loc["62267", "2010"]) + float(pop.loc["62252", "2010"])
    assert value(dataset, "AT224", "population", 2010) == expected  # the region's sum keeps both


def test_net_income_median_by_municipality_of_residence(built, raw):
    dataset, _ = built
    assert value(dataset, "AT-61108", "net_income_fulltime_median", 2022) == 33833.42  # Leoben, PROVENANCE §5.1
    assert value(dataset, "AT-61108", "net_income_fulltime_median", 2004) == 20974.66  # not merged in 2015
    assert value(dataset, "AT-62219", "net_income_fulltime_median", 2008) is not None  # Hartberg, 60710 then
    assert value(dataset, "AT-62139", "net_income_fulltime_median", 2014) is None  # Bruck before its merger
    assert value(dataset, "AT-62139", "net_income_fulltime_median", 2015) == 28409.43
    o = dataset["observations"]
    assert o[(o.place == "AT-62280") & (o.indicator == "net_income_fulltime_median")].empty
    assert o[(o.place.isin(["AT223", "AT224"])) & (o.indicator == "net_income_fulltime_median")].empty
    bl = pd.read_csv(raw / "at/statat_lohnsteuer_ganzjaehrig_vollzeit_bundeslaender_2004-2021_derstandard.csv")
    med = bl[(bl.sex == "Zusammen") & (bl.type == "Nettobezüge") & (bl.variable == "Median") & (bl.year == 2021)]
    assert value(dataset, "AT22", "net_income_fulltime_median", 2021) == float(med[med.bl == "Steiermark"].val.iloc[0])
    assert value(dataset, "AT", "net_income_fulltime_median", 2021) == float(med[med.bl == "ÖSTERREICH"].val.iloc[0])
    assert value(dataset, "AT", "net_income_fulltime_median", 2022) is None  # the municipal file's "Zusammen" is not Austria


def test_income_code_lists_follow_the_statistics_own_territorial_status(raw):
    mapping = austria._unchanged_codes(raw, austria.INCOME_CODE_LISTS)
    assert mapping[(2005, "60710")] == "62219"  # Hartberg before the 2013 district merger
    assert mapping[(2012, "62219")] == "62219"  # 2012 is already on the 2013 status
    assert (2012, "60710") not in mapping
    # Trofaiach grew on 1 Jan 2013 and stayed whole in 2015: on today's territory from 2012 (2013 status) on
    assert (2011, "61117") not in mapping and mapping[(2012, "61120")] == "61120"


def test_gdp_in_purchasing_power_standards(built, raw):
    dataset, _ = built
    line = next(l for l in (raw / "at/eurostat_nama_10r_3gdp_AT_SI.tsv").read_text().splitlines()
                if l.startswith("PPS_EU27_2020_HAB,AT223\t"))
    head = (raw / "at/eurostat_nama_10r_3gdp_AT_SI.tsv").read_text().splitlines()[0].split("\t")
    cell = line.split("\t")[[h.strip() for h in head].index("2019")]
    assert value(dataset, "AT223", "gdp_pps_per_inhabitant", 2019) == float(cell.split()[0])
    assert value(dataset, "SI042", "gdp_pps_per_inhabitant", 2019) is not None


def test_gross_income_median_to_2021(built, raw):
    dataset, _ = built
    g = pd.read_csv(raw / "at/statat_lohnsteuer_ganzjaehrig_vollzeit_gemeinden_2004-2022_AT_long.csv.gz",
                    dtype={"gkz_source_year": str})
    row = g[(g.gkz_source_year == "61108") & (g.year == 2021) & (g.sex_de == "Zusammen")
            & (g.income_type_de == "Bruttobezüge") & (g.statistic_de == "Median")]
    assert value(dataset, "AT-61108", "gross_income_fulltime_median", 2021) == float(row.value.iloc[0])
    assert value(dataset, "AT-61108", "gross_income_fulltime_median", 2022) is None  # not published
    assert value(dataset, "AT22", "gross_income_fulltime_median", 2021) == 43889.5


def test_styrian_age_structure_every_year_checked_against_land_steiermark(built, raw):
    """Styria's shares come from Eurostat; the Land Steiermark file of 1 Jan 2017 gives the same numbers."""
    dataset, _ = built
    a = pd.read_csv(raw_dir() / "at/landstmk_STMK_01012017_AGE.csv", sep=";", dtype=str)  # a check file, not imported
    young, total = a.POP_0_14.astype(int).sum(), a.POP_TOTAL.astype(int).sum()
    assert value(dataset, "AT22", "population", 2017) == total
    assert value(dataset, "AT22", "share_under_15", 2017) == pytest.approx(young / total * 100, abs=1e-4)
    years = dataset["observations"].query("place == 'AT22' and indicator == 'share_65_plus'").year
    assert set(range(2002, 2023)) <= set(years)


# ---- error paths -------------------------------------------------------------------------

def shadow(raw: Path, tmp: Path, replace: dict[str, str | None]) -> Path:
    """A raw folder of symlinks in which some files are replaced (text) or removed (None)."""
    for src in raw.rglob("*"):
        rel = src.relative_to(raw)
        dst = tmp / rel
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        elif str(rel) not in replace:
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src, dst)
    for rel, text in replace.items():
        if text is not None:
            (tmp / rel).write_text(text, encoding="utf-8")
    return tmp


def test_missing_raw_file_is_named(raw, tmp_path):
    rel = "at/statat_population_1jan_2019-2025_steiermark_gebietsstand2026.csv"
    with pytest.raises(RawDataError) as err:
        assemble(shadow(raw, tmp_path, {rel: None}))
    assert "statat_population_1jan_2019-2025" in str(err.value) and "not found" in str(err.value)


def test_malformed_value_names_file_row_and_column(raw, tmp_path):
    rel = "si/snapshots/surs_05C5003S_population_1jan_municipalities_2018_2025.csv"
    lines = (raw / rel).read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",12x45"
    with pytest.raises(RawDataError) as err:
        assemble(shadow(raw, tmp_path, {rel: "\n".join(lines) + "\n"}))
    msg = str(err.value)
    assert "surs_05C5003S" in msg and "row 4" in msg and "population_1jan" in msg and "12x45" in msg


def test_renamed_column_is_reported(raw, tmp_path):
    rel = "at/stmk_population_movement_all_gemeinden_2002-2025.csv"
    text = (raw / rel).read_text(encoding="utf-8").replace("natural_balance", "nat_bal", 1)
    with pytest.raises(RawDataError, match="missing column.*natural_balance"):
        assemble(shadow(raw, tmp_path, {rel: text}))


def test_failed_import_leaves_existing_data_untouched(raw, tmp_path, capsys, shipped):
    out = tmp_path / "data"
    out.mkdir()
    for name in FILES:
        (out / name).write_bytes((shipped / name).read_bytes())
    before = {name: (out / name).read_bytes() for name in FILES}
    broken = shadow(raw, tmp_path / "raw", {"si/municipalities_crosswalk.csv": None})
    code = ingest_main(["--raw", str(broken), "--out", str(out)])
    assert code == 2
    assert "municipalities_crosswalk.csv" in capsys.readouterr().err
    assert {name: (out / name).read_bytes() for name in FILES} == before


def test_malformed_census_value_of_a_context_municipality_names_file_row_and_column(raw, tmp_path):
    rel = "at/statat_OGDEXT_AEST_GEMTAB_1_2016-2021_2023_steiermark_all_gemeinden.csv"
    lines = (raw / rel).read_text(encoding="utf-8").splitlines()
    cells = lines[5].split(";")
    cells[15] = "18x4"  # UNT (enterprises)
    lines[5] = ";".join(cells)
    with pytest.raises(RawDataError) as err:
        assemble(shadow(raw, tmp_path, {rel: "\n".join(lines) + "\n"}))
    msg = str(err.value)
    assert "steiermark_all_gemeinden" in msg and "row 6" in msg and "UNT" in msg and "18x4" in msg


def test_merged_towns_get_census_counts_summed_over_their_former_municipalities(built, raw):
    """Gleisdorf 2013 = Gleisdorf + Labuch + Laßnitzthal + Nitscha + Ungerdorf (whole municipalities)."""
    dataset, _ = built
    a = pd.read_csv(raw / "at/statat_OGDEXT_AEST_GEMTAB_1_2011-2015_all_gemeinden.csv", sep=";", dtype=str)
    parts = a[(a.JAHR == "2013") & a.GCD.isin(["61713", "61725", "61726", "61734", "61752"])]
    assert len(parts) == 5
    unt, pop = (parts[c].str.replace(".", "", regex=False).astype(int).sum() for c in ("UNT", "BEV_ABSOLUT"))
    assert value(dataset, "AT-61760", "enterprises_per_1000", 2013) == pytest.approx(unt / pop * 1000, abs=1e-4)
    assert value(dataset, "AT-61760", "employment_rate", 2013) is None  # rates do not add up
    # with Trofaiach (formed in 2013) every member of Eastern Upper Styria has 2013 values: the region has a sum
    assert value(dataset, "AT223", "jobs_per_1000", 2013) is not None
    assert value(dataset, "AT223", "jobs_per_1000", 2012) is None  # Trofaiach's 2012 territory was smaller

