"""`python -m dashboard.ingest fetch`: download every automatic source into the raw cache.

The cache has the raw folder's layout, so `build --raw <cache>` reads it like ../shared/data/raw.
Beside every file lies `<file>.meta.json`: URL (and query), retrieval time, the HTTP validators
(ETag, Last-Modified), sha256, size, licence and attribution. A download is checked (status,
content type, complete body, expected layout) in a temporary folder and only then moved into the
cache, so a failed source leaves its previous cache entry untouched. A later fetch sends the
validators and keeps the entry when the publisher answers 304 Not Modified.

Manual sources (sources.toml says why) are copied from the hand-maintained raw folder (--raw).
`--offline` downloads nothing: what the cache holds stays, gaps are filled from --raw.
A source of several PX-Web queries (`[[source.downloads]]`) enters the cache whole or not at all.
`fetch-status.json` in the cache records each source's last attempt; a build from the cache copies
a failure into the release manifest (the release then says which source was not refreshed).
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import socket
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import pcaxis, sources as source_list
from .errors import RawDataError

USER_AGENT = "innovative-location-dashboard (+https://github.com/) python-urllib"
# Content types a publisher may answer with, per format; an HTML page (a portal's error or login
# page) is never data.
CONTENT_TYPES = {
    "csv": ("text/csv", "text/plain", "application/csv", "application/octet-stream", "application/vnd.ms-excel"),
    "tsv": ("text/tab-separated-values", "text/plain", "application/octet-stream"),
    "px": ("application/octet-stream", "text/plain", "application/x-px", "text/x-pcaxis"),
    "geojson": ("application/json", "application/geo+json", "text/plain", "application/octet-stream"),
}
META = ".meta.json"
# In the cache root: per source, how its last fetch went (merged run by run). A build from the
# cache copies a failure into the manifest, so a release built with a stale copy says so.
STATUS = "fetch-status.json"


class FetchError(Exception):
    """One source could not be fetched; the message says what to do."""


@dataclass
class Result:
    source: str
    status: str  # downloaded | not-modified | copied | kept | failed
    detail: str = ""
    # failed: when the cache entry still in place was retrieved (or copied); None = no earlier copy
    previous: str | None = None


def meta_path(path: Path) -> Path:
    return path.with_name(path.name + META)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _mirror(url: str, mirror: str | None) -> str:
    """Send a publisher URL to `mirror` (scheme://host:port) instead, same path and query (tests)."""
    if not mirror:
        return url
    m, u = urlsplit(mirror), urlsplit(url)
    return urlunsplit((m.scheme, m.netloc, u.path, u.query, ""))


def _request(src: source_list.Source, url: str, timeout: float, validators: dict) -> tuple[int, bytes, dict]:
    body = src.body() if src.method == "POST" else None
    req = urllib.request.Request(url, data=body, method=src.method, headers={"User-Agent": USER_AGENT})
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if validators.get("etag"):
        req.add_header("If-None-Match", validators["etag"])
    if validators.get("last_modified"):
        req.add_header("If-Modified-Since", validators["last_modified"])
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read()  # raises IncompleteRead when the body is shorter than Content-Length
            headers = {k.lower(): v for k, v in resp.headers.items()}
            length = headers.get("content-length")
            if length and length.isdigit() and int(length) != len(data):
                raise FetchError(f"truncated body: {len(data)} of {length} bytes")
            return resp.status, data, headers
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, b"", {}
        raise


class _Retryable(Exception):
    pass


def download(src: source_list.Source, *, timeout: float, retries: int, mirror: str | None,
             validators: dict, backoff: float = 1.0) -> tuple[int, bytes, dict]:
    """One source's response, retried with exponential back-off on server errors, time-outs,
    broken connections and truncated bodies; a 4xx is final."""
    url = _mirror(src.url, mirror)
    last = ""
    for attempt in range(1, max(1, retries) + 1):
        try:
            return _request(src, url, timeout, validators)
        except urllib.error.HTTPError as exc:
            if exc.code < 500 and exc.code != 429:
                raise FetchError(f"HTTP {exc.code} {exc.reason} from {src.url} — the table may have moved or "
                                 "been renamed; check the publisher's site and update dashboard/ingest/sources.toml") from None
            last = f"HTTP {exc.code} {exc.reason}"
        except (socket.timeout, TimeoutError) as exc:
            last = f"no answer within {timeout:g} s ({exc})"
        except (http.client.IncompleteRead, FetchError) as exc:
            last = f"truncated body ({exc})" if isinstance(exc, http.client.IncompleteRead) else str(exc)
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, (socket.timeout, TimeoutError)):
                last = f"no answer within {timeout:g} s"
            else:
                last = f"connection failed ({reason})"
        if attempt < retries:
            time.sleep(backoff * 2 ** (attempt - 1))
    raise FetchError(f"{last} from {src.url}, {retries} attempt(s); try again later or use --offline")


def check(src: source_list.Source, data: bytes, headers: dict) -> None:
    """The response is the table the import expects: content type, non-empty, layout."""
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    allowed = CONTENT_TYPES.get(src.format, ())
    if ctype and allowed and ctype not in allowed:
        raise FetchError(f"content type {ctype!r}, expected one of {', '.join(allowed)} — the publisher "
                         "answered with something else than the table (an error or portal page?)")
    if not data.strip():
        raise FetchError("empty body")
    if src.format in ("csv", "tsv"):
        first = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip()
        if src.format == "tsv" and "\\time" not in first.split("\t")[0].lower():
            raise FetchError(f"changed layout: first header cell {first.split(chr(9))[0]!r}, expected "
                             "'…,geo\\time' (Eurostat TSV)")
        if src.columns:
            sep = ";" if first.count(";") > first.count(",") else ","
            header = [c.strip().strip('"') for c in first.split(sep)]
            missing = [c for c in src.columns if c not in header]
            if missing:
                raise FetchError(f"changed column layout: no column(s) {', '.join(missing)} in the header; "
                                 "the import would stop — adapt the reader and sources.toml")
    if src.format == "geojson":
        try:
            json.loads(data)
        except ValueError as exc:
            raise FetchError(f"not JSON ({exc})") from None


def _write_entry(cache: Path, src: source_list.Source, files: dict[str, bytes], meta: dict) -> None:
    """Put a checked download into the cache: everything is written to a temporary folder first,
    then each file is moved in with a rename, the metadata last."""
    tmp = cache / f".tmp-fetch-{src.id}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        staged = []
        for rel, data in files.items():
            p = tmp / rel.replace("/", "__")
            p.write_bytes(data)
            staged.append((p, cache / rel))
        m = tmp / "meta"
        m.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        staged.append((m, meta_path(cache / src.file)))
        for p, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(p, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _meta(src: source_list.Source, files: dict[str, bytes], **extra) -> dict:
    return {"source": src.id, "publisher": src.publisher, "table": src.table, "title": src.title,
            "url": src.url, "method": src.method, "query": src.query, "licence": src.licence,
            "attribution": src.attribution, "manual": src.manual,
            "sha256": hashlib.sha256(files[src.file]).hexdigest(), "bytes": len(files[src.file]),
            **({"download": src.download, "download_sha256": hashlib.sha256(files[src.download]).hexdigest()}
               if src.download and src.download in files else {}),
            **extra}


def fetch_many(src: source_list.Source, cache: Path, *, timeout: float, retries: int, mirror: str | None,
               backoff: float = 1.0) -> Result:
    """A source made of several PX-Web answers: every query is asked and checked, then one reshape
    combines them; the cache takes all of them or, if any fails, none (its previous entry stays)."""
    answers, files, parts = [], {}, []
    for d in src.downloads:
        try:
            status, data, headers = download(d, timeout=timeout, retries=retries, mirror=mirror,
                                             validators={}, backoff=backoff)
            check(src, data, headers)
        except FetchError as exc:
            raise FetchError(f"table {d.table}: {exc}") from None
        answers.append((d.table, data))
        files[d.download] = data
        parts.append({"table": d.table, "url": d.url, "query": d.query, "download": d.download,
                      "sha256": hashlib.sha256(data).hexdigest(), "etag": headers.get("etag"),
                      "last_modified": headers.get("last-modified")})
    try:
        files[src.file] = pcaxis.to_layouts(answers, src.layout,
                                            [f"{d.table} ({d.url})" for d in src.downloads]).encode("utf-8")
    except RawDataError as exc:
        raise FetchError(f"changed layout: {exc}") from None
    _write_entry(cache, src, files, _meta(src, files, retrieved=_now(), downloads=parts))
    return Result(src.id, "downloaded", f"{len(answers)} tables, {sum(len(a) for _, a in answers) / 1024:.0f} kB")


def fetch_one(src: source_list.Source, cache: Path, *, timeout: float, retries: int, mirror: str | None,
              backoff: float = 1.0) -> Result:
    if src.downloads:
        return fetch_many(src, cache, timeout=timeout, retries=retries, mirror=mirror, backoff=backoff)
    old = {}
    if meta_path(cache / src.file).is_file() and (cache / src.file).is_file():
        try:
            old = json.loads(meta_path(cache / src.file).read_text(encoding="utf-8"))
        except ValueError:
            old = {}
    validators = {"etag": old.get("etag"), "last_modified": old.get("last_modified")} if old.get("url") == src.url else {}
    status, data, headers = download(src, timeout=timeout, retries=retries, mirror=mirror,
                                     validators=validators, backoff=backoff)
    if status == 304:
        old["checked"] = _now()
        meta_path(cache / src.file).write_text(json.dumps(old, ensure_ascii=False, indent=1), encoding="utf-8")
        return Result(src.id, "not-modified", f"unchanged since {old.get('retrieved')}")
    check(src, data, headers)
    files = {src.downloaded_as: data}
    described = _metadata(src, files, timeout=timeout, mirror=mirror)
    if src.reshape == "px-long":
        try:
            files[src.file] = pcaxis.to_long(data, src.url, table=src.table).encode("utf-8")
        except RawDataError as exc:
            raise FetchError(f"changed layout: {exc}") from None
    elif src.reshape == "px-layout":
        try:
            files[src.file] = pcaxis.to_layout(data, src.layout, src.url,
                                               download=Path(src.download).name).encode("utf-8")
        except RawDataError as exc:
            raise FetchError(f"changed layout: {exc}") from None
    _write_entry(cache, src, files, _meta(src, files, retrieved=_now(), etag=headers.get("etag"),
                                          last_modified=headers.get("last-modified"),
                                          content_type=headers.get("content-type"),
                                          **({"metadata": described} if described else {})))
    return Result(src.id, "downloaded", f"{len(data) / 1024:.0f} kB"
                  + (f"; metadata not fetched ({described['error']})" if described and "error" in described else ""))


def metadata_path(src: source_list.Source) -> str:
    """Where the publisher's metadata file is kept: beside `file`, under its own name."""
    return src.file.rsplit("/", 1)[0] + "/" + src.metadata.rsplit("/", 1)[-1]


def _metadata(src: source_list.Source, files: dict[str, bytes], *, timeout: float, mirror: str | None) -> dict | None:
    """Fetch the publisher's column descriptions (sources.toml `metadata`) into `files`; say which
    expected columns it does not describe. A failure is recorded, never fatal: the data came."""
    if not src.metadata:
        return None
    probe = source_list.Download(table=src.table, url=src.metadata, query="", download="", method="GET")
    try:
        status, data, headers = download(probe, timeout=timeout, retries=2, mirror=mirror, validators={}, backoff=0.5)
        if not data.strip():
            raise FetchError("empty body")
    except FetchError as exc:
        return {"url": src.metadata, "error": str(exc).split(" from ")[0]}
    rel = metadata_path(src)
    files[rel] = data
    text = data.decode("utf-8-sig", errors="replace")
    sep = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    codes = {line.split(sep, 1)[0].strip().strip('"') for line in text.splitlines()[1:] if line.strip()}
    return {"url": src.metadata, "file": rel, "sha256": hashlib.sha256(data).hexdigest(),
            "not_described": [c for c in src.columns if c not in codes]}


def copy_one(src: source_list.Source, cache: Path, raw: Path) -> Result:
    """A manual source (or, offline, any source missing from the cache) from the raw folder."""
    # the PX answer of a "px-layout" source is an intermediate the hand-maintained folder lacks
    needed = [src.file] + ([src.download] if src.download and (src.reshape != "px-layout"
                                                               or (raw / src.download).is_file()) else [])
    needed += [d.download for d in src.downloads if (raw / d.download).is_file()]
    missing = [rel for rel in needed if not (raw / rel).is_file()]
    if missing:
        raise FetchError(f"{missing[0]} is not in the raw folder {raw}"
                         + (f" — {src.reason}; put the file there by hand" if src.manual else ""))
    if (cache / src.file).is_file() and meta_path(cache / src.file).is_file() and all(
            (cache / rel).read_bytes() == (raw / rel).read_bytes() for rel in needed if (cache / rel).is_file()):
        return Result(src.id, "kept", "same as the raw folder")
    files = {rel: (raw / rel).read_bytes() for rel in needed}
    prov = raw / src.file.split("/")[0] / "PROVENANCE.md"
    _write_entry(cache, src, files, _meta(src, files, retrieved=None, copied=_now(), copied_from=str(raw / src.file),
                                          provenance=str(prov) if prov.is_file() else None))
    return Result(src.id, "copied", "from the raw folder" + (" (manual source)" if src.manual else ""))


def fetch_all(cache: Path, raw: Path, *, only: list[str] | None = None, offline: bool = False,
              timeout: float = 60.0, retries: int = 3, mirror: str | None = None, backoff: float = 1.0,
              progress=print) -> list[Result]:
    everything = source_list.load()
    known = {s.id for s in everything}
    unknown = [o for o in (only or []) if o not in known]
    if unknown:
        raise FetchError(f"unknown source(s) {', '.join(unknown)}; the ids are in dashboard/ingest/sources.toml")
    chosen = [s for s in everything if not only or s.id in only]
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.glob(".tmp-fetch-*"):
        shutil.rmtree(stale, ignore_errors=True)
    results = []
    width = len(str(len(chosen)))
    for n, src in enumerate(chosen, start=1):
        start = time.perf_counter()
        label = f"[{n:>{width}}/{len(chosen)}] {src.id:<34}"
        try:
            if src.manual:
                r = copy_one(src, cache, raw)
            elif offline:
                r = (Result(src.id, "kept", "offline: cache entry kept")
                     if (cache / src.file).is_file() and meta_path(cache / src.file).is_file()
                     else copy_one(src, cache, raw))
            else:
                progress(f"{label} downloading {src.url[:70]} …", end="\r" if sys.stdout.isatty() else "\n")
                r = fetch_one(src, cache, timeout=timeout, retries=retries, mirror=mirror, backoff=backoff)
        except FetchError as exc:
            r = Result(src.id, "failed", str(exc), previous=_previous(cache, src))
        results.append(r)
        progress(f"{label} {r.status:<12} {r.detail} ({time.perf_counter() - start:.1f} s)")
    _record_status(cache, results)
    return results


def _previous(cache: Path, src: source_list.Source) -> str | None:
    """The retrieval (or copy) time of the cache entry a failed fetch left in place, or None."""
    if not ((cache / src.file).is_file() and meta_path(cache / src.file).is_file()):
        return None
    try:
        old = json.loads(meta_path(cache / src.file).read_text(encoding="utf-8"))
    except ValueError:
        return None
    return old.get("retrieved") or old.get("copied") or "unknown"


def read_status(cache: Path) -> dict:
    try:
        data = json.loads((Path(cache) / STATUS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _record_status(cache: Path, results: list[Result]) -> None:
    """Merge this run's outcome per source into STATUS (a source not fetched this time keeps its line)."""
    status = read_status(cache)
    now = _now()
    for r in results:
        if r.status == "kept" and status.get(r.source, {}).get("status") == "failed":
            continue  # offline: nothing was tried, the kept copy is still the one a fetch failed to renew
        status[r.source] = ({"status": "failed", "at": now, "error": r.detail, "kept": r.previous}
                            if r.status == "failed" else {"status": r.status, "at": now})
    tmp = cache / (STATUS + ".tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, cache / STATUS)


def run(args) -> int:
    return run_with_results(args)[0]


def run_with_results(args) -> tuple[int, list[Result]]:
    cache, raw = Path(args.cache), Path(args.raw)
    try:
        results = fetch_all(cache, raw, only=args.only, offline=args.offline, timeout=args.timeout,
                            retries=args.retries, mirror=os.environ.get("INNOLOC_FETCH_MIRROR"))
    except FetchError as exc:
        print(f"fetch not started: {exc}", file=sys.stderr)
        return 6, []
    failed = [r for r in results if r.status == "failed"]
    counts = {s: sum(r.status == s for r in results) for s in ("downloaded", "not-modified", "copied", "kept")}
    print(", ".join(f"{v} {k}" for k, v in counts.items() if v) + f", {len(failed)} failed — cache: {cache}")
    if failed:
        print("\nfailed (their previous cache entries are unchanged):", file=sys.stderr)
        for r in failed:
            kept = f"keeps the copy of {r.previous[:10]}" if r.previous else "no earlier copy in the cache"
            print(f"  {r.source}: {r.detail} — {kept}", file=sys.stderr)
        return 6, results
    print(f"next: python -m dashboard.ingest build --raw {cache}")
    return 0, results
