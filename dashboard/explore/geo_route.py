"""Serves the map geometry once: the browser fetches it by URL and caches it, so figures and
year patches never carry polygons (see `dashboard.explore.render.GEOJSON_URL`)."""
from __future__ import annotations

import json
from functools import lru_cache

from flask import Response

from dashboard.figures.map import load_boundaries, plotly_geojson

from .render import GEOJSON_URL


@lru_cache(maxsize=1)
def _body() -> bytes:
    return json.dumps(plotly_geojson(load_boundaries()), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def register(server) -> None:
    @server.route(GEOJSON_URL)
    def boundaries_geojson():
        return Response(_body(), mimetype="application/geo+json",
                        headers={"Cache-Control": "public, max-age=86400"})
