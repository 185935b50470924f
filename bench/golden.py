"""Output capture for refactors of the hot paths: the JSON of Explore's render, Score's views and
Steering's views for many states, so a faster builder can be proven to send the same thing.

    (cd /tmp/perfbase && INNOLOC_DATA=... python /work/main/bench/golden.py capture /tmp/golden.json)
    INNOLOC_DATA=... python bench/golden.py compare /tmp/golden.json
    python bench/golden.py capture /tmp/http.json --only explore_http   # Explore's answers, as bytes

Run `capture` in a checkout of the commit before the change (`git worktree add /tmp/perfbase
<commit>`; the script imports the app of the current directory) and `compare` after it. Keys that
differ on purpose can be ignored with --ignore (JSON paths as `page/state/.../key`; `template`
by default: dropping Plotly's default template is an intended change).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _jsonable(obj):
    import plotly.utils

    return json.loads(json.dumps(obj, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True))


def _safe(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - a failure is an output to compare too
        return f"error: {type(exc).__name__}"


def explore_cases(store):
    """The builders behind Explore's render callback (the page module itself is edited by others)."""
    from dashboard.explore import export, render
    from dashboard.explore.logic import build_view
    from dashboard.explore.state import parse_query
    from dashboard.explore.summary import sentences
    from dashboard.figures.map import load_boundaries

    geojson = load_boundaries()
    out = {}
    inds = store.indicator_ids()[:8]
    for ind in inds:
        for extra in ({}, {"scope": "all"}, {"mode": "change"}, {"mode": "difference", "ref": "region"},
                      {"level": "regions"}, {"sel": "SI-052,AT-61108"}, {"lang": "de", "scope": "all"},
                      {"mode": "index"}):
            st = parse_query({"indicator": ind, **extra}, store).state
            for y in store.years(ind)[-3:-1]:
                s = st.with_(year=y)
                view = build_view(store, s)
                key = f"{ind}|{json.dumps(extra, sort_keys=True)}|{y}"
                out[key] = _jsonable({
                    "map_changes": render.map_changes(store, geojson, s, view),
                    "map_initial": render.map_initial(store, geojson, s, view),
                    "ranking": render.ranking(store, s, view),
                    "timeseries": render.timeseries(store, s),
                    "table": export.table_rows(store, view),
                    "sentences": _safe(sentences, store, view),
                })
    return out


def score_cases(store):
    from dashboard.pages import score as page
    from dashboard.score import state as sst

    out = {}
    for q in ({}, {"scope": "all"}, {"scope": "all", "norm": "zscore"}, {"lang": "de"},
              {"scope": "all", "missing": "zero"}, {"lang": "sl", "scope": "all", "norm": "zscore"}):
        cfg = sst.parse_query(q, store)
        cfg = getattr(cfg, "state", cfg)
        out[json.dumps(q, sort_keys=True)] = _jsonable(page._views(store, cfg))
    return out


def steering_cases(store):
    from dashboard.pages import steering as page
    from dashboard.steering import state as sst

    out = {}
    for q in ({}, {"view": "crossborder"}, {"lang": "de", "measure": "change"}, {"level": "regions"}):
        st = sst.parse_query(q, store)
        st = getattr(st, "state", st)
        out[json.dumps(q, sort_keys=True)] = _jsonable(page._views(store, st))
    return out


EXPLORE_VARIANTS = ({}, {"scope": "all"}, {"mode": "change"}, {"mode": "difference", "ref": "region"},
                    {"mode": "difference", "ref": "partners", "scope": "all"}, {"level": "regions"},
                    {"sel": "SI-052,AT-61108"}, {"lang": "de", "scope": "all", "sel": "AT-61108"},
                    {"mode": "index"}, {"lang": "sl", "mode": "change", "scope": "all"}, {"colour": "type"})


def explore_http_cases(store, indicators=None):
    """The bytes Explore's render callback answers, through the Dash endpoint (what the browser
    gets: Patch or full figure, table, texts), for every indicator x EXPLORE_VARIANTS and the ways
    a page reaches that state: fresh (no map key), after a year change, after an indicator change,
    after a click (selection changed). Each answer is kept as its JSON text."""
    from app import app  # noqa: E402
    from dashboard import cache as answer_cache
    from dashboard.explore import render
    from dashboard.explore.logic import coerce
    from dashboard.explore.state import parse_query
    from dashboard.pages import explore as page

    client = app.server.test_client()
    client.get("/")
    deps = json.loads(client.get("/_dash-dependencies").data)
    dep = next(d for d in deps if d["output"].startswith("..explore-map.figure"))
    outputs = [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1].split("@")[0]}
               for o in dep["output"][2:-2].split("...")]

    def answer(state, prev) -> str:
        keys = (page._map_store(prev), render.series_key(prev)) if prev is not None else (None, None)
        body = {"output": dep["output"], "outputs": outputs, "changedPropIds": ["explore-state.data"],
                "inputs": [{"id": "explore-state", "property": "data", "value": state.as_dict()}],
                "state": [{"id": "explore-map-key", "property": "data", "value": keys[0]},
                          {"id": "explore-series-key", "property": "data", "value": keys[1]}]}
        with app.server.app_context():
            answer_cache.cache.clear()
        r = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
        return f"{r.status_code} {r.get_data(as_text=True)}"

    out = {}
    ids = store.indicator_ids()
    for n, ind in enumerate(indicators or ids):
        other = ids[(ids.index(ind) + 1) % len(ids)]
        for extra in EXPLORE_VARIANTS:
            st = coerce(parse_query({"indicator": ind, **extra}, store).state, store)
            years = [y for y in store.years(ind) if y != st.year]
            prevs = {"fresh": None, "indicator": coerce(st.with_(indicator=other), store),
                     "click": st.with_(selected=() if st.selected else (store.partners()[3],))}
            if years:
                prevs["year"] = coerce(st.with_(year=years[-1]), store)
            for how, prev in prevs.items():
                out[f"{ind}|{json.dumps(extra, sort_keys=True)}|{how}"] = answer(st, prev)
            for y in years[-2:]:  # other years of the same view, reached by a year change
                s2 = coerce(st.with_(year=y), store)
                out[f"{ind}|{json.dumps(extra, sort_keys=True)}|year->{y}"] = answer(s2, st)
    return out


def capture(only=None) -> dict:
    sys.path.insert(0, os.getcwd())
    import app  # noqa: F401  (registers the pages)
    from dashboard.store import load_store

    store = load_store()
    cases = {"explore": explore_cases, "score": score_cases, "steering": steering_cases,
             "explore_http": explore_http_cases}
    # explore_http is large (every indicator's answers): only when asked for
    return {page: fn(store) for page, fn in cases.items()
            if only == page or (only is None and page != "explore_http")}


def diff(a, b, path="", ignore=("template",), out=None, limit=20):
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k in ignore:
                continue
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'new' if k in b else 'old'}")
            else:
                diff(a[k], b[k], f"{path}/{k}", ignore, out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: length {len(a)} -> {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", ignore, out, limit)
    elif a != b and not (isinstance(a, float) and isinstance(b, float) and abs(a - b) <= 1e-9 * max(1, abs(a))):
        out.append(f"{path}: {str(a)[:80]!r} -> {str(b)[:80]!r}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["capture", "compare"])
    ap.add_argument("file", type=Path)
    ap.add_argument("--only", default=None,
                    help="explore, score, steering or explore_http (the render callback's answers as sent)")
    ap.add_argument("--ignore", nargs="*", default=["template"])
    args = ap.parse_args()
    if args.action == "capture":
        args.file.write_text(json.dumps(capture(args.only)))
        return
    old = json.loads(args.file.read_text())
    new = capture(args.only)
    bad = 0
    for page in new:
        if args.only and page != args.only:
            continue
        for key in old[page]:
            if page == "explore_http":  # answers as sent: the same bytes, else a JSON diff
                if old[page][key] != new[page][key]:
                    bad += 1
                    a, b = (x.split(" ", 1) for x in (old[page][key], new[page][key]))
                    same_json = a[0] == b[0] and json.loads(a[1] or "null") == json.loads(b[1] or "null")
                    d = [] if same_json else diff(json.loads(a[1] or "null"), json.loads(b[1] or "null"), ignore=())
                    print(f"{page} {key}: bytes differ" + (" (equal JSON)" if same_json else ""),
                          *d[:8], sep="\n  ")
                continue
            d = diff(old[page][key], new[page][key], ignore=tuple(args.ignore))
            if d:
                bad += 1
                print(f"{page} {key}:", *d[:8], sep="\n  ")
    print(f"{bad} differing cases", file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
