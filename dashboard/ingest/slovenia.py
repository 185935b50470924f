"""Slovenian municipal statistics (SURS, Ministry of Finance) → counts and published observations.

Reads the folder `si/` as described in its PROVENANCE.md. The key is the SURS 3-digit municipality
code; `0` (SLOVENIJA) becomes the country `SI`. Only published numbers are taken; ratios that SURS
does not publish are computed later from these counts, the same way as for Austria.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import RawDataError
from .readers import corrected, expect_values, numbers, read_csv, whole_numbers
from .tables import COUNT_COLUMNS, OBS_COLUMNS, add_flag, concat, counts, obs

# Municipalities that lost territory when new municipalities were created (SURS PROVENANCE.md §11:
# municipalities created 2006/2011/2015; Šmartno pri Litiji 2002). parent: {new municipality carved
# out of it: first year SURS publishes it}. Values of the parent before the latest of those years describe
# the larger, pre-split territory and are dropped, for every indicator, so that no series joins two
# territories. The years are those from which SURS publishes the new municipalities (05I3002S);
# read() checks this list against that table. Regions are not affected: their territory did not change.
SPLITS = {
    "SI-060": {"SI-194": 2003},  # Litija -> Šmartno pri Litiji
    "SI-003": {"SI-207": 2007},  # Bled -> Gorje
    "SI-028": {"SI-196": 2007},  # Gorišnica -> Cirkulane
    "SI-029": {"SI-195": 2007},  # Gornja Radgona -> Apače
    "SI-054": {"SI-197": 2007},  # Krško -> Kostanjevica na Krki
    "SI-058": {"SI-204": 2007, "SI-210": 2007},  # Lenart -> Sveta Trojica, Sveti Jurij v Slov. goricah
    "SI-079": {"SI-209": 2007},  # Mozirje -> Rečica ob Savinji
    "SI-084": {"SI-201": 2007},  # Nova Gorica -> Renče-Vogrsko
    "SI-085": {"SI-203": 2007, "SI-206": 2007},  # Novo mesto -> Straža, Šmarješke Toplice
    "SI-087": {"SI-202": 2007, "SI-205": 2007},  # Ormož -> Središče ob Dravi, Sveti Tomaž
    "SI-113": {"SI-198": 2007, "SI-200": 2007},  # Slovenska Bistrica -> Makole, Poljčane
    "SI-140": {"SI-208": 2007},  # Vrhnika -> Log-Dragomer
    "SI-130": {"SI-199": 2007, "SI-211": 2007, "SI-212": 2012},  # Trebnje -> Mokronog-Trebelno, Šentrupert, Mirna
    "SI-050": {"SI-213": 2015},  # Koper -> Ankaran
}
FIRST_YEAR = 2000  # the import keeps nothing older; splits before it need no entry

# Known breaks in series of the Slovenian population stock: first year after the break -> why.
# 1 Jan 2008 (2640010S) is still on the old definition of population, 1 Jan 2009 on the new one, so
# 1 Jan 2008 + total increase 2008 differs from 1 Jan 2009 (by 15,597 for Slovenia). read() checks
# that the stock/flow identity fails for Slovenia exactly in the years listed here.
POPULATION_BREAKS = {2009: "SURS definition of population changed in 2008"}


def si_code(geo_code: pd.Series) -> pd.Series:
    code = geo_code.astype(str).str.strip()
    return code.where(code == "0", "SI-" + code.str.zfill(3)).where(code != "0", "SI")


def municipalities(raw: Path) -> pd.DataFrame:
    """All 212 municipalities with their NUTS 3 region (crosswalk, §1)."""
    path = raw / "si" / "municipalities_crosswalk.csv"
    df = read_csv(path, ["surs_code", "name", "name_short", "nuts3_code"], key=["surs_code"])
    if len(df) != 212:
        raise RawDataError(path, f"{len(df)} rows", expected="212 rows, one per Slovenian municipality")
    return pd.DataFrame({"place": "SI-" + df["surs_code"].str.zfill(3), "name": df["name"],
                         "region": df["nuts3_code"], "national_code": df["surs_code"].str.zfill(3)})


def _tidy(raw: Path, name: str, columns: list[str]) -> tuple[pd.DataFrame, Path]:
    """A SURS long file keyed by municipality, year and the dimension columns the reader uses."""
    path = raw / "si" / "tidy" / name
    df = read_csv(path, ["geo_code", "year", "value", *columns], key=["geo_code", "year", *columns])
    df["value_num"] = numbers(df, "value", path)
    df["year"] = df["year"].astype(int)
    df["place"] = si_code(df["geo_code"])
    return df, path


def _count(s: pd.DataFrame, path: Path, column: str = "value", parsed: str = "value_num") -> pd.Series:
    """The parsed numbers of a count column, after checking they are whole (naming the file row)."""
    whole_numbers(s[parsed], s, column, path)
    return s[parsed]


def read(raw: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (counts, observations) for every Slovenian municipality and Slovenia."""
    c: list[pd.DataFrame] = []
    o: list[pd.DataFrame] = []

    # Population 1 Jan: 2640010S for 2008–2017, 05C5003S from 2018 (identical where they overlap, §15).
    d, p = _tidy(raw, "surs_2640010S_selected_measures_2008_2021_long.csv", ["measure_sl"])
    p_pop = p
    m = {
        "pop": "Število prebivalcev - 1. januar",
        "ageing": "Indeks staranja - 1. januar",
        "gross": "Povprečna mesečna bruto plača na zaposleno osebo (EUR)",
    }
    expect_values(d, "measure_sl", list(m.values()), p)
    d["year"] = d["year"].astype(int)
    pop = d[(d.measure_sl == m["pop"]) & (d.year < 2018)]
    c.append(counts(pop.place, "pop", pop.year, _count(pop, p), "SURS 2640010S"))
    ageing = d[d.measure_sl == m["ageing"]]
    o.append(obs(ageing.place, "ageing_index", ageing.year, ageing.value_num, "SURS 2640010S"))
    gross = d[d.measure_sl == m["gross"]]
    o.append(obs(gross.place, "gross_earnings", gross.year, gross.value_num, "SURS 2640010S",
                 flags=gross.year.map(lambda y: "b" if y == 2015 else "")))

    p = raw / "si" / "snapshots" / "surs_05C5003S_population_1jan_municipalities_2018_2025.csv"
    d = read_csv(p, ["surs_code", "year", "population_1jan"], key=["surs_code", "year"])
    d["pop"] = numbers(d, "population_1jan", p, allow_missing=False)
    c.append(counts(si_code(d.surs_code), "pop", d.year, _count(d, p, "population_1jan", "pop"), "SURS 05C5003S"))

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
    # "b": the 2025 count includes farmers; the 2008–2023 series derived from 0772750S + 0723405S
    # (slovenia_derived.jobs_workplace) does not, so 2025 is the first year after a break.
    c.append(counts(s.place, "jobs_workplace", s.year, _count(s, p), "SURS 2640010S", flags="pb"))

    # Vital statistics and migration (05I3002S): 1 natural increase, 2 + 3 net migration, 4 total increase.
    d, p = _tidy(raw, "surs_05I3002S_population_increase_municipalities_long.csv", ["measures_code"])
    expect_values(d, "measures_code", ["1", "2", "3", "4"], p)
    _check_splits(d, p)
    p_change = p
    d = d[d.measures_code.isin(["1", "2", "3", "4"])].copy()
    _count(d, p)
    d = d[d.year >= 2008]  # population definition changed in 2008 (break in series)
    d["row"] = d.index
    d["c"] = corrected(d)
    wide = d.pivot(index=["place", "year"], columns="measures_code", values=["value_num", "row", "c"])
    _check_total_increase(wide, p)
    v = wide["value_num"].reset_index()
    cf = wide["c"].fillna(False).astype(bool).reset_index(drop=True)
    src = "SURS 05I3002S"

    def flag(mask: pd.Series) -> pd.Series:
        return mask.map(lambda x: "c" if x else "")
    c.append(counts(v.place, "natural_increase", v.year, v["1"], src, flag(cf["1"])))
    c.append(counts(v.place, "net_migration", v.year, v["2"] + v["3"], src, flag(cf["2"] | cf["3"])))
    c.append(counts(v.place, "pop_change", v.year, v["4"], src, flag(cf["4"])))

    # Education (05G2018S): 1 = population 15+, 4 = tertiary; 0–14 = population − 15+ (same date, §16).
    d, p = _tidy(raw, "surs_05G2018S_education_municipalities_long.csv", ["education_code"])
    expect_values(d, "education_code", ["1", "4"], p)
    for code, measure in (("1", "pop_15plus"), ("4", "tertiary_15plus")):
        s = d[d.education_code == code]
        c.append(counts(s.place, measure, s.year, _count(s, p), "SURS 05G2018S"))

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
    c.append(counts(s.place, "enterprises", s.year, _count(s, p), "SURS 1418807S"))

    d, p = _tidy(raw, "surs_dwellings_completed_estimate_municipalities_long.csv", ["measure_sl", "rooms_sl"])
    s = d[(d.measure_sl == "Število") & (d.rooms_sl == "Stanovanja - SKUPAJ")]
    c.append(counts(s.place, "dwellings_completed", s.year, _count(s, p),
                    "SURS 1906903S (dwellings completed, estimate)"))

    # Tourism: all municipalities 2018 (arrivals 2018–2019), selected municipalities 2018–2025 by origin.
    d, p = _tidy(raw, "surs_2164525S_tourism_all_municipalities_2018_2019_long.csv", ["countries_sl", "measure_sl"])
    d = d[d.countries_sl.str.upper() == "DRŽAVE - SKUPAJ"]
    for label, measure in (("Prenočitve turistov", "nights"), ("Prihodi turistov", "arrivals")):
        s = d[d.measure_sl == label]
        c.append(counts(s.place, measure, s.year, _count(s, p), "SURS 2164525S"))
    p = raw / "si" / "snapshots" / "surs_2164525S_tourism_arrivals_nights_selected_2018_2025.csv"
    d = read_csv(p, ["surs_code", "year", "origin", "tourist_arrivals", "tourist_overnight_stays"],
                 key=["surs_code", "year", "origin"])
    d["place"] = si_code(d.surs_code)
    d["arrivals"] = numbers(d, "tourist_arrivals", p)
    d["nights"] = numbers(d, "tourist_overnight_stays", p)
    _count(d, p, "tourist_arrivals", "arrivals")
    _count(d, p, "tourist_overnight_stays", "nights")
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
    d = read_csv(p, ["surs_code", "year", "exp_total_II", "exp_total_II_is_derived"], key=["surs_code", "year"])
    c.append(counts(si_code(d.surs_code), "expenditure", d.year, numbers(d, "exp_total_II", p),
                    "Ministrstvo za finance (realised municipal budgets)",
                    flags=d.exp_total_II_is_derived.map(lambda v: "d" if str(v).strip() == "1" else "")))

    c = _population_breaks(concat(c, COUNT_COLUMNS), p_pop, p_change)
    return c, concat(o, OBS_COLUMNS)


def _check_total_increase(wide: pd.DataFrame, path: Path) -> None:
    """05I3002S: total increase (4) = natural increase (1) + net migration from abroad (2) and between
    municipalities (3), exactly. Checked for the years the import uses (2008 on)."""
    v = wide["value_num"].dropna()
    off = v[v["1"] + v["2"] + v["3"] != v["4"]]
    if off.empty:
        return
    (place, year), r = off.index[0], off.iloc[0]
    rows = wide.loc[(place, year), "row"].astype(int)
    raise RawDataError(path, f"{place} {year}: total increase {r['4']:g} is not natural increase {r['1']:g} + net "
                       f"migration {r['2']:g} + {r['3']:g} (rows {rows['1']}, {rows['2']}, {rows['3']}, {rows['4']})",
                       row=int(rows["4"]), column="value",
                       expected="measures_code 1 + 2 + 3 = 4 exactly, or a documented correction in "
                                "dashboard/ingest/corrections.csv")


def _check_splits(d: pd.DataFrame, path: Path) -> None:
    """SPLITS must name every municipality created since FIRST_YEAR with the year SURS first counts it.

    05I3002S covers 1995 on, so a municipality whose first value comes later is a new one; if it is
    missing from SPLITS, its parent's earlier values would silently join two territories.
    """
    first = d[d.value_num.notna() & (d.place != "SI")].groupby("place").year.min()
    listed = {child: year for children in SPLITS.values() for child, year in children.items()}
    new = first[first > max(FIRST_YEAR, int(d.year.min()))]
    for place, year in new.items():
        if listed.get(place) != year:
            raise RawDataError(path, f"municipality {place} first has values in {year}",
                               column="geo_code", expected="every municipality created since 2000 listed in "
                               "slovenia.SPLITS with the year SURS first publishes it")
    for place, year in listed.items():
        if first.get(place) != year:
            raise RawDataError(path, f"municipality {place} first has values in {first.get(place)}",
                               column="geo_code", expected=f"{year} as listed in slovenia.SPLITS")


def drop_former_territories(df: pd.DataFrame) -> pd.DataFrame:
    """Drop values of a split municipality from before its split (they describe a larger territory)."""
    first = df.place.map(lambda p: max(SPLITS[p].values()) if p in SPLITS else 0)
    return df[df.year >= first]


def _population_breaks(c: pd.DataFrame, pop_path: Path, change_path: Path) -> pd.DataFrame:
    """Flag `b` on Slovenian population stocks in the first year after a known break in series.

    The import checks the break for Slovenia: 1 Jan y + total increase in y must equal 1 Jan y+1
    except where POPULATION_BREAKS says y+1 starts a new series (and there it must differ).
    """
    si = c[c.place == "SI"]
    pop = si[si.measure == "pop"].set_index("year").value
    change = si[si.measure == "pop_change"].set_index("year").value
    for y in sorted(set(change.index) & set(pop.index) & {y - 1 for y in pop.index}):
        off = pop[y] + change[y] - pop[y + 1]
        if off != 0 and (y + 1) not in POPULATION_BREAKS:
            raise RawDataError(change_path, f"Slovenia: population 1 Jan {y} ({pop[y]:g}) + total increase {y} "
                               f"({change[y]:g}) differs from population 1 Jan {y + 1} ({pop[y + 1]:g}) by {off:g}",
                               column="value", expected="the stock/flow identity, or a break listed in "
                               "slovenia.POPULATION_BREAKS")
        if off == 0 and (y + 1) in POPULATION_BREAKS:
            raise RawDataError(pop_path, f"Slovenia: no break in the population series at 1 Jan {y + 1}",
                               expected="a break there, as listed in slovenia.POPULATION_BREAKS")
    hit = (c.measure == "pop") & c.place.str.startswith("SI") & c.year.isin(POPULATION_BREAKS)
    c.loc[hit, "flags"] = add_flag(c.loc[hit, "flags"], "b")
    return c


def read_regions(raw: Path) -> pd.DataFrame:
    """Ratios SURS publishes for statistical regions (and that cannot be summed from municipalities)."""
    path = raw / "si" / "tidy" / "surs_regions_xlsx_long.csv"
    d = read_csv(path, ["table_id", "nuts_code", "year", "measure_en", "value"],
                 key=["table_id", "nuts_code", "year", "measure_en"])
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
