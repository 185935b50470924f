"""Serves the map geometry once: the browser fetches it by URL and caches it, so figures and
year patches never carry polygons (see `dashboard.explore.render.GEOJSON_URL`).

Compressed once per process (Brotli and gzip, `dashboard.static_assets`), not on every cold load:
at 2,300 places the GeoJSON is 2.9 MB raw. A day's cache plus an ETag, so a browser revalidates
with a 304 after a data release rather than fetching it again.

Compressing takes a while (4.7 s at 2,300 places, Brotli quality 11), so `warm()` starts it in the
background when the app starts: the first reader after a start no longer waits for it (measured:
the map of the first Explore page after a start drew after 9.5 s instead of 1.7 s)."""
from __future__ import annotations

import json
import threading
from functools import lru_cache

from dashboard.figures.map import load_boundaries, plotly_geojson
from dashboard.static_assets import compressed, send

from .render import GEOJSON_URL

CACHE_CONTROL = "public, max-age=86400"


@lru_cache(maxsize=1)
def _body() -> bytes:
    return json.dumps(plotly_geojson(load_boundaries()), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_LOCK = threading.Lock()  # one compression per process, however many requests ask at once


def _asset():
    with _LOCK:
        return _compressed()


@lru_cache(maxsize=1)
def _compressed():
    return compressed("boundaries.json", _body(), "application/geo+json")


def warm() -> threading.Thread:
    """Compress the geometry now, in the background, rather than on the first request for it."""
    thread = threading.Thread(target=_asset, name=WARM_THREAD, daemon=True)
    thread.start()
    return thread


WARM_THREAD = "geo-warm"


def warmed() -> None:
    """Until `warm()` has finished: benchmarks count process CPU, every thread's, and the
    compression is the start's work, not a request's (~30 ms per request at 2,300 places)."""
    for thread in threading.enumerate():
        if thread.name == WARM_THREAD:
            thread.join()


def register(server) -> None:
    @server.route(GEOJSON_URL)
    def boundaries_geojson():
        return send(_asset(), CACHE_CONTROL)
