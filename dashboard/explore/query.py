"""What the Explore view shows for a state: a headless controller, testable without a browser.

It turns an `ExploreState` into plain data (places, display values, ranks, references, missing
places with their latest year, time series). Figures, the table, the summary and the downloads
all read this one result, so the views cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import measures
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
    ranks = _rank(display, ind["direction"], store.scale_groups(state.indicator, places))
    missing = [p for p in places if np.isnan(display.get(p, np.nan))]
    latest = store.latest_year(state.indicator, missing, up_to=None) if missing else {}
    reasons = {p: missing_reason(store, state.indicator, p, _missing_year(state, level, p),
                                 break_year=breaks.get(p)) for p in missing}
    return View(state=state, indicator=ind, places=places, level_values=level, display=display, ranks=ranks,
                latest=latest, references=references(store, state), flags=flags, breaks=breaks, reasons=reasons)


def _missing_year(state: ExploreState, level: pd.Series, place: str) -> int:
    """The year whose value is missing: the shown year, or in index / change mode the start year
    when the shown year has a value."""
    if state.mode in ("index", "change") and not np.isnan(level.get(place, np.nan)):
        return state.start
    return state.year


def _rank(values: pd.Series, direction: str, groups: dict) -> dict[str, int]:
    """1 = best within each group of places that may share a scale (one group, or one per country
    for a within-country indicator: see dashboard/comparability.py)."""
    ascending = direction == "lower_better"
    out: dict[str, int] = {}
    for codes in groups.values():
        v = values.reindex(codes).dropna()
        if not v.empty:
            out.update(v.rank(method="min", ascending=ascending).astype(int).to_dict())
    return {p: int(out[p]) for p in values.index if p in out}


def references(store, state: ExploreState) -> list[dict]:
    """Country, region (regions level: countries only) and partner-mean lines, in display units."""
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
    return [r for r in out if r["value"] is not None]


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
