"""What the server answers around the pages: security headers (framing only for `embed=1` pages),
compressed map geometry, a real 404 for unknown pages, 400 for malformed requests for Dash's own
files, and no debug mode on a reachable host."""
from __future__ import annotations

import gzip
import re
import subprocess
import sys
import threading

import pytest

from dashboard.components.headers import INERT_TYPES
from dashboard.paths import ROOT


@pytest.fixture(scope="module")
def client():
    import app

    return app.server.test_client()


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/explore?lang=de", "/_dash-layout", "/_geo/boundaries.json", "/no-such-page"):
        r = client.get(path)
        assert r.headers.get("X-Content-Type-Options") == "nosniff", path
        assert r.headers.get("Referrer-Policy"), path
        assert r.headers.get("X-Frame-Options") == "SAMEORIGIN", path


def test_every_page_carries_the_content_security_policy(client):
    for path in ("/", "/explore?lang=de", "/no-such-page", "/data?lang=en&embed=0"):
        r = client.get(path)
        assert r.mimetype == "text/html", path
        csp = r.headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'self'" in csp, path
        assert "script-src 'self' 'sha256-" in csp and "unsafe-eval" not in csp, path
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0], path
        assert r.headers.get("X-Content-Type-Options") == "nosniff", path
        assert r.headers.get("Referrer-Policy"), path
        assert r.headers.get("X-Frame-Options") == "SAMEORIGIN", path


def test_only_embed_pages_may_be_framed_elsewhere(client):
    r = client.get("/explore?embed=1&lang=en")
    assert "frame-ancestors *" in r.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in r.headers
    assert r.headers.get("X-Content-Type-Options") == "nosniff"
    # embed=0 stays same-origin only; Dash's data routes are never framed elsewhere
    for path in ("/explore?embed=0", "/explore?embed=true"):
        assert "frame-ancestors 'self'" in client.get(path).headers["Content-Security-Policy"], path
    assert client.get("/_dash-layout?embed=1").headers.get("X-Frame-Options") == "SAMEORIGIN"


def test_map_geometry_is_sent_compressed(client):
    plain = client.get("/_geo/boundaries.json")
    r = client.get("/_geo/boundaries.json", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("Content-Encoding") == "gzip"
    assert r.headers["Content-Type"].startswith("application/geo+json")
    assert len(r.data) < len(plain.data) / 2
    assert gzip.decompress(r.data) == plain.data


def test_map_geometry_is_compressed_when_the_app_starts_not_on_the_first_request(client):
    """Compressing takes seconds at 2,300 places; the first reader after a start must not wait
    for it. Starting the app compresses it in the background, once, however many ask at once."""
    from dashboard.explore import geo_route

    code = ("import threading, app; from dashboard.explore import geo_route; "
            "[t.join(60) for t in threading.enumerate() if t.name == 'geo-warm']; "
            "print(geo_route._compressed.cache_info().currsize)")
    fresh = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert fresh.stdout.strip().splitlines()[-1] == "1", fresh.stderr[-2000:]  # made without any request
    before = geo_route._compressed.cache_info().misses
    threads = [threading.Thread(target=client.get, args=("/_geo/boundaries.json",)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert geo_route._compressed.cache_info().misses == before  # no request compressed it again


@pytest.mark.parametrize("path", ["/no-such-page", "/explore/x", "/404", "/x/../nope", "/slides/2"])
def test_unknown_pages_answer_404_with_the_app(client, path):
    r = client.get(path + "?lang=de")
    assert r.status_code == 404
    assert b'id="react-entry-point"' in r.data  # the friendly page is drawn by the router


@pytest.mark.parametrize("path", ["/", "/explore", "/explore/", "/data", "/slides", "/score"])
def test_pages_answer_200(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", [
    "/_dash-component-suites/dash/xx.js",
    "/_dash-component-suites/nope/x.js",
    "/_dash-component-suites/dash",
    "/_dash-component-suites/dash/x.v1_0_0m.js",
    "/_dash-component-suites/%00/x.js",
    "/_dash-component-suites/dash/../../app.py",
])
def test_malformed_component_file_requests_answer_400(client, path):
    assert client.get(path).status_code == 400


def test_the_component_files_a_page_names_are_served(client):
    html = client.get("/").data.decode()
    suites = [part for part in html.split('"') if part.startswith("/_dash-component-suites/")]
    assert suites
    assert all(client.get(path).status_code == 200 for path in suites)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.org", "::"])
def test_debug_mode_refuses_a_reachable_host(host):
    from app import check_debug_host

    with pytest.raises(SystemExit, match="loopback"):
        check_debug_host(host, True)


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost"])
def test_debug_mode_is_allowed_on_loopback(host):
    from app import check_debug_host

    check_debug_host(host, True)
    check_debug_host("0.0.0.0", False)


def test_python_app_py_with_debug_on_a_public_host_exits():
    env = {"INNOLOC_DEBUG": "1", "INNOLOC_HOST": "0.0.0.0", "INNOLOC_PORT": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode != 0 and "loopback" in out.stderr


def test_json_geometry_and_icons_go_without_the_page_policy(client):
    """A browser enforces the policy only on a document; JSON, raster images and fonts sent with
    nosniff never become one. Its 1.6 kB is left off them (18 kB of Explore's first load)."""
    html = client.get("/explore?lang=de").get_data(as_text=True)
    icon = re.search(r'<link rel="icon"[^>]*href="([^"]+)"', html)
    assert icon, "the page names its icon"
    for path in ("/_dash-layout", "/_dash-dependencies", "/_geo/boundaries.json", icon.group(1)):
        r = client.get(path)
        assert r.status_code == 200 and r.mimetype in INERT_TYPES, (path, r.mimetype)
        assert "Content-Security-Policy" not in r.headers, path
        assert r.headers.get("X-Content-Type-Options") == "nosniff", path
        assert r.headers.get("X-Frame-Options") == "SAMEORIGIN", path


def test_scripts_and_stylesheets_go_without_the_page_policy(client):
    """A browser applies the policy of the page that loads a script or stylesheet, never one sent
    with it: its 1.6 kB (the script hashes) is left off them, nosniff stays."""
    html = client.get("/explore?lang=de")
    assert "script-src 'self' 'sha256-" in html.headers["Content-Security-Policy"]
    text = html.get_data(as_text=True)
    urls = re.findall(r'<script src="([^"]+)"', text) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    assert len(urls) > 10 and any(u.endswith(".css") or ".css?" in u for u in urls)
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200 and r.mimetype in ("text/javascript", "application/javascript", "text/css"), url
        assert "Content-Security-Policy" not in r.headers, url
        assert r.headers.get("X-Content-Type-Options") == "nosniff", url
