"""Crafted addresses: 1,200 seeded sets of malformed URL parameters over every page. Each set is
read by its page's own URL rules (the state parsers the page router calls) and must give a state
and at most a few notices, fast; a sample also goes through the real page router endpoint, where
none may answer 500 or more than 1 MB. Part of issue 10's fuzz corpus, with
tests/test_callback_fuzz.py (the callback bodies)."""
from __future__ import annotations

import importlib
import json
import random
import time
from urllib.parse import urlencode

import pytest

from dashboard.components.params import MAX_NOTICES
from dashboard.store import load_store

SETS = 1200
ROUTED = 120  # of them, through the real endpoint (each renders a whole page)
MAX_BYTES = 1024 * 1024
PAGES = {  # path -> module with parse_query (None: the page reads its parameters itself)
    "/explore": "dashboard.explore.state", "/compare": "dashboard.compare.state",
    "/score": "dashboard.score.state", "/steering": "dashboard.steering.state",
    "/profile": "dashboard.profile.state", "/peers": "dashboard.peers.state",
    "/data": None, "/slides": None, "/": None, "/no-such-page": None,
}
PARAMS = ["lang", "indicator", "year", "start", "end", "level", "scope", "mode", "ref", "sel", "colour",
          "places", "years", "w", "inv", "f", "ind", "sort", "place", "k", "preset", "span", "period",
          "theme", "q", "slide", "deck", "add", "present", "embed", "method", "missing", "view"]
BAD = ["abc", "", " ", "-1", "0", "99999", "1e308", "nan", "inf", "2023.5", "x" * 3000, "x," * 3000,
       "SI-052," * 300, "population:abc", "population:9:9", "nope:min:x", "population:min:",
       "population:between:1", "\x00", "%00", "<script>alert(1)</script>", "../../etc/passwd", "__proto__",
       "čšž€", "SI-052", "AT-62139", "population", "de", "DE", "xx", "1", "true", "[]", "{}", ",,,,",
       "/./slides?slide=1", "/x/../slides", "//evil.example", "javascript:alert(1)", "eJzLSM3JyVcozy_KSQ"]


def _sets(seed: int = 10) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    out = []
    for _ in range(SETS):
        path = rng.choice(list(PAGES))
        query = {}
        for name in rng.sample(PARAMS, rng.randint(1, 5)):
            query[name] = rng.choice(BAD) if rng.random() < 0.9 else [rng.choice(BAD), rng.choice(BAD)]
        out.append((path, query))
    return out


CORPUS = _sets()


def test_the_corpus_is_large_and_varied():
    assert len(CORPUS) >= 1000
    assert len({p for p, _ in CORPUS}) == len(PAGES)


def test_every_page_reads_every_crafted_address_into_a_state():
    store = load_store()
    slow, flooded = [], []
    for path, query in CORPUS:
        module = PAGES[path]
        if module is None:
            continue
        started = time.perf_counter()
        parsed = importlib.import_module(module).parse_query(query, store)  # never raises
        took = time.perf_counter() - started
        assert parsed.state is not None
        if took > 1.0:
            slow.append((path, query, took))
        if len(parsed.notices) > MAX_NOTICES + 1:
            flooded.append((path, query, len(parsed.notices)))
    assert not slow, slow[:3]
    assert not flooded, flooded[:3]


def test_crafted_addresses_through_the_page_router():
    import app

    client = app.server.test_client()
    errors, large = [], []
    for path, query in random.Random(11).sample(CORPUS, ROUTED):
        search = "?" + urlencode(query, doseq=True)
        body = {
            "output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"],
        }
        r = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
        if r.status_code >= 500:
            errors.append((path, search[:200]))
        if len(r.get_data()) > MAX_BYTES:
            large.append((path, search[:200], len(r.get_data())))
        assert client.get(path + search).status_code in (200, 404, 400)
    assert not errors, errors[:3]
    assert not large, large[:3]
