"""The shared cache: a page's content and Explore's views are rendered once per data release and
request, then answered from the cache, by the in-process cache, by Redis (fakeredis here, a real
`redis-server` where the binary exists) — and a Redis that is down is a miss, never an error."""
from __future__ import annotations

import gzip
import json
import shutil
import socket
import subprocess
import time

import pytest

from dashboard import cache as cache_mod
from dashboard.paths import ROOT

PAYLOADS = json.loads((ROOT / "bench" / "load_payloads.json").read_text(encoding="utf-8"))


def _body(visit: str, output_prefix: str) -> dict:
    return next(b for b in PAYLOADS[visit]["callbacks"] if b["output"].startswith(output_prefix))


PAGE = _body("compare", ".._pages_content.children")
VIEWS = _body("explore_shared", "..explore-map.figure")
OTHER = _body("explore_shared", "..explore-state.data")  # Explore's state: cheap, not cached


def _app(monkeypatch, redis_url: str | None, *, fake_server=None):
    """A fresh Flask app with the cache installed in front of a counting fake callback route."""
    import flask

    if redis_url:
        monkeypatch.setenv("INNOLOC_REDIS_URL", redis_url)
    else:
        monkeypatch.delenv("INNOLOC_REDIS_URL", raising=False)
    server = flask.Flask("cache-test")
    calls = []

    @server.post(cache_mod.CALLBACK_PATH)
    def update():
        calls.append(flask.request.get_json()["output"])
        return flask.Response(json.dumps({"n": len(calls)}), mimetype="application/json")

    release = {"id": "r1"}
    if fake_server is not None:
        import fakeredis

        monkeypatch.setattr("redis.from_url", lambda *a, **k: fakeredis.FakeStrictRedis(server=fake_server))
    cache_mod.cache.__init__()  # a Cache object binds one app; start clean for each
    cache_mod.install(server, lambda: release["id"])
    return server.test_client(), calls, release


def _post(client, body, host="example.org"):
    r = client.post(cache_mod.CALLBACK_PATH, data=json.dumps(body), content_type="application/json",
                    headers={"Host": host})
    return r.status_code, r.get_json(), r.headers.get("X-Cache")


def _exercise(client, calls, release):
    assert _post(client, PAGE)[1:] == ({"n": 1}, "miss")
    assert _post(client, PAGE)[1:] == ({"n": 1}, "hit")            # rendered once
    packed = client.post(cache_mod.CALLBACK_PATH, json=PAGE, headers={"Host": "example.org", "Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and json.loads(gzip.decompress(packed.data)) == {"n": 1}
    # the same body with its keys in another order is the same request
    reordered = json.loads(json.dumps(dict(reversed(list(PAGE.items())))))
    assert _post(client, reordered)[1:] == ({"n": 1}, "hit")
    assert _post(client, VIEWS)[1] == {"n": 2}
    assert _post(client, VIEWS)[1] == {"n": 2}
    assert _post(client, OTHER)[1] == {"n": 3}                     # not a cached callback
    assert _post(client, OTHER)[1] == {"n": 4}
    assert _post(client, PAGE, host="other.example")[1] == {"n": 5}  # links name the host
    release["id"] = "r2"                                            # new data: rendered afresh
    assert _post(client, PAGE)[1] == {"n": 6}
    assert len(calls) == 6


def test_in_process_cache_renders_each_view_once(monkeypatch):
    client, calls, release = _app(monkeypatch, None)
    assert cache_mod.config()["CACHE_TYPE"] == "SimpleCache"
    _exercise(client, calls, release)


def test_redis_cache_is_shared_between_workers(monkeypatch):
    fakeredis = pytest.importorskip("fakeredis")
    shared = fakeredis.FakeServer()
    one, calls_one, release = _app(monkeypatch, "redis://cache.invalid:6379/0", fake_server=shared)
    assert cache_mod.config()["CACHE_TYPE"] == "RedisCache"
    _exercise(one, calls_one, release)
    two, calls_two, _ = _app(monkeypatch, "redis://cache.invalid:6379/0", fake_server=shared)
    assert _post(two, VIEWS)[1:] == ({"n": 2}, "hit")  # the other worker's render
    assert calls_two == []


def test_a_redis_that_is_down_is_a_miss_not_an_error(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here
    client, calls, _ = _app(monkeypatch, f"redis://127.0.0.1:{port}/0")
    assert _post(client, PAGE)[:2] == (200, {"n": 1})
    assert _post(client, PAGE)[:2] == (200, {"n": 2})


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no redis-server binary (Debian package `redis-server`, installed by .ci/run); "
                    "the Redis cache is tested with fakeredis above")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_real_redis_server(monkeypatch, redis_server):
    client, calls, release = _app(monkeypatch, redis_server)
    _exercise(client, calls, release)
    other, calls_other, _ = _app(monkeypatch, redis_server)
    assert _post(other, VIEWS)[1] == {"n": 2} and calls_other == []


def test_the_app_answers_a_page_from_the_cache():
    import app

    client = app.server.test_client()
    first = client.post(cache_mod.CALLBACK_PATH, json=PAGE)
    second = client.post(cache_mod.CALLBACK_PATH, json=PAGE)
    assert first.status_code == second.status_code == 200
    assert second.headers.get("X-Cache") == "hit"
    assert second.get_data() == first.get_data()


def test_a_crowd_on_one_new_link_costs_one_render(monkeypatch):
    """Readers that ask while another worker renders the same answer wait for it (the claim is
    in the shared cache), instead of rendering it again."""
    client, calls, release = _app(monkeypatch, None)
    k = cache_mod.key(PAGE, release["id"], "example.org")
    assert cache_mod._claim(k) is True          # another worker is rendering this answer
    assert cache_mod._claim(k) is False         # ... so a second one would wait
    monkeypatch.setattr(cache_mod, "WAIT_S", 0.3)
    started = time.monotonic()
    cache_mod.cache.set(k, (b'{"n": 0}', gzip.compress(b'{"n": 0}')))  # its answer arrives
    assert _post(client, PAGE)[1:] == ({"n": 0}, "hit") and calls == []
    # the claimed answer never arrives: after WAIT_S the waiting request renders it itself
    other = json.loads(json.dumps(PAGE).replace("/compare", "/data"))
    cache_mod._claim(cache_mod.key(other, release["id"], "example.org"))
    assert _post(client, other)[:2] == (200, {"n": 1})
    assert time.monotonic() - started >= 0.3


def test_an_answer_that_is_not_stored_leaves_no_one_waiting(monkeypatch):
    import flask

    client, calls, release = _app(monkeypatch, None)
    monkeypatch.setattr(cache_mod, "WAIT_S", 5.0)
    server = client.application
    server.view_functions["update"] = lambda: flask.Response(status=204)  # PreventUpdate
    started = time.monotonic()
    for _ in range(3):
        assert _post(client, PAGE)[0] == 204
    assert time.monotonic() - started < 2.0
