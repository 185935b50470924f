"""Assemble, validate and write the dataset; the existing data/ is replaced only by a dataset that passed."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from . import austria, boundaries, derive, eurostat, places, readers, releases, slovenia, slovenia_derived
from .catalogue import BY_ID, as_rows
from .errors import RawDataError
from .tables import COUNT_COLUMNS, OBS_COLUMNS, concat

AREA_SOURCE = {"SI": "GURS RPE (area)", "AT": "Statistik Austria boundaries (area)"}
FILES = ("places.csv", "indicators.csv", "observations.csv", "boundaries.geojson", "context.geojson")


class ValidationError(Exception):
    """The assembled dataset breaks a rule of data/README.md; nothing was written."""


def assemble(raw: Path) -> dict[str, object]:
    """The whole dataset from a raw folder (or fetch cache), validated; opens only the files
    named in sources.toml."""
    raw = Path(raw)
    try:
        return _assemble(raw)
    finally:
        readers.end_run()


def _assemble(raw: Path) -> dict[str, object]:
    if not raw.is_dir():
        raise RawDataError(raw, "raw data folder not found", expected="../shared/data/raw with si/, at/, geo/")
    readers.start_run(raw)
    si_m = slovenia.municipalities(raw)
    at_m = austria.municipalities(raw)
    # The statistics tables are read before the boundary geometry (seconds): a malformed table is
    # reported without waiting for it. The areas only fill the places table's area column.
    members = places.members(places.build(si_m, at_m, {}))

    si_counts, si_obs = slovenia.read(raw)
    at_counts, at_obs = austria.read(raw, set(at_m.place))
    si_places = set(si_m.place) | {"SI"}
    # Styria's age groups: Eurostat, whose AT22 totals equal the Statistik Austria ones in every year 2002–2022
    c = concat([si_counts, at_counts, eurostat.population_by_age(raw, ["AT", "AT22"])], COUNT_COLUMNS)
    c = concat([c, derive.difference(c, "pop_0_14", "pop", "pop_15plus", si_places)], COUNT_COLUMNS)
    c = slovenia.drop_former_territories(c[c.year >= 2000])
    municipal = c[c.place.str.contains("-")]
    regional = derive.sum_regions(municipal, {**members, "AT22": at_m.place.tolist()})
    c = concat([c, regional], COUNT_COLUMNS).drop_duplicates(["place", "measure", "year"], keep="first")
    # a municipality's count on a former territory served the sums above only
    c = c[~c["flags"].str.contains(austria.OLD_TERRITORY, regex=False)]

    published = [
        si_obs, slovenia.read_regions(raw), at_obs, austria.read_tourism_regions(raw),
        eurostat.gdp_per_inhabitant(raw, [*places.REGIONS, "AT22", "SI", "AT"]),
        eurostat.gdp_per_inhabitant(raw, [*places.REGIONS, "AT22", "SI", "AT"], "PPS_EU27_2020_HAB",
                                    "gdp_pps_per_inhabitant"),
    ]
    areas = boundaries.areas_km2(raw)
    geo = boundaries.build_geojson(raw)
    context = boundaries.build_context(raw, geo)
    table = places.build(si_m, at_m, areas)
    derived = [derive.population(c), derive.density(c, areas, AREA_SOURCE), derive.ratios(c)]
    o = concat([*published, *derived], OBS_COLUMNS)
    o = concat([o, slovenia_derived.observations(raw, o, c)], OBS_COLUMNS)
    o = slovenia.drop_former_territories(o).drop_duplicates(["place", "indicator", "year"], keep="first")
    o = o[o.place.isin(set(table.code))]
    o = o.sort_values(["indicator", "place", "year"], key=_sort_key(table)).reset_index(drop=True)
    catalogue = pd.DataFrame(as_rows())
    validate(table, catalogue, o, geo)
    readers.check_corrections_applied()
    return {"places": table, "indicators": catalogue, "observations": o, "boundaries": geo,
            "context": context, "raw_files": sorted(p.relative_to(raw).as_posix() for p in readers.OPENED), "raw": str(raw)}


def _sort_key(table: pd.DataFrame):
    order = {code: i for i, code in enumerate(table.code)}
    ind_order = {i: n for n, i in enumerate(BY_ID)}

    def key(col: pd.Series) -> pd.Series:
        if col.name == "place":
            return col.map(order)
        if col.name == "indicator":
            return col.map(ind_order)
        return col
    return key


def validate(table: pd.DataFrame, catalogue: pd.DataFrame, o: pd.DataFrame, geo: dict) -> None:
    problems = []
    if table.code.duplicated().any():
        problems.append(f"duplicate place codes: {table.code[table.code.duplicated()].tolist()}")
    partners = table[(table.partner == 1) & (table.level == "municipality")]
    if len(partners) != 16:
        problems.append(f"{len(partners)} partner municipalities instead of 16")
    if table.area_km2.isna().any():
        problems.append(f"places without area: {table.code[table.area_km2.isna()].tolist()[:5]}")
    unknown = set(o.indicator) - set(catalogue.id)
    if unknown:
        problems.append(f"observations of indicators not in the catalogue: {sorted(unknown)}")
    empty = set(catalogue.id) - set(o.indicator)
    if empty:
        problems.append(f"catalogue indicators without any observation: {sorted(empty)}")
    if o.duplicated(["place", "indicator", "year"]).any():
        problems.append("more than one value for a place, indicator and year")
    if not o.value.map(math.isfinite).all():
        problems.append("non-finite values")
    pct = o[o.indicator.map(lambda i: BY_ID[i].unit == "pct")]
    if ((pct.value < 0) | (pct.value > 100)).any():
        bad = pct[(pct.value < 0) | (pct.value > 100)].iloc[0]
        problems.append(f"percentage out of 0–100: {bad.place} {bad.indicator} {bad.year} = {bad.value}")
    if (o[o.indicator == "population"].value <= 0).any():
        problems.append("population not positive")
    drawn = {f["properties"]["code"] for f in geo["features"]}
    missing = set(table.code[table.level.isin(["municipality", "region"])]) - drawn
    if missing:
        problems.append(f"places without a boundary: {sorted(missing)[:5]}")
    if problems:
        raise ValidationError("; ".join(problems))


def _fmt(v) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        s = f"{round(v, 4):.4f}".rstrip("0").rstrip(".")
        return "0" if s in ("-0", "") else s
    return str(v)


def _csv(df: pd.DataFrame) -> str:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].map(_fmt)
    return out.to_csv(index=False, lineterminator="\n")


def payload(dataset: dict[str, object]) -> dict[str, bytes]:
    """The bytes of the four files of data/ (deterministic: same dataset, same bytes)."""
    return {
        "places.csv": _csv(dataset["places"]).encode("utf-8"),
        "indicators.csv": _csv(dataset["indicators"]).encode("utf-8"),
        "observations.csv": _csv(dataset["observations"]).encode("utf-8"),
        "boundaries.geojson": json.dumps(dataset["boundaries"], ensure_ascii=False,
                                         separators=(",", ":")).encode("utf-8"),
        "context.geojson": json.dumps(dataset["context"], ensure_ascii=False,
                                      separators=(",", ":")).encode("utf-8"),
    }


def write(dataset: dict[str, object], out: Path) -> list[Path]:
    """Write the dataset as a new release and switch `out` to it as a whole (releases.py), keeping
    the previous release for rollback; the manifest records sources, row counts and code version."""
    out = Path(out)
    rows = {"places": len(dataset["places"]), "indicators": len(dataset["indicators"]),
            "observations": len(dataset["observations"]),
            "boundaries": len(dataset["boundaries"].get("features", [])),
            "context": len(dataset["context"].get("features", []))}
    raw = dataset.get("raw")
    sources = releases.source_records(Path(raw), dataset["raw_files"]) if raw else []
    releases.publish(payload(dataset), out, rows=rows, sources=sources)
    return [out / name for name in FILES]
