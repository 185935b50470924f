"""The home page's content: what the app is for, and who the partners are."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.ids import make_ids
from dashboard.components.places import partner_regions, partners_in, place_name
from dashboard.components.urls import href
from dashboard.i18n import fmt_number, t

ids = make_ids("home")


def country_label(store, country: str, lang: str) -> html.Span:
    """Flag and country name; the flag is decorative, the name carries the meaning."""
    try:
        name = place_name(store.place(country), lang)
    except KeyError:
        name = country
    return html.Span([
        html.Img(src=dash.get_asset_url(f"flags/{country.lower()}.svg"), alt="", className="flag",
                 width=21, height=14),
        html.Span(name),
    ], className="country-label")


def region_card(store, region: str, lang: str) -> dbc.Card:
    place = store.place(region)
    members = partners_in(store, region)
    return dbc.Card([
        dbc.CardHeader([
            country_label(store, place["country"], lang),
            html.Span(f"NUTS 3 · {region}", className="nuts-code"),
        ], className="d-flex justify-content-between align-items-center gap-2"),
        dbc.CardBody([
            html.H3(place_name(place, lang), className="h5 card-title"),
            html.P(t("home.partners_in_region", lang, n=fmt_number(len(members), 0, lang)),
                   className="small text-body-secondary mb-2"),
            html.Ul([html.Li(dcc.Link(place_name(store.place(code), lang), href=href("/profile", lang, place=code)))
                     for code in members],
                    className="municipalities mb-0"),
        ]),
    ], className="h-100 region-card", id=ids(f"region-{region}"))


def stat(value: int, key: str, lang: str) -> html.Div:
    return html.Div([
        html.Div(fmt_number(value, 0, lang), className="stat-value"),
        html.Div(t(key, lang), className="stat-label"),
    ], className="stat")


VIEWS = (("/explore", "nav.explore", "explore"), ("/profile", "profile.nav", "profile"),
         ("/compare", "compare.nav", "compare"), ("/score", "score.nav", "score"),
         ("/steering", "steering.page", "steering"), ("/slides", "present.nav", "slides"))


def view_card(path: str, nav_key: str, view: str, lang: str) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H3(dcc.Link(t(nav_key, lang), href=href(path, lang), className="stretched-link"), className="h6 mb-1"),
        html.P(t(f"home.view.{view}", lang), className="small text-body-secondary mb-0"),
    ]), className="h-100 view-card")


def content(store, lang: str) -> list:
    regions = partner_regions(store)
    countries = sorted({store.place(r)["country"] for r in regions}, key=lambda c: ("SI", "AT").index(c)
                       if c in ("SI", "AT") else 9)
    return [
        html.Section([
            html.H1(t("home.title", lang), className="display-6 fw-semibold"),
            html.P(t("home.lead", lang), className="lead"),
            html.Div([
                dbc.Button(t("home.cta_explore", lang), href=href("/explore", lang), color="primary", size="lg",
                           id=ids("cta-explore")),
                dbc.Button(t("home.cta", lang), href=href("/data", lang), color="primary", outline=True, size="lg",
                           id=ids("cta")),
            ], className="d-flex flex-wrap gap-2 mt-1"),
        ], className="hero"),
        html.Div([
            stat(len(store.partners()), "home.stat.municipalities", lang),
            stat(len(regions), "home.stat.regions", lang),
            stat(len(countries), "home.stat.countries", lang),
            stat(len(store.indicator_ids()), "home.stat.indicators", lang),
        ], className="stats"),
        html.H2(t("home.views", lang), className="h4 mt-4 mb-3"),
        dbc.Row([dbc.Col(view_card(path, nav_key, view, lang), md=6, xl=4, className="mb-3") for path, nav_key, view in VIEWS]),
        html.H2(t("home.regions", lang), className="h4 mt-4 mb-3"),
        dbc.Row([dbc.Col(region_card(store, r, lang), md=6, xl=3, className="mb-3") for r in regions]),
        html.P([
            t("home.data_note", lang) + " ",
            dcc.Link(t("home.data_link", lang), href=href("/data", lang)),
        ], className="text-body-secondary mt-2"),
    ]

