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
from .readers import numbers, per_value, read_csv, require_file
from .tables import COUNT_COLUMNS, OBS_COLUMNS, concat, counts, obs

FUERSTENFELD_PARTS = ("62267", "62252")  # merged into 62280 on 1 Jan 2025
FUERSTENFELD = "62280"
POPREG = "Statistik Austria POPREG"
MOVEMENT = "Statistik Austria Bevölkerungsbewegung"
AGE = "Statistik Austria Bevölkerungsstand nach Alter"
AEST = "Statistik Austria OGDEXT_AEST_GEMTAB_1"
INCOME = "Statistik Austria Lohnsteuerstatistik (via DER STANDARD)"
STYRIA_SUM = " (sum of Styrian municipalities)"

# 61761 Gutenberg(-Stenzengreith) and 61763 Passail: about 170 inhabitants moved from the first to the
# second with a boundary change that took effect between 31 Oct 2019 and 31 Oct 2020 (AEST population
# 1,789 → 1,621). Values of a source on the territorial status of its own year refer to the former
# territories before 2020 (AT PROVENANCE §2.21, §2.22, §5.2) and are not joined with today's.
TERRITORY_2020 = ("61761", "61763")
FIRST_YEAR_TODAY = 2020
# Flag of a count that refers to a municipality's former territory: only a sum over a larger, unchanged
# territory (the region) may use it; build.py removes such rows before anything is shown.
OLD_TERRITORY = "t"


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
    derived = long.get("_derived", pd.Series(False, index=long.index)).fillna(False).map(lambda x: "d" if x else "")
    # on the 2018 territorial status: Gutenberg and Passail before their boundary change
    former = long.gkz.isin(TERRITORY_2020).map(lambda x: OLD_TERRITORY if x else "")
    c.append(counts(at_code(long.gkz), "pop", long.year, long.value, POPREG, flags=derived + former))

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
    o.append(read_income(raw, gkz_today))

    # Municipal expenditure (7 towns; break 2019 → 2020 with the VRV 2015 accounting framework).
    path = raw / "at" / "at7_municipal_expenditure_by_function_2010-2024.csv"
    d = read_csv(path, ["year", "gkz", "expenditure_total_eur", "account_framework"])
    flags = d.year.map(lambda y: "b" if y == "2020" else "")
    c.append(counts(at_code(d.gkz), "expenditure", d.year, numbers(d, "expenditure_total_eur", path),
                    "Statistik Austria Gemeindefinanzen (via offenerhaushalt.at)", flags=flags))

    return concat(c, COUNT_COLUMNS), concat(o, OBS_COLUMNS)


# Territorial status of the codes a source uses in each year before the 2015 reform: "GKZ11"/"GKZ12" are the
# code lists of 2011/2012 in the Statistik Austria code history, "GKZ13" the codes of 2013–2014 (reform list).
AEST_CODE_LISTS = {2011: "GKZ11", 2012: "GKZ12", 2013: "GKZ13", 2014: "GKZ13"}  # AEST: status on 31 Oct


def _unchanged_codes(raw: Path, code_lists: dict[int, str] | None = None) -> dict[tuple[int, str], str]:
    """(year, code used in that year) → today's code, for municipalities the 2015 reform left whole.

    `code_lists` says which code list a source uses in each year (default: the AEST's). 2013–2014
    codes come from the reform list; 2011–2012 codes differ in the districts merged in 2013 and are
    mapped to 2013 codes with the Statistik Austria code history (GCD). Only one-to-one links are kept,
    so a municipality merged or split in 2013 is never mapped.
    """
    code_lists = AEST_CODE_LISTS if code_lists is None else code_lists
    path = raw / "at" / "stmk_gemeindestrukturreform2015_gkz_mapping.csv"
    gsr = read_csv(path, ["jahr", "gkz_neu", "gemtypneu", "gkzalt", "gsrbetr"])
    for col in gsr.columns:
        gsr[col] = gsr[col].fillna("").str.strip()
    # rows of year 2013 marked X list the parts of the municipalities merged on 1 Jan 2013 (e.g. Trofaiach):
    # their codes are older than the 2013–2014 codes this map starts from
    parts_2013 = (gsr.jahr == "2013") & (gsr.gemtypneu == "X")
    formed_2013 = set(gsr.gkz_neu[parts_2013])
    gsr = gsr[~parts_2013]
    n_parts = gsr.groupby("gkz_neu").gkzalt.transform("nunique")
    unchanged = (gsr.gsrbetr == "Nein") | (gsr.gkz_neu.isin(formed_2013) & (gsr.gkzalt == gsr.gkz_neu))
    whole = gsr[unchanged & (n_parts == 1)]
    alt_to_new = dict(zip(whole.gkzalt, whole.gkz_neu))
    return _by_year(raw, alt_to_new, code_lists)


# Reform-list descriptions of a merger of whole municipalities (no part of one went elsewhere).
_WHOLE_MERGERS = {"Zusammenlegung ganze Gemeinden", "Zusammenlegung ganze Gemeinden über Bezirksgrenzen"}


def _merged_parts(raw: Path, code_lists: dict[int, str] | None = None) -> tuple[dict[tuple[int, str], str], dict[str, int]]:
    """(year, code used in that year) → today's code for the parts of a municipality the 2015 reform formed
    from two or more whole municipalities, and the number of parts of each. Counts of the parts add up to
    today's territory; rates and medians do not. Mergers with a split-off part are left out."""
    code_lists = AEST_CODE_LISTS if code_lists is None else code_lists
    path = raw / "at" / "stmk_gemeindestrukturreform2015_gkz_mapping.csv"
    gsr = read_csv(path, ["jahr", "gkz_neu", "gkzalt", "gsrbeschreibung"])
    g = gsr[gsr.jahr.str.strip() == "2015"].assign(
        neu=lambda x: x.gkz_neu.str.strip(), alt=lambda x: x.gkzalt.str.strip(),
        whole=lambda x: x.gsrbeschreibung.fillna("").str.strip().isin(_WHOLE_MERGERS))
    g["once"] = ~g.alt.duplicated(keep=False)
    ok = g.groupby("neu").agg(n=("alt", "nunique"), whole=("whole", "all"), once=("once", "all"))
    ok = ok[(ok.n >= 2) & ok.whole & ok.once]
    parts = g[g.neu.isin(ok.index)]
    return _by_year(raw, dict(zip(parts.alt, parts.neu)), code_lists), ok.n.astype(int).to_dict()


def _by_year(raw: Path, alt_to_new: dict[str, str], code_lists: dict[int, str]) -> dict[tuple[int, str], str]:
    """Extend a map from 2013–2014 codes to (year, code of that year) with the code lists of 2011/2012."""
    path = raw / "geo" / "lookup" / "at_gkz_history_2011-2016_STATtools_GCD.csv"
    gcd = read_csv(path, ["GKZ11", "GKZ12", "GKZ13"], sep=";", encoding="latin-1")
    code = {col: gcd[col].str.split(" ").str[0] for col in ("GKZ11", "GKZ12", "GKZ13")}
    links: dict[str, dict[str, str]] = {"GKZ13": dict(alt_to_new)}
    for col in ("GKZ11", "GKZ12"):
        pairs = pd.DataFrame({"old": code[col], "c13": code["GKZ13"]}).drop_duplicates()
        pairs = pairs[~pairs.old.duplicated(keep=False) & ~pairs.c13.duplicated(keep=False)]
        links[col] = {o: alt_to_new[c] for o, c in zip(pairs.old, pairs.c13) if c in alt_to_new}
    mapping: dict[tuple[int, str], str] = {}
    for year, col in code_lists.items():
        for old, new in links[col].items():
            mapping[(year, old)] = new
    return mapping


def code_list(raw: Path, col: str) -> set[str]:
    """The Styrian codes of one list ("GKZ11", "GKZ12", "GKZ13") — to check a source's territorial status."""
    if col == "GKZ13":
        gsr = read_csv(raw / "at" / "stmk_gemeindestrukturreform2015_gkz_mapping.csv", ["jahr", "gkzalt"])
        return set(gsr[gsr.jahr.str.strip() == "2015"].gkzalt.str.strip())
    gcd = read_csv(raw / "geo" / "lookup" / "at_gkz_history_2011-2016_STATtools_GCD.csv", [col], sep=";",
                   encoding="latin-1")
    codes = gcd[col].str.split(" ").str[0]
    return set(codes[codes.str.startswith("6")])


def _former_territory(gkz: pd.Series, year: pd.Series) -> pd.Series:
    """True where a value on the territorial status of its own year predates Gutenberg/Passail's change."""
    return gkz.isin(TERRITORY_2020) & (year.astype(int) < FIRST_YEAR_TODAY)


_AEST_COLUMNS = ["JAHR", "GCD", "BEV_ABSOLUT", "EWTQ_15BIS64", "ALQ_15PLUS", "EDU_15_TER", "AUSPENDLER", "UNT",
                 "BESCH_AST"]
_AEST_COUNTS = (("BEV_ABSOLUT", "aest_pop"), ("UNT", "aest_enterprises"), ("BESCH_AST", "aest_jobs_workplace"))
_AEST_RATES = (("EWTQ_15BIS64", "employment_rate"), ("ALQ_15PLUS", "unemployment_rate"),
               ("EDU_15_TER", "tertiary_share"), ("AUSPENDLER", "out_commuter_share"))


def _read_aest_file(path: Path, sep: str, **number_format) -> pd.DataFrame:
    d = read_csv(path, _AEST_COLUMNS, sep=sep)
    d["GCD"] = d.GCD.str.strip()
    d = d[d.GCD.str.startswith("6")].copy()
    for col in _AEST_COLUMNS[2:]:
        d[col] = numbers(d, col, path, **number_format)
    d["year"] = numbers(d, "JAHR", path, allow_missing=False).astype(int)
    dup = d.duplicated(["year", "GCD"])
    if dup.any():
        row = d[dup].iloc[0]
        raise RawDataError(path, f"municipality {row.GCD} appears twice in {row.year}", column="GCD",
                           expected="one row per year and municipality")
    return d


def read_aest(raw: Path) -> tuple[pd.DataFrame, set[int]]:
    """Styrian rows of the AEST, each year on its own territorial status, and the years that hold every
    Styrian municipality: 2011–2015 and 2016–2021, 2023 (all municipalities), 2022 (the eight partner towns
    only, the one year the all-Styria transcription lacks).

    The first file is the OGD table itself (`fetch` downloads it whole; the raw folder's copy ends in
    2015). Every year it holds is taken from it: the two third-party extracts fill only the years it
    lacks, so a refreshed download with newer years supersedes them instead of doubling them."""
    ogd = _read_aest_file(raw / "at" / "statat_OGDEXT_AEST_GEMTAB_1_2011-2015_all_gemeinden.csv", ";",
                          decimal=",", thousands=".")
    styria = _read_aest_file(raw / "at" / "statat_OGDEXT_AEST_GEMTAB_1_2016-2021_2023_steiermark_all_gemeinden.csv",
                             ";", decimal=",")
    full = [ogd, styria[~styria.year.isin(set(ogd.year))]]
    complete = set().union(*(set(f.year) for f in full))
    towns = _read_aest_file(raw / "at" / "statat_OGDEXT_AEST_GEMTAB_1_2016-2023_8gemeinden.csv", ",")
    towns = towns[~towns.year.isin(complete)]
    return pd.concat([*full, towns], ignore_index=True), complete


def _aest(raw: Path, gkz_today: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    d, complete = read_aest(raw)
    mapping = _unchanged_codes(raw)

    def today(row_year: int, gcd: str) -> str | None:
        if row_year >= 2015:
            return gcd if gcd in gkz_today else None
        return mapping.get((row_year, gcd))

    # Styria: its territory never changed, so a year's total is the sum over all its municipalities then.
    c = []
    styria = d[d.year.isin(complete)]
    for col, measure in _AEST_COUNTS:
        g = styria.groupby("year")[col].agg(["sum", "count", "size"]).reset_index()
        g = g[g["count"] == g["size"]]
        c.append(counts("AT22", measure, g.year, g["sum"], AEST + STYRIA_SUM, "d"))

    # Fürstenfeld today (62280) = Fürstenfeld (62267) + Söchau (62252): counts add up, rates do not.
    parts = d[d.GCD.isin(FUERSTENFELD_PARTS)]
    for col, measure in _AEST_COUNTS:
        g = parts.groupby("year")[col].agg(["sum", "count"]).reset_index()
        g = g[g["count"] == len(FUERSTENFELD_PARTS)]
        c.append(counts(at_code(pd.Series(FUERSTENFELD, index=g.index)), measure, g.year, g["sum"], AEST, "d"))

    # 2011–2014: a municipality formed in 2015 from whole municipalities = the sum of their counts.
    merged, n_parts = _merged_parts(raw)
    early = d[d.year < 2015].assign(gkz=lambda x: [merged.get((y, g)) for y, g in zip(x.year, x.GCD)])
    early = early[early.gkz.isin(gkz_today)]
    for col, measure in _AEST_COUNTS:
        g = early.groupby(["gkz", "year"])[col].agg(["sum", "count"]).reset_index()
        g = g[g["count"] == g.gkz.map(n_parts)]
        flags = _former_territory(g.gkz, g.year).map(lambda x: "d" + OLD_TERRITORY if x else "d")
        c.append(counts(at_code(g.gkz), measure, g.year, g["sum"], AEST, flags))

    d["gkz"] = [today(y, g) for y, g in zip(d.year, d.GCD)]
    d = d[d.gkz.notna() & d.gkz.isin(gkz_today)]
    place = at_code(d.gkz)
    former = _former_territory(d.gkz, d.year)
    for col, measure in _AEST_COUNTS:
        c.append(counts(place, measure, d.year, d[col], AEST, former.map(lambda x: OLD_TERRITORY if x else "")))
    o = [obs(place[~former], indicator, d.year[~former], d[col][~former], AEST) for col, indicator in _AEST_RATES]
    return concat(c, COUNT_COLUMNS), concat(o, OBS_COLUMNS)


# The wage-tax statistics give each year on its own territorial status; 2012 is already on that of
# 1 January 2013 (district mergers, Trofaiach), 2004 still holds two municipalities merged in 2005.
INCOME_CODE_LISTS = {**{y: "GKZ11" for y in range(2004, 2012)}, 2012: "GKZ13", 2013: "GKZ13", 2014: "GKZ13"}
INCOME_MEASURES = (("Nettobezüge", "net_income_fulltime_median"), ("Bruttobezüge", "gross_income_fulltime_median"))


def read_income(raw: Path, gkz_today: set[str]) -> pd.DataFrame:
    """Median income of full-time, full-year employees by municipality of residence (Lohnsteuerstatistik).

    Municipalities on today's territory only: 2004–2014 for those the 2015 reform left whole, none for
    Fürstenfeld (62267 without Söchau), Gutenberg and Passail from 2020. Medians cannot be summed, so
    regions get none; Styria and Austria come from the publisher's own Bundesländer table (whose Austria
    is the sum of the nine Länder, i.e. residents of Austria — the municipal file's "Zusammen" row also
    counts residents abroad and is not used).
    """
    path = raw / "at" / "statat_lohnsteuer_ganzjaehrig_vollzeit_gemeinden_2004-2022_AT_long.csv.gz"
    d = read_csv(path, ["year", "gkz_source_year", "sex_de", "income_type_de", "statistic_de", "value", "flag"])
    d["gkz"] = per_value(d.gkz_source_year, lambda s: s.str.strip())
    d = d[(d.sex_de == "Zusammen") & (d.statistic_de == "Median")
          & per_value(d.gkz, lambda s: s.str.match(r"^6\d{4}$")).fillna(False).astype(bool)
          & d.income_type_de.isin([t for t, _ in INCOME_MEASURES])].copy()
    d["year"] = numbers(d, "year", path, allow_missing=False).astype(int)
    d["value"] = numbers(d, "value", path)
    d = d[d.flag.isna()]  # G = suppressed for confidentiality: no number
    dup = d.duplicated(["year", "gkz", "income_type_de"])
    if dup.any():
        row = d[dup].iloc[0]
        raise RawDataError(path, f"municipality {row.gkz} has two {row.income_type_de} medians in {row.year}",
                           column="gkz_source_year", expected="one median per year, municipality and income type")
    lists = {col: code_list(raw, col) for col in set(INCOME_CODE_LISTS.values())}
    for year, col in INCOME_CODE_LISTS.items():
        codes = set(d.gkz[d.year == year])
        unknown = codes - lists[col]
        if not codes or len(unknown) > 0.01 * len(codes):
            raise RawDataError(path, f"{year}: {len(unknown)} of {len(codes)} Styrian codes are not in the {col} code list",
                               column="gkz_source_year", expected=f"the territorial status of {col}")
    mapping = _unchanged_codes(raw, INCOME_CODE_LISTS)
    d["today"] = [mapping.get((y, g)) if y < 2015 else (g if g in gkz_today else None) for y, g in zip(d.year, d.gkz)]
    d = d[d.today.notna() & d.today.isin(gkz_today) & ~_former_territory(d.today, d.year)]
    o = [obs(at_code(d.today[d.income_type_de == t]), ind, d.year[d.income_type_de == t],
             d.value[d.income_type_de == t], INCOME) for t, ind in INCOME_MEASURES]

    path = raw / "at" / "statat_lohnsteuer_ganzjaehrig_vollzeit_bundeslaender_2004-2021_derstandard.csv"
    b = read_csv(path, ["bl", "val", "sex", "type", "variable", "year"])
    b = b[b.sex == "Zusammen"].copy()
    b["value"] = numbers(b, "val", path)
    b["year"] = numbers(b, "year", path, allow_missing=False).astype(int)
    n = b[(b.type == "Nettobezüge") & (b.variable == "Anzahl")].pivot_table(index="year", columns="bl", values="value")
    if "ÖSTERREICH" not in n or "Steiermark" not in n:
        raise RawDataError(path, "no rows for ÖSTERREICH or Steiermark", column="bl", expected="the nine Länder and Austria")
    länder = n.drop(columns="ÖSTERREICH")
    if länder.shape[1] != 9 or not (länder.sum(axis=1) == n["ÖSTERREICH"]).all():
        raise RawDataError(path, "ÖSTERREICH is not the sum of the nine Länder", column="val",
                           expected="Austria = residents of the nine Länder (Anzahl)")
    for t, ind in INCOME_MEASURES:
        m = b[(b.type == t) & (b.variable == "Median") & b.bl.isin(["Steiermark", "ÖSTERREICH"])]
        o.append(obs(m.bl.map({"Steiermark": "AT22", "ÖSTERREICH": "AT"}), ind, m.year, m.value, INCOME))
    return concat(o, OBS_COLUMNS)


def read_tourism_regions(raw: Path) -> pd.DataFrame:
    """Average length of stay by NUTS 3 region (tourism year), the only Styrian tourism series."""
    path = raw / "at" / "stmk_tourism_avg_length_of_stay_nuts3_2002-2023_wibis.csv"
    d = read_csv(path, ["tourism_year", "region_code", "avg_length_of_stay_nights", "season"])
    d = d[d.region_code.isin(["AT", "AT22", "AT223", "AT224"])]
    return obs(d.region_code, "avg_length_of_stay", d.tourism_year,
               numbers(d, "avg_length_of_stay_nights", path), "Land Steiermark WIBIS (Statistik Austria Beherbergungsstatistik)")


__all__ = ["municipalities", "read", "read_tourism_regions", "require_file"]
