"""The one CSV writer every download uses.

A CSV from this dashboard is UTF-8 with a byte-order mark (so Excel on a Slovenian or German
Windows reads č, š, ž and ö), `.` as the decimal point and `,` between fields (machine-readable,
the same in every language; the XLSX download is the spreadsheet-first format), English column
names and codes, names of places and indicators in the page's language. Numbers are written as the
page shows them: a value with its indicator's decimals (never `10.800000000000004`), ranks and
years as integers (never `6.0`), a missing value as an empty cell (never 0).
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

__all__ = ["BOM", "cell", "integer", "number", "write_csv", "frame_csv"]

BOM = "\ufeff"


def _missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, str) and not v.strip()):
        return True
    try:
        return isinstance(v, float) and math.isnan(v) or (hasattr(v, "dtype") and bool(pd.isna(v)))
    except (TypeError, ValueError):
        return False


def number(v, decimals: int | None) -> str:
    """`v` rounded to `decimals` places, written with exactly that many (`None`: as short as
    Python writes the float); empty when missing."""
    if _missing(v):
        return ""
    x = float(v)
    if decimals is None:
        return repr(x)
    d = max(0, int(decimals))
    text = f"{round(x, d):.{d}f}"
    return "0" if d == 0 and text == "-0" else text


def integer(v) -> str:
    """A rank, a year or a count: `6`, never `6.0`; empty when missing."""
    if _missing(v):
        return ""
    return str(int(round(float(v))))


def cell(v) -> str:
    """Any other cell: text as it is, booleans as 1/empty, floats without artefacts (12 significant
    digits), missing as empty."""
    if _missing(v):
        return ""
    if isinstance(v, bool):
        return "1" if v else ""
    if isinstance(v, float):
        return f"{v:.12g}"
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        return cell(v.item())
    return str(v)


def write_csv(columns: Sequence[str], rows: Iterable[Sequence]) -> str:
    """Header plus rows of already formatted cells (anything not a str goes through `cell`)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([c if isinstance(c, str) else cell(c) for c in r])
    return BOM + buf.getvalue()


def frame_csv(df: pd.DataFrame, *, decimals: Mapping[str, int | None] | None = None,
              integers: Iterable[str] = ()) -> str:
    """A data frame through the same rules: `decimals` per value column, `integers` for ranks and
    years; every other column through `cell`."""
    decimals = dict(decimals or {})
    ints = set(integers)
    cols = list(df.columns)
    out = []
    for rec in df.itertuples(index=False, name=None):
        row = []
        for c, v in zip(cols, rec):
            if c in decimals:
                row.append(number(v, decimals[c]))
            elif c in ints:
                row.append(integer(v))
            else:
                row.append(cell(v))
        out.append(row)
    return write_csv(cols, out)
