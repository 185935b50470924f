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

__all__ = ["small_multiple_figure", "PANEL_HEIGHT", "PANEL_WIDTH", "legend_key_svg", "place_style"]

PANEL_HEIGHT = 190
PANEL_WIDTH = 310  # fixed: a responsive chart keeps its screen width on paper and gets cut (a narrower
# box, on a phone, draws it at the box's width: assets/plotly-fit.js)


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
LINE_WIDTH = 2
MARKER_SIZE = 6


def _dasharray(dash: str, width: float = LINE_WIDTH) -> str:
    """The SVG stroke-dasharray Plotly draws for `dash` (plotly.js Drawing.dashStyle: the unit is
    the line width, at least 3 px)."""
    u = max(width, 3)
    return {"solid": "", "dot": f"{u},{u}", "dash": f"{3 * u},{3 * u}", "longdash": f"{5 * u},{5 * u}",
            "dashdot": f"{3 * u},{u},{u},{u}", "longdashdot": f"{5 * u},{2 * u},{u},{2 * u}"}[dash]


def _marker_svg(symbol: str, cx: float, cy: float, colour: str, size: float = MARKER_SIZE + 2) -> str:
    r = size / 2
    if symbol == "square":
        return f'<rect x="{cx - r:g}" y="{cy - r:g}" width="{size:g}" height="{size:g}" fill="{colour}"/>'
    if symbol == "diamond":
        d = r * 1.3
        return f'<path d="M{cx:g},{cy - d:g}L{cx + d:g},{cy:g}L{cx:g},{cy + d:g}L{cx - d:g},{cy:g}Z" fill="{colour}"/>'
    if symbol == "triangle-up":
        d = r * 1.25
        return f'<path d="M{cx:g},{cy - d:g}L{cx + d:g},{cy + d * 0.75:g}L{cx - d:g},{cy + d * 0.75:g}Z" fill="{colour}"/>'
    return f'<circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="{colour}"/>'


def place_style(n: int) -> tuple[str, str]:
    """(line dash, marker symbol) of the comparison's place n: the chart and its legend agree."""
    return LINE_DASHES[n % len(LINE_DASHES)], MARKERS[n % len(MARKERS)]


def legend_key_svg(n: int, colour: str, width: int = 40, height: int = 14) -> str:
    """The legend's key for place n: a piece of its line in its dash, with its marker in the middle,
    so the legend is read by shape as well as by colour (WCAG 1.4.1)."""
    dash, symbol = place_style(n)
    array = _dasharray(dash)
    dash_attr = f' stroke-dasharray="{array}"' if array else ""
    y = height / 2
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" data-dash="{dash}" data-symbol="{symbol}">'
            f'<line x1="1" y1="{y:g}" x2="{width - 1}" y2="{y:g}" stroke="{colour}" stroke-width="{LINE_WIDTH}"{dash_attr}/>'
            f'{_marker_svg(symbol, width / 2, y, colour)}</svg>')


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
            line={"color": colours.get(code, MUTED_TEXT), "width": LINE_WIDTH, "dash": place_style(n)[0]},
            marker={"size": MARKER_SIZE, "color": colours.get(code, MUTED_TEXT), "symbol": place_style(n)[1]},
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
