"""Eurostat NUTS 3 tables (bulk TSV layout): GDP per inhabitant and population by broad age group.

`fetch` asks the dissemination API for SDMX-TSV (format=TSV) and keeps the answer as it comes, so
the cache holds the publisher's own file, byte for byte what the raw folder holds; the `eurostat`
and `sdmx1` packages return re-shaped frames instead (no snapshot of the file), and this reader is
a few lines, so neither is used."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .errors import RawDataError
from .readers import _YEAR, require_file, unique_keys
from .tables import counts, obs

_CELL = re.compile(r"^\s*([-0-9.]+)?\s*([a-z]*)\s*$")


def read_tsv(path: Path) -> pd.DataFrame:
    """Long table: one column per key dimension, then year, value, flags (publisher's letters)."""
    require_file(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise RawDataError(path, f"not UTF-8 text ({exc})", expected="a gunzipped Eurostat bulk TSV in UTF-8") from None
    except OSError as exc:
        raise RawDataError(path, f"cannot be read: {exc}") from None
    # bulk download: 'unit,geo\\time'; dissemination API (SDMX-TSV): 'freq,unit,geo\\TIME_PERIOD'
    if not lines or "\\time" not in lines[0].split("\t")[0].lower():
        raise RawDataError(path, "not a Eurostat bulk TSV", row=1, expected="first header cell like 'unit,geo\\time'")
    head = lines[0].split("\t")
    keys = head[0].split("\\")[0].split(",")
    years = [h.strip() for h in head[1:]]
    for year in years:
        if not _YEAR.match(year):
            raise RawDataError(path, f"year {year!r} is not a year", row=1, column=year, expected="a four-digit year")
    rows = []
    seen: dict[int, list[str]] = {}  # file row -> key, checked for duplicates below
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(head):
            raise RawDataError(path, f"{len(cells)} cells", row=n, expected=f"{len(head)} cells")
        key = cells[0].split(",")
        if len(key) != len(keys):
            raise RawDataError(path, f"key {cells[0]!r} has {len(key)} parts", row=n, column=head[0],
                               expected=f"{len(keys)} parts ({', '.join(keys)})")
        seen[n] = key
        for year, cell in zip(years, cells[1:]):
            if cell.strip().startswith(":"):
                continue
            m = _CELL.match(cell)
            if not m or m.group(1) is None:
                raise RawDataError(path, f"cell {cell!r} is not a number", row=n, column=year,
                                   expected="a number with optional flags, or ':'")
            rows.append([*key, int(year), float(m.group(1)), m.group(2)])
    unique_keys(pd.DataFrame(list(seen.values()), columns=keys, index=pd.Index(list(seen), name="row")), keys, path)
    return pd.DataFrame(rows, columns=[*keys, "year", "value", "flags"])


def _flags(letters: pd.Series) -> pd.Series:
    """Keep the flags the app explains: b (break), p (provisional), e (estimated)."""
    return letters.map(lambda f: "".join(ch for ch in "bpe" if ch in f))


def gdp_per_inhabitant(raw: Path, places: list[str], unit: str = "EUR_HAB",
                       indicator: str = "gdp_per_inhabitant") -> pd.DataFrame:
    """GDP per inhabitant in euro (EUR_HAB) or in purchasing power standards (PPS_EU27_2020_HAB)."""
    path = raw / "at" / "eurostat_nama_10r_3gdp_AT_SI.tsv"
    d = read_tsv(path)
    d = d[(d["unit"] == unit) & d["geo"].isin(places)]
    if d.empty:
        raise RawDataError(path, f"no {unit} rows for the dashboard's regions", column="unit,geo")
    return obs(d["geo"], indicator, d["year"], d["value"], "Eurostat nama_10r_3gdp", _flags(d["flags"]))


def population_by_age(raw: Path, places: list[str], first_year: int = 2002) -> pd.DataFrame:
    """Counts (pop, pop_0_14, pop_65plus) for places without a national municipal breakdown."""
    path = raw / "at" / "eurostat_demo_r_pjanaggr3_AT_SI.tsv"
    d = read_tsv(path)
    d = d[(d["sex"] == "T") & d["geo"].isin(places) & (d["year"] >= first_year)]
    frames = []
    for age, measure in (("TOTAL", "pop"), ("Y_LT15", "pop_0_14"), ("Y_GE65", "pop_65plus")):
        s = d[d["age"] == age]
        frames.append(counts(s["geo"], measure, s["year"], s["value"], "Eurostat demo_r_pjanaggr3", _flags(s["flags"])))
    return pd.concat(frames, ignore_index=True)
