"""How long the peers computation takes for one place against every municipality, at the shipped
size and at every-municipality size (~2,300 places, the enlarged store of bench_store.py).

    python bench/bench_peers.py [data_dir]

Not a test (no timing asserts anywhere): it prints a table. Timed: `dashboard.peers.logic.run`
(values from the store, robust z, distances, the coverage rule, the top k and the 500-draw
stability bootstrap) for the default preset, the "all municipalities" scope and both countries;
and the same without the bootstrap, to show what it costs; and the typology of every municipality
(k-means for k = 3..8 with silhouettes), which the page caches per indicator choice.
"""
from __future__ import annotations

import functools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import enlarged, pick_folder  # noqa: E402
from dashboard.peers import logic as L  # noqa: E402
from dashboard.peers import state as S  # noqa: E402
from dashboard.peers import typology as T  # noqa: E402
from dashboard.store import load_store  # noqa: E402

REPEAT = 7


def timed(fn, repeat: int = REPEAT) -> tuple[float, float]:
    fn()  # warm caches (indicator list, place positions)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), max(times)


def main(argv: list[str]) -> None:
    store = load_store(pick_folder(argv))
    big = enlarged(store)
    print(f"{'dataset':<32}{'candidates':>11}{'indicators':>11}{'what':>26}{'median ms':>11}{'max ms':>9}")
    for label, st in (("shipped", store), ("enlarged (~2,300 places)", big)):
        for place, preset in (("SI-052", "all_comparable"), ("AT-61108", "labour")):
            state = S.PeersState(place=place, preset=preset, scope="all", country="both")
            res = L.run(st, state)
            n_cand, n_ind = res.n_candidates, len(res.indicators)
            for what, kwargs in (("run, 500 draws", {}), ("run, no bootstrap", {"n_draws": 0})):
                med, worst = timed(functools.partial(L.run, st, state, **kwargs))
                print(f"{label + ' ' + place + ' ' + preset:<32.32}{n_cand:>11}{n_ind:>11}{what:>26}"
                      f"{1000 * med:>11.1f}{1000 * worst:>9.1f}")
        # the typology of every municipality (uncached: T._cached.__wrapped__), k = 3..8, 10 starts each
        inds = L.chosen_indicators(st, S.PeersState())
        munis = tuple(S.municipalities(st))
        med, worst = timed(lambda: T._cached.__wrapped__(st, tuple(inds), 5, None, munis), repeat=3)
        print(f"{label + ' typology':<32.32}{len(munis):>11}{len(inds):>11}{'typology, k = 3..8':>26}"
              f"{1000 * med:>11.1f}{1000 * worst:>9.1f}")


if __name__ == "__main__":
    main(sys.argv)
