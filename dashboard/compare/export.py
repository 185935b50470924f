"""The comparison as CSV: one row per indicator x place, exactly the cells of the table."""
from __future__ import annotations

from dashboard.components.csv_out import integer, number, write_csv

from .logic import Comparison
from dashboard.i18n.sources import source_text

__all__ = ["CSV_COLUMNS", "comparison_csv"]


CSV_COLUMNS = ("indicator", "indicator_name", "theme", "unit", "direction", "place", "place_name", "year", "value",
               "flags", "source", "best_in_row", "year_mode", "comparability_note", "stale", "missing_reason")


def comparison_csv(comp: Comparison) -> str:
    """One row per indicator x place, exactly the cells of the table (missing: empty year/value)."""
    return write_csv(CSV_COLUMNS, (
        [r.id, r.name, r.theme, r.unit, r.direction, c.place, comp.names[c.place],
         integer(c.year), number(c.value, r.decimals), c.flags, source_text(c.source, comp.state.lang),
         "1" if c.best else "", comp.state.years, r.comparability,
         "1" if c.stale else "", (c.missing_reason or {}).get("kind", "")]
        for r in comp.rows for c in r.cells))
