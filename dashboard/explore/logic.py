"""What the Explore view shows for a state: a headless controller, testable without a browser.

It turns an `ExploreState` into plain data (places, display values, ranks, references, missing
places with their latest year, time series). Figures, the table, the summary and the downloads
all read this one result, so the views cannot disagree.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard import measures
from dashboard.figures.palette import REGION_ORDER
from dashboard.i18n import t
from dashboard.missing import missing_reason

from .state import ExploreState


@dataclass(frozen=True)
class View:
    state: ExploreState
    indicator: dict
    places: list[str]  # shown places, in table order
    level_values: pd.Series  # value in `state.year` (NaN = no data)
    display: pd.Series  # what map and ranking show: value, index, change or difference
    ranks: dict[str, int]  # rank of `display` (direction-aware), places with a value only
    latest: dict[str, int | None]  # latest year with data, for places missing in state.year
    references: list[dict]  # {code, kind, value (display units), level_value}
    flags: pd.Series  # flags of the level values
    breaks: dict = field(default_factory=dict)  # index / change mode: place -> year of a break in the period
    reasons: dict = field(default_factory=dict)  # places without a display value -> missing.missing_reason

    @property
    def unit(self) -> str:
        """The unit of `display`: a change or difference of a percentage is in percentage points."""
        if self.state.mode == "index":
            return "index"
        if self.state.mode in ("change", "difference"):
            return measures.change_unit(self.indicator["unit"])
        return self.indicator["unit"]


def shown_places(store, state: ExploreState) -> list[str]:
    if state.level == "regions":
        return store.place_codes(level="region")
    if state.scope == "all":
        return store.place_codes(level="municipality")
    return store.partners()


def coerce(state: ExploreState, store) -> ExploreState:
    """Keep years valid after the indicator changes (each indicator has its own years)."""
    from .state import default_years

    if state.mode == "index" and not measures.index_available(store, state.indicator):
        state = state.with_(mode="value")  # no index of a signed indicator (the option says why)
    if state.colour == "type" and state.level == "regions":
        state = state.with_(colour="value")  # municipality types exist for municipalities only
    years = store.years(state.indicator)
    year, start = state.year, state.start
    if year not in years:
        year, start = default_years(store, state.indicator)
    if start not in years or start >= year:
        earlier = [y for y in years if y < year]
        start = min(earlier, key=lambda y: abs(y - (year - 10))) if earlier else year
    return state.with_(year=year, start=start)


def _reference_codes(store, state: ExploreState, place: str) -> str | None:
    info = store.place(place)
    if state.reference == "country":  # Austria: Styria where no national value is published
        return store.country_reference(state.indicator, state.year, info["country"]) or info["country"]
    if state.reference == "region":
        return info["region"] or None
    return None  # partners mean


def build_view(store, state: ExploreState) -> View:
    ind = store.indicator(state.indicator)
    places = shown_places(store, state)
    cs = store.cross_section(state.indicator, state.year, places)
    level = cs["value"].astype(float)
    flags = cs["flags"]
    display, breaks = _shown_values(store, state, places, level)
    ranks = _rank(display, ind["direction"], store.scale_groups(state.indicator, places))
    gaps = np.isnan(display.reindex(places).to_numpy(dtype=float))  # one reindex, not a lookup per place
    missing = [p for p, gap in zip(places, gaps) if gap]
    latest = store.latest_year(state.indicator, missing, up_to=None) if missing else {}
    reasons = missing_reasons(store, state, level, missing, breaks, latest)
    return View(state=state, indicator=ind, places=places, level_values=level, display=display, ranks=ranks,
                latest=latest, references=references(store, state), flags=flags, breaks=breaks, reasons=reasons)


def values_of(store, state: ExploreState, places: list[str]) -> pd.Series:
    """What the view shows for `places` (value, index, change or difference), also for places it
    does not rank: a municipality selected on the map outside the 16 partners."""
    level = store.cross_section(state.indicator, state.year, places)["value"].astype(float)
    return _shown_values(store, state, places, level)[0]


def _shown_values(store, state: ExploreState, places: list[str], level: pd.Series) -> tuple[pd.Series, dict]:
    """The shown values of `places` in the state's mode, and the places whose period crosses a
    break in series (no index or change for those)."""
    if state.mode == "value":
        display = level
    elif state.mode == "index":
        base = store.cross_section(state.indicator, state.start, places)["value"].astype(float)
        display = (level / base.where(base != 0) * 100)
    elif state.mode == "change":
        base = store.cross_section(state.indicator, state.start, places)["value"].astype(float)
        display = level - base
    else:  # difference to the chosen reference, per place
        one_scale = store.one_scale(state.indicator)
        pmeans = {c: store.partner_mean(state.indicator, state.year, None if one_scale else c)[0]
                  for c in ("SI", "AT")}
        refs = []
        for p in places:
            code = _reference_codes(store, state, p)
            refs.append(pmeans[p[:2]] if code is None else store.value(state.indicator, code, state.year))
        display = level - pd.Series([np.nan if r is None else r for r in refs], index=places, dtype=float)

    display = display.astype(float)
    breaks = {}
    if state.mode in ("index", "change"):
        # a change or an index across a break in series compares two different measurements
        breaks = measures.breaks_within(store, state.indicator, places, state.start, state.year)
        if breaks:
            display = display.where(~display.index.isin(list(breaks)))
    return display, breaks


def missing_reasons(store, state: ExploreState, level: pd.Series, missing: list[str], breaks: dict,
                    latest: dict) -> dict[str, dict]:
    """`missing.missing_reason` of every place in `missing` for the year whose value is missing
    (the shown year, or in index / change mode the start year when the shown year has a value),
    equal to asking it place by place (tests/test_explore_fast.py) without store queries per
    place: kind, country and "regional only" depend only on the place's country and level, the
    year and whether a break is the cause, so one `missing_reason` per such group gives them; the
    latest year with data comes from `latest` (`store.latest_year` of all of them at once)."""
    if not missing:
        return {}
    has_level = {}
    if state.mode in ("index", "change"):  # the start year is the one missing where the year has a value
        has_level = dict(zip(level.index.tolist(), (level.to_numpy(dtype=float) == level.to_numpy(dtype=float)).tolist()))
    groups: dict[tuple, dict] = {}
    out = {}
    for p, country, place_level in zip(missing, store.place_column("country", missing),
                                       store.place_column("level", missing)):
        b = breaks.get(p)
        year = state.start if has_level.get(p) else state.year
        key = (country, place_level, year, b is None)
        proto = groups.get(key)
        if proto is None:
            proto = groups[key] = missing_reason(store, state.indicator, p, year, break_year=b)
        out[p] = {**proto, "latest": None if proto["kind"] == "not_published" else latest.get(p),
                  "break_year": b}
    return out


def _rank(values: pd.Series, direction: str, groups: dict) -> dict[str, int]:
    """1 = best within each group of places that may share a scale (one group, or one per country
    for a within-country indicator: see dashboard/comparability.py)."""
    sign = 1.0 if direction == "lower_better" else -1.0
    index = values.index.tolist()  # iterating a pandas string index directly costs a call per place
    vals = dict(zip(index, values.to_numpy(dtype=float).tolist()))
    out: dict[str, int] = {}
    for codes in groups.values():
        # ties share the smaller rank (pandas' method="min"): 1 + the number of better places
        kept = [c for c in codes if c in vals and vals[c] == vals[c]]
        if not kept:
            continue
        score = sign * np.fromiter((vals[c] for c in kept), dtype=float, count=len(kept))
        ranks = 1 + np.searchsorted(np.sort(score), score, side="left")
        out.update(zip(kept, ranks.tolist()))
    return {p: out[p] for p in index if p in out}


def references(store, state: ExploreState, *, with_missing: bool = False) -> list[dict]:
    """Country, region (regions level: countries only) and partner-mean lines, in display units;
    `with_missing`: also those without a value this year (value None), which the ranking keeps
    room for so it does not change height from year to year."""
    ind = state.indicator
    out = []
    codes = [store.country_reference(ind, state.year, c) or c for c in ("SI", "AT")]
    if state.reference == "region" and state.level == "municipalities":
        codes += store.place_codes(level="region")
    for code in codes:
        out.append({"code": code, "kind": store.place(code)["level"], **_ref_value(store, state, code)})
    pmean, n = store.partner_mean(ind, state.year)
    if state.level == "municipalities" and n:
        base_mean, _ = store.partner_mean(ind, state.start)
        if state.mode in ("index", "change") and measures.breaks_within(store, ind, store.partners(), state.start,
                                                                        state.year):
            base_mean = None  # some partners' series break in the period: their mean does too
        out.append({"code": "partners", "kind": "partners", "n": n,
                    **_display(state, pmean, base_mean, None)})
    return out if with_missing else [r for r in out if r["value"] is not None]


def _ref_value(store, state, code) -> dict:
    v = store.value(state.indicator, code, state.year)
    base = store.value(state.indicator, code, state.start)
    if state.mode in ("index", "change") and measures.break_year(store, state.indicator, code, state.start,
                                                                  state.year):
        base = None  # no reference line across a break in series either
    return _display(state, v, base, code)


def _display(state, v, base, code) -> dict:
    if v is None:
        return {"value": None, "level_value": None}
    if state.mode == "index":
        value = None if not base else v / base * 100
    elif state.mode == "change":
        value = None if base is None else v - base
    elif state.mode == "difference":
        value = None  # a reference line makes no sense on a difference axis (the axis is centred on 0)
    else:
        value = v
    return {"value": value, "level_value": v}


def series_places(store, state: ExploreState) -> list[str]:
    """Lines in the time series: the selection, or the four regions when nothing is selected."""
    if state.selected:
        return list(state.selected)
    return store.place_codes(level="region")  # sixteen lines would be unreadable: regions until a click


def reference_series_codes(store, state: ExploreState) -> list[str]:
    if state.reference == "region":
        regions = {store.place(p)["region"] for p in series_places(store, state) if store.place(p)["region"]}
        return sorted(r for r in regions if r)
    return ["SI", "AT"]


# ---- figure inputs: every store read the figures need, as plain data ---------------------------
#
# The builders in dashboard/figures/ take data and options, never the store (so a figure can be
# drawn from a JSON payload or a five-row test frame). These functions read the store for them.

def _name_col(lang: str | None) -> str:
    return f"name_{lang}" if lang in ("sl", "de", "en") else "name_en"


def indicator_meta(store, indicator: str) -> dict:
    """The indicator's row as a plain dict: the `meta` every figure builder takes."""
    return dict(store.indicator(indicator))


def place_names(store, codes, lang: str | None) -> dict[str, str]:
    """Place code -> name in the interface language (regions and countries differ per language)."""
    codes = tuple(codes)
    return dict(_place_names(store, codes, lang))


@lru_cache(maxsize=64)
def _place_names(store, codes: tuple, lang: str | None) -> dict[str, str]:
    # the store is read-only, so a name table is computed once per (store, places, language)
    col = _name_col(lang)
    out = {}
    for c in codes:
        row = store.place(c)
        out[c] = row.get(col) or row.get("name") or c
    return out


def region_names(store, lang: str | None, regions=REGION_ORDER) -> dict[str, str]:
    """Legend names of the partner regions, in the fixed legend order."""
    return place_names(store, regions, lang)


def context_name(store, code: str, lang: str | None) -> str:
    """The second hover line: a municipality's region, a region's country, else nothing."""
    row = store.place(code)
    col = _name_col(lang)
    if row["level"] == "municipality" and row["region"]:
        return store.place(row["region"]).get(col, "")
    if row["level"] in ("region", "state") and row["country"]:
        try:
            return store.place(row["country"]).get(col, "")
        except KeyError:
            return ""
    return ""


def place_table(store, codes=None, lang: str | None = "en") -> dict[str, dict]:
    """The `place_info` of the figure builders: code -> {name, context, level, region, country,
    partner}, for `codes` (default every place of the store), names in `lang`.

    Read-only rows (the figure builders only read them), computed once per (store, places,
    language): every Explore render asks for the whole store's table twice."""
    codes = tuple(store.place_codes()) if codes is None else tuple(dict.fromkeys(codes))
    return dict(_place_table(store, codes, lang))


@lru_cache(maxsize=64)
def _place_table(store, codes: tuple, lang: str | None) -> dict[str, dict]:
    names = place_names(store, codes, lang)
    out = {}
    for c in codes:
        row = store.place(c)
        out[c] = {"name": names[c], "context": context_name(store, c, lang), "level": row["level"],
                  "region": row["region"], "country": row["country"], "partner": bool(row["partner"])}
    return out


def map_inputs(store, indicator: str, lang: str | None) -> dict:
    """The keyword arguments of `map_figure` / `map_update` that come from the store."""
    return {"meta": indicator_meta(store, indicator), "place_info": place_table(store, lang=lang),
            "partners": store.partners()}


def map_values(store, indicator: str, year, *, level: str = "municipality", mode: str = "value",
               reference=None) -> pd.Series:
    """The `values` argument of `map_figure` from the store: every place of the layer (NaN =
    no data); in "difference" mode minus the reference (a place code, or "country" / "region"
    for each place's own)."""
    codes = store.place_codes(level=level)
    codes = [c for c in codes if level != "region" or store.place(c)["region"]]
    v = store.cross_section(indicator, year, codes)["value"].astype(float)
    if mode == "difference":
        if reference in ("country", "region"):
            refs = {c: store.place(c)[reference] for c in codes}
            ref_vals = {r: store.value(indicator, r, year) for r in set(refs.values()) if r}
            base = pd.Series({c: ref_vals.get(refs[c]) for c in codes}, dtype=float)
        else:
            code = reference.get("code") if isinstance(reference, Mapping) else reference
            ref_year = reference.get("year", year) if isinstance(reference, Mapping) else year
            ref = store.value(indicator, code, ref_year)
            base = pd.Series(np.nan if ref is None else ref, index=v.index, dtype=float)
        v = v - base.reindex(v.index)
    v.name = "value"
    return v


def ranking_frame(store, indicator: str, year, places, lang: str | None, *,
                  by: str = "value", period=None) -> pd.DataFrame:
    """The input of `ranking_figure` from the store (by="change" needs period=(start, end))."""
    places = list(dict.fromkeys(places))
    if by == "value":
        value = store.cross_section(indicator, year, places)["value"]
        ranks = store.rank(indicator, year, places)
        up_to = year
    elif by == "change":
        if not period or len(period) != 2:
            raise ValueError("by='change' needs period=(start, end)")
        value = store.change(indicator, places, *period)["abs_change"]
        ranks = store.rank(indicator, tuple(period), places, by="change")
        up_to = period[1]
    else:
        raise ValueError(f"by must be 'value' or 'change', not {by!r}")
    info = _place_table(store, tuple(store.place_codes()), lang)  # the map's table, made once
    rows = [info[c] for c in places]
    latest = store.latest_year(indicator, places, up_to=None)
    one_scale = store.one_scale(indicator)
    df = pd.DataFrame({
        "value": value.reindex(places).to_numpy(dtype=float),
        "name": [r["name"] for r in rows],
        "region": [r["region"] for r in rows],
        "context": [r["context"] for r in rows],
        "partner": [r["partner"] for r in rows],
        "rank": [ranks.get(c) for c in places],
        "latest_year": [latest.get(c) for c in places],
        # within-country indicator: ranked per country, drawn as one block per country
        "group": [None if one_scale else r["country"] for r in rows],
    }, index=pd.Index(places, name="place"))
    df.attrs["year"] = up_to
    return df


def ranking_references(store, indicator: str, year, places, lang: str | None) -> list[dict]:
    """Countries, regions (of the places shown) and the partner mean, as `references` dicts."""
    rows = [store.place(c) for c in places]
    countries = list(dict.fromkeys(r["country"] for r in rows if r["country"]))
    regions = [r for r in REGION_ORDER if any(row["region"] == r for row in rows)]
    names = place_names(store, countries + regions, lang)
    out = []
    for c in countries:
        out.append({"label": names[c], "value": store.value(indicator, c, year), "kind": "country", "code": c})
    for r in regions:
        out.append({"label": names[r], "value": store.value(indicator, r, year), "kind": "region", "code": r})
    mean, n = store.partner_mean(indicator, year)
    if n:
        out.append({"label": t("ref.partner_mean", lang), "value": mean, "kind": "partners"})
    return out


def partner_mean_series(store, indicator: str) -> pd.DataFrame:
    """year, value of the unweighted partner mean, for a "partners" reference line.

    Only years in which as many partners have data as in the best-covered year: a mean over a
    changing set of towns (e.g. only the Slovenian ones in a year Austria has not published yet)
    would draw a jump that is not in the data.
    """
    means = {y: store.partner_mean(indicator, y) for y in store.years(indicator)}
    full = max((n for _, n in means.values()), default=0)
    rows = [(y, v) for y, (v, n) in means.items() if v is not None and n == full]
    return pd.DataFrame(rows, columns=["year", "value"])
