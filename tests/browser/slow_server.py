"""A server that answers a callback last-asked-first: the first of quick changes waits longest.

The init script delays the answers to the callback requests whose body names `marker` (an id):
the first by 1.5 s, the second by 0.8 s, later ones by 0.1 s, so an answer to an older change
arrives after a newer one, as on a loaded server or a slow network."""
from __future__ import annotations

import json

_SCRIPT = """(() => {
    const fetch0 = window.fetch; let n = 0;
    window.fetch = (url, opts) => {
        const body = (opts && typeof opts.body === "string") ? opts.body : "";
        if (!String(url).includes("_dash-update-component") || !body.includes(%s)) { return fetch0(url, opts); }
        const wait = Math.max(100, 1500 - 700 * n++);
        return fetch0(url, opts).then(r => new Promise(done => setTimeout(() => done(r), wait)));
    };
})();"""

SETTLED_MS = 1600  # every held-back answer is in


def answers_last_asked_first(page, marker: str) -> None:
    page.add_init_script(_SCRIPT % json.dumps(marker))
