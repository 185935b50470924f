"""Figures of the location profile: the locator map and the trend sparklines.

Pure functions of data and options (no Dash import).

The locator is a small Plotly geo map of its own rather than the Explore map: it has nothing to
classify, only "this municipality, among the partners, in the four regions", and it must stay
legible at a quarter of the page width and on paper. It uses the same served boundaries
(`geojson_url`) and the same offline base topojson (`dashboard.figures.map.graph_config`).

Sparklines are inline SVG (a data URI for an <img>): 22 of them on one page would be 22 Plotly
graphs to load and lay out, and an SVG prints as crisply as it shows.
"""
from __future__ import annotations

from urllib.parse import quote

import plotly.graph_objects as go

from dashboard.figures.lines import join_lines, line_parts
from dashboard.figures.map import TOPOJSON_RESOLUTION, TOPOJSON_SCOPE, representative_points
from dashboard.figures.palette import (BORDER_COLOUR, FONT, MUTED_TEXT, REGION_LINE, place_field, place_name,
                                       region_colour)
from dashboard.i18n import plotly_separators, t

__all__ = ["locator_figure", "border_line", "sparkline_svg", "svg_data_uri", "LOCATOR_HEIGHT", "LOCATOR_WIDTH"]

LOCATOR_HEIGHT = 260
LOCATOR_WIDTH = 280        # fixed, so the map keeps its size when the page is printed
#                            (a narrower box draws it narrower: assets/plotly-fit.js)
_OTHER_FILL = "#e9ecef"
_PARTNER_FILL = "#b9c3cd"
_TRANSPARENT = "rgba(0,0,0,0)"


def border_line(geojson: dict) -> tuple[list, list]:
    """(lon, lat) of the national border feature, lines separated by None."""
    return join_lines(line for f in geojson.get("features", [])
                      if (f.get("properties") or {}).get("level") == "border"
                      for line in line_parts(f.get("geometry")))


def _codes(geojson: dict, level: str) -> list[str]:
    return [f["properties"]["code"] for f in geojson.get("features", [])
            if (f.get("properties") or {}).get("level") == level]


def _one_colour(colour: str) -> list:
    return [[0, colour], [1, colour]]


def locator_figure(geojson: dict, *, place: str, lang: str, geojson_url: str, place_info, partners=(),
                   height: int = LOCATOR_HEIGHT, width: int | None = LOCATOR_WIDTH) -> go.Figure:
    """The place filled in its region's colour, the other partners in grey, the four regions
    outlined and the national border dashed. geojson: the raw boundaries (for the border line
    and the label point); the polygons themselves are fetched by the browser from geojson_url.
    place_info: place table (code -> {name, context, region}, `explore.logic.place_table`);
    partners: the partner municipalities."""
    municipalities = _codes(geojson, "municipality")
    regions = _codes(geojson, "region")
    partners = [c for c in partners if c in municipalities and c != place]
    others = [c for c in municipalities if c not in set(partners) | {place}]
    colour = region_colour(place_field(place_info, place, "region"))
    place_label = place_name(place_info, place)

    def names(codes):
        return [[place_name(place_info, c), place_field(place_info, c, "context")] for c in codes]

    base = dict(geojson=geojson_url, featureidkey="properties.code", showscale=False, zmin=0, zmax=1,
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>")
    fig = go.Figure()
    fig.add_trace(go.Choropleth(
        **base, locations=others, z=[0] * len(others), customdata=names(others),
        colorscale=_one_colour(_OTHER_FILL), marker={"line": {"color": "#ffffff", "width": 0.4}},
        name=t("profile.map.other", lang)))
    fig.add_trace(go.Choropleth(
        **base, locations=partners, z=[0] * len(partners), customdata=names(partners),
        colorscale=_one_colour(_PARTNER_FILL), marker={"line": {"color": "#ffffff", "width": 0.6}},
        name=t("map.partner", lang)))
    fig.add_trace(go.Choropleth(
        **base, locations=[place], z=[0], customdata=names([place]),
        colorscale=_one_colour(colour), marker={"line": {"color": "#1a1a1a", "width": 1.6}},
        name=place_label))
    fig.add_trace(go.Choropleth(
        geojson=geojson_url, featureidkey="properties.code", showscale=False, zmin=0, zmax=1,
        locations=regions, z=[0] * len(regions), colorscale=_one_colour(_TRANSPARENT),
        marker={"line": {"color": REGION_LINE, "width": 1.1}}, hoverinfo="skip",
        name=t("map.region_boundary", lang)))
    blon, blat = border_line(geojson)
    fig.add_trace(go.Scattergeo(lon=blon, lat=blat, mode="lines", hoverinfo="skip",
                                line={"color": BORDER_COLOUR, "width": 1.6, "dash": "dash"},
                                name=t("map.border", lang)))
    point = representative_points(geojson).get(place)
    if point:  # a ring, so that a small municipality is found at a glance (and on paper)
        fig.add_trace(go.Scattergeo(lon=[point[0]], lat=[point[1]], mode="markers", hoverinfo="skip",
                                    marker={"size": 22, "color": _TRANSPARENT,
                                            "line": {"color": "#1a1a1a", "width": 2}},
                                    name=place_label))
    fig.update_layout(
        template="none", separators=plotly_separators(lang), font=FONT, height=height, width=width,
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, paper_bgcolor="#ffffff", showlegend=False,
        dragmode=False,
        geo={"visible": False, "fitbounds": "locations", "projection": {"type": "mercator"},
             "scope": TOPOJSON_SCOPE, "resolution": TOPOJSON_RESOLUTION, "bgcolor": _TRANSPARENT,
             "showframe": False},
        hoverlabel={"bgcolor": "#ffffff", "bordercolor": "#adb5bd", "font": {"color": "#212529"}},
    )
    return fig


# --------------------------------------------------------------------------- sparklines


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def sparkline_svg(points, *, colour: str = "#1d5f8a", highlight_year: int | None = None,
                  width: int = 120, height: int = 32, title: str = "") -> str:
    """The place's own series as a small line (SVG markup). A missing year breaks the line
    instead of being bridged; the compared year gets a dot in `colour`, the last year a small
    grey one. Empty `points` gives an empty string."""
    pts = sorted((int(y), float(v)) for y, v in points)
    if not pts:
        return ""
    pad = 4.0
    x0, x1 = pts[0][0], pts[-1][0]
    lo = min(v for _, v in pts)
    hi = max(v for _, v in pts)

    def x(year):
        return pad if x1 == x0 else pad + (year - x0) / (x1 - x0) * (width - 2 * pad)

    def y(v):
        return height / 2 if hi == lo else height - pad - (v - lo) / (hi - lo) * (height - 2 * pad)

    segments, current = [], []
    previous = None
    for year, v in pts:
        if previous is not None and year != previous + 1:
            segments.append(current)
            current = []
        current.append((x(year), y(v)))
        previous = year
    segments.append(current)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    if title:
        esc = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts.append(f"<title>{esc}</title>")
    for seg in segments:
        if len(seg) == 1:
            parts.append(f'<circle cx="{_fmt(seg[0][0])}" cy="{_fmt(seg[0][1])}" r="1.4" fill="{MUTED_TEXT}"/>')
        else:
            d = " ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in seg)
            parts.append(f'<polyline points="{d}" fill="none" stroke="{MUTED_TEXT}" stroke-width="1.3" '
                         f'stroke-linejoin="round" stroke-linecap="round"/>')
    last_year, last_value = pts[-1]
    parts.append(f'<circle cx="{_fmt(x(last_year))}" cy="{_fmt(y(last_value))}" r="1.8" fill="{MUTED_TEXT}"/>')
    hl = next(((yr, v) for yr, v in pts if yr == highlight_year), None)
    if hl:
        parts.append(f'<circle cx="{_fmt(x(hl[0]))}" cy="{_fmt(y(hl[1]))}" r="3" fill="{colour}" '
                     f'stroke="#ffffff" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe="")
