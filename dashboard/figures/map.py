"""The Explore map: municipalities (or the four regions) coloured by class, or sized circles for counts.

Pure functions of data and options (no Dash import): `map_figure` builds the figure, `map_update`
the parts of it that change with the year, computed by the same code (`_dynamic`), so a Dash
`Patch` made with `apply_update` gives the same figure as a rebuild.

Trace order is fixed (see `trace_indices`), whatever the indicator, mode or year::

    0            no data          Choropleth, the legend's "no data" entry only (`STAND_IN`, below)
    1 .. k       colour classes   Choropleth, the legend's class entries only: always k traces, unused ones
                                  without the stand-in and so not in the legend
    k + 1        region outlines  Scattergeo line, thin and dark, context only
    k + 2        partner halo     Scattergeo, white line under the partner outline (visible on dark classes)
    k + 3        partner outlines Scattergeo line around the 16 partner municipalities
    k + 4        selection        Scattergeo line around the selected places, highlight colour
    k + 5        national border  Scattergeo line from the `border` feature
    k + 6        circles          Scattergeo markers for count indicators, else empty (framed by their
                                  points, not their radii: `CIRCLES_META`)
    k + 7 .. 2k + 6  second scale Choropleth, the legend entries of Austria's own classes for a within-country
                                  indicator, else none
    2k + 7       fill             Choropleth of every place of the layer, always in the same order: `z` is
                                  the place's slot (0 no data, 1 .. k the classes, k + 1 .. 2k the second
                                  scale) on a stepped `colorscale`; `meta.innolocClasses` names each slot
    2k + 8       context          Scattergeo line, faint: the neighbouring NUTS 3 regions (only with `context`)
    2k + 9       centre labels    Scattergeo text: regional centres (Ljubljana, Graz, …), only with `context`
    2k + 10      partner labels   Scattergeo text: the 16 partner towns, only with `context`

Why one fill trace, and legend entries apart: with a trace per class, a place that changed class
(most places, when the indicator changes) left one trace's group of SVG paths for another's, so its
path was removed, made again, given its outline and styled anew (2,300 places: ~35 ms of each map
redraw). In one trace a place keeps its path; a new year or indicator only changes fills. plotly.js
draws no legend entry for a choropleth without locations, so each shown entry's trace has one
location that no outline has (`STAND_IN`): it draws nothing and never hovers. `map_classes` reads
which places are in which entry's class.

The context layer (`data/context.geojson`, `load_context`) is static: drawn once, never patched, no
hover (so clicks land on the place below), cut by the import to a box around the four regions, so
that ``fitbounds`` (which counts every trace's points) frames the same view as without it.

A within-country indicator (see dashboard/comparability.py) is never coloured on one scale for both
countries: Slovenian places get classes 1 .. k, Austrian places classes k + 7 .. 2k + 6, each with
breaks from its own country's values, its own palette and its own legend titled with the country.

Outlines are lines rather than transparent choropleths: plotly.js draws every Scattergeo above
every Choropleth, so they are never hidden by a neighbour's fill, and the legend shows them as
line samples.

Which attributes change with the year (the keys of `map_update`): for the legend traces 0 .. k and
k + 7 .. 2k + 6 ``locations`` and ``z`` (the stand-in or nothing), for 1 .. k and k + 7 .. 2k + 6 also
``name``, ``showlegend`` and ``colorscale`` (the number of classes can change); for the fill trace
``locations``, ``z``, ``customdata``, ``colorscale``, ``marker.line.color``, ``marker.line.width``,
``meta`` and ``geojson`` (only when the geometry is embedded, i.e. no ``geojson_url``); for k + 4
(the selection, so one patch also serves a selection change) ``lon``, ``lat`` and ``meta``; for k + 6 ``lon``, ``lat``, ``customdata``, ``marker.size``, ``marker.sizeref`` and
``name``; on 0 .. k and k + 6 ``legendgrouptitle.text`` (the unit, or in difference mode the
reference with its year). The outline traces carry the codes they outline in ``meta``.

Clicks: every clickable trace (the fill, the circles) has the place code in
``customdata[0]``, so a callback reads ``clickData["points"][0]["customdata"][0]``; ``location``
is not used because the circles have none. Outline and border traces are ``hoverinfo="skip"``, so
a hover or click always lands on the place below them.

Offline: plotly.js geo loads a base topojson even with ``geo.visible=False`` (any trace with a
``locationmode`` triggers it). The layout asks for ``world_110m`` (137 kB), shipped in
``assets/topojson/``; the dcc.Graph must use `GRAPH_CONFIG` (``topojsonURL``), or with a
non-root ``url_base_pathname`` ``graph_config(..., topojson_url=app.get_asset_url("topojson/"))``.

GeoJSON winding: the shipped boundaries follow RFC 7946 (exterior rings counter-clockwise);
d3-geo, which plotly.js uses, reads that as "the whole globe minus the municipality", so the
cached `_geo_index` rewinds the rings once per process. With ``geojson_url`` the browser fetches
the file itself: serve `plotly_geojson(load_boundaries())` there, not the raw file.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.classes import (NO_DATA_COLOUR, NO_DATA_LINE, choose_breaks, class_colours,
                                       class_labels, classify, n_classes)
from dashboard import comparability
from dashboard.figures.lines import join_lines, line_parts
from dashboard.figures.numbers import fmt_many
from dashboard.figures.template import MINIMAL_TEMPLATE
from dashboard.figures.palette import (BORDER_COLOUR, FONT, HOVER_TEMPLATE, PARTNER_LINE, REGION_LINE,
                                       SELECTION_COLOUR, hover_detail, indicator_meta,
                                       place_field, place_name, unit_label, with_unit)
from dashboard.components.graph_config import graph_config  # noqa: F401  (re-exported: pages import it from here)
from dashboard.i18n import fmt_number, fmt_year, plotly_separators, t
from dashboard.measures import change_unit
from dashboard.paths import data_dir

__all__ = [
    "GRAPH_CONFIG", "graph_config", "map_figure", "map_spec", "map_update", "map_selection", "apply_update",
    "trace_indices", "with_export_title", "load_boundaries", "representative_points", "plotly_geojson",
    "load_context", "context_traces",
]

K = 6                       # class slots: 5 sequential classes, 6 diverging ones
STAND_IN = "-"              # the location of a legend entry's trace: no outline has this code
SEQUENTIAL_CLASSES = 5
# -> world_110m.json. The "europe" scope (a 33 kB file) would clamp the zoom: fitbounds then
# leaves the four regions at about half the size they get with the world scope.
TOPOJSON_SCOPE = "world"
TOPOJSON_RESOLUTION = 110
MAX_CIRCLE_PX = 42          # diameter of the largest circle
# Frames the map by the circles' points, not their radii (the project's plotly.js bundle,
# tools/plotly-bundle/patches.js): so a count's circle sizes never change the map's view, and a
# change between a rate and a count, or a count's year, does not reproject every outline.
CIRCLES_META = {"innolocFit": "points"}
_COUNT_FILL = "#f3f4f6"     # municipalities with data under the circles
_CIRCLE_COLOUR = "#2c7fb8"


GRAPH_CONFIG = graph_config("innovative-location-map")


# The map's height, also its box on the page (pages/explore.py): a figure taller or shorter than its
# box is drawn, then resized to the box and drawn again (300 ms at 2,300 places, profiled).
MAP_HEIGHT = 600
# Explore's room below the map for its legend (`legend_room`), whether the legend needs all of it or
# not. Plotly widens the bottom margin to the legend's height, and that height changes with the number
# of classes (from year to year of one indicator, and between indicators): the map was drawn at
# another scale after such a change, so it zoomed in and out during Play, and every outline had to be
# projected again (~90 ms at 2,300 places). This holds the tallest value legend at a desktop width (a
# two-line title and six classes: 159 px in Chromium); a taller one (a narrow screen) still widens
# the margin. Image exports shrink it to the legend (assets/share.js).
LEGEND_ROOM = 164


def trace_indices(k: int = K) -> dict[str, int | range]:
    return {
        "no_data": 0, "classes": range(1, k + 1), "regions": k + 1, "partner_halo": k + 2,
        "partners": k + 3, "selection": k + 4, "border": k + 5, "circles": k + 6,
        "classes_b": range(k + 7, 2 * k + 7), "fill": 2 * k + 7,
        "context": 2 * k + 8, "capital_labels": 2 * k + 9, "partner_labels": 2 * k + 10, "frame": 2 * k + 11,
    }


def map_classes(fig, k: int = K) -> dict[int, list[str]]:
    """Legend trace index (no data, a class, a class of the second scale) -> the places its colour
    fills, in the layer's order: what a trace per class held before the one fill trace."""
    data = fig["data"] if isinstance(fig, Mapping) else fig.data
    idx = trace_indices(k)
    fill = data[idx["fill"]]
    get = fill.get if isinstance(fill, Mapping) else (lambda a: getattr(fill, a))
    legend = [idx["no_data"], *idx["classes"], *idx["classes_b"]]
    out: dict[int, list[str]] = {i: [] for i in legend}
    for code, slot in zip(get("locations") or (), get("z") or ()):
        out[legend[int(slot)]].append(code)
    return out


# --------------------------------------------------------------------------- geometry (cached)


@lru_cache(maxsize=2)
def _boundaries_cached(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_boundaries(path=None) -> dict:
    """data/boundaries.geojson, read once per process (do not modify the returned dict)."""
    return _boundaries_cached(str(path or (data_dir() / "boundaries.geojson")))


@lru_cache(maxsize=2)
def _context_cached(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:  # a data release from before the context layer: the map goes without
        return None


def load_context(path=None) -> dict | None:
    """data/context.geojson (neighbouring regions and town labels), read once per process; None
    when the release has none (do not modify the returned dict)."""
    return _context_cached(str(path or (data_dir() / "context.geojson")))


CONTEXT_LINE = "#b4bac2"
_HALO = "#ffffff"
# A white halo keeps a label readable on any class colour; plotly.js writes it as the SVG text's
# CSS text-shadow, so the PNG (rendered from the same SVG) has it too.
LABEL_SHADOW = f"-1px -1px 1px {_HALO}, 1px -1px 1px {_HALO}, -1px 1px 1px {_HALO}, 1px 1px 1px {_HALO}, 0 0 3px {_HALO}"


# Below this width (px) the map's edges cut the town labels beside them ("Hartb…", "…dovljica" on a
# phone): the map is then drawn with room beside its places, FRAME_PAD_DEG of longitude each side,
# and its town labels NARROW_LABEL_SCALE of their size (at 320 px "Bruck an der Mur", half the map's
# width, ran 7 px past its edge, which a wider frame cannot mend: the map only shrinks with it);
# assets/plotly-fit.js draws that variant.
NARROW_MAP_PX = 400
FRAME_PAD_DEG = 0.6
NARROW_LABEL_SCALE = 0.87
# ... and its legend's long entries wrapped at this many characters (Plotly does not wrap a legend:
# "Bevölkerung: Kreisfläche proportional zum Wert (größter: …)" ran past a 320 px phone's edge)
NARROW_LEGEND_CHARS = 32


def context_traces(context: dict | None, lang: str) -> list[dict]:
    """The context traces (outlines, regional centres, partner towns) in the page language, and
    the narrow map's frame (two invisible points beside the box, shown by plotly-fit.js where the
    map is narrower than NARROW_MAP_PX: fitbounds then leaves room for the labels); [] without a
    context file. None of them hovers, so a click lands on the place below."""
    if not context:
        return []
    lon: list = []
    lat: list = []
    labels = {"capital": ([], [], [], [], []), "partner": ([], [], [], [], [])}
    for f in context.get("features", []):
        props = f.get("properties") or {}
        geom = f.get("geometry") or {}
        if props.get("level") == "context_region":
            join_lines(line_parts(geom), lon, lat)
        elif props.get("level") == "label" and props.get("kind") in labels:
            x, y, names, where, codes = labels[props["kind"]]
            codes.append(props.get("code"))
            x.append(geom["coordinates"][0])
            y.append(geom["coordinates"][1])
            names.append(props.get(f"name_{lang}") or props.get("name", ""))
            where.append(props.get("position") or "middle center")
    base = {"type": "scattergeo", "geo": "geo", "hoverinfo": "skip", "showlegend": False,
            "legendgroup": "context"}
    out = [{**base, "mode": "lines", "name": "", "lon": lon, "lat": lat,
            "line": {"color": CONTEXT_LINE, "width": 0.9}}]
    # centres: grey italic beside an open dot; partners: dark semibold beside a filled dot
    for kind, size, colour, style, weight, symbol in (("capital", 11, "#495057", "italic", 400, "circle-open"),
                                                      ("partner", 11.5, "#111827", "normal", 600, "circle")):
        x, y, names, where, codes = labels[kind]
        out.append({**base, "mode": "markers+text", "name": "", "lon": x, "lat": y, "text": names,
                    "textposition": where, "meta": codes,
                    "marker": {"size": 4, "color": colour, "symbol": symbol, "line": {"width": 1, "color": colour}},
                    "textfont": {"size": size, "color": colour, "style": style, "weight": weight,
                                 "family": FONT.get("family") if isinstance(FONT, Mapping) else None,
                                 "shadow": LABEL_SHADOW}})
    xs = [x for x in lon if x is not None]
    ys = [y for y in lat if y is not None]
    if xs and ys:
        middle = (min(ys) + max(ys)) / 2
        out.append({**base, "mode": "markers", "name": "", "visible": False, "meta": "frame",
                    "lon": [round(min(xs) - FRAME_PAD_DEG, 4), round(max(xs) + FRAME_PAD_DEG, 4)],
                    "lat": [round(middle, 4)] * 2, "marker": {"size": 1, "opacity": 0}})
    return out


def narrow_map(data: list[dict]) -> dict | None:
    """layout.meta.innolocNarrow for a map with a frame trace (see `context_traces`), else None."""
    frame = [i for i, tr in enumerate(data) if tr.get("meta") == "frame"]
    if not frame:
        return None
    labels = {str(i): {"textfont": {**tr["textfont"], "size": round(tr["textfont"]["size"] * NARROW_LABEL_SCALE, 1)}}
              for i, tr in enumerate(data) if "text" in str(tr.get("mode", "")) and tr.get("textfont")}
    return {"minPlot": NARROW_MAP_PX, "legendTraces": [], "shownTraces": frame, "layout": {}, "traces": labels,
            "wrapNames": NARROW_LEGEND_CHARS}


def _ring_area(ring) -> float:
    a = 0.0
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
        a += x1 * y2 - x2 * y1
    return a / 2.0


def _rewind_polygon(rings):
    # d3-geo: exterior clockwise (negative planar area in lon/lat), holes counter-clockwise.
    out = []
    for i, ring in enumerate(rings):
        clockwise = _ring_area(ring) < 0
        want_clockwise = i == 0
        out.append(ring if clockwise == want_clockwise else ring[::-1])
    return out


def _rewind(geometry: dict) -> dict:
    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": _rewind_polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [_rewind_polygon(p) for p in geometry["coordinates"]]}
    return geometry


def _inside(x: float, y: float, ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _point_in(rings, x, y) -> bool:
    return _inside(x, y, rings[0]) and not any(_inside(x, y, h) for h in rings[1:])


def _representative_point(geometry: dict) -> tuple[float, float]:
    """The area centroid of the largest part if it lies inside, else the middle of the widest
    inside stretch on the centroid's latitude (like a representative point, without shapely)."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = max(polys, key=lambda p: abs(_ring_area(p[0])))
    ring = rings[0]
    a = _ring_area(ring)
    if a == 0:
        xs, ys = zip(*ring)
        return float(np.mean(xs)), float(np.mean(ys))
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    cx, cy = cx / (6 * a), cy / (6 * a)
    if _point_in(rings, cx, cy):
        return round(cx, 5), round(cy, 5)
    xs = []
    for r in rings:
        for (x1, y1), (x2, y2) in zip(r[:-1], r[1:]):
            if (y1 > cy) != (y2 > cy):
                xs.append(x1 + (cy - y1) * (x2 - x1) / (y2 - y1))
    xs.sort()
    best = max(((xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)), key=lambda s: s[1] - s[0],
               default=(cx, cx))
    return round((best[0] + best[1]) / 2, 5), round(cy, 5)


class _Geo:
    """What the map needs from the GeoJSON, computed once per boundaries file."""

    def __init__(self, geojson: dict):
        self.features: dict[str, dict] = {}
        self.level: dict[str, str] = {}
        self.points: dict[str, tuple[float, float]] = {}
        self.border_lon: list = []
        self.border_lat: list = []
        for f in geojson.get("features", []):
            props = f.get("properties") or {}
            code, level, geom = props.get("code"), props.get("level"), f.get("geometry") or {}
            if level == "border":
                lines = geom["coordinates"] if geom.get("type") == "MultiLineString" else [geom.get("coordinates", [])]
                for line in lines:
                    if self.border_lon:
                        self.border_lon.append(None)
                        self.border_lat.append(None)
                    self.border_lon += [round(p[0], 4) for p in line]
                    self.border_lat += [round(p[1], 4) for p in line]
                continue
            if not code or geom.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            self.features[code] = {"type": "Feature", "properties": {"code": code},
                                   "geometry": _rewind(geom)}
            self.level[code] = level
            self.points[code] = _representative_point(geom)
        self.municipalities = [c for c, lv in self.level.items() if lv == "municipality"]
        self.regions = [c for c, lv in self.level.items() if lv == "region"]

    def collection(self, codes) -> dict:
        return {"type": "FeatureCollection", "features": [self.features[c] for c in codes]}

    def outline(self, codes) -> tuple[list, list]:
        """(lon, lat) of every ring of the places, rings separated by None."""
        lon: list = []
        lat: list = []
        for c in codes:
            g = self.features[c]["geometry"]
            polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
            join_lines((ring for rings in polys for ring in rings), lon, lat)
        return lon, lat


_GEO_CACHE: dict[tuple, _Geo] = {}
_GEO_BY_ID: dict = {}  # id(geojson) -> (geojson, _Geo)


def _fingerprint(geojson: dict) -> tuple:
    out = []
    for f in geojson.get("features", []):
        g = f.get("geometry") or {}
        c = g.get("coordinates") or []
        while c and isinstance(c[0], list) and c[0] and isinstance(c[0][0], list):
            c = c[0]
        out.append(((f.get("properties") or {}).get("code"), len(c), tuple(c[0]) if c else None,
                    tuple(c[-2]) if len(c) > 1 else None))
    return tuple(out)


def _geo_index(geojson: dict) -> _Geo:
    # The same boundaries object comes back on every render (load_boundaries is cached): skip the
    # fingerprint walk over every feature for it. The entry keeps the object, so its id stays unique.
    hit = _GEO_BY_ID.get(id(geojson))
    if hit is not None and hit[0] is geojson:
        return hit[1]
    key = _fingerprint(geojson)
    geo = _GEO_CACHE.get(key)
    if geo is None:
        if len(_GEO_CACHE) > 4:
            _GEO_CACHE.clear()
        geo = _GEO_CACHE[key] = _Geo(geojson)
    if len(_GEO_BY_ID) > 4:
        _GEO_BY_ID.clear()
    _GEO_BY_ID[id(geojson)] = (geojson, geo)
    return geo


def plotly_geojson(geojson: dict) -> dict:
    """The municipality and region polygons rewound for plotly.js, to serve at `geojson_url`."""
    geo = _geo_index(geojson)
    return geo.collection(list(geo.features))


def representative_points(geojson: dict) -> dict[str, tuple[float, float]]:
    """Place code -> (lon, lat) of a point inside it (cached per boundaries file)."""
    return dict(_geo_index(geojson).points)


# --------------------------------------------------------------------------- helpers


def apply_update(target, update: Mapping) -> None:
    """Write `map_update` output into a figure dict or a Dash `Patch` (same item syntax).

    Keys are trace indices plus "layout"; attribute names are dotted paths ("marker.size").
    """
    for key, attrs in update.items():
        node_root = target["layout"] if key == "layout" else target["data"][key]
        for path, value in attrs.items():
            node = node_root
            parts = path.split(".")
            for p in parts[:-1]:
                if isinstance(node, dict):
                    node = node.setdefault(p, {})
                else:
                    node = node[p]
            node[parts[-1]] = value


def _value_unit(meta: dict, mode: str) -> str:
    # A difference of two percentages is in percentage points.
    return change_unit(meta["unit"]) if mode == "difference" else meta["unit"]


def _short(label: str) -> bool:
    return len(label) <= 5


def _reference_label(places, reference, year, lang) -> str:
    if reference is None:
        return ""
    if isinstance(reference, str):
        if reference in ("country", "region"):
            return t(f"map.ref.own_{reference}", lang) + " " + fmt_year(year, lang)
        if reference in (places or {}):
            return place_name(places, reference) + " " + fmt_year(year, lang)
        return reference
    if isinstance(reference, Mapping):
        if reference.get("label"):
            return str(reference["label"])
        code = reference.get("code")
        ref_year = reference.get("year", year)
        return _reference_label(places, code, ref_year, lang)
    return str(reference)


# --------------------------------------------------------------------------- the figure


def _one_scale(meta: Mapping) -> bool:
    return comparability.one_scale(meta.get("comparability_class") or "comparable")


def _dynamic(geo: _Geo, values, *, meta, places, year, lang, selected, mode, reference, breaks,
             ranks, k, size_max, geojson_url) -> dict:
    """Everything in the map that depends on the year (and the selection), keyed as in
    `map_update`. `map_figure` writes this into its static skeleton."""
    meta = indicator_meta(meta, lang)
    idx = trace_indices(k)
    embed = geojson_url is None
    # values.attrs["notes"]: code -> why a place has no value ("no data: break in series (2015)")
    notes = dict(getattr(values, "attrs", {}).get("notes") or {})
    if isinstance(values, pd.Series):
        # without the attrs: pandas deep-copies them (a note per place) on every operation
        vals = pd.Series(values.to_numpy(), index=values.index).astype("float64")
    else:
        vals = pd.Series(values, dtype="float64")

    region_level = not set(geo.regions).isdisjoint(vals.index.tolist())
    layer = geo.regions if region_level else geo.municipalities
    vals = vals.reindex(layer)
    vmap = dict(zip(layer, vals.to_numpy().tolist()))  # plain lookups: this runs for every place
    ranks = dict(ranks or {})
    n_ranked = len(ranks)
    unit = _value_unit(meta, mode)
    decimals = meta["decimals"]
    ref_label = _reference_label(places, reference, year, lang) if mode == "difference" else ""

    names = {c: place_name(places, c) for c in layer}
    contexts = {c: place_field(places, c, "context") for c in layer}

    # Ranks of a within-country indicator are within the country: "rank 2 of 8 in Slovenia".
    split = meta["kind"] != "count" or mode != "value"
    split = split and not _one_scale(meta)
    if split:
        n_by_country = {c: sum(1 for p in ranks if p[:2] == c) for c in ("SI", "AT")}
        country_names = {c: place_name(places, c) for c in ("SI", "AT")}

    # the year as text once (not once per place); "rank 3 of 16 · in Slovenia" per country once
    year_text = (None if year is None or year != year else year if isinstance(year, str)
                 else fmt_year(year, lang))
    within = {c: t("cmp.rank_within", lang, country=country_names.get(c, c)) for c in ("SI", "AT")} if split else {}

    rank_text = t("hover.rank", lang)  # "rank {rank} of {n}", filled per place below

    def rank_detail(code):
        # palette.hover_detail, with the texts that are the same for every place made once
        rank = ranks.get(code)
        if not split:
            n, extra = n_ranked, ""
        else:
            country = code[:2]
            n = n_by_country.get(country)
            extra = within.get(country, t("cmp.rank_within", lang, country=country)) if rank else ""
        parts = [year_text] if year_text is not None else []
        if rank is not None and n:
            parts.append(rank_text.format(rank=rank, n=n))
        if extra:
            parts.append(extra)
        return " \u00b7 ".join(parts)

    no_data = t("no_data", lang)
    # the unit after the number: the same for every place, except the Slovenian number forms of persons
    one_suffix = not (lang == "sl" and unit == "persons")
    suffix = with_unit("", unit, lang) if one_suffix else ""

    # every number of the layer formatted at once (fmt_number's text, see figures/numbers.py)
    shown = [c for c in layer if vmap[c] == vmap[c]]
    numbers = dict(zip(shown, fmt_many([vmap[c] for c in shown], decimals, lang)))

    def value_text(code):
        text = numbers[code]
        if mode == "difference":  # signed: "+" when the rounded value is above 0
            if round(float(vmap[code]), decimals) > 0:
                text = "+" + text
            return t("map.difference_hover", lang, value=with_unit(text, unit, lang), ref=ref_label)
        return text + suffix if one_suffix else with_unit(text, unit, lang)

    def custom(code):
        v = vmap.get(code)
        # as palette.hover_customdata, with the quick formatter (one number per place per render)
        has = v == v and v is not None
        cd = [code, names[code], contexts[code], value_text(code) if has else no_data, rank_detail(code)]
        if not has and notes.get(code):
            cd[4] = notes[code]
        return cd

    out: dict = {}
    title = ""
    is_count = meta["kind"] == "count" and mode == "value"
    missing = [c for c in layer if not (vmap[c] == vmap[c])]
    with_data = shown

    def entry(shown: bool) -> dict:
        # a legend entry's trace: the stand-in location when shown (see the module docstring)
        return {"locations": [STAND_IN] if shown else [], "z": [0] if shown else []}

    out[idx["no_data"]] = entry(bool(missing))

    if is_count:
        slots = [with_data] + [[] for _ in range(k - 1)]
        names_k = [""] * k
        colours = [_COUNT_FILL] * k
        show = [False] * k
        second = None
    else:
        groups = _colour_groups(meta, with_data, places)
        ulabel = unit_label(unit, lang)
        shown_unit = ulabel if _short(ulabel) else ""
        scales = []
        for g, (country, codes) in enumerate(groups):
            g_breaks = breaks.get(country) if isinstance(breaks, Mapping) else breaks
            if len(groups) > 1 and not isinstance(breaks, Mapping):
                g_breaks = None  # fixed limits are for one scale; each country gets its own
            scales.append(_class_slots([vmap[c] for c in codes], codes, g_breaks, k=k, mode=mode,
                                       decimals=decimals, lang=lang, unit=unit, shown_unit=shown_unit,
                                       direction=meta["direction"], palette=g,
                                       signed=bool(meta.get("signed"))))
        slots, names_k, colours, show = scales[0]
        second = scales[1] if len(scales) > 1 else None
        if mode == "difference":
            # a change over a period is no "difference to" anything: its legend names the period
            title = (reference["title"] if isinstance(reference, Mapping) and reference.get("title")
                     else t("map.difference_to", lang, ref=ref_label))
            if not _short(ulabel):
                title += f" ({ulabel})"
        elif not _short(ulabel):
            title = ulabel
        if second is not None:
            own = t("cmp.map.own_scale", lang)
            country_label = {c: place_name(places, c) for c, _ in groups}
            group_titles = [f"<b>{country_label[c]}</b> ({own})" + (f"<br>{title}" if title else "")
                            for c, _ in groups]
    if mode == "value" and isinstance(reference, Mapping) and reference.get("label"):
        # the reference values the classes can be read against (e.g. "Slovenia 3.3 · Austria 2.1")
        title = f"{title}<br>{reference['label']}" if title else str(reference["label"])
    # The title of the legend's value column (a legend-wide title would indent every entry): over
    # the classes (or the circles); over "no data" only when no place has a value, not a second time
    out[idx["no_data"]]["legendgrouptitle.text"] = title if second is None and not with_data else ""
    if second is None:
        second = ([[] for _ in range(k)], [""] * k, [NO_DATA_COLOUR] * k, [False] * k)
        titles = (title, "")
    else:
        titles = tuple(group_titles)

    slot_of: dict[str, int] = {}
    slot_colours, slot_names = [NO_DATA_COLOUR], [no_data]
    for offset, (slot_set, (g_slots, g_names, g_colours, g_show), g_title) in enumerate((
            ("classes", (slots, names_k, colours, show), titles[0]), ("classes_b", second, titles[1]))):
        for j, i in enumerate(idx[slot_set]):
            for c in g_slots[j]:
                slot_of[c] = 1 + offset * k + j
            d = entry(g_show[j] and bool(g_slots[j]))  # a class without places is not in the legend
            d["name"] = g_names[j]
            d["showlegend"] = g_show[j]
            d["colorscale"] = [[0, g_colours[j]], [1, g_colours[j]]]
            d["legendgrouptitle.text"] = g_title
            d["marker.line.color"] = _class_line(is_count)
            out[i] = d
        slot_colours += g_colours
        slot_names += g_names
    z = [slot_of.get(c, 0) for c in layer]
    line = _class_line(is_count)
    rows = {c: custom(c) for c in layer}  # a count's circles show the same hover rows
    fill = {
        "locations": list(layer), "z": z, "customdata": [rows[c] for c in layer],
        # a stepped scale: slot s is exactly the stop s / 2k, so its colour is the slot's own
        "colorscale": [[s / (2 * k), colour] for s, colour in enumerate(slot_colours)],
        "marker.line.color": [line if s else NO_DATA_LINE for s in z],
        "marker.line.width": [CLASS_LINE_WIDTH if s else NO_DATA_LINE_WIDTH for s in z],
        "meta": {"innolocClasses": slot_names},
    }
    if embed:
        fill["geojson"] = geo.collection(layer)
    out[idx["fill"]] = fill

    out[idx["selection"]] = _selection(geo, selected)

    if is_count:
        order = sorted(with_data, key=lambda c: -vmap[c])  # small circles on top of large ones
        vmax = size_max if size_max else (max(vmap[c] for c in order) if order else 1.0)
        vmax = vmax if vmax and vmax > 0 else 1.0
        largest = max(order, key=lambda c: vmap[c]) if order else None
        out[idx["circles"]] = {
            "lon": [geo.points[c][0] for c in order],
            "lat": [geo.points[c][1] for c in order],
            "customdata": [rows[c] for c in order],
            "marker.size": [max(float(vmap[c]), 0.0) for c in order],
            "marker.sizeref": 2.0 * vmax / MAX_CIRCLE_PX ** 2,
            "name": t("map.size_note", lang, indicator=meta["name"],
                      value=(rows[largest][3] if largest else t("no_data", lang))),
            "legendgrouptitle.text": title,
        }
    else:
        out[idx["circles"]] = {"lon": [], "lat": [], "customdata": [], "marker.size": [],
                               "marker.sizeref": 1.0, "name": "", "legendgrouptitle.text": title}
    out[idx["circles"]]["showlegend"] = is_count
    return out


def _colour_groups(meta: Mapping, codes: list[str], places) -> list[tuple[str | None, list[str]]]:
    """[(country or None, codes)]: one group when the indicator is comparable across the border,
    else Slovenia first, then Austria (the same order and palettes on every map). The rule is
    dashboard/comparability.py's, applied to the indicator's class in `meta`."""
    if not codes or _one_scale(meta):
        return [(None, list(codes))]
    groups = comparability.scale_groups(meta["comparability_class"], codes,
                                        {c: place_field(places, c, "country") or c[:2] for c in codes})
    return [(c, groups[c]) for c in ("SI", "AT") if c in groups]


def _class_slots(values: list[float], codes: list[str], breaks, *, k, mode, decimals, lang, unit, shown_unit,
                 direction, palette: int, signed: bool = False):
    """(slots, names, colours, show) of one colour scale: k slots, unused ones empty and hidden.
    A signed indicator (natural increase, net migration) whose values lie on both sides of 0 gets
    a diverging scale centred on 0, as a difference does."""
    arr = np.asarray(values, dtype=float)
    fin = arr[np.isfinite(arr)]
    diverging = mode == "difference" or bool(signed and fin.size and fin.min() < 0 < fin.max())
    if breaks is None:
        br, _ = choose_breaks(arr, min(k, SEQUENTIAL_CLASSES), decimals=decimals,
                              mode="difference" if diverging else mode, k_diverging=k)
    else:
        br = list(breaks)
    if n_classes(br) > k:
        raise ValueError(f"{n_classes(br)} classes do not fit the map's {k} class traces")
    n = n_classes(br)
    finite = arr[np.isfinite(arr)]
    open_ends = bool(len(br) > 2 and len(finite) and (finite.min() < br[0] or finite.max() > br[-1]))
    labels = class_labels(br, decimals, lang, shown_unit, open_ends=open_ends)
    distinct = np.unique(finite)
    if mode == "value" and 0 < len(distinct) <= n and breaks is None:
        # One class per distinct value: name the value, not a made-up range around it.
        labels = [with_unit(fmt_number(x, decimals, lang), unit, lang) if shown_unit else
                  fmt_number(x, decimals, lang) for x in distinct]
        labels += [""] * (n - len(labels))
    colours = class_colours(n, diverging=diverging, second=palette == 1)
    if diverging and direction == "lower_better":
        colours = colours[::-1]  # the better side keeps the same colour (purple) for every indicator
    slots = [[] for _ in range(k)]
    if n >= 1 and np.isfinite(arr).all():
        # classes.classify for every place at once: values outside the limits go to the end classes
        cls = np.clip(np.searchsorted(np.asarray(br, dtype=float), arr, side="right") - 1, 0, n - 1)
        for c, i in zip(codes, cls.tolist()):
            slots[i].append(c)
    else:
        for c, v in zip(codes, values):
            slots[classify(v, br)].append(c)
    return slots, labels + [""] * (k - n), colours + [NO_DATA_COLOUR] * (k - n), [True] * n + [False] * (k - n)


NO_DATA_LINE_WIDTH = 0.7
CLASS_LINE_WIDTH = 0.5


def _class_line(is_count: bool) -> str:
    """Municipal borders: white between coloured classes, grey under the circles of a count."""
    return "#b8bec6" if is_count else "#ffffff"


def _skeleton(geo: _Geo, *, lang, k, geojson_url, is_count, partners) -> dict:
    idx = trace_indices(k)
    embed = geojson_url is None
    choro = {"type": "choropleth", "featureidkey": "properties.code", "showscale": False, "geo": "geo",
             "geojson": geojson_url if not embed else _EMPTY}
    # the legend entries: a swatch each, never a hover (their one location has no outline)
    base = {**choro, "zmin": 0, "zmax": 1, "legendgroup": "values", "hoverinfo": "skip"}
    data: list[dict] = [None] * (2 * k + 8)  # type: ignore[list-item]
    data[idx["no_data"]] = {
        **base, "legendgroup": "no_data", "name": t("no_data", lang), "showlegend": True, "legendrank": 190,
        "colorscale": [[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
        "marker": {"line": {"color": NO_DATA_LINE, "width": NO_DATA_LINE_WIDTH}},
    }
    for j, i in enumerate(idx["classes"]):
        data[i] = {**base, "legendrank": 100 + j,
                   "marker": {"line": {"color": _class_line(is_count), "width": CLASS_LINE_WIDTH}}}
    for j, i in enumerate(idx["classes_b"]):
        data[i] = {**base, "legendgroup": "values_b", "legendrank": 150 + j,
                   "marker": {"line": {"color": _class_line(is_count), "width": CLASS_LINE_WIDTH}}}
    data[idx["fill"]] = {**choro, "zmin": 0, "zmax": 2 * k, "name": "", "showlegend": False,
                         "hovertemplate": HOVER_TEMPLATE, "marker": {"line": {}}}
    line = {"type": "scattergeo", "geo": "geo", "mode": "lines", "hoverinfo": "skip",
            "legendgroup": "context"}
    rlon, rlat = geo.outline(geo.regions)
    data[idx["regions"]] = {
        **line, "name": t("map.region_boundary", lang), "showlegend": bool(rlon), "legendrank": 203,
        "lon": rlon, "lat": rlat, "meta": list(geo.regions), "line": {"color": REGION_LINE, "width": 1.2},
    }
    partners = [c for c in partners if c in geo.features]
    plon, plat = geo.outline(partners)
    data[idx["partner_halo"]] = {
        **line, "name": "", "showlegend": False, "lon": plon, "lat": plat,
        "line": {"color": "#ffffff", "width": 4.6},
    }
    data[idx["partners"]] = {
        **line, "name": t("map.partner", lang), "showlegend": bool(partners), "legendrank": 201,
        "lon": plon, "lat": plat, "meta": partners, "line": {"color": PARTNER_LINE, "width": 2.2},
    }
    data[idx["selection"]] = {
        **line, "name": t("map.selected", lang), "showlegend": True, "legendrank": 202,
        "line": {"color": SELECTION_COLOUR, "width": 4},
    }
    data[idx["border"]] = {
        **line, "lon": geo.border_lon, "lat": geo.border_lat,
        "name": t("map.border", lang), "showlegend": bool(geo.border_lon), "legendrank": 204,
        "line": {"color": BORDER_COLOUR, "width": 2.4, "dash": "dash"},
    }
    data[idx["circles"]] = {
        "type": "scattergeo", "geo": "geo", "mode": "markers", "showlegend": is_count, "legendrank": 99,
        "legendgroup": "values", "meta": CIRCLES_META,
        "marker": {"sizemode": "area", "sizemin": 2, "color": _CIRCLE_COLOUR, "opacity": 0.78,
                   "line": {"color": "#ffffff", "width": 1}},
        "hovertemplate": HOVER_TEMPLATE,
    }
    layout = {
        "separators": plotly_separators(lang),
        "font": FONT,
        "height": MAP_HEIGHT,
        "margin": {"l": 4, "r": 4, "t": 4, "b": 4},
        "paper_bgcolor": "#ffffff",
        "clickmode": "event",
        "dragmode": "pan",
        "hoverlabel": {"bgcolor": "#ffffff", "bordercolor": "#adb5bd", "font": {"color": "#212529"}},
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top",
                   "traceorder": "grouped", "tracegroupgap": 6, "itemclick": False, "itemdoubleclick": False,
                   "font": {"size": 12}, "grouptitlefont": {"size": 12, "color": "#212529"}},
        "geo": {
            "visible": False, "fitbounds": "locations", "projection": {"type": "mercator"},
            "scope": TOPOJSON_SCOPE, "resolution": TOPOJSON_RESOLUTION, "bgcolor": "rgba(0,0,0,0)",
            "showframe": False, "domain": {"x": [0, 1], "y": [0, 1]},
        },
        "uirevision": "map",
        "template": MINIMAL_TEMPLATE,  # not Plotly's whole default (7 kB per figure)
    }
    return {"data": data, "layout": layout}


_EMPTY = {"type": "FeatureCollection", "features": []}


def _prepare(geojson, meta, lang, mode):
    if mode not in ("value", "difference"):
        raise ValueError(f"map mode must be 'value' or 'difference', not {mode!r}")
    geo = _geo_index(geojson)
    meta = indicator_meta(meta, lang)
    return geo, meta["kind"] == "count" and mode == "value"


def map_figure(geojson, values, **options) -> go.Figure:
    """`map_spec` as a validated Figure (tests, exports, other pages; Explore sends the dict)."""
    return go.Figure(map_spec(geojson, values, **options))


def map_spec(geojson, values, *, meta, lang, year, place_info=None, partners=(), selected=(), mode="value",
             reference=None, breaks=None, ranks=None, k: int = K, size_max=None,
             geojson_url: str | None = None, context: dict | None = None, legend_room: int = 4) -> dict:
    """The Explore map as a plain figure dict (see the module docstring for the trace layout and click data).

    Data only, no store: `explore.logic.map_inputs` (or a test) supplies meta, place_info and partners.
    meta: the indicator row (id, name_<lang>, unit, decimals, direction, kind, comparability_class);
    a within-country class colours each country on its own scale (dashboard/comparability.py).
    place_info: place table, code -> {name, context, country, ...} (`explore.logic.place_table`): names and
    hover context of the layer, the two countries and a reference place. partners: codes outlined.
    values: place code -> value (NaN = no data), for municipalities or for the four regions; in
    "difference" mode the differences to `reference` (a place code, "country" / "region", a
    dict {code, year} or {label}) — coloured diverging around 0 and named in the legend title.
    breaks: fixed class limits (e.g. kept across years); default chosen from this year's data.
    ranks: place code -> rank among the places shown, for the hover.
    size_max: value of the largest circle for counts (pass the maximum over all years to keep
    circle sizes comparable when the year changes).
    geojson_url: serve the boundaries at this URL and let the browser fetch them once, instead of
    embedding each trace's features (smaller figures and year patches).
    context: `load_context()` — faint neighbouring regions and town labels in `lang` (traces
    2k + 7 .. 2k + 9, static: `map_update` never touches them).
    legend_room: the room below the map for the legend (Explore: LEGEND_ROOM).
    """
    geo, is_count = _prepare(geojson, meta, lang, mode)
    fig = _skeleton(geo, lang=lang, k=k, geojson_url=geojson_url, is_count=is_count,
                    partners=list(partners or ()))
    apply_update(fig, _dynamic(geo, values, meta=meta, places=place_info, year=year, lang=lang,
                               selected=selected, mode=mode, reference=reference, breaks=breaks,
                               ranks=ranks, k=k, size_max=size_max, geojson_url=geojson_url))
    fig["data"] += context_traces(context, lang)
    narrow = narrow_map(fig["data"])
    if narrow:
        fig["layout"]["meta"] = {"innolocNarrow": narrow}
    fig["layout"]["margin"] = {**fig["layout"]["margin"], "b": max(legend_room, fig["layout"]["margin"]["b"])}
    return fig


def _selection(geo: _Geo, selected) -> dict:
    sel = [c for c in dict.fromkeys(selected or ()) if c in geo.features]
    lon, lat = geo.outline(sel)
    return {"lon": lon, "lat": lat, "meta": sel}


def map_selection(geojson, selected) -> dict:
    """The selection trace's part of `map_update` alone (when nothing else changed)."""
    return _selection(_geo_index(geojson), selected)


def map_update(geojson, values, *, meta, lang, year, place_info=None, partners=(), selected=(), mode="value",
               reference=None, breaks=None, ranks=None, k: int = K, size_max=None,
               geojson_url: str | None = None) -> dict:
    """The parts of `map_figure` that change with the year, the selection and the indicator (for the same mode and language):
    {trace index: {dotted attribute: value}, "layout": {...}}. Apply with `apply_update(patch, ...)`
    to a Dash `Patch()` of a figure built by `map_figure` with the same indicator, mode and lang."""
    geo, _ = _prepare(geojson, meta, lang, mode)
    return _dynamic(geo, values, meta=meta, places=place_info, year=year, lang=lang,
                    selected=selected, mode=mode, reference=reference, breaks=breaks, ranks=ranks,
                    k=k, size_max=size_max, geojson_url=geojson_url)


# --------------------------------------------------------------------------- export


def with_export_title(fig: go.Figure, title: str, source_line: str, *, subtitle: str = "") -> go.Figure:
    """A copy of `fig` with a title and, under it, the source line, for PNG downloads (the page
    shows the title in HTML, so the on-screen figure has none). Used for the map, ranking and time
    series. The source goes under the title because the space below a figure belongs to its
    legend, whose height only the browser knows."""
    out = go.Figure(fig)
    margin_t = out.layout.margin.t or 0
    lines = [x for x in (subtitle, source_line) if x]
    extra = 40 + 17 * len(lines)
    out.update_layout(
        title={"text": f"<b>{title}</b>", "x": 0, "xref": "paper", "xanchor": "left",
               "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12, "l": 0},
               "font": {"size": 17},
               "subtitle": {"text": "<br>".join(lines), "font": {"size": 12, "color": "#6c757d"}}},
        margin={"t": margin_t + extra},
        height=(out.layout.height or 450) + extra,
    )
    return out
