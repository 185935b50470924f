"""The Data page's panel for one indicator: what it is, and which places and years have data."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.graph_config import graph_config
from dashboard.components.catalogue import badges, comparability, sources, text_of
from dashboard.components.places import comparison_rows, place_name
from dashboard.components.share_bar import caption as share_caption, share_bar
from dashboard.components.urls import href
from dashboard.figures.coverage import (
    DATA,
    DERIVED,
    NO_DATA,
    coverage_figure,
    coverage_states,
    coverage_summary,
)
from dashboard.i18n import fmt_number, fmt_year, plotly_separators, t

_NO_ZOOM = ["zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "resetScale2d"]


def summary_text(summary: tuple[int, int, int] | None, lang: str) -> str:
    if summary is None:
        return t("coverage.summary_none", lang)
    n, total, year = summary
    return t("coverage.summary", lang, n=fmt_number(n, 0, lang), total=fmt_number(total, 0, lang),
             year=fmt_year(year, lang))


def figure_for(store, indicator: str, lang: str):
    """(figure, summary) for an indicator, or (None, None) when it has no observations at all."""
    years = store.years(indicator)
    if not years:
        return None, None
    rows, breaks, aggregates = comparison_rows(store)
    span = list(range(min(years), max(years) + 1))
    states = coverage_states(store.series(indicator, rows), rows, span)
    labels = {code: place_name(store.place(code), lang) for code in rows}
    fig = coverage_figure(
        states, labels,
        state_names={DATA: t("coverage.state.data", lang), DERIVED: t("coverage.state.derived", lang),
                     NO_DATA: t("coverage.state.none", lang)},
        x_title=t("coverage.axis.year", lang),
        separators=plotly_separators(lang),
        year_labels={y: fmt_year(y, lang) for y in span},
        group_breaks=breaks,
        bold=aggregates,
    )
    return fig, coverage_summary(states, store.partners())


def place_notes(store, lang: str) -> list:
    """Territorial notes (mergers, code changes) for the rows shown, folded away by default."""
    rows, _, _ = comparison_rows(store)
    notes = []
    for code in rows:
        place = store.place(code)
        note = place.get(f"note_{lang}") or place.get("note_en")
        if note:
            notes.append(html.Li([html.Span(place_name(place, lang) + ": ", className="fw-semibold"), note]))
    if not notes:
        return []
    return [html.Details([
        html.Summary(t("coverage.place_notes", lang) + f" ({fmt_number(len(notes), 0, lang)})"),
        html.Ul(notes, className="small place-notes mt-2 mb-0"),
    ], className="place-notes-box mt-3")]


def panel(store, indicator: str, lang: str, graph_id: str) -> html.Section:
    ind = store.indicator(indicator)
    fig, summary = figure_for(store, indicator, lang)
    if fig is None:
        coverage = [html.P(t("coverage.empty", lang), className="text-body-secondary")]
    else:
        coverage = [
            html.P(summary_text(summary, lang), className="coverage-summary fw-semibold"),
            dcc.Graph(id=graph_id, figure=fig, className="coverage-graph",
                      config=graph_config(f"coverage_{indicator}", responsive=True,
                                          modeBarButtonsToRemove=_NO_ZOOM)),
            share_bar("data", "coverage", lang, graph=graph_id,
                      title=f"{t('coverage.title', lang)}: {text_of(ind, 'name', lang)}",
                      caption_lines=share_caption("", [ind], lang, release_date=store.release_date)["lines"]),
            html.P(t("coverage.explain", lang), className="small text-body-secondary mb-0"),
            *place_notes(store, lang),
        ]
    return html.Section([
        dbc.Card([
            dbc.CardBody([
                html.P(t("data.selected", lang), className="eyebrow mb-1"),
                html.H2(text_of(ind, "name", lang), className="h4 mb-2", id=graph_id + "-title"),
                badges(ind, lang),
                html.P(text_of(ind, "definition", lang), className="mt-2"),
                html.H3(t("data.sources", lang), className="h6"),
                sources(ind, lang),
                comparability(ind, lang),
                # an indicator published for regions only (GDP, length of stay) opens the regions view
                dbc.Button(t("data.explore_link", lang), href=href("/explore", lang, indicator=indicator,
                                                                   level=_explore_level(store, indicator)),
                           color="primary", outline=True, size="sm", className="mt-2",
                           id=graph_id + "-explore"),
            ]),
        ], className="mb-3 detail-card"),
        dbc.Card(dbc.CardBody([
            html.H3(t("coverage.title", lang), className="h5"),
            *coverage,
        ]), className="coverage-card"),
    ], className="indicator-detail", **{"data-indicator": indicator, "data-embed-target": "coverage"})


def _explore_level(store, indicator: str) -> str | None:
    """"regions" when the partner municipalities (Explore's default view) have no value in the
    indicator's latest year — it is published for regions only there — else None (the default)."""
    cov = store.coverage(indicator, store.partners())
    return None if cov.shape[1] and cov.iloc[:, -1].any() else "regions"
