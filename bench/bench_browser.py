"""Cold page loads in headless Chromium: wire bytes, time to first chart, main-thread blocking;
each page measured against a baseline checkout in the same run (A B A B ...).

    python bench/bench_browser.py [--base /tmp/perfbase] [--reps 3] [--data DIR] [--pages explore,score]
    python bench/bench_browser.py --responses /explore [--data DIR]   # one cold load, every response by size

Not a test: it prints a markdown table. Two apps are started (this checkout and `--base`, e.g.
`git worktree add /tmp/perfbase <commit>`), each on its own free port with the same
`INNOLOC_DATA`. Every load is a fresh browser context (empty cache). Figures per load, all taken
in the page (navigation start = 0):

    wire kB     bytes received over the network (CDP `encodedDataLength`, headers included),
                everything the page fetched until the network is idle
    chart s     the first Plotly chart drawn: its dcc.Graph no longer marks it pending and it has
                its SVG (a MutationObserver's timestamp, in the task that drew it)
    painted s   the first animation frame after that: the frame that paints it
    all s       the last of the page's charts drawn (charts out of view are drawn when the browser
                is idle, assets/plotly-in-view.js)
    block s     sum of main-thread long tasks over 50 ms (PerformanceObserver 'longtask') until
                the network is idle

Until session 21 `chart s` was when Playwright's `wait_for_selector` returned. That wait polls
from outside the page with a backoff of 0, 20, 50, 100, 100 ms and then every 500 ms
(`retryWithProgressAndBackoff` in Playwright's driver), so it read a chart drawn at 1.06 s as
1.38 s, at up to half a second's granularity: the tool's rhythm, not the page's.

Quote the medians; a page without a chart (Home, Slides) reports its network-idle time in every
chart column. `--responses PATH` lists one cold load of this checkout response by response (wire
bytes with headers, content-coding, start and end in ms after navigation): where the bytes and the
waiting go.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/explore", "/profile", "/compare", "/score", "/peers", "/steering", "/slides", "/data"]
NO_CHART = {"/", "/slides"}  # their `chart s` is the time to network idle
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update"]
OBSERVER = """
window.__longtasks = 0;
try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longtasks += e.duration; })
      .observe({type: 'longtask', buffered: true}); } catch (e) {}
window.__drawn = null; window.__painted = null; window.__all = null;
new MutationObserver(() => {
  const graphs = document.querySelectorAll('.js-plotly-plot');
  const drawn = document.querySelectorAll('.js-plotly-plot:not(.dash-graph--pending) .main-svg:first-child');
  if (window.__drawn === null && drawn.length) {
    window.__drawn = performance.now();
    requestAnimationFrame(() => { window.__painted = performance.now(); });
  }
  if (graphs.length && drawn.length === graphs.length) { window.__all = performance.now(); }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['class']});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(checkout: Path, data: Path | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "INNOLOC_PORT": str(port), "INNOLOC_HOST": "127.0.0.1"}
    if data:
        env["INNOLOC_DATA"] = str(data)
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=checkout, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"{checkout}: app did not start")


def load(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    wire = {"bytes": 0}
    cdp.on("Network.loadingFinished", lambda e: wire.__setitem__("bytes", wire["bytes"] + e["encodedDataLength"]))
    page.add_init_script(OBSERVER)
    page.goto(url, wait_until="commit")
    if not _chartless(url):
        page.wait_for_function("() => window.__painted !== null", polling="raf", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=180_000)
    idle = page.evaluate("performance.now()") / 1000
    got = page.evaluate("[window.__drawn, window.__painted, window.__all, window.__longtasks]")
    context.close()
    chart, painted, every, block = ((v / 1000 if v is not None else idle) for v in got)
    return {"wire": wire["bytes"] / 1000, "chart": chart, "painted": painted, "all": every, "block": block}


def _chartless(url: str) -> bool:
    return "/" + url.split("//", 1)[-1].split("/", 1)[-1].split("?")[0] in NO_CHART


def responses(browser, url: str) -> None:
    """One cold load, every response by size: what a page's first load is made of."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    seen: dict = {}

    def sent(e):
        post = e["request"].get("postData") or ""
        name = e["request"]["url"].split("//", 1)[-1].split("/", 1)[-1]
        if post:  # a Dash callback: name it by its output
            name += " " + post.split('"output":"', 1)[-1].split('"', 1)[0][:60]
        seen[e["requestId"]] = {"name": name, "start": e["timestamp"], "coding": "", "bytes": 0.0}

    def received(e):
        headers = {k.lower(): v for k, v in e["response"]["headers"].items()}
        seen[e["requestId"]]["coding"] = headers.get("content-encoding", "")

    def finished(e):
        seen[e["requestId"]].update(bytes=e["encodedDataLength"], end=e["timestamp"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", lambda e: e["requestId"] in seen and received(e))
    cdp.on("Network.loadingFinished", lambda e: e["requestId"] in seen and finished(e))
    page.add_init_script(OBSERVER)
    page.goto(url, wait_until="commit")
    page.wait_for_load_state("networkidle", timeout=180_000)
    chart = page.evaluate("window.__drawn")
    context.close()
    t0 = min(r["start"] for r in seen.values())
    print(f"\n{url}: {len(seen)} responses, {sum(r['bytes'] for r in seen.values()) / 1000:.1f} kB on the wire"
          + (f", first chart at {chart:.0f} ms" if chart else "") + "\n")
    print("| kB | coding | start ms | end ms | response |")
    print("|---:|---|---:|---:|---|")
    for r in sorted(seen.values(), key=lambda r: -r["bytes"]):
        end = f"{(r['end'] - t0) * 1000:.0f}" if "end" in r else "-"
        print(f"| {r['bytes'] / 1000:.1f} | {r['coding']} | {(r['start'] - t0) * 1000:.0f} | {end} | {r['name']} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, default=Path("/tmp/perfbase"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--pages", default=",".join(p.strip("/") or "home" for p in PAGES))
    ap.add_argument("--responses", metavar="PATH", default=None, help="list one cold load of PATH by response")
    args = ap.parse_args()
    pages = ["/" if p == "home" else "/" + p for p in args.pages.split(",")]

    from playwright.sync_api import sync_playwright

    if args.responses:
        proc, url = start(ROOT, args.data)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                load(browser, url + args.responses)  # warm the server
                responses(browser, url + args.responses)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        return

    apps = {"new": start(ROOT, args.data), "base": start(args.base, args.data)}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for _, url in apps.values():  # warm both servers (first-request set-up, caches)
                for p in pages:
                    load(browser, url + p)
            rows = []
            for p in pages:
                got = {"new": [], "base": []}
                for _ in range(args.reps):
                    for name in ("new", "base"):
                        got[name].append(load(browser, apps[name][1] + p))
                med = {n: {k: statistics.median(r[k] for r in got[n]) for k in ("wire", "chart", "painted", "all", "block")}
                       for n in got}
                rows.append((p, med))
                print(p, med, file=sys.stderr)
            browser.close()
    finally:
        for proc, _ in apps.values():
            proc.terminate()
            proc.wait(timeout=10)
    data = args.data or "shipped data/"
    print(f"\nCold loads, medians of {args.reps} (data: {data}; new = this checkout, base = {args.base})\n")
    print("| page | wire kB new | base | first chart s new | base | painted s new | base | all charts s new | base "
          "| long tasks s new | base |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p, m in rows:
        print(f"| {p} | " + " | ".join(f"{m['new'][k]:{f}} | {m['base'][k]:{f}}" for k, f in (
            ("wire", ".0f"), ("chart", ".2f"), ("painted", ".2f"), ("all", ".2f"), ("block", ".2f"))) + " |")

if __name__ == "__main__":
    main()
