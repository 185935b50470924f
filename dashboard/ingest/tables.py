"""The two intermediate shapes every reader produces.

`counts` are additive published numbers (persons, enterprises, nights ...) kept per municipality so
that regions can be summed from exactly the municipalities drawn on the map and ratios can be
computed the same way on both sides of the border. `obs` are finished observations in the shape
of data/observations.csv.
"""
from __future__ import annotations

import pandas as pd

from .errors import RawDataError

COUNT_COLUMNS = ["place", "measure", "year", "value", "source", "flags"]
OBS_COLUMNS = ["place", "indicator", "year", "value", "flags", "source"]


# Counts that are amounts of money (with cents), not numbers of persons, events or units.
NOT_WHOLE = {"expenditure"}


def counts(place, measure: str, year, value, source: str, flags="") -> pd.DataFrame:
    """Additive published numbers; a count of persons, births, enterprises ... must be whole.

    The whole-number rule catches a thousands separator read as a decimal point wherever a reader
    forgot to check it (readers.whole_numbers names the file row; this names source, place and year).
    It applies to published counts; a value the import derives itself (flag `d`, e.g. jobs from an
    index) is not a raw cell.
    """
    df = pd.DataFrame({"place": place, "measure": measure, "year": year, "value": value,
                       "source": source, "flags": flags})
    df = _clean(df, COUNT_COLUMNS)
    frac = ~df.measure.isin(NOT_WHOLE) & ~df["flags"].str.contains("d", regex=False) & (df.value % 1 != 0)
    if frac.any():
        bad = df[frac].iloc[0]
        raise RawDataError(bad.source, f"count {bad.measure} of {bad.place} in {bad.year} is {bad.value:g}, "
                           "not a whole number",
                           expected="a whole number (a thousands separator read as a decimal point?), or a "
                                    "documented correction in dashboard/ingest/corrections.csv")
    return df


def obs(place, indicator: str, year, value, source: str, flags="") -> pd.DataFrame:
    df = pd.DataFrame({"place": place, "indicator": indicator, "year": year, "value": value,
                       "flags": flags, "source": source})
    return _clean(df, OBS_COLUMNS)


def _clean(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Missing is missing: rows without a number are dropped here, never filled."""
    df = df[columns].copy()
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype(float)
    df = df[df["value"].notna()]
    df["year"] = df["year"].astype(int)
    df["place"] = df["place"].astype(str)
    df["flags"] = df["flags"].fillna("").astype(str)
    return df.reset_index(drop=True)


def concat(frames, columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def add_flag(flags: pd.Series, letter: str) -> pd.Series:
    return flags.where(flags.str.contains(letter, regex=False), flags + letter)
