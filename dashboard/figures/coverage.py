"""Coverage matrix: which place has a number for which year.

Pure functions of data and options: no Dash, no store, no catalogue. The caller passes the texts
already translated, so every string in the figure goes through the i18n catalogue.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

NO_DATA, DATA, DERIVED = 0, 1, 2
STATES = (NO_DATA, DATA, DERIVED)
COLOURS = {NO_DATA: "#e9edf2", DATA: "#1d5f8a", DERIVED: "#7fb2d6"}

_ROW_PX = 24
_TOP_PX = 30
_BOTTOM_PX = 64


def coverage_states(series: pd.DataFrame, places: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """place × year matrix of NO_DATA / DATA / DERIVED from a long `series` frame
    (columns place, year, flags). Rows follow `places`, columns follow `years`."""
    states = pd.DataFrame(NO_DATA, index=pd.Index(list(places), name="place"),
                          columns=pd.Index([int(y) for y in years], name="year"), dtype="int64")
    if series is None or series.empty:
        return states
    for place, year, flags in zip(series["place"], series["year"], series["flags"]):
        year = int(year)
        if place in states.index and year in states.columns:
            states.at[place, year] = DERIVED if "d" in str(flags or "") else DATA
    return states


def coverage_summary(states: pd.DataFrame, partners: Sequence[str]) -> tuple[int, int, int] | None:
    """(partners with data, partners, year) for the latest year any partner has data; None when no
    partner has data at all (e.g. an indicator published only for regions)."""
    rows = states.loc[[p for p in partners if p in states.index]]
    total = len(partners)
    has = rows > NO_DATA
    years_with_data = [y for y in rows.columns if has[y].any()]
    if not years_with_data:
        return None
    year = max(years_with_data)
    return int(has[year].sum()), total, int(year)


def coverage_figure(
    states: pd.DataFrame,
    labels: Mapping[str, str],
    *,
    state_names: Mapping[int, str],
    x_title: str,
    separators: str = ".,",
    year_labels: Mapping[int, str] | None = None,
    group_breaks: Sequence[int] = (),
    bold: Sequence[str] = (),
) -> go.Figure:
    """Heatmap of `states` (from `coverage_states`).

    labels: place code -> row label; state_names: NO_DATA/DATA/DERIVED -> legend text;
    group_breaks: row positions before which a separating line is drawn (e.g. between regions);
    bold: codes whose label is set in bold (aggregates such as regions and countries).
    """
    places = list(states.index)
    years = list(states.columns)
    x = [year_labels.get(y, str(y)) if year_labels else str(y) for y in years]
    bold = set(bold)
    y = [f"<b>{labels.get(p, p)}</b>" if p in bold else labels.get(p, p) for p in places]
    z = states.to_numpy()
    hover = [[f"{labels.get(p, p)} · {x[j]}: {state_names[int(z[i][j])]}" for j in range(len(years))]
             for i, p in enumerate(places)]

    n = len(STATES)
    scale = []
    for k, state in enumerate(STATES):  # a discrete colour scale: one flat band per state
        scale += [[k / n, COLOURS[state]], [(k + 1) / n, COLOURS[state]]]

    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, zmin=-0.5, zmax=n - 0.5, colorscale=scale, showscale=False,
        xgap=2, ygap=2, customdata=hover, hovertemplate="%{customdata}<extra></extra>",
    ))
    # The legend: one invisible marker trace per state, drawn as a coloured square.
    for state in (DATA, DERIVED, NO_DATA):
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=state_names[state], hoverinfo="skip",
            marker={"symbol": "square", "size": 14, "color": COLOURS[state],
                    "line": {"width": 1, "color": "#9aa5b1"}},
        ))
    shapes = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": b - 0.5, "y1": b - 0.5,
         "line": {"color": "#46505a", "width": 1.5}}
        for b in group_breaks if 0 < b < len(places)
    ]
    fig.update_layout(
        separators=separators,
        height=_TOP_PX + _BOTTOM_PX + _ROW_PX * max(len(places), 1),
        margin={"l": 8, "r": 8, "t": _TOP_PX, "b": _BOTTOM_PX},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
              "size": 12, "color": "#212529"},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                "itemclick": False, "itemdoubleclick": False},
        xaxis={"title": {"text": x_title}, "type": "category", "side": "bottom", "tickangle": -45 if len(x) > 14 else 0,
               "showgrid": False, "zeroline": False, "fixedrange": True, "automargin": True},
        yaxis={"type": "category", "autorange": "reversed", "showgrid": False, "zeroline": False,
               "fixedrange": True, "automargin": True, "ticksuffix": "  "},
        shapes=shapes,
        hoverlabel={"bgcolor": "#ffffff"},
        dragmode=False,
    )
    return fig
