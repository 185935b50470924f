"""Styrian municipal statistics (Statistik Austria, Land Steiermark) → counts and published observations.

Everything is put on today's territory (1 January 2026): the codes after the 2015 Styrian reform,
and Fürstenfeld + Söchau as one municipality (GKZ 62280) since 1 January 2025. Additive counts of
merged parts are summed; rates that refer to a former, different territory are dropped (see
at/PROVENANCE.md §1 and the note on AT-62280 in places.csv).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import RawDataError
from .readers import numbers, read_csv, require_file
from .tables import COUNT_COLUMNS, OBS_COLUMNS, concat, counts, obs

FUERSTENFELD_PARTS = ("62267", "62252")  # merged into 62280 on 1 Jan 2025
FUERSTENFELD = "62280"
POPREG = "Statistik Austria POPREG"
MOVEMENT = "Statistik Austria Bevölkerungsbewegung"
AGE = "Statistik Austria Bevölkerungsstand nach Alter"
AEST = "Statistik Austria OGDEXT_AEST_GEMTAB_1"


def at_code(gkz: pd.Series) -> pd.Series:
    return "AT-" + gkz.astype(str).str.strip()


def municipalities(raw: Path) -> pd.DataFrame:
    """Styria's 285 municipalities on the 2026 territory with their NUTS 3 region."""
    path = raw / "at" / "statat_population_1jan_2019-2025_steiermark_gebietsstand2026.csv"
    d = read_csv(path, ["year", "gkz", "gem_name", "nuts3"])
    d = d[d.year == d.year.max()]
    if FUERSTENFELD not in set(d.gkz):
        raise RawDataError(path, "Fürstenfeld (62280) missing", column="gkz", expected="2026 territorial status")
    # the file labels the merged town "Fürstenfeld (incl. former Söchau, since 1.1.2025)"; its name is Fürstenfeld
    names = d.gem_name.str.strip().where(d.gkz != FUERSTENFELD, "Fürstenfeld")
    return pd.DataFrame({"place": at_code(d.gkz), "name": names, "region": d.nuts3,
                         "national_code": d.gkz}).reset_index(drop=True)


def _merge_fuerstenfeld(df: pd.DataFrame, code_col: str, value_cols: list[str], year_col: str) -> pd.DataFrame:
    """Replace 62267 + 62252 by their sum under 62280 (only where both parts have a value)."""
    parts = df[df[code_col].isin(FUERSTENFELD_PARTS)]
    rest = df[~df[code_col].isin(FUERSTENFELD_PARTS)]
    if parts.empty:
        return df
    merged = parts.groupby(year_col)[value_cols].sum(min_count=1)
    n = parts.groupby(year_col)[code_col].nunique()
    merged = merged[n == 2].reset_index()
    merged[code_col] = FUERSTENFELD
    merged["_derived"] = True
    return pd.concat([rest, merged], ignore_index=True)


def read(raw: Path, styrian: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (counts, observations) for all Styrian municipalities (codes in `styrian`, 2026 status)."""
    c: list[pd.DataFrame] = []
    o: list[pd.DataFrame] = []
    gkz_today = {p.removeprefix("AT-") for p in styrian}

    # Population 1 Jan 2002–2018 (territory 2018, i.e. after the 2015 reform) and 2019–2025 (territory 2026).
    path = raw / "at" / "statat_population_1jan_2002-2018_gemeinden.csv"
    years = [str(y) for y in range(2002, 2019)]
    d = read_csv(path, ["gkz", "gem_name", *years])
    d = d[d.gkz.str.startswith("6")]
    long = d.melt(id_vars=["gkz"], value_vars=years, var_name="year", value_name="v")
    long["value"] = numbers(long, "v", path, allow_missing=False)
    styria_total = long.groupby("year", as_index=False)["value"].sum()
    c.append(counts("AT22", "pop", styria_total.year, styria_total.value, POPREG + " (sum of Styrian municipalities)", "d"))
    long = _merge_fuerstenfeld(long[["gkz", "year", "value"]], "gkz", ["value"], "year")
    long = long[long.gkz.isin(gkz_today)]
    c.append(counts(at_code(long.gkz), "pop", long.year, long.value, POPREG,
                    flags=long.get("_derived", pd.Series(False, index=long.index)).fillna(False).map(lambda x: "d" if x else "")))

    path = raw / "at" / "statat_population_1jan_2019-2025_steiermark_gebietsstand2026.csv"
    d = read_csv(path, ["year", "gkz", "population_1jan"])
    d["value"] = numbers(d, "population_1jan", path, allow_missing=False)
    c.append(counts(at_code(d.gkz), "pop", d.year, d.value, POPREG))
    total = d.groupby("year", as_index=False)["value"].sum()
    c.append(counts("AT22", "pop", total.year, total.value, POPREG + " (sum of Styrian municipalities)", "d"))

    # Births, deaths, migration, change: all Styrian municipalities 2002–2025 on the 2026 territory.
    path = raw / "at" / "stmk_population_movement_all_gemeinden_2002-2025.csv"
    d = read_csv(path, ["year", "gkz", "population_change", "natural_balance", "net_migration"])
    for col, measure in (("natural_balance", "natural_increase"), ("net_migration", "net_migration"),
                         ("population_change", "pop_change")):
        v = numbers(d, col, path, allow_missing=False)
        flags = d.year.map(lambda y: "p" if y == "2025" else "")
        c.append(counts(at_code(d.gkz), measure, d.year, v, MOVEMENT, flags=flags))
        tot = pd.DataFrame({"year": d.year, "v": v}).groupby("year", as_index=False)["v"].sum()
        c.append(counts("AT22", measure, tot.year, tot.v, MOVEMENT + " (sum of Styrian municipalities)", "d"))

    # Age groups 1 Jan: all Styria 2011 and 2025, the eight partner towns every year.
    frames = []
    for name in ("stmk_population_agegroups_all_gemeinden_1jan_2011_2025.csv", "at8_population_agegroups_1jan_2002-2025.csv"):
        path = raw / "at" / name
        d = read_csv(path, ["year", "gkz", "sex", "a0_14", "a65plus", "total"])
        d = d[d.sex == "total"].copy()
        for col in ("a0_14", "a65plus", "total"):
            d[col] = numbers(d, col, path, allow_missing=False)
        frames.append(d)
    ages = pd.concat(frames).drop_duplicates(["year", "gkz"])
    for col, measure in (("a0_14", "pop_0_14"), ("a65plus", "pop_65plus")):
        c.append(counts(at_code(ages.gkz), measure, ages.year, ages[col], AGE))

    # Register-based labour-force census (AEST, 31 Oct): today's codes only where the territory is the same.
    c_aest, o_aest = _aest(raw, gkz_today)
    c.append(c_aest)
    o.append(o_aest)

    # Municipal expenditure (7 towns; break 2019 → 2020 with the VRV 2015 accounting framework).
    path = raw / "at" / "at7_municipal_expenditure_by_function_2010-2024.csv"
    d = read_csv(path, ["year", "gkz", "expenditure_total_eur", "account_framework"])
    flags = d.year.map(lambda y: "b" if y == "2020" else "")
    c.append(counts(at_code(d.gkz), "expenditure", d.year, numbers(d, "expenditure_total_eur", path),
                    "Statistik Austria Gemeindefinanzen (via offenerhaushalt.at)", flags=flags))

    return concat(c, COUNT_COLUMNS), concat(o, OBS_COLUMNS)


def _unchanged_codes(raw: Path) -> dict[tuple[int, str], str]:
    """(year, code used in that year) → today's code, for municipalities the 2015 reform left whole.

    2013–2014 codes come from the reform list; 2011–2012 codes differ in the districts merged in
    2013 and are mapped to 2013 codes with the Statistik Austria code history (GCD).
    """
    path = raw / "at" / "stmk_gemeindestrukturreform2015_gkz_mapping.csv"
    gsr = read_csv(path, ["gkz_neu", "gkzalt", "gsrbetr"])
    gsr["gsrbetr"] = gsr.gsrbetr.str.strip()
    n_parts = gsr.groupby("gkz_neu").gkzalt.transform("nunique")
    whole = gsr[(gsr.gsrbetr == "Nein") & (n_parts == 1)]
    alt_to_new = dict(zip(whole.gkzalt.str.strip(), whole.gkz_neu.str.strip()))
    path = raw / "geo" / "lookup" / "at_gkz_history_2011-2016_STATtools_GCD.csv"
    gcd = read_csv(path, ["GKZ11", "GKZ12", "GKZ13"], sep=";", encoding="latin-1")
    code = {col: gcd[col].str.split(" ").str[0] for col in ("GKZ11", "GKZ12", "GKZ13")}
    mapping: dict[tuple[int, str], str] = {}
    for year, col in ((2011, "GKZ11"), (2012, "GKZ12")):
        for old, c13 in zip(code[col], code["GKZ13"]):
            if c13 in alt_to_new:
                mapping[(year, old)] = alt_to_new[c13]
    for year in (2013, 2014):
        for old, new in alt_to_new.items():
            mapping[(year, old)] = new
    return mapping


def _aest(raw: Path, gkz_today: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = ["JAHR", "GCD", "BEV_ABSOLUT", "EWTQ_15BIS64", "ALQ_15PLUS", "EDU_15_TER", "AUSPENDLER", "UNT", "BESCH_AST"]
    p1 = raw / "at" / "statat_OGDEXT_AEST_GEMTAB_1_2011-2015_all_gemeinden.csv"
    a = read_csv(p1, cols, sep=";")
    a = a[a.GCD.str.startswith("6")].copy()
    for col in cols[2:]:
        a[col] = numbers(a, col, p1, decimal=",", thousands=".")
    p2 = raw / "at" / "statat_OGDEXT_AEST_GEMTAB_1_2016-2023_8gemeinden.csv"
    b = read_csv(p2, cols)
    for col in cols[2:]:
        b[col] = numbers(b, col, p2)
    d = pd.concat([a, b], ignore_index=True)
    d["year"] = d.JAHR.astype(int)
    mapping = _unchanged_codes(raw)

    def today(row_year: int, gcd: str) -> str | None:
        if gcd in FUERSTENFELD_PARTS:
            return None  # territory differs from today's Fürstenfeld (62280): not comparable, dropped
        if row_year >= 2015:
            return gcd if gcd in gkz_today else None
        return mapping.get((row_year, gcd))

    d["gkz"] = [today(y, g) for y, g in zip(d.year, d.GCD.str.strip())]
    d = d[d.gkz.notna() & d.gkz.isin(gkz_today)]
    place = at_code(d.gkz)
    c = [
        counts(place, "aest_pop", d.year, d.BEV_ABSOLUT, AEST),
        counts(place, "aest_enterprises", d.year, d.UNT, AEST),
        counts(place, "aest_jobs_workplace", d.year, d.BESCH_AST, AEST),
    ]
    o = [
        obs(place, "employment_rate", d.year, d.EWTQ_15BIS64, AEST),
        obs(place, "unemployment_rate", d.year, d.ALQ_15PLUS, AEST),
        obs(place, "tertiary_share", d.year, d.EDU_15_TER, AEST),
        obs(place, "out_commuter_share", d.year, d.AUSPENDLER, AEST),
    ]
    return concat(c, COUNT_COLUMNS), concat(o, OBS_COLUMNS)


def read_tourism_regions(raw: Path) -> pd.DataFrame:
    """Average length of stay by NUTS 3 region (tourism year), the only Styrian tourism series."""
    path = raw / "at" / "stmk_tourism_avg_length_of_stay_nuts3_2002-2023_wibis.csv"
    d = read_csv(path, ["tourism_year", "region_code", "avg_length_of_stay_nights", "season"])
    d = d[d.region_code.isin(["AT", "AT22", "AT223", "AT224"])]
    return obs(d.region_code, "avg_length_of_stay", d.tourism_year,
               numbers(d, "avg_length_of_stay_nights", path), "Land Steiermark WIBIS (Statistik Austria Beherbergungsstatistik)")


__all__ = ["municipalities", "read", "read_tourism_regions", "require_file"]
