"""Small multiples of the side-by-side comparison: one small chart per indicator.

Pure functions of data and options (no Dash import). Each panel draws the compared places on one
y axis; every panel gets the same x range (`x_range`), so a year sits at the same spot across the
grid and the eye can run down a column. Colours are per place (`dashboard.figures.palette.
PLACE_COLOURS`), named once in the page's legend rather than in every panel.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.palette import FONT, MUTED_TEXT, with_unit
from dashboard.i18n import fmt_number, plotly_separators, t

__all__ = ["small_multiple_figure", "PANEL_HEIGHT", "PANEL_WIDTH"]

PANEL_HEIGHT = 190
PANEL_WIDTH = 310  # fixed: a responsive chart keeps its screen width on paper and gets cut


def _gapped(df: pd.DataFrame) -> tuple[list, list]:
    """Years and values with None in missing years, so a gap stays a gap instead of a bridge; and
    before a value flagged ``b`` (first year after a break in series), which is not comparable with
    the years before it."""
    years = df["year"].astype(int).tolist()
    values = df["value"].astype(float).tolist()
    flags = df["flags"].astype(str).tolist() if "flags" in df else [""] * len(years)
    xs, ys = [], []
    for i, (yr, v) in enumerate(zip(years, values)):
        if i and (yr != years[i - 1] + 1 or "b" in flags[i]):
            xs.append(None)
            ys.append(None)
        xs.append(yr)
        ys.append(v)
    return xs, ys


def _dtick(lo: int, hi: int) -> int:
    span = hi - lo
    return 1 if span <= 6 else 2 if span <= 12 else 5


# Place n of the comparison (in the picker's order) is drawn with LINE_DASHES[n] and MARKERS[n].
LINE_DASHES = ("solid", "dash", "dot", "dashdot")
MARKERS = ("circle", "square", "diamond", "triangle-up")


def small_multiple_figure(series: pd.DataFrame, *, indicator: dict, places, names: dict, colours: dict,
                          x_range: tuple[int, int] | None, lang: str, highlight_year: int | None = None,
                          height: int = PANEL_HEIGHT, width: int | None = PANEL_WIDTH) -> go.Figure:
    """series: (place, year, value) rows as from `Store.series`; indicator: its catalogue row
    (unit, decimals); highlight_year: the year the table compares (a dotted line), if one."""
    decimals = int(indicator.get("decimals", 1))
    unit = indicator.get("unit", "")
    fig = go.Figure()
    drawn = 0
    for n, code in enumerate(places):
        part = series[series["place"] == code].sort_values("year")
        if part.empty:
            continue
        xs, ys = _gapped(part)
        texts = [None if v is None else with_unit(fmt_number(v, decimals, lang), unit, lang) for v in ys]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, customdata=texts, mode="lines+markers", name=names.get(code, code),
            # colour is not the only carrier (WCAG 1.4.1): each place also has its dash and marker
            line={"color": colours.get(code, MUTED_TEXT), "width": 2, "dash": LINE_DASHES[n % len(LINE_DASHES)]},
            marker={"size": 6, "color": colours.get(code, MUTED_TEXT), "symbol": MARKERS[n % len(MARKERS)]},
            hovertemplate=f"{names.get(code, code)}: %{{customdata}}<extra></extra>",
            connectgaps=False,
        ))
        drawn += 1
    xaxis = {"showgrid": False, "ticks": "outside", "ticklen": 3, "linecolor": "#adb5bd", "fixedrange": True,
             "tickformat": "d", "hoverformat": "d"}
    if x_range:
        lo, hi = x_range
        xaxis.update(range=[lo - 0.5, hi + 0.5], tickmode="linear", dtick=_dtick(lo, hi),
                     tick0=lo - lo % _dtick(lo, hi))
    yaxis = {"gridcolor": "#eef0f2", "zeroline": False, "fixedrange": True, "tickformat": ",.2~f",
             "nticks": 5}
    if drawn == 0:
        xaxis.update(visible=False)
        yaxis.update(visible=False)
        fig.add_annotation(text=t("no_data", lang), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                           font={"color": MUTED_TEXT, "size": 13})
    elif highlight_year is not None:
        fig.add_vline(x=highlight_year, line={"color": "#6c757d", "width": 1, "dash": "dot"})
    fig.update_layout(
        template="none", separators=plotly_separators(lang), font={**FONT, "size": 11}, height=height, width=width,
        margin={"l": 52, "r": 10, "t": 8, "b": 26}, paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
        showlegend=False, hovermode="x unified", xaxis=xaxis, yaxis=yaxis,
        hoverlabel={"bgcolor": "#ffffff", "bordercolor": "#adb5bd", "font": {"color": "#212529", "size": 12}},
    )
    return fig
