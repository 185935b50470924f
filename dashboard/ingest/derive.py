"""Values the import computes from published numbers: regional sums and ratios.

Computed identically on both sides of the border. Nothing is estimated: a region gets a sum only
when every one of its municipalities has a published value that year, and a ratio only when both
of its published inputs exist.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .tables import COUNT_COLUMNS, OBS_COLUMNS, concat, counts, obs


@dataclass(frozen=True)
class Ratio:
    indicator: str
    numerator: str
    denominator: str
    scale: float
    mean_population: bool = False  # denominator = mean of 1 Jan of this and the next year


RATIOS = (
    Ratio("natural_increase_rate", "natural_increase", "pop", 1000, True),
    Ratio("net_migration_rate", "net_migration", "pop", 1000, True),
    Ratio("population_change_rate", "pop_change", "pop", 1000, True),
    Ratio("share_under_15", "pop_0_14", "pop", 100),
    Ratio("share_65_plus", "pop_65plus", "pop", 100),
    Ratio("ageing_index", "pop_65plus", "pop_0_14", 100),
    Ratio("tertiary_share", "tertiary_15plus", "pop_15plus", 100),
    Ratio("enterprises_per_1000", "enterprises", "pop", 1000),
    Ratio("enterprises_per_1000", "aest_enterprises", "aest_pop", 1000),
    Ratio("jobs_per_1000", "jobs_workplace", "pop", 1000),
    Ratio("jobs_per_1000", "aest_jobs_workplace", "aest_pop", 1000),
    Ratio("dwellings_completed_per_1000", "dwellings_completed", "pop", 1000),
    Ratio("tourist_nights_per_inhabitant", "nights", "pop", 1),
    Ratio("avg_length_of_stay", "nights", "arrivals", 1),
    Ratio("municipal_spending_per_capita", "expenditure", "pop", 1),
)

# Measures that add up over municipalities (everything in `counts` is additive by construction).
_SUFFIX = " (sum of municipalities)"


def _merge_flags(*flag_series: pd.Series) -> pd.Series:
    """`d` plus every input flag a reader must still see: b (break), p, e, c (corrected by the import)."""
    joined = flag_series[0].fillna("")
    for f in flag_series[1:]:
        joined = joined + f.fillna("")
    return joined.map(lambda s: "d" + "".join(ch for ch in "bpec" if ch in s))


def _merge_sources(*series: pd.Series) -> pd.Series:
    """'A + B' naming each input table once, in order."""
    def one(parts):
        seen = []
        for part in parts:
            for p in str(part).split(" + "):
                if p not in seen:
                    seen.append(p)
        return " + ".join(seen)
    return pd.Series([one(parts) for parts in zip(*series)], index=series[0].index)


def sum_regions(c: pd.DataFrame, members: dict[str, list[str]]) -> pd.DataFrame:
    """Region totals from exactly the municipalities it is drawn with, only where all have a value."""
    out = []
    for region, places in members.items():
        sub = c[c.place.isin(places)]
        if sub.empty:
            continue
        g = sub.groupby(["measure", "year"])
        agg = g.agg(value=("value", "sum"), n=("place", "nunique"), source=("source", "first"),
                    flags=("flags", lambda f: "".join(sorted(set("".join(f)))))).reset_index()
        agg = agg[agg.n == len(places)]
        out.append(counts(region, agg.measure, agg.year, agg.value, agg.source + _SUFFIX,
                          _merge_flags(agg["flags"])))
    return concat(out, COUNT_COLUMNS)


def difference(c: pd.DataFrame, result: str, minuend: str, subtrahend: str, places) -> pd.DataFrame:
    """A count published only as a difference of two counts (e.g. 0–14 = total − 15+)."""
    sub = c[c.place.isin(places)]
    a = sub[sub.measure == minuend].set_index(["place", "year"])
    b = sub[sub.measure == subtrahend].set_index(["place", "year"])
    j = a.merge(b, how="inner", left_index=True, right_index=True, suffixes=("_a", "_b")).reset_index()
    return counts(j.place, result, j.year, j.value_a - j.value_b, _merge_sources(j.source_a, j.source_b),
                  _merge_flags(j.flags_a, j.flags_b))


def ratios(c: pd.DataFrame) -> pd.DataFrame:
    out = []
    by_measure = {m: g.set_index(["place", "year"]) for m, g in c.groupby("measure")}
    for r in RATIOS:
        if r.numerator not in by_measure or r.denominator not in by_measure:
            continue
        num = by_measure[r.numerator]
        den = by_measure[r.denominator]
        if r.mean_population:
            nxt = den.reset_index()
            nxt["year"] = nxt["year"] - 1
            nxt = nxt.set_index(["place", "year"])
            den = den.merge(nxt, how="inner", left_index=True, right_index=True, suffixes=("", "_next"))
            den["value"] = (den["value"] + den["value_next"]) / 2
            den["flags"] = den["flags"] + den["flags_next"]
        j = num.merge(den[["value", "source", "flags"]], how="inner", left_index=True, right_index=True,
                      suffixes=("_n", "_d")).reset_index()
        j = j[j.value_d > 0]
        out.append(obs(j.place, r.indicator, j.year, j.value_n / j.value_d * r.scale,
                       _merge_sources(j.source_n, j.source_d), _merge_flags(j.flags_n, j.flags_d)))
    return concat(out, OBS_COLUMNS)


def density(c: pd.DataFrame, areas: dict[str, float], area_source: dict[str, str]) -> pd.DataFrame:
    """area_source: country code -> boundary source the area was computed from."""
    pop = c[(c.measure == "pop") & c.place.isin(areas.keys())]
    area = pop.place.map(areas)
    source = pop.source + " + " + pop.place.str[:2].map(area_source)
    return obs(pop.place, "density", pop.year, pop.value / area, source, _merge_flags(pop["flags"]))


def population(c: pd.DataFrame) -> pd.DataFrame:
    pop = c[c.measure == "pop"]
    return obs(pop.place, "population", pop.year, pop.value, pop.source, pop["flags"])
