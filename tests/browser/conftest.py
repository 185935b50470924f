"""Browser harness: the real app in a subprocess, driven by the system's headless Chromium.

Nothing here downloads a browser: Playwright is pointed at `$CHROMIUM` or /usr/bin/chromium, and
the tests are skipped (with the reason) where neither exists. Every test's page records console
errors and request URLs; the teardown fails the test on any console error or on any request that
leaves 127.0.0.1, so "works offline, no CDN" is checked on every page the tests open.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.paths import ROOT
from dashboard.store import load_store

FIXTURE = ROOT / "tests" / "fixtures" / "shell"
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_TIMEOUT_S = 60
WAIT_MS = 15_000
VIEWPORT = {"width": 1280, "height": 900}


def _dataset() -> Path:
    """The data the app under test serves: INNOLOC_DATA if set, the shipped data/ once it is
    built, else the small fixture."""
    if os.environ.get("INNOLOC_DATA"):
        return Path(os.environ["INNOLOC_DATA"]).resolve()
    shipped = ROOT / "data"
    if all((shipped / f).is_file() for f in ("places.csv", "indicators.csv", "observations.csv")):
        return shipped
    return FIXTURE


def _chromium() -> str | None:
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    path = shutil.which(candidate) if not os.path.isabs(candidate) else candidate
    return path if path and os.path.isfile(path) and os.access(path, os.X_OK) else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def dataset() -> Path:
    return _dataset()


@pytest.fixture(scope="session")
def store(dataset):
    return load_store(dataset)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = _chromium()
    if path is None:
        pytest.skip("no Chromium binary: install Debian's `chromium` (apt-get install -y chromium) "
                    "or set CHROMIUM to its path; browsers are never downloaded")
    return path


@pytest.fixture(scope="session")
def app_url(dataset, chromium_path, tmp_path_factory) -> str:
    """`python app.py` on a free port; polled until it answers 200, stopped at the end."""
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "app.log"
    env = {**os.environ, "INNOLOC_HOST": "127.0.0.1", "INNOLOC_PORT": str(port),
           "INNOLOC_DATA": str(dataset), "PYTHONUNBUFFERED": "1"}
    env.pop("INNOLOC_DEBUG", None)
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app exited with {proc.returncode} before serving:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app did not answer within {STARTUP_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)  # polling interval, not a wait for an outcome
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, f"the app logged an exception:\n{text[-3000:]}"


@pytest.fixture(scope="session")
def playwright(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright, chromium_path):
    """A browser for tests that need a context of their own (another pixel ratio, a cold cache)."""
    browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def warm_context(playwright, chromium_path, app_url, tmp_path_factory):
    """One Chromium profile for all of a worker's pages, as a reader's browser is: it keeps the HTTP
    cache and V8's cache of compiled scripts, which Playwright's incognito contexts do not keep, so
    a chart page costs the tab about half the work of a cold one. Each test still starts without
    cookies, stored data or permissions (`open_page`)."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("profile")), executable_path=chromium_path, headless=True,
        args=CHROMIUM_ARGS, viewport=VIEWPORT, base_url=app_url, service_workers="block")
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


class Recorder:
    """What a page did that a reader would not see: console errors, uncaught exceptions,
    and where its requests went."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda msg: self.errors.append(f"console: {msg.text}")
                if msg.type == "error" and not self._page_not_found(page, msg) else None)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("request", lambda req: self.requests.append(req.url))

    @staticmethod
    def _page_not_found(page, msg) -> bool:
        """Chromium logs a page's own 404 status as an error; an unknown page answers 404 on purpose."""
        return "status of 404" in msg.text and msg.location.get("url") == page.url

    def outside(self) -> list[str]:
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue  # in-page resources, not network requests
            if parts.hostname != "127.0.0.1":
                bad.append(url)
        return bad


# what a test's page starts without (the profile's HTTP and script caches stay)
CLEARED = "cookies,local_storage,indexeddb,websql,service_workers,cache_storage,file_systems"


def open_page(context, app_url: str):
    """A new page in `context` with nothing left by an earlier test: no other page, cookie,
    permission or stored data of the app."""
    for old in context.pages:
        old.close()
    context.clear_cookies()
    context.clear_permissions()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Storage.clearDataForOrigin", {"origin": app_url, "storageTypes": CLEARED})
    cdp.detach()
    page.recorder = Recorder(page)
    return page


def check_recorded(page) -> None:
    """Fails the test on console errors or on requests that left 127.0.0.1."""
    recorder = page.recorder
    assert not recorder.errors, "console errors:\n" + "\n".join(recorder.errors)
    assert recorder.requests, "the page made no request at all"
    assert not recorder.outside(), "requests left 127.0.0.1:\n" + "\n".join(recorder.outside())


@pytest.fixture
def page(warm_context, app_url):
    """A fresh page in the worker's warm profile, checked for console errors and for requests
    that leave 127.0.0.1 when the test ends."""
    page = open_page(warm_context, app_url)
    yield page
    page.close()
    check_recorded(page)


@pytest.fixture
def cold_page(browser, app_url):
    """A page in a context of its own, with empty caches: for what a first visit requests."""
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url, service_workers="block")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.recorder = Recorder(page)
    yield page
    context.close()
    check_recorded(page)


@pytest.fixture(scope="session")
def shoot(request):
    """`shoot(page or locator, name, **kw)` saves a screenshot in tests/screenshots for a person to
    look at, when the run asks for them (`--screenshots`). No test reads them, and a full-page PNG
    costs the browser 0.4-1.5 CPU-s: over a minute of a run that nobody looks at."""
    if not request.config.getoption("screenshots"):
        return lambda target, name, **kw: None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(target, name: str, **kw) -> None:
        target.screenshot(path=str(SCREENSHOTS / name), **kw)
    return take
