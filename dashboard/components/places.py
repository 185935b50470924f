"""Which places the pages show, in which order, and under which name; the partner picker's options."""
from __future__ import annotations

from dashboard.components.text import fold
from dashboard.i18n import t

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


def place_options(store, lang: str) -> list[dict]:
    """The 16 partners for a dropdown, under a disabled heading per region (project order)."""
    options = []
    for region in partner_regions(store):
        members = partners_in(store, region)
        if not members:
            continue
        options.append({"label": place_name(store.place(region), lang).upper(), "value": f"__{region}",
                        "disabled": True})
        for code in members:
            name = store.place(code)["name"]
            options.append({"label": name, "value": code, "search": f"{name} {fold(name)}"})
    return options


def dropdown_labels(lang: str) -> dict:
    """The texts inside Dash's dropdown (search box, counters) in the page language."""
    return {k: t(f"compare.dropdown.{k}", lang) for k in
            ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
             "no_options_found")}
