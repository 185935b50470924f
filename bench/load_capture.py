"""Record the callback requests a real browser sends, for the load test (`bench/load_test.py`).

Opens each visit of VISITS in headless Chromium against a running app, does the visit's clicks,
and writes every `POST /_dash-update-component` body, in order, to `bench/load_payloads.json`:
the load test replays exactly what the browser's renderer sends (page router, state stores,
figure keys), rather than bodies built by hand.

    python app.py &            # or gunicorn -c gunicorn.conf.py app:server
    python bench/load_capture.py --url http://127.0.0.1:8050
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

OUT = Path(__file__).with_name("load_payloads.json")

# name -> (address, actions); an action is ("press", selector, key) or ("click", selector)
VISITS = {
    "home": ("/?lang=sl", []),
    "explore_de": ("/explore?lang=de", []),
    # a link shared in a newspaper: many readers, one view; then the reader clears the selection
    "explore_shared": ("/explore?lang=en&indicator=population&year=2020&sel=SI-052,AT-62139",
                       [("click", "#explore-clear"), ("press", "#explore-year [role=slider]", "ArrowLeft")]),
    "explore_regions": ("/explore?lang=sl&level=regions", []),
    "profile": ("/profile?lang=de", []),
    "compare": ("/compare?lang=en", []),
    "score": ("/score?lang=de", []),
    "steering": ("/steering?lang=sl", []),
    "peers": ("/peers?lang=en", []),
    "data": ("/data?lang=de&indicator=population", []),
}


def capture(url: str, chromium: str) -> dict:
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        for name, (path, actions) in VISITS.items():
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            bodies = []
            page.on("request", lambda r: bodies.append(json.loads(r.post_data))
                    if r.method == "POST" and urlsplit(r.url).path == "/_dash-update-component" else None)
            page.goto(url + path)
            page.wait_for_load_state("networkidle", timeout=60_000)
            for action in actions:
                try:
                    page.wait_for_selector(action[1], timeout=30_000)
                    if action[0] == "click":
                        page.click(action[1])
                    else:
                        page.press(action[1], action[2])
                    page.wait_for_load_state("networkidle", timeout=30_000)
                except Exception as err:  # noqa: BLE001 - a missing control only shortens the visit
                    print(f"{name}: {action} skipped ({err.__class__.__name__})")
            page.wait_for_timeout(1000)
            out[name] = {"path": path, "callbacks": bodies}
            print(f"{name}: {len(bodies)} callback requests")
            context.close()
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8050")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    data = capture(args.url.rstrip("/"), os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
