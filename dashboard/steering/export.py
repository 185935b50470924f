"""The steering matrix as CSV for meeting papers: one row per place x indicator, machine-readable."""
from __future__ import annotations

import io

import pandas as pd

from .logic import Matrix

__all__ = ["CSV_COLUMNS", "matrix_csv"]


CSV_COLUMNS = (
    "place_code", "place", "place_level", "region", "country", "row", "indicator", "indicator_name", "measure",
    "start_year", "year", "value", "start_value", "end_value", "unit", "direction", "rank", "ranked_of",
    "standing_fifth", "flags", "source", "definitions_differ_si_at", "break_year",
)


def matrix_csv(store, matrix: Matrix) -> str:
    """One row per place x indicator, machine-readable (English column names), every row naming
    its year(s), unit, rank and source; missing values are empty cells, never zeros."""
    s = matrix.state
    records = []
    for col in matrix.columns:
        for code in (*matrix.rows, *matrix.references):
            place = store.place(code)
            st = col.standing.get(code)
            records.append({
                "place_code": code,
                "place": place["name"],
                "place_level": place["level"],
                "region": place["region"],
                "country": place["country"],
                "row": "ranked" if code in matrix.rows else "reference",
                "indicator": col.indicator,
                "indicator_name": col.meta["name_en"],
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
    for c in ("start_year", "year", "rank", "ranked_of", "standing_fifth", "break_year"):
        df[c] = pd.array(df[c], dtype="Int64")
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()

