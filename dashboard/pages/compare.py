"""Side by side: 2 to 4 partner municipalities (across the border too) on every indicator.

The places and the year rule live in the URL (`?places=SI-052,AT-61108&years=common`); the
controls re-render the table and the small multiples and keep the address in step. Everything
shown comes from `dashboard.compare.logic.build_comparison`.
"""
from __future__ import annotations

from urllib.parse import quote

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from dashboard.components import add_to_slides, address, follow
from dashboard.components.credits import attributions, indicator_sources
from dashboard.components.downloads import send_csv, send_xlsx, xlsx_button
from dashboard.components.share_bar import share_bar
from dashboard.components.static_html import static
from dashboard.components.home import country_label
from dashboard.components.ids import make_ids
from dashboard.components.marks import flag_marks, missing_note, stale_mark
from dashboard.components.graph_config import graph_config
from dashboard.components.guard import refuse_invalid, texts
from dashboard.components.notices import notice
from dashboard.components.urls import first, href
from dashboard.figures.compare import (PANEL_HEIGHT, PANEL_WIDTH, legend_key_svg, place_style,
                                       small_multiple_figure)
from dashboard.i18n import fmt_number, fmt_year, t
from dashboard.compare import export as Cx
from dashboard.compare import logic as C
from dashboard.compare import state as Cs
from dashboard.components.places import dropdown_labels, place_options
from dashboard.figures.palette import place_colours, unit_label
from dashboard.missing import STALE_YEARS
from dashboard.store import load_store
from dashboard.i18n.sources import source_text

dash.register_page(__name__, path="/compare", name="Compare", order=4)

ids = make_ids("compare")


def _places_href(path: str, lang: str, places, **params) -> str:
    return href(path, lang, **params) + "&" + ("places=" if path == "/compare" else "sel=") + ",".join(places)


def options(store, lang: str, chosen) -> list[dict]:
    """The grouped place list; once four are chosen the others are disabled (the limit is visible
    in the control, not only in a message afterwards)."""
    full = len(chosen) >= Cs.MAX_PLACES
    out = []
    for o in place_options(store, lang):
        if not o["value"].startswith("__") and full and o["value"] not in chosen:
            o = {**o, "disabled": True}
        out.append(o)
    return out


# ---- the table ------------------------------------------------------------------------------

def place_header(store, comp: C.Comparison, code: str, colour: str):
    lang = comp.state.lang
    return html.Th([
        html.Div([html.Span(className="swatch", style={"background": colour}),
                  dcc.Link(comp.names[code], href=href("/profile", lang, place=code), className="place-link",
                           title=t("compare.open_profile", lang, name=comp.names[code]))],
                 className="d-flex align-items-center gap-1 justify-content-end"),
        html.Div(comp.regions[code], className="th-sub"),
        html.Div(country_label(store, comp.countries[code], lang), className="th-sub"),
    ], className="num place-col", scope="col", **{"data-place": code})


def value_cell(cell: C.Cell, row: C.Row, lang: str):
    if cell.value is None:
        return html.Td(missing_note(cell.missing_reason, lang, load_store(), row.id), className="num no-data",
                       **{"data-place": cell.place})
    body = [
        html.Span([
            html.Span("★ ", className="best-icon", **{"aria-hidden": "true"}) if cell.best else None,
            fmt_number(cell.value, row.decimals, lang),
            html.Span(" " + t("compare.best_sr", lang), className="visually-hidden") if cell.best else None,
        ], className="cell-value"),
        flag_marks(cell.flags, lang),
        html.Div([fmt_year(cell.year), stale_mark(load_store(), row.id, lang) if cell.stale else None],
                 className="cell-year"),
    ]
    cls = "num best" if cell.best else "num"
    return html.Td(body, className=cls, title=source_text(cell.source, lang), **{"data-place": cell.place})


def table(store, comp: C.Comparison):
    lang = comp.state.lang
    colours = place_colours(comp.state.places, store.partners())
    notes = [r for r in comp.rows if r.comparability]
    numbers = {r.id: i + 1 for i, r in enumerate(notes)}
    head = html.Thead(html.Tr([html.Th(t("compare.col.indicator", lang), scope="col", className="col-ind")] +
                              [place_header(store, comp, p, colours[p]) for p in comp.state.places]))
    body = []
    n_cols = 1 + len(comp.state.places)
    for theme, rows in comp.by_theme():
        body.append(html.Tr(html.Th(t(f"theme.{theme}", lang), colSpan=n_cols, scope="colgroup"),
                            className="theme-row"))
        for r in rows:
            extra = []
            if r.comparability:
                extra.append(html.Span(f"{t('explore.comparability', lang)} ({numbers[r.id]})",
                                       className="badge comparability-badge", title=r.comparability))
            if r.has_any and r.no_common_year:
                extra.append(html.Span(t("compare.no_common_year", lang), className="badge note-badge"))
            elif r.years_differ:
                extra.append(html.Span(t("compare.years_differ", lang), className="badge note-badge"))
            if r.direction == "neutral":
                extra.append(html.Span(t("compare.neutral", lang), className="badge note-badge",
                                       title=t("compare.neutral_title", lang)))
            body.append(html.Tr([
                html.Th([
                    html.Div(r.name, className="ind-name"),
                    html.Div([html.Span(unit_label(r.unit, lang), className="ind-unit"), *extra],
                             className="d-flex flex-wrap gap-1 align-items-center"),
                ], scope="row", className="ind-cell"),
                *[value_cell(c, r, lang) for c in r.cells],
            ], className="ind-row", **{"data-indicator": r.id}))
    notes_block = None
    if notes:
        notes_block = html.Div([
            html.H3(t("compare.notes.title", lang), className="h6"),
            html.Ol([html.Li([html.Span(r.name, className="fw-semibold"), ": ", r.comparability]) for r in notes],
                    className="small mb-0 comparability-notes"),
        ], className="mt-3", id=ids("notes"))
    mode_text = t(f"compare.years.explain_{comp.state.years}", lang)
    return html.Div(dbc.Card(dbc.CardBody([
        html.Div([
            html.H2(t("compare.table.title", lang), className="h5 me-auto mb-0"),
            dbc.Button(t("compare.download", lang), id=ids("csv"), color="primary", outline=True, size="sm",
                       className="d-print-none"),
            xlsx_button(ids("xlsx"), lang, class_name="btn btn-outline-primary btn-sm d-print-none"),
        ], className="d-flex align-items-center flex-wrap gap-2 mb-2"),
        html.P([mode_text, " ", t("compare.best_rule", lang)], className="small text-body-secondary",
               id=ids("explain")),
        # the body as one component: its ~450 html components made up most of the page (static_html.py)
        html.Div(html.Table([head, static(html.Tbody(body))], className="table table-sm compare-table align-middle mb-0",
                            id=ids("table")),
                 className="table-responsive"),
        notes_block,
        html.P(t("profile.flags", lang, d=t("flag.d", lang), b=t("flag.b", lang), c=t("flag.c", lang), p=t("flag.p", lang),
                 e=t("flag.e", lang)) + " " + t("stale.rule", lang, n=STALE_YEARS),
               className="small text-body-secondary mt-2 mb-0"),
    ]), className="mb-3 profile-card"), **{"data-embed-target": "table"})


# ---- small multiples ------------------------------------------------------------------------

def _svg_src(svg: str) -> str:
    """An SVG as an image address (the CSP allows data: images; Dash has no SVG elements)."""
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


def small_multiples(store, comp: C.Comparison):
    lang = comp.state.lang
    places = list(comp.state.places)
    colours = place_colours(places, store.partners())
    x_range = C.year_range(store, places)
    numbers = {r.id: i + 1 for i, r in enumerate(r for r in comp.rows if r.comparability)}
    # each key shows the place's line as the panels draw it: colour, dash and marker (WCAG 1.4.1)
    legend = html.Div([html.Span([html.Img(src=_svg_src(legend_key_svg(n, colours[p])), alt="", width=40, height=14,
                                           className="sm-key", **{"data-dash": place_style(n)[0],
                                                                  "data-symbol": place_style(n)[1]}),
                                  comp.names[p]], className="me-3 sm-legend-item", **{"data-place": p})
                       for n, p in enumerate(places)],
                      className="sm-legend small mb-2", id=ids("sm-legend"))
    blocks = []
    config = graph_config("innovative-location-compare", displayModeBar=False, responsive=False)
    for theme, rows in comp.by_theme():
        panels, empty = [], []
        for r in rows:
            series = store.series(r.id, places)
            if not series["value"].notna().any():
                # no line to draw for any chosen place: one line saying why, not an empty frame
                why = next((c.missing_reason for c in r.cells if c.missing_reason), None)
                empty.append(html.Li([html.Span(r.name, className="fw-semibold"), ": ",
                                      missing_note(why, lang, store, r.id) if why else t("no_data", lang)],
                                     **{"data-indicator": r.id}))
                continue
            fig = small_multiple_figure(series, indicator=store.indicator(r.id), places=places, names=comp.names,
                                        colours=colours, x_range=x_range, lang=lang,
                                        highlight_year=r.common_year)
            badge = (html.Span(f"{t('explore.comparability', lang)} ({numbers[r.id]})",
                               className="badge comparability-badge ms-1", title=r.comparability)
                     if r.comparability else None)
            panels.append(html.Div([
                html.Div([html.Span(r.name, className="sm-name"), badge], className="sm-title"),
                html.Div(unit_label(r.unit, lang), className="sm-unit"),
                dcc.Graph(figure=fig, config=config, className="sm-graph",
                          style={"height": f"{PANEL_HEIGHT}px", "width": f"{PANEL_WIDTH}px", "maxWidth": "100%"}),
            ], className="sm-panel", **{"data-indicator": r.id}))
        blocks.append(html.Section([html.H3(t(f"theme.{theme}", lang), className="h6 theme-title"),
                                    html.Div(panels, className="sm-grid") if panels else None,
                                    html.Ul(empty, className="sm-empty small text-body-secondary mb-2")
                                    if empty else None], className="theme-block"))
    return html.Div(dbc.Card(dbc.CardBody([
        html.H2(t("compare.sm.title", lang), className="h5"),
        html.P(t("compare.sm.lead", lang), className="small text-body-secondary"),
        legend,
        *blocks,
        # no image of a grid of charts (each panel is its own plot); link, embed and the sources
        share_bar("compare", "multiples", lang, images=False, title=t("compare.sm.title", lang),
                  caption_lines=_sources_lines(store, [r.id for r in comp.rows], lang)),
    ]), className="mb-3 profile-card", id=ids("small-multiples")), **{"data-embed-target": "multiples"})


def _sources_lines(store, indicators, lang: str) -> list[str]:
    """Sources, their licence attributions and the release date of the indicators shown."""
    srcs = list(dict.fromkeys(s for i in indicators for s in indicator_sources(store.indicator(i))))
    lines = [t("explore.source", lang, sources="; ".join(source_text(s, lang) for s in srcs))]
    if attributions(srcs):
        lines.append(" · ".join(attributions(srcs)))
    if store.release_date:
        lines.append(t("exports.release", lang, date=store.release_date))
    return lines


def content(store, state: Cs.CompareState) -> list:
    comp = C.build_comparison(store, state)
    lang = state.lang
    links = html.Div([
        dcc.Link(t("compare.link.explore", lang), href=_places_href("/explore", lang, state.places),
                 id=ids("link-explore")),
        *[dcc.Link(t("compare.open_profile", lang, name=comp.names[p]), href=href("/profile", lang, place=p))
          for p in state.places],
    ], className="d-flex flex-wrap gap-3 small mb-3 d-print-none", id=ids("links"))
    return [links, table(store, comp), small_multiples(store, comp)]


def controls(store, state: Cs.CompareState):
    lang = state.lang
    return dbc.Card(dbc.CardBody(dbc.Row([
        dbc.Col([
            dbc.Label(t("compare.picker", lang, min=Cs.MIN_PLACES, max=Cs.MAX_PLACES), html_for=ids("places"),
                      className="fw-semibold small mb-1"),
            dcc.Dropdown(id=ids("places"), options=options(store, lang, state.places), value=list(state.places),
                         multi=True, clearable=False, searchable=True, closeOnSelect=False, maxHeight=380,
                         labels=dropdown_labels(lang), className="compare-picker"),
            html.Div(id=ids("hint"), className="small mt-1 text-body-secondary", **{"aria-live": "polite"}),
        ], lg=8),
        dbc.Col([
            dbc.Label(t("compare.years.label", lang), html_for=ids("years"), className="fw-semibold small mb-1"),
            dbc.RadioItems(id=ids("years"), value=state.years, className="small",
                           options=[{"label": t(f"compare.years.{m}", lang), "value": m} for m in Cs.YEAR_MODES]),
        ], lg=4),
    ])), className="mb-3 d-print-none compare-controls page-controls")


def layout(**query):
    store = load_store()
    parsed = Cs.parse_query({k: first(v) for k, v in query.items()}, store)
    state = parsed.state
    lang = state.lang
    notices = [notice(key, lang, **args) for key, args in parsed.notices]
    return html.Div([
        html.Div(notices, id=ids("notices")),
        add_to_slides.link(ids("add-slides"), "/compare", state.to_query(), lang, beside_heading=True),
        html.Div(t("compare.eyebrow", lang), className="eyebrow"),
        html.H1(t("compare.title", lang), className="h2 mb-1"),
        html.P(t("compare.lead", lang), className="text-body-secondary mb-3"),
        controls(store, state),
        html.Div(content(store, state), id=ids("content")),
        dcc.Store(id=ids("state"), data=state.as_dict()),
        dcc.Store(id=ids("controls")),
        dcc.Download(id=ids("download")),
    ], className="page page-compare", lang=lang)


# ---- callbacks: thin adapters ------------------------------------------------------------------

@dash.callback(
    Output(ids("content"), "children"),
    Output(ids("state"), "data"),
    Output(ids("notices"), "children"),
    Output(ids("places"), "options"),
    Output(ids("hint"), "children"),
    Output(ids("controls"), "data"),
    Input(ids("places"), "value"),
    Input(ids("years"), "value"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid(2, lang_from=(2,))
def update(places, years, data):
    store = load_store()
    state = Cs.CompareState.from_client(data, store)
    lang = state.lang
    chosen, trimmed = Cs.merge_choice(state.places, texts(places), store.partners())
    value = {"places": chosen} if trimmed else no_update  # the field drops what was not taken
    opts = options(store, lang, chosen)
    if len(chosen) < Cs.MIN_PLACES:  # keep the last valid view while the reader is still choosing
        return no_update, no_update, no_update, opts, t("compare.hint.too_few", lang, n=Cs.MIN_PLACES), value
    new = Cs.CompareState(places=tuple(chosen), years=years if years in Cs.YEAR_MODES else state.years,
                          lang=lang).checked(store)
    hint = t("compare.hint.full", lang, n=Cs.MAX_PLACES) if len(chosen) >= Cs.MAX_PLACES else ""
    if new == state:
        return no_update, no_update, no_update, opts, hint, value
    return content(store, new), new.as_dict(), [], opts, hint, value


@dash.callback(
    Output(ids("download"), "data"),
    Input(ids("csv"), "n_clicks"), Input(ids("xlsx"), "n_clicks"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def download(_n, _x, data):
    store = load_store()
    state = Cs.CompareState.from_client(data, store)
    comp = C.build_comparison(store, state)
    name = f"innovative-location_compare_{'_'.join(state.places)}_{state.years}.csv"
    if dash.ctx.triggered_id == ids("xlsx"):
        return send_xlsx(Cx.comparison_csv(comp), name, store=store, title=t("compare.table.title", state.lang),
                         metas=[store.indicator(r.id) for r in comp.rows], lang=state.lang, path="/compare",
                         query=state.to_query())
    return send_csv(Cx.comparison_csv(comp), name, store=store)


address.follow(ids("state"))
add_to_slides.follow(ids("add-slides"), ids("state"), "/compare")
follow.follow(ids("controls"), {ids("places"): "places"})  # in the browser: components/follow.py says why
