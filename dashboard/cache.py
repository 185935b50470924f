"""One cache for the whole app, so expensive figure or table builds can be memoised later.

SimpleCache lives in the worker's memory: enough for one process serving a small dataset that only
changes when the app is redeployed.
"""
from __future__ import annotations

from flask_caching import Cache

cache = Cache(config={"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 3600})


def init_cache(server) -> Cache:
    cache.init_app(server)
    return cache
