"""The frame around every page: navigation bar, language switch and footer.

Drawn with the page in the first answer when the browser names the page (`layout`), and by one
callback on the URL (`dash.page_container`'s location) as the reader moves within the app, so the
frame follows the page's `?lang=` without each page having to draw it.

Presentation mode (`?present=1` on any page) is a class on <html>, set here from the URL and by
`assets/present.js` (which also handles the buttons and keys); `assets/present.css` does the rest.
"""
from __future__ import annotations

import json
import logging
import re
from html import escape as html_escape

import dash
import flask
import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html
from plotly.io.json import to_json_plotly

from dashboard.components.guard import MAX_PATH, MAX_QUERY, ROUTER_OUTPUT
from dashboard.components.ids import make_ids
from dashboard.components.share_bar import embed_credit
from dashboard.components.urls import href, parse_search
from dashboard.i18n import LANGS, resolve_lang, t

ids = make_ids("shell")
log = logging.getLogger(__name__)
LOCATION = "_pages_location"  # the dcc.Location inside dash.page_container
PAGES_STORE = "_pages_store"
PAGES_CONTENT = "_pages_content"
PAGE_HEADER = "X-Innoloc-Page"  # the page's address on Dash's layout request (assets/page-address.js)

# (path, catalogue key): only pages that exist.
# (path, catalogue key), or (catalogue key of a menu, its entries): only pages that exist.
INVESTOR_MENU = (("/profile", "profile.nav"), ("/compare", "compare.nav"), ("/score", "score.nav"),
                 ("/peers", "peers.nav"))
NAV = (("/", "nav.home"), ("/explore", "nav.explore"), ("nav.investors", INVESTOR_MENU),
       ("/steering", "steering.nav"), ("/data", "nav.data"), ("/slides", "present.nav"))
PAGE_TITLES = {"/": "page.home", "/explore": "page.explore", "/data": "page.data", "/slides": "present.page_title",
               "/profile": "profile.page_title", "/compare": "compare.page_title", "/score": "score.page_title",
               "/steering": "steering.page", "/peers": "peers.page_title"}
NO_PRESENT_BUTTON = ("/slides",)  # the slides page has its own player

# Wording required by the data licences (see ../shared/README.md): shown verbatim in every language.
ATTRIBUTION = (
    "Vir: SURS",
    "Quelle: Statistik Austria",
    "Land Steiermark",
    "© Eurostat",
    "GURS (Geodetska uprava RS)",
    "© EuroGeographics for the administrative boundaries",
)
# The language each attribution is written in (WCAG 3.1.2: a screen reader switches voice).
ATTRIBUTION_LANG = {"Vir: SURS": "sl", "Quelle: Statistik Austria": "de", "Land Steiermark": "de",
                    "GURS (Geodetska uprava RS)": "sl",
                    "© EuroGeographics for the administrative boundaries": "en"}
MAIN_ID = "shell-main"  # the skip link's target


def dropdown_labels(lang: str) -> str:
    """dcc.Dropdown's `labels` (search box, "no options found", clear, select all) in `lang`, as JSON."""
    keys = ("search", "no_options", "clear_search", "clear_selection", "select_all", "deselect_all",
            "selected_count")
    props = ("search", "no_options_found", "clear_search", "clear_selection", "select_all", "deselect_all",
             "selected_count")
    return json.dumps({prop: t(f"a11y.dd.{key}", lang) for key, prop in zip(keys, props)}, ensure_ascii=False)


def chart_texts(lang: str) -> str:
    """Words assets/a11y.js builds each chart's name, description and data table from, as JSON."""
    keys = ("generic", "kind.map", "kind.bar", "kind.line", "kind.matrix", "values", "series_n", "highest",
            "lowest", "from_to", "table", "col.series", "col.label", "col.value")
    return json.dumps({key: t(f"a11y.chart.{key}", lang) for key in keys}, ensure_ascii=False)


def navbar(lang: str, pathname: str, query: dict[str, str]) -> dbc.Navbar:
    pathname = pathname or "/"
    links = []
    for first, second in NAV:
        if isinstance(second, tuple):  # a menu of related pages
            links.append(dbc.DropdownMenu(
                [dbc.DropdownMenuItem(t(key, lang), href=href(path, lang), active=pathname == path,
                                      id=ids("nav-" + path.strip("/"))) for path, key in second],
                label=t(first, lang), nav=True, in_navbar=True, id=ids("nav-" + first.split(".")[-1]),
                toggle_class_name="active" if any(pathname == p for p, _ in second) else "",
            ))
        else:
            links.append(dbc.NavItem(dbc.NavLink(t(second, lang), href=href(first, lang), active=pathname == first,
                                                 id=ids("nav-" + (first.strip("/") or "home")))))
    # The switch keeps page and selection; a shared slide deck (`deck=`) is taken into the browser
    # when the page opens, so it is not sent again (that would undo edits made since).
    keep = {k: v for k, v in query.items() if k not in ("lang", "deck")}
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
    # A plain button: present.js adds `present=1` to the address as it is at click time, since some
    # pages (Explore) keep their live state in the address bar without the server knowing.
    present = None if pathname in NO_PRESENT_BUTTON else html.Button(
        [html.Span("\u25b6", className="present-icon", **{"aria-hidden": "true"}), t("present.mode.start", lang)],
        id=ids("present"), type="button", className="btn btn-outline-light btn-sm present-toggle",
        title=t("present.mode.start_title", lang), **{"data-present-action": "enter"},
    )
    # Below 992 px the links, Present and the language switch fold behind a menu button
    # (assets/a11y.js opens it; no server round trip), so a phone never scrolls sideways.
    toggler = html.Button(
        html.Span(className="navbar-toggler-icon"), type="button", className="navbar-toggler",
        id=ids("nav-toggle"), title=t("a11y.nav_toggle", lang),
        **{"aria-controls": ids("nav-collapse"), "aria-expanded": "false", "aria-label": t("a11y.nav_toggle", lang)},
    )
    return dbc.Navbar(
        dbc.Container([
            html.A(t("a11y.skip", lang), href="#" + MAIN_ID, className="skip-link", id=ids("skip")),
            # texts assets/a11y.js gives every dropdown (Dash's own are English only)
            html.Span(hidden=True, id=ids("a11y-texts"), **{"data-dropdown-labels": dropdown_labels(lang),
                                                             "data-chart-texts": chart_texts(lang)}),
            dcc.Link(
                [html.Span("Innovative Location", className="brand-name"),
                 html.Span(t("app.tagline", lang), className="brand-tagline")],
                href=href("/", lang), className="navbar-brand",
            ),
            toggler,
            html.Div([
                dbc.Nav(links, navbar=True, className="me-auto"),
                html.Div([present, switch], className="d-flex flex-wrap align-items-center gap-2 nav-tools"),
            ], className="collapse navbar-collapse gap-2", id=ids("nav-collapse")),
        ], className="gap-2"),
        color="dark", dark=True, className="site-navbar", expand="lg",
    )


def footer(lang: str) -> html.Div:
    return dbc.Container([
        html.Div([
            html.Span(t("footer.sources", lang) + " ", className="fw-semibold"),
            html.Ul([html.Li(text, lang=ATTRIBUTION_LANG[text]) if text in ATTRIBUTION_LANG else html.Li(text)
                     for text in ATTRIBUTION], className="attribution list-inline d-inline"),
        ]),
        html.P(t("footer.project", lang), className="mb-0 small text-body-secondary"),
    ], className="py-3")


def present_bar(lang: str) -> html.Div:
    """The floating controls shown only in presentation mode (CSS): full screen and exit (Esc)."""
    return html.Div([
        html.Button(t("present.mode.fullscreen", lang), id=ids("present-fullscreen"), type="button",
                    className="btn btn-light btn-sm", title=t("present.mode.fullscreen_title", lang),
                    **{"data-present-action": "fullscreen"}),
        html.Button(["\u2715 ", t("present.mode.exit", lang)], id=ids("present-exit"), type="button",
                    className="btn btn-dark btn-sm", title=t("present.mode.exit_title", lang),
                    **{"data-present-action": "exit"}),
    ], role="toolbar", className="present-bar-inner", **{"aria-label": t("present.mode.bar", lang)})


def page_address() -> tuple[str, str] | None:
    """The address (path, query string) of the page that asks for its layout: assets/page-address.js
    sends it with Dash's layout request. None without one, or for one no browser would send."""
    if not flask.has_request_context():
        return None
    value = flask.request.headers.get(PAGE_HEADER, "")
    path, mark, query = value.partition("?")
    search = mark + query if query else ""  # as `location.search`: "" for a bare "?"
    if (not path.startswith("/") or len(path) > MAX_PATH * 4 or len(search) > MAX_QUERY
            or not value.isascii() or not value.isprintable()):
        return None
    return path, search


def _routed(path: str, search: str):
    """The page's content and the router's store for an address, as Dash's page router answers
    them; None if rendering failed (the router then renders it once the page is in the browser)."""
    try:
        router = dash.get_app().callback_map[ROUTER_OUTPUT]["callback"].__wrapped__
        return router(path, search)
    except Exception:  # noqa: BLE001 - the page then opens as it did before, through the router
        log.exception("page layout for %s%s not rendered with the frame", path, search)
        return None


def layout() -> html.Div:
    """The frame, and with it the page itself when the browser said which (`page_address`): the
    page's first answer then holds everything, and no callback has to wait for the location.

    The page travels in a store and a clientside callback puts it in `_pages_content`, as Dash's
    router would: Dash runs the callbacks of a part of the layout that a callback inserts (a
    page's address sync, say) but not those of the first layout, and every page is written for
    the first. Without an address the frame is a placeholder that the callbacks on the location
    fill, and the router brings the page."""
    address = page_address()
    routed = _routed(*address) if address else None
    if routed is None:
        lang, header, footer_children, meta, presenting = "en", navbar("en", "/", {}), footer("en"), None, None
        container, first_page = dash.page_container, None
    else:
        path, search = address
        header, footer_children, meta = frame_for(path, search)
        lang, presenting = meta["lang"], parse_search(search).get("present") == "1"
        content, store = routed
        # plain JSON: a store's data may hold no Component object (Dash refuses it)
        first_page = json.loads(to_json_plotly(content))
        container = html.Div([
            # the location as the browser has it, so dcc.Location changes nothing when it mounts
            dcc.Location(id=LOCATION, refresh="callback-nav", pathname=path, search=search),
            html.Div(id=PAGES_CONTENT, disable_n_clicks=True),
            dcc.Store(id=PAGES_STORE, data=store),
            html.Div(id="_pages_dummy", disable_n_clicks=True),
        ])
    return html.Div([
        html.Header(header, id=ids("header")),
        html.Main(dbc.Container(container, className="py-4"), id=ids("main"), tabIndex="-1"),
        html.Footer(footer_children, id=ids("footer"), className="site-footer"),
        html.Div(present_bar(lang), id=ids("present-bar"), className="present-bar"),
        dcc.Store(id=ids("meta"), data=meta),
        dcc.Store(id=ids("presenting"), data=presenting),
        dcc.Store(id=ids("first-page"), data=first_page),
        dcc.Store(id=ids("dummy")),
    ], className="site")


def frame_for(pathname: str | None, search: str | None):
    """Navbar, footer and page metadata for a URL (the callback body, testable without Dash)."""
    query = parse_search(search)
    lang, _notice = resolve_lang(query.get("lang"))
    if not isinstance(pathname, str):  # the browser's location: a path or nothing
        pathname = None
    title_key = PAGE_TITLES.get(pathname or "/", "page.not_found")
    meta = {"lang": lang, "title": f"{t(title_key, lang)} · Innovative Location"}
    # embed mode (embed=1, assets/share.js + embed.css) shows only the chart and this line back
    back = href(pathname or "/", lang, **{k: v for k, v in query.items() if k not in ("embed", "chart", "lang")})
    return navbar(lang, pathname or "/", query), [footer(lang), embed_credit(lang, back)], meta


def present_bar_for(search: str | None):
    lang, _notice = resolve_lang(parse_search(search).get("lang"))
    return present_bar(lang)


_HTML_LANG = re.compile(r'<html lang="[A-Za-z-]*"')
_TITLE = re.compile(r"<title>[^<]*</title>")
_SCRIPTS_FOOTER = re.compile(r"<footer>(\s*<script)")


@dash.hooks.index()
def page_language(index: str) -> str:
    """The first HTML response already carries the page's language and title (WCAG 3.1.1, 2.4.2),
    before any script runs; and the template's script container is not a second `contentinfo`."""
    if not flask.has_request_context():
        return index
    lang, _notice = resolve_lang(flask.request.args.get("lang"))
    title_key = PAGE_TITLES.get(flask.request.path or "/", "page.not_found")
    title = f"{t(title_key, lang)} · Innovative Location"
    index = _HTML_LANG.sub(f'<html lang="{lang}"', index, count=1)
    index = _TITLE.sub(lambda _m: f"<title>{html_escape(title)}</title>", index, count=1)
    index, found = _SCRIPTS_FOOTER.subn(r'<div class="dash-scripts">\1', index, count=1)
    if found:
        head, _sep, tail = index.rpartition("</footer>")
        index = head + "</div>" + tail
    return index


def register_callbacks(app: dash.Dash) -> None:
    app.callback(
        Output(ids("header"), "children"),
        Output(ids("footer"), "children"),
        Output(ids("meta"), "data"),
        Input(LOCATION, "pathname"),
        Input(LOCATION, "search"),
        prevent_initial_call=True,  # run when dcc.Location sets or changes the address (`layout`)
    )(frame_for)

    app.callback(
        Output(ids("present-bar"), "children"),
        Input(LOCATION, "search"),
        prevent_initial_call=True,
    )(present_bar_for)

    # The page that came with the first layout goes in as the router's answer would (`layout`).
    app.clientside_callback(
        "function(page) { return page || window.dash_clientside.no_update; }",
        Output(PAGES_CONTENT, "children", allow_duplicate=True),
        Input(ids("first-page"), "data"),
        prevent_initial_call="initial_duplicate",
    )

    # The presentation class follows in-app navigation; present.js sets it before the first paint.
    app.clientside_callback(
        """
        function(search) {
            var on = new URLSearchParams(search || '').get('present') === '1';
            document.documentElement.classList.toggle('presenting', on);
            return on;
        }
        """,
        Output(ids("presenting"), "data"),
        Input(LOCATION, "search"),
        prevent_initial_call=True,
    )

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
