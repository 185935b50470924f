"""Municipality and region boundaries for the map, and areas for the places table.

Sources and their caveats are described in `geo/PROVENANCE.md` of the raw folder. Two choices matter:

* Area is measured the same way on both sides of the border: planar area in ETRS89-LAEA
  (EPSG:3035, equal-area), from the most detailed geometry at hand (GURS full resolution for
  Slovenia, the 95 % TopoJSON for Austria; the 99.5 % GeoJSON is off by up to 6 % for small
  municipalities, while the 95 % one is within 0.5 % of Statistik Austria for the eight partners).
* The browser file is simplified on shared arcs, so neighbours keep one identical border (no
  slivers or gaps inside a country): coordinates are snapped to a 1e-4 degree grid (about 10 m),
  rings are cut into arcs at the points where the set of neighbours changes, each arc is
  simplified once (Douglas-Peucker) and reused by every polygon that has it.
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient

from dashboard.ingest import readers
from dashboard.ingest.errors import RawDataError

REGIONS = ("SI042", "SI032", "AT223", "AT224")
STYRIA = "AT22"

SI_LOOKUP = Path("geo/lookup/si_obcine_to_sr_nuts3.csv")
AT_LOOKUP = Path("geo/lookup/at_gemeinden_to_nuts3.csv")
SI_DRAW = Path("geo/si/si_obcine_gurs_2021-11_simplified.geojson")
SI_FULL = Path("geo/si/si_obcine_gurs_2021-11_full.geojson")
AT_DRAW = Path("geo/at/at_gemeinden_2021_995_geo.json")
AT_TOPO = Path("geo/at/at_gemeinden_2021_95_topo.json")

# Municipal mergers after the boundary files' date (1 Jan 2021): new GKZ -> (old GKZs, new name).
AT_MERGERS = {"62280": (("62267", "62252"), "Fürstenfeld")}  # 1 Jan 2025, Fürstenfeld + Söchau
# Vienna is in the AT file twice: as municipality 90001 and as 23 overlapping districts.
VIENNA_DISTRICTS = frozenset(f"9{d:02d}01" for d in range(1, 24))
# Burgenland (1), Carinthia (2) and Styria (6) are the states that touch Slovenia.
AT_STATES_AT_SI_BORDER = ("1", "2", "6")

REGION_NAMES = {  # GISCO NUTS 2021 NUTS_NAME
    "SI042": "Gorenjska",
    "SI032": "Podravska",
    "AT223": "Östliche Obersteiermark",
    "AT224": "Oststeiermark",
}
BORDER_NAME = "Slovenia–Austria border"

_GRID = 10_000  # 4 decimals: ~10 m, far below what the dashboard's zoom can show
TOLERANCE = 0.0005  # degrees, Douglas-Peucker on each shared arc (~40 m E-W, ~55 m N-S)
BORDER_SNAP = 0.005  # degrees: SI outline within ~400 m of Austria counts as the national border


# ---------------------------------------------------------------------------------------- codes


def si_code(ob_id: int) -> str:
    return f"SI-{int(ob_id):03d}"


def at_code(gkz: str) -> str:
    return f"AT-{gkz}"


def _merged_gkz(gkz: str) -> str:
    """Today's GKZ for a 2021 GKZ (itself unless it was merged since)."""
    for new, (old, _name) in AT_MERGERS.items():
        if gkz in old:
            return new
    return gkz


# ------------------------------------------------------------------------------------- reading


def _path(raw: Path, rel: Path) -> Path:
    path = Path(raw) / rel
    if not path.is_file():
        raise RawDataError(path, "file not found", expected="the file described in geo/PROVENANCE.md")
    return readers.require_file(path)  # records the file among those the import read


def _read_csv(raw: Path, rel: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    return readers.once(("boundaries.csv", Path(raw), rel, columns), lambda: _read_lookup(raw, rel, columns))


def _read_lookup(raw: Path, rel: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    path = _path(raw, rel)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        for col in columns:
            if col not in header:
                raise RawDataError(path, "column missing", column=col, expected=", ".join(columns))
        rows = list(reader)
    for i, row in enumerate(rows, start=2):  # row numbers as in a text editor (header = row 1)
        for col in columns:
            if not (row.get(col) or "").strip():
                raise RawDataError(path, "empty value", row=i, column=col)
    # the first column is the key (municipality code): one row each
    readers.unique_keys(pd.DataFrame(rows, columns=header, index=pd.RangeIndex(2, len(rows) + 2, name="row")),
                        [columns[0]], path)
    return rows


def _read_json(raw: Path, rel: Path) -> dict:
    path = _path(raw, rel)
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RawDataError(path, f"not valid JSON ({exc})") from None


def _polygonal(geom):
    """Keep only the area of a geometry (make_valid turns Metlika into a GeometryCollection)."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _geojson_features(raw: Path, rel: Path, key: str, name: str) -> dict[str, tuple[str, object]]:
    """property `key` (as str) -> (name, shapely geometry) for a GeoJSON FeatureCollection."""
    path = _path(raw, rel)
    data = _read_json(raw, rel)
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise RawDataError(path, "no 'features' list", expected="a GeoJSON FeatureCollection")
    out = {}
    for i, feat in enumerate(features):
        props = feat.get("properties") or {}
        for prop in (key, name):
            if props.get(prop) in (None, ""):
                raise RawDataError(path, "feature lacks a property", row=f"feature {i}", column=prop)
        if not feat.get("geometry"):
            raise RawDataError(path, "feature has no geometry", row=f"feature {i}", column="geometry")
        out[str(props[key])] = (props[name], _polygonal(_shape(feat["geometry"])))
    return out


def _shape(geom: dict):
    """shapely `shape` of a GeoJSON geometry, its (Multi)Polygon rings handed over as arrays: shape()
    converts point by point in Python (a third of a second for the full GURS file). Anything else,
    or rings that are not plain lists of points, goes to shape() itself."""
    try:
        if geom.get("type") == "Polygon":
            return Polygon(*_rings(geom["coordinates"]))
        if geom.get("type") == "MultiPolygon":
            return MultiPolygon([_rings(p) for p in geom["coordinates"]])
    except (TypeError, ValueError, KeyError):
        pass
    return shape(geom)


def _rings(rings) -> tuple[np.ndarray, list[np.ndarray]]:
    shell, *holes = (np.asarray(r, dtype=float) for r in rings)
    if any(r.ndim != 2 or not len(r) for r in (shell, *holes)):
        raise ValueError("not a list of points")
    return shell, holes


def _topojson_features(raw: Path, rel: Path, obj: str, key: str, name: str) -> dict[str, tuple[str, object]]:
    """Decode a quantised TopoJSON object (spec 1.0) to shapely; ~30 lines instead of a dependency."""
    path = _path(raw, rel)
    data = _read_json(raw, rel)
    try:
        (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
        geometries = data["objects"][obj]["geometries"]
        arcs = []
        for arc in data["arcs"]:
            q = np.cumsum(np.asarray(arc, dtype=float), axis=0)
            arcs.append(np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty]))
    except (KeyError, TypeError, ValueError) as exc:
        raise RawDataError(path, f"not a quantised TopoJSON with object '{obj}' ({exc!r})") from None

    def ring(refs):
        pieces = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in refs]
        return np.vstack([pieces[0]] + [p[1:] for p in pieces[1:]])

    def polygon(rings):
        return shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])

    out = {}
    for i, geom in enumerate(geometries):
        props = geom.get("properties") or {}
        for prop in (key, name):
            if props.get(prop) in (None, ""):
                raise RawDataError(path, "geometry lacks a property", row=f"geometry {i}", column=prop)
        if geom.get("type") == "Polygon":
            g = polygon(geom["arcs"])
        elif geom.get("type") == "MultiPolygon":
            g = shapely.MultiPolygon([polygon(p) for p in geom["arcs"]])
        else:
            raise RawDataError(path, f"unexpected geometry type {geom.get('type')!r}", row=f"geometry {i}",
                               expected="Polygon or MultiPolygon")
        out[str(props[key])] = (props[name], _polygonal(g))
    return out


def _require(path: Path, have: dict, codes, what: str) -> None:
    missing = sorted(set(codes) - set(have))
    if missing:
        raise RawDataError(path, f"no {what} for {len(missing)} code(s): {', '.join(missing[:10])}",
                           expected="every municipality of the lookup table")


# ------------------------------------------------------------------------------------ public API


def municipality_codes(raw: Path) -> dict[str, str]:
    """place code -> NUTS3 code, for every municipality of the four regions (today's territory)."""
    out: dict[str, str] = {}
    for row in _read_csv(raw, SI_LOOKUP, ("OB_ID", "NUTS3_2021")):
        if row["NUTS3_2021"] in REGIONS:
            out[si_code(row["OB_ID"])] = row["NUTS3_2021"]
    for i, row in enumerate(_read_csv(raw, AT_LOOKUP, ("GKZ", "NUTS3_2021")), start=2):
        if row["NUTS3_2021"] in REGIONS:
            code = at_code(_merged_gkz(row["GKZ"]))
            if out.setdefault(code, row["NUTS3_2021"]) != row["NUTS3_2021"]:
                raise RawDataError(Path(raw) / AT_LOOKUP, f"parts of merged {code} lie in different regions",
                                   row=i, column="NUTS3_2021", expected=out[code])
    return dict(sorted(out.items()))


def _drawn(raw: Path) -> tuple[dict[str, tuple[str, object]], dict[str, tuple[str, object]]]:
    """(name, geometry) by place code: all 212 SI municipalities, and all AT ones on today's territory
    (read once per import: the map and its context layer both draw on it)."""
    return readers.once(("boundaries.drawn", Path(raw)), lambda: _read_drawn(raw))


def _read_drawn(raw: Path) -> tuple[dict[str, tuple[str, object]], dict[str, tuple[str, object]]]:
    si = {si_code(k): v for k, v in _geojson_features(raw, SI_DRAW, "OB_ID", "OB_UIME").items()}
    at = {at_code(k): v for k, v in _geojson_features(raw, AT_DRAW, "iso", "name").items()
          if k not in VIENNA_DISTRICTS}
    for new, (old, name) in AT_MERGERS.items():
        parts = [at_code(o) for o in old]
        _require(Path(raw) / AT_DRAW, at, parts, "feature")
        at[at_code(new)] = (name, _polygonal(shapely.union_all([at.pop(p)[1] for p in parts])))
    return si, at


def municipality_names(raw: Path) -> dict[str, str]:
    """place code -> official name as spelled in the boundary files (UTF-8 diacritics; AT-62280 -> 'Fürstenfeld')."""
    codes = municipality_codes(raw)
    si, at = _drawn(raw)
    _require(Path(raw) / SI_DRAW, si, [c for c in codes if c.startswith("SI-")], "feature")
    _require(Path(raw) / AT_DRAW, at, [c for c in codes if c.startswith("AT-")], "feature")
    both = si | at
    return {code: both[code][0] for code in codes}


def _areas_km2(geoms: dict[str, object]) -> dict[str, float]:
    """Planar area in EPSG:3035 (equal-area), unrounded, in km²."""
    transformer = Transformer.from_crs(4326, 3035, always_xy=True)

    def project(xy):
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    keys = sorted(geoms)
    projected = shapely.transform(np.array([geoms[k] for k in keys], dtype=object), project)
    return dict(zip(keys, (float(a) / 1e6 for a in shapely.area(projected))))


def areas_km2(raw: Path) -> dict[str, float]:
    """Area in km² (rounded to 2 decimals) for every municipality code above, each of the four regions
    (sum of its municipalities), AT22 (sum of all Styrian municipalities, GKZ starting with '6'),
    SI (all 212 Slovenian municipalities) and AT (all Austrian municipalities; Vienna counted once:
    drop the 23 district features 90101..92301, keep 90001)."""
    for rel in (SI_FULL, AT_TOPO):  # fail before the slow reading, not halfway through
        _path(raw, rel)
    codes = municipality_codes(raw)
    si_raw = _geojson_features(raw, SI_FULL, "OB_ID", "OB_UIME")
    si = _areas_km2({si_code(k): g for k, (_n, g) in si_raw.items()})
    at_raw = _topojson_features(raw, AT_TOPO, "gemeinden", "iso", "name")
    at = _areas_km2({at_code(k): g for k, (_n, g) in at_raw.items() if k not in VIENNA_DISTRICTS})
    for new, (old, _name) in AT_MERGERS.items():
        _require(Path(raw) / AT_TOPO, at, [at_code(o) for o in old], "geometry")
        at[at_code(new)] = sum(at.pop(at_code(o)) for o in old)
    _require(Path(raw) / SI_FULL, si, [c for c in codes if c.startswith("SI-")], "feature")
    _require(Path(raw) / AT_TOPO, at, [c for c in codes if c.startswith("AT-")], "geometry")

    both = si | at
    out = {code: both[code] for code in codes}
    for region in REGIONS:
        out[region] = sum(both[c] for c, r in codes.items() if r == region)
    out[STYRIA] = sum(a for c, a in at.items() if c.startswith("AT-6"))
    out["SI"] = sum(si.values())
    out["AT"] = sum(at.values())
    return {k: round(v, 2) for k, v in out.items()}


# ------------------------------------------------------------------------ shared-arc simplifying


def _quantised_rings(geom) -> list[list[list[tuple[int, int]]]]:
    """Polygons as lists of open rings of grid points, with repeats and spikes removed."""
    polys = []
    for poly in shapely.get_parts(geom):
        rings = []
        for ring in [poly.exterior, *poly.interiors]:
            q = np.rint(shapely.get_coordinates(ring) * _GRID).astype(np.int64)
            pts: list[tuple[int, int]] = []
            for p in map(tuple, q.tolist()):
                if pts and pts[-1] == p:
                    continue
                if len(pts) >= 2 and pts[-2] == p:  # spike A-B-A collapses to A
                    pts.pop()
                    continue
                pts.append(p)
            while len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            while len(pts) >= 3 and pts[1] == pts[-1]:  # spike across the ring's start
                pts.pop(0)
                pts.pop()
            if len(pts) >= 3:
                rings.append(pts)
            elif not rings:
                break  # exterior collapsed: drop the polygon
        if rings:
            polys.append(rings)
    return polys


class _Topology:
    """Rings of many features cut into shared arcs, each arc simplified once."""

    def __init__(self, shapes: dict[str, list]):
        neighbours: dict[tuple, set] = defaultdict(set)
        for polys in shapes.values():
            for rings in polys:
                for ring in rings:
                    n = len(ring)
                    for i, p in enumerate(ring):
                        a, b = ring[i - 1], ring[(i + 1) % n]
                        neighbours[p].add((a, b) if a < b else (b, a))
        junctions = {p for p, s in neighbours.items() if len(s) > 1}

        self.arcs: list[tuple] = []
        index: dict[tuple, int] = {}
        self.refs: dict[str, list[list[list[tuple[int, bool]]]]] = {}
        self.arcs_of: dict[str, set[int]] = {}
        for code in sorted(shapes):
            frefs, used = [], set()
            for rings in shapes[code]:
                prefs = []
                for ring in rings:
                    rrefs = []
                    for arc in self._cut(ring, junctions):
                        fwd, rev = tuple(arc), tuple(reversed(arc))
                        key = min(fwd, rev)
                        if key not in index:
                            index[key] = len(self.arcs)
                            self.arcs.append(key)
                        rrefs.append((index[key], fwd != key))
                        used.add(index[key])
                    prefs.append(rrefs)
                frefs.append(prefs)
            self.refs[code] = frefs
            self.arcs_of[code] = used

    @staticmethod
    def _cut(ring: list, junctions: set) -> list[list]:
        cuts = [i for i, p in enumerate(ring) if p in junctions]
        if not cuts:  # island or enclave: start where any ring with these points would
            cuts = [ring.index(min(ring))]
        start = cuts[0]
        ring = ring[start:] + ring[:start]
        cuts = [c - start for c in cuts] + [len(ring)]
        ring = ring + [ring[0]]
        arcs = []
        for a, b in zip(cuts[:-1], cuts[1:]):
            arc = ring[a:b + 1]
            if arc[0] == arc[-1]:  # closed: split at the far point so the ring cannot collapse
                x0, y0 = arc[0]
                far = max(range(len(arc)),
                          key=lambda i: ((arc[i][0] - x0) ** 2 + (arc[i][1] - y0) ** 2, arc[i]))
                arcs += [arc[:far + 1], arc[far:]]
            else:
                arcs.append(arc)
        return arcs

    def simplified(self, tolerance: np.ndarray) -> list[np.ndarray]:
        coords = np.asarray([p for a in self.arcs for p in a], dtype=float)
        which = np.repeat(np.arange(len(self.arcs)), [len(a) for a in self.arcs])
        lines = shapely.linestrings(coords, indices=which)
        out = shapely.simplify(lines, tolerance * _GRID, preserve_topology=False)
        return [np.rint(shapely.get_coordinates(g)).astype(np.int64) for g in out]

    def geometry(self, code: str, arcs: list[np.ndarray]):
        polys = []
        for prefs in self.refs[code]:
            rings = []
            for rrefs in prefs:
                pieces = [arcs[i][::-1] if rev else arcs[i] for i, rev in rrefs]
                pts = np.vstack([pieces[0]] + [p[1:] for p in pieces[1:]])
                keep = np.r_[True, np.any(pts[1:] != pts[:-1], axis=1)]
                pts = pts[keep]
                if len(pts) >= 4:
                    rings.append(pts / _GRID)
                elif not rings:
                    break
            if rings:
                polys.append(shapely.Polygon(rings[0], rings[1:]))
        if not polys:
            return None
        return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _simplify(shapes: dict[str, object], tolerance: float) -> dict[str, object]:
    """Simplify all features together; arcs of a feature that came out invalid get a smaller tolerance."""
    # GEOS snaps to the grid and repairs what snapping breaks (a neck that collapses to a point);
    # identical vertices snap identically, so shared borders stay shared.
    topo = _Topology({c: _quantised_rings(shapely.set_precision(g, 1 / _GRID)) for c, g in shapes.items()})
    tol = np.full(len(topo.arcs), tolerance)
    for attempt in range(8):
        arcs = topo.simplified(tol)
        out = {code: topo.geometry(code, arcs) for code in shapes}
        bad = [c for c, g in out.items() if g is None or not g.is_valid or g.is_empty]
        if not bad:
            return out
        for code in bad:
            idx = list(topo.arcs_of[code])
            tol[idx] = 0.0 if attempt >= 6 else tol[idx] / 2
    for code in bad:  # snapping to the grid alone broke it: repair, accept a local mismatch
        out[code] = _polygonal(shapely.make_valid(shapes[code] if out[code] is None else out[code]))
    return out


# --------------------------------------------------------------------------------------- output


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(float(c), 4) for c in coords[:2]]
    return [_round(c) for c in coords]


def _feature(code: str, level: str, name: str, geom, region: str | None = None) -> dict:
    props = {"code": code, "level": level, "name": name}
    if region is not None:
        props["region"] = region
    if isinstance(geom, Polygon):  # RFC 7946: exteriors counter-clockwise (orient_polygons needs shapely 2.1)
        geom = orient(geom)
    elif isinstance(geom, MultiPolygon):
        geom = MultiPolygon([orient(p) for p in geom.geoms])
    gj = mapping(geom)
    return {"type": "Feature", "properties": props,
            "geometry": {"type": gj["type"], "coordinates": _round(gj["coordinates"])}}


def _border(si_simplified: list, at_raw: list, bbox) -> object | None:
    """The stretch of Slovenia's simplified outline that runs along Austria.

    The SI and AT sources share no vertices and differ by up to a few hundred metres, so the line is
    taken from the SI outline alone (it then coincides with the drawn SI polygons): from the first to
    the last outline vertex within BORDER_SNAP of Austria, walking from the vertex farthest from it.
    """
    union = shapely.union_all(si_simplified)
    outline = max(shapely.get_parts(union), key=lambda p: p.area).exterior
    pts = shapely.get_coordinates(outline)[:-1]
    dist = shapely.distance(shapely.points(pts), shapely.union_all(at_raw))
    start = int(np.argmax(dist))
    pts, dist = np.roll(pts, -start, axis=0), np.roll(dist, -start)
    near = np.flatnonzero(dist <= BORDER_SNAP)
    if len(near) < 2:
        return None
    line = shapely.LineString(pts[near[0]:near[-1] + 1]).intersection(shapely.box(*bbox))
    return None if line.is_empty else shapely.line_merge(line)


def build_geojson(raw: Path) -> dict:
    """FeatureCollection for the browser."""
    for rel in (SI_DRAW, AT_DRAW):
        _path(raw, rel)
    codes = municipality_codes(raw)
    si, at = _drawn(raw)
    _require(Path(raw) / SI_DRAW, si, [c for c in codes if c.startswith("SI-")], "feature")
    _require(Path(raw) / AT_DRAW, at, [c for c in codes if c.startswith("AT-")], "feature")

    # All of Slovenia goes into the topology so that the border line shares the drawn polygons' arcs.
    shapes = {c: g for c, (_n, g) in si.items()} | {c: at[c][1] for c in codes if c.startswith("AT-")}
    simple = _simplify(shapes, TOLERANCE)

    names = {c: name for c, (name, _g) in (si | at).items()}
    features = [_feature(c, "municipality", names[c], simple[c], r) for c, r in codes.items()]
    regions = {}
    for region in REGIONS:
        union = shapely.union_all([simple[c] for c, r in codes.items() if r == region])
        regions[region] = shapely.set_precision(union, 1 / _GRID)
        features.append(_feature(region, "region", REGION_NAMES[region], regions[region]))
    border = _border([g for c, g in simple.items() if c.startswith("SI-")],
                     [g for c, (_n, g) in at.items() if c[3] in AT_STATES_AT_SI_BORDER],
                     shapely.union_all(list(regions.values())).bounds)
    if border is not None:
        features.append(_feature("border", "border", BORDER_NAME, border))
    features.sort(key=lambda f: (f["properties"]["level"], f["properties"]["code"]))
    return {"type": "FeatureCollection", "features": features}


# ------------------------------------------------------------------------------ map context


# The map's context layer is cut to the bounding box of the four regions (plus these margins, degrees
# lon, lat): plotly.js fits the view to every trace's points, lines too, so anything beyond the box
# would shrink the four regions on screen (a 0.3 degree lon margin did, by about 15 %).
CONTEXT_MARGIN = (0.0, 0.0)
# Where a label sits relative to its point (plotly textposition), so that the labels of neighbouring
# partners (Kranj, Tržič, Radovljica, Jesenice; Leoben, Bruck, Kapfenberg; Ptuj, Kidričevo, …) fan
# out instead of overlapping; the rest sit above their dot.
LABEL_POSITIONS = {
    "SI-041": "top center", "SI-102": "middle left", "SI-131": "top right", "SI-052": "bottom center",
    "SI-096": "top right", "SI-113": "middle left", "SI-045": "bottom center", "SI-087": "bottom right",
    "AT-62139": "bottom right", "AT-62140": "top right", "AT-61108": "middle left",
    "AT-62143": "top center", "AT-62280": "bottom center", "AT-61760": "bottom center",
    "AT-61766": "top left", "AT-62219": "middle right", "SI-070": "top center", "AT-60101": "middle left",
}
# Centres of the NUTS 3 regions in and around the box (the partner towns are labelled anyway):
# Ljubljana, Maribor, Celje, Murska Sobota, Slovenj Gradec, Graz, Klagenfurt.
CAPITALS = ("SI-061", "SI-070", "SI-011", "SI-080", "SI-112", "AT-60101", "AT-20101")
# Names other than the boundary file's, where the usage is settled (else the local name in every
# language): Slovene Gradec and Celovec; Klagenfurt without "am Wörthersee" (since 2008) for short.
EXONYMS = {
    "AT-60101": {"sl": "Gradec"},
    "AT-20101": {"sl": "Celovec", "de": "Klagenfurt", "en": "Klagenfurt"},
}
# GISCO NUTS 2021 NUTS_NAME of the Austrian NUTS 3 regions (the Slovenian names come from the lookup).
AT_NUTS3_NAMES = {
    "AT111": "Mittelburgenland", "AT112": "Nordburgenland", "AT113": "Südburgenland",
    "AT121": "Mostviertel-Eisenwurzen", "AT122": "Niederösterreich-Süd", "AT123": "Sankt Pölten",
    "AT124": "Waldviertel", "AT125": "Weinviertel", "AT126": "Wiener Umland/Nordteil",
    "AT127": "Wiener Umland/Südteil", "AT130": "Wien", "AT211": "Klagenfurt-Villach",
    "AT212": "Oberkärnten", "AT213": "Unterkärnten", "AT221": "Graz", "AT222": "Liezen",
    "AT223": "Östliche Obersteiermark", "AT224": "Oststeiermark", "AT225": "West- und Südsteiermark",
    "AT226": "Westliche Obersteiermark", "AT311": "Innviertel", "AT312": "Linz-Wels",
    "AT313": "Mühlviertel", "AT314": "Steyr-Kirchdorf", "AT315": "Traunviertel", "AT321": "Lungau",
    "AT322": "Pinzgau-Pongau", "AT323": "Salzburg und Umgebung", "AT331": "Außerfern",
    "AT332": "Innsbruck", "AT333": "Osttirol", "AT334": "Tiroler Oberland", "AT335": "Tiroler Unterland",
    "AT341": "Bludenz-Bregenzer Wald", "AT342": "Rheintal-Bodenseegebiet",
}


def _nuts3_of(raw: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(place code -> NUTS 3 code for every SI and AT municipality, NUTS 3 code -> name)."""
    out: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in _read_csv(raw, SI_LOOKUP, ("OB_ID", "NUTS3_2021")):
        out[si_code(row["OB_ID"])] = row["NUTS3_2021"]
        names[row["NUTS3_2021"]] = row.get("SR_UIME") or row["NUTS3_2021"]
    for row in _read_csv(raw, AT_LOOKUP, ("GKZ", "NUTS3_2021")):
        out[at_code(_merged_gkz(row["GKZ"]))] = row["NUTS3_2021"]
    names.update({c: n for c, n in AT_NUTS3_NAMES.items()})
    return out, names


def _context_box(regions: list) -> object:
    x0, y0, x1, y1 = shapely.union_all(regions).bounds
    dx, dy = CONTEXT_MARGIN
    return shapely.box(round(x0 - dx, 4), round(y0 - dy, 4), round(x1 + dx, 4), round(y1 + dy, 4))


def build_context(raw: Path, geo: dict | None = None) -> dict:
    """The map's context layer (data/context.geojson): outlines of the NUTS 3 regions around the four
    project regions, dissolved from all SI and AT municipalities, cut to a box around the four
    regions, without the stretches the regions' own outlines already draw; and a label point for the
    16 partner towns and the regional centres (`CAPITALS`) inside the box, each the representative
    point of its municipality (shapely `representative_point`, so it lies inside the polygon).

    `geo`: the boundaries FeatureCollection of `build_geojson` (built again if not given)."""
    from dashboard.ingest.places import PARTNER_CODES  # noqa: PLC0415 (places imports nothing from here)

    geo = geo or build_geojson(raw)
    regions = [shape(f["geometry"]) for f in geo["features"] if f["properties"]["level"] == "region"]
    if not regions:  # nothing to put in context (validation reports the missing boundaries)
        return {"type": "FeatureCollection", "features": []}
    box = _context_box(regions)
    own = shapely.union_all(regions)
    si, at = _drawn(raw)
    nuts, nuts_names = _nuts3_of(raw)
    by_region: dict[str, list] = defaultdict(list)
    for code, (_name, g) in (si | at).items():
        region = nuts.get(code)
        if region and region not in REGIONS and g.intersects(box):
            by_region[region].append(g)
    # The two countries' files do not share their border (up to a few hundred metres apart): the
    # Slovenian side is dropped where Austria lies within BORDER_SNAP, so the border is drawn once.
    austria = shapely.union_all([g for code, (_n, g) in at.items() if code[3] in AT_STATES_AT_SI_BORDER])
    skip_si = austria.buffer(BORDER_SNAP)
    skip_own = own.boundary.buffer(BORDER_SNAP / 2)
    features = []
    drawn_lines = []  # a border of two neighbours goes with the first of them only (half the bytes)
    for region in sorted(by_region):
        outline = shapely.union_all(by_region[region]).boundary
        outline = outline.difference(skip_own)
        if region.startswith("SI"):
            outline = outline.difference(skip_si)
        if drawn_lines:
            outline = outline.difference(shapely.union_all(drawn_lines).buffer(BORDER_SNAP / 5))
        drawn_lines.append(outline)
        outline = shapely.line_merge(outline.intersection(box))
        outline = shapely.simplify(outline, TOLERANCE, preserve_topology=False)
        lines = [ln for ln in shapely.get_parts(outline) if ln.geom_type == "LineString" and ln.length > 0.002]
        if not lines:
            continue
        geom = lines[0] if len(lines) == 1 else shapely.MultiLineString(lines)
        features.append(_feature(region, "context_region", nuts_names.get(region, region), geom))
    drawn = si | at
    for kind, codes in (("partner", PARTNER_CODES), ("capital", CAPITALS)):
        for code in codes:
            if code not in drawn:
                raise RawDataError(Path(raw) / (SI_DRAW if code.startswith("SI") else AT_DRAW),
                                   f"no feature for label {code}", expected="every labelled town")
            name, g = drawn[code]
            point = g.representative_point()
            if kind == "capital" and not box.contains(point):
                continue
            names = {lang: EXONYMS.get(code, {}).get(lang, name) for lang in ("sl", "de", "en")}
            feat = _feature(code, "label", name, point)
            feat["properties"].update({"kind": kind, **{f"name_{k}": v for k, v in names.items()},
                                       "position": LABEL_POSITIONS.get(code, "top center")})
            features.append(feat)
    features.append(_feature("view", "view", "context box", box))
    return {"type": "FeatureCollection", "features": features}
