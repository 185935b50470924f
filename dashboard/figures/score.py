"""The location score as one figure: contributions per indicator (stacked bars) beside each place's
rank range from the sensitivity analysis, on a shared row per place, best first.

Pure: a `ScoreResult` plus labels in, a Plotly figure out; every string through `t()`. The legend
of the indicator colours is HTML on the page (`legend_items`), so long translated names wrap
instead of eating the plot's top margin.
"""
from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from dashboard.components.graph_config import graph_config as _graph_config
from dashboard.figures.palette import FONT, MUTED_TEXT, region_text_colour, with_unit
from dashboard.figures.template import MINIMAL_TEMPLATE
from dashboard.i18n import fmt_number, plotly_separators, t

__all__ = ["INDICATOR_COLOURS", "indicator_colour", "legend_items", "score_figure", "score_figure_dict", "figure_height",
           "FRAGILE_COLOUR", "ROBUST_COLOUR", "RANK_COLOUR", "graph_config"]

# Stable per indicator (the same indicator keeps its colour whatever else is chosen); Paul Tol's
# muted and light schemes, distinguishable with the common colour-vision deficiencies.
INDICATOR_COLOURS = {
    "employment_rate": "#332288", "tertiary_share": "#DDCC77", "enterprises_per_1000": "#CC6677",
    "ageing_index": "#999933", "population_change_rate": "#117733", "net_migration_rate": "#44AA99",
    "natural_increase_rate": "#88CCEE", "unemployment_rate": "#AA4499", "labour_migration_index": "#6699CC",
    "jobs_per_1000": "#882255", "gross_earnings": "#EE8866", "gross_income_per_capita": "#BBCC33",
    "avg_length_of_stay": "#77AADD", "dwellings_completed_per_1000": "#997700",
}
_SPARE = ("#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#AAAA00", "#DDDDDD")
FRAGILE_COLOUR = "#C2410C"   # burnt orange: "look again"
ROBUST_COLOUR = "#8C96A0"
RANK_COLOUR = "#1F2A33"
_TOP_PX = 58
_BOTTOM_PX = 12


def indicator_colour(indicator: str, k: int = 0) -> str:
    return INDICATOR_COLOURS.get(indicator, _SPARE[k % len(_SPARE)])


def _row_px(n: int) -> int:
    return 26 if n <= 40 else 18


def figure_height(n_places: int) -> int:
    return _TOP_PX + _BOTTOM_PX + _row_px(n_places) * max(n_places, 1)


def graph_config(filename: str = "innovative-location-score") -> dict:
    """Only the PNG button: nothing to zoom in a ranking (the shared config: no cloud buttons)."""
    return _graph_config(filename, modeBarButtonsToRemove=["zoom2d", "pan2d", "zoomIn2d", "zoomOut2d",
                                                           "resetScale2d"])


def legend_items(result, indicators: Mapping[str, Mapping], lang: str | None) -> list[dict]:
    """One entry per weighted indicator: colour, name, weight, year, direction used."""
    out = []
    for k, ind in enumerate(result.weights.index):
        meta = indicators[ind]
        out.append({"id": ind, "colour": indicator_colour(ind, k), "name": meta["name"],
                    "weight": int(result.weights[ind]), "year": meta.get("year"),
                    "lower_better": float(result.signs[ind]) < 0, "differs": bool(meta.get("comparability"))})
    return out


def _score_text(v, norm: str, lang) -> str:
    return fmt_number(v, 1 if norm == "minmax" else 2, lang)


def score_figure(result, *, names: Mapping[str, str], regions: Mapping[str, str],
                 indicators: Mapping[str, Mapping], lang: str | None, start: int = 0,
                 stop: int | None = None) -> go.Figure:
    """indicators: id -> {name, unit, decimals, year}; names / regions: place code -> text / NUTS 3."""
    return go.Figure(score_figure_dict(result, names=names, regions=regions, indicators=indicators, lang=lang,
                                       start=start, stop=stop), _validate=False)


# make_subplots(1, 2, shared_yaxes, column_widths [0.62, 0.38], horizontal_spacing 0.07), as numbers
_LEFT_DOMAIN = [0.0, 0.5766]
_RIGHT_DOMAIN = [0.6466, 1.0]


def score_figure_dict(result, *, names: Mapping[str, str], regions: Mapping[str, str],
                      indicators: Mapping[str, Mapping], lang: str | None, start: int = 0,
                      stop: int | None = None) -> dict:
    """`score_figure` as the plain dict a callback sends (no figure object to build, validate and copy).

    `start`/`stop`: the rows of the ranking drawn (the page the table shows; all by default). With
    every municipality (2,300 rows) one figure of every row was 3 MB and 0.8 s per weight change; a
    page of rows is drawn instead, the score axis still spans every ranked place, so bars compare
    across pages. Plain dicts throughout, with the minimal template (no default template's 7 kB)."""
    full = result.table
    table = full.iloc[start:stop]
    codes = [str(c) for c in table.index]
    n = len(codes)
    norm = result.norm
    left, right = {"xaxis": "x", "yaxis": "y"}, {"xaxis": "x2", "yaxis": "y2"}
    traces: list[dict] = []
    rows = table.to_dict("index")
    names_of = [names.get(code, code) for code in codes]
    score_text = {}  # normalised values and contributions repeat (0, 50, 100 ...): format each once

    def score_str(v):
        key = v if v == v else "nan"
        if key not in score_text:
            score_text[key] = _score_text(v, norm, lang)
        return score_text[key]

    has_years = getattr(result, "years", None) is not None
    for k, ind in enumerate(result.weights.index):
        meta = indicators[ind]
        contrib = result.contributions[ind].reindex(codes)
        normed = result.normalised[ind].reindex(codes).tolist()
        raws = result.values[ind].reindex(codes).tolist()
        period = meta.get("period") or meta.get("year") or ""
        years = result.years[ind].reindex(codes).tolist() if has_years and ind in result.years else None
        decimals, unit, weight = int(meta.get("decimals", 1)), meta.get("unit", ""), int(result.weights[ind])
        left_out = t("score.hover.left_out", lang, year=period)
        contrib_list = contrib.tolist()
        custom = []
        for i, code in enumerate(codes):
            raw = raws[i]
            if raw == raw:
                y = years[i] if years is not None else None
                year = str(int(y)) if y is not None and y == y else (meta.get("year") or "")
                value = with_unit(fmt_number(raw, decimals, lang), unit, lang)
                detail = t("score.hover.detail", lang, year=year, normalised=score_str(normed[i]), weight=weight,
                           contribution=score_str(contrib_list[i]))
            else:
                value, detail = t("no_data", lang), left_out
            custom.append([code, names_of[i], meta["name"], value, detail])
        traces.append({
            "customdata": custom,
            "hovertemplate": "<b>%{customdata[1]}</b><br>%{customdata[2]}: %{customdata[3]}<br>"
                             "<span style='color:#6c757d'>%{customdata[4]}</span><extra></extra>",
            "marker": {"color": indicator_colour(ind, k), "line": {"color": "#ffffff", "width": 0.6}},
            "name": meta["name"], "orientation": "h", "showlegend": False, "x": contrib_list, "y": codes,
            "type": "bar", **left})

    # The score at the end of each bar (z-scores can be negative: a tick marks the net score).
    contrib_all = result.contributions.reindex(codes)
    pos_end = contrib_all.clip(lower=0).sum(axis=1)
    neg_end = contrib_all.clip(upper=0).sum(axis=1)
    scores = table["score"].reindex(codes)
    score_list = scores.tolist()
    traces.append({
        "cliponaxis": False, "hoverinfo": "skip", "mode": "text", "showlegend": False,
        "text": ["\u2002" + _score_text(s, norm, lang) for s in score_list], "textfont": {"color": RANK_COLOUR, "size": 11},
        "textposition": "middle right", "x": [max(float(p), float(s)) for p, s in zip(pos_end.tolist(), score_list)],
        "y": codes, "type": "scatter", **left})
    if norm == "zscore":
        traces.append({
            "customdata": [[nm, _score_text(s, norm, lang)] for nm, s in zip(names_of, score_list)],
            "hovertemplate": "<b>%{customdata[0]}</b><br>" + t("score.hover.score", lang) + ": %{customdata[1]}<extra></extra>",
            "marker": {"line": {"color": RANK_COLOUR, "width": 2.5}, "size": 16, "symbol": "line-ns"},
            "mode": "markers", "showlegend": False, "x": score_list, "y": codes, "type": "scatter", **left})

    # Rank ranges: a bar from the 5th to the 95th percentile rank, the median, the rank shown.
    def range_trace(codes_in, colour, fragile):
        xs, ys = [], []
        for code in codes_in:
            r = rows[code]
            xs += [int(r["p5"]) - 0.3, int(r["p95"]) + 0.3, None]
            ys += [code, code, None]
        return {"hoverinfo": "skip", "line": {"color": colour, "width": 9}, "mode": "lines",
                "opacity": 0.55 if not fragile else 0.75, "showlegend": False, "x": xs, "y": ys,
                "type": "scatter", **right}

    fragile_flags = [bool(rows[c]["fragile"]) for c in codes]
    fragile = [c for c, f in zip(codes, fragile_flags) if f]
    robust = [c for c, f in zip(codes, fragile_flags) if not f]
    for codes_in, colour, is_fragile in ((robust, ROBUST_COLOUR, False), (fragile, FRAGILE_COLOUR, True)):
        if codes_in:
            traces.append(range_trace(codes_in, colour, is_fragile))
    custom = [_range_custom(rows[c], nm, result.n_draws, lang) for c, nm in zip(codes, names_of)]
    hover = ("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>"
             "<span style='color:#6c757d'>%{customdata[3]}</span><extra></extra>")
    traces.append({
        "customdata": custom, "hovertemplate": hover,
        "marker": {"color": RANK_COLOUR, "line": {"width": 1.4}, "size": 13, "symbol": "circle-open"},
        "mode": "markers", "showlegend": False, "x": table["p50"].reindex(codes).tolist(), "y": codes,
        "type": "scatter", **right})
    traces.append({
        "customdata": custom, "hovertemplate": hover,
        "marker": {"color": RANK_COLOUR, "size": 7, "symbol": "diamond"},
        "mode": "markers", "showlegend": False, "x": table["rank"].reindex(codes).tolist(), "y": codes,
        "type": "scatter", **right})
    # Tick labels: region square, name, an asterisk where indicators were left out, and a warning
    # sign on a first place that holds in fewer than half of the draws (the case nobody may miss).
    ticktext = []
    for code, nm, is_fragile in zip(codes, names_of, fragile_flags):
        r = rows[code]
        star = "*" if len(r["missing"]) else ""
        warn = (f"<span style='color:{FRAGILE_COLOUR}'>\u26a0</span> " if is_fragile
                and int(r["rank"]) == 1 else "")
        ticktext.append(f"{warn}{nm}{star} <span style='color:{region_text_colour(regions.get(code))}'>"
                        f"\u25a0</span>")

    if len(full):  # over every ranked place, not just this page: bars compare across pages
        contrib_full = result.contributions.reindex(full.index)
        lo = min(0.0, float(contrib_full.clip(upper=0).sum(axis=1).min()))
        hi = max(float(contrib_full.clip(lower=0).sum(axis=1).max()), float(full["score"].max()))
    else:
        lo, hi = 0.0, 100.0
    if norm == "minmax":
        lo, hi = 0.0, max(hi, 1.0)
    span = (hi - lo) or 1.0
    x_range = [lo - (0.04 * span if lo < 0 else 0), hi + 0.12 * span]
    axis_title = t("score.axis.score_minmax" if norm == "minmax" else "score.axis.score_z", lang)
    # Draws that leave places with a gap out (missing-data rule "exclude") or that rank places the
    # chosen rule leaves out can push a range past the number of places shown.
    first = min([int(x) for x in table["p5"].tolist()] + [int(x) for x in table["rank"].tolist()] + [start + 1]) \
        if n else 1
    top = max([start + max(n, 1)] + [int(x) for x in table["p95"].tolist()])
    first = 1 if first <= 1 else first
    common_x = {"side": "top", "fixedrange": True, "gridcolor": "#e9ecef", "ticks": "", "tickfont": {"size": 11},
                "title": {"standoff": 4, "font": {"size": 12}}}
    x1 = {**common_x, "anchor": "y", "domain": _LEFT_DOMAIN, "range": x_range,
          "title": {**common_x["title"], "text": axis_title},
          "zeroline": True, "zerolinecolor": "#6c757d", "tickformat": ",~f"}
    if norm == "minmax":
        x1.update(tickmode="array", tickvals=[0, 25, 50, 75, 100])
    x2 = {**common_x, "anchor": "y2", "domain": _RIGHT_DOMAIN, "range": [first - 0.6, top + 0.6],
          "title": {**common_x["title"], "text": t("score.axis.rank", lang, n=result.n_draws)},
          "tickmode": "array", "tickvals": _rank_ticks(top, first), "zeroline": False}
    # An explicit range: scatter markers would make autorange pad several empty rows at each end.
    common_y = {"type": "category", "categoryorder": "array", "categoryarray": codes, "autorange": False,
                "range": [max(n, 1) - 0.5, -0.5], "fixedrange": True, "showgrid": False, "ticks": "", "domain": [0.0, 1.0]}
    layout = {
        "template": MINIMAL_TEMPLATE,
        "separators": plotly_separators(lang), "font": FONT, "height": figure_height(n),
        "margin": {"l": 8, "r": 12, "t": _TOP_PX, "b": _BOTTOM_PX}, "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff", "barmode": "relative", "bargap": 0.3, "hovermode": "closest",
        "dragmode": False, "showlegend": False,
        "hoverlabel": {"bgcolor": "#ffffff", "bordercolor": "#adb5bd", "font": {"color": "#212529"}},
        "xaxis": x1, "xaxis2": x2,
        "yaxis": {**common_y, "anchor": "x", "tickmode": "array", "tickvals": codes, "ticktext": ticktext,
                  "automargin": True, "tickfont": {"size": 12}},
        "yaxis2": {**common_y, "anchor": "x2", "matches": "y", "showticklabels": False},
    }
    if not n:
        layout["annotations"] = [{"text": t("score.empty_chart", lang), "x": 0.5, "y": 0.5, "xref": "paper",
                                  "yref": "paper", "showarrow": False, "font": {"color": MUTED_TEXT}}]
    return {"data": traces, "layout": layout}


def _rank_ticks(n: int, first: int = 1) -> list[int]:
    """Ticks for ranks first..n: every rank when few, else round steps (and `first` itself)."""
    span = n - first + 1
    if span <= 10:
        return list(range(first, n + 1))
    step = 5 if span <= 20 else 10 if span <= 60 else 25 if span <= 120 else 50
    ticks = [x for x in range(-(-first // step) * step, n + 1, step) if x > 0]
    # the first rank of a later page only where it does not crowd the next round tick
    if first == 1 or not ticks or ticks[0] - first >= step / 2:
        ticks = [first] + [x for x in ticks if x != first]
    return ticks


def _range_custom(row, name: str, n_draws: int, lang) -> list[str]:
    return [
        name,
        t("score.hover.rank", lang, rank=int(row["rank"]), median=int(row["p50"])),
        t("score.hover.range", lang, p5=int(row["p5"]), p95=int(row["p95"]), n=n_draws),
        t("score.hover.first", lang, share=fmt_number(100 * float(row["share_first"]), 0, lang))
        + (" · " + t("score.hover.unranked", lang, share=fmt_number(100 * float(row["share_unranked"]), 0, lang))
           if float(row.get("share_unranked", 0) or 0) > 0 else "")
        + (" · " + t("score.fragile", lang) if bool(row["fragile"]) else ""),
    ]
