"""Slovenian derivations (dashboard/ingest/slovenia_derived.py), re-checked against the raw files:
each derivation against the published numbers it must reproduce, and the gate that keeps a failed
derivation (the registered unemployment rate 2017–2020) out of the data."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.ingest import places
from dashboard.ingest import slovenia_derived as sd

pytestmark = pytest.mark.raw


@pytest.fixture(scope="module", params=["shared-raw", "fetch-cache"])
def raw(request, raw_root, tmp_path_factory):
    """Every test here runs on ../shared/data/raw and on a raw cache filled by `fetch` from a local
    stand-in of the publishers (the SURS files there are re-shaped from PX answers)."""
    if request.param == "shared-raw":
        return raw_root
    from publisher_server import shared_fetch_cache
    return shared_fetch_cache(raw_root, tmp_path_factory)


@pytest.fixture(scope="module")
def shipped_obs(shipped):
    """data/observations.csv — test_ingest checks it equals a fresh import, so it stands for one."""
    o = pd.read_csv(shipped / "observations.csv", dtype={"place": str, "indicator": str, "flags": str,
                                                          "source": str}, keep_default_na=False)
    return o


@pytest.fixture(scope="module")
def si_counts(shipped_obs):
    """Counts pop and pop_0_14 of Slovenian municipalities, recovered exactly from the shipped data
    (population is the count; the 0–14 count is the share × population, rounded to the whole person
    it is: the 4-decimal share is precise to far better than half a person)."""
    o = shipped_obs[shipped_obs.place.str.startswith("SI-")]
    pop = o[o.indicator == "population"][["place", "year", "value", "source", "flags"]]
    share = o[(o.indicator == "share_under_15") & (o.year < 2025)][["place", "year", "value", "source"]]
    j = share.merge(pop, on=["place", "year"], suffixes=("_share", ""))
    young = pd.DataFrame({"place": j.place, "measure": "pop_0_14", "year": j.year,
                          "value": (j.value_share * j.value / 100).round(), "source": j.source_share, "flags": "d"})
    return pd.concat([pop.assign(measure="pop"), young], ignore_index=True)


def test_every_slovenian_municipality_lies_in_one_zrsz_office(raw):
    m = sd.registered_unemployed_and_employed(raw)
    assert m.place.nunique() == 212
    assert set(m.year) == {2017, 2018, 2019, 2020}
    assert m.office.notna().all() and m.office.nunique() == 12
    offices = m.drop_duplicates("place").set_index("place").office
    assert offices["SI-052"] == offices["SI-131"] == "Kranj"
    assert offices["SI-096"] == offices["SI-045"] == offices["SI-087"] == "Ptuj"
    assert offices["SI-113"] == "Maribor"
    assert offices["SI-060"] == "Trbovlje"  # Litija: settled by the check, see OFFICE_OF_UE


def test_zrsz_annual_rate_drops_the_repeated_june_of_2017(raw):
    rates = sd.zrsz_office_rates(raw).set_index(["office", "year"]).rate
    # ZRSZ's own I–XII averages in ZRSZ_Stopnja_BO_OS_2005-2025.xls: 9.4902 (2017), 8.2496 (2018)
    assert rates["Slovenija", 2017] == pytest.approx(9.4902, abs=0.005)
    assert rates["Slovenija", 2018] == pytest.approx(8.2496, abs=0.005)
    assert rates["Ptuj", 2017] == pytest.approx(8.8828, abs=0.005)


def test_unemployment_rate_2017_2020_fails_its_check_so_is_not_published(raw):
    check = sd.unemployment_rate_check(raw)
    assert len(check) == 13 * 4  # twelve offices and Slovenia, 2017–2020
    dev = check.set_index(["office", "year"]).deviation
    assert dev["Kranj"].abs().max() < 0.1
    assert dev["Slovenija"].abs().max() < 0.2
    # farmers are missing from 0723405S: the rate comes out too high, most in Pomurje
    assert (dev > -0.01).all()
    assert dev["Murska Sobota"].min() > 0.7
    assert dev.abs().max() > sd.UNEMPLOYMENT_TOLERANCE_PP
    assert sd.unemployment_rate(raw).empty


def test_no_unemployment_rate_after_2016_for_slovenia(shipped_obs):
    o = shipped_obs
    si = o[(o.indicator == "unemployment_rate") & o.place.str.startswith("SI")]
    assert si.year.max() == 2016


def test_derived_jobs_add_up_to_slovenias_persons_in_employment(raw):
    check = sd.jobs_workplace_check(raw)
    assert list(check.year) == list(range(2008, 2024))
    assert (check.difference.abs() <= check.bound).all()


def test_jobs_per_1000_is_index_times_employed_residents_over_population(raw, shipped_obs):
    o = shipped_obs
    mig = pd.read_csv(raw / "si/tidy/surs_0772750S_labour_migration_municipalities_long.csv", dtype=str)
    emp = pd.read_csv(raw / "si/tidy/surs_0723405S_persons_in_employment_by_residence_long.csv", dtype=str)
    index = float(mig[(mig.geo_code == "052") & (mig.year == "2019") & (mig.indicator_code == "DAK-MIGR-INDEKS")].value.iloc[0])
    employed = float(emp[(emp.geo_code == "052") & (emp.year == "2019")].value.iloc[0])
    pop = o[(o.place == "SI-052") & (o.indicator == "population") & (o.year == 2019)].value.iloc[0]
    row = o[(o.place == "SI-052") & (o.indicator == "jobs_per_1000") & (o.year == 2019)].iloc[0]
    assert row.value == pytest.approx(index / 100 * employed / pop * 1000, abs=1e-4)  # shipped to 4 decimals
    assert "d" in row["flags"] and row.source.startswith("SURS 0772750S + SURS 0723405S")
    # rounding bound of the published index: 0.5 × employed / inhabitants per 1,000
    assert 0.5 * employed / pop < 0.3
    jobs = o[(o.indicator == "jobs_per_1000") & o.place.isin(["SI042", "SI032", "SI"])]
    assert set(jobs.year) >= set(range(2008, 2024))


def test_gross_earnings_tables_agree_so_2005_2007_are_added(raw, shipped_obs):
    o = shipped_obs
    check = sd.gross_earnings_check(raw, o[o.year >= 2008])
    assert len(check) == 60 * 12 and check.difference.abs().max() < 0.005  # shipped: 59 municipalities + SI, 2008–2019
    kranj = o[(o.place == "SI-052") & (o.indicator == "gross_earnings")].set_index("year")
    assert kranj.loc[2005, "value"] == 1183.77 and kranj.loc[2005, "source"] == "SURS 0772615S"
    assert kranj.loc[2008, "source"] == "SURS 2640010S"


def test_eurostat_age_structure_joins_only_series_that_agree(raw, shipped_obs):
    o = shipped_obs
    check = sd.eurostat_age_check(raw, o[~o.source.str.startswith("Eurostat")])
    young = check[check.indicator == "share_under_15"]
    assert set(young.place) == {"SI042", "SI032", "SI"} and young.difference.abs().max() < 1e-4  # shipped to 4 decimals
    ageing_si = check[(check.place == "SI") & (check.indicator == "ageing_index")].set_index("year").difference
    assert ageing_si.drop(2008).abs().max() <= 0.05 + 1e-9 and abs(ageing_si[2008]) > 0.25
    src = o[(o.place == "SI") & (o.indicator == "ageing_index")].source
    assert (src == "SURS 2640010S").all()  # the series that disagrees stays SURS only
    s65 = o[(o.place == "SI042") & (o.indicator == "share_65_plus")]
    assert list(s65.year) == list(range(2003, 2023)) and (s65.source == sd.AGE_SOURCE).all()
    young_si = o[(o.place == "SI") & (o.indicator == "share_under_15")].set_index("year").source
    assert young_si[2005] == sd.AGE_SOURCE and young_si[2015].startswith("SURS")


def test_municipal_65_plus_sums_to_eurostat_within_the_rounding_bound(raw, shipped, shipped_obs, si_counts):
    table = pd.read_csv(shipped / "places.csv", dtype=str, keep_default_na=False, na_values=[""])
    members = {r: m for r, m in places.members(table).items() if r.startswith("SI")}
    check = sd.share_65_plus_check(raw, shipped_obs, si_counts, members)
    assert set(check.year) == set(range(2011, 2022)) and set(check.place) == {"SI042", "SI032"}
    assert (check.difference.abs() <= check.bound).all()
    o = shipped_obs
    kranj = o[(o.place == "SI-052") & (o.indicator == "share_65_plus")].set_index("year")
    assert list(kranj.index) == [*range(2011, 2022), 2025]
    assert kranj.loc[2015, "flags"] == "d"


def test_office_mapping_reproduces_zrsz_office_rates_from_published_municipal_rates(raw):
    check = sd.office_mapping_check(raw)
    assert set(check.year) == set(range(2008, 2017)) and check.office.nunique() == 12
    rms = (check.deviation ** 2).mean() ** 0.5
    assert rms < 0.07 and check.deviation.abs().max() < 0.2
    for ue, office in (("Litija", "Ljubljana"), ("Ormož", "Maribor"), ("Slovenska Bistrica", "Ptuj"),
                       ("Ptuj", "Maribor")):
        moved = sd.office_mapping_check(raw, {**sd.OFFICE_OF_UE, ue: office})
        assert (moved.deviation ** 2).mean() ** 0.5 > 1.5 * rms, ue
