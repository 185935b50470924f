"""The Explore ranking: one horizontal bar per place, best first, coloured by region.

Pure functions of data and options (no Dash import, no store). `explore.logic.ranking_frame`
builds the input from the store; `ranking_figure` draws any frame of that shape, so tests can pass
hand-made numbers.

Input frame (index = place code): ``value`` (the number ranked: the value, or with by="change"
the change over the period), optional ``name``, ``region``, ``context`` (hover line 2), ``partner``,
``rank`` (else computed: 1 = best, ties share the smaller rank, as `Store.rank`) and
``latest_year`` (shown for places without a value) and ``group`` (a within-country indicator: the
country, one block each). Missing columns are filled from ``place_info=`` (a place table, code ->
{name, region, context, partner}) or left plain (the code, no region, not a partner).

Clicks: bars and "no data" rows carry the place code in ``customdata[0]``, as on the map.
Layout is in pixels (fixed row height), so the figure is as tall as its list: about 480 px for the
16 partners. A block of more than `LONG_LIST` places (all municipalities) shows its top ten, its
bottom five, the partners and the selection, with a row per run (of three or more) left out naming its ranks
(`_excerpt`); axis and legend stay on top, visible before scrolling.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.palette import (FONT, HOVER_TEMPLATE, MUTED_TEXT, OTHER_COLOUR, REFERENCE_STYLES,
                                       REGION_ORDER, SELECTION_COLOUR, hover_detail, indicator_meta,
                                       place_field, place_name, readable_text, region_colour, unit_label,
                                       with_unit)
from dashboard.figures.numbers import fmt_fast
from dashboard.figures.template import MINIMAL_TEMPLATE, TICK_LABELS_UNMEASURED
from dashboard.i18n import fmt_number, fmt_year, plotly_separators, t
from dashboard.measures import change_unit

__all__ = ["ranking_figure", "ranking_spec", "ranking_height"]

_AXIS_PX = 44        # top: tick labels and axis title
_LABEL_ROW_PX = 16   # one row of reference labels
_LEGEND_PX = 30
_BOTTOM_PX = 16
_ASSUMED_PLOT_PX = 620
_DIMMED = 0.5  # for placing reference labels; the real width is only known in the browser
# A block with more rows than this shows its top, its bottom, the partners and the selection.
LONG_LIST = 40
LONG_LIST_TOP = 10
LONG_LIST_BOTTOM = 5
LONG_LIST_MIN_GAP = 3  # shorter runs are shown


def _row_px(n: int) -> int:
    return 22 if n <= 40 else 18


def ranking_height(n_places: int, label_rows: int = 1) -> int:
    """Pixel height for n places (the page's scroll container can use it too)."""
    n = max(n_places, 1)
    return _AXIS_PX + _LABEL_ROW_PX * label_rows + _LEGEND_PX + 8 + _BOTTOM_PX + _row_px(n) * n


def _plain_ranks(codes: list[str], rows: dict, direction: str) -> dict[str, int]:
    """1 = best within each group; ties share the smaller rank (as `Store.rank`); O(n log n)."""
    by_group: dict = {}
    for c in codes:
        v = rows[c]["value"]
        by_group.setdefault(rows[c]["group"], []).append(-v if direction == "lower_better" else v)
    ordered = {g: sorted(scores) for g, scores in by_group.items()}
    out = {}
    for c in codes:
        v = rows[c]["value"]
        score = -v if direction == "lower_better" else v
        scores = ordered[rows[c]["group"]]
        out[c] = 1 + len(scores) - bisect_right(scores, score)  # 1 + the number of better places
    return out


def _label_rows(refs: list[dict], lo: float, hi: float) -> list[int]:
    """Row per reference label (0 = nearest the plot) so neighbouring labels do not overlap."""
    span = (hi - lo) or 1.0
    ends: list[float] = []
    rows = []
    for r in refs:
        x = (r["value"] - lo) / span * _ASSUMED_PLOT_PX
        w = len(r["_text"]) * 6.4 + 12
        start = x - w / 2
        for i, end in enumerate(ends):
            if start > end:
                ends[i] = x + w / 2
                rows.append(i)
                break
        else:
            ends.append(x + w / 2)
            rows.append(len(ends) - 1)
    return rows


def ranking_figure(df: pd.DataFrame, **options) -> go.Figure:
    """`ranking_spec` as a Figure (for tests and exports; the page sends the plain dict)."""
    return go.Figure(ranking_spec(df, **options), _validate=False)


def ranking_spec(df: pd.DataFrame, *, meta: Mapping, lang: str | None, references: Sequence[Mapping] = (),
                 selected: Sequence[str] = (), by: str = "value", period=None, place_info: Mapping | None = None,
                 year=None) -> dict:
    """Horizontal bars, rank 1 on top (direction-aware), region colours, reference lines.

    meta: the indicator row (name_<lang>, unit, decimals, direction). place_info: place table for the
    names of the regions in the legend and of the countries heading their blocks (and for columns
    missing from `df`). references: dicts {label, value, kind ('country' | 'state' | 'region' |
    'partners'), code?}; a reference without a value is left out. year: shown in the hover
    (default df.attrs["year"]).
    """
    if by not in ("value", "change"):
        raise ValueError(f"by must be 'value' or 'change', not {by!r}")
    meta = indicator_meta(meta, lang)
    decimals = meta["decimals"]
    unit = change_unit(meta["unit"]) if by == "change" else meta["unit"]
    # Plain rows, not DataFrame operations: for 16 to a few thousand places pandas' per-call cost
    # was most of the figure's time (the result is the same; tests compare it with the schema).
    codes = [str(c) for c in df.index.tolist()]
    given = {col: df[col].tolist() for col in df.columns if col != "value"}
    values = pd.to_numeric(df["value"], errors="coerce").astype(float).tolist()

    def column(name, fill):
        return given[name] if name in given else [fill(c) for c in codes]

    names = column("name", lambda c: place_name(place_info, c))
    regions = column("region", lambda c: place_field(place_info, c, "region"))
    contexts = column("context", lambda c: place_field(place_info, c, "context"))
    partners = column("partner", lambda c: bool(place_field(place_info, c, "partner", False)))
    latest_years = column("latest_year", lambda c: None)
    groups_of = column("group", lambda c: None)
    missing_texts = given.get("missing_text")
    groups = [g for g in ("SI", "AT") if any(x == g for x in groups_of)]
    split = len(groups) > 1
    if not split:
        groups_of = [""] * len(codes)
    rows = {c: {"value": v, "name": nm, "region": rg, "context": cx, "partner": pt, "latest_year": ly,
                "group": gr, "missing_text": missing_texts[i] if missing_texts is not None else None}
            for i, (c, v, nm, rg, cx, pt, ly, gr) in enumerate(zip(codes, values, names, regions, contexts,
                                                                   partners, latest_years, groups_of))}
    has_codes = [c for c, v in zip(codes, values) if v == v]
    given_ranks = dict(zip(codes, given["rank"])) if "rank" in given else None
    if given_ranks is None or any(given_ranks[c] is None or given_ranks[c] != given_ranks[c] for c in has_codes):
        ranks = _plain_ranks(has_codes, rows, meta["direction"])
    else:
        ranks = {c: int(given_ranks[c]) for c in has_codes}
    # Best first; equal ranks by name, so the order never depends on the input order.
    has_codes.sort(key=lambda c: (ranks[c], rows[c]["name"]))
    none_codes = sorted((c for c, v in zip(codes, values) if not v == v), key=lambda c: rows[c]["name"])
    n_in_group: dict = {}
    for c in has_codes:
        n_in_group[rows[c]["group"]] = n_in_group.get(rows[c]["group"], 0) + 1
    sel = set(selected or ())
    keep = sel | {c for c in codes if rows[c]["partner"]}
    gaps: dict[str, str] = {}
    if split:
        # One block per country, each with its own header row and ranks: never one ranking.
        order, headers = [], {}
        for g in groups:
            head = f"__group_{g}"
            headers[head] = g
            order += [head] + _excerpt([c for c in has_codes if rows[c]["group"] == g],
                                       [c for c in none_codes if rows[c]["group"] == g], keep, ranks, gaps, g, lang)
    else:
        order, headers = _excerpt(has_codes, none_codes, keep, ranks, gaps, "", lang), {}
    any_sel = bool(sel & set(order))
    mixed = bool(any(partners) and not all(partners))

    if by == "change" and period:
        when = f"{fmt_year(period[0], lang)}\u2013{fmt_year(period[1], lang)}"
    else:
        y = year if year is not None else df.attrs.get("year")
        when = fmt_year(y, lang) if y is not None else ""

    def value_text(v):
        text = fmt_fast(v, decimals, lang)
        if by == "change" and round(float(v), decimals) > 0:
            text = "+" + text
        return text

    when = when or None  # the hover's year (period) as text, once
    group_names = {g: place_name(place_info, g) for g in groups}
    within_text = {g: t("cmp.rank_within", lang, country=group_names.get(g, g)) for g in groups} if split else {}

    def custom(code):
        row = rows[code]
        v = row["value"]
        if v == v:
            vt = with_unit(value_text(v), unit, lang)
            group = row["group"]
            detail = hover_detail(when, ranks[code], n_in_group.get(group), lang,
                                  extra=within_text.get(group, ""))
        else:
            vt = t("no_data", lang)
            ly = row["latest_year"]
            detail = t("ranking.no_data_latest", lang, year=fmt_year(ly, lang)) if _is_year(ly) else ""
            if row["missing_text"]:  # why: break in series, not published for the country, ...
                detail = str(row["missing_text"])
        return [code, row["name"], row["context"], vt, detail]

    # Tick labels: name, then the rank right-aligned next to the bars; the selection in its colour.
    ticktext = []
    for code in order:
        if code in gaps:
            ticktext.append(f"<i style='color:{MUTED_TEXT}'>{gaps[code]}</i>")
            continue
        if code in headers:
            ticktext.append(f"<b>{group_names.get(headers[code], headers[code])}</b>  "
                            f"<span style='color:{MUTED_TEXT}'>{t('cmp.ranking.own_ranking', lang)}</span>")
            continue
        name = str(rows[code]["name"])
        if code in sel:
            name = f"<b style='color:{SELECTION_COLOUR}'>{name}</b>"
        elif mixed and bool(rows[code]["partner"]):
            name = f"<b>{name}</b>"
        rank = str(ranks[code]) if code in ranks else "\u2013"
        ticktext.append(f"{name}  <span style='color:{MUTED_TEXT}'>{rank}</span>")

    traces: list[dict] = []
    shown = set(order)
    drawn = [c for c in has_codes if c in shown]
    present = {rows[c]["region"] for c in drawn}
    regions_present = [r for r in REGION_ORDER if r in present]
    others = [c for c in drawn if rows[c]["region"] not in REGION_ORDER]
    names_by_region = {r: place_name(place_info, r) for r in regions_present if r in (place_info or {})}
    for region in regions_present + (["_other"] if others else []):
        codes_r = [c for c in drawn if rows[c]["region"] == region] if region != "_other" else others
        x = [rows[c]["value"] for c in codes_r]
        colour = region_colour(region) if region != "_other" else OTHER_COLOUR
        traces.append(dict(type="bar",
            orientation="h", x=x, y=codes_r,
            name=names_by_region.get(region, region) if region != "_other" else "",
            showlegend=region != "_other",
            marker={
                "color": colour,
                "opacity": [1.0 if (not any_sel or c in sel) else _DIMMED for c in codes_r],
                "line": {"width": 0},
            },
            text=[value_text(v) for v in x], textposition="outside", cliponaxis=False,
            textfont={"size": 11, "color": "#212529"},
            customdata=[custom(c) for c in codes_r], hovertemplate=HOVER_TEMPLATE,
        ))
    chosen = [c for c in has_codes if c in sel]
    if chosen:
        # The outline of the selected bars as its own trace: per-bar outlines on the region traces
        # would also colour the region's legend swatch.
        traces.append(dict(type="bar",
            orientation="h", x=[rows[c]["value"] for c in chosen], y=chosen, showlegend=False,
            marker={"color": "rgba(0,0,0,0)", "line": {"color": SELECTION_COLOUR, "width": 2.5}},
            hoverinfo="skip",
        ))
    none_drawn = [c for c in none_codes if c in shown]
    if none_drawn:
        traces.append(dict(type="scatter",
            x=[0.0] * len(none_drawn), y=none_drawn, mode="text", showlegend=False,
            text=["\u2002" + (str(rows[c]["missing_text"]) if rows[c]["missing_text"]
                               else _no_data_text(rows[c]["latest_year"], lang)) for c in none_drawn],
            textposition="middle right", textfont={"size": 11, "color": MUTED_TEXT},
            customdata=[custom(c) for c in none_drawn], hovertemplate=HOVER_TEMPLATE,
        ))

    # x range: zero, every bar and reference, with room for the value labels.
    refs = []
    for r in references or ():
        v = r.get("value")
        if v is None or v != v:
            continue
        # A long unit stays in the axis title; "%" or "EUR" fit in the label.
        vt = with_unit(value_text(v), unit, lang) if len(unit_label(unit, lang)) <= 5 else value_text(v)
        refs.append({**r, "value": float(v), "_text": f"{r.get('label', '')} {vt}"})
    xs = [0.0] + [rows[c]["value"] for c in has_codes] + [r["value"] for r in refs]
    lo, hi = min(xs), max(xs)
    span = (hi - lo) or 1.0
    pad = 0.14 * span
    x_range = [lo - (pad if lo < 0 else 0), hi + (pad if hi > 0 or lo == hi else 0)]

    refs.sort(key=lambda r: r["value"])
    # Split by country: a country's (or its region's) reference line runs through its own block
    # only, labelled in the block's header row; the label rows on top hold the rest.
    in_block = lambda r: split and str(r.get("code") or "")[:2] in groups  # noqa: E731
    block_refs = [r for r in refs if in_block(r)]
    refs = [r for r in refs if r not in block_refs]
    label_row = _label_rows(refs, *x_range)
    # Room for as many label rows as there can be labels (a reference without a value this year
    # counts too), used or not: the chart keeps its height from year to year (a year step or Play
    # would otherwise make the page below it jump, and the resized chart is drawn a second time).
    label_rows = max(len(refs), sum(1 for r in references or () if not in_block(r)))
    n = len(order)
    row_px = _row_px(n)
    plot_px = row_px * max(n, 1)
    top = _AXIS_PX + _LABEL_ROW_PX * label_rows + _LEGEND_PX + 8
    shapes, annotations = [], []
    for r, row in zip(refs, label_row):
        style = dict(REFERENCE_STYLES.get(r.get("kind"), REFERENCE_STYLES["country"]))
        if r.get("kind") == "region" and r.get("code"):
            style["color"] = region_colour(r["code"])
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": r["value"], "x1": r["value"],
                       "y0": 0, "y1": 1, "layer": "above",
                       "line": {"color": style["color"], "width": 1.6, "dash": style["dash"]}})
        f = (r["value"] - x_range[0]) / ((x_range[1] - x_range[0]) or 1)
        anchor = "left" if f < 0.12 else "right" if f > 0.88 else "center"
        annotations.append({"x": r["value"], "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom",
                            "xanchor": anchor, "yshift": _AXIS_PX + _LABEL_ROW_PX * row - 2,
                            "text": r["_text"], "showarrow": False,
                            "font": {"size": 11, "color": readable_text(style["color"])}})

    block_labels: dict[str, list[str]] = {}
    for r in block_refs:
        g = str(r["code"])[:2]
        head = order.index(f"__group_{g}")
        last = max(i for i, c in enumerate(order) if c in rows and rows[c]["group"] == g)
        style = dict(REFERENCE_STYLES.get(r.get("kind"), REFERENCE_STYLES["country"]))
        if r.get("kind") == "region":
            style["color"] = region_colour(r["code"])
        shapes.append({"type": "line", "xref": "x", "yref": "y", "x0": r["value"], "x1": r["value"],
                       "y0": head + 0.5, "y1": last + 0.5, "layer": "above",
                       "line": {"color": style["color"], "width": 1.6, "dash": style["dash"]}})
        block_labels.setdefault(g, []).append(f"<span style='color:{readable_text(style['color'])}'>{r['_text']}</span>")
    for g, texts in block_labels.items():
        annotations.append({"x": 1, "xref": "paper", "y": order.index(f"__group_{g}"), "yref": "y",
                            "xanchor": "right", "yanchor": "middle", "text": " · ".join(texts),
                            "showarrow": False, "font": {"size": 11}})

    if by == "change":
        start, end = period if period else ("", "")
        x_title = t("ranking.axis.change", lang, start=fmt_year(start, lang), end=fmt_year(end, lang))
    else:
        x_title = meta["name"]
    ul = unit_label(unit, lang)
    if ul and ul.lower() not in x_title.lower():
        x_title += f", {ul}"

    layout = dict(
        separators=plotly_separators(lang),
        font=FONT,
        height=top + _BOTTOM_PX + plot_px,
        margin={"l": 8, "r": 16, "t": top, "b": _BOTTOM_PX, "autoexpand": True},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
        barmode="overlay", bargap=0.28,
        clickmode="event", dragmode=False, hovermode="closest",
        hoverlabel={"bgcolor": "#ffffff", "bordercolor": "#adb5bd", "font": {"color": "#212529"}},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "yanchor": "bottom",
                "y": 1 + (_AXIS_PX + _LABEL_ROW_PX * label_rows + 4) / plot_px,
                "itemclick": False, "itemdoubleclick": False, "title": {"text": t("ranking.regions", lang) + ":"}},
        xaxis={"side": "top", "range": x_range, "title": {"text": x_title, "standoff": 4},
               "zeroline": True, "zerolinecolor": "#6c757d", "zerolinewidth": 1, "gridcolor": "#e9ecef",
               "fixedrange": True, "automargin": False, "ticks": "", "tickfont": {"size": 11},
               "tickformat": ",~f", **TICK_LABELS_UNMEASURED},  # 20.000, never "20k"
        # An explicit range when country headers are rows of their own: autorange would cut off a
        # header at the top, since no bar sits in its row.
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": order,
               **({"range": [len(order) - 0.5, -0.5], "autorange": False} if headers else {"autorange": "reversed"}),
               "tickmode": "array", "tickvals": order, "ticktext": ticktext, "fixedrange": True,
               "automargin": True, "showgrid": False, "ticks": "", "tickfont": {"size": 12}},
        shapes=shapes, annotations=annotations,
        uniformtext={"minsize": 9, "mode": "show"},
        template=MINIMAL_TEMPLATE,
    )
    return {"data": traces, "layout": layout}


def _excerpt(has: list[str], none: list[str], keep: set, ranks: Mapping, gaps: dict, block: str,
             lang: str | None) -> list[str]:
    """The rows of one block: all of a short list; of a long one the top ten, the bottom five, the
    partners and the selection, each run left out as one row naming its ranks (written into `gaps`).

    Why: a ranking of hundreds of bars is read as its top, its bottom and where one's own places
    stand, and plotly measures every tick label again on each redraw (seconds with all
    municipalities; bench/RESULTS-perf.md). The page's table lists every place.
    """
    if len(has) + len(none) <= LONG_LIST:
        return has + none
    out: list[str] = []
    run: list[str] = []

    def close_run():
        if len(run) < LONG_LIST_MIN_GAP:  # a row saying "rank 15 not shown" would take the row it saves
            out.extend(run)
            run.clear()
        else:
            first, last = ranks[run[0]], ranks[run[-1]]
            key = f"__gap_{block}_{len(gaps)}"
            gaps[key] = (t("ranking.gap_one", lang, first=first) if first == last  # ties
                         else t("ranking.gap", lang, first=first, last=last))
            out.append(key)
            run.clear()

    n = len(has)
    for i, c in enumerate(has):
        if i < LONG_LIST_TOP or i >= n - LONG_LIST_BOTTOM or c in keep:
            close_run()
            out.append(c)
        else:
            run.append(c)
    close_run()
    shown_none = [c for c in none if c in keep]
    out += shown_none
    if len(shown_none) < len(none):
        key = f"__gap_{block}_{len(gaps)}"
        gaps[key] = t("ranking.gap_no_data", lang)
        out.append(key)
    return out


def _is_year(y) -> bool:
    try:
        return y is not None and y == y and int(y) > 0
    except (TypeError, ValueError):
        return False


def _no_data_text(latest, lang) -> str:
    if _is_year(latest):
        return t("ranking.no_data_latest", lang, year=fmt_year(latest, lang))
    return t("no_data", lang)
