"""From a state to what the three charts show: the glue between the controller and the figures.

Pure functions (no Dash): the page's callbacks only call these and wrap the result, so the
behaviour is testable without a browser. The map figure is built once per page load; later states
only produce `map_update` dicts, sent as a Dash `Patch` (the geometry never travels again).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

import plotly.graph_objects as go

from dashboard.figures.map import LEGEND_ROOM, load_context, map_selection, map_spec, map_update, trace_indices
from dashboard.figures.ranking import ranking_spec
from dashboard.figures.timeseries import timeseries_spec
from dashboard.i18n import fmt_number, t
from dashboard.measures import change_unit
from dashboard.missing import reason_text, year_label

from .logic import (View, build_view, map_inputs, partner_mean_series, place_table, ranking_frame, references,
                    reference_series_codes, series_places)
from .state import ExploreState
from dashboard.i18n.sources import source_text

GEOJSON_URL = "/_geo/boundaries.json"
SELECTION_TRACE = trace_indices()["selection"]


def sources_line(store, indicator: str, lang: str) -> str:
    ind = store.indicator(indicator)
    parts = [p for p in (ind["source_si"], ind["source_at"], ind["source_regions"]) if p]
    return t("explore.source", lang, sources="; ".join(dict.fromkeys(source_text(p, lang) for p in parts)))


def chart_title(store, state: ExploreState) -> str:
    """The card title, also the PNG's: a change or difference of a percentage says "in percentage points"."""
    lang = state.lang
    ind = store.indicator(state.indicator)
    name = ind[f"name_{lang}"]
    ref = t(f"explore.ref.{state.reference}", lang)
    title = t(f"explore.chart.{state.mode}", lang, indicator=name, year=state.year, start=state.start, ref=ref)
    if state.mode in ("change", "difference") and change_unit(ind["unit"]) == "pp":
        title += ", " + t("explore.chart.in_pp", lang)
    return title


# ---- map -------------------------------------------------------------------------------------

def _map_mode(state: ExploreState) -> str:
    return "difference" if state.mode in ("difference", "change") else "value"


def map_layer_values(store, state: ExploreState) -> pd.Series:
    """Every place of the drawn layer (all municipalities of the four regions, or the regions):
    the other municipalities colour the map for context even when only the partners are ranked."""
    level = "region" if state.level == "regions" else "municipality"
    codes = store.place_codes(level=level)
    if level == "region":
        codes = [c for c in codes if store.place(c)["region"]]
    context = state.with_(scope="all") if level == "municipality" else state
    view = build_view(store, context)
    values = view.display.reindex(codes).astype(float)
    if state.mode == "index":  # the map shows the level; index lines live in ranking and time series
        values = view.level_values.reindex(codes).astype(float)
    # the hover of a place without a value says why (break in series, not published, ...)
    plain = dict(zip(codes, values.to_numpy().tolist()))
    values.attrs["notes"] = _missing_texts(store, context, view, [c for c in codes if not plain[c] == plain[c]])
    return values


def _map_reference(store, state: ExploreState):
    lang = state.lang
    if state.mode in ("value", "index"):
        ind = store.indicator(state.indicator)
        parts = []
        for code in ("SI", "AT"):
            v = store.value(state.indicator, code, state.year)
            if v is not None:
                unit = t(f"unit.{ind['unit']}", lang)
                number = fmt_number(v, int(ind["decimals"]), lang) + (f" {unit}" if len(unit) <= 3 else "")
                parts.append(f"{store.place(code)[f'name_{lang}']} {number}")
        return {"label": " · ".join(parts)} if parts else None
    if state.mode == "change":
        label = t("ranking.axis.change", lang, start=state.start, end=state.year)
        return {"label": label, "title": label}
    if state.mode == "difference":
        return {"label": t(f"explore.ref.{state.reference}", lang)}
    return None


def _map_args(store, state: ExploreState, view: View) -> dict:
    return dict(**map_inputs(store, state.indicator, state.lang), year=state.year, lang=state.lang,
                selected=state.selected, mode=_map_mode(state), reference=_map_reference(store, state),
                ranks=view.ranks, geojson_url=GEOJSON_URL)


def map_initial(store, geojson: dict, state: ExploreState, view: View, *, plain: bool = False):
    """The whole map, with the static context layer (neighbouring regions, town labels).
    plain=True: the figure dict as the page sends it (no Figure validation and copies)."""
    spec = map_spec(geojson, map_layer_values(store, state), **_map_args(store, state, view),
                    context=load_context(), legend_room=LEGEND_ROOM)
    return spec if plain else go.Figure(spec)


def map_changes(store, geojson: dict, state: ExploreState, view: View) -> dict:
    """The Patch content for a new state with the same indicator, mode and language."""
    return map_update(geojson, map_layer_values(store, state), **_map_args(store, state, view))


def map_content_key(state: ExploreState) -> list:
    """What the map's colours, legend and hovers depend on besides the structure: with the same
    key, a new state differs in its selection only (the outline is all that changes)."""
    return [state.indicator, state.year, state.start, state.level, state.scope, state.mode, state.reference]


def selection_outline(geojson: dict, state: ExploreState) -> dict:
    """The selection trace's attributes for `state` (as in `map_changes`), without the rest."""
    return map_selection(geojson, state.selected)


def map_structure_key(state: ExploreState) -> list:
    """What forces a fresh map figure rather than a Patch: the mode family (sequential or
    diverging legend) and the language; a new year, indicator, level or selection is a Patch."""
    return [_map_mode(state), state.lang]


# ---- ranking ---------------------------------------------------------------------------------

def ranking(store, state: ExploreState, view: View, *, plain: bool = False):
    """The ranking figure; plain=True: the dict the page sends (see `ranking_spec`)."""
    lang = state.lang
    df = ranking_frame(store, state.indicator, state.year, view.places, lang)
    df["value"] = view.display.reindex(df.index).to_numpy(dtype=float)
    codes = df.index.tolist()  # plain strings: iterating the index itself goes through pandas per item
    df["rank"] = [view.ranks.get(c) for c in codes]
    indicator = dict(view.indicator)
    by, period = "value", None
    if state.mode == "index":
        indicator.update(unit="index", decimals=1)
    elif state.mode == "change":
        by, period = "change", (state.start, state.year)
    elif state.mode == "difference":
        indicator.update(unit=view.unit)  # a difference of percentages is in percentage points
    notes = _missing_texts(store, state, view, codes)
    df["missing_text"] = [notes.get(c, "") for c in codes]
    refs = []
    # A count's totals (Slovenia's 2.1 million inhabitants) are on another scale than the places
    # ranked (Kranj's 57,000): drawn on the same axis they left every bar a sliver. The partner mean,
    # a municipality's count, stays; an index puts every territory on one scale and keeps them all.
    totals_apart = view.indicator.get("kind") == "count" and state.mode in ("value", "change")
    for r in references(store, state, with_missing=True):  # those without a value keep their room
        if totals_apart and r["kind"] != "partners":
            continue
        label = t("ref.partner_mean", lang) if r["code"] == "partners" else store.place(r["code"])[f"name_{lang}"]
        refs.append({"label": label, "value": r["value"], "kind": r["kind"], "code": r["code"]})
    spec = ranking_spec(df, meta=indicator, lang=lang, references=refs, selected=state.selected, by=by,
                        period=period, place_info=place_table(store, lang=lang), year=state.year)
    return spec if plain else go.Figure(spec, _validate=False)


def _missing_texts(store, state: ExploreState, view: View, codes) -> dict[str, str]:
    """Why each of `codes` that has a reason has no value; places with the same reason (the
    hundreds of one country, for an indicator the other does not publish) share its text, made once."""
    texts: dict[tuple, str] = {}
    notes = {}
    for c in codes:
        r = view.reasons.get(c)
        if r is not None:
            key = tuple(r.values())
            if key not in texts:
                texts[key] = _missing_text(store, state, view, c)
            notes[c] = texts[key]
    return notes


def _missing_text(store, state: ExploreState, view: View, code: str) -> str:
    r = view.reasons.get(code)
    if r is None:
        return ""
    r = dict(r)
    if r.get("latest") is not None:
        r["latest_label"] = year_label(store, state.indicator, r["latest"], state.lang)
    return reason_text(r, state.lang)


# ---- time series -----------------------------------------------------------------------------

def series_mode(store, state: ExploreState) -> str:
    """Index for index mode and for counts (a town and a country on one axis is unreadable)."""
    if state.mode == "index" or store.indicator(state.indicator)["kind"] == "count":
        return "index"
    return "value"


def timeseries(store, state: ExploreState, *, plain: bool = False):
    """The time series with the shown year marked; plain=True: the dict the page sends."""
    lang = state.lang
    places = series_places(store, state)
    refs = reference_series_codes(store, state)
    mode = series_mode(store, state)
    series = store.series(state.indicator, places + refs)
    references: list = list(refs)
    if state.level == "municipalities":
        pm = partner_mean_series(store, state.indicator)
        if len(pm):
            references.append({"label": t("ref.partner_mean", lang), "kind": "partners", "data": pm})
    spec = timeseries_spec(series, meta=store.indicator(state.indicator), lang=lang, places=places,
                           references=references, mode=mode, base_year=state.start if mode == "index" else None,
                           selected=state.selected, place_info=place_table(store, places + refs, lang),
                           partners=store.partners())
    # the year marker, last of the shapes (a year change patches its x0 / x1); as add_vline draws it
    spec["layout"].setdefault("shapes", []).append(
        {"type": "line", "xref": "x", "x0": state.year, "x1": state.year, "yref": "y domain", "y0": 0, "y1": 1,
         "line": {"color": "#6c757d", "width": 1, "dash": "dot"}})
    return spec if plain else go.Figure(spec, _validate=False)


def titles(store, state: ExploreState) -> dict[str, dict[str, str]]:
    """Chart titles for the card headers and the PNG downloads (which also carry the source)."""
    lang = state.lang
    name = store.indicator(state.indicator)[f"name_{lang}"]
    key = "explore.chart.series_index" if series_mode(store, state) == "index" else "explore.chart.series"
    source = sources_line(store, state.indicator, lang)
    return {
        "map": {"title": chart_title(store, state), "source": source},
        "ranking": {"title": chart_title(store, state), "source": source},
        "series": {"title": t(key, lang, indicator=name, start=state.start), "source": source},
    }


def series_key(state: ExploreState) -> list:
    """The time series does not depend on the year (only its marker line does)."""
    return [state.indicator, state.start, state.level, state.scope, state.mode, state.reference,
            list(state.selected), state.lang]


def finite(v) -> bool:
    return v is not None and not (isinstance(v, float) and np.isnan(v))
