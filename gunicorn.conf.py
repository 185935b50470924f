"""Production serving: `gunicorn -c gunicorn.conf.py app:server` (see README, "Deploying").

Sync workers by default: under a 100-user load test, threaded workers dropped 2–3 % of requests on
keep-alive connections; a sync worker serves one request at a time and is safe. The app finishes
Dash's set-up at import (app.py `_finish_setup`), and `preload_app` imports it once in the master,
so workers fork with the data loaded and every callback registered.

Every setting can be changed from the environment:
  INNOLOC_BIND       address to listen on (default 127.0.0.1:8050; behind a reverse proxy)
  INNOLOC_WORKERS    worker processes (default: 2 per CPU core + 1, at most 8)
  INNOLOC_THREADS    threads per worker (default 1 = sync workers)
  INNOLOC_TIMEOUT    seconds a request may take before its worker is restarted (default 30)
"""
from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("INNOLOC_BIND", "127.0.0.1:8050")
workers = _int("INNOLOC_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _int("INNOLOC_THREADS", 1)
worker_class = "sync" if threads == 1 else "gthread"
timeout = _int("INNOLOC_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 2
preload_app = True
# A worker is replaced after this many requests (with jitter, so they do not restart together):
# bounds any slow growth of memory in a long-running process.
max_requests = 5000
max_requests_jitter = 500
# Request line and headers: a link is at most a few kB (the slides' share links stay under 2 kB).
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("INNOLOC_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("INNOLOC_LOG_LEVEL", "info")
proc_name = "innovative-location"
control_socket_disable = True  # a fixed socket path: two instances on one machine would collide
