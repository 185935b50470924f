"""Data: the indicator catalogue (search, theme filter), one indicator's coverage matrix, and the
data release ("data as of", per-source retrieval dates, changes against the previous release).

The chosen indicator lives in the URL (`?indicator=<id>`), so every view can be linked; the search
text and theme ride along in the links so choosing an indicator keeps the filter.
"""
import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard.components import catalogue, coverage
from dashboard.components.release_info import as_of_line, release_card
from dashboard.components.ids import make_ids
from dashboard.components.migrations import migrate
from dashboard.components.notices import lang_notices, notice
from dashboard.components.urls import first
from dashboard.i18n import resolve_lang, t
from dashboard.store import load_store

dash.register_page(__name__, path="/data", name="Data", order=1)

ids = make_ids("data")


def layout(**query):
    query = migrate({k: first(v) for k, v in query.items()})  # renamed ids of old links
    raw_lang, raw_indicator = query.get("lang"), query.get("indicator")
    q, theme = query.get("q"), query.get("theme")
    lang, lang_notice = resolve_lang(raw_lang)
    store = load_store()
    all_ids = store.indicator_ids()
    selected, ind_notice = catalogue.resolve_indicator(raw_indicator, all_ids)
    query_text = (first(q) or "")[:100]
    indicators = store.indicators
    options = catalogue.theme_options(indicators, lang)
    raw_theme = first(theme)
    theme = catalogue.resolve_theme(raw_theme, {o["value"] for o in options})
    shown = catalogue.filter_indicators(indicators, query_text, theme, lang)

    notices = lang_notices(lang_notice, raw_lang, lang)
    if raw_theme not in (None, "") and raw_theme != theme:
        notices.append(notice("notice.bad_param", lang, param="theme", value=raw_theme))
    if ind_notice and selected:
        notices.append(notice(ind_notice, lang, value=raw_indicator,
                              name=catalogue.text_of(store.indicator(selected), "name", lang)))

    controls = html.Div([
        dbc.Label(t("data.search.label", lang), html_for=ids("search"), className="fw-semibold"),
        dbc.Input(id=ids("search"), type="search", value=query_text, autocomplete="off",
                  placeholder=t("data.search.placeholder", lang), className="mb-2"),
        dbc.Label(t("data.theme.label", lang), html_for=ids("theme"), className="fw-semibold"),
        dbc.Select(id=ids("theme"), options=options, value=theme),
    ], className="catalogue-controls mb-2", role="search")

    detail = (coverage.panel(store, selected, lang, ids("coverage"))
              if selected else html.P(t("data.none", lang)))
    return html.Div(notices + [
        html.H1(t("data.title", lang), className="h2"),
        html.P(t("data.lead", lang), className="lead mb-1"),
        as_of_line(store, lang, "#" + ids("release")),
        catalogue.comparability_card(store, lang),
        dbc.Row([
            dbc.Col([detail, release_card(store, lang, ids("release"))], lg=7, className="order-lg-2 mb-4"),
            dbc.Col([
                html.H2(t("data.catalogue", lang), className="h5"),
                controls,
                html.P(catalogue.count_line(len(shown), len(all_ids), lang), id=ids("count"),
                       className="small text-body-secondary", **{"aria-live": "polite"}),
                html.Div(catalogue.items(store, shown, lang, selected=selected, query=query_text, theme=theme),
                         id=ids("list"), className="indicator-list"),
            ], lg=5, className="order-lg-1"),
        ]),
        dcc.Store(id=ids("context"), data={"lang": lang, "selected": selected}),
        dcc.Store(id=ids("scrolled")),
    ], className="page page-data", lang=lang)


@dash.callback(
    Output(ids("list"), "children"),
    Output(ids("count"), "children"),
    Input(ids("search"), "value"),
    Input(ids("theme"), "value"),
    State(ids("context"), "data"),
    prevent_initial_call=True,
)
def filter_list(query, theme, context):
    context = context if isinstance(context, dict) else {}  # the browser's copy: anything may come back
    query = query if isinstance(query, str) else None
    theme = theme if isinstance(theme, str) else None
    lang, _ = resolve_lang(context.get("lang"))
    store = load_store()
    shown = catalogue.filter_indicators(store.indicators, query, theme, lang)
    return (catalogue.items(store, shown, lang, selected=context.get("selected"), query=query, theme=theme),
            catalogue.count_line(len(shown), len(store.indicator_ids()), lang))


# Where the list scrolls in its own box (wide screens), bring the chosen indicator into view.
dash.clientside_callback(
    """
    function(context) {
        window.requestAnimationFrame(function() {
            var list = document.getElementById("%s");
            var chosen = list && list.querySelector(".indicator-item.selected");
            if (chosen && list.scrollHeight > list.clientHeight) {
                list.scrollTop = Math.max(chosen.offsetTop - 8, 0);
            }
        });
        return null;
    }
    """ % ids("list"),
    Output(ids("scrolled"), "data"),
    Input(ids("context"), "data"),
)
