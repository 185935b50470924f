"""Start-up: a fresh threaded server (`python app.py`) answers simultaneous first requests with every
callback registered. Dash finishes its set-up (copying the pages' callbacks, adding the router) in a
`before_request` hook that marks itself done before it is; app.py runs it once before serving."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _expected_callbacks() -> int:
    """What a warmed-up app lists (counted in a separate process, as the server is)."""
    code = ("import app, json; c = app.server.test_client(); "
            "print(len(c.get('/_dash-dependencies').get_json()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return int(out.stdout.strip().splitlines()[-1])


def _wait_listening(port: int, proc, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read()[-2000:]}")
        with socket.socket() as s:
            s.settimeout(0.2)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError("server did not listen")


def _request(url: str, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def _page_callback_body() -> dict:
    """The About toggle of Explore: a page callback (registered with dash.callback)."""
    return {"output": "explore-about-collapse.is_open",
            "outputs": {"id": "explore-about-collapse", "property": "is_open"},
            "inputs": [{"id": "explore-about-toggle", "property": "n_clicks", "value": 1}],
            "state": [{"id": "explore-about-collapse", "property": "is_open", "value": False}],
            "changedPropIds": ["explore-about-toggle.n_clicks"]}


def test_concurrent_first_requests_on_a_fresh_threaded_server():
    expected = _expected_callbacks()
    assert expected >= 30
    port = _free_port()
    env = dict(os.environ, INNOLOC_PORT=str(port), INNOLOC_HOST="127.0.0.1")
    env.pop("INNOLOC_DEBUG", None)
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_listening(port, proc)
        base = f"http://127.0.0.1:{port}"
        results: list = [None] * 64
        barrier = threading.Barrier(len(results))

        def hit(i: int) -> None:
            barrier.wait()
            if i % 2:
                results[i] = ("deps", *_request(base + "/_dash-dependencies"))
            else:
                results[i] = ("callback", *_request(base + "/_dash-update-component", _page_callback_body()))

        threads = [threading.Thread(target=hit, args=(i,)) for i in range(len(results))]
        for th in threads:
            th.start()
        for th in threads:
            th.join(120)
        statuses = [(kind, status) for kind, status, _ in results]
        assert all(status == 200 for _, status in statuses), statuses
        counts = {len(json.loads(body)) for kind, _, body in results if kind == "deps"}
        assert counts == {expected}
        for kind, _, body in results:
            if kind == "callback":
                assert json.loads(body)["response"]["explore-about-collapse"]["is_open"] is True
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
