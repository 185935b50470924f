"""A synthetic dataset with N municipalities, built from the shipped data's real shapes and series,
for benchmarks at the size the dashboard must reach (all Slovenian and Austrian municipalities,
about 2,300 places):

    python bench/make_synthetic.py 2300 /tmp/innoloc-2300   # then INNOLOC_DATA=/tmp/innoloc-2300

Every real row is kept. Extra municipalities are copies of real ones (round robin, same country and
region): the polygon shifted by a whole number of map widths to the east or south (so no two
overlap and the map's extent grows as a real one would), every observation of the original scaled
by one random factor per copy (0.7-1.3; counts stay whole, flags and sources kept). Codes carry
the country as the app expects (`SI-5xx`... for Slovenia, `AT-9xxxx` for Austria). Not data: only
for timing. Deterministic (seeded), so two runs give the same files.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def _shift(geometry: dict, dx: float, dy: float) -> dict:
    def move(coords):
        if coords and isinstance(coords[0], (int, float)):
            return [round(coords[0] + dx, 4), round(coords[1] + dy, 4)]
        return [move(c) for c in coords]
    return {"type": geometry["type"], "coordinates": move(geometry["coordinates"])}


def build(n: int, out: Path, source: Path = ROOT / "data", seed: int = 14) -> None:
    places = pd.read_csv(source / "places.csv", dtype=str, keep_default_na=False)
    obs = pd.read_csv(source / "observations.csv", dtype=str, keep_default_na=False)
    indicators = pd.read_csv(source / "indicators.csv", dtype=str, keep_default_na=False)
    geo = json.loads((source / "boundaries.geojson").read_text(encoding="utf-8"))

    munis = places[places["level"] == "municipality"]
    extra = n - len(munis)
    if extra < 0:
        raise SystemExit(f"{n} is fewer than the {len(munis)} real municipalities")
    shapes = {f["properties"]["code"]: f for f in geo["features"]}
    originals = [c for c in munis["code"] if c in shapes]
    lons = [pt[0] for f in geo["features"] for pt in _points(f["geometry"])]
    lats = [pt[1] for f in geo["features"] for pt in _points(f["geometry"])]
    width, height = max(lons) - min(lons), max(lats) - min(lats)

    rng = np.random.default_rng(seed)
    is_count = set(indicators.loc[indicators["decimals"] == "0", "id"])
    by_place = {code: rows for code, rows in obs.groupby("place", sort=False)}
    new_places, new_obs, new_features = [], [], []
    counters = {"SI": 500, "AT": 90000}
    for k in range(extra):
        orig = originals[k % len(originals)]
        row = munis[munis["code"] == orig].iloc[0].copy()
        country = row["country"]
        number = counters[country]
        counters[country] += 1
        code = f"SI-{number:03d}" if country == "SI" else f"AT-{number:05d}"
        copy_no = k // len(originals) + 1
        row["code"], row["national_code"], row["partner"] = code, code.split("-")[1], "0"
        for col in ("name", "name_sl", "name_de", "name_en"):
            row[col] = f"{row[col]} {copy_no + 1}"
        for col in ("note_sl", "note_de", "note_en"):
            row[col] = ""
        new_places.append(row)
        feature = shapes[orig]
        dx, dy = width * (copy_no % 4 + (copy_no // 4 > 0)), -height * (copy_no // 4)
        new_features.append({"type": "Feature", "properties": {**feature["properties"], "code": code,
                                                               "name": row["name"]},
                             "geometry": _shift(feature["geometry"], dx, dy)})
        rows = by_place.get(orig)
        if rows is not None:
            rows = rows.copy()
            factor = rng.uniform(0.7, 1.3)
            values = rows["value"].astype(float) * factor
            whole = rows["indicator"].isin(is_count)
            rows["value"] = [f"{v:.0f}" if w else f"{v:.6g}" for v, w in zip(values, whole)]
            rows["place"] = code
            new_obs.append(rows)

    out.mkdir(parents=True, exist_ok=True)
    pd.concat([places, pd.DataFrame(new_places)]).to_csv(out / "places.csv", index=False)
    all_obs = pd.concat([obs, *new_obs]).sort_values(["indicator", "place", "year"], kind="stable")
    all_obs.to_csv(out / "observations.csv", index=False)
    shutil.copy(source / "indicators.csv", out / "indicators.csv")
    geo = {**geo, "features": geo["features"] + new_features}
    (out / "boundaries.geojson").write_text(json.dumps(geo, ensure_ascii=False, separators=(",", ":")),
                                            encoding="utf-8")
    for extra_file in ("manifest.json",):
        if (source / extra_file).is_file():
            shutil.copy(source / extra_file, out / extra_file)
    print(f"{out}: {len(places) + len(new_places)} places ({n} municipalities), {len(all_obs)} observations",
          file=sys.stderr)


def _points(geometry):
    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            yield coords
        else:
            for c in coords:
                yield from walk(c)
    return walk(geometry["coordinates"])


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("municipalities", type=int)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    build(args.municipalities, args.out)
