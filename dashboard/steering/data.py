"""The store reads the steering figures need, as plain data (the figures never take the store).

`figure_inputs` gives `table_model`, `matrix_figure` and `cell_tooltip` their keyword arguments:
the place table of every place the matrix names (rows, references, regions, countries, Styria)
and, for each missing cell, why it is missing (`dashboard.missing.missing_reason`).
`crossborder_inputs` gives `crossborder_figure` the place table and the partners.
"""
from __future__ import annotations

from dashboard.explore.query import place_table
from dashboard.missing import missing_reason

__all__ = ["figure_inputs", "crossborder_inputs", "missing_reasons"]


def missing_reasons(store, matrix) -> dict[str, dict[str, dict]]:
    """indicator -> place -> reason, for every cell of the matrix without a value (and no break)."""
    codes = [*matrix.rows, *matrix.references]
    out: dict[str, dict[str, dict]] = {}
    for col in matrix.columns:
        if col.empty:
            continue
        missing = [c for c in codes if col.values.get(c) is None and c not in col.breaks]
        if missing:
            out[col.indicator] = {c: missing_reason(store, col.indicator, c, col.year) for c in missing}
    return out


def figure_inputs(store, matrix) -> dict:
    """place_info and reasons for `figures.steering.table_model` / `matrix_figure` / `cell_tooltip`."""
    return {"place_info": place_table(store, lang=matrix.state.lang), "reasons": missing_reasons(store, matrix)}


def crossborder_inputs(store, lang: str) -> dict:
    """place_info and partners for `figures.steering.crossborder_figure`."""
    return {"place_info": place_table(store, lang=lang), "partners": store.partners()}
