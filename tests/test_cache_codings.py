"""A cached answer goes out in the best coding the browser accepts, compressed once when stored:
a page's first answer (the router's page content, 250 kB for Explore) is a third of its
gzip size for browsers that take zstd, and every browser still gets the same JSON."""
from __future__ import annotations

import gzip
import json

import brotli
import flask
import pytest

from dashboard import cache as cache_mod

ANSWER = json.dumps({"response": {"x": [round(i * 0.37, 2) for i in range(20_000)]}}).encode()
PAGE = {"output": ".._pages_content.children..._pages_store.data..", "inputs": [{"value": "/explore"}]}
CHROMIUM = "gzip, deflate, br, zstd"


@pytest.fixture
def client(monkeypatch):
    monkeypatch.delenv("INNOLOC_REDIS_URL", raising=False)
    server = flask.Flask("cache-codings")
    calls = []

    @server.post(cache_mod.CALLBACK_PATH)
    def update():
        calls.append(1)
        return flask.Response(ANSWER, mimetype="application/json")

    cache_mod.cache.__init__()
    cache_mod.install(server, lambda: "r1")
    test_client = server.test_client()
    test_client.calls = calls
    return test_client


VIEW = {"output": "..explore-map.figure...explore-ranking.figure..", "inputs": [{"value": {"year": 2020}}]}


def _post(client, accept: str, body=PAGE):
    return client.post(cache_mod.CALLBACK_PATH, data=json.dumps(body), content_type="application/json",
                       headers={"Accept-Encoding": accept})


def _decode(response) -> bytes:
    coding = response.headers.get("Content-Encoding")
    if coding == "zstd":
        from backports import zstd

        return zstd.decompress(response.data)
    return {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding](response.data)


def test_each_browser_gets_its_best_coding_of_the_same_answer(client):
    assert _post(client, "identity").headers.get("X-Cache") == "miss"
    got = {}
    for accept in (CHROMIUM, "gzip, deflate, br", "gzip", "identity", "br;q=0, gzip"):
        r = _post(client, accept)
        assert r.headers["X-Cache"] == "hit" and _decode(r) == ANSWER, accept
        got[accept] = (r.headers.get("Content-Encoding"), len(r.data))
    assert client.calls == [1]  # rendered once
    best = "zstd" if "zstd" in cache_mod.PACKERS else "br"  # zstd where flask-compress brings it
    assert [got[a][0] for a in got] == [best, "br", "gzip", None, "gzip"]
    assert got[CHROMIUM][1] < got["gzip"][1] * 0.8  # packed harder than gzip
    assert all(r.headers.get("Vary") == "Accept-Encoding" for r in [_post(client, CHROMIUM)])


def test_entries_stored_as_gzip_alone_are_still_served(client):
    """A Redis filled by the previous version holds (plain, gzip bytes)."""
    k = cache_mod.key(PAGE, "r1", "localhost")
    cache_mod.cache.set(k, (ANSWER, gzip.compress(ANSWER)))
    r = _post(client, CHROMIUM)
    assert r.headers["Content-Encoding"] == "gzip" and gzip.decompress(r.data) == ANSWER
    assert client.calls == []


def test_a_view_rendered_on_a_click_is_packed_light(client):
    """Explore's views are rendered anew on a reader's click: stored with fast zstd and gzip only
    (no Brotli, no slow levels), still the same JSON in every coding."""
    assert _post(client, "identity", VIEW).headers.get("X-Cache") == "miss"
    codings = {}
    for accept in (CHROMIUM, "gzip, deflate, br", "identity"):
        r = _post(client, accept, VIEW)
        assert r.headers["X-Cache"] == "hit" and _decode(r) == ANSWER, accept
        codings[accept] = r.headers.get("Content-Encoding")
    light = "zstd" if "zstd" in cache_mod.LIGHT_PACKERS else "gzip"
    assert codings == {CHROMIUM: light, "gzip, deflate, br": "gzip", "identity": None}
    page = _post(client, "identity")  # the page's first answer: packed hard
    assert page.headers.get("X-Cache") == "miss"
    assert len(_post(client, CHROMIUM).data) < len(_post(client, CHROMIUM, VIEW).data)
