"""What changed between two data releases: new years, revised values (with their size), removed
values, new or dropped places and indicators; a readable summary and a CSV, large revisions first."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import releases

LARGE_PCT = 5.0  # a revision larger than this (in % of the old value) is listed first
KEY = ["place", "indicator", "year"]
COLUMNS = ["kind", "place", "indicator", "year", "old", "new", "change", "change_pct", "large",
           "old_flags", "new_flags", "source"]
# order of the kinds in the CSV and the summary
KINDS = ("revised", "new_year", "added", "removed", "flags_changed", "new_place", "dropped_place",
         "new_indicator", "dropped_indicator")


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    changes: pd.DataFrame  # COLUMNS, large revisions first

    def count(self, kind: str) -> int:
        return int((self.changes.kind == kind).sum())

    def to_csv(self, path: Path | None = None) -> str:
        text = self.changes.to_csv(index=False, lineterminator="\n", float_format="%.6g")
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


def release_folder(out: Path, rid: str) -> Path:
    """A release id under data/releases/, 'current' for data/ itself, or a folder path."""
    out = Path(out)
    if rid == "current" or rid == releases.current(out):
        return out
    folder = out / releases.RELEASES / rid
    if (folder / releases.MANIFEST).is_file():
        return folder
    if Path(rid).is_dir():
        return Path(rid)
    raise releases.ReleaseError(f"unknown release {rid!r}: not under {out / releases.RELEASES}")


def _read(folder: Path) -> tuple[pd.DataFrame, set[str], set[str]]:
    o = pd.read_csv(folder / "observations.csv", dtype={"place": str, "indicator": str, "flags": str,
                                                        "source": str}, keep_default_na=False, na_values=[""])
    o["flags"] = o["flags"].fillna("")
    places = set(pd.read_csv(folder / "places.csv", dtype=str, usecols=["code"]).code)
    indicators = set(pd.read_csv(folder / "indicators.csv", dtype=str, usecols=["id"]).id)
    return o, places, indicators


def compare(old_folder: Path, new_folder: Path, old_id: str = "old", new_id: str = "new") -> Diff:
    a, a_places, a_ind = _read(Path(old_folder))
    b, b_places, b_ind = _read(Path(new_folder))
    m = a.merge(b, on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    rows = []
    both = m[m._merge == "both"]
    value_changed = (both.value_old - both.value_new).abs() > 1e-9
    rev = both[value_changed]
    rows.append(pd.DataFrame({"kind": "revised", **{k: rev[k] for k in KEY}, "old": rev.value_old,
                              "new": rev.value_new, "old_flags": rev.flags_old, "new_flags": rev.flags_new,
                              "source": rev.source_new}))
    fl = both[~value_changed & (both.flags_old != both.flags_new)]
    rows.append(pd.DataFrame({"kind": "flags_changed", **{k: fl[k] for k in KEY}, "old": fl.value_old,
                              "new": fl.value_new, "old_flags": fl.flags_old, "new_flags": fl.flags_new,
                              "source": fl.source_new}))
    added = m[m._merge == "right_only"]
    had_series = set(map(tuple, a[["place", "indicator"]].drop_duplicates().to_numpy()))
    is_new_year = [(p, i) in had_series and y > a_max for p, i, y, a_max in zip(
        added.place, added.indicator, added.year,
        added.set_index(["place", "indicator"]).index.map(
            a.groupby(["place", "indicator"]).year.max().to_dict()).fillna(10_000))]
    rows.append(pd.DataFrame({"kind": ["new_year" if n else "added" for n in is_new_year],
                              **{k: added[k] for k in KEY}, "new": added.value_new,
                              "new_flags": added.flags_new, "source": added.source_new}))
    gone = m[m._merge == "left_only"]
    rows.append(pd.DataFrame({"kind": "removed", **{k: gone[k] for k in KEY}, "old": gone.value_old,
                              "old_flags": gone.flags_old, "source": gone.source_old}))
    for kind, names, col in (("new_place", b_places - a_places, "place"), ("dropped_place", a_places - b_places, "place"),
                             ("new_indicator", b_ind - a_ind, "indicator"),
                             ("dropped_indicator", a_ind - b_ind, "indicator")):
        rows.append(pd.DataFrame({"kind": kind, col: sorted(names)}))
    ch = pd.concat([r for r in rows if len(r)], ignore_index=True) if any(len(r) for r in rows) else \
        pd.DataFrame(columns=COLUMNS)
    ch = ch.reindex(columns=COLUMNS)
    ch["change"] = ch.new - ch.old
    old_abs = ch.old.abs()
    ch["change_pct"] = (ch.change / old_abs * 100).where(old_abs > 0)
    ch["large"] = (ch.kind == "revised") & ((ch.change_pct.abs() > LARGE_PCT) | (old_abs == 0))
    ch["_k"] = ch.kind.map({k: n for n, k in enumerate(KINDS)})
    ch["_size"] = -ch.change_pct.abs().fillna(float("inf"))
    ch = ch.sort_values(["large", "_k", "_size", "indicator", "place", "year"],
                        ascending=[False, True, True, True, True, True], na_position="last")
    ch = ch.drop(columns=["_k", "_size"]).reset_index(drop=True)
    ch["year"] = ch.year.astype("Int64")
    return Diff(old_id, new_id, ch)


def brief(d: Diff, limit: int = 25) -> dict:
    """The changelog as plain data (for the manifest and the Data page): counts per kind, the last
    new year per indicator, the largest revisions (large first) and new or dropped places/indicators."""
    c = d.changes
    rev = c[c.kind == "revised"].head(limit)
    ny = c[c.kind == "new_year"].groupby("indicator").year.max()

    def num(v):
        return None if pd.isna(v) else float(v)
    return {
        "against": d.old,
        "counts": {k: d.count(k) for k in KINDS if d.count(k)},
        "large_revisions": int(c.large.sum()),
        "new_years": {i: int(y) for i, y in ny.items()},
        "revisions": [{"place": r.place, "indicator": r.indicator, "year": int(r.year), "old": num(r.old),
                       "new": num(r.new), "change_pct": num(r.change_pct), "large": bool(r.large)}
                      for r in rev.itertuples()],
        **{k: c[c.kind == k][col].tolist() for k, col in (("new_place", "place"), ("dropped_place", "place"),
                                                           ("new_indicator", "indicator"),
                                                           ("dropped_indicator", "indicator"))},
    }


def _num(v) -> str:
    return "" if pd.isna(v) else f"{v:,.4f}".rstrip("0").rstrip(".")


def summary(d: Diff, limit: int = 20) -> str:
    c = d.changes
    lines = [f"Changes from release {d.old} to {d.new}:"]
    if c.empty:
        return lines[0] + " none (every value, place and indicator is the same)."
    labels = {"revised": "revised values", "new_year": "values in new years", "added": "other new values",
              "removed": "removed values", "flags_changed": "values with changed flags",
              "new_place": "new places", "dropped_place": "dropped places",
              "new_indicator": "new indicators", "dropped_indicator": "dropped indicators"}
    for kind in KINDS:
        n = d.count(kind)
        if n:
            extra = ""
            if kind == "revised":
                extra = f" ({int(c.large.sum())} by more than {LARGE_PCT:g} %)"
            if kind == "new_year":
                ny = c[c.kind == kind].groupby("indicator").year.max()
                extra = " (" + ", ".join(f"{i} to {y}" for i, y in ny.items()) + ")"
            if kind in ("new_place", "dropped_place"):
                extra = ": " + ", ".join(c[c.kind == kind].place.head(10))
            if kind in ("new_indicator", "dropped_indicator"):
                extra = ": " + ", ".join(c[c.kind == kind].indicator)
            lines.append(f"  {n:>6} {labels[kind]}{extra}")
    rev = c[c.kind == "revised"].head(limit)
    if len(rev):
        lines.append(f"Revisions, largest first{' (first %d)' % limit if d.count('revised') > limit else ''}:")
        for r in rev.itertuples():
            pct = "" if pd.isna(r.change_pct) else f" ({r.change_pct:+.1f} %)"
            mark = "!" if r.large else " "
            lines.append(f" {mark} {r.indicator} {r.place} {r.year}: {_num(r.old)} -> {_num(r.new)}{pct}")
    return "\n".join(lines)


def recorded(manifest: dict, new: str, old: str) -> str:
    """What the build of `new` recorded about its changes, when `old` is not on this machine (a
    fresh clone: data/releases/ is not part of the repository)."""
    ch = manifest.get("changes") or {}
    counts = ch.get("counts") or {}
    lines = [f"Release {old} (the one {new} was built after) is not on this machine: data/releases/ is not "
             "part of the repository. The changes recorded when {new} was built:".replace("{new}", new)]
    if ch.get("error") or not ch:
        lines.append(f"  not recorded ({ch.get('error') or 'no changelog in the manifest'})")
    elif not counts:
        lines.append("  none (every value, flag, place and indicator the same)")
    else:
        lines += [f"  {n} {k.replace('_', ' ')}" for k, n in counts.items()]
        lines += [f"  {r['indicator']} {r['place']} {r['year']}: {r['old']} -> {r['new']}"
                  for r in (ch.get("revisions") or [])[:10]]
    lines.append("After your next build, `diff` compares it with this release value by value.")
    return "\n".join(lines)


def run(args) -> int:
    out = Path(args.out)
    releases.recover(out)
    try:
        new = args.new or releases.current(out) or "current"
        old = args.old
        if old is None:
            m = releases.read_manifest(release_folder(out, new)) or {}
            old = m.get("previous")
            if not old:
                print(f"release {new} has no previous release to compare with; name two releases "
                      "(python -m dashboard.ingest releases lists them)", file=sys.stderr)
                return 5
            if not (out / releases.RELEASES / old / releases.MANIFEST).is_file():
                print(recorded(m, new, old))
                return 0
        d = compare(release_folder(out, old), release_folder(out, new), old, new)
    except releases.ReleaseError as exc:
        print(f"diff not done: {exc}", file=sys.stderr)
        return 5
    print(summary(d, args.limit))
    stale = [s for s in (releases.read_manifest(release_folder(out, new)) or {}).get("sources") or []
             if s.get("fetch_failed")]
    if stale:
        print(f"Not refreshed in {new} (the previous copy was used, the fetch failed):")
        for s in stale:
            print(f"  {s.get('id')}: {s['fetch_failed'].get('error')}")
    if args.csv:
        d.to_csv(Path(args.csv))
        print(f"every change: {args.csv} ({len(d.changes)} rows)")
    return 0
