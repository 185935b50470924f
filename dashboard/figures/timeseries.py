"""The Explore time series: one line per place over the years, with references and series flags.

Pure functions of data and options (no Dash import).

Lines take the region colour, as on the map and in the ranking; partner municipalities are solid,
other places dotted, selected places thicker. Up to 20 lines are labelled at their right end (a
legend alone cannot tell four lines of one region colour apart); beyond that the legend and the
hover do it. References (countries, regions, the partner mean) are dashed grey.

Flags from the data: ``b`` (first year after a break in series) gets a diamond and the line is
not drawn across the break (a gap before the diamond, "not comparable with earlier years" in the
hover); ``p`` (provisional) an open marker, each with a legend entry; ``e`` (estimated) and ``c``
(corrected by the import) are named in the hover. In index mode a line never spans a break: only
the points on the base year's side of it are indexed.

Hover is per point (``hovermode="closest"``, not unified), so every point shows its own year,
and ``customdata[0]`` is the place code on every place and reference line, as on the map.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.palette import (FONT, HOVER_TEMPLATE, REFERENCE_STYLES, SELECTION_COLOUR,
                                       hover_detail, indicator_meta, place_field, place_name,
                                       readable_text, region_colour, unit_label, with_unit)
from dashboard.figures.numbers import fmt_fast
from dashboard.figures.template import MINIMAL_TEMPLATE, TICK_LABELS_UNMEASURED
from dashboard.i18n import fmt_number, fmt_year, plotly_separators, t

__all__ = ["timeseries_figure", "timeseries_spec", "default_base_year", "MARKERS"]

MARKERS = {"": "circle", "b": "diamond", "p": "circle-open", "bp": "diamond-open"}
_HEIGHT = 460
_TOP = 16
_AXIS_PX = 34           # below the plot: year ticks
_LEGEND_ROW_PX = 22
_MAX_END_LABELS = 20
NARROW_PLOT_PX = 300    # a box leaving the plot less than this beside the end labels gets `_narrow`
_LABEL_GAP_PX = 14
_GREY = "#6c757d"


def default_base_year(series: pd.DataFrame, places: Sequence[str]) -> int | None:
    """The first year in which every place with data has a value, else the year most places have."""
    s = series[series["place"].isin(list(places))] if len(places) else series
    if s.empty:
        return None
    counts = s.groupby("year")["place"].nunique()
    full = counts[counts == s["place"].nunique()]
    if len(full):
        return int(full.index.min())
    return int(counts[counts == counts.max()].index.min())


def _same_segment(data: pd.DataFrame, base_year) -> tuple[pd.DataFrame, int | None]:
    """The rows of a (year, value, flags) frame between the breaks in series around `base_year`:
    a value flagged ``b`` starts a new segment, and an index to a year in another segment would
    compare two different measurements. Also returns the year of the next break after the base
    year (where the indexed line stops), if any."""
    flags = data["flags"].astype(str)
    starts = sorted(int(y) for y, f in zip(data["year"], flags) if "b" in f)
    if not starts:
        return data, None
    lo = max((y for y in starts if y <= base_year), default=None)
    hi = min((y for y in starts if y > base_year), default=None)
    keep = pd.Series(True, index=data.index)
    if lo is not None:
        keep &= data["year"] >= lo
    if hi is not None:
        keep &= data["year"] < hi
    return data[keep], hi


class _Cols(tuple):
    """A line's rows as plain lists: (years as int, y as float, the raw values, the raw flags)."""


def _frame_cols(data: pd.DataFrame, ycol: str) -> _Cols:
    """A (year, value, flags[, index]) frame's columns as `_Cols`, as the figure reads them."""
    flags = data["flags"].tolist() if "flags" in data else [""] * len(data)
    return _Cols((data["year"].astype(int).tolist(), data[ycol].astype(float).tolist(),
                  data["value"].tolist(), flags))


def _take(cols: _Cols, idx) -> _Cols:
    return _Cols([col[i] for i in idx] for col in cols)


def _by_year(cols: _Cols) -> _Cols:
    """The rows in year order (a frame's rows sorted by year, as `sort_values("year")` did)."""
    years = cols[0]
    if all(a <= b for a, b in zip(years, years[1:])):
        return cols
    return _take(cols, sorted(range(len(years)), key=years.__getitem__))


def _flag_key(flags: str) -> str:
    f = str(flags or "")
    return ("b" if "b" in f else "") + ("p" if "p" in f else "")


def _spread(ys: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Label positions at least `gap` apart (same units), in the same order, within [lo, hi]
    where the room allows; each as close to its line end as that permits."""
    if not ys:
        return []
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    pos = [ys[i] for i in order]
    pos[0] = max(pos[0], lo)
    for i in range(1, len(pos)):          # push up
        pos[i] = max(pos[i], pos[i - 1] + gap)
    if pos[-1] > hi:                       # then down from the top, if that overshot
        pos[-1] = hi
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - gap)
    out = [0.0] * len(ys)
    for i, p in zip(order, pos):
        out[i] = p
    return out


def _x_axis(years: list[int]) -> dict:
    if not years:
        return {"tickformat": "d", "visible": False}
    lo, hi = min(years), max(years)
    span = hi - lo
    dtick = 1 if span <= 10 else 2 if span <= 22 else 5
    tick0 = lo if dtick == 1 else lo - lo % dtick
    return {"tickmode": "linear", "tick0": tick0, "dtick": dtick, "tickformat": "d",
            "range": [lo - 0.4, hi + 0.4], "showgrid": False, "ticks": "outside", "ticklen": 4,
            "linecolor": "#adb5bd", "fixedrange": True, **TICK_LABELS_UNMEASURED}


def timeseries_figure(series: pd.DataFrame, **options) -> go.Figure:
    """`timeseries_spec` as a Figure (tests, other pages; Explore sends the dict)."""
    return go.Figure(timeseries_spec(series, **options), _validate=False)


def timeseries_spec(series: pd.DataFrame, *, meta: Mapping, lang: str | None, places: Sequence[str],
                    references: Sequence = (), mode: str = "value", base_year=None,
                    selected: Sequence[str] = (), place_info: Mapping | None = None,
                    partners: Sequence[str] = (), labels: Mapping[str, str] | None = None,
                    end_labels: bool | None = None) -> dict:
    """Lines over the years.

    series: long frame (place, year, value[, flags]) as from `Store.series`, holding the places
    and the reference codes. meta: the indicator row (name_<lang>, unit, decimals).
    references: place codes in `series`, or dicts {label, kind, data} with data a
    (year, value[, flags]) frame (e.g. `explore.logic.partner_mean_series`). mode "index": every
    line divided by its own value in `base_year` (default `default_base_year`) × 100; a place
    without a base-year value cannot be indexed and is left out.
    place_info: place table (code -> {name, context, region, level}, `explore.logic.place_table`):
    line names, hover context, region colours and the kind of a reference code. partners: drawn
    solid, other places dotted (no partners given: every line solid).
    labels: code -> name, before the place table's names (or the codes).
    """
    if mode not in ("value", "index"):
        raise ValueError(f"time series mode must be 'value' or 'index', not {mode!r}")
    meta = indicator_meta(meta, lang)
    decimals = meta["decimals"]
    unit = meta["unit"]
    places = list(dict.fromkeys(places))
    sel = set(selected or ())
    s = series.copy()
    if "flags" not in s:
        s["flags"] = ""
    s["year"] = s["year"].astype(int)

    # Lines: (code, label, kind, frame); kind "place" or a reference kind (country, region, ...).
    ref_codes = [r for r in references or () if not isinstance(r, Mapping)]
    names = dict(labels or {})
    missing = [c for c in places + ref_codes if c not in names]
    if missing and place_info is not None:
        names.update({c: place_name(place_info, c) for c in missing})
    if mode == "index":
        # one split of the frame by place (a boolean filter per line cost a pandas call each)
        by_place = dict(tuple(s.groupby("place", sort=False))) if len(s) else {}
        empty = s.iloc[0:0]

        def rows_of(code):
            return by_place.get(code, empty)
    else:
        # value mode: the columns as plain lists once, each line a `_Cols` of its rows (pandas
        # calls per line and column were most of this figure's time)
        cols = _frame_cols(s, "value")
        rows: dict[str, list[int]] = {}
        for i, place in enumerate(s["place"].tolist()):
            rows.setdefault(place, []).append(i)

        def rows_of(code):
            return _take(cols, rows.get(code, ()))

    lines: list[tuple[str, str, str, pd.DataFrame | _Cols]] = [
        (c, names.get(c, c), "place", rows_of(c)) for c in places]
    for r in references or ():
        if isinstance(r, Mapping):
            code = r.get("code") or f"ref:{r.get('kind', '')}"
            data = r.get("data")
            if data is None:
                data = rows_of(r.get("code"))
                data = data.copy() if isinstance(data, pd.DataFrame) else data
            else:
                data = data.copy()
                if "flags" not in data:
                    data["flags"] = ""
                data["year"] = data["year"].astype(int)
                if mode != "index":
                    data = _frame_cols(data, "value")
            lines.append((code, r.get("label", code), r.get("kind", "country"), data))
        else:
            kind = place_field(place_info, r, "level", "country") or "country"
            lines.append((r, names.get(r, r), kind if kind in REFERENCE_STYLES else "country", rows_of(r)))

    stops: dict[str, int] = {}  # index mode: line -> year of the break where its index stops
    if mode == "index":
        if base_year is None:
            base_year = default_base_year(s, places + ref_codes)
        indexed = []
        for code, label, kind, data in lines:
            base = data.loc[data["year"] == base_year, "value"]
            b = float(base.iloc[0]) if len(base) else np.nan
            if not (b == b) or b == 0:
                continue
            d = data.copy()
            d["index"] = d["value"] / b * 100.0
            d, cut = _same_segment(d, base_year)  # an index never spans a break in series
            if cut is not None:
                stops[code] = cut
            indexed.append((code, label, kind, d))
        lines = indexed

    label_on = end_labels if end_labels is not None else 0 < len(lines) <= _MAX_END_LABELS
    # Traces and layout as plain dicts, wrapped once at the end: building a Figure piece by piece
    # costs most of a callback (the tests check the result against the schema).
    traces: list[dict] = []
    all_years: set[int] = set()
    y_values: list[float] = []
    flag_seen = {"b": False, "p": False}
    contexts = {}
    partners = set(partners or ())
    regions_of = {}
    for code, _, kind, _ in lines:
        if kind == "place":
            contexts[code] = place_field(place_info, code, "context")
            regions_of[code] = place_field(place_info, code, "region")
    ends = []
    line_traces: list[int] = []  # the lines' trace indices (a narrow box lists them in the legend)
    for code, label, kind, data in lines:
        if isinstance(data, pd.DataFrame):
            data = _frame_cols(data, "index" if mode == "index" else "value")
        xs, ys, raw_values, raw_flag_list = _by_year(data)
        if not xs:
            continue
        fl = [_flag_key(f) for f in raw_flag_list]
        for f in fl:
            flag_seen["b"] |= "b" in f
            flag_seen["p"] |= "p" in f
        all_years.update(xs)
        y_values += ys
        is_place = kind == "place"
        if is_place:
            colour = region_colour(regions_of.get(code))
            width = 4 if code in sel else 2
            dash = "solid" if (code in partners or not partners) else "dot"
            opacity = 1.0 if (not sel or code in sel) else 0.55
        else:
            style = REFERENCE_STYLES.get(kind, REFERENCE_STYLES["country"])
            # each kind of reference its own dash (country dashed, region long-dashed, partner mean dotted)
            colour, width, dash, opacity = style["color"], 2.5 if kind == "partners" else 2, style["dash"], 1.0
        custom = []
        for x, y, v, f, raw_flags in zip(xs, ys, raw_values, fl, raw_flag_list):
            extra = []
            if "b" in f:
                extra.append(t("ts.break_note", lang))
            if "p" in f:
                extra.append(t("ts.provisional", lang))
            if "e" in str(raw_flags or ""):
                extra.append(t("ts.estimated", lang))
            if "c" in str(raw_flags or ""):
                extra.append(t("ts.corrected", lang))
            if code in stops and x == xs[-1]:
                extra.append(t("ts.index_stops", lang, year=stops[code]))
            vt = with_unit(fmt_fast(v, decimals, lang), unit, lang)
            if mode == "index":
                vt = f"{fmt_fast(y, 1, lang)} ({vt})"
            custom.append([code, label, contexts.get(code, ""), vt,
                           hover_detail(x, None, None, lang, extra=", ".join(extra))])
        # A year without data breaks the line (missing stays missing, it is never bridged), and so
        # does a break in series: the line stops before the first year after the break.
        gx, gy, gf, gc = [], [], [], []
        for i, (x, y, f, c) in enumerate(zip(xs, ys, fl, custom)):
            if i and (x - xs[i - 1] > 1 or "b" in f):
                gx.append(xs[i - 1] + 1 if x - xs[i - 1] > 1 else xs[i - 1] + 0.5)
                gy.append(None)
                gf.append("")
                gc.append([code, label, "", "", ""])
            gx.append(x)
            gy.append(y)
            gf.append(f)
            gc.append(c)
        line_traces.append(len(traces))
        traces.append(dict(type="scatter", 
            x=gx, y=gy, mode="lines+markers", name=label, connectgaps=False,
            line={"color": colour, "width": width, "dash": dash},
            marker={"symbol": [MARKERS[f] if f or is_place else REFERENCE_STYLES.get(kind, {}).get("symbol", MARKERS[f])
                               for f in gf],
                    "size": [10 if "b" in f else 8 if "p" in f else (8 if code in sel else 6) for f in gf],
                    "color": colour, "line": {"color": colour, "width": 1.5}},
            opacity=opacity, customdata=gc, hovertemplate=HOVER_TEMPLATE,
            showlegend=not label_on,
        ))
        ends.append((code, label, colour, xs[-1], ys[-1], code in sel))

    # A key to the line styles, only for the styles shown: partners solid, other places dotted,
    # and each kind of reference line with its own dash.
    styles_shown = []
    place_dashes = {("solid" if (c in partners or not partners) else "dot") for c, _, k, _ in lines if k == "place"}
    if len(place_dashes) > 1:
        styles_shown += [("ts.key.partner", "#555555", "solid"), ("ts.key.other", "#555555", "dot")]
    for kind in dict.fromkeys(k for _, _, k, _ in lines if k != "place"):
        st = REFERENCE_STYLES.get(kind, REFERENCE_STYLES["country"])
        styles_shown.append((f"ts.key.{kind}", st["color"], st["dash"]))
    reference_keys = []  # a reference line's own legend entry shows its dash where the lines are listed
    for key, colour, dash in styles_shown:
        if key not in ("ts.key.partner", "ts.key.other"):
            reference_keys.append(len(traces))
        traces.append(dict(type="scatter", x=[None], y=[None], mode="lines", name=t(key, lang),
                           line={"color": colour, "width": 2, "dash": dash}, hoverinfo="skip",
                           legendgroup="key"))

    # Legend entries explaining the markers, only when such points are shown.
    for key, flag in (("ts.break", "b"), ("ts.provisional", "p")):
        if flag_seen[flag]:
            traces.append(dict(type="scatter", 
                x=[None], y=[None], mode="markers", name=t(key, lang),
                marker={"symbol": MARKERS[flag], "size": 10, "color": _GREY, "line": {"color": _GREY, "width": 1.5}},
                hoverinfo="skip",
            ))

    # y range (known here, so end labels can be spread in pixels).
    if y_values:
        lo, hi = min(y_values), max(y_values)
        if mode == "index":
            lo, hi = min(lo, 100.0), max(hi, 100.0)
        pad = (hi - lo) * 0.08 or (abs(hi) * 0.1 or 1.0)
        y_range = [lo - pad, hi + pad]
    else:
        y_range = [0, 1]

    # Bottom margin: the year axis plus the legend rows (end-labelled lines are not in the legend).
    n_legend = sum(flag_seen.values()) + len(styles_shown) + (0 if label_on else len(ends))
    legend_rows = 0 if n_legend == 0 else (1 if label_on else max(1, -(-n_legend // 4)))
    bottom = _AXIS_PX + _LEGEND_ROW_PX * legend_rows + (6 if legend_rows else 0)
    plot_px = _HEIGHT - _TOP - bottom
    annotations = []
    right = 16
    if label_on and ends:
        # Each label sits just right of its line's last point; all labels are spread apart together,
        # since a line ending a year early still has its label in the same right-hand band.
        gap = _LABEL_GAP_PX * (y_range[1] - y_range[0]) / max(plot_px, 1)
        last_year = max(e[3] for e in ends)
        group = sorted(ends, key=lambda e: e[4])
        placed = _spread([e[4] for e in group], gap, y_range[0] + gap / 2, y_range[1] - gap / 2)
        for (code, label, colour, x, y, chosen), py in zip(group, placed):
            text = f"<b>{label}</b>" if chosen else label
            annotations.append({"xref": "x", "x": x, "xanchor": "left", "xshift": 7, "y": py, "yref": "y",
                                "text": text, "showarrow": False, "align": "left",
                                "bgcolor": "rgba(255,255,255,0.7)" if x != last_year else None,
                                "font": {"size": 11, "color": SELECTION_COLOUR if chosen else readable_text(colour)}})
        right = int(min(220, 12 + 6.6 * max(len(e[1]) for e in ends)))

    shapes = []
    if mode == "index" and y_values:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": 100, "y1": 100,
                       "layer": "below", "line": {"color": "#343a40", "width": 1.5}})
        y_title = t("ts.axis.index", lang, year=fmt_year(base_year, lang))
    else:
        y_title = unit_label(unit, lang)

    if not y_values:
        # Missing is missing: no line has a value (e.g. regions for an indicator published only for
        # municipalities). Say so and how to get a line, rather than drawing empty axes.
        annotations.append({"xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False,
                            "text": _wrapped(t("cmp.ts.no_lines", lang)), "font": {"size": 14, "color": "#6c757d"}})
    layout = dict(
        separators=plotly_separators(lang),
        font=FONT,
        height=_HEIGHT,
        margin={"l": 8, "r": right, "t": _TOP, "b": bottom},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
        hovermode="closest", clickmode="event", dragmode=False,
        hoverlabel={"bgcolor": "#ffffff", "bordercolor": "#adb5bd", "font": {"color": "#212529"}},
        showlegend=n_legend > 0,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -(_AXIS_PX - 4) / plot_px, "yanchor": "top",
                "traceorder": "normal",
                "itemclick": "toggle", "itemdoubleclick": "toggleothers", "font": {"size": 11}},
        xaxis=_x_axis(sorted(all_years)),
        # ",~f": 8.000.000 / 8,000,000 with the language's separators, never "8M".
        yaxis={"title": {"text": y_title, "standoff": 6}, "range": y_range, "gridcolor": "#e9ecef",
               "visible": bool(y_values),
               "tickformat": ",~f",
               "zeroline": mode == "value", "zerolinecolor": "#adb5bd", "automargin": True, "fixedrange": True,
               **TICK_LABELS_UNMEASURED},
        shapes=shapes, annotations=annotations,
        template=MINIMAL_TEMPLATE,  # not Plotly's whole default (7 kB per response)
    )
    if label_on and ends:
        layout["meta"] = {"innolocNarrow": _narrow(line_traces, reference_keys,
                                                   sum(flag_seen.values()) + len(styles_shown),
                                                   layout, bottom, sorted(all_years))}
    return {"data": traces, "layout": layout}


def _wrapped(text: str, width: int = 32) -> str:
    """Lines of at most `width` characters (an annotation is not wrapped by plotly: on a 320 px phone
    the message ran past both edges of the chart)."""
    return "<br>".join("<br>".join(textwrap.wrap(part, width)) for part in text.split("<br>"))


def _narrow(line_traces: list[int], reference_keys: list[int], other_entries: int, layout: dict, bottom: int,
            years: list[int]) -> dict:
    """The figure for a box whose plot the end labels would squeeze (a phone: at 320 px the labels
    took all but ~50 px and the years were drawn over one another): the lines in the legend, one
    entry per row below the plot, the figure taller by those rows so the plot keeps its height, and
    fewer years on the axis. assets/plotly-fit.js draws it where the box leaves the plot less than
    `minPlot` px beside the labels. The key to the reference lines' dashes is left out: each of those
    lines is then listed with its own dash."""
    rows = len(line_traces) + other_entries - len(reference_keys)
    extra = _AXIS_PX + _LEGEND_ROW_PX * rows + 6 - bottom
    span = years[-1] - years[0] if years else 0
    dtick = 1 if span <= 5 else 2 if span <= 12 else 5 if span <= 30 else 10
    xaxis = dict(layout["xaxis"])
    if years and xaxis.get("tickmode") == "linear":
        xaxis.update(dtick=dtick, tick0=years[0] - years[0] % dtick if dtick > 1 else years[0])
    return {
        "minPlot": NARROW_PLOT_PX,
        "legendTraces": line_traces,
        "hiddenTraces": reference_keys,
        "layout": {"height": layout["height"] + max(extra, 0), "showlegend": True, "annotations": [],
                   "margin": {**layout["margin"], "r": 16, "b": bottom + max(extra, 0)}, "xaxis": xaxis},
    }
