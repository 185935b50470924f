"""The frame around every page: navigation bar, language switch and footer.

Rendered by one callback on the URL (`dash.page_container`'s location), so the frame follows the
page's `?lang=` without each page having to draw it.
"""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html

from dashboard.components.ids import make_ids
from dashboard.components.urls import href, parse_search
from dashboard.i18n import LANGS, resolve_lang, t

ids = make_ids("shell")
LOCATION = "_pages_location"  # the dcc.Location inside dash.page_container
PAGES_STORE = "_pages_store"

# (path, catalogue key): only pages that exist.
NAV = (("/", "nav.home"), ("/explore", "nav.explore"), ("/data", "nav.data"))
PAGE_TITLES = {"/": "page.home", "/explore": "page.explore", "/data": "page.data"}

# Wording required by the data licences (see ../shared/README.md): shown verbatim in every language.
ATTRIBUTION = (
    "Vir: SURS",
    "Quelle: Statistik Austria",
    "Land Steiermark",
    "© Eurostat",
    "GURS (Geodetska uprava RS)",
    "© EuroGeographics for the administrative boundaries",
)


def navbar(lang: str, pathname: str, query: dict[str, str]) -> dbc.Navbar:
    pathname = pathname or "/"
    links = [
        dbc.NavItem(dbc.NavLink(t(key, lang), href=href(path, lang), active=pathname == path,
                                id=ids("nav-" + (path.strip("/") or "home"))))
        for path, key in NAV
    ]
    keep = {k: v for k, v in query.items() if k != "lang"}  # the switch keeps page and selection
    switch = html.Div(
        [
            dbc.Button(
                html.Span(code.upper(), lang=code), href=href(pathname, code, **keep),
                title=t(f"lang.{code}", lang), size="sm", color="light", outline=code != lang,
                active=code == lang, id=ids(f"lang-{code}"),
            )
            for code in LANGS
        ],
        className="btn-group lang-switch", role="group", **{"aria-label": t("nav.language", lang)},
    )
    return dbc.Navbar(
        dbc.Container([
            dcc.Link(
                [html.Span("Innovative Location", className="brand-name"),
                 html.Span(t("app.tagline", lang), className="brand-tagline")],
                href=href("/", lang), className="navbar-brand",
            ),
            dbc.Nav(links, navbar=True, className="me-auto"),
            switch,
        ], className="flex-wrap gap-2"),
        color="dark", dark=True, className="site-navbar", expand=True,
    )


def footer(lang: str) -> html.Div:
    return dbc.Container([
        html.Div([
            html.Span(t("footer.sources", lang) + " ", className="fw-semibold"),
            html.Ul([html.Li(text) for text in ATTRIBUTION], className="attribution list-inline d-inline"),
        ]),
        html.P(t("footer.project", lang), className="mb-0 small text-body-secondary"),
    ], className="py-3")


def layout() -> html.Div:
    lang = "en"
    return html.Div([
        html.Header(navbar(lang, "/", {}), id=ids("header")),
        html.Main(dbc.Container(dash.page_container, className="py-4"), id=ids("main")),
        html.Footer(footer(lang), id=ids("footer"), className="site-footer"),
        dcc.Store(id=ids("meta")),
        dcc.Store(id=ids("dummy")),
    ], className="site")


def frame_for(pathname: str | None, search: str | None):
    """Navbar, footer and page metadata for a URL (the callback body, testable without Dash)."""
    query = parse_search(search)
    lang, _notice = resolve_lang(query.get("lang"))
    title_key = PAGE_TITLES.get(pathname or "/", "page.not_found")
    meta = {"lang": lang, "title": f"{t(title_key, lang)} · Innovative Location"}
    return navbar(lang, pathname or "/", query), footer(lang), meta


def register_callbacks(app: dash.Dash) -> None:
    app.callback(
        Output(ids("header"), "children"),
        Output(ids("footer"), "children"),
        Output(ids("meta"), "data"),
        Input(LOCATION, "pathname"),
        Input(LOCATION, "search"),
    )(frame_for)

    # <html lang> and the tab title follow the language; the pages router sets its own
    # (untranslated) title too, so this runs again whenever the router has.
    app.clientside_callback(
        """
        function(meta, _routed) {
            if (meta && meta.lang) {
                document.documentElement.lang = meta.lang;
                // after the router's own title update, which may run in the same tick
                window.setTimeout(function() { document.title = meta.title; }, 0);
            }
            return null;
        }
        """,
        Output(ids("dummy"), "data"),
        Input(ids("meta"), "data"),
        Input(PAGES_STORE, "data"),
    )
