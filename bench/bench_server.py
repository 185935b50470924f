"""Server CPU time and response bytes of every server callback of every page, at several dataset
sizes, each paired with a trivial callback measured in the same loop (Dash + Flask overhead).

    python bench/make_synthetic.py 1000 /tmp/innoloc-1000
    python bench/make_synthetic.py 2300 /tmp/innoloc-2300
    python bench/bench_server.py --data data /tmp/innoloc-1000 /tmp/innoloc-2300 [--reps 5] [--only score,steering]
        [--base /tmp/perfbase --rounds 3]   # the baseline commit, in turn with this checkout

Not a test: prints a markdown table (commit it as bench/RESULTS-server.md with the change that
moves it). Each dataset runs in its own process (`INNOLOC_DATA`). A page is opened the way the
browser opens it (the pages router's response for the URL), the callbacks whose inputs all live on
that page are found in `/_dash-dependencies`, and each is posted to `/_dash-update-component`
with the page's own values, once per input as the trigger (`changedPropIds`): that is the request a
reader's change of that control sends. The shared answer cache (`dashboard/cache.py`, when
present) is cleared before every request, so the figures are renders, not cache hits (`--warm`
measures the hits). CPU is `time.process_time()` around the request (threads of
this process only; the test client runs the request in it), median of --reps after a warm-up.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENARIOS = [  # (label, path, search)
    ("explore", "/explore", ""),
    ("explore all", "/explore", "?scope=all"),
    ("score", "/score", ""),
    ("score all", "/score", "?scope=all"),
    ("steering", "/steering", ""),
    ("steering cb", "/steering", "?view=crossborder"),
    ("profile", "/profile", ""),
    ("compare", "/compare", ""),
    ("peers", "/peers", ""),
    ("data", "/data", ""),
]
ROUTER = "_pages_content"
SKIP_TRIGGERS = {"n_intervals"}


def child(reps: int, only: str | None, warm: bool = False) -> list[dict]:
    import dash
    import plotly.utils
    from dash import Input, Output, html

    from app import app

    from dashboard.explore.geo_route import warmed

    warmed()  # the start's compression of the geometry is not a request's CPU

    # the yardstick: the cheapest callback Dash can run
    app.layout  # noqa: B018
    app.callback(Output("bench-trivial-out", "children"), Input("bench-trivial-in", "value"))(lambda v: v)
    client = app.server.test_client()

    try:  # the shared answer cache (dashboard/cache.py): cleared before each request unless --warm
        from dashboard import cache as answer_cache
        if not Path(answer_cache.__file__).resolve().is_relative_to(Path.cwd().resolve()):
            answer_cache = None  # an older checkout without it (found through the editable install)
    except ImportError:
        answer_cache = None

    def post(body):
        raw = json.dumps(body, cls=plotly.utils.PlotlyJSONEncoder)
        if answer_cache is not None and not warm:
            with app.server.app_context():
                answer_cache.cache.clear()
        t0 = time.process_time()
        r = client.post("/_dash-update-component", data=raw, content_type="application/json")
        data = r.get_data()
        return time.process_time() - t0, r.status_code, len(data)

    trivial = {"output": "bench-trivial-out.children", "outputs": {"id": "bench-trivial-out", "property": "children"},
               "inputs": [{"id": "bench-trivial-in", "property": "value", "value": "x"}],
               "state": [], "changedPropIds": ["bench-trivial-in.value"]}

    def walk(node, found):
        if isinstance(node, list):
            for x in node:
                walk(x, found)
        elif isinstance(node, dict):
            props = node.get("props") if "type" in node and "namespace" in node else None
            if props is None:
                for v in node.values():
                    walk(v, found)
                return
            cid = props.get("id")
            if cid is not None:
                key = json.dumps(cid, sort_keys=True, separators=(",", ":")) if isinstance(cid, dict) else cid
                found[key] = (cid, props)
            for v in props.values():
                walk(v, found)

    shell: dict = {}
    walk(json.loads(json.dumps(app.layout(), cls=plotly.utils.PlotlyJSONEncoder)), shell)
    deps = [d for d in client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")]

    def specs(output):
        parts = output[2:-2].split("...") if output.startswith("..") else [output]
        return [tuple(p.rsplit(".", 1)) for p in parts]

    def matches(pattern, cid):
        return isinstance(cid, dict) and set(cid) == set(pattern) and all(
            v in (["ALL"], ["MATCH"]) or cid[k] == v for k, v in pattern.items())

    def resolve(id_text, prop, comps, value=True):
        if id_text.startswith("{"):
            pattern = json.loads(id_text)
            hits = [(cid, p) for cid, p in comps.values() if matches(pattern, cid)]
            return [dict({"id": cid, "property": prop}, **({"value": p.get(prop)} if value else {}))
                    for cid, p in hits]
        entry = {"id": id_text, "property": prop}
        if value:
            entry["value"] = comps[id_text][1].get(prop)
        return entry

    def on_page(dep, comps, page_ids):
        items = [i["id"] for i in dep["inputs"]] + [s["id"] for s in dep["state"]]
        plain = [i for i in items if not i.startswith("{")]
        if not all(i in comps for i in plain):
            return False
        return any(i in page_ids for i in plain) or any(
            i.startswith("{") and any(matches(json.loads(i), c) for c, _ in (comps[k] for k in page_ids))
            for i in items)

    rows = []
    for label, path, search in SCENARIOS:
        if only and label not in only.split(","):
            continue
        router = {"output": f"..{ROUTER}.children..._pages_store.data..",
                  "outputs": [{"id": ROUTER, "property": "children"}, {"id": "_pages_store", "property": "data"}],
                  "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                             {"id": "_pages_location", "property": "search", "value": search}],
                  "state": [], "changedPropIds": ["_pages_location.pathname"]}
        page: dict = {}
        r = client.post("/_dash-update-component", data=json.dumps(router), content_type="application/json")
        walk(r.get_json()["response"], page)
        comps = {**shell, **page}
        jobs = [("open page (router)", "_pages_location.pathname", router)]
        for dep in deps:
            if dep["output"].startswith(f"..{ROUTER}") or not on_page(dep, comps, set(page)):
                continue
            outs = [resolve(i, p, comps, value=False) for i, p in specs(dep["output"])]
            inputs = [resolve(i["id"], i["property"], comps) for i in dep["inputs"]]
            state = [resolve(s["id"], s["property"], comps) for s in dep["state"]]
            for k, item in enumerate(dep["inputs"]):
                if item["property"] in SKIP_TRIGGERS or item["id"].startswith("{"):
                    continue
                body = {"output": dep["output"], "outputs": outs if len(outs) > 1 else outs[0],
                        "inputs": json.loads(json.dumps(inputs, cls=plotly.utils.PlotlyJSONEncoder)),
                        "state": state, "changedPropIds": [f"{item['id']}.{item['property']}"]}
                if item["property"] in ("n_clicks", "n_submit"):
                    body["inputs"][k]["value"] = 1
                first = specs(dep["output"])[0]
                jobs.append((f"{first[0]}.{first[1]}", f"{item['id']}.{item['property']}", body))
        for name, trigger, body in jobs:
            post(body)  # warm-up
            cpu, base, size, status = [], [], 0, 0
            for _ in range(reps):
                base.append(post(trivial)[0])
                t, status, size = post(body)
                cpu.append(t)
            rows.append({"page": label, "callback": name, "trigger": trigger, "status": status, "bytes": size,
                         "cpu_ms": 1000 * statistics.median(cpu), "trivial_ms": 1000 * statistics.median(base)})
            print(f"{label:12s} {name[:40]:40s} {trigger[:36]:36s} {status} {size:>9d} B "
                  f"{rows[-1]['cpu_ms']:8.1f} ms (trivial {rows[-1]['trivial_ms']:.1f})", file=sys.stderr)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", nargs="+", default=["data"])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--only", default=None, help="only these scenarios (comma-separated labels)")
    ap.add_argument("--warm", action="store_true", help="keep the shared answer cache (measure cache hits)")
    ap.add_argument("--base", type=Path, default=None,
                    help="a checkout of the baseline commit (git worktree add /tmp/perfbase <commit>): "
                         "measured in turn with this one, --rounds times")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.path.insert(0, os.getcwd())  # the checkout under test (this one or --base)
        json.dump(child(args.reps, args.only, args.warm), sys.stdout)
        return
    checkouts = {"new": ROOT} if args.base is None else {"new": ROOT, "base": args.base.resolve()}
    results = {}
    for data in args.data:
        env = {**os.environ, "INNOLOC_DATA": str(Path(data).resolve())}
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--reps", str(args.reps)] \
            + (["--only", args.only] if args.only else []) + (["--warm"] if args.warm else [])
        runs = {name: [] for name in checkouts}
        for _ in range(args.rounds):  # new, base, new, base ...: both see the same machine
            for name, checkout in checkouts.items():
                out = subprocess.run(cmd, env=env, cwd=checkout, stdout=subprocess.PIPE, check=True)
                runs[name].append(json.loads(out.stdout))
        for name, rounds in runs.items():
            merged = {}
            for rows in rounds:
                for r in rows:
                    merged.setdefault((r["page"], r["callback"], r["trigger"]), []).append(r)
            results[f"{data} {name}" if len(checkouts) > 1 else data] = [
                {**rs[0], "cpu_ms": statistics.median(x["cpu_ms"] for x in rs),
                 "trivial_ms": statistics.median(x["trivial_ms"] for x in rs)} for rs in merged.values()]
    sizes = list(results)
    print(f"Server CPU per request, median of {args.reps} (ms; trivial callback in the same loop in brackets) "
          f"and response bytes; datasets: {', '.join(sizes)}\n")
    print("| page | callback (first output) | trigger | " + " | ".join(f"{s} ms | {s} kB" for s in sizes) + " |")
    print("|---|---|---|" + "---:|---:|" * len(sizes))
    keyed = {s: {(r["page"], r["callback"], r["trigger"]): r for r in rows} for s, rows in results.items()}
    for key in keyed[sizes[0]]:
        cells = []
        for s in sizes:
            r = keyed[s].get(key)
            cells += ([f"{r['cpu_ms']:.1f} ({r['trivial_ms']:.1f})" + ("" if r["status"] == 200 else f" [{r['status']}]"),
                       f"{r['bytes'] / 1000:.1f}"] if r else ["-", "-"])
        print(f"| {key[0]} | {key[1]} | {key[2]} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
