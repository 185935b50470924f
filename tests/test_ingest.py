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

pytestmark = pytest.mark.raw


@pytest.fixture(scope="module")
def built(raw, tmp_path_factory):
    out = tmp_path_factory.mktemp("data")
    dataset = assemble(raw)
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
