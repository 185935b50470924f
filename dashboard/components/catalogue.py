"""The indicator catalogue on the Data page: filtering, choosing and drawing indicators.

Plain functions of the store and the language (no callbacks here), so they can be tested without a
running app.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.components.text import fold
from dashboard.components.urls import href
from dashboard.i18n import fmt_number, t

THEMES = ("population", "labour", "economy", "education", "tourism", "housing", "finance")
ALL_THEMES = "all"
DEFAULT_INDICATOR = "population"


def text_of(indicator: dict, field: str, lang: str) -> str:
    """An indicator's text in the language; English if that cell is empty."""
    return indicator.get(f"{field}_{lang}") or indicator.get(f"{field}_en") or ""


def default_indicator(ids: list[str]) -> str | None:
    if not ids:
        return None
    return DEFAULT_INDICATOR if DEFAULT_INDICATOR in ids else ids[0]


def resolve_indicator(value, ids: list[str]) -> tuple[str | None, str | None]:
    """(indicator to show, notice key or None): a missing value quietly picks the default; an
    unknown one picks it too but says so."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if value is None or str(value).strip() == "":
        return default_indicator(ids), None
    value = str(value).strip()
    if value in ids:
        return value, None
    return default_indicator(ids), "notice.bad_indicator"


def resolve_theme(value, themes) -> str:
    return value if value in themes else ALL_THEMES


def filter_indicators(indicators: pd.DataFrame, query: str | None, theme: str | None, lang: str) -> list[str]:
    """Ids whose name or definition (in `lang`) contains every word of `query`, ignoring case and
    diacritics, within `theme` ("all" or None for every theme); catalogue order is kept."""
    words = fold(query).split()
    out = []
    for ind_id, row in indicators.iterrows():
        if theme and theme != ALL_THEMES and row["theme"] != theme:
            continue
        row = {"id": ind_id, **row.to_dict()}
        haystack = fold(text_of(row, "name", lang) + " " + text_of(row, "definition", lang))
        if all(w in haystack for w in words):
            out.append(ind_id)
    return out


def theme_options(indicators: pd.DataFrame, lang: str) -> list[dict]:
    present = list(dict.fromkeys(indicators["theme"]))
    ordered = [th for th in THEMES if th in present] + [th for th in present if th not in THEMES]
    return [{"label": t("data.theme.all", lang), "value": ALL_THEMES}] + [
        {"label": t(f"theme.{th}", lang), "value": th} for th in ordered
    ]


def sources(indicator: dict, lang: str) -> html.Dl:
    rows = []
    for side in ("si", "at", "regions"):
        rows += [
            html.Dt(t(f"data.source.{side}", lang)),
            html.Dd(indicator.get(f"source_{side}") or t("data.source.none", lang),
                    className="" if indicator.get(f"source_{side}") else "text-body-secondary"),
        ]
    return html.Dl(rows, className="sources")


def comparability(indicator: dict, lang: str):
    note = text_of(indicator, "comparability", lang)
    if not note:
        return None
    return html.Div([
        dbc.Badge(t("data.comparability.badge", lang), color="warning", text_color="dark", className="me-2"),
        html.Span(note),
    ], className="comparability")


def badges(indicator: dict, lang: str) -> html.Div:
    return html.Div([
        dbc.Badge(t(f"theme.{indicator['theme']}", lang), color="secondary", className="me-1 theme-badge"),
        dbc.Badge(t(f"unit.{indicator['unit']}", lang), color="light", text_color="dark",
                  className="border unit-badge", title=t("data.unit", lang)),
    ], className="badges")


def item(indicator: dict, lang: str, *, selected: bool, link: str) -> html.Article:
    return html.Article([
        html.H3(dcc.Link(text_of(indicator, "name", lang), href=link, className="indicator-link"),
                className="h6 mb-1"),
        badges(indicator, lang),
        html.P(text_of(indicator, "definition", lang), className="definition"),
        sources(indicator, lang),
        comparability(indicator, lang),
    ], className="indicator-item" + (" selected" if selected else ""),
        **{"data-indicator": indicator["id"], "aria-current": "true" if selected else "false"})


def items(store, shown: list[str], lang: str, *, selected: str | None, query: str | None, theme: str | None):
    if not shown:
        return [html.P(t("data.empty", lang), className="text-body-secondary empty-result")]
    keep_theme = theme if theme and theme != ALL_THEMES else None
    return [
        item(store.indicator(i), lang, selected=i == selected,
             link=href("/data", lang, indicator=i, q=(query or "").strip() or None, theme=keep_theme))
        for i in shown
    ]


def count_line(n: int, total: int, lang: str) -> str:
    return t("data.count", lang, n=fmt_number(n, 0, lang), total=fmt_number(total, 0, lang))
