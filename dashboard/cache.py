"""A shared cache of rendered callback answers, so a link shared in a newspaper costs one render,
not one per reader.

Which answers: the callbacks that are pure functions of their request body and the data, and
heavy (measured with bench/load_test.py's payloads): the page router's page content (0.1–1.7 s
per page) and a page's first layout (the same content in its frame), Explore's views (map, ranking, series, table) and its year bundle, and the downloads; and the shell's frame,
light but asked on every visit. Each answer is stored
under the data's `release`, the host (links in exports and share links name it) and a digest of
the normalised body (JSON with sorted keys), so a new data release or another view is a new key.

Where: Redis when `INNOLOC_REDIS_URL` is set (one cache for every worker and machine), else each
process's own memory. A Redis that cannot be reached is a miss, never an error page.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import time

import flask
from flask_caching import Cache

log = logging.getLogger(__name__)

CALLBACK_PATH = "/_dash-update-component"
LAYOUT_PATH = "/_dash-layout"
LAYOUT_OUTPUT = "_dash-layout"  # stands for a page's layout among the outputs
TIMEOUT_S = 24 * 3600
MAX_ENTRY_BYTES = 1024 * 1024
RENDER_CLAIM_S = 15   # a render claim lapses after this (a worker that died mid-render)
WAIT_S = 10.0         # longest wait for another worker's render before rendering here too
WAIT_STEP_S = 0.05
# Outputs of the cached callbacks (the `output` field of Dash's request body).
CACHED_OUTPUTS = (
    ".._pages_content.children",   # the page router: a page's whole content for its address
    "..explore-map.figure",        # Explore's views for one state
    "explore-years.data",          # Explore's views for every year of one view (the year bundle)
    "..shell-header.children",     # the frame (header, footer) for an address: every visit
    "shell-present-bar.children",
)
CACHED_SUFFIXES = ("-download.data",)  # CSV / XLSX exports (a single output)

cache = Cache()


def config() -> dict:
    url = os.environ.get("INNOLOC_REDIS_URL")
    if url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url, "CACHE_KEY_PREFIX": "innoloc:",
                "CACHE_DEFAULT_TIMEOUT": TIMEOUT_S}
    # each worker's own: at most a few hundred answers (~50-250 kB each, kept plain and compressed)
    return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 200, "CACHE_DEFAULT_TIMEOUT": TIMEOUT_S}


def cacheable(body) -> bool:
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    output = body["output"]
    return output.startswith(CACHED_OUTPUTS) or output.endswith(CACHED_SUFFIXES)


def key(body: dict, release: str, host: str) -> str:
    """The cache key of a callback request: data release, host and the normalised body."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"cb:{release}:{hashlib.sha256(host.encode()).hexdigest()[:8]}:{digest}"


def _get(k):
    try:
        return cache.get(k)
    except Exception as err:  # noqa: BLE001 - a cache that is down is a miss (redis errors vary)
        log.warning("cache get failed: %s", err)
        return None


def _set(k, value) -> None:
    try:
        cache.set(k, value)
    except Exception as err:  # noqa: BLE001
        log.warning("cache set failed: %s", err)


# The answers a first visit waits for (a page's content, the frame): packed hard, once.
FIRST_LOAD_OUTPUTS = (LAYOUT_OUTPUT, ".._pages_content.children", "..shell-header.children",
                      "shell-present-bar.children")


def _packers() -> tuple[dict, dict]:
    """Content-coding -> compress function, best first; (first-load answers, all others). An
    answer is stored compressed once, so a page's content is packed harder than flask-compress
    packs per request: the Explore page's 250 kB answer is 36 kB with zstd level 15 (21 ms, once)
    against 62 kB with gzip and 54 kB with zstd level 3; Brotli (quality 5) for browsers without
    zstd, gzip for every other. The views a reader's every click renders anew (Explore's render,
    the downloads) get zstd level 3 (about 1 ms) and gzip, so a click waits for no packing."""
    hard, light = {}, {}
    try:
        try:
            from compression import zstd  # Python 3.14
        except ImportError:
            from backports import zstd  # flask-compress's own dependency before 3.14
        hard["zstd"] = lambda data: zstd.compress(data, level=15)
        light["zstd"] = lambda data: zstd.compress(data, level=3)
    except ImportError:
        pass
    try:
        import brotli

        hard["br"] = lambda data: brotli.compress(data, quality=5)
    except ImportError:
        pass
    hard["gzip"] = light["gzip"] = lambda data: gzip.compress(data, compresslevel=6, mtime=0)
    return hard, light


PACKERS, LIGHT_PACKERS = _packers()


def _pack(data: bytes, output: str = "") -> dict:
    packers = PACKERS if output.startswith(FIRST_LOAD_OUTPUTS) else LIGHT_PACKERS
    return {coding: pack(data) for coding, pack in packers.items()}


def _coding(accept_encoding: str, packed) -> str | None:
    """The best stored coding the browser accepts (None: send it plain). `packed` is the stored
    dict, or gzip bytes as entries were stored before."""
    accepted = set()
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        if params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip())
    available = {"gzip": packed} if isinstance(packed, bytes) else packed
    return next((c for c in PACKERS if c in accepted and c in available), None)


def _entry(hit) -> bool:
    return isinstance(hit, tuple) and len(hit) == 2


def _claim(k: str) -> bool:
    """True when this request is the one to render `k` (it holds the render claim, for at most
    RENDER_CLAIM_S); False when another worker claimed it first. A crowd opening one new link
    then costs one render, not one per worker (with a shared Redis: one per cluster)."""
    try:
        claimed = bool(cache.add(f"claim:{k}", 1, timeout=RENDER_CLAIM_S))
        if claimed and flask.has_request_context():
            flask.g.callback_cache_claim = k  # given up when the request ends (`_release`)
        return claimed
    except Exception as err:  # noqa: BLE001 - no cache: everyone renders
        log.warning("cache claim failed: %s", err)
        return True


def _wait_for(k: str):
    """The answer another worker is rendering, or None after WAIT_S (then render it here)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_S)
        hit = _get(k)
        if _entry(hit):
            return hit
    return None


def _cacheable_request(request) -> tuple[dict, str] | None:
    """(what the answer depends on, its output) for a request whose answer is cached: a cached
    callback, or the layout of a page whose address came with it (the frame and the page in one,
    components/shell.py `layout`)."""
    if request.method == "POST" and request.path == CALLBACK_PATH:
        body = request.get_json(silent=True)
        return (body, body["output"]) if cacheable(body) else None
    if request.method == "GET" and request.path == LAYOUT_PATH:
        from dashboard.components.shell import page_address

        address = page_address()
        return ({"layout": list(address)}, LAYOUT_OUTPUT) if address else None
    return None


def _varied(response, output: str):
    """A page's layout differs by the address sent with it: no shared cache may mix them up."""
    if output == LAYOUT_OUTPUT:
        from dashboard.components.shell import PAGE_HEADER

        response.vary.add(PAGE_HEADER)
    return response


def install(server, release) -> None:
    """Answer cached callback requests before Dash runs them; store fresh answers after.
    `release()` gives the current data's release id."""
    cache.init_app(server, config=config())

    @server.before_request
    def _cached_answer():
        request = flask.request
        found = _cacheable_request(request)
        if found is None:
            return None
        body, output = found
        k = key(body, release(), request.host or "")
        flask.g.callback_cache_key = k
        flask.g.callback_cache_output = output
        hit = _get(k)
        if not _entry(hit) and not _claim(k):
            hit = _wait_for(k)  # another worker renders this answer right now: wait for it
        if not _entry(hit):
            return None
        flask.g.callback_cache_key = None
        plain, packed = hit
        coding = _coding(request.headers.get("Accept-Encoding", ""), packed)
        if coding:
            # stored compressed: a hit costs no compression (flask-compress leaves it alone)
            body = packed if isinstance(packed, bytes) else packed[coding]
            response = flask.Response(body, mimetype="application/json")
            response.headers["Content-Encoding"] = coding
            response.headers["Vary"] = "Accept-Encoding"
        else:
            response = flask.Response(plain, mimetype="application/json")
        response.headers["X-Cache"] = "hit"
        return _varied(response, output)

    @server.teardown_request
    def _release(_exc=None):
        """Whatever the answer (stored, 204, an error), the claim ends with the request, so no
        one waits for an answer that will never be stored."""
        k = flask.g.pop("callback_cache_claim", None)
        if k:
            try:
                cache.delete(f"claim:{k}")
            except Exception as err:  # noqa: BLE001
                log.warning("cache release failed: %s", err)

    @server.after_request
    def _store_answer(response):
        k = flask.g.pop("callback_cache_key", None)
        if (k and response.status_code == 200 and response.mimetype == "application/json"
                and not response.direct_passthrough and "Content-Encoding" not in response.headers):
            data = response.get_data()
            if len(data) <= MAX_ENTRY_BYTES:
                output = flask.g.pop("callback_cache_output", "")
                _set(k, (data, _pack(data, output)))
                response.headers["X-Cache"] = "miss"
                _varied(response, output)
        return response
