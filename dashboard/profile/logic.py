"""Location profile of one partner municipality: where it stands on every indicator.

A headless controller: `build_profile` turns (store, place, lang) into plain data that the page,
the CSV download and the tests all read, so what is printed, downloaded and tested cannot differ.
Its state and URL are state.py, its CSV export.py.

Rules the page states to its readers (kept here, in one place):

* Comparison year (`comparison_year`): the latest year in which the municipality has a value,
  or up to `LOOKBACK_YEARS` earlier when more partner municipalities have data then — a newly
  published year often covers only one country, and a position among 8 Austrian towns is not a
  position among the 16 partners. A newer value of the place is still shown (`IndicatorRow.newer`).
* Strengths and weaknesses (`assess`): only indicators with a direction (higher or lower is
  better) and at least `MIN_PARTNERS` partners with data in that year. Strength: percentile
  among the partners >= `TOP_QUARTER` and better than the own country (where the country has a
  value that year); weakness: percentile <= `BOTTOM_QUARTER` and worse than the country.
* Missing stays missing: an indicator without data for the place is a row with `value=None`,
  named on the page, never dropped and never filled.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from dashboard.components.places import place_name
from dashboard.i18n import t
from dashboard.measures import is_signed
from dashboard.missing import is_stale, missing_reason

__all__ = [
    "MIN_PARTNERS", "TOP_QUARTER", "BOTTOM_QUARTER", "LOOKBACK_YEARS", "KEY_FACTS", "STRIP_MARGIN",
    "Reference", "IndicatorRow", "Fact", "Profile", "Strip", "comparison_year", "assess", "index_to_country",
    "indicator_row", "build_profile", "key_facts", "strip", "theme_order",
]

MIN_PARTNERS = 8          # half of the 16: fewer partners with data is no basis for a verdict
TOP_QUARTER = 75.0
BOTTOM_QUARTER = 25.0
LOOKBACK_YEARS = 2


# The tiles at the top: size first, then what an investor asks about labour and business.
KEY_FACTS = ("population", "area", "density", "employment_rate", "unemployment_rate", "tertiary_share",
             "gross_earnings", "enterprises_per_1000")


STRIP_MARGIN = 4.0        # % of the strip kept free at each end so the end dots are not cut


def comparison_year(store, indicator: str, place: str, partners=None) -> int | None:
    """The year a place is compared in (see the module docstring); None without any data."""
    partners = list(partners if partners is not None else store.partners())
    peers = list(dict.fromkeys([*partners, place]))
    cov = store.coverage(indicator, peers)
    if cov.empty or place not in cov.index:
        return None
    own = cov.loc[place]
    years = [int(y) for y in own.index[own.to_numpy()]]
    if not years:
        return None
    latest = years[-1]
    counts = cov.loc[[p for p in partners if p in cov.index]].sum(axis=0)
    candidates = [y for y in years if y >= latest - LOOKBACK_YEARS]
    best = max(int(counts[y]) for y in candidates)
    return max(y for y in candidates if int(counts[y]) == best)


def _better(direction: str, a: float, b: float) -> bool:
    return a > b if direction == "higher_better" else a < b


def assess(direction: str, percentile: float | None, n_partners: int, value: float | None,
           country_value: float | None) -> str | None:
    """"strength", "weakness" or None, by the stated rule (module docstring)."""
    if direction not in ("higher_better", "lower_better"):
        return None
    if percentile is None or value is None or n_partners < MIN_PARTNERS:
        return None
    if percentile >= TOP_QUARTER and (country_value is None or _better(direction, value, country_value)):
        return "strength"
    if percentile <= BOTTOM_QUARTER and (country_value is None or _better(direction, country_value, value)):
        return "weakness"
    return None


def index_to_country(value: float | None, country_value: float | None, kind: str,
                     signed: bool = False) -> float | None:
    """Place as an index of its country (country = 100). Only for ratios that cannot be negative
    (`signed`: the indicator has a negative value anywhere) with both values above zero: a town's
    population as a share of its country's, or 0.2 against 0.1 births per 1,000 read as "twice"
    a comparison that is none."""
    if kind != "ratio" or signed or value is None or country_value is None:
        return None
    if value <= 0 or country_value <= 0:
        return None
    return value / country_value * 100.0


@dataclass(frozen=True)
class Reference:
    """A region or country value next to the place's: in `year`, or (when the place has no data)
    in the reference's own latest year. `latest` is its latest year with data at all."""
    code: str | None
    name: str
    value: float | None
    year: int | None
    latest: int | None


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    theme: str
    name: str
    unit: str
    decimals: int
    direction: str
    kind: str
    definition: str
    comparability: str
    year: int | None
    value: float | None
    flags: str
    source: str
    partners: dict  # partner code -> value in `year`, partners with data only (the place included)
    rank: int | None
    percentile: float | None
    region: Reference
    country: Reference
    index_country: float | None
    series: tuple  # ((year, value), ...) of the place
    newer: tuple | None  # (year, value) of the place when later than `year`
    last_year_any: int | None  # the latest year any place has data for
    assessment: str | None = None
    stale: bool = False  # `year` is more than missing.STALE_YEARS before `last_year_any`
    missing_reason: dict | None = None  # no data: why (missing.missing_reason: not published, ...)
    peers_country: str | None = None  # within-country indicator: partners of this country only

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def n_partners(self) -> int:
        return len(self.partners)


def _num(v) -> float | None:
    if v is None:
        return None
    v = float(v)
    return None if math.isnan(v) else v


def _signed(store, indicator: str) -> bool:
    """Whether the indicator can be negative by definition (the catalogue's `signed` column)."""
    return is_signed(store, indicator)


def _reference(store, indicator: str, code: str | None, year: int | None, lang: str) -> Reference:
    if not code:
        return Reference(None, "", None, None, None)
    name = place_name(store.place(code), lang)
    latest = store.latest_year(indicator, [code])[code]
    if year is None:  # the place has no data: show the reference's own latest value
        value = store.value(indicator, code, latest) if latest is not None else None
        return Reference(code, name, value, latest, latest)
    return Reference(code, name, store.value(indicator, code, year), year, latest)


def indicator_row(store, indicator: str, place: str, lang: str, partners=None) -> IndicatorRow:
    partners = list(partners if partners is not None else store.partners())
    meta = store.indicator(indicator)
    info = store.place(place)
    within = not store.one_scale(indicator)
    if within:  # definitions differ across the border: compare with same-country partners only
        partners = store.scale_groups(indicator, partners).get(info["country"], [])
    year = comparison_year(store, indicator, place, partners)
    series = store.series(indicator, [place])
    points = tuple((int(y), float(v)) for y, v in zip(series["year"], series["value"]))
    common = dict(
        id=indicator, theme=meta["theme"], name=meta.get(f"name_{lang}") or meta["name_en"],
        unit=meta["unit"], decimals=int(meta["decimals"]), direction=meta["direction"], kind=meta["kind"],
        definition=meta.get(f"definition_{lang}") or meta["definition_en"],
        comparability=meta.get(f"comparability_{lang}") or "", series=points,
        peers_country=info["country"] if within else None,
    )
    years_any = store.years(indicator)
    last_any = years_any[-1] if years_any else None
    region = _reference(store, indicator, info["region"] or None, year, lang)
    country_code = info["country"] or None
    if country_code:  # Austria: Styria where no national value is published (named as such)
        country_code = store.country_reference(indicator, year if year is not None else
                                               store.latest_year(indicator, [country_code])[country_code],
                                               country_code) or country_code
    country = _reference(store, indicator, country_code, year, lang)
    if year is None:
        return IndicatorRow(**common, year=None, value=None, flags="", source="", partners={}, rank=None,
                            percentile=None, region=region, country=country, index_country=None,
                            newer=None, last_year_any=last_any,
                            missing_reason=missing_reason(store, indicator, place))
    cs = store.cross_section(indicator, year, partners)
    values = {c: float(v) for c, v in cs["value"].items() if v == v}
    own = store.cross_section(indicator, year, [place]).iloc[0]
    value = _num(own["value"])
    ranks = store.rank(indicator, year, partners)
    percentile = store.percentile(indicator, year, place, partners)
    newer = None
    if points and points[-1][0] > year:
        newer = points[-1]
    row = IndicatorRow(
        **common, year=year, value=value, flags=str(own["flags"]), source=str(own["source"]),
        partners=values, rank=ranks.get(place), percentile=percentile, region=region, country=country,
        index_country=index_to_country(value, country.value, meta["kind"], _signed(store, indicator)),
        newer=newer,
        last_year_any=last_any,
        stale=is_stale(store, indicator, year),
    )
    return replace(row, assessment=assess(row.direction, percentile, row.n_partners, value, country.value))


def theme_order(store) -> list[str]:
    """Themes in the catalogue's order (the order the Data page uses)."""
    return list(dict.fromkeys(store.indicators["theme"]))


@dataclass(frozen=True)
class Fact:
    id: str
    label: str
    value: float | None
    decimals: int
    unit: str
    year: int | None
    source: str
    flags: str = ""
    stale: bool = False  # `year` is old (dashboard.missing.is_stale)
    missing_reason: dict | None = None  # no value: why (dashboard.missing.missing_reason)


def key_facts(store, place: str, lang: str) -> list[Fact]:
    """The tiles at the top: each the place's own latest value, with its year and source."""
    out = []
    ids = set(store.indicator_ids())
    for fid in KEY_FACTS:
        if fid == "area":
            area = _num(store.place(place)["area_km2"])
            out.append(Fact("area", t("profile.fact.area", lang), area, 1, "km2", None,
                            t("profile.fact.area_source", lang)))
            continue
        if fid not in ids:
            continue
        meta = store.indicator(fid)
        label = meta.get(f"name_{lang}") or meta["name_en"]
        year = store.latest_year(fid, [place])[place]
        if year is None:
            out.append(Fact(fid, label, None, int(meta["decimals"]), meta["unit"], None, "",
                            missing_reason=missing_reason(store, fid, place)))
            continue
        cell = store.cross_section(fid, year, [place]).iloc[0]
        out.append(Fact(fid, label, _num(cell["value"]), int(meta["decimals"]), meta["unit"], year,
                        str(cell["source"]), str(cell["flags"]), stale=is_stale(store, fid, year)))
    return out


@dataclass(frozen=True)
class Profile:
    place: str
    name: str
    region: str
    region_name: str
    country: str
    country_name: str
    lang: str
    rows: tuple  # IndicatorRow, themes in catalogue order
    facts: tuple

    @property
    def strengths(self) -> list[IndicatorRow]:
        return sorted((r for r in self.rows if r.assessment == "strength"), key=lambda r: -r.percentile)

    @property
    def weaknesses(self) -> list[IndicatorRow]:
        return sorted((r for r in self.rows if r.assessment == "weakness"), key=lambda r: r.percentile)

    @property
    def missing(self) -> list[IndicatorRow]:
        return [r for r in self.rows if not r.has_data]

    def by_theme(self) -> list[tuple[str, list[IndicatorRow]]]:
        themes = list(dict.fromkeys(r.theme for r in self.rows))
        return [(th, [r for r in self.rows if r.theme == th]) for th in themes]


def build_profile(store, place: str, lang: str) -> Profile:
    info = store.place(place)
    partners = store.partners()
    order = {th: i for i, th in enumerate(theme_order(store))}
    ids = sorted(store.indicator_ids(), key=lambda i: order[store.indicator(i)["theme"]])  # stable
    rows = tuple(indicator_row(store, i, place, lang, partners) for i in ids)
    region, country = info["region"], info["country"]
    return Profile(
        place=place, name=info["name"], region=region,
        region_name=place_name(store.place(region), lang) if region else "",
        country=country, country_name=place_name(store.place(country), lang) if country else country,
        lang=lang, rows=rows, facts=tuple(key_facts(store, place, lang)),
    )


@dataclass(frozen=True)
class Strip:
    """Positions (0..100 % of the width) on a value scale where better is always to the right
    (`reversed` for lower_better); for neutral indicators higher is to the right."""
    partners: dict  # code -> position, the place included
    place: float
    region: float | None
    country: float | None
    reversed: bool


def strip(row: IndicatorRow) -> Strip | None:
    """None without a value for the place. Region and country share the scale of the partners,
    except for counts (a region's population next to a town's would flatten every town dot)."""
    if row.value is None:
        return None
    refs = {}
    if row.kind != "count":
        refs = {k: ref.value for k, ref in (("region", row.region), ("country", row.country))
                if ref.value is not None}
    partner_values = dict(row.partners)
    partner_values.setdefault("__place", row.value)
    everything = list(partner_values.values()) + list(refs.values())
    lo, hi = min(everything), max(everything)
    rev = row.direction == "lower_better"

    def pos(v: float) -> float:
        if hi == lo:
            return 50.0
        p = (v - lo) / (hi - lo)
        if rev:
            p = 1.0 - p
        return round(STRIP_MARGIN + p * (100.0 - 2 * STRIP_MARGIN), 2)

    return Strip(
        partners={c: pos(v) for c, v in row.partners.items()},
        place=pos(row.value),
        region=pos(refs["region"]) if "region" in refs else None,
        country=pos(refs["country"]) if "country" in refs else None,
        reversed=rev,
    )
