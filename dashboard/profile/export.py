"""The location profile as CSV: one row per indicator, exactly what the page shows."""
from __future__ import annotations

import csv
import io
import math

from .logic import Profile

__all__ = ["CSV_COLUMNS", "profile_csv"]


CSV_COLUMNS = (
    "place", "place_name", "indicator", "indicator_name", "theme", "unit", "year", "value", "flags", "source",
    "partners_with_data", "rank_among_partners", "percentile_among_partners", "region", "region_value",
    "country", "country_value", "index_country_100", "assessment", "newer_year", "newer_value",
    "latest_year_any_place", "comparability_note", "stale", "missing_reason",
)


def _cell(v, decimals: int | None = None):
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return repr(round(v, decimals)) if decimals is not None else repr(v)
    return v


def profile_csv(profile: Profile) -> str:
    """One row per indicator, machine-readable (`.` decimals, English column names, names in the
    page's language). A row without data keeps its indicator with empty year and value."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in profile.rows:
        w.writerow([
            profile.place, profile.name, r.id, r.name, r.theme, r.unit, _cell(r.year), _cell(r.value),
            r.flags, r.source, r.n_partners if r.has_data else "", _cell(r.rank),
            _cell(r.percentile, 1), r.region.code or "", _cell(r.region.value) if r.has_data else "",
            r.country.code or "", _cell(r.country.value) if r.has_data else "", _cell(r.index_country, 1),
            r.assessment or "", _cell(r.newer[0]) if r.newer else "", _cell(r.newer[1]) if r.newer else "",
            _cell(r.last_year_any) if not r.has_data else "", r.comparability,
            "1" if r.stale else "", (r.missing_reason or {}).get("kind", ""),
        ])
    return buf.getvalue()
