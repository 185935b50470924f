"""Reading raw files defensively: every reader checks what PROVENANCE.md promises and says
exactly what is off (file, row, column, expectation) instead of producing quietly wrong data."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from .errors import RawDataError

# SURS symbols for "no number": not available, not yet published, no occurrence, confidential.
SURS_MISSING = {"..", "...", "....", "-", "z", "M", "N"}

# Columns holding a reference year; read_csv checks them in every file that has one.
YEAR_COLUMNS = ("year", "JAHR", "tourism_year")
_YEAR = re.compile(r"^\d{4}$")

CORRECTIONS = Path(__file__).with_name("corrections.csv")
CORRECTED = "_corrected"  # column read_csv adds to a frame in which it applied a correction

# The columns identifying a row, per raw file (path under the raw folder), for files whose reader does
# not pass `key=` itself. read_csv rejects a key that occurs twice.
KEYS = {
    "at/statat_population_1jan_2002-2018_gemeinden.csv": ["gkz"],
    "at/statat_population_1jan_2019-2025_steiermark_gebietsstand2026.csv": ["year", "gkz"],
    "at/stmk_population_movement_all_gemeinden_2002-2025.csv": ["year", "gkz"],
    "at/stmk_population_agegroups_all_gemeinden_1jan_2011_2025.csv": ["year", "gkz", "sex"],
    "at/at8_population_agegroups_1jan_2002-2025.csv": ["year", "gkz", "sex"],
    "at/at7_municipal_expenditure_by_function_2010-2024.csv": ["year", "gkz"],
    "at/stmk_gemeindestrukturreform2015_gkz_mapping.csv": ["jahr", "gkz_neu", "gkzalt"],
    "geo/lookup/at_gkz_history_2011-2016_STATtools_GCD.csv": ["GKZ11", "GKZ12", "GKZ13", "GKZ15", "GKZ16"],
    "at/statat_OGDEXT_AEST_GEMTAB_1_2011-2015_all_gemeinden.csv": ["JAHR", "GCD"],
    "at/statat_OGDEXT_AEST_GEMTAB_1_2016-2021_2023_steiermark_all_gemeinden.csv": ["JAHR", "GCD"],
    "at/statat_OGDEXT_AEST_GEMTAB_1_2016-2023_8gemeinden.csv": ["JAHR", "GCD"],
    "at/statat_lohnsteuer_ganzjaehrig_vollzeit_gemeinden_2004-2022_AT_long.csv.gz":
        ["year", "gkz_source_year", "sex_de", "income_type_de", "statistic_de"],
    "at/statat_lohnsteuer_ganzjaehrig_vollzeit_bundeslaender_2004-2021_derstandard.csv":
        ["bl", "sex", "type", "variable", "year"],
    "at/stmk_tourism_avg_length_of_stay_nuts3_2002-2023_wibis.csv": ["tourism_year", "region_code", "season"],
    "si/tidy/zrsz_registered_unemployment_rate_by_office_monthly_2005_2025_long.csv":
        ["employment_office_or_slovenia", "year", "month"],
    "si/tidy/zrsz_registered_unemployed_by_municipality_education_monthly_2017_2020_long.csv":
        ["geo_code", "year", "month", "education_level"],
    "si/tidy/surs_0723405S_persons_in_employment_by_residence_long.csv": ["geo_code", "year", "measure_sl"],
    "si/tidy/surs_0772615S_average_earnings_municipalities_long.csv": ["geo_code", "year", "indicator_code"],
}

# Every raw file the import opened (absolute paths, in order); build.assemble resets and reports it
# so that the README's list of raw files can be checked against what is really read.
OPENED: list[Path] = []
# Corrections applied during this import run (rows of corrections.csv), checked by build.assemble.
APPLIED: list[dict] = []
# Raw CSV files whose rows were checked for duplicate keys during this run.
KEYED: list[Path] = []
# The raw folder of the running import and the files the source list names (sources.toml);
# require_file refuses any other file under that folder. None outside an import run.
_RUN: dict[str, object] = {"root": None, "allowed": frozenset()}
# Results worked out once per import run (`once`): emptied when a run starts or ends.
_MEMO: dict = {}


def start_run(root: Path | None = None, allowed: frozenset[str] | None = None) -> None:
    """Forget the files and corrections of an earlier import in this process; with `root`, only
    the files in `allowed` (paths under root, default: sources.toml) may be opened."""
    OPENED.clear()
    APPLIED.clear()
    KEYED.clear()
    _MEMO.clear()
    if allowed is None and root is not None:
        from .sources import files
        allowed = files()
    _RUN.update(root=Path(root).absolute() if root is not None else None, allowed=allowed or frozenset())


def end_run() -> None:
    """Stop refusing files outside the source list (OPENED and KEYED stay for inspection)."""
    _RUN.update(root=None, allowed=frozenset())
    _MEMO.clear()


def once(key, compute):
    """`compute()`, worked out once per import run for `key` (outside a run: every time).

    Two steps of one import that need the same parsed file (the boundary GeoJSON for the map and
    for its context layer) then share it instead of reading and parsing it twice."""
    if _RUN["root"] is None:
        return compute()
    if key not in _MEMO:
        _MEMO[key] = compute()
    return _MEMO[key]


def require_file(path: Path) -> Path:
    root = _RUN["root"]
    if root is not None:
        try:
            rel = Path(path).absolute().relative_to(root).as_posix()
        except ValueError:
            rel = None
        if rel is not None and rel not in _RUN["allowed"]:
            raise RawDataError(path, "not in the source list", expected="a file named in dashboard/ingest/sources.toml")
    if not path.is_file():
        raise RawDataError(path, "file not found", expected="the file described in PROVENANCE.md")
    if path not in OPENED:
        OPENED.append(path)
    return path


def read_csv(path: Path, columns: list[str], *, sep: str = ",", encoding: str = "utf-8",
             dtype=str, key: list[str] | None = None, **kw) -> pd.DataFrame:
    """Read a CSV as strings and check its header, so a renamed column fails loudly.

    The index is the row number in the file (header = row 1) so every later message can name the
    row. `key`: columns that identify a row (default: KEYS for this file); a key occurring twice is
    an error (never summed or silently deduplicated). Year columns must hold four-digit years. Documented corrections
    (corrections.csv) for this file are applied here, only where the cell still holds the
    published value; corrected rows are marked in the column `_corrected`.
    """
    require_file(path)
    try:
        df = pd.read_csv(path, sep=sep, encoding=encoding, dtype=dtype, keep_default_na=False,
                         na_values=[""], **kw)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
        raise RawDataError(path, f"cannot be parsed as CSV: {exc}") from exc
    except OSError as exc:
        raise RawDataError(path, f"cannot be read: {exc}") from exc
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    skipped = kw.get("skiprows", 0)
    df.index = pd.RangeIndex(2 + (skipped if isinstance(skipped, int) else 0),
                             2 + (skipped if isinstance(skipped, int) else 0) + len(df), name="row")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise RawDataError(path, "missing column(s) " + ", ".join(missing), row=1,
                           column=missing[0], expected="header with " + ", ".join(columns))
    for col in YEAR_COLUMNS:
        if col in df.columns:
            years(df, col, path)
    if key is None:
        key = next((k for rel, k in KEYS.items() if Path(path).as_posix().endswith("/" + rel)), None)
    if key:
        unique_keys(df, key, path)
    _apply_corrections(df, path)
    return df


def row_of(df: pd.DataFrame, pos: int) -> int:
    """File row number of the row at position `pos` (header = row 1)."""
    label = df.index[pos]
    return int(label) if df.index.name == "row" else pos + 2


def per_value(column: pd.Series, fn) -> pd.Series:
    """`fn` of a text column, worked out once per distinct cell and spread back over the rows.

    A raw file of 800,000 rows holds a few thousand distinct years, codes or even values, and string
    methods run in Python cell by cell (0.3 s of a 5.9 s import went to them). `fn` gets the distinct
    cells (and one missing cell) as a "string" Series and returns a Series of the same length.
    """
    codes, uniques = pd.factorize(column)  # a missing cell gets code -1, the appended <NA> below
    distinct = pd.Series([*uniques, None], dtype=object).astype("string")
    return fn(distinct).iloc[codes].set_axis(column.index)


def years(df: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """The year column as integers; anything but a four-digit year names its row."""
    text = per_value(df[column], lambda s: s.str.strip())
    bad = ~per_value(text, lambda s: s.fillna("").str.match(_YEAR))
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise RawDataError(path, f"year {text.iloc[pos]!r} is not a year", row=row_of(df, pos), column=column,
                           expected="a four-digit year")
    return text.astype(int)


def unique_keys(df: pd.DataFrame, key: list[str], path: Path) -> None:
    """A key occurring twice in one raw file stops the import, naming both rows.

    A duplicated row would otherwise be summed (doubling a regional total) or silently dropped.
    """
    absent = [k for k in key if k not in df.columns]
    if absent:
        raise RawDataError(path, "missing key column(s) " + ", ".join(absent), row=1, column=absent[0],
                           expected="header with " + ", ".join(key))
    if path not in KEYED:
        KEYED.append(path)
    dup = df.duplicated(key, keep=False)
    if not dup.any():
        return
    rows = df[dup]
    first = rows.iloc[0]
    same = rows[(rows[key] == first[key]).all(axis=1)]
    positions = [df.index.get_loc(label) for label in same.index[:2]]
    r1, r2 = (row_of(df, p) for p in positions)
    where = ", ".join(f"{k} = {first[k]!r}" for k in key)
    raise RawDataError(path, f"rows {r1} and {r2} have the same key ({where})", row=r2, column=", ".join(key),
                       expected="one row per " + ", ".join(key))


def numbers(df: pd.DataFrame, column: str, path: Path, *, decimal: str = ".", thousands: str | None = None,
            missing: set[str] = SURS_MISSING, allow_missing: bool = True) -> pd.Series:
    """Convert a text column to floats; a cell that is neither a number nor a known
    missing-value symbol is an error naming its row (header = row 1)."""
    def parse(cells: pd.Series) -> pd.DataFrame:
        text = cells.str.strip()
        cleaned = text
        if thousands:
            cleaned = cleaned.str.replace(thousands, "", regex=False)
        if decimal != ".":
            cleaned = cleaned.str.replace(decimal, ".", regex=False)
        values = pd.to_numeric(cleaned, errors="coerce").astype(float)
        return pd.DataFrame({"text": text, "value": values, "bad": values.isna() & ~(text.isna() | text.isin(missing))})

    parsed = per_value(df[column], parse)
    text, values, bad = parsed["text"], parsed["value"], parsed["bad"]
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise RawDataError(path, f"value {text.iloc[pos]!r} is not a number", row=row_of(df, pos), column=column,
                           expected="a number or one of " + ", ".join(sorted(missing)))
    if not allow_missing and values.isna().any():
        pos = int(values.isna().to_numpy().nonzero()[0][0])
        raise RawDataError(path, "empty value", row=row_of(df, pos), column=column, expected="a number")
    return values.astype(float)


def whole_numbers(values: pd.Series, df: pd.DataFrame, column: str, path: Path) -> None:
    """A count (persons, births, enterprises ...) must be a whole number.

    Catches e.g. a thousands separator read as a decimal point (-4,865 stored as -4.865).
    `values` are numbers parsed from `df[column]`, same index.
    """
    frac = values.notna() & (values % 1 != 0)
    if frac.any():
        pos = int(frac.to_numpy().nonzero()[0][0])
        label = values.index[pos]
        raise RawDataError(path, f"count {df.loc[label, column]!r} is not a whole number",
                           row=row_of(df, df.index.get_loc(label)), column=column,
                           expected="a whole number (a thousands separator read as a decimal point?), or a "
                                    "documented correction in dashboard/ingest/corrections.csv")


def _corrections() -> list[dict]:
    """The rows of corrections.csv, each checked for the fields a correction needs."""
    fields = ["file", "locator", "column", "published", "corrected", "reason"]
    try:
        with CORRECTIONS.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = reader.fieldnames or []
    except (OSError, UnicodeDecodeError) as exc:
        raise RawDataError(CORRECTIONS, f"cannot be read: {exc}") from None
    if header != fields:
        raise RawDataError(CORRECTIONS, f"header {header}", row=1, expected="header " + ",".join(fields))
    for n, row in enumerate(rows, start=2):
        for field in fields:
            if not (row.get(field) or "").strip():
                raise RawDataError(CORRECTIONS, "empty value", row=n, column=field, expected="every field filled in")
        if not all("=" in part for part in row["locator"].split(";")):
            raise RawDataError(CORRECTIONS, f"locator {row['locator']!r}", row=n, column="locator",
                               expected="column=value pairs joined by ';'")
        try:
            float(row["corrected"])
        except ValueError:
            raise RawDataError(CORRECTIONS, f"corrected value {row['corrected']!r} is not a number", row=n,
                               column="corrected", expected="a number") from None
    return rows


def _apply_corrections(df: pd.DataFrame, path: Path) -> None:
    """Replace a published cell by its documented correction, only if it still holds the published value.

    If the cell changed (the publisher fixed it, or the file is a different vintage) the correction
    no longer fits and the import stops rather than overwrite a number nobody checked.
    """
    todo = [c for c in _corrections() if Path(path).as_posix().endswith("/" + c["file"])]
    if not todo:
        return
    df[CORRECTED] = False
    for c in todo:
        where = dict(part.split("=", 1) for part in c["locator"].split(";"))
        hit = pd.Series(True, index=df.index)
        for k, v in where.items():
            if k not in df.columns:
                raise RawDataError(path, f"correction for {c['locator']} no longer fits: no column {k!r}",
                                   column=k, expected="the layout the correction in corrections.csv was written for")
            hit &= per_value(df[k], lambda s: s.str.strip() == v).fillna(False).astype(bool)
        if hit.sum() != 1:
            raise RawDataError(path, f"correction for {c['locator']} no longer fits: {int(hit.sum())} rows match",
                               column=c["column"], expected="exactly one row (see dashboard/ingest/corrections.csv)")
        label = hit[hit].index[0]
        cell = str(df.loc[label, c["column"]]).strip()
        if cell != c["published"]:
            raise RawDataError(path, f"correction for {c['locator']} no longer fits: the cell holds {cell!r}",
                               row=int(label), column=c["column"],
                               expected=f"the published value {c['published']!r} named in "
                                        "dashboard/ingest/corrections.csv")
        df.loc[label, c["column"]] = c["corrected"]
        df.loc[label, CORRECTED] = True
        APPLIED.append(c)


def check_corrections_applied() -> None:
    """Every documented correction must have been applied; an unused one no longer fits the import."""
    done = {(c["file"], c["locator"]) for c in APPLIED}
    for c in _corrections():
        if (c["file"], c["locator"]) not in done:
            raise RawDataError(CORRECTIONS, f"correction for {c['file']} {c['locator']} was not applied",
                               expected="every correction to name a cell of a raw file the import reads")


def corrected(df: pd.DataFrame) -> pd.Series:
    """True for the rows read_csv corrected (flag `c` on every value taken from them)."""
    if CORRECTED in df.columns:
        return df[CORRECTED].astype(bool)
    return pd.Series(False, index=df.index)


def expect_values(df: pd.DataFrame, column: str, expected, path: Path) -> None:
    """Fail when a code the import relies on (a measure, a place) is absent from a file."""
    present = set(df[column].dropna().unique())
    absent = [e for e in expected if e not in present]
    if absent:
        raise RawDataError(path, f"no rows with {column} = {absent[0]!r}", column=column,
                           expected="rows for " + ", ".join(map(str, expected)))
