"""Bounded load test: N simulated readers against a running app on 127.0.0.1, for a fixed time.

Each reader repeats a page visit as the browser makes it: the page's HTML, `/_dash-layout`,
`/_dash-dependencies`, then the callback requests the browser's renderer sent on that visit, in
order, replayed from `bench/load_payloads.json` (recorded by `bench/load_capture.py`), then a short
pause (think time). Component JavaScript and the map geometry are left out: a browser caches them
(the geometry for a day, the bundles by their versioned URLs). Visits are drawn with weights: half
of them open the same shared Explore link (a link in a newspaper), the rest spread over all pages.

Counting starts after a warm-up (`--warmup`, default 10 s, the same load), so both versions are
measured warm. The report states users, duration, requests, requests/s, latency p50/p95/p99 (all requests and
callbacks only), errors (HTTP >= 500, or no answer within the client timeout) and the server's
memory (RSS summed over the process tree of `--pid`, sampled each second).

    gunicorn -c gunicorn.conf.py app:server &          # INNOLOC_BIND=127.0.0.1:8050
    python bench/load_test.py --url http://127.0.0.1:8050 --users 100 --seconds 60 --pid <master pid>
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from pathlib import Path

import httpx

PAYLOADS = Path(__file__).with_name("load_payloads.json")
SHARED_VISIT = "explore_shared"
SHARED_WEIGHT = 0.5
CLIENT_TIMEOUT_S = 30.0


def rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (kB), from /proc."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q / 100 * (len(values) - 1))))
    return values[k]


class Stats:
    def __init__(self, count_from: float = 0.0):
        self.count_from = count_from  # requests started before this (monotonic) are warm-up
        self.all: list[float] = []
        self.callbacks: list[float] = []
        self.errors: dict[str, int] = {}
        self.status: dict[int, int] = {}

    def record(self, kind: str, seconds: float, status: int | None, error: str | None = None):
        if time.monotonic() - seconds < self.count_from:
            return
        self.all.append(seconds)
        if kind == "callback":
            self.callbacks.append(seconds)
        if status is not None:
            self.status[status] = self.status.get(status, 0) + 1
        if error or (status is not None and status >= 500):
            label = error or f"HTTP {status}"
            self.errors[label] = self.errors.get(label, 0) + 1


async def request(client, stats: Stats, kind: str, method: str, path: str, body=None):
    started = time.perf_counter()
    try:
        # the body is read as sent (compressed), not decoded: the client's CPU stays small
        async with client.stream(method, path, json=body) as r:
            async for _ in r.aiter_raw():
                pass
        stats.record(kind, time.perf_counter() - started, r.status_code)
    except httpx.HTTPError as err:
        stats.record(kind, time.perf_counter() - started, None, type(err).__name__)


async def reader(client, stats: Stats, visits: dict, stop_at: float, think: float, rng: random.Random):
    names = [n for n in visits if n != SHARED_VISIT]
    while time.monotonic() < stop_at:
        name = SHARED_VISIT if SHARED_VISIT in visits and rng.random() < SHARED_WEIGHT else rng.choice(names)
        visit = visits[name]
        await request(client, stats, "page", "GET", visit["path"])
        await request(client, stats, "dash", "GET", "/_dash-layout")
        await request(client, stats, "dash", "GET", "/_dash-dependencies")
        for body in visit["callbacks"]:
            if time.monotonic() >= stop_at:
                break
            await request(client, stats, "callback", "POST", "/_dash-update-component", body)
        await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def sample_memory(pid: int | None, samples: list[int], stop_at: float):
    while pid and time.monotonic() < stop_at:
        samples.append(rss_kb(pid))
        await asyncio.sleep(1.0)


async def run(url: str, users: int, seconds: float, think: float, pid: int | None, seed: int,
              warmup: float = 0.0) -> dict:
    visits = json.loads(PAYLOADS.read_text(encoding="utf-8"))
    stats, memory = Stats(time.monotonic() + warmup), []
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=url, timeout=CLIENT_TIMEOUT_S, limits=limits,
                                 headers={"Accept-Encoding": "gzip"}) as client:
        memory.append(rss_kb(pid) if pid else 0)
        started = time.monotonic() + warmup
        stop_at = started + seconds
        tasks = [reader(client, stats, visits, stop_at, think, random.Random(seed + i)) for i in range(users)]
        await asyncio.gather(sample_memory(pid, memory, stop_at), *tasks)
        elapsed = time.monotonic() - started
        memory.append(rss_kb(pid) if pid else 0)
    ms = lambda v: round(v * 1000, 1)  # noqa: E731
    return {
        "url": url, "users": users, "seconds": round(elapsed, 1), "warmup_s": warmup, "think_s": think,
        "requests": len(stats.all), "requests_per_s": round(len(stats.all) / elapsed, 1),
        "p50_ms": ms(percentile(stats.all, 50)), "p95_ms": ms(percentile(stats.all, 95)),
        "p99_ms": ms(percentile(stats.all, 99)),
        "callback_p50_ms": ms(percentile(stats.callbacks, 50)),
        "callback_p95_ms": ms(percentile(stats.callbacks, 95)),
        "callback_p99_ms": ms(percentile(stats.callbacks, 99)),
        "mean_ms": ms(statistics.fmean(stats.all)) if stats.all else None,
        "errors": sum(stats.errors.values()), "error_kinds": stats.errors,
        "status": {str(k): v for k, v in sorted(stats.status.items())},
        "memory_mb_start": round(memory[0] / 1024, 1) if pid else None,
        "memory_mb_max": round(max(memory) / 1024, 1) if pid else None,
        "memory_mb_end": round(memory[-1] / 1024, 1) if pid else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8050")
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--think", type=float, default=1.0, help="mean pause between visits (s)")
    ap.add_argument("--pid", type=int, help="server's master process, for its memory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warmup", type=float, default=10, help="seconds of load before counting starts")
    ap.add_argument("--label", default="")
    ap.add_argument("--json", type=Path, help="append the result as one JSON line here")
    args = ap.parse_args()
    result = asyncio.run(run(args.url.rstrip("/"), args.users, args.seconds, args.think, args.pid, args.seed,
                             args.warmup))
    result["label"] = args.label
    print(json.dumps(result, indent=1))
    print(f"| {args.label} | {result['users']} | {result['requests_per_s']} | {result['p50_ms']} | "
          f"{result['p95_ms']} | {result['p99_ms']} | {result['errors']} | "
          f"{result['memory_mb_start']} → {result['memory_mb_max']} |")
    if args.json:
        with args.json.open("a", encoding="utf-8") as out:
            out.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
