"""The steering matrix as CSV for meeting papers: wide, laid out like the matrix shown (one row
per place, one column per indicator, the header naming unit and period), or long (one row per
place x indicator, machine-readable)."""
from __future__ import annotations

import pandas as pd

from dashboard.components.csv_out import frame_csv, number, write_csv
from dashboard.figures.palette import unit_label
from dashboard.i18n import fmt_year

from .logic import Column, Matrix

__all__ = ["CSV_COLUMNS", "column_title", "matrix_csv", "matrix_wide_csv", "wide_table"]

_DASH = "\u2013"


CSV_COLUMNS = (
    "place_code", "place", "place_level", "region", "country", "row", "indicator", "indicator_name", "measure",
    "start_year", "year", "value", "start_value", "end_value", "unit", "direction", "rank", "ranked_of",
    "standing_fifth", "flags", "source", "definitions_differ_si_at", "break_year",
)


def matrix_csv(store, matrix: Matrix) -> str:
    """One row per place x indicator, machine-readable (English column names), every row naming
    its year(s), unit, rank and source; missing values are empty cells, never zeros."""
    s = matrix.state
    lang = s.lang
    records = []
    for col in matrix.columns:
        for code in (*matrix.rows, *matrix.references):
            place = store.place(code)
            st = col.standing.get(code)
            records.append({
                "place_code": code,
                "place": place[f"name_{lang}"],
                "place_level": place["level"],
                "region": place["region"],
                "country": place["country"],
                "row": "ranked" if code in matrix.rows else "reference",
                "indicator": col.indicator,
                "indicator_name": col.meta.get(f"name_{lang}") or col.meta["name_en"],
                "measure": s.measure,
                "start_year": col.start if s.measure == "change" else None,
                "year": col.year,
                "value": col.values.get(code),
                "start_value": col.start_values.get(code) if s.measure == "change" else None,
                "end_value": col.end_values.get(code) if s.measure == "change" else None,
                "unit": col.unit,
                "direction": col.direction,
                "rank": st.rank if st else None,
                "ranked_of": st.n if st else None,
                "standing_fifth": st.quintile if st else None,
                "flags": col.flags.get(code, ""),
                "source": col.sources.get(code, "") if col.values.get(code) is not None else "",
                "definitions_differ_si_at": bool(col.meta.get("comparability_en")),
                "break_year": col.breaks.get(code),  # change not shown: break in series in the period
            })
    df = pd.DataFrame.from_records(records, columns=CSV_COLUMNS)
    # one indicator per row group: round each row to its own indicator's decimals
    dec = {c.indicator: c.decimals for c in matrix.columns}
    for c in ("value", "start_value", "end_value"):
        df[c] = [number(v, dec[i]) for v, i in zip(df[c], df["indicator"])]
    return frame_csv(df, integers=("start_year", "year", "rank", "ranked_of", "standing_fifth", "break_year"))


def column_title(col: Column, lang: str) -> str:
    """A column's header as the matrix says it: name, unit and its own period
    ("Population (persons, 2024)", "Population, change (persons, 2015–2024)")."""
    name = col.meta.get(f"name_{lang}") or col.meta["name_en"]
    unit = unit_label(col.unit, lang)
    if col.empty:
        period = "–"
    elif col.measure == "change":
        period = f"{fmt_year(col.start, lang)}{_DASH}{fmt_year(col.year, lang)}"
    else:
        period = fmt_year(col.year, lang)
    return f"{name} ({unit + ', ' if unit else ''}{'Δ ' if col.measure == 'change' else ''}{period})"


def wide_table(store, matrix: Matrix) -> tuple[list[str], list[list]]:
    """(header, rows): the matrix as shown — one row per place in display order (reference rows
    last), one column per indicator with its value rounded to the indicator's decimals."""
    lang = matrix.state.lang
    header = ["place_code", "place", "country", "row", *[column_title(c, lang) for c in matrix.columns]]
    rows = []
    for code in (*matrix.rows, *matrix.references):
        place = store.place(code)
        rows.append([code, place[f"name_{lang}"], place["country"],
                     "ranked" if code in matrix.rows else "reference",
                     *[number(c.values.get(code), c.decimals) for c in matrix.columns]])
    return header, rows


def matrix_wide_csv(store, matrix: Matrix) -> str:
    """The matrix as shown, for a spreadsheet: places down, indicators across."""
    header, rows = wide_table(store, matrix)
    return write_csv(header, rows)
