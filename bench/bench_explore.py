"""Server time and response bytes of the Explore page's interactions, through the real Dash endpoint.

    python bench/bench_explore.py [--reps N] [--profile]

Not a test: it prints a table. The app runs in-process behind Flask's test client; each
interaction is the POST to /_dash-update-component the browser would send (same `output`,
`outputs`, `inputs`, `state`, `changedPropIds` as recorded from Chromium), with the component
values taken from the page as served: the routing callback's Explore layout, then each response
of `update_state` fed into `render_views` together with the `explore-map-key` /
`explore-series-key` data the page holds after its previous render.

Interactions (each repeated >= --reps times after a warm-up, cycling through different years,
indicators or places so no single input is measured from a warm cache only):

    year        update_state after the slider moved to another year of the same indicator
    indicator   update_state after another indicator was chosen in the dropdown
    map click   no server call of its own: the browser toggles the selection (assets/explore-select.js)
    render ...  render_views for the state that interaction produced

Columns: median and p95 server time (process CPU with --cold), "pack ms" the part of it the
answer cache spends compressing the fresh answer for later hits (dashboard/cache.py), "w/o pack"
the median without it, then the answer's bytes.

Targets (the issue): a year change (render_views after it) under 30 ms on the server and under
50 kB sent. `--profile` runs cProfile over the year-change render and prints the top functions.
"""
from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 30.0
TARGET_BYTES = 50_000
UPDATE = "/_dash-update-component"


# ---- the app and its callbacks -----------------------------------------------------------------

def start_app():
    from app import app  # noqa: E402  (imports every page, registers callbacks)

    from dashboard.explore.geo_route import warmed

    warmed()  # the start's compression of the geometry is not a request's CPU

    client = app.server.test_client()
    # Dash's pages router builds every page's layout once on the first request (validation);
    # a page that fails there must not hide the Explore numbers, so say so and go on.
    first = client.get("/")
    if first.status_code != 200:
        print(f"warning: the app's first request answered {first.status_code} (another page's layout "
              "failed Dash's validation; see the traceback above); measuring Explore anyway\n",
              file=sys.stderr)
    return app, client


def get(client, path: str) -> bytes:
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code)
    return r.data


def validation_layout_bytes(html: bytes) -> int:
    """Bytes of the `validation_layout` Dash 4 embeds in every page's HTML (every page's layout,
    built with default arguments) unless suppress_callback_exceptions is set."""
    text = html.decode("utf-8")
    start_tag = '<script id="_dash-config" type="application/json">'
    i = text.find(start_tag)
    if i < 0:
        return 0
    i += len(start_tag)
    config = json.loads(text[i:text.find("</script>", i)])
    layout = config.get("validation_layout")
    return len(json.dumps(layout, separators=(",", ":")).encode("utf-8")) if layout else 0


def find_callback(deps: list[dict], first_output: str, trigger: str | None = None) -> dict:
    """The dependency whose output string starts with `first_output` (and has input `trigger`)."""
    for d in deps:
        if not d["output"].startswith(".." + first_output) and d["output"] != first_output:
            continue
        if trigger and not any(f"{i['id']}.{i['property']}" == trigger for i in d["inputs"]):
            continue
        return d
    raise LookupError(f"no callback with output {first_output!r} and input {trigger!r}")


def outputs_of(dep: dict) -> list[dict]:
    """`outputs` as the renderer sends them: {id, property} per output of the output string."""
    out = dep["output"]
    parts = out[2:-2].split("...") if out.startswith("..") else [out]
    result = []
    for part in parts:
        cid, prop = part.rsplit(".", 1)
        result.append({"id": cid, "property": prop.split("@")[0]})
    return result


def body(dep: dict, props: dict[tuple[str, str], object], changed: list[str]) -> dict:
    """A request body like the renderer's: every input and state with the page's current value
    (absent props are sent without "value", as the renderer does for undefined)."""
    def item(spec):
        key = (spec["id"], spec["property"])
        entry = {"id": spec["id"], "property": spec["property"]}
        if key in props and props[key] is not None:
            entry["value"] = props[key]
        return entry

    outs = outputs_of(dep)
    payload = {
        "output": dep["output"],
        "outputs": outs if dep["output"].startswith("..") else outs[0],
        "inputs": [item(i) for i in dep["inputs"]],
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
    }
    if dep.get("state"):
        payload["state"] = [item(s) for s in dep["state"]]
    return payload


COLD = {"on": False, "app": None, "pack": 0.0}  # --cold: clear the shared answer cache and count process CPU


def count_packing() -> None:
    """Time the answer cache's compression of each fresh answer (dashboard/cache.py `_pack`, run
    after the callback, in the request): the "pack ms" column, part of the server CPU."""
    from dashboard import cache as answer_cache

    pack = getattr(answer_cache, "_pack", None)
    if pack is None or getattr(pack, "counted", False):
        return

    def counted(*args, **kwargs):
        t0 = time.process_time()
        try:
            return pack(*args, **kwargs)
        finally:
            COLD["pack"] += time.process_time() - t0
    counted.counted = True
    answer_cache._pack = counted


def post(client, payload: dict) -> tuple[float, bytes, dict]:
    data = json.dumps(payload)
    clock = time.perf_counter
    if COLD["on"]:
        from dashboard import cache as answer_cache
        with COLD["app"].server.app_context():
            answer_cache.cache.clear()
        clock = time.process_time
    COLD["pack"] = 0.0
    t0 = clock()
    r = client.post(UPDATE, data=data, content_type="application/json")
    elapsed = clock() - t0
    if r.status_code == 204:
        return elapsed, b"", {}
    assert r.status_code == 200, (r.status_code, r.data[:500])
    return elapsed, r.data, json.loads(r.data)


def walk(node, found: dict[tuple[str, str], object]) -> None:
    """Collect (id, prop) -> value of every component with a string id in a layout tree."""
    if isinstance(node, list):
        for n in node:
            walk(n, found)
        return
    if not isinstance(node, dict):
        return
    props = node.get("props")
    if isinstance(props, dict):
        cid = props.get("id")
        if isinstance(cid, str):
            for k, v in props.items():
                if k not in ("id", "children"):
                    found[(cid, k)] = v
        for v in props.values():
            if isinstance(v, (dict, list)):
                walk(v, found)


def apply_response(props: dict, response: dict) -> None:
    """What the renderer does with a callback response, for the values the next request reads."""
    for cid, values in response.get("response", {}).items():
        for prop, value in values.items():
            if isinstance(value, dict) and value.get("__dash_patch_update"):
                continue  # a Patch: the page keeps its figure; only a full figure replaces it
            props[(cid, prop)] = value


# ---- measuring -----------------------------------------------------------------------------------

class Samples:
    def __init__(self):
        self.times: list[float] = []
        self.sizes: list[int] = []
        self.gzipped: list[int] = []
        self.packing: list[float] = []

    def add(self, seconds: float, data: bytes) -> None:
        self.times.append(seconds)
        self.packing.append(COLD["pack"])
        self.sizes.append(len(data))
        self.gzipped.append(len(gzip.compress(data, 6)) if data else 0)

    def row(self, name: str, target: bool = False) -> str:
        ms = sorted(t * 1e3 for t in self.times)
        med = statistics.median(ms)
        p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        size = statistics.median(self.sizes)
        gz = statistics.median(self.gzipped)
        verdict = ""
        if target:
            ok = p95 < TARGET_MS and max(self.sizes) < TARGET_BYTES
            verdict = "ok" if ok else "MISSES target"
        pack = statistics.median(self.packing) * 1e3
        rest = statistics.median(t - q for t, q in zip(self.times, self.packing)) * 1e3
        return (f"{name:<42}{len(ms):>5}{med:>10.1f}{p95:>10.1f}{pack:>9.1f}{rest:>10.1f}{size / 1e3:>12.1f}"
                f"{max(self.sizes) / 1e3:>10.1f}{gz / 1e3:>10.1f}   {verdict}")


HEADER = (f"{'interaction':<42}{'n':>5}{'med ms':>10}{'p95 ms':>10}{'pack ms':>9}{'w/o pack':>10}{'med kB':>12}"
          f"{'max kB':>10}{'gzip kB':>10}")


def print_steps(store, state0: dict, years: list[int], reps: int) -> None:
    """render_views after a year change, step by step (the same calls, timed one by one without a
    profiler's overhead), so the table above can be read as 'where do the milliseconds go'."""
    from dash import Patch
    from dash._utils import to_json

    explore_page = sys.modules["dashboard.pages.explore"]
    from dashboard.explore import export, render
    from dashboard.explore.logic import build_view
    from dashboard.explore.state import ExploreState
    from dashboard.explore.summary import sentences
    from dashboard.figures.map import apply_update, load_boundaries

    geojson = load_boundaries()
    steps: dict[str, list[float]] = {}

    def timed(name, fn):
        t0 = time.perf_counter()
        out = fn()
        steps.setdefault(name, []).append(time.perf_counter() - t0)
        return out

    for i in range(reps + 3):
        state = ExploreState.from_dict({**state0, "year": years[i % len(years)]})
        view = timed("build_view", lambda: build_view(store, state))
        titles = timed("render.titles", lambda: render.titles(store, state))

        def map_patch():
            patch = Patch()
            apply_update(patch, render.map_changes(store, geojson, state, view))
            return patch
        map_out = timed("map patch (map_changes + apply_update)", map_patch)
        ranking = timed("render.ranking (full figure)", lambda: render.ranking(store, state, view))
        summary = timed("summary sentences", lambda: sentences(store, view))
        rows = timed("table rows + columns", lambda: (export.table_rows(store, view),
                                                       explore_page._table_columns(state, int(view.indicator["decimals"]))))
        texts = timed("heading + about + selection", lambda: (explore_page._heading(store, state),
                                                              explore_page._about(store, state),
                                                              explore_page._selection(store, state)))
        timed("to_json: map patch", lambda: to_json(map_out.to_plotly_json()))
        timed("to_json: ranking figure", lambda: to_json(ranking))
        timed("to_json: the rest", lambda: to_json([summary, rows, texts, titles]))
    print(f"\nrender_views after a year change, step by step (median of {reps} after 3 warm-ups):")
    total = 0.0
    for name, values in steps.items():
        med = statistics.median(values[3:]) * 1e3
        total += med
        print(f"  {name:<42}{med:>8.2f} ms")
    print(f"  {'sum':<42}{total:>8.2f} ms")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=40, help="repetitions per interaction (>= 30)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the year-change render")
    parser.add_argument("--cold", action="store_true",
                        help="clear the shared answer cache before every request and report process CPU "
                             "(renders, not cache hits: the issue's server-CPU figures)")
    parser.add_argument("--uncached", action="store_true",
                        help="with --cold: no answer cache at all (no key digest, no storing or packing): "
                             "the render and Dash alone, comparable between commits whose caches differ")
    parser.add_argument("--search", default="?lang=en", help="the Explore address's query, e.g. '?scope=all'")
    args = parser.parse_args(argv[1:])

    t0 = time.perf_counter()
    app, client = start_app()
    COLD.update(on=args.cold, app=app)
    count_packing()
    if args.uncached:
        from dashboard import cache as answer_cache

        answer_cache.cacheable = lambda body: False  # the before/after-request hooks look it up per request
    startup = time.perf_counter() - t0
    from dashboard.store import load_store

    store = load_store()

    # One-time payloads: the HTML, the shell layout, the callback graph, the geometry, the
    # Explore page itself (the routing callback's response), the base topojson.
    one_time = {}
    html = get(client, "/explore?lang=en")
    one_time["GET /explore (HTML)"] = len(html)
    one_time["  of which _dash-config validation_layout"] = validation_layout_bytes(html)
    layout = get(client, "/_dash-layout")
    one_time["GET /_dash-layout (shell)"] = len(layout)
    deps_raw = get(client, "/_dash-dependencies")
    one_time["GET /_dash-dependencies"] = len(deps_raw)
    geo = get(client, "/_geo/boundaries.json")
    one_time["GET /_geo/boundaries.json"] = len(geo)
    one_time["  (gzip)"] = len(gzip.compress(geo, 6))
    topo = get(client, "/assets/topojson/world_110m.json")
    one_time["GET /assets/topojson/world_110m.json"] = len(topo)
    deps = json.loads(deps_raw)

    routing = find_callback(deps, "_pages_content.children")
    page_body = body(routing, {("_pages_location", "pathname"): "/explore",
                               ("_pages_location", "search"): args.search},
                     ["_pages_location.pathname", "_pages_location.search"])
    routing_samples = Samples()
    for i in range(args.warmup + 10):
        seconds, data, page = post(client, page_body)
        if i >= args.warmup:
            routing_samples.add(seconds, data)
    one_time["POST routing -> Explore layout"] = len(data)
    one_time["  (gzip)  "] = len(gzip.compress(data, 6))

    base: dict[tuple[str, str], object] = {}
    walk(page["response"]["_pages_content"]["children"], base)
    state0 = base[("explore-state", "data")]
    update = find_callback(deps, "explore-state.data", "explore-year-request.data")
    render = find_callback(deps, "explore-map.figure", "explore-state.data")

    def update_then_render(props, changed, value, samples_update, samples_render):
        p = dict(props)
        p[tuple(changed.split("."))] = value
        seconds, data, resp = post(client, body(update, p, [changed]))
        if samples_update is not None:
            samples_update.add(seconds, data)
        apply_response(p, resp)
        seconds, data, resp = post(client, body(render, p, ["explore-state.data"]))
        if samples_render is not None:
            samples_render.add(seconds, data)
        apply_response(p, resp)
        return p, resp

    from dashboard.explore.state import ExploreState

    def click_then_render(props, code, samples_render):
        """A click: the state the browser makes (ExploreState.toggle, as assets/explore-select.js),
        then render_views."""
        p = dict(props)
        p[("explore-state", "data")] = ExploreState.from_client(p[("explore-state", "data")], store).toggle(code).as_dict()
        seconds, data, resp = post(client, body(render, p, ["explore-state.data"]))
        if samples_render is not None:
            samples_render.add(seconds, data)
        apply_response(p, resp)
        return p, resp

    indicator = state0["indicator"]
    # Years after the start year: moving the slider there keeps the start (and the time series);
    # a year at or before the start also moves the start, which redraws the series (measured apart).
    years = [y for y in store.years(indicator) if state0["start"] < y != state0["year"]]
    early_years = [y for y in store.years(indicator) if y <= state0["start"]]
    others = [i for i in store.indicator_ids() if i != indicator]
    partners = store.partners()
    map_fig = base[("explore-map", "figure")]

    def click_data(code: str) -> dict:
        for n, trace in enumerate(map_fig["data"]):
            cds = trace.get("customdata") or []
            for j, cd in enumerate(cds):
                if cd and cd[0] == code:
                    return {"points": [{"curveNumber": n, "pointNumber": j, "pointIndex": j,
                                        "location": code, "z": (trace.get("z") or [None] * (j + 1))[j],
                                        "customdata": cd, "bbox": {"x0": 300, "x1": 300, "y0": 300, "y1": 300}}]}
        raise LookupError(code)

    for code in partners:  # every partner is on the map with its code, which a click sends
        click_data(code)

    results: dict[str, Samples] = {name: Samples() for name in (
        "update_state  (year change)", "render_views  after year change",
        "update_state  (indicator change)", "render_views  after indicator change",
        "render_views  after map click")}
    n = max(args.reps, 30)
    for i in range(args.warmup + n):
        keep = i >= args.warmup
        pick = lambda name: results[name] if keep else None  # noqa: E731
        update_then_render(base, "explore-year-request.data", years[i % len(years)],
                           pick("update_state  (year change)"), pick("render_views  after year change"))
        update_then_render(base, "explore-indicator.value", others[i % len(others)],
                           pick("update_state  (indicator change)"), pick("render_views  after indicator change"))
        click_then_render(base, partners[i % len(partners)], pick("render_views  after map click"))

    # The second click on the same place (deselect) and a year change with a selection.
    p_sel, _ = click_then_render(base, partners[0], None)
    year_sel = Samples()
    for i in range(args.warmup + n):
        update_then_render(p_sel, "explore-year-request.data", years[i % len(years)], None,
                           year_sel if i >= args.warmup else None)
    results["render_views  year change, 1 sel."] = year_sel
    early = Samples()
    for i in range(args.warmup + n):
        update_then_render(base, "explore-year-request.data", early_years[i % len(early_years)], None,
                           early if i >= args.warmup else None)
    results["render_views  year <= start (new start)"] = early

    print(f"data: {store!r}")
    print(f"app import + store load: {startup * 1e3:.0f} ms; Explore default state: {state0}\n")
    print("one-time payloads (bytes as sent, uncompressed unless marked)")
    for name, size in one_time.items():
        print(f"  {name:<42}{size:>12,} B")
    ms = sorted(t * 1e3 for t in routing_samples.times)
    print(f"  routing callback (Explore layout) server time: median {statistics.median(ms):.1f} ms, "
          f"max {ms[-1]:.1f} ms over {len(ms)}\n")
    print(f"per interaction (server time = Flask test client round trip; target for the year change: "
          f"p95 < {TARGET_MS:.0f} ms and < {TARGET_BYTES / 1e3:.0f} kB)")
    print(HEADER)
    for name, s in results.items():
        print(s.row(name, target=name.startswith("render_views  after year") or name.startswith("render_views  year")))
    print("(target checked on p95 time and on the largest response)")

    # What a year-change response contains, output by output.
    p = dict(base)
    p[("explore-year-request", "data")] = years[0]
    # update_state answers the views of its new state itself (render_views then has nothing to do)
    _, data, resp = post(client, body(update, p, ["explore-year-request.data"]))
    print(f"\nupdate_state after a year change ({len(data):,} B), bytes per output:")
    parts = []
    for cid, values in resp.get("response", {}).items():
        for prop, value in values.items():
            parts.append((len(json.dumps(value, separators=(",", ":"))), f"{cid}.{prop}"))
    for size, name in sorted(parts, reverse=True):
        print(f"  {name:<34}{size:>10,} B")

    print_steps(store, state0, years, n)

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for i in range(20):
            update_then_render(base, "explore-year-request.data", years[i % len(years)], None, None)
        prof.disable()
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out).sort_stats("cumulative")
        stats.print_stats(40)
        print("\ncProfile, 20 x (update_state + render_views) for a year change, by cumulative time:")
        print(out.getvalue())


if __name__ == "__main__":
    main(sys.argv)
