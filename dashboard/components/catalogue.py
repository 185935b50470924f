"""The indicator catalogue on the Data page: filtering, choosing and drawing indicators.

Plain functions of the store and the language (no callbacks here), so they can be tested without a
running app.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.comparability import CLASSES, MIN_SHARE_PER_SIDE, MIN_WINDOW, cross_border_summary
from dashboard.components.text import fold
from dashboard.components.urls import href
from dashboard.i18n import fmt_number, t
from dashboard.i18n.sources import source_text

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
            html.Dd(source_text(indicator.get(f"source_{side}") or "", lang) or t("data.source.none", lang),
                    className="" if indicator.get(f"source_{side}") else "text-body-secondary"),
        ]
    return html.Dl(rows, className="sources")


_CLASS_BADGE = {"comparable": ("success", "white"), "caveat": ("warning", "dark"), "within_country": ("danger", "white")}


def class_badge(indicator: dict, lang: str):
    """comparable / comparable with caveat / within country only, with what the app does about it."""
    cls = indicator.get("comparability_class") or "comparable"
    colour, text = _CLASS_BADGE[cls]
    return dbc.Badge(t(f"cmp.class.{cls}", lang), color=colour, text_color=text, className="me-2 class-badge",
                     title=t(f"cmp.class.{cls}.rule", lang))


def comparability(indicator: dict, lang: str):
    note = text_of(indicator, "comparability", lang)
    cls = indicator.get("comparability_class") or "comparable"
    rule = t(f"cmp.class.{cls}.rule", lang) if cls != "comparable" else ""
    return html.Div([
        class_badge(indicator, lang),
        html.Span(note) if note else None,
        html.Div(rule, className="small text-body-secondary mt-1") if rule else None,
    ], className="comparability" + (" comparable" if cls == "comparable" and not note else ""))


def _span(years: list[int]) -> str:
    if not years:
        return "–"
    return f"{years[0]}–{years[-1]}" if years[0] != years[-1] else str(years[0])


def coverage_line(summary: dict, lang: str) -> html.P:
    """Partners' years per country and the common window, e.g. 'SI 2008–2025 · AT 2002–2025'."""
    years = summary["years"]
    parts = [t("cmp.years.side", lang, country=c, span=_span(years[c]), n=len(years[c])) for c in ("SI", "AT")]
    w = summary["window"]
    common = t("cmp.years.window", lang, span=f"{w[0]}–{w[1]}", n=w[1] - w[0] + 1) if w \
        else t("cmp.years.no_window", lang)
    return html.P([html.Span(t("cmp.years.label", lang) + " ", className="fw-semibold"),
                   " · ".join(parts), html.Br(), common], className="small coverage-years mb-1")


def badges(indicator: dict, lang: str) -> html.Div:
    return html.Div([
        dbc.Badge(t(f"theme.{indicator['theme']}", lang), color="secondary", className="me-1 theme-badge"),
        dbc.Badge(t(f"unit.{indicator['unit']}", lang), color="light", text_color="dark",
                  className="border unit-badge", title=t("data.unit", lang)),
    ], className="badges")


def item(indicator: dict, lang: str, *, selected: bool, link: str, summary: dict | None = None) -> html.Article:
    return html.Article([
        html.H3(dcc.Link(text_of(indicator, "name", lang), href=link, className="indicator-link"),
                className="h6 mb-1"),
        badges(indicator, lang),
        html.P(text_of(indicator, "definition", lang), className="definition"),
        sources(indicator, lang),
        coverage_line(summary, lang) if summary else None,
        comparability(indicator, lang),
    ], className="indicator-item" + (" selected" if selected else ""),
        **{"data-indicator": indicator["id"], "aria-current": "true" if selected else "false"})


def items(store, shown: list[str], lang: str, *, selected: str | None, query: str | None, theme: str | None):
    if not shown:
        return [html.P(t("data.empty", lang), className="text-body-secondary empty-result")]
    keep_theme = theme if theme and theme != ALL_THEMES else None
    summary = {r["id"]: r for r in cross_border_summary(store)}
    return [
        item(store.indicator(i), lang, selected=i == selected, summary=summary.get(i),
             link=href("/data", lang, indicator=i, q=(query or "").strip() or None, theme=keep_theme))
        for i in shown
    ]


def comparability_card(store, lang: str):
    """How many indicators really compare across the border: the promise of the dashboard, counted."""
    rows = cross_border_summary(store)
    counted = [r for r in rows if r["counts"]]
    by_class = {c: sum(1 for r in rows if r["class"] == c) for c in CLASSES}
    return dbc.Alert([
        html.P(t("cmp.card.count", lang, n=len(counted), total=len(rows), years=MIN_WINDOW,
                 share=int(MIN_SHARE_PER_SIDE * 100)), className="mb-1 fw-semibold"),
        html.P(t("cmp.card.classes", lang, comparable=by_class["comparable"], caveat=by_class["caveat"],
                 within=by_class["within_country"]), className="mb-1 small"),
        html.P(t("cmp.card.rule", lang), className="mb-0 small"),
    ], color="light", className="border comparability-card", id="data-comparability-card")


def count_line(n: int, total: int, lang: str) -> str:
    return t("data.count", lang, n=fmt_number(n, 0, lang), total=fmt_number(total, 0, lang))
