"""The peers figures: the similarity map and the fingerprint. Data in, figure out (no store).

* `similarity_map`: the Explore map (`map_figure`) with the distance to the chosen place as its
  values (the chosen place 0, outlined as the selection) and a numbered marker on each peer.
* `fingerprint_figure`: one row per indicator, the robust z-values of the chosen place (large
  dot) and its peers (small dots) on one standardised axis; a within-country indicator shows only
  the peers of the chosen place's country (`fingerprint_rows` in `dashboard.peers.logic` says which).
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.map import map_figure, representative_points, trace_indices
from dashboard.figures.template import MINIMAL_TEMPLATE
from dashboard.figures.palette import (FONT, HOVER_TEMPLATE, MUTED_TEXT, SELECTION_COLOUR, TEXT_COLOUR, place_field,
                                       place_name)
from dashboard.i18n import fmt_number, plotly_separators, t

__all__ = ["DISTANCE_META", "similarity_map", "fingerprint_figure", "typology_map", "TYPE_COLOURS", "Z_CLIP",
           "PEER_COLOUR"]

PEER_COLOUR = "#0072B2"
Z_CLIP = 4.0   # the axis ends at ±4; a value beyond is drawn at the edge, its hover gives the real z

DISTANCE_META = {
    "id": "peer_distance", "unit": "", "decimals": 2, "direction": "lower_better", "kind": "ratio",
    "comparability_class": "comparable",
    "name_sl": "Razdalja do izbrane občine", "name_de": "Distanz zur gewählten Gemeinde",
    "name_en": "Distance to the chosen municipality",
}


def similarity_map(geojson, distances, *, place: str, peers, lang: str, place_info, partners=(),
                   geojson_url: str | None = None, height: int = 520) -> go.Figure:
    """distances: code -> distance (NaN: not compared); peers: codes nearest first."""
    values = dict(distances)
    values[place] = 0.0
    fig = map_figure(geojson, values, meta=DISTANCE_META, lang=lang, year=None, place_info=place_info,
                     partners=partners, selected=[place], geojson_url=geojson_url)
    pts = representative_points(geojson)
    peers = [p for p in peers if p in pts]
    fig.add_trace(go.Scattergeo(
        lon=[pts[p][0] for p in peers], lat=[pts[p][1] for p in peers], mode="markers+text",
        text=[str(i + 1) for i in range(len(peers))], textfont={"color": "#ffffff", "size": 11},
        marker={"size": 19, "color": PEER_COLOUR, "line": {"color": "#ffffff", "width": 1.5}},
        name=t("peers.map.peer", lang), showlegend=bool(peers), legendrank=205, geo="geo",
        customdata=[[p] for p in peers],
        hovertext=[f"{i + 1}. {place_name(place_info, p)}" for i, p in enumerate(peers)], hoverinfo="text",
    ))
    fig.update_layout(height=height, meta={"place": place, "peers": list(peers)})
    return fig


# Paul Tol's "light" qualitative scheme without its grey (which reads as "no data"): categories,
# not an order, and pale enough for the partner and selection outlines to stay visible.
TYPE_COLOURS = ("#77AADD", "#EE8866", "#EEDD88", "#44BB99", "#FFAABB", "#BBCC33", "#99DDFF", "#AAAA00")
TYPE_META = {**DISTANCE_META, "id": "municipality_type", "name_sl": "Tip občine", "name_de": "Gemeindetyp",
             "name_en": "Municipality type"}


def typology_map(geojson, types: dict, *, lang: str, place_info, partners=(), selected=(), legend_title: str = "",
                 unclassified: str = "", geojson_url: str | None = None, height: int = 640,
                 context: dict | None = None) -> go.Figure:
    """The Explore map coloured by municipality type: the same skeleton as `map_figure` (outlines,
    border, selection, clicks by `customdata[0]`, the `context` layer), one legend entry per group, named in `lang`.
    types: code -> (group number, label shown in legend and hover); municipalities not in it are
    "not classified" (grey)."""
    fig = map_figure(geojson, {}, meta=TYPE_META, lang=lang, year=None, place_info=place_info,
                     partners=partners, selected=selected, geojson_url=geojson_url, context=context)
    idx = trace_indices()
    base, fill = fig.data[idx["no_data"]], fig.data[idx["fill"]]
    layer = list(fill.locations or ())

    def custom(code, text):
        return [code, place_name(place_info, code), place_field(place_info, code, "context") or "", text, ""]

    rest = [c for c in layer if c not in types]
    # the "no data" entry becomes the grey of the unclassified places, a trace per group follows
    base.update(locations=rest, z=[0] * len(rest), customdata=[custom(c, unclassified) for c in rest],
                geojson=fill.geojson, hovertemplate=HOVER_TEMPLATE, hoverinfo=None,
                name=unclassified or base.name, legendgrouptitle={"text": legend_title}, showlegend=bool(rest))
    fill.update(locations=[], z=[], customdata=[], marker={"line": {"color": None, "width": None}})
    for trace in fig.data[1:]:          # the indicator's class slots stay empty
        if trace.type == "choropleth":
            trace.update(showlegend=False, legendgrouptitle={"text": ""})
    groups = sorted({g for g, _ in types.values()})
    for j, g in enumerate(groups):
        codes = [c for c in layer if c in types and types[c][0] == g]
        label = types[codes[0]][1] if codes else str(g)
        colour = TYPE_COLOURS[j % len(TYPE_COLOURS)]
        fig.add_trace(go.Choropleth(
            geojson=base.geojson, featureidkey=base.featureidkey, locationmode=base.locationmode,
            locations=codes, z=[0] * len(codes), colorscale=[[0, colour], [1, colour]], showscale=False,
            zmin=0, zmax=1, marker={"line": {"color": "#ffffff", "width": 0.5}},
            customdata=[custom(c, label) for c in codes], hovertemplate=HOVER_TEMPLATE,
            name=f"{label} ({len(codes)})", legendgroup="values", legendrank=100 + j, showlegend=True,
            legendgrouptitle={"text": legend_title}, geo="geo",
        ))
    fig.update_layout(height=height, legend={"orientation": "h", "y": 0, "yanchor": "top"},
                      meta={"types": {c: g for c, (g, _) in types.items()}})
    return fig


def fingerprint_figure(rows, *, indicators, names: dict, place: str, peers, lang: str,
                       labels: dict) -> go.Figure:
    """rows: dicts {indicator, place, z, value, year, shown}; indicators: ids top to bottom;
    labels: indicator id -> label in `lang`; names: code -> place name; peers: codes nearest first."""
    order = list(indicators)[::-1]                     # plotly draws the first category at the bottom
    ylab = {i: labels.get(i, i) for i in order}
    rank = {p: k + 1 for k, p in enumerate(peers)}

    def trace(role):
        sel = [r for r in rows if r["shown"] and (r["place"] == place) == (role == "place") and r["z"] == r["z"]
               and r["z"] is not None]
        x = [float(np.clip(r["z"], -Z_CLIP, Z_CLIP)) for r in sel]
        y = [ylab[r["indicator"]] for r in sel]
        hover = [f"<b>{('' if role == 'place' else str(rank.get(r['place'], '')) + '. ')}{names.get(r['place'], r['place'])}</b>"
                 f"<br>{ylab[r['indicator']]}<br>z = {fmt_number(r['z'], 2, lang)}"
                 f"<br>{fmt_number(r['value'], 2, lang)} ({r['year'] if r['year'] is not None else ''})"
                 for r in sel]
        if role == "place":
            marker = {"size": 15, "color": SELECTION_COLOUR, "symbol": "diamond", "line": {"color": "#ffffff", "width": 1.5}}
            name = names.get(place, place)
        else:
            marker = {"size": 9, "color": PEER_COLOUR, "opacity": 0.65, "line": {"color": "#ffffff", "width": 0.8}}
            name = t("peers.fp.peers", lang, n=len(peers))
        return go.Scatter(x=x, y=y, mode="markers", marker=marker, name=name, hovertext=hover, hoverinfo="text",
                          customdata=[[r["place"], r["indicator"]] for r in sel])

    fig = go.Figure([trace("peer"), trace("place")])
    fig.update_layout(
        template=MINIMAL_TEMPLATE,  # not Plotly's whole default (7 kB per response)
        separators=plotly_separators(lang), font=FONT, height=max(260, 34 * len(order) + 120),
        margin={"l": 10, "r": 10, "t": 36, "b": 50}, paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        xaxis={"range": [-Z_CLIP - 0.3, Z_CLIP + 0.3], "zeroline": True, "zerolinecolor": MUTED_TEXT,
               "gridcolor": "#e9ecef", "title": {"text": t("peers.fp.axis", lang), "font": {"size": 12}},
               "fixedrange": True},
        yaxis={"categoryorder": "array", "categoryarray": [ylab[i] for i in order], "automargin": True,
               "tickfont": {"color": TEXT_COLOUR}, "fixedrange": True, "gridcolor": "#f1f3f5"},
        hoverlabel={"bgcolor": "#ffffff", "font": {"color": "#212529"}},
    )
    return fig
