"""Data releases: every build is a complete, self-describing folder; data/ is switched to it as a whole.

Layout (data/README.md explains it for users):

    data/places.csv … boundaries.geojson, manifest.json   the current release (what the app reads)
    data/releases/<id>/                                    every built release, complete, with manifest.json
    data/.switch.json                                      only while a switch is under way (journal)

A build writes the new release into `data/releases/.tmp-<id>/` and renames it to
`data/releases/<id>/` (one atomic rename: the release folder is either absent or complete). Then it
switches data/ to it: it first writes the journal `.switch.json` naming the target (atomically),
replaces each file of data/ by the release's copy (each with an atomic rename, manifest.json last)
and deletes the journal. A process killed during the switch leaves the journal behind; every
command of the import (and `recover()`) first finishes that switch from the complete release
folder, so data/ is only ever the old release, the new one, or — while the journal exists — on its
way to the named one, never a mix that stays. `rollback` is the same switch to the previous release.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

FILES = ("places.csv", "indicators.csv", "observations.csv", "boundaries.geojson")
# In every release built since the map got its context layer; releases before it lack them and stay
# complete (a switch to one removes them from data/, so data/ is exactly the release it names).
OPTIONAL = ("context.geojson",)
MANIFEST = "manifest.json"
RELEASES = "releases"
JOURNAL = ".switch.json"
_TMP = ".tmp-"
ROOT = Path(__file__).resolve().parents[2]


class ReleaseError(Exception):
    """A release operation that cannot be done (no previous release, unknown id)."""


def _pause() -> None:
    """Test hook: INNOLOC_BUILD_PAUSE seconds between steps, so kill tests hit every step."""
    delay = float(os.environ.get("INNOLOC_BUILD_PAUSE", "0") or 0)
    if delay:
        time.sleep(delay)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _replace_atomically(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    _fsync_write(tmp, data)
    os.replace(tmp, target)


def code_state(root: Path = ROOT) -> dict:
    """The git commit of the code that builds a release and the files of the import
    (dashboard/ingest) that differ from it. "+dirty" is only ever recorded with that list, so a
    reader can tell what differed; a build on a clean checkout records the bare commit."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--", "dashboard/ingest"], cwd=root,
                                capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        head, status = "", ""
    if not head:
        from importlib.metadata import PackageNotFoundError, version
        try:
            return {"code_version": "innovative-location " + version("innovative-location")}
        except PackageNotFoundError:
            return {"code_version": "unknown"}
    changed = sorted(line[3:].strip() for line in status.splitlines() if line.strip())
    if not changed:
        return {"code_version": head}
    return {"code_version": head + "+dirty", "code_changes": changed}


def code_version(root: Path = ROOT) -> str:
    """The git commit of the code that built a release (+dirty when the import code has local changes)."""
    return code_state(root)["code_version"]


def previous_here(out: Path, manifest: dict | None) -> bool:
    """Whether the release `manifest` was built after is kept on this machine (data/releases/ is not
    part of the repository: on a fresh clone the shipped release's predecessor is elsewhere)."""
    prev = (manifest or {}).get("previous")
    return bool(prev) and (Path(out) / RELEASES / prev / MANIFEST).is_file()


def no_earlier_release(out: Path) -> str:
    """Why there is nothing to roll back to, in words a user acts on."""
    m = read_manifest(out) or {}
    cur, prev = m.get("release"), m.get("previous")
    if not prev:
        return f"no earlier release on this machine: data/ holds release {cur}, the first one recorded"
    return (f"no earlier release on this machine: data/ holds release {cur}, built after release {prev}, "
            f"which stays on the machine that built it (data/releases/ is not part of the repository). "
            f"Your first build here keeps {cur} under {Path(out) / RELEASES}, so you can roll back to it then.")


def read_manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def current(out: Path) -> str | None:
    """The id of the release data/ holds (None for data/ without a manifest)."""
    m = read_manifest(out)
    return m.get("release") if m else None


def releases(out: Path) -> list[dict]:
    """Every complete release under data/releases/, oldest first."""
    folder = Path(out) / RELEASES
    found = []
    if folder.is_dir():
        for d in sorted(folder.iterdir()):
            m = read_manifest(d) if d.is_dir() and not d.name.startswith(".") else None
            if m and all((d / f).is_file() for f in FILES):
                found.append(m)
    return sorted(found, key=lambda m: (m.get("built") or "", m["release"]))  # a kept shipped-… has built None


def new_id(out: Path, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    base = now.strftime("%Y%m%dT%H%M%SZ")
    rid, n = base, 1
    while (Path(out) / RELEASES / rid).exists():
        n += 1
        rid = f"{base}-{n}"
    return rid


def recover(out: Path) -> str | None:
    """Finish a switch a killed process left behind and delete half-written release folders.
    Returns the release id the interrupted switch was completed to, or None."""
    out = Path(out)
    done = None
    journal = out / JOURNAL
    if journal.is_file():
        try:
            target = json.loads(journal.read_text(encoding="utf-8"))["to"]
        except (OSError, ValueError, KeyError, TypeError):
            target = None
        if target and (out / RELEASES / target / MANIFEST).is_file():
            _copy_into(out, out / RELEASES / target)
            done = target
        journal.unlink(missing_ok=True)
    for tmp in (out / RELEASES).glob(_TMP + "*") if (out / RELEASES).is_dir() else ():
        shutil.rmtree(tmp, ignore_errors=True)
    for tmp in out.glob(".*.tmp") if out.is_dir() else ():
        tmp.unlink(missing_ok=True)
    shutil.rmtree(out / ".build-tmp", ignore_errors=True)  # left by the import before releases
    return done


def _copy_into(out: Path, release: Path) -> None:
    for name in OPTIONAL:
        if (release / name).is_file():
            _replace_atomically(out / name, (release / name).read_bytes())
        else:
            (out / name).unlink(missing_ok=True)
    for name in (*FILES, MANIFEST):  # manifest last: it names the release data/ now holds
        _replace_atomically(out / name, (release / name).read_bytes())
        _pause()


def switch(out: Path, rid: str) -> None:
    """Make data/ hold release `rid` (journalled, see the module docstring)."""
    out = Path(out)
    release = out / RELEASES / rid
    if not (release / MANIFEST).is_file():
        raise ReleaseError(f"unknown release {rid!r}: no {MANIFEST} in {release}")
    _replace_atomically(out / JOURNAL, json.dumps({"to": rid, "from": current(out)}).encode())
    _pause()
    _copy_into(out, release)
    (out / JOURNAL).unlink()


def keep_current(out: Path) -> str | None:
    """Copy data/ into data/releases/ if it is not there yet (the shipped data of a fresh clone),
    so that it can be rolled back to. Returns its release id."""
    out = Path(out)
    if not all((out / f).is_file() for f in FILES):
        return None
    m = read_manifest(out)
    if m is None:
        digest = hashlib.sha256(b"".join(sha256(out / f).encode() for f in FILES)).hexdigest()[:12]
        m = {"release": f"shipped-{digest}", "built": None, "previous": None, "code_version": None,
             "note": "data/ as it was before releases were recorded", "sources": [],
             "files": {f: sha256(out / f) for f in FILES}}
    rid = m["release"]
    if (out / RELEASES / rid / MANIFEST).is_file():
        return rid
    _stage(out, rid, {f: (out / f).read_bytes() for f in (*FILES, *OPTIONAL) if (out / f).is_file()}, m)
    return rid


def _stage(out: Path, rid: str, payload: dict[str, bytes], manifest: dict, changes=None) -> Path:
    """Write a complete release folder under a temporary name, then rename it into place.
    `changes(folder)`: what to record under "changes" in the manifest, from the written files."""
    base = Path(out) / RELEASES
    base.mkdir(parents=True, exist_ok=True)
    tmp = base / (_TMP + rid)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for name, data in payload.items():
        _fsync_write(tmp / name, data)
        _pause()
    if changes is not None:
        manifest = {**manifest, "changes": changes(tmp)}
    _fsync_write(tmp / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    final = base / rid
    os.rename(tmp, final)  # atomic: the release folder appears complete or not at all
    _pause()
    return final


def source_records(raw: Path, opened: list[str]) -> list[dict]:
    """Per source the import read: file, retrieval date (from the fetch metadata beside it, where
    there is one), sha256 and size."""
    from .fetch import read_status
    from .sources import load
    by_file = {s.file: s for s in load()}
    status = read_status(raw)  # a fetch cache: how each source's last fetch went
    out = []
    for rel in opened:
        path = Path(raw) / rel
        meta = {}
        meta_path = path.with_name(path.name + ".meta.json")
        if meta_path.is_file():
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except ValueError:
                meta = {}
        s = by_file.get(rel)
        out.append({"id": s.id if s else None, "file": rel, "publisher": s.publisher if s else None,
                    "table": s.table if s else None, "url": meta.get("url") or (s.url if s else None),
                    "manual": bool(s.manual) if s else None, "retrieved": meta.get("retrieved"),
                    "sha256": sha256(path), "bytes": path.stat().st_size})
        last = status.get(s.id) if s else None
        if isinstance(last, dict) and last.get("status") == "failed":
            # built from the copy a failed fetch left in place: the release says so
            out[-1]["fetch_failed"] = {"at": last.get("at"), "error": last.get("error")}
    return out


def publish(payload: dict[str, bytes], out: Path, *, rows: dict, sources: list[dict],
            now: datetime | None = None) -> str:
    """Write the files in `payload` (name -> bytes: FILES and OPTIONAL) as a new release and switch
    data/ to it, keeping the previous release for rollback. Returns the new release id."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    previous = keep_current(out)
    now = now or datetime.now(timezone.utc)
    rid = new_id(out, now)
    manifest = {
        "release": rid,
        "built": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "previous": previous,
        "previous_kept": "in data/releases/ of the machine that built this release only (not in the repository)",
        **code_state(),
        "rows": rows,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in payload.items()},
        "sources": sources,
    }
    _stage(out, rid, payload, manifest, changes=lambda folder: _changes(out, folder, previous, rid))
    switch(out, rid)
    return rid


def _changes(out: Path, folder: Path, previous: str | None, rid: str) -> dict | None:
    """The changelog against the previous release, kept in the manifest so that the Data page can
    show it wherever data/ goes (data/releases/ is not shipped)."""
    if previous is None:
        return None
    from .diff import brief, compare
    try:
        return brief(compare(out, folder, previous, rid))
    except Exception as exc:  # a changelog must never stop a build; say why it is missing
        return {"against": previous, "error": f"{type(exc).__name__}: {exc}"}


def rollback(out: Path, to: str | None = None) -> str:
    """Switch data/ back to the release before the current one (or to release `to`)."""
    out = Path(out)
    recover(out)
    if to is None:
        m = read_manifest(out)
        if not previous_here(out, m):
            raise ReleaseError(no_earlier_release(out))
        to = m["previous"]
    switch(out, to)
    return to
