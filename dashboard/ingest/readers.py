"""Reading raw files defensively: every reader checks what PROVENANCE.md promises and says
exactly what is off (file, row, column, expectation) instead of producing quietly wrong data."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import RawDataError

# SURS symbols for "no number": not available, not yet published, no occurrence, confidential.
SURS_MISSING = {"..", "...", "....", "-", "z", "M", "N"}


def require_file(path: Path) -> Path:
    if not path.is_file():
        raise RawDataError(path, "file not found", expected="the file described in PROVENANCE.md")
    return path


def read_csv(path: Path, columns: list[str], *, sep: str = ",", encoding: str = "utf-8",
             dtype=str, **kw) -> pd.DataFrame:
    """Read a CSV as strings and check its header, so a renamed column fails loudly."""
    require_file(path)
    try:
        df = pd.read_csv(path, sep=sep, encoding=encoding, dtype=dtype, keep_default_na=False,
                         na_values=[""], **kw)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
        raise RawDataError(path, f"cannot be parsed as CSV: {exc}") from exc
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise RawDataError(path, "missing column(s) " + ", ".join(missing), row=1,
                           column=missing[0], expected="header with " + ", ".join(columns))
    return df


def numbers(df: pd.DataFrame, column: str, path: Path, *, decimal: str = ".", thousands: str | None = None,
            missing: set[str] = SURS_MISSING, allow_missing: bool = True) -> pd.Series:
    """Convert a text column to floats; a cell that is neither a number nor a known
    missing-value symbol is an error naming its row (header = row 1)."""
    text = df[column].astype("string").str.strip()
    cleaned = text
    if thousands:
        cleaned = cleaned.str.replace(thousands, "", regex=False)
    if decimal != ".":
        cleaned = cleaned.str.replace(decimal, ".", regex=False)
    values = pd.to_numeric(cleaned, errors="coerce")
    is_symbol = text.isna() | text.isin(missing)
    bad = values.isna() & ~is_symbol
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise RawDataError(path, f"value {text.iloc[pos]!r} is not a number", row=pos + 2, column=column,
                           expected="a number or one of " + ", ".join(sorted(missing)))
    if not allow_missing and values.isna().any():
        pos = int(values.isna().to_numpy().nonzero()[0][0])
        raise RawDataError(path, "empty value", row=pos + 2, column=column, expected="a number")
    return values.astype(float)


def expect_values(df: pd.DataFrame, column: str, expected, path: Path) -> None:
    """Fail when a code the import relies on (a measure, a place) is absent from a file."""
    present = set(df[column].dropna().unique())
    absent = [e for e in expected if e not in present]
    if absent:
        raise RawDataError(path, f"no rows with {column} = {absent[0]!r}", column=column,
                           expected="rows for " + ", ".join(map(str, expected)))
