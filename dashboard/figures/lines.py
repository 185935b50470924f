"""Lines for one scattergeo trace: many lines or rings in a single trace, separated by None
(Plotly's gap), which draws far faster than one trace per line."""
from __future__ import annotations

from collections.abc import Iterable


def line_parts(geometry: dict) -> list:
    """The lines of a LineString or MultiLineString geometry."""
    geometry = geometry or {}
    coords = geometry.get("coordinates", [])
    return coords if geometry.get("type") == "MultiLineString" else [coords]


def join_lines(lines: Iterable, lon: list | None = None, lat: list | None = None) -> tuple[list, list]:
    """(lon, lat) of `lines` (each a list of [lon, lat] points), appended to `lon`/`lat` when given."""
    lon = [] if lon is None else lon
    lat = [] if lat is None else lat
    for line in lines:
        if lon:
            lon.append(None)
            lat.append(None)
        lon += [p[0] for p in line]
        lat += [p[1] for p in line]
    return lon, lat
