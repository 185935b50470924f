"""Slovenian values derived from published numbers in the raw folder (issue 8, section 4).

One function per derivation; each says how and why, and each is published only after it has been
checked against numbers the publishers themselves print (see the ``*_check`` functions, which the
raw tests re-run). ``observations`` is the one hook in ``build.assemble``: it adds finished
observations after SURS's own values, never over them.

What is and is not published (checked on the raw folder of December 2026):

* Registered unemployment rate 2017–2020 per municipality (ZRSZ counts / SURS 0723405S): **not
  published** — the method fails its check against ZRSZ's published office rates (deviations up to
  0.9 percentage points, see ``unemployment_rate_check``); the gate in ``unemployment_rate`` keeps it
  out until the check passes.
* Jobs at the workplace 2008–2023 (labour-migration index × employed residents): published as
  ``jobs_per_1000``, computed per 1,000 inhabitants exactly as ``derive.ratios`` does for Austria.
* Average gross earnings 2005–2007 (SURS 0772615S): published, the table equals 2640010S wherever
  both have a value.
* Shares under 15 / 65+ and ageing index from Eurostat demo_r_pjanaggr3 for SI042, SI032 and
  Slovenia, only for series that agree with the SURS-based values where both exist.
* Share 65+ of Slovenian municipalities 2011–2021 from the published ageing index and the exact
  0–14 count.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .catalogue import BY_ID
from . import slovenia
from .derive import _merge_flags, _merge_sources
from .errors import RawDataError
from .eurostat import read_tsv
from .readers import expect_values, numbers, read_csv
from .tables import OBS_COLUMNS, concat, obs

# --------------------------------------------------------------------------------------------------
# 1. Registered unemployment rate 2017–2020 (ZRSZ + SURS 0723405S) — validated, NOT published
# --------------------------------------------------------------------------------------------------

# ZRSZ's twelve regional offices (območne službe) are organised by administrative unit (upravna
# enota, UE); the UE of every municipality is in municipalities_crosswalk.csv. The office of each UE
# follows ZRSZ's organisation (PROVENANCE §12 confirms Kranj = Gorenjska and Slovenska Bistrica under
# Maribor) and is confirmed by the raw files themselves (``office_mapping_check``): SURS's published
# municipal rates 2008–2016, weighted by their active population, reproduce ZRSZ's office rates with
# a root-mean-square deviation of 0.05 points (largest 0.15); moving Litija to Ljubljana, Ormož to
# Maribor, Slovenska Bistrica to Ptuj or Celje, or UE Ptuj (with Kidričevo) anywhere else makes it
# clearly worse. (The only single move that lowers it — Dravograd to distant Sevnica, by 10 % —
# is noise.) Litija belongs to Trbovlje (Zasavje), not Ljubljana.
OFFICE_OF_UE = {
    ue: office
    for office, ues in {
        "Celje": ("Celje", "Laško", "Šentjur pri Celju", "Šmarje pri Jelšah", "Žalec", "Slovenske Konjice"),
        "Koper": ("Koper", "Izola", "Piran", "Sežana", "Ilirska Bistrica", "Postojna"),
        "Kranj": ("Kranj", "Jesenice", "Radovljica", "Škofja Loka", "Tržič"),
        "Ljubljana": ("Ljubljana", "Domžale", "Grosuplje", "Kamnik", "Logatec", "Vrhnika", "Cerknica",
                      "Kočevje", "Ribnica"),
        "Maribor": ("Maribor", "Lenart", "Pesnica", "Ruše", "Slovenska Bistrica"),
        "Murska Sobota": ("Murska Sobota", "Gornja Radgona", "Lendava", "Ljutomer"),
        "Nova Gorica": ("Nova Gorica", "Ajdovščina", "Idrija", "Tolmin"),
        "Novo mesto": ("Novo mesto", "Črnomelj", "Metlika", "Trebnje"),
        "Ptuj": ("Ptuj", "Ormož"),
        "Sevnica": ("Sevnica", "Brežice", "Krško"),
        "Trbovlje": ("Trbovlje", "Hrastnik", "Zagorje ob Savi", "Litija"),
        "Velenje": ("Velenje", "Mozirje", "Dravograd", "Radlje ob Dravi", "Ravne na Koroškem", "Slovenj Gradec"),
    }.items()
    for ue in ues
}
UNEMPLOYMENT_YEARS = range(2017, 2021)
UNEMPLOYMENT_TOLERANCE_PP = 0.3

# Measured on the raw folder of December 2026 (derived − published, percentage points; published =
# mean of ZRSZ's twelve monthly office rates, which is within 0.005 of ZRSZ's own I–XII average):
#                 2017   2018   2019   2020
#   Celje         0.26   0.24   0.29   0.42
#   Koper         0.14   0.15   0.16   0.25
#   Kranj         0.05   0.04   0.08   0.09
#   Ljubljana    -0.00  -0.00   0.03   0.18
#   Maribor       0.19   0.08   0.10   0.22
#   Murska Sobota 0.85   0.77   0.76   0.87
#   Nova Gorica   0.18   0.16   0.16   0.30
#   Novo mesto    0.09   0.15   0.20   0.28
#   Ptuj          0.40   0.29   0.28   0.44
#   Sevnica       0.48   0.45   0.46   0.57
#   Trbovlje      0.15   0.16   0.16   0.28
#   Velenje       0.21   0.14   0.17   0.31
#   Slovenija     0.11   0.09   0.10   0.19
# Every deviation is positive and the largest are in the most agricultural areas (Pomurje,
# Posavje, Spodnje Podravje): 0723405S counts persons in employment *without farmers*, while SURS's
# active population (denominator of ZRSZ's and of SURS's 2005–2016 rates) includes them. The raw
# folder has no municipal count of farmers, so the denominator cannot be completed: not published.
# (No year overlaps the published municipal rates 2005–2016, so no municipal check is possible.)


def zrsz_office_rates(raw: Path) -> pd.DataFrame:
    """ZRSZ's published annual rate per office and Slovenia for 2017–2020 (see below)."""
    return _office_monthly_means(raw, UNEMPLOYMENT_YEARS)


def _office_monthly_means(raw: Path, years) -> pd.DataFrame:
    """ZRSZ's published registered unemployment rate per regional office and Slovenia, annual mean
    of the monthly rates (columns office, year, rate).

    The 2017 sheet of ZRSZ_Stopnja_BO_OS_2005-2025.xls repeats the June column ("jun.", "jun."),
    so the tidy file has 13 "months" for 2017 with months 6 and 7 equal; the repeated June is dropped
    (checked: it equals June for every office). Any other month count is an error.
    """
    path = raw / "si" / "tidy" / "zrsz_registered_unemployment_rate_by_office_monthly_2005_2025_long.csv"
    d = read_csv(path, ["employment_office_or_slovenia", "year", "month", "registered_unemployment_rate_pct"])
    d["rate"] = numbers(d, "registered_unemployment_rate_pct", path, allow_missing=False)
    d["office"] = d.employment_office_or_slovenia.replace({"Koper/Capodistria": "Koper"})
    d["year"] = d.year.astype(int)
    d["month"] = d.month.astype(int)
    out = []
    for (office, year), g in d.groupby(["office", "year"]):
        if year not in years:
            continue
        g = g.sort_values("month")
        if len(g) == 13:
            by_month = g.set_index("month").rate
            if by_month[6] != by_month[7]:
                raise RawDataError(path, f"13 monthly rates for {office} {year}, months 6 and 7 differ",
                                   column="month", expected="12 months, or 13 with June repeated")
            g = g[g.month != 7]
        if len(g) != 12:
            raise RawDataError(path, f"{len(g)} monthly rates for {office} {year}", column="month",
                               expected="12 monthly rates per office and year")
        out.append({"office": office, "year": year, "rate": g.rate.mean()})
    return pd.DataFrame(out)


def office_mapping_check(raw: Path, mapping: dict[str, str] | None = None) -> pd.DataFrame:
    """The UE → office mapping against the years where municipal rates are published (2008–2016):
    per office and year, SURS's municipal registered unemployment rates averaged with the weight of
    each municipality's active population, against ZRSZ's office rate (columns office, year,
    published, derived, deviation). The active population is approximated from 0723405S (without
    farmers) as employed / (1 − rate); that only perturbs the weights, so the check is nearly free of
    the farmer bias that sinks the 2017–2020 derivation."""
    mapping = OFFICE_OF_UE if mapping is None else mapping
    rpath = raw / "si" / "tidy" / "surs_registered_unemployment_rate_municipalities_2005_2016_long.csv"
    r = read_csv(rpath, ["geo_code", "year", "sex_sl", "measure_sl", "value"])
    r = r[(r.sex_sl == "Spol - SKUPAJ") & r.measure_sl.str.startswith("Stopnja registrirane brezposelnosti")].copy()
    r["rate"] = numbers(r, "value", rpath)
    epath = raw / "si" / "tidy" / "surs_0723405S_persons_in_employment_by_residence_long.csv"
    e = read_csv(epath, ["geo_code", "year", "value"])
    e["employed"] = numbers(e, "value", epath)
    j = r[["geo_code", "year", "rate"]].merge(e[["geo_code", "year", "employed"]], on=["geo_code", "year"]).dropna()
    j["year"] = j.year.astype(int)
    cw = read_csv(raw / "si" / "municipalities_crosswalk.csv", ["surs_code", "upravna_enota"])
    j["office"] = j.geo_code.map(dict(zip(cw.surs_code.str.zfill(3), cw.upravna_enota.map(mapping))))
    j["active"] = j.employed / (1 - j.rate / 100)
    j["weighted"] = j.active * j.rate
    g = j.groupby(["office", "year"])[["weighted", "active"]].sum().reset_index()
    g["derived"] = g.weighted / g.active
    rates = _office_monthly_means(raw, range(2008, 2017)).rename(columns={"rate": "published"})
    out = rates.merge(g[["office", "year", "derived"]], on=["office", "year"])
    out["deviation"] = out.derived - out.published
    return out.sort_values(["office", "year"]).reset_index(drop=True)


def registered_unemployed_and_employed(raw: Path) -> pd.DataFrame:
    """Per municipality and year 2017–2020: annual mean of ZRSZ's twelve month-end counts of
    registered unemployed (all education levels, "Skupaj") and SURS 0723405S persons in employment
    (excluding farmers) by residence (columns place, year, unemployed, employed, office)."""
    path = raw / "si" / "tidy" / "zrsz_registered_unemployed_by_municipality_education_monthly_2017_2020_long.csv"
    z = read_csv(path, ["geo_code", "year", "month", "education_level", "registered_unemployed"])
    expect_values(z, "education_level", ["Skupaj"], path)
    z = z[(z.education_level == "Skupaj") & z.geo_code.str.fullmatch(r"\d{3}")].copy()
    z["u"] = numbers(z, "registered_unemployed", path, allow_missing=False)
    z["year"] = z.year.astype(int)
    g = z.groupby(["geo_code", "year"]).agg(unemployed=("u", "mean"), months=("month", "nunique")).reset_index()
    if (g.months != 12).any():
        bad = g[g.months != 12].iloc[0]
        raise RawDataError(path, f"{bad.months} months for municipality {bad.geo_code} in {bad.year}",
                           column="month", expected="12 month-end counts per municipality and year")

    epath = raw / "si" / "tidy" / "surs_0723405S_persons_in_employment_by_residence_long.csv"
    e = read_csv(epath, ["geo_code", "year", "value"])
    e["employed"] = numbers(e, "value", epath)
    e["year"] = e.year.astype(int)
    j = g.merge(e[["geo_code", "year", "employed"]], on=["geo_code", "year"], how="left")
    if j.employed.isna().any():
        bad = j[j.employed.isna()].iloc[0]
        raise RawDataError(epath, f"no persons in employment for municipality {bad.geo_code} in {bad.year}",
                           column="value", expected="a value for every municipality with ZRSZ counts")

    cpath = raw / "si" / "municipalities_crosswalk.csv"
    cw = read_csv(cpath, ["surs_code", "upravna_enota"])
    unknown = sorted(set(cw.upravna_enota) - set(OFFICE_OF_UE))
    if unknown:
        raise RawDataError(cpath, f"administrative unit {unknown[0]!r} has no ZRSZ office",
                           column="upravna_enota", expected="one of the 58 administrative units")
    office = dict(zip(cw.surs_code.str.zfill(3), cw.upravna_enota.map(OFFICE_OF_UE)))
    j["office"] = j.geo_code.map(office)
    j["place"] = slovenia.si_code(j.geo_code)
    return j[["place", "year", "unemployed", "employed", "office"]]


def unemployment_rate_check(raw: Path) -> pd.DataFrame:
    """The method, summed over the municipalities of each ZRSZ office and over Slovenia, against
    ZRSZ's published rates (columns office, year, published, derived, deviation in points).

    Derived rate = mean monthly registered unemployed / (employed + mean monthly unemployed) × 100,
    the SURS definition of the 2005–2016 municipal rates (PROVENANCE §11).
    """
    m = registered_unemployed_and_employed(raw)
    parts = [m, m.assign(office="Slovenija")]
    s = pd.concat(parts).groupby(["office", "year"])[["unemployed", "employed"]].sum().reset_index()
    s["derived"] = s.unemployed / (s.unemployed + s.employed) * 100
    pub = zrsz_office_rates(raw).rename(columns={"rate": "published"})
    out = pub.merge(s[["office", "year", "derived"]], on=["office", "year"], how="outer")
    if out.isna().any().any():
        raise RawDataError(raw / "si" / "tidy", "ZRSZ offices in the rate file and the derived offices differ",
                           expected="the same twelve offices and Slovenia 2017–2020")
    out["deviation"] = out.derived - out.published
    return out.sort_values(["office", "year"]).reset_index(drop=True)


def unemployment_rate(raw: Path) -> pd.DataFrame:
    """Municipal registered unemployment rate 2017–2020 — only if ``unemployment_rate_check`` is
    within the tolerance for every office and year; otherwise nothing (see the table above)."""
    check = unemployment_rate_check(raw)
    if check.deviation.abs().max() > UNEMPLOYMENT_TOLERANCE_PP:
        return pd.DataFrame(columns=OBS_COLUMNS)
    m = registered_unemployed_and_employed(raw)
    return obs(m.place, "unemployment_rate", m.year, m.unemployed / (m.unemployed + m.employed) * 100,
               "ZRSZ + SURS 0723405S", flags="d")


# --------------------------------------------------------------------------------------------------
# 2. Jobs at the workplace 2008–2023 (SURS 0772750S × 0723405S)
# --------------------------------------------------------------------------------------------------

JOBS_SOURCE = "SURS 0772750S + SURS 0723405S"


def _jobs(raw: Path) -> pd.DataFrame:
    ipath = raw / "si" / "tidy" / "surs_0772750S_labour_migration_municipalities_long.csv"
    i = read_csv(ipath, ["geo_code", "year", "indicator_code", "value"])
    expect_values(i, "indicator_code", ["DAK-MIGR-INDEKS"], ipath)
    i = i[i.indicator_code == "DAK-MIGR-INDEKS"].copy()
    i["index"] = numbers(i, "value", ipath)
    epath = raw / "si" / "tidy" / "surs_0723405S_persons_in_employment_by_residence_long.csv"
    e = read_csv(epath, ["geo_code", "year", "value"])
    e["employed"] = numbers(e, "value", epath)
    j = i[["geo_code", "year", "index"]].merge(e[["geo_code", "year", "employed"]], on=["geo_code", "year"])
    j = j.dropna(subset=["index", "employed"])
    j["year"] = j.year.astype(int)
    j["jobs"] = j["index"] / 100 * j.employed
    return j


def jobs_workplace(raw: Path) -> pd.DataFrame:
    """Persons in employment (without farmers) working in the municipality, 2008–2023 (columns place,
    year, jobs, employed): labour-migration index (persons employed at a workplace in the
    municipality per 100 employed residents, 0772750S) / 100 × employed residents (0723405S).

    The index is published to 1 decimal, so each count is exact to ± 0.0005 × employed residents
    (e.g. ± 13 for Kranj). Not whole numbers, and not meant to be: they only feed ``jobs_per_1000``
    (which is why they are not passed through ``tables.counts``, whose whole-number rule guards
    published counts).
    """
    j = _jobs(raw)
    return pd.DataFrame({"place": slovenia.si_code(j.geo_code), "year": j.year, "jobs": j.jobs, "employed": j.employed})


def jobs_workplace_check(raw: Path) -> pd.DataFrame:
    """Every person in employment has one workplace in Slovenia, so the derived jobs summed over all
    municipalities must equal Slovenia's persons in employment (0723405S, including those of unknown
    residence) within the summed rounding bound. Columns year, derived_sum, published, difference, bound.
    """
    j = _jobs(raw)
    mun = j[j.geo_code.str.fullmatch(r"\d{3}")]
    s = mun.groupby("year").agg(derived_sum=("jobs", "sum"), bound=("employed", lambda v: 0.0005 * v.sum()))
    total = j[j.geo_code == "0"].set_index("year").employed.rename("published")
    s = s.join(total, how="inner").reset_index()
    s["difference"] = s.derived_sum - s.published
    return s[["year", "derived_sum", "published", "difference", "bound"]]


def jobs_per_1000(raw: Path, c: pd.DataFrame) -> pd.DataFrame:
    """jobs_per_1000 (flag d) for Slovenian municipalities, SI042, SI032 and Slovenia, 2008–2023:
    jobs at the workplace above / population on 1 January × 1,000, as ``derive.ratios`` does for
    Austria. A region's jobs are the sum over all its municipalities (only when every one has a
    value); Slovenia's are its persons in employment (index 100). Error from the index rounding:
    at most 0.5 × employed residents / inhabitants per 1,000, i.e. below 0.3 (employed residents are
    fewer than 60 % of inhabitants), under the displayed precision of 1.
    """
    j = jobs_workplace(raw)
    j["source"] = JOBS_SOURCE
    m = slovenia.municipalities(raw)
    region = m.set_index("place").region
    mun = j[j.place.isin(region.index)].copy()
    mun["region"] = mun.place.map(region)
    size = region.value_counts()
    r = mun.groupby(["region", "year"]).agg(jobs=("jobs", "sum"), n=("place", "nunique")).reset_index()
    r = r[r.n == r.region.map(size)]
    r = pd.DataFrame({"place": r.region, "year": r.year, "jobs": r.jobs,
                      "source": JOBS_SOURCE + " (sum of municipalities)"})
    jobs = pd.concat([j[["place", "year", "jobs", "source"]], r], ignore_index=True)
    pop = c[c.measure == "pop"][["place", "year", "value", "source", "flags"]]
    x = jobs.merge(pop, on=["place", "year"])
    x = x[x.value > 0]
    return obs(x.place, "jobs_per_1000", x.year, x.jobs / x.value * 1000,
               _merge_sources(x.source_x, x.source_y), _merge_flags(x["flags"]))


# --------------------------------------------------------------------------------------------------
# 3. Average gross earnings 2005–2007 (SURS 0772615S)
# --------------------------------------------------------------------------------------------------

def gross_earnings_0772615S(raw: Path) -> pd.DataFrame:
    """Average monthly gross earnings per person in paid employment, 0772615S 2005–2019, all years."""
    path = raw / "si" / "tidy" / "surs_0772615S_average_earnings_municipalities_long.csv"
    d = read_csv(path, ["geo_code", "year", "indicator_code", "value"])
    expect_values(d, "indicator_code", ["PLA-MESEC-BRUTO"], path)
    d = d[d.indicator_code == "PLA-MESEC-BRUTO"].copy()
    d["value_num"] = numbers(d, "value", path)
    return obs(slovenia.si_code(d.geo_code), "gross_earnings", d.year, d.value_num, "SURS 0772615S")


def gross_earnings_check(raw: Path, existing: pd.DataFrame) -> pd.DataFrame:
    """0772615S against the gross earnings already in the dataset (2640010S) where both have a value:
    columns place, year, value_0772615S, value_existing, difference."""
    new = gross_earnings_0772615S(raw)
    old = existing[existing.indicator == "gross_earnings"].drop_duplicates(["place", "year"])
    j = new.merge(old, on=["place", "year"], suffixes=("_0772615S", "_existing"))
    j["difference"] = j.value_0772615S - j.value_existing
    return j[["place", "year", "value_0772615S", "value_existing", "difference"]]


def gross_earnings_early(raw: Path, existing: pd.DataFrame) -> pd.DataFrame:
    """Years before 2008 from 0772615S, only if the two tables agree to the cent wherever both exist
    (they do: 2008–2019 in every municipality). Published numbers: no d flag."""
    check = gross_earnings_check(raw, existing)
    if check.empty or check.difference.abs().max() > 0.005:
        return pd.DataFrame(columns=OBS_COLUMNS)
    new = gross_earnings_0772615S(raw)
    return new[new.year < 2008].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# 4. Age structure of SI042, SI032 and Slovenia from Eurostat demo_r_pjanaggr3
# --------------------------------------------------------------------------------------------------

EUROSTAT_PLACES = ("SI042", "SI032", "SI")
AGE_SOURCE = "Eurostat demo_r_pjanaggr3"


def eurostat_age_structure(raw: Path) -> pd.DataFrame:
    """share_under_15, share_65_plus and ageing_index for SI042, SI032 (2003–2022) and Slovenia
    (2000–2022; the dashboard starts in 2000),
    each computed from the three Eurostat counts of the same year (Y_LT15, Y_GE65, TOTAL; flag d,
    plus Eurostat's b on 2008: Eurostat's 1 January 2008 still uses SURS's former population
    definition, 15,597 persons fewer than SURS 2640010S for Slovenia)."""
    path = raw / "si" / "eurostat" / "demo_r_pjanaggr3_SI_AT.tsv"
    d = read_tsv(path)
    d = d[(d["unit"] == "NR") & (d["sex"] == "T") & d["geo"].isin(EUROSTAT_PLACES) & (d["year"] >= 2000)]
    for geo in EUROSTAT_PLACES:
        if d[d.geo == geo].empty:
            raise RawDataError(path, f"no rows for {geo}", column="geo", expected="SI042, SI032 and SI")
    w = d.pivot_table(index=["geo", "year"], columns="age", values="value", aggfunc="first")
    f = d.pivot_table(index=["geo", "year"], columns="age", values="flags", aggfunc="first")
    w = w.join(f.add_suffix("_flags")).dropna(subset=["TOTAL", "Y_LT15", "Y_GE65"]).reset_index()
    flags = (w.TOTAL_flags + w.Y_LT15_flags + w.Y_GE65_flags).map(lambda s: "d" + ("b" if "b" in s else ""))
    return concat([
        obs(w.geo, "share_under_15", w.year, w.Y_LT15 / w.TOTAL * 100, AGE_SOURCE, flags),
        obs(w.geo, "share_65_plus", w.year, w.Y_GE65 / w.TOTAL * 100, AGE_SOURCE, flags),
        obs(w.geo, "ageing_index", w.year, w.Y_GE65 / w.Y_LT15 * 100, AGE_SOURCE, flags),
    ], OBS_COLUMNS)


def _tolerance(indicator: str) -> float:
    """Half a unit of the published rounding: a published 1-decimal value may differ by 0.05."""
    return 0.5 * 10 ** -BY_ID[indicator].decimals + 1e-9


def eurostat_age_check(raw: Path, existing: pd.DataFrame) -> pd.DataFrame:
    """Eurostat against the SURS-based values where both exist: place, indicator, year, surs,
    eurostat, difference, within (|difference| ≤ half a unit of the displayed decimal)."""
    eu = eurostat_age_structure(raw)
    old = existing[existing.place.isin(EUROSTAT_PLACES)].drop_duplicates(["place", "indicator", "year"])
    j = eu.merge(old, on=["place", "indicator", "year"], suffixes=("_eurostat", "_surs"))
    j = j.rename(columns={"value_eurostat": "eurostat", "value_surs": "surs"})
    j["difference"] = j.eurostat - j.surs
    j["within"] = j.difference.abs() <= j.indicator.map(_tolerance)
    return j[["place", "indicator", "year", "surs", "eurostat", "difference", "within"]]


def eurostat_age_fill(raw: Path, existing: pd.DataFrame) -> pd.DataFrame:
    """Eurostat values for the years a series lacks — one series (place × indicator) takes Eurostat
    only if it agrees with every SURS-based value of that series within rounding; otherwise the
    series stays SURS only. On the 2026 raw folder: share under 15 of SI042, SI032 and SI get
    2003–2010 (identical to SURS 2011–2022); share 65+ and ageing index of SI042 and SI032 and share
    65+ of SI are Eurostat only (no SURS value); the ageing index of Slovenia stays SURS only
    (2009–2021 agree within 0.05, but 2008 differs by 0.3 — Eurostat's old population definition)."""
    eu = eurostat_age_structure(raw)
    check = eurostat_age_check(raw, existing)
    rejected = set(map(tuple, check.loc[~check.within, ["place", "indicator"]].to_numpy()))
    keep = ~pd.Series([(p, i) in rejected for p, i in zip(eu.place, eu.indicator)], index=eu.index)
    have = set(map(tuple, existing[["place", "indicator", "year"]].to_numpy()))
    new = pd.Series([(p, i, y) not in have for p, i, y in zip(eu.place, eu.indicator, eu.year)], index=eu.index)
    return eu[keep & new].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# 5. Share 65+ of Slovenian municipalities 2011–2021 (ageing index × exact 0–14 count)
# --------------------------------------------------------------------------------------------------

def pop_65plus_estimates(existing: pd.DataFrame, c: pd.DataFrame) -> pd.DataFrame:
    """Per Slovenian municipality and year: ageing index (2640010S, 1 Jan, 1 decimal) × exact count
    aged 0–14 (population − population 15+) / 100 — the 65+ count to ± 0.0005 × (0–14).
    Columns place, year, pop_65plus, pop_0_14, population, bound, source, flags."""
    ai = existing[(existing.indicator == "ageing_index") & existing.place.str.startswith("SI-")
                  & (existing.source == "SURS 2640010S") & (existing["flags"] == "")]
    young = c[(c.measure == "pop_0_14") & c.place.str.startswith("SI-")]
    pop = c[(c.measure == "pop") & c.place.str.startswith("SI-")]
    j = ai[["place", "year", "value", "source", "flags"]].merge(
        young[["place", "year", "value", "source", "flags"]], on=["place", "year"], suffixes=("_ai", "_young"))
    j = j.merge(pop[["place", "year", "value", "source", "flags"]].rename(
        columns={"value": "population", "source": "source_pop", "flags": "flags_pop"}), on=["place", "year"])
    j["pop_65plus"] = j.value_ai / 100 * j.value_young
    j["bound"] = 0.0005 * j.value_young
    j["source"] = _merge_sources(j.source_ai, j.source_young, j.source_pop)
    j["flags"] = _merge_flags(j.flags_ai, j.flags_young, j.flags_pop)
    return j.rename(columns={"value_young": "pop_0_14"})[["place", "year", "pop_65plus", "pop_0_14",
                                                           "population", "bound", "source", "flags"]]


def share_65_plus_check(raw: Path, existing: pd.DataFrame, c: pd.DataFrame,
                        members: dict[str, list[str]]) -> pd.DataFrame:
    """The 65+ counts summed over a region's municipalities against Eurostat's exact Y_GE65 count
    (columns place, year, derived_sum, eurostat, difference, bound = summed rounding bound)."""
    est = pop_65plus_estimates(existing, c)
    path = raw / "si" / "eurostat" / "demo_r_pjanaggr3_SI_AT.tsv"
    d = read_tsv(path)
    d = d[(d["unit"] == "NR") & (d["sex"] == "T") & (d["age"] == "Y_GE65")]
    rows = []
    for region, places in members.items():
        sub = est[est.place.isin(places)]
        g = sub.groupby("year").agg(derived_sum=("pop_65plus", "sum"), bound=("bound", "sum"),
                                    n=("place", "nunique")).reset_index()
        g = g[g.n == len(places)]
        eu = d[d.geo == region].set_index("year").value
        for r in g.itertuples():
            if r.year in eu.index:
                rows.append({"place": region, "year": r.year, "derived_sum": r.derived_sum,
                             "eurostat": eu[r.year], "difference": r.derived_sum - eu[r.year], "bound": r.bound})
    return pd.DataFrame(rows)


def share_65_plus_municipal(existing: pd.DataFrame, c: pd.DataFrame) -> pd.DataFrame:
    """share_65_plus (flag d) = 65+ count above / population × 100. Error bound: ± 0.0005 × share
    under 15 percentage points, below 0.011 points here (share under 15 ≤ 21.1 %), under a fifth
    of the displayed 0.05."""
    est = pop_65plus_estimates(existing, c)
    return obs(est.place, "share_65_plus", est.year, est.pop_65plus / est.population * 100, est.source, est["flags"])


# --------------------------------------------------------------------------------------------------
# Hook for build.assemble
# --------------------------------------------------------------------------------------------------

def observations(raw: Path, existing: pd.DataFrame, c: pd.DataFrame) -> pd.DataFrame:
    """Observations this module adds; only (place, indicator, year) that ``existing`` lacks."""
    existing = existing.drop_duplicates(["place", "indicator", "year"])
    new = concat([
        unemployment_rate(raw),
        jobs_per_1000(raw, c),
        gross_earnings_early(raw, existing),
        eurostat_age_fill(raw, existing),
        share_65_plus_municipal(existing, c),
    ], OBS_COLUMNS)
    have = set(map(tuple, existing[["place", "indicator", "year"]].to_numpy()))
    fresh = pd.Series([(p, i, y) not in have for p, i, y in zip(new.place, new.indicator, new.year)],
                      index=new.index, dtype=bool)
    return new[fresh].reset_index(drop=True)
