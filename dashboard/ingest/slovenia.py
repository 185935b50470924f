"""Slovenian municipal statistics (SURS, Ministry of Finance) → counts and published observations.

Reads the folder `si/` as described in its PROVENANCE.md. The key is the SURS 3-digit municipality
code; `0` (SLOVENIJA) becomes the country `SI`. Only published numbers are taken; ratios that SURS
does not publish are computed later from these counts, the same way as for Austria.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import RawDataError
from .readers import expect_values, numbers, read_csv
from .tables import COUNT_COLUMNS, OBS_COLUMNS, concat, counts, obs


def si_code(geo_code: pd.Series) -> pd.Series:
    code = geo_code.astype(str).str.strip()
    return code.where(code == "0", "SI-" + code.str.zfill(3)).where(code != "0", "SI")


def municipalities(raw: Path) -> pd.DataFrame:
    """All 212 municipalities with their NUTS 3 region (crosswalk, §1)."""
    path = raw / "si" / "municipalities_crosswalk.csv"
    df = read_csv(path, ["surs_code", "name", "name_short", "nuts3_code"])
    if len(df) != 212:
        raise RawDataError(path, f"{len(df)} rows", expected="212 rows, one per Slovenian municipality")
    return pd.DataFrame({"place": "SI-" + df["surs_code"].str.zfill(3), "name": df["name"],
                         "region": df["nuts3_code"], "national_code": df["surs_code"].str.zfill(3)})


def _tidy(raw: Path, name: str, columns: list[str]) -> tuple[pd.DataFrame, Path]:
    path = raw / "si" / "tidy" / name
    df = read_csv(path, ["geo_code", "year", "value", *columns])
    df["value_num"] = numbers(df, "value", path)
    df["place"] = si_code(df["geo_code"])
    return df, path


def read(raw: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (counts, observations) for every Slovenian municipality and Slovenia."""
    c: list[pd.DataFrame] = []
    o: list[pd.DataFrame] = []

    # Population 1 Jan: 2640010S for 2008–2017, 05C5003S from 2018 (identical where they overlap, §15).
    d, p = _tidy(raw, "surs_2640010S_selected_measures_2008_2021_long.csv", ["measure_sl"])
    m = {
        "pop": "Število prebivalcev - 1. januar",
        "ageing": "Indeks staranja - 1. januar",
        "gross": "Povprečna mesečna bruto plača na zaposleno osebo (EUR)",
    }
    expect_values(d, "measure_sl", list(m.values()), p)
    d["year"] = d["year"].astype(int)
    pop = d[(d.measure_sl == m["pop"]) & (d.year < 2018)]
    c.append(counts(pop.place, "pop", pop.year, pop.value_num, "SURS 2640010S"))
    ageing = d[d.measure_sl == m["ageing"]]
    o.append(obs(ageing.place, "ageing_index", ageing.year, ageing.value_num, "SURS 2640010S"))
    gross = d[d.measure_sl == m["gross"]]
    o.append(obs(gross.place, "gross_earnings", gross.year, gross.value_num, "SURS 2640010S",
                 flags=gross.year.map(lambda y: "b" if y == 2015 else "")))

    p = raw / "si" / "snapshots" / "surs_05C5003S_population_1jan_municipalities_2018_2025.csv"
    d = read_csv(p, ["surs_code", "year", "population_1jan"])
    c.append(counts(si_code(d.surs_code), "pop", d.year, numbers(d, "population_1jan", p, allow_missing=False),
                    "SURS 05C5003S"))

    # 2025 cross-section (first release): published shares, ageing index, jobs by workplace, earnings.
    d, p = _tidy(raw, "surs_2640010S_municipal_indicators_2025_long.csv", ["measure_sl"])
    snap = {
        "share_under_15": "Delež prebivalcev starih 0 do 14 let - 1. januar",
        "share_65_plus": "Delež prebivalcev starih 65 let ali več - 1. januar",
        "ageing_index": "Indeks staranja - 1. januar",
        "gross_earnings": "Povprečna mesečna bruto plača na zaposleno osebo (EUR)",
    }
    jobs = "Število delovno aktivnih prebivalcev (po delovnem mestu)"
    expect_values(d, "measure_sl", [*snap.values(), jobs], p)
    for ind, measure in snap.items():
        s = d[d.measure_sl == measure]
        o.append(obs(s.place, ind, s.year, s.value_num, "SURS 2640010S", flags="p"))
    s = d[d.measure_sl == jobs]
    c.append(counts(s.place, "jobs_workplace", s.year, s.value_num, "SURS 2640010S", flags="p"))

    # Vital statistics and migration (05I3002S): 1 natural increase, 2 + 3 net migration, 4 total increase.
    d, p = _tidy(raw, "surs_05I3002S_population_increase_municipalities_long.csv", ["measures_code"])
    expect_values(d, "measures_code", ["1", "2", "3", "4"], p)
    d = d[d.year.astype(int) >= 2008]  # population definition changed in 2008 (break in series)
    wide = d.pivot_table(index=["place", "year"], columns="measures_code", values="value_num", aggfunc="first")
    wide = wide.reset_index()
    src = "SURS 05I3002S"
    c.append(counts(wide.place, "natural_increase", wide.year, wide["1"], src))
    c.append(counts(wide.place, "net_migration", wide.year, wide["2"] + wide["3"], src))
    c.append(counts(wide.place, "pop_change", wide.year, wide["4"], src))

    # Education (05G2018S): 1 = population 15+, 4 = tertiary; 0–14 = population − 15+ (same date, §16).
    d, p = _tidy(raw, "surs_05G2018S_education_municipalities_long.csv", ["education_code"])
    expect_values(d, "education_code", ["1", "4"], p)
    for code, measure in (("1", "pop_15plus"), ("4", "tertiary_15plus")):
        s = d[d.education_code == code]
        c.append(counts(s.place, measure, s.year, s.value_num, "SURS 05G2018S"))

    # Labour market.
    d, p = _tidy(raw, "surs_0772815S_employment_rate_municipalities_long.csv", ["indicator_code"])
    expect_values(d, "indicator_code", ["DAK-DELAKT-SKUPAJ"], p)
    s = d[d.indicator_code == "DAK-DELAKT-SKUPAJ"]
    o.append(obs(s.place, "employment_rate", s.year, s.value_num, "SURS 0772815S"))

    d, p = _tidy(raw, "surs_0772750S_labour_migration_municipalities_long.csv", ["indicator_code"])
    expect_values(d, "indicator_code", ["DAK-MIGR-INDEKS", "DAK-MIGR-IZOBCINE"], p)
    for code, ind in (("DAK-MIGR-INDEKS", "labour_migration_index"), ("DAK-MIGR-IZOBCINE", "out_commuter_share")):
        s = d[d.indicator_code == code]
        o.append(obs(s.place, ind, s.year, s.value_num, "SURS 0772750S"))

    d, p = _tidy(raw, "surs_registered_unemployment_rate_municipalities_2005_2016_long.csv", ["sex_sl", "measure_sl"])
    s = d[(d.sex_sl == "Spol - SKUPAJ") & d.measure_sl.str.startswith("Stopnja registrirane brezposelnosti")]
    if s.empty:
        raise RawDataError(p, "no rows for the registered unemployment rate, both sexes", column="measure_sl")
    o.append(obs(s.place, "unemployment_rate", s.year, s.value_num, "SURS (07009) registered unemployment rate"))

    # Income and earnings.
    d, p = _tidy(raw, "surs_0883205S_gross_income_municipalities_long.csv", ["measures_code", "gross_income_code"])
    s = d[(d.measures_code == "1") & (d.gross_income_code == "0")]
    o.append(obs(s.place, "gross_income_per_capita", s.year, s.value_num, "SURS 0883205S"))

    # Enterprises, dwellings.
    d, p = _tidy(raw, "surs_1418807S_enterprises_municipalities_long.csv", ["measure_sl"])
    expect_values(d, "measure_sl", ["Število podjetij"], p)
    s = d[d.measure_sl == "Število podjetij"]
    c.append(counts(s.place, "enterprises", s.year, s.value_num, "SURS 1418807S"))

    d, p = _tidy(raw, "surs_dwellings_completed_estimate_municipalities_long.csv", ["measure_sl", "rooms_sl"])
    s = d[(d.measure_sl == "Število") & (d.rooms_sl == "Stanovanja - SKUPAJ")]
    c.append(counts(s.place, "dwellings_completed", s.year, s.value_num, "SURS 1906903S (dwellings completed, estimate)"))

    # Tourism: all municipalities 2018 (arrivals 2018–2019), selected municipalities 2018–2025 by origin.
    d, p = _tidy(raw, "surs_2164525S_tourism_all_municipalities_2018_2019_long.csv", ["countries_sl", "measure_sl"])
    d = d[d.countries_sl.str.upper() == "DRŽAVE - SKUPAJ"]
    for label, measure in (("Prenočitve turistov", "nights"), ("Prihodi turistov", "arrivals")):
        s = d[d.measure_sl == label]
        c.append(counts(s.place, measure, s.year, s.value_num, "SURS 2164525S"))
    p = raw / "si" / "snapshots" / "surs_2164525S_tourism_arrivals_nights_selected_2018_2025.csv"
    d = read_csv(p, ["surs_code", "year", "origin", "tourist_arrivals", "tourist_overnight_stays"])
    d["place"] = si_code(d.surs_code)
    d["arrivals"] = numbers(d, "tourist_arrivals", p)
    d["nights"] = numbers(d, "tourist_overnight_stays", p)
    d["year"] = d.year.astype(int)
    d = d[d.year >= 2019]  # 2018 comes from the all-municipality export above
    both = d.groupby(["place", "year"]).agg(arrivals=("arrivals", lambda v: v.sum(min_count=2)),
                                            nights=("nights", lambda v: v.sum(min_count=2)),
                                            n=("origin", "nunique")).reset_index()
    both = both[both.n == 2]  # domestic + foreign must both be published
    flags = both.year.map(lambda y: "dp" if y == 2025 else "d")
    for measure in ("arrivals", "nights"):
        c.append(counts(both.place, measure, both.year, both[measure], "SURS 2164525S", flags=flags))

    # Municipal budgets 2007–2014 (Ministry of Finance): total expenditure II.
    p = raw / "si" / "budgets_mf" / "municipal_budget_summary_2007_2014.csv"
    d = read_csv(p, ["surs_code", "year", "exp_total_II", "exp_total_II_is_derived"])
    c.append(counts(si_code(d.surs_code), "expenditure", d.year, numbers(d, "exp_total_II", p),
                    "Ministrstvo za finance (realised municipal budgets)",
                    flags=d.exp_total_II_is_derived.map(lambda v: "d" if str(v).strip() == "1" else "")))

    return concat(c, COUNT_COLUMNS), concat(o, OBS_COLUMNS)


def read_regions(raw: Path) -> pd.DataFrame:
    """Ratios SURS publishes for statistical regions (and that cannot be summed from municipalities)."""
    path = raw / "si" / "tidy" / "surs_regions_xlsx_long.csv"
    d = read_csv(path, ["table_id", "nuts_code", "year", "measure_en", "value"])
    d["value_num"] = numbers(d, "value", path)
    wanted = {
        ("0772820S", "Employment rate"): "employment_rate",
        ("0772755S", "Labour migration index"): "labour_migration_index",
        ("0883203S", "Gross income - TOTAL"): "gross_income_per_capita",
    }
    out = []
    for (table, measure), ind in wanted.items():
        s = d[(d.table_id == table) & (d.measure_en == measure) & d.nuts_code.str.match(r"^SI0\d\d$")]
        if s.empty:
                raise RawDataError(path, f"no regional rows for {table} '{measure}'", column="measure_en")
        out.append(obs(s.nuts_code, ind, s.year, s.value_num, f"SURS {table}"))
    return concat(out, OBS_COLUMNS)
