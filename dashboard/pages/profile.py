"""Location profile: one partner municipality on one page, to send to an investor or print.

The municipality lives in the URL (`?place=SI-052`); the picker re-renders the page and keeps the
address in step (history.replaceState, as on Explore). Everything shown comes from
`dashboard.profile.logic.build_profile`; this module only lays it out.
"""
from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from dashboard.components import add_to_slides, address
from dashboard.components.downloads import send_csv, send_xlsx, view_link, xlsx_button
from dashboard.components.home import country_label
from dashboard.components.ids import make_ids
from dashboard.components.marks import FLAG_ORDER, flag_marks, missing_note, stale_mark
from dashboard.components.guard import refuse_invalid, text
from dashboard.components.notices import notice
from dashboard.components.share_bar import share_bar
from dashboard.components.static_html import static
from dashboard.components.urls import first, href
from dashboard.explore.logic import place_table
from dashboard.explore.render import GEOJSON_URL
from dashboard.figures.map import graph_config, load_boundaries
from dashboard.figures.palette import region_colour, unit_for_number, unit_label, with_unit
from dashboard.figures.profile import (
    LOCATOR_HEIGHT,
    LOCATOR_WIDTH,
    locator_figure,
    sparkline_svg,
    svg_data_uri,
)
from dashboard.i18n import fmt_number, fmt_year, t
from dashboard.i18n.sources import source_text
from dashboard.profile import export as Px
from dashboard.profile import logic as P
from dashboard.profile import state as Ps
from dashboard.compare.state import counterpart
from dashboard.components.places import dropdown_labels, place_options
from dashboard.missing import STALE_YEARS
from dashboard.store import COUNTRY_FALLBACK, load_store

dash.register_page(__name__, path="/profile", name="Profile", order=3)

ids = make_ids("profile")


# ---- small pieces ---------------------------------------------------------------------------

def num(value, decimals: int, lang: str) -> str:
    return fmt_number(value, decimals, lang)


def comparability_badge(note: str, lang: str, number: int | None = None):
    if not note:
        return None
    label = t("explore.comparability", lang) + (f" ({number})" if number else "")
    return html.Span(label, className="badge comparability-badge", title=note)


def span_text(series) -> str:
    first_year, last_year = fmt_year(series[0][0]), fmt_year(series[-1][0])
    return first_year if first_year == last_year else f"{first_year}–{last_year}"


def compare_href(place: str, other: str, lang: str) -> str:
    return href("/compare", lang) + f"&places={place},{other}"


# ---- sections -------------------------------------------------------------------------------

def header(store, prof: P.Profile):
    lang = prof.lang
    other = counterpart(store, prof.place)
    return html.Div([
        html.Div(t("profile.eyebrow", lang), className="eyebrow"),
        html.H1(prof.name, className="h2 mb-1", id=ids("name")),
        html.Div([
            html.Span(prof.region_name, className="me-2"),
            html.Span("·", className="me-2 text-body-secondary"),
            country_label(store, prof.country, lang),
            html.Span("·", className="mx-2 text-body-secondary"),
            html.Span(t("profile.partner_of", lang), className="text-body-secondary"),
        ], className="profile-subtitle d-flex flex-wrap align-items-center"),
        html.Div([
            dcc.Link(t("profile.link.compare", lang, name=store.place(other)["name"]),
                     href=compare_href(prof.place, other, lang), id=ids("link-compare")),
            dcc.Link(t("profile.link.explore", lang), href=href("/explore", lang, sel=prof.place),
                     id=ids("link-explore")),
            dcc.Link(t("peers.link.profile", lang), href=href("/peers", lang, place=prof.place),
                     id=ids("link-peers")),
        ], className="profile-links d-flex flex-wrap gap-3 mt-2 small d-print-none"),
    ], className="profile-header mb-3")


def fact_tile(fact: P.Fact, lang: str):
    store = load_store()
    if fact.value is None:
        value = html.Span(missing_note(fact.missing_reason, lang, store, fact.id), className="fact-value no-data")
    else:
        unit = (t("profile.unit.km2", lang) if fact.unit == "km2"
                else unit_for_number(fmt_number(fact.value, fact.decimals, lang), fact.unit, lang))
        value = html.Span([
            num(fact.value, fact.decimals, lang),
            # "6,2 %" in sl and de, "6.2%" in English
            html.Span(("" if unit == "%" and lang == "en" else "\u00a0") + unit, className="fact-unit"),
        ], className="fact-value")
    parts = [source_text(fact.source, lang)]
    parts += [t(f"flag.{f}", lang) for f in FLAG_ORDER if f in (fact.flags or "")]
    meta = " · ".join(p for p in parts if p)
    year = []
    if fact.year is not None:
        year = [fmt_year(fact.year), stale_mark(store, fact.id, lang) if fact.stale else None,
                " · " if meta else None]
    return html.Div([
        html.Div(fact.label, className="fact-label"),
        value,
        html.Div([*year, meta], className="fact-meta"),
    ], className="fact" + (" stale" if fact.stale else ""), **{"data-fact": fact.id})


def locator(store, prof: P.Profile):
    fig = locator_figure(load_boundaries(), place=prof.place, lang=prof.lang, geojson_url=GEOJSON_URL,
                         place_info=place_table(store, lang=prof.lang), partners=store.partners())
    config = graph_config("innovative-location-locator", displayModeBar=False, responsive=False)
    colour = region_colour(prof.region)
    return html.Div([
        html.H2(t("profile.map.title", prof.lang), className="h5 align-self-start"),
        dcc.Graph(id=ids("locator"), figure=fig, config=config, className="locator-graph",
                  style={"height": f"{LOCATOR_HEIGHT}px", "width": f"{LOCATOR_WIDTH}px", "maxWidth": "100%"}),
        html.Div([
            html.Span([html.Span(className="swatch", style={"background": colour}), prof.name]),
            html.Span([html.Span(className="swatch partner"), t("map.partner", prof.lang)]),
            html.Span([html.Span(className="swatch line-dash"), t("map.border", prof.lang)]),
        ], className="locator-legend small"),
        share_bar("profile", "locator", prof.lang, graph=ids("locator"),
                  title=f"{t('profile.map.title', prof.lang)}: {prof.name}",
                  caption_lines=[t("profile.map.source", prof.lang)]
                  + ([t("exports.release", prof.lang, date=store.release_date)] if store.release_date else [])),
    ], className="locator", **{"data-embed-target": "locator"})


def within_note(row: P.IndicatorRow, lang: str) -> str:
    """' · within Slovenia' when the row compares with same-country partners only."""
    if not row.peers_country:
        return ""
    name = load_store().place(row.peers_country)[f"name_{lang}"]
    return " · " + t("cmp.rank_within", lang, country=name)


def sw_item(row: P.IndicatorRow, prof: P.Profile):
    lang = prof.lang
    value = with_unit(num(row.value, row.decimals, lang), row.unit, lang)
    detail = t("profile.sw.rank", lang, rank=row.rank, n=row.n_partners, year=fmt_year(row.year)) + \
        within_note(row, lang)
    if row.country.value is not None:
        detail += " · " + t("profile.sw.country", lang, country=row.country.name,
                            value=with_unit(num(row.country.value, row.decimals, lang), row.unit, lang))
    return html.Li([
        html.Span(row.name, className="fw-semibold"), " ",
        html.Span(value, className="sw-value me-1"),
        comparability_badge(row.comparability, lang),
        html.Div(detail, className="small text-body-secondary"),
    ], **{"data-indicator": row.id})


def strengths_weaknesses(prof: P.Profile):
    lang = prof.lang

    def column(kind: str, rows):
        items = [sw_item(r, prof) for r in rows]
        body = html.Ul(items, className="sw-list") if items else html.P(t(f"profile.sw.none_{kind}", lang),
                                                                            className="text-body-secondary small")
        return dbc.Col([
            html.H3([html.Span("▲ " if kind == "strength" else "▼ ", className=f"sw-icon {kind}"),
                     t("profile.sw.strengths" if kind == "strength" else "profile.sw.weaknesses", lang)],
                    className="h6"),
            body,
        ], md=6, className=f"sw-{kind}s", id=ids(f"{kind}s"))

    rule = t("profile.sw.rule", lang, place=prof.name, country=prof.country_name, n=P.MIN_PARTNERS,
             top=int(P.TOP_QUARTER), bottom=int(P.BOTTOM_QUARTER))
    return dbc.Card(dbc.CardBody([
        html.H2(t("profile.sw.title", lang), className="h5"),
        dbc.Row([column("strength", prof.strengths), column("weakness", prof.weaknesses)]),
        html.P(rule, className="small text-body-secondary mb-0 sw-rule", id=ids("rule")),
    ]), className="mb-3 profile-card keep")


def why_missing(row: P.IndicatorRow, lang: str):
    """Which kind of "no data": not published for the country (or for its municipalities), or
    missing for this place while the newest data of any place are from a given year."""
    reason = row.missing_reason or {}
    if reason.get("kind") in ("not_published", "not_published_year"):
        return missing_note(reason, lang)
    if row.last_year_any:
        return html.Span(t("profile.missing.latest_any", lang, year=fmt_year(row.last_year_any)),
                         className="no-data missing-missing", **{"data-missing": "missing"})
    return missing_note(reason, lang)


def missing_card(prof: P.Profile):
    lang = prof.lang
    rows = prof.missing
    if not rows:
        body = html.P(t("profile.missing.none", lang, place=prof.name), className="mb-0 small")
    else:
        body = html.Ul([
            html.Li([html.Span(r.name, className="fw-semibold"), " — ", why_missing(r, lang)],
                    **{"data-indicator": r.id})
            for r in rows
        ], className="mb-0 small missing-list")
    return dbc.Card(dbc.CardBody([
        html.H2(t("profile.missing.title", lang, place=prof.name, n=len(rows)), className="h6"),
        body,
    ]), className="mb-3 profile-card keep", id=ids("missing"))


def strip_view(row: P.IndicatorRow, prof: P.Profile, store):
    lang = prof.lang
    s = P.strip(row)
    if s is None:
        return html.Div(why_missing(row, lang) if not row.has_data else "", className="small text-body-secondary")
    if row.n_partners < 2:
        return html.Div(t("profile.strip.too_few", lang), className="small text-body-secondary")

    def label(code, value):
        return f"{store.place(code)['name']}: {num(value, row.decimals, lang)}"

    marks = [html.Span(className="ps-dot", style={"left": f"{pos}%"}, title=label(c, row.partners[c]))
             for c, pos in s.partners.items() if c != prof.place]
    if s.region is not None:
        marks.append(html.Span(className="ps-tick region", style={"left": f"{s.region}%"},
                               title=f"{row.region.name}: {num(row.region.value, row.decimals, lang)}"))
    if s.country is not None:
        marks.append(html.Span(className="ps-tick country", style={"left": f"{s.country}%"},
                               title=f"{row.country.name}: {num(row.country.value, row.decimals, lang)}"))
    marks.append(html.Span(className="ps-me", style={"left": f"{s.place}%",
                                                     "background": region_colour(prof.region)},
                           title=label(prof.place, row.value)))
    directional = row.direction != "neutral"
    rank = t("profile.strip.rank" if directional else "profile.strip.rank_neutral", lang,
             rank=row.rank, n=row.n_partners) + within_note(row, lang)
    arrow = t("profile.strip.better" if directional else "profile.strip.higher", lang)
    return html.Div([
        html.Div([html.Div(className="ps-track"), *marks], className="pstrip", role="img",
                 **{"aria-label": f"{rank}. {arrow}"}),
        html.Div([html.Span(rank, className="ps-rank"), html.Span(arrow, className="ps-dir")],
                 className="ps-caption"),
    ], className="pstrip-wrap")


def ref_cell(ref: P.Reference, row: P.IndicatorRow, lang: str):
    if ref.code is None:
        return html.Td("", className="num")
    if ref.value is None:
        text = (t("profile.ref.latest", lang, year=fmt_year(ref.latest)) if ref.latest else t("no_data", lang))
        return html.Td(text, className="num no-data")
    content = [num(ref.value, row.decimals, lang)]
    if ref.code in COUNTRY_FALLBACK.values():  # Austria publishes no value: Styria stands in, named
        content.append(html.Div(ref.name, className="cell-year"))
    if not row.has_data and ref.year is not None:  # shown in its own latest year: say which
        content.append(html.Div(fmt_year(ref.year), className="cell-year"))
    return html.Td(content, className="num")


def indicator_tr(row: P.IndicatorRow, prof: P.Profile, store, note_numbers: dict):
    lang = prof.lang
    name_cell = html.Td([
        dcc.Link(row.name, href=href("/explore", lang, indicator=row.id, year=row.year, sel=prof.place),
                 className="ind-name", title=row.definition),
        html.Div([
            html.Span(unit_label(row.unit, lang), className="ind-unit"),
            comparability_badge(row.comparability, lang, note_numbers.get(row.id)),
            html.Span(t(f"profile.sw.{row.assessment}", lang), className=f"badge sw-badge {row.assessment}")
            if row.assessment else None,
        ], className="d-flex flex-wrap gap-1 align-items-center"),
    ], className="ind-cell")
    if not row.has_data:
        return html.Tr([
            name_cell,
            html.Td("–", className="num text-body-secondary"),
            html.Td(t("no_data", lang), className="num no-data"),
            html.Td(strip_view(row, prof, store)),
            ref_cell(row.region, row, lang),
            ref_cell(row.country, row, lang),
            html.Td("–", className="num text-body-secondary"),
            html.Td(""),
        ], className="ind-row missing", **{"data-indicator": row.id})
    year = [fmt_year(row.year), stale_mark(store, row.id, lang) if row.stale else None]
    if row.newer:
        year.append(html.Div(t("profile.newer", lang, year=fmt_year(row.newer[0]),
                               value=num(row.newer[1], row.decimals, lang)), className="cell-year"))
    if row.index_country is not None:
        index = num(row.index_country, 0, lang)
    else:
        index = html.Span("–", title=t("profile.index.na", lang))
    spark = sparkline_svg(row.series, colour=region_colour(prof.region), highlight_year=row.year,
                          title=t("profile.trend.title", lang, first=fmt_year(row.series[0][0]),
                                  last=fmt_year(row.series[-1][0])))
    trend = html.Div([
        html.Img(src=svg_data_uri(spark), alt=t("profile.trend.title", lang, first=fmt_year(row.series[0][0]),
                                                  last=fmt_year(row.series[-1][0])),
                 className="sparkline", width=120, height=32),
        html.Div(span_text(row.series), className="cell-year"),
    ]) if spark else ""
    return html.Tr([
        name_cell,
        html.Td(year, className="num"),
        html.Td([num(row.value, row.decimals, lang), flag_marks(row.flags, lang)], className="num value"),
        html.Td(strip_view(row, prof, store)),
        ref_cell(row.region, row, lang),
        ref_cell(row.country, row, lang),
        html.Td(index, className="num"),
        html.Td(trend, className="trend"),
    ], className=f"ind-row {row.assessment or ''}".strip(), **{"data-indicator": row.id})


def strip_legend(prof: P.Profile):
    lang = prof.lang
    return html.Div([
        html.Span([html.Span(className="lg-me", style={"background": region_colour(prof.region)}), prof.name]),
        html.Span([html.Span(className="lg-dot"), t("profile.legend.partners", lang)]),
        html.Span([html.Span(className="lg-tick region"), t("profile.legend.region", lang, name=prof.region_name)]),
        html.Span([html.Span(className="lg-tick country"), t("profile.legend.country", lang,
                                                              name=prof.country_name)]),
        html.Span(t("profile.legend.direction", lang), className="lg-text"),
    ], className="strip-legend small", id=ids("legend"))


def theme_tables(prof: P.Profile, store):
    lang = prof.lang
    notes = [r for r in prof.rows if r.comparability]
    numbers = {r.id: i + 1 for i, r in enumerate(notes)}
    cols = html.Colgroup([html.Col(className=c) for c in
                          ("col-ind", "col-year", "col-value", "col-strip", "col-ref", "col-ref", "col-index",
                           "col-trend")])
    head = html.Thead(html.Tr([
        html.Th(t("profile.col.indicator", lang), className="col-ind"),
        html.Th(t("profile.col.year", lang), className="num col-year"),
        html.Th(t("profile.col.value", lang), className="num col-value"),
        html.Th(t("profile.col.position", lang), className="col-strip"),
        html.Th(prof.region_name or t("level.region", lang), className="num col-ref"),
        html.Th(prof.country_name, className="num col-ref"),
        html.Th(t("profile.col.index", lang, country=prof.country_name), className="num col-index"),
        html.Th(t("profile.col.trend", lang), className="col-trend"),
    ]))
    sections = []
    for theme, rows in prof.by_theme():
        sections.append(html.Section([
            html.H3(t(f"theme.{theme}", lang), className="h6 theme-title"),
            # one component per table, not ~110: the tables were most of the page (static_html.py)
            html.Div(static(html.Table([cols, head, html.Tbody([indicator_tr(r, prof, store, numbers) for r in rows])],
                                       className="table table-sm profile-table align-middle mb-0")),
                     className="table-responsive"),
        ], className="theme-block", **{"data-theme": theme}))
    notes_block = None
    if notes:
        notes_block = html.Div([
            html.H3(t("profile.notes.title", lang), className="h6"),
            html.Ol([html.Li([html.Span(r.name, className="fw-semibold"), ": ", r.comparability]) for r in notes],
                    className="small mb-0 comparability-notes"),
        ], className="mt-3", id=ids("notes"))
    letters, _, pointer = t("profile.flags", lang, d=t("flag.d", lang), b=t("flag.b", lang), c=t("flag.c", lang),
                            p=t("flag.p", lang), e=t("flag.e", lang)).rpartition(". ")
    # "point at a value" means nothing on paper: that sentence is for the screen only
    flags = html.P([letters + ". " if letters else "",
                    html.Span(pointer + " " if letters else pointer + " ", className="d-print-none"),
                    t("stale.rule", lang, n=STALE_YEARS)],
                   className="small text-body-secondary mt-2 mb-0")
    return dbc.Card(dbc.CardBody([
        html.H2(t("profile.indicators.title", lang), className="h5"),
        html.P(t("profile.indicators.lead", lang, n=len(store.partners()), years=P.LOOKBACK_YEARS),
               className="small text-body-secondary"),
        strip_legend(prof),
        *sections,
        notes_block,
        flags,
    ]), className="mb-3 profile-card")


def content(store, state: Ps.ProfileState) -> list:
    prof = P.build_profile(store, state.place, state.lang)
    lang = state.lang
    return [
        header(store, prof),
        dbc.Row([
            dbc.Col(dbc.Card(dbc.CardBody(locator(store, prof)), className="h-100 profile-card keep"), md=5, lg=4,
                    className="mb-3 col-locator"),
            dbc.Col(dbc.Card(dbc.CardBody([
                html.H2(t("profile.facts.title", lang), className="h5"),
                html.Div([fact_tile(f, lang) for f in prof.facts], className="facts", id=ids("facts")),
            ]), className="h-100 profile-card keep"), md=7, lg=8, className="mb-3 col-facts"),
        ], className="profile-top"),
        strengths_weaknesses(prof),
        missing_card(prof),
        theme_tables(prof, store),
        html.P([t("profile.print_footer", lang, url=view_link("/profile", href("/profile", lang, place=prof.place)
                                                              .split("?", 1)[1])),
                " · ", t("exports.printed", lang), " ", html.Span(date.today().isoformat(), **{"data-print-date": ""}),
                *([" · ", t("exports.release", lang, date=store.release_date)] if store.release_date else [])],
               className="print-only small text-body-secondary", id=ids("print-footer")),
    ]


def toolbar(store, state: Ps.ProfileState):
    lang = state.lang
    return html.Div([
        html.Div([
            dbc.Label(t("profile.picker", lang), html_for=ids("place"), className="fw-semibold small mb-1"),
            dcc.Dropdown(id=ids("place"), options=place_options(store, lang), value=state.place,
                         clearable=False, searchable=True, className="profile-picker", maxHeight=420,
                         labels=dropdown_labels(lang)),
        ], className="flex-grow-1 picker-box"),
        html.Div([
            dbc.Button(t("profile.download", lang), id=ids("csv"), color="primary", outline=True, size="sm"),
            xlsx_button(ids("xlsx"), lang),
            dbc.Button(t("profile.print", lang), id=ids("print"), color="secondary", outline=True, size="sm"),
            add_to_slides.link(ids("add-slides"), "/profile", state.to_query(), lang),
        ], className="d-flex gap-2 align-items-end"),
    ], className="profile-toolbar page-controls d-flex flex-wrap align-items-end gap-3 mb-3 d-print-none")


def layout(**query):
    store = load_store()
    parsed = Ps.parse_query({k: first(v) for k, v in query.items()}, store)
    state = parsed.state
    lang = state.lang
    notices = [notice(key, lang, **args) for key, args in parsed.notices]
    return html.Div([
        html.Div(notices, id=ids("notices")),
        toolbar(store, state),
        html.Div(content(store, state), id=ids("content")),
        dcc.Store(id=ids("state"), data=state.as_dict()),
        dcc.Store(id=ids("printed")),
        dcc.Download(id=ids("download")),
    ], className="page page-profile", lang=lang)


# ---- callbacks: thin adapters ------------------------------------------------------------------

@dash.callback(
    Output(ids("content"), "children"),
    Output(ids("state"), "data"),
    Output(ids("notices"), "children"),
    Input(ids("place"), "value"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid(2, lang_from=(1,))
def choose_place(place, data):
    store = load_store()
    state = Ps.ProfileState.from_client(data, store)
    place = text(place)
    if not place or place == state.place or place not in store.partners():
        return no_update, no_update, no_update
    state = Ps.ProfileState(place=place, lang=state.lang).checked(store)
    return content(store, state), state.as_dict(), []


@dash.callback(
    Output(ids("download"), "data"),
    Input(ids("csv"), "n_clicks"), Input(ids("xlsx"), "n_clicks"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def download(_n, _x, data):
    store = load_store()
    state = Ps.ProfileState.from_client(data, store)
    prof = P.build_profile(store, state.place, state.lang)
    name = f"innovative-location_profile_{state.place}_{state.lang}.csv"
    if dash.ctx.triggered_id == ids("xlsx"):
        return send_xlsx(Px.profile_csv(prof), name, store=store, title=prof.name,
                         metas=[store.indicator(r.id) for r in prof.rows], lang=state.lang, path="/profile",
                         query=state.to_query())
    return send_csv(Px.profile_csv(prof), name, store=store)


address.follow(ids("state"))
add_to_slides.follow(ids("add-slides"), ids("state"), "/profile")

dash.clientside_callback(
    """
    function(n) { if (n) { window.print(); } return n || 0; }
    """,
    Output(ids("printed"), "data"),
    Input(ids("print"), "n_clicks"),
    prevent_initial_call=True,
)
