"""How long the store's queries take, at the shipped size and at every-municipality size.

    python bench/bench_store.py [data_dir]

Not a test: it prints a table, so a change to the store can be judged by the numbers. Uses data/
(or INNOLOC_DATA), falling back to tests/fixtures/mini while data/ is not built yet. The enlarged
store copies the municipalities (with new codes and slightly changed values, so ranks are not all
ties) until there are ~2,300 places, as if both countries were loaded in full.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.paths import data_dir  # noqa: E402
from dashboard.store import Store, load_store  # noqa: E402

TARGET_PLACES = 2300


def pick_folder(argv: list[str]) -> Path:
    if len(argv) > 1:
        return Path(argv[1])
    folder = data_dir()
    if (folder / "observations.csv").is_file():
        return folder
    print(f"{folder}/observations.csv not built yet: using tests/fixtures/mini\n")
    return ROOT / "tests" / "fixtures" / "mini"


def enlarged(store: Store, target: int = TARGET_PLACES, seed: int = 0) -> Store:
    """A store with the municipalities copied until there are about `target` places."""
    rng = np.random.default_rng(seed)
    places = store.places.reset_index()
    obs = store.observations
    munis = places[places["level"] == "municipality"]
    copies = max(0, -(-(target - len(places)) // max(len(munis), 1)))
    new_places, new_obs = [places], [obs]
    muni_obs = obs[obs["place"].isin(set(munis["code"]))]
    for k in range(1, copies + 1):
        p = munis.copy()
        p["code"] = p["code"] + f"~{k}"
        p["name"] = p["name"] + f" {k}"
        p["partner"] = False
        new_places.append(p)
        o = muni_obs.copy()
        o["place"] = o["place"] + f"~{k}"
        o["value"] = (o["value"] * rng.uniform(0.8, 1.2, len(o))).round(2)
        new_obs.append(o)
    places = pd.concat(new_places, ignore_index=True)
    obs = pd.concat(new_obs, ignore_index=True)
    return Store(places, store.indicators, obs)


def timeit(fn, min_reps: int = 200, min_seconds: float = 0.3) -> float:
    """Median seconds per call over many calls (after one warm-up call)."""
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_reps or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= 20_000:
            break
    return statistics.median(times)


def ratio_indicator(store: Store) -> str:
    ind = store.indicators
    ratios = [i for i in ind.index if ind.at[i, "kind"] == "ratio"] or list(ind.index)
    counts = store.observations["indicator"].value_counts()
    return max(ratios, key=lambda i: counts.get(i, 0))


def run(store: Store) -> dict[str, float]:
    ind = ratio_indicator(store)
    years = store.years(ind)
    last, first = years[-1], years[0]
    partners = store.partners()
    munis = store.place_codes(level="municipality")
    me = partners[0] if partners else munis[0]
    cases = {
        "value (1 cell)": lambda: store.value(ind, me, last),
        "cross_section (all with data)": lambda: store.cross_section(ind, last),
        "cross_section (partners)": lambda: store.cross_section(ind, last, partners),
        "series (partners, all years)": lambda: store.series(ind, partners),
        "rank (all municipalities)": lambda: store.rank(ind, last, munis),
        "rank by change (all munis)": lambda: store.rank(ind, (first, last), munis, by="change"),
        "percentile (among all munis)": lambda: store.percentile(ind, last, me, munis),
        "reference_values": lambda: store.reference_values(ind, last, me),
        "coverage (all places)": lambda: store.coverage(ind),
        "latest_year (all munis)": lambda: store.latest_year(ind, munis),
    }
    return {name: timeit(fn) for name, fn in cases.items()}


def main(argv: list[str]) -> None:
    folder = pick_folder(argv)
    t0 = time.perf_counter()
    small = load_store(folder)
    load_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    big = enlarged(small)
    build_big = time.perf_counter() - t0

    def size(s: Store) -> str:
        return f"{len(s.places)} pl, {len(s.observations):,} obs"

    print(f"data: {folder}\nindicator: {ratio_indicator(small)}\n")
    a, b = run(small), run(big)
    w = max(map(len, a)) + 2
    print(f"{'query':<{w}}{'shipped ' + size(small):>28}{'enlarged ' + size(big):>32}")
    print(f"{'load (read CSV + build)':<{w}}{load_small * 1e3:>25.1f} ms{'(build only) ' + format(build_big * 1e3, '.1f'):>29} ms")
    for name in a:
        print(f"{name:<{w}}{a[name] * 1e6:>25.1f} µs{b[name] * 1e6:>29.1f} µs")


if __name__ == "__main__":
    main(sys.argv)
