"""A score's result memoised per normalised configuration, in the shared cache (`dashboard/cache.py`:
Redis when configured, else the worker's memory), so turning the result's pages, switching the
language or downloading the CSV after a recompute does not run the Monte Carlo again.

The key is the data release and the configuration without its language (the maths do not depend
on it). Outside a Flask application (unit tests, scripts) or with a cache that fails, the score is
simply computed: the cache only ever saves time.
"""
from __future__ import annotations

import hashlib
import json
import logging
import pickle

import flask

from . import logic as sc
from .state import ScoreConfig

log = logging.getLogger(__name__)

MAX_BYTES = 4 * 1024 * 1024   # a result with every municipality pickles to well under 1 MB


def key(store, config: ScoreConfig) -> str:
    body = json.dumps(config.with_(lang="en").as_dict(), sort_keys=True, default=str)
    return f"score:v1:{getattr(store, 'release', '')}:{hashlib.sha256(body.encode()).hexdigest()}"


def run(store, config: ScoreConfig) -> sc.ScoreResult:
    """`logic.run(store, config)`, from the shared cache when it holds this configuration."""
    if not flask.has_app_context():
        return sc.run(store, config)
    from dashboard.cache import cache

    k = key(store, config)
    try:
        hit = cache.get(k)
        if hit is not None:
            return pickle.loads(hit)
    except Exception as err:  # noqa: BLE001 - a cache that is down or a stale entry is a miss
        log.warning("score cache get failed: %s", err)
    result = sc.run(store, config)
    try:
        packed = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        if len(packed) <= MAX_BYTES:
            cache.set(k, packed)
    except Exception as err:  # noqa: BLE001
        log.warning("score cache set failed: %s", err)
    return result
