"""Municipality types for the rest of the app: the peers typology (`typology.py`) with the peers
page's default choice (every indicator comparable across the border, a 5-year window ending in
each indicator's latest year), so "type 2" means the same on /peers, the Explore map and the
Explore CSV.

Only one-scale indicators enter (the typology drops `within_country` ones), so Slovenian and
Austrian municipalities are grouped on one scale only where that is allowed.
"""
from __future__ import annotations

import pandas as pd

from dashboard.i18n import t

from . import state as Ps
from . import typology as Ty

__all__ = ["default_typology", "place_types", "type_label"]


def default_typology(store) -> Ty.Typology:
    """The typology of every municipality by the "all comparable" preset (cached per store)."""
    inds = Ps.preset_indicators(store, Ps.DEFAULT_PRESET)
    return Ty.for_store(store, inds, Ps.SPAN_DEFAULT, None, Ps.municipalities(store))


def place_types(store, lang: str) -> dict[str, tuple[int, str]]:
    """code -> (group number, group name in `lang`) for every classified municipality."""
    ty = default_typology(store)
    names = {i: store.indicator(i).get(f"name_{lang}") or store.indicator(i)["name_en"] for i in ty.indicators}
    return {c: (int(g), Ty.group_name(ty, g, names, lang)) for c, g in ty.labels.items() if not pd.isna(g)}


def type_label(group: int, name: str, lang: str) -> str:
    """"Type 2: low Employment rate, low Jobs per 1,000" in the page language."""
    return t("typology.label", lang, g=group, name=name)


def labelled(store, lang: str) -> dict[str, tuple[int, str]]:
    """code -> (group, "Group 2: low …, low …") for the map's legend and hover."""
    return {c: (g, type_label(g, name, lang)) for c, (g, name) in place_types(store, lang).items()}


def map_title(store, lang: str) -> str:
    ty = default_typology(store)
    return t("typology.map_title", lang, k=ty.k) if ty.k else t("typology.none", lang)


def explore_map(store, geojson, *, lang: str, selected=(), geojson_url: str | None = None):
    """The Explore map in "colour by municipality type" (every municipality of the four regions)."""
    from dashboard.explore.logic import place_table
    from dashboard.figures.map import MAP_HEIGHT, load_context
    from dashboard.figures.peers import typology_map

    ty = default_typology(store)
    return typology_map(geojson, labelled(store, lang), lang=lang, place_info=place_table(store, lang=lang),
                        partners=store.partners(), selected=selected, geojson_url=geojson_url,
                        legend_title=t("typology.legend", lang, k=ty.k, m=len(ty.indicators)),
                        unclassified=t("typology.unclassified", lang), height=MAP_HEIGHT, context=load_context())
