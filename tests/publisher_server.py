"""A local stand-in for the publishers' machine interfaces (127.0.0.1 only), for the fetch tests.

It answers every automatic source of dashboard/ingest/sources.toml under the publisher's own URL
path (PX-Web POST /SiStatData/api/v1/sl/Data/<table>.px with a JSON query -> the SURS PX file,
Eurostat /eurostat/api/dissemination/sdmx/2.1/data/… -> TSV, Statistik Austria /data/OGDEXT_… ->
CSV, GitHub raw paths -> GeoJSON) with the real files of the raw folder, sends ETag and
Last-Modified and honours If-None-Match. A "px-layout" source (the raw folder holds only the
re-shaped export, not a PX) is answered with a PX built from that file's own cells (`px_from_layout`),
so its reshape must give the file back. `faults[path]` makes one path misbehave: "404", "500"
(always), "500-once", "timeout", "truncated", "html", or a callable bytes -> bytes (changed layout).
"""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import threading
import time
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.ingest import sources

TYPES = {"px": "application/octet-stream", "tsv": "text/tab-separated-values; charset=utf-8",
         "csv": "text/csv; charset=utf-8", "geojson": "application/json"}


def route(url: str) -> str:
    u = urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


class PublisherServer:
    def __init__(self, raw: Path, stall: float = 3.0):
        self.raw = Path(raw)
        self.stall = stall
        self.routes = {route(s.url): s for s in sources.load() if not s.manual}
        # built before serving (a second or so for the largest), so no request waits for it
        self.built = {s.id: _built(self.raw / s.file, s.id) for s in sources.load()
                      if not s.manual and s.reshape == "px-layout" and not s.downloads
                      and not (self.raw / s.download).is_file()}
        # a source of several PX-Web queries: each answered with a PX of its table's rows of the file
        self.queries = [(route(d.url), json.loads(d.query), s, d) for s in sources.load()
                        if not s.manual for d in s.downloads]
        for s in {q[2] for q in self.queries}:
            for d in s.downloads:
                self.built[(s.id, d.table)] = ((self.raw / d.download).read_bytes() if (self.raw / d.download).is_file()
                                               else px_from_long(self.raw / s.file, s, d))
        # a Statistik Austria OGD table's column descriptions (<table>_HEADER.csv): the raw folder has
        # none, so the stand-in describes the raw file's own header line (code;name)
        self.metadata = {route(s.metadata): s for s in sources.load() if not s.manual and s.metadata}
        self.faults: dict[str, object] = {}
        self.hits: dict[str, int] = {}
        self.bodies: dict[str, bytes] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server._answer(self, None)

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                server._answer(self, self.rfile.read(n))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def path_of(self, source_id: str) -> str:
        return route(sources.by_id()[source_id].url)

    def _send(self, h, code: int, body: bytes, ctype: str, extra: dict | None = None, length: int | None = None):
        h.send_response(code)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def _answer(self, h, body: bytes | None):
        path = h.path
        self.hits[path] = self.hits.get(path, 0) + 1
        src = self.routes.get(path)
        part = None
        if body is not None:  # two sources may query one PX-Web table differently
            src = next((s for s in sources.load() if not s.manual and s.query and route(s.url) == path
                        and json.loads(s.query) == json.loads(body)), src)
            src, part = next(((s, d) for p, q, s, d in self.queries if p == path and q == json.loads(body)),
                             (src, None))
        if src is None and path in self.metadata:
            if self.faults.get(path) == "404":
                return self._send(h, 404, b"<html>not found</html>", "text/html")
            raw_header = (self.raw / self.metadata[path].file).read_text(encoding="utf-8-sig").split("\n", 1)[0]
            codes = [c.strip().strip('"') for c in raw_header.split(";")]
            body = ("code;name\r\n" + "".join(f"{c};{c} (stand-in)\r\n" for c in codes)).encode("utf-8")
            return self._send(h, 200, body, "text/csv; charset=utf-8")
        if src is None:
            return self._send(h, 404, b"<html>not found</html>", "text/html")
        if src.method == "POST":
            if body is None:
                return self._send(h, 405, b"POST a PX-Web query", "text/plain")
            query = json.loads(body)
            if query.get("response", {}).get("format") != "px":
                return self._send(h, 400, b"format", "text/plain")
            self.bodies[path] = body
        fault = self.faults.get(path)
        if fault == "500-once":
            self.faults.pop(path)
            return self._send(h, 500, b"busy", "text/plain")
        if fault in ("404", "500"):
            return self._send(h, int(fault), b"<html>error</html>", "text/html")
        if fault == "timeout":
            time.sleep(self.stall)
        data = (self.built[(src.id, part.table)] if part else
                self.built.get(src.id) or (self.raw / src.downloaded_as).read_bytes())
        if callable(fault):
            data = fault(data)
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if fault is None and h.headers.get("If-None-Match") == etag:
            return self._send(h, 304, b"", TYPES[src.format], {"ETag": etag})
        extra = {"ETag": etag, "Last-Modified": "Wed, 12 Nov 2025 08:00:00 GMT"}
        if fault == "truncated":
            return self._send(h, 200, data[: len(data) // 2], TYPES[src.format], extra, length=len(data))
        ctype = "text/html; charset=utf-8" if fault == "html" else TYPES[src.format]
        try:
            self._send(h, 200, data, ctype, extra)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _px_strings(items) -> str:
    return ",".join('"' + str(i).replace('"', "'") + '"' for i in items)


@lru_cache(maxsize=None)
def _built(path: Path, source_id: str) -> bytes:
    return px_from_layout(path, sources.by_id()[source_id])


def px_from_layout(path: Path, src) -> bytes:
    """A PC-Axis answer holding exactly the cells of a re-shaped raw file: the inverse of
    pcaxis.to_layout for `src.layout`. Variables and their values in the file's order (the fastest
    changing variable last), labels recoded back, pivoted columns folded back into their variable,
    numbers and SURS symbols as the file has them. A combination the file lacks is '".."'."""
    spec = src.layout["columns"]
    recode = {v: {text: label for label, text in m.items()} for v, m in src.layout.get("recode", {}).items()}
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    pivot = {col: s[len("value:"):].split("=", 1) for col, s in spec.items() if s.startswith("value:")}
    variables: dict[str, dict] = {}  # var -> {code: label}, in first-seen order
    cells: dict[tuple, str] = {}
    for var, label in pivot.values():
        variables.setdefault(var, {})[label] = label
    for var in recode:  # a total the layout drops (to_layout keeps only the recoded labels)
        variables.setdefault(var, {})[f"{var} - SKUPAJ"] = f"{var} - SKUPAJ"
    for row in rows:
        key = {}
        for col, s in spec.items():
            if s.startswith(("code:", "label:")):
                kind, var = s.split(":", 1)
                key.setdefault(var, {})[kind] = recode.get(var, {}).get(row[col], row[col])
        for var, k in key.items():
            code = k.get("code") or k["label"]
            variables.setdefault(var, {}).setdefault(code, k.get("label", code))
        base = tuple((v, k.get("code") or k["label"]) for v, k in key.items())
        if pivot:
            for col, (var, label) in pivot.items():
                cells[base + ((var, label),)] = row[col]
        else:
            cells[base] = row.get("flag") if row.get("flag") else row["value"]
    order = list(variables)
    seq = [dict(k) for k in cells]
    changes = {v: sum(a.get(v) != b.get(v) for a, b in zip(seq, seq[1:])) for v in order}
    order.sort(key=lambda v: changes[v])  # slowest first: PX order reproduces the file's order
    key_order = [v for v, _ in next(iter(cells))]
    tokens = []
    for combo in itertools.product(*(list(variables[v]) for v in order)):
        at = dict(zip(order, combo))
        tok = cells.get(tuple((v, at[v]) for v in key_order))
        if tok is None or tok == "":
            tok = '".."'
        elif not tok.replace(".", "", 1).lstrip("-").isdigit():
            tok = f'"{tok}"'
        tokens.append(tok)
    head = [f'CHARSET="ANSI";', 'CODEPAGE="windows-1250";', f'MATRIX="{src.table}";',
            f"STUB={_px_strings(order[:-1])};", f"HEADING={_px_strings(order[-1:])};"]
    for v in order:
        head.append(f'VALUES("{v}")={_px_strings(variables[v].values())};')
        head.append(f'CODES("{v}")={_px_strings(variables[v])};')
    text = "\n".join(head) + "\nDATA=\n" + " ".join(tokens) + ";\n"
    return text.encode("windows-1250")


def px_from_long(path: Path, src, d) -> bytes:
    """A bilingual PX answer to download `d` of a several-table source, holding exactly the rows of
    the combined raw file whose table is d.table: region x year x measure, in the file's order. The
    variables are named as d's query names them; the raw file has English labels only, so the
    stand-in gives them as both the Slovenian and the English labels (the reshape reads VALUES[en])."""
    spec = src.layout["columns"]
    col = {kind: next(c for c, v in spec.items() if v.startswith(kind)) for kind in ("table", "map:", "code:LETO")}
    region_col = next(c for c, v in spec.items() if v.startswith("label_en:") and v.endswith(spec[col["map:"]][4:]))
    measure_spec = next(v for c, v in spec.items() if v.startswith("label_en:") and c != region_col)
    query = json.loads(d.query)["query"]
    names = [q["code"] for q in query]
    measure_var = next(v for v in measure_spec[9:].split("|") if v in names)
    region_var, year_var = spec[col["map:"]][4:], "LETO"
    rows = [r for r in csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")))
            if r[col["table"]] == d.table]
    measure_col = next(c for c, v in spec.items() if v == measure_spec)
    regions = {r[col["map:"]]: r[region_col] for r in rows}  # code (NUTS) -> label, file order
    years = list(dict.fromkeys(r[col["code:LETO"]] for r in rows))
    measures = list(dict.fromkeys(r[measure_col] for r in rows))
    cells = {(r[col["map:"]], r[col["code:LETO"]], r[measure_col]): r["flag"] or r["value"] for r in rows}
    fixed = [(q["code"], q["selection"]["values"][0]) for q in query
             if q["code"] not in (region_var, year_var, measure_var)]
    keys = [(r[col["map:"]], r[col["code:LETO"]], r[measure_col]) for r in rows]
    changes = [sum(a[i] != b[i] for a, b in zip(keys, keys[1:])) for i in range(3)]
    order = sorted(range(3), key=lambda i: changes[i])  # slowest first: PX order gives the file's order
    grid = [list(regions), years, measures]
    tokens = []
    for combo in itertools.product(*(grid[i] for i in order)):
        key = [None] * 3
        for i, v in zip(order, combo):
            key[i] = v
        tok = cells.get(tuple(key)) or ".."
        tokens.append(tok if tok.replace(".", "", 1).lstrip("-").isdigit() else f'"{tok}"')
    three = [(region_var, list(regions.items())), (year_var, [(y, y) for y in years]),
             (measure_var, [(str(i + 1), m) for i, m in enumerate(measures)])]
    variables = [(v, [(c, f"{v} {c}")]) for v, c in fixed] + [three[i] for i in order]
    stub, heading = [v for v, _ in variables[:-2]], [v for v, _ in variables[-2:]]
    head = ['CHARSET="ANSI";', 'CODEPAGE="windows-1250";', 'LANGUAGE="sl";', 'LANGUAGES="sl","en";',
            f'MATRIX="{d.table}";', f"STUB={_px_strings(stub)};", f"HEADING={_px_strings(heading)};",
            f"STUB[en]={_px_strings(v + ' (en)' for v in stub)};",
            f"HEADING[en]={_px_strings(v + ' (en)' for v in heading)};"]
    for v, pairs in variables:
        head.append(f'VALUES("{v}")={_px_strings(lab for _, lab in pairs)};')
        head.append(f'VALUES[en]("{v} (en)")={_px_strings(lab for _, lab in pairs)};')
        head.append(f'CODES("{v}")={_px_strings(c for c, _ in pairs)};')
    return ("\n".join(head) + "\nDATA=\n" + " ".join(tokens) + ";\n").encode("windows-1250")


def fetch_cache(raw: Path, cache: Path) -> Path:
    """A raw cache filled the way a user fills it: every automatic source downloaded from the
    (local) publishers, every manual one copied from the raw folder."""
    return _fetch(raw, cache)[0]


def _fetch(raw: Path, cache: Path) -> tuple[Path, dict, dict[str, bytes]]:
    from dashboard.ingest.fetch import fetch_all
    with PublisherServer(raw) as server:
        results = fetch_all(cache, raw, mirror=server.url, timeout=20, retries=2, backoff=0.01,
                            progress=lambda *a, **k: None)
        bodies = dict(server.bodies)
    failed = [r for r in results if r.status == "failed"]
    assert not failed, failed
    return cache, {r.source: r for r in results}, bodies


_SHARED: dict[Path, tuple[Path, dict, dict[str, bytes]]] = {}


def shared_fetch(raw: Path, tmp_path_factory) -> tuple[Path, dict, dict[str, bytes]]:
    """One fetch per test process for the modules that test it or run their raw-folder tests on
    its cache too (filling it takes seconds; none of them writes to it): the cache, each source's
    result by id, and the request bodies the stand-in received by path."""
    if raw not in _SHARED:
        _SHARED[raw] = _fetch(raw, tmp_path_factory.mktemp("fetch-cache"))
    return _SHARED[raw]


def shared_fetch_cache(raw: Path, tmp_path_factory) -> Path:
    return shared_fetch(raw, tmp_path_factory)[0]
