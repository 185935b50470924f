"""`python -m dashboard.ingest [build|fetch|diff|rollback|releases] …`: data releases from the official sources.

    update     fetch, then build from the cache, then show what changed (the one command to refresh)
    fetch      download every automatic source into the raw cache (see sources.toml)
    build      import the raw folder into a new release and switch data/ to it (the default)
    diff       what changed between two releases (default: the current one and its previous)
    rollback   switch data/ back to the previous release
    releases   list the releases kept under data/releases/
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..paths import data_dir, raw_dir
from . import releases
from .build import ValidationError, assemble, write
from .errors import RawDataError

COMMANDS = ("update", "build", "fetch", "diff", "rollback", "releases")


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]  # `python -m dashboard.ingest --raw … --out …` stays a build
    ap = argparse.ArgumentParser(prog="python -m dashboard.ingest", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="import the raw folder into a new release of data/")
    b.add_argument("--raw", default=str(raw_dir()), help="raw folder or fetch cache (default: %(default)s)")
    b.add_argument("--out", default=str(data_dir()), help="data folder (default: %(default)s)")
    f = sub.add_parser("fetch", help="download the sources into the raw cache")
    f.add_argument("--cache", default=str(default_cache()), help="raw cache folder (default: %(default)s)")
    f.add_argument("--raw", default=str(raw_dir()),
                   help="hand-maintained raw folder the manual sources are copied from (default: %(default)s)")
    f.add_argument("--only", action="append", metavar="SOURCE", help="fetch only this source id (repeatable)")
    f.add_argument("--offline", action="store_true",
                   help="download nothing: keep what the cache holds, fill gaps from --raw")
    f.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default: %(default)s)")
    f.add_argument("--retries", type=int, default=3, help="attempts per source (default: %(default)s)")
    u = sub.add_parser("update", help="fetch every source, build a new release from the cache, show what changed")
    u.add_argument("--cache", default=str(default_cache()), help="raw cache folder (default: %(default)s)")
    u.add_argument("--raw", default=str(raw_dir()),
                   help="hand-maintained raw folder the manual sources are copied from (default: %(default)s)")
    u.add_argument("--out", default=str(data_dir()), help="data folder (default: %(default)s)")
    u.add_argument("--offline", action="store_true", help="download nothing, build from the cache")
    u.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default: %(default)s)")
    u.add_argument("--retries", type=int, default=3, help="attempts per source (default: %(default)s)")
    u.add_argument("--strict", action="store_true",
                   help="build only if every source was fetched (default: a source that fails keeps its "
                        "previous cache entry, the build goes on and says so, exit code 7)")
    d = sub.add_parser("diff", help="what changed between two releases")
    d.add_argument("old", nargs="?", help="release id (default: the previous of NEW)")
    d.add_argument("new", nargs="?", help="release id (default: the current release)")
    d.add_argument("--out", default=str(data_dir()), help="data folder (default: %(default)s)")
    d.add_argument("--csv", help="also write every change to this CSV file")
    d.add_argument("--limit", type=int, default=20, help="revisions listed in the summary (default: %(default)s)")
    r = sub.add_parser("rollback", help="switch data/ back to the previous release")
    r.add_argument("--to", help="release id (default: the previous release)")
    r.add_argument("--out", default=str(data_dir()), help="data folder (default: %(default)s)")
    ls = sub.add_parser("releases", help="list the releases kept under data/releases/")
    ls.add_argument("--out", default=str(data_dir()), help="data folder (default: %(default)s)")
    args = ap.parse_args(argv)
    return {"update": update, "build": build, "fetch": fetch, "diff": diff, "rollback": rollback, "releases": list_releases}[
        args.command](args)


def default_cache() -> Path:
    return Path(os.environ.get("INNOLOC_CACHE", Path(__file__).resolve().parents[2] / ".raw-cache"))


def build(args) -> int:
    start = time.perf_counter()
    problem = _unwritable(Path(args.out))
    if problem:
        print(f"import not started, nothing written.\ncannot write the output: {problem}", file=sys.stderr)
        return 4
    try:
        dataset = assemble(args.raw)
    except RawDataError as exc:
        print(f"import stopped, data/ left unchanged.\nraw file problem: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"import stopped, data/ left unchanged.\nthe assembled dataset is invalid: {exc}", file=sys.stderr)
        return 3
    try:
        written = write(dataset, args.out)
    except OSError as exc:
        print(f"import stopped, data/ left unchanged.\ncannot write the output to {args.out}: {exc}", file=sys.stderr)
        return 4
    for path in written:
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} kB)")
    o = dataset["observations"]
    m = releases.read_manifest(Path(args.out)) or {}
    print(f"{len(dataset['places'])} places, {len(dataset['indicators'])} indicators, {len(o)} observations "
          f"in {time.perf_counter() - start:.1f} s")
    print(f"release {m.get('release')} is current (previous: {m.get('previous')}); "
          f"see what changed: python -m dashboard.ingest diff")
    return 0


def update(args) -> int:
    """fetch + build --raw <cache> + diff. One publisher failing does not block the others: the
    build goes on with that source's previous cache entry, names it (here and in the manifest,
    which the Data page shows) and exits 7. It stops before the build, data/ unchanged (exit 6),
    with --strict, or when a failed source has no earlier copy in the cache."""
    from .fetch import run_with_results
    args.only = None
    code, results = run_with_results(args)
    failed = [r for r in results if r.status == "failed"]
    if code and not failed:
        print("update stopped before the build, data/ left unchanged.", file=sys.stderr)
        return code
    if failed and (getattr(args, "strict", False) or any(r.previous is None for r in failed)):
        why = ("--strict: every source must be fetched" if getattr(args, "strict", False) else
               "no earlier copy in the cache of " + ", ".join(r.source for r in failed if r.previous is None))
        print(f"update stopped before the build, data/ left unchanged ({why}; see the failed sources above).",
              file=sys.stderr)
        return code
    if failed:
        print(f"\nbuilding with the previous cache entry of {len(failed)} source(s) that could not be refreshed:",
              file=sys.stderr)
        for r in failed:
            print(f"  {r.source}: copy of {r.previous[:10]} (fetch failed: {r.detail})", file=sys.stderr)
    before = releases.current(Path(args.out))
    code = build(argparse.Namespace(raw=args.cache, out=args.out))
    if code:
        return code
    if before is not None:
        print()
        code = diff(argparse.Namespace(out=args.out, old=None, new=None, csv=None, limit=20))
    if failed:
        print(f"\nrelease built, but {len(failed)} source(s) are not up to date: "
              + ", ".join(r.source for r in failed)
              + " (recorded in the manifest and on the Data page; run update again later, or --strict "
              "to build only when every source is fetched)", file=sys.stderr)
        return 7
    return code


def fetch(args) -> int:
    from .fetch import run
    return run(args)


def diff(args) -> int:
    from .diff import run
    return run(args)


def rollback(args) -> int:
    try:
        rid = releases.rollback(Path(args.out), args.to)
    except releases.ReleaseError as exc:
        print(f"rollback not done: {exc}", file=sys.stderr)
        return 5
    print(f"data/ now holds release {rid}")
    return 0


def list_releases(args) -> int:
    out = Path(args.out)
    releases.recover(out)
    cur = releases.current(out)
    found = releases.releases(out)
    if not found:
        print(f"no releases under {out / releases.RELEASES} (data/ is release {cur})")
    m = releases.read_manifest(out)
    if m and m.get("previous") and not releases.previous_here(out, m):
        print(f"data/ was built after release {m['previous']}, which is not on this machine "
              "(data/releases/ is not part of the repository): nothing to roll back to yet")
    for m in found:
        mark = "*" if m["release"] == cur else " "
        print(f"{mark} {m['release']:<24} built {m.get('built') or '?':<22} code {m.get('code_version') or '?'}")
    return 0


def _unwritable(out: Path) -> str | None:
    """Why `out` cannot take data/ (checked before the import runs), or None."""
    if out.exists() and not out.is_dir():
        return f"{out} is an existing file, not a folder"
    folder = out
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is a file, so {out} cannot be created"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{folder} is not writable"
    return None


if __name__ == "__main__":
    sys.exit(main())
