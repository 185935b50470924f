"""The location profile as CSV: one row per indicator, exactly what the page shows."""
from __future__ import annotations

from dashboard.components.csv_out import integer, number, write_csv
from dashboard.i18n.sources import source_text

from .logic import Profile

__all__ = ["CSV_COLUMNS", "profile_csv"]


CSV_COLUMNS = (
    "place", "place_name", "indicator", "indicator_name", "theme", "unit", "year", "value", "flags", "source",
    "partners_with_data", "rank_among_partners", "percentile_among_partners", "region", "region_value",
    "country", "country_value", "index_country_100", "assessment", "newer_year", "newer_value",
    "latest_year_any_place", "comparability_note", "stale", "missing_reason",
)


def profile_csv(profile: Profile) -> str:
    """One row per indicator, machine-readable (`.` decimals, English column names, names in the
    page's language). A row without data keeps its indicator with empty year and value."""
    def rows():
        for r in profile.rows:
            d = r.decimals
            yield [
                profile.place, profile.name, r.id, r.name, r.theme, r.unit, integer(r.year), number(r.value, d),
                r.flags, source_text(r.source, profile.lang), integer(r.n_partners) if r.has_data else "", integer(r.rank),
                number(r.percentile, 1), r.region.code or "", number(r.region.value, d) if r.has_data else "",
                r.country.code or "", number(r.country.value, d) if r.has_data else "", number(r.index_country, 1),
                r.assessment or "", integer(r.newer[0]) if r.newer else "", number(r.newer[1], d) if r.newer else "",
                integer(r.last_year_any) if not r.has_data else "", r.comparability,
                "1" if r.stale else "", (r.missing_reason or {}).get("kind", ""),
            ]
    return write_csv(CSV_COLUMNS, rows())
