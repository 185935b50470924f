"""Which places the pages show, in which order, and under which name."""
from __future__ import annotations

from dashboard.components.text import fold

# The project's own order: the Slovenian regions first, west to east, then the Austrian ones.
REGION_ORDER = ("SI042", "SI032", "AT223", "AT224")
STYRIA = "AT22"
COUNTRIES = ("SI", "AT")


def place_name(place: dict, lang: str) -> str:
    """Regions, Styria and the countries have names per language; municipalities keep their
    official name (identical in every column)."""
    return place.get(f"name_{lang}") or place.get("name") or place.get("code", "")


def partner_regions(store) -> list[str]:
    present = store.place_codes(level="region", partner=True)
    known = [r for r in REGION_ORDER if r in present]
    return known + sorted(r for r in present if r not in known)


def partners_in(store, region: str) -> list[str]:
    """Partner municipalities of a region, alphabetically (č sorts with c)."""
    partners = set(store.partners())
    codes = [c for c in store.place_codes(level="municipality", region=region) if c in partners]
    return sorted(codes, key=lambda c: fold(store.place(c)["name"]))


def comparison_rows(store) -> tuple[list[str], list[int], list[str]]:
    """Rows for place × year views: partners grouped by region, then the regions, Styria and the
    countries. Returns (codes, group_breaks, aggregates): the row positions where a new group
    starts, and the codes that are not municipalities."""
    rows: list[str] = []
    breaks: list[int] = []
    regions = partner_regions(store)
    for region in regions:
        members = partners_in(store, region)
        if members:
            if rows:
                breaks.append(len(rows))
            rows += members
    all_codes = set(store.places.index)
    aggregates: list[str] = []
    for group in (regions, [STYRIA], list(COUNTRIES)):
        present = [c for c in group if c in all_codes]
        if present:
            if rows:
                breaks.append(len(rows))
            rows += present
            aggregates += present
    return rows, breaks, aggregates
