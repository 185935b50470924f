"""Explore: one indicator, one year, the places three ways (map, ranking, time series), linked.

The whole view lives in one state (`dcc.Store`) whose serialisation is the URL; callbacks are thin
adapters around `dashboard.explore` (state, controller, render, summary, export).
"""
from __future__ import annotations

import json

import dash
import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, Patch, State, ctx, dash_table, dcc, html, no_update
from dash.dash_table.Format import Format, Group, Scheme, Sign
from dash.exceptions import PreventUpdate
from plotly.io.json import to_json_plotly

from dashboard.components import add_to_slides, address, follow, table_keys
from dashboard.components.catalogue import text_of
from dashboard.components.downloads import send_csv, send_xlsx, xlsx_button
from dashboard.components.guard import InvalidState, number, refuse_invalid, text
from dashboard.components.share_bar import caption as share_caption, share_bar
from dashboard.components.ids import make_ids
from dashboard.components.notices import notice
from dashboard.components.urls import first, href
from dashboard.explore import export, picker, render, wire, years
from dashboard.explore.logic import build_view, coerce
from dashboard.explore.state import (
    COLOURS,
    LEVELS,
    MODES,
    REFERENCES,
    SCOPES,
    ExploreState,
    parse_query,
)
from dashboard.explore.summary import sentences
from dashboard.figures.map import MAP_HEIGHT, apply_update, graph_config, load_boundaries
from dashboard.i18n import t
from dashboard.measures import change_unit, index_available
from dashboard.peers import place_types
from dashboard.store import load_store

dash.register_page(__name__, path="/explore", name="Explore", order=2)

TABLE_PAGE_SIZE = 50  # rows of the table drawn at a time; its CSV and XLSX hold every row
# A table of more rows than this (every municipality of a large data set) comes in an answer of its
# own, asked for once the charts' answer is in (`table_later`): at 2,300 places its rows were 565 of
# an indicator change's 1,240 kB, and the browser read and rendered them before drawing any chart.
TABLE_LATER_ROWS = 400

ids = make_ids("explore")


def _indicator_options(store, lang: str) -> list[dict]:
    """Grouped by theme: a disabled theme heading, then its indicators (searchable by name)."""
    options = []
    ind = store.indicators
    for theme in dict.fromkeys(ind["theme"]):
        options.append({"label": t(f"theme.{theme}", lang).upper(), "value": f"__{theme}", "disabled": True})
        for i in ind.index[ind["theme"] == theme]:
            name = ind.loc[i, f"name_{lang}"]
            options.append({"label": "\u2003" + name, "value": i, "search": f"{name} {t(f'theme.{theme}', lang)}"})
    return options


def _year_marks(years: list[int]) -> dict:
    step = 1 if len(years) <= 12 else (2 if len(years) <= 24 else 5)
    return {y: str(y) for y in years if (y - years[0]) % step == 0 or y == years[-1]}


def _starts(store, state: ExploreState) -> list[dict]:
    """The period's possible first years: those before the year shown."""
    return [{"label": str(y), "value": y} for y in store.years(state.indicator) if y < state.year]


def _radio(name: str, values, lang: str, value: str, key_prefix: str, options=None, extra=None):
    return html.Div([
        dbc.Label(t(f"explore.{name}", lang), html_for=ids(name), className="fw-semibold small mb-1"),
        dbc.RadioItems(id=ids(name), value=value, className="small",
                       options=options or [{"label": t(f"{key_prefix}.{v}", lang), "value": v} for v in values]),
        extra,
    ], className="mb-3")


def _mode_options(store, state: ExploreState) -> list[dict]:
    """Index mode is disabled for signed indicators (values negative by definition)."""
    allowed = index_available(store, state.indicator)
    return [{"label": t(f"explore.mode.{m}", state.lang), "value": m, "disabled": m == "index" and not allowed}
            for m in MODES]


def _mode_note(store, state: ExploreState):
    """Why the index option is greyed out (empty when it is not)."""
    return "" if index_available(store, state.indicator) else t("explore.index_unavailable", state.lang)


def _colour_options(state: ExploreState) -> list[dict]:
    """Municipality types (the peers typology) colour municipalities only."""
    return [{"label": t(f"typology.colour.{c}", state.lang), "value": c,
             "disabled": c == "type" and state.level == "regions"} for c in COLOURS]


def _colour_note(state: ExploreState) -> str:
    if state.level == "regions":
        return t("typology.regions_note", state.lang)
    return t("typology.colour_note", state.lang) if state.colour == "type" else ""


def _colour_radio(state: ExploreState):
    return html.Div([
        dbc.Label(t("typology.colour", state.lang), html_for=ids("colour"), className="fw-semibold small mb-1"),
        dbc.RadioItems(id=ids("colour"), value=state.colour, className="small", options=_colour_options(state)),
        html.P(_colour_note(state), id=ids("colour-note"), className="small text-body-secondary mt-1 mb-0"),
    ], className="mb-3")


def _map_key(state: ExploreState) -> list:
    """What forces a fresh map rather than a Patch; the type map is always drawn afresh."""
    return ["type", state.lang] if state.colour == "type" else render.map_structure_key(state)


def _map_store(state: ExploreState) -> list:
    """The map-key store: structure, then what the colours and hovers show, then the selection
    (the browser sends it back, so the next render patches only what changed)."""
    return _map_key(state) + [render.map_content_key(state), list(state.selected)]


def _map(store, geojson, state: ExploreState, view):
    if state.colour == "type":
        return place_types.explore_map(store, geojson, lang=state.lang, selected=state.selected,
                                       geojson_url=render.GEOJSON_URL)
    return render.map_initial(store, geojson, state, view, plain=True)


def _titles(store, state: ExploreState) -> dict:
    titles = render.titles(store, state)
    if state.colour == "type":
        titles["map"] = {**titles["map"], "title": place_types.map_title(store, state.lang)}
    # what every image and the caption under each chart carry besides the title (share_bar.caption)
    ind = store.indicator(state.indicator)
    for chart, entry in titles.items():
        entry["lines"] = share_caption(entry["title"], [ind], state.lang, sources=entry.get("source"),
                                       period_unit=_period_unit(store, state, chart),
                                       release_date=store.release_date)["lines"]
    return titles


def _period_unit(store, state: ExploreState, chart: str) -> str:
    """"Unit: %, 2023" / "Unit: pp, 2015–2023": period and unit in words for images and captions."""
    ind = store.indicator(state.indicator)
    unit = change_unit(ind["unit"]) if state.mode in ("change", "difference") else ind["unit"]
    label = "" if state.mode == "index" else t(f"unit.{unit}", state.lang) if unit else ""
    if chart == "series":
        years = store.years(state.indicator)
        period = f"{years[0]}\u2013{years[-1]}" if years else ""
    elif state.mode == "change":
        period = f"{state.start}\u2013{state.year}"
    else:
        period = str(state.year)
    if label:
        return t("exports.unit_period", state.lang, unit=label, period=period)
    return t("exports.period", state.lang, period=period)


def _about(store, state: ExploreState):
    lang = state.lang
    ind = store.indicator(state.indicator)
    rows = []
    for side, key in (("si", "data.source.si"), ("at", "data.source.at"), ("regions", "data.source.regions")):
        rows.append(html.Div([html.Dt(t(key, lang), className="col-4"),
                              html.Dd(ind[f"source_{side}"] or t("data.source.none", lang), className="col-8 mb-1")],
                             className="row"))
    note = ind[f"comparability_{lang}"]
    return [
        html.P(ind[f"definition_{lang}"], className="mb-2"),
        html.Dl(rows, className="small mb-2"),
        dbc.Alert([html.Span(t("explore.comparability", lang), className="badge text-bg-warning me-2"), note],
                  color="warning", className="py-2 small mb-2") if note else None,
        dcc.Link(t("explore.data_link", lang), href=href("/data", lang, indicator=state.indicator), className="small"),
    ]


def _heading(store, state: ExploreState):
    lang = state.lang
    ind = store.indicator(state.indicator)
    badge = (html.Span(t("explore.comparability", lang), className="badge text-bg-warning ms-2 align-middle small")
             if ind[f"comparability_{lang}"] else None)
    return [html.Span(ind[f"name_{lang}"]), badge]


def _selection(store, state: ExploreState):
    lang = state.lang
    if not state.selected:
        return html.Span(t("explore.selected_none", lang), className="text-body-secondary")
    chips = [dbc.Badge(store.place(c)[f"name_{lang}"], color="light", text_color="dark", className="me-1 border")
             for c in state.selected]
    return [html.Span(t("explore.selected", lang) + " ", className="fw-semibold"), *chips]


def _with_unit(label: str, unit: str, lang: str) -> str:
    """A column header with its unit when that is short ("Change 2015–2023 (pp)"). Up to 8
    characters, so that every unit short in one language is named in all three ("per km²",
    "Personen", "število" are 7-8); the long ones stay in the heading and the notes."""
    text = t(f"unit.{unit}", lang) if unit else ""
    return f"{label} ({text})" if text and len(text) <= 8 else label


def _table_columns(state: ExploreState, decimals: int, unit: str = ""):
    lang = state.lang
    def fixed():  # Format's setters change the object in place: a fresh one per column
        return Format(precision=decimals, scheme=Scheme.fixed, group=Group.yes)
    cols = [
        {"id": "rank", "name": t("table.rank", lang), "type": "numeric"},
        {"id": "place", "name": t("table.place", lang)},
        {"id": "region", "name": t("table.region", lang)},
        {"id": "value", "name": _with_unit(t("table.value", lang, year=state.year), unit, lang), "type": "numeric",
         "format": fixed()},
        {"id": "start_value", "name": _with_unit(t("table.start_value", lang, year=state.start), unit, lang),
         "type": "numeric", "format": fixed()},
        {"id": "change", "name": _with_unit(t("table.change", lang, start=state.start, year=state.year),
                                            change_unit(unit), lang),
         "type": "numeric", "format": fixed().sign(Sign.positive)},
    ]
    if state.mode in ("index", "difference"):
        precision = 1 if state.mode == "index" else decimals
        name = t(f"explore.mode.{state.mode}", lang)
        if state.mode == "difference":
            name = _with_unit(name, change_unit(unit), lang)
        cols.append({"id": "display", "name": name, "type": "numeric",
                     "format": Format(precision=precision, scheme=Scheme.fixed, group=Group.yes)})
    cols += [{"id": "note", "name": t("table.note", lang)}, {"id": "flags", "name": t("table.flags", lang)}]
    return cols


def _table_tooltips(rows: list[dict]) -> list[dict]:
    """The note cell's tooltip: what "old" or "break in series" means."""
    return [{"note": {"value": r["note_title"], "type": "text"}} if r.get("note_title") else {} for r in rows]


def _chart(name: str, figure, title: str, lang: str, style: dict, body_class: str = "", lines=()):
    """A card: title (also the image's title), the graph, its share bar (copy link, PNG, SVG, embed)
    with the caption the images carry; the card is what `embed=1&chart=<name>` keeps."""
    config = graph_config(f"innovative-location-{name}", modeBarButtonsToRemove=["toImage"])
    return html.Div(dbc.Card([
        dbc.CardHeader([
            # "Map: …" / "Ranking: …": the charts share a title, their headings must differ
            html.H3([html.Span(t(f"a11y.chart.{name}", lang) + ": ", className="visually-hidden"),
                     html.Span(title, id=ids(f"{name}-title"))], className="h6 mb-0 me-auto"),
        ], className="d-flex align-items-center gap-2 bg-white"),
        dbc.CardBody(dcc.Graph(id=ids(name), figure=figure, config=config, style=style, className="explore-graph"),
                     className=body_class),
        dbc.CardFooter(share_bar("explore", name, lang, title=title, caption_lines=lines,
                                 caption_id=ids(f"{name}-caption"), downloads=[
                                     html.Button(t(f"explore.download.{key}", lang), type="button",
                                                 id={"type": ids("dl"), "chart": name, "kind": kind},
                                                 className="btn btn-outline-secondary btn-sm")
                                     for kind, key in (("shown", "csv"), ("full", "full"))
                                 ] + [xlsx_button({"type": ids("dl"), "chart": name, "kind": "xlsx"}, lang,
                                                  class_name="btn btn-outline-secondary btn-sm")]),
                       className="bg-white"),
    ], className="mb-3"), **{"data-embed-target": name})


def layout(**query):
    store = load_store()
    parsed = parse_query({k: first(v) for k, v in query.items()}, store)
    state = coerce(parsed.state, store)
    lang = state.lang
    view = build_view(store, state)
    years = store.years(state.indicator)
    notices = [notice(key, lang, **args) for key, args in parsed.notices]

    controls = dbc.Card(dbc.CardBody([
        dbc.Label(t("explore.indicator", lang), html_for=ids("indicator"), className="fw-semibold small mb-1"),
        dcc.Dropdown(id=ids("indicator"), options=_indicator_options(store, lang), value=state.indicator,
                     clearable=False, searchable=True, className="mb-3"),
        _radio("level", LEVELS, lang, state.level, "explore.level"),
        _radio("scope", SCOPES, lang, state.scope, "explore.scope"),
        _radio("mode", MODES, lang, state.mode, "explore.mode", options=_mode_options(store, state),
               extra=html.P(_mode_note(store, state), id=ids("mode-note"), className="small text-body-secondary mt-1 mb-0")),
        _radio("reference", REFERENCES, lang, state.reference, "explore.ref"),
        _colour_radio(state),
        dbc.Label(t("explore.start", lang), html_for=ids("start"), className="fw-semibold small mb-1"),
        dcc.Dropdown(id=ids("start"), options=_starts(store, state),
                     value=state.start, clearable=False, className="mb-2"),
    ]), className="explore-controls mb-3")

    year_bar = html.Div([
        html.Button("\u25b6", id=ids("play"), className="btn btn-primary btn-sm me-3", type="button",
                    title=t("explore.play", lang), **{"aria-label": t("explore.play", lang)}),
        html.Div([
            dbc.Label(t("explore.year", lang), html_for=ids("year"), className="visually-hidden"),
            dcc.Slider(id=ids("year"), min=years[0], max=years[-1], step=1, value=state.year,
                       marks=_year_marks(years), included=False, updatemode="mouseup", allow_direct_input=False,
                       tooltip={"placement": "top", "always_visible": False}),
        ], className="flex-grow-1"),
        dcc.Interval(id=ids("ticker"), interval=1400, disabled=True),
    ], className="d-flex align-items-center year-bar mb-3")

    selection = html.Div([
        html.Div(_selection(store, state), id=ids("selection"), className="me-2"),
        dbc.Button(t("explore.clear", lang), id=ids("clear"), size="sm", color="secondary", outline=True,
                   className="ms-auto"),
    ], className="d-flex align-items-center flex-wrap gap-2 mb-3")

    about = html.Div([
        dbc.Button(t("explore.about", lang), id=ids("about-toggle"), color="link", size="sm", className="px-0"),
        dbc.Collapse(html.Div(_about(store, state), id=ids("about")), id=ids("about-collapse"), is_open=False),
    ])

    geojson = load_boundaries()
    titles = _titles(store, state)
    charts = [
        dbc.Row([
            dbc.Col(_chart("map", _map(store, geojson, state, view), titles["map"]["title"], lang,
                           {"height": f"{MAP_HEIGHT}px"}, lines=titles["map"]["lines"]), width=12),
            dbc.Col(_chart("ranking", render.ranking(store, state, view, plain=True), titles["ranking"]["title"], lang,
                           {}, "ranking-scroll", lines=titles["ranking"]["lines"]), width=12),
        ]),
        _chart("series", render.timeseries(store, state, plain=True), titles["series"]["title"], lang, {"minHeight": "460px"},
               lines=titles["series"]["lines"]),
        html.P(t("explore.count_series_note", lang), className="small text-body-secondary",
               hidden=render.series_mode(store, state) != "index" or state.mode == "index", id=ids("series-note")),
        dbc.Card(dbc.CardBody([
            html.H2(t("explore.summary", lang), className="h6"),
            html.Div([html.P(s, className="mb-1") for s in sentences(store, view)], id=ids("summary"),
                     **{"aria-live": "polite"}),
        ]), className="mb-3"),
        dbc.Card(dbc.CardBody([
            html.Div([
                html.H2(t("explore.table", lang), className="h6 me-auto mb-0"),
                dbc.Button(t("explore.download.csv", lang), id=ids("dl-shown"), size="sm", color="primary", outline=True),
                dbc.Button(t("explore.download.full", lang), id=ids("dl-full"), size="sm", color="primary", outline=True),
                xlsx_button(ids("dl-xlsx"), lang),
            ], className="d-flex align-items-center flex-wrap gap-2 mb-2"),
            html.P(t("explore.download.png", lang), className="small text-body-secondary"),
            table_keys.texts(lang),
            dash_table.DataTable(
                id=ids("table"), data=(table_data := export.table_rows(store, view)),
                tooltip_data=_table_tooltips(table_data), tooltip_delay=0, tooltip_duration=None,
                columns=_table_columns(state, int(view.indicator["decimals"]), view.indicator["unit"]),
                locale_format={"decimal": ",", "group": "."} if lang in ("sl", "de") else {"decimal": ".", "group": ","},
                # pages of 50 rows, as Score's ranking: all municipalities re-rendered every row on
                # each year change (a third of its main-thread time at 1,000 places)
                sort_action="native", page_action="native", page_size=TABLE_PAGE_SIZE, style_as_list_view=True,
                row_selectable="multi",  # a tick selects the place (components/table_keys.py)
                style_table={"overflowX": "auto", "maxHeight": "520px", "overflowY": "auto"},
                style_cell={"fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'DejaVu Sans', sans-serif", "fontSize": "0.85rem", "padding": "4px 8px", "textAlign": "left"},
                style_cell_conditional=[{"if": {"column_type": "numeric"}, "textAlign": "right"}],
                style_header={"fontWeight": "600", "backgroundColor": "#f1f3f5"},
                style_data_conditional=[{"if": {"filter_query": "{partner} eq true"}, "fontWeight": "600"}],
            ),
            dcc.Download(id=ids("download")),
        ]), className="mb-3"),
    ]

    return html.Div(notices + [
        html.Div([
            add_to_slides.link(ids("add-slides"), "/explore", state.to_query(), lang, beside_heading=True),
            html.H1(t("explore.title", lang), className="h2 mb-1"),
            html.P(t("explore.lead", lang), className="text-body-secondary mb-3"),
        ]),
        dbc.Row([
            dbc.Col([controls], lg=3),
            dbc.Col([
                html.H2(_heading(store, state), id=ids("heading"), className="h4 mb-1"),
                about, year_bar, selection, picker.picker(store, view, state), *charts,
            ], lg=9),
        ]),
        dcc.Store(id=ids("state"), data=state.as_dict()),
        dcc.Store(id=ids("map-key"), data=_map_store(state)),
        dcc.Store(id=ids("series-key"), data=render.series_key(state)),
        dcc.Store(id=ids("titles"), data=titles),
        # year steps (assets/year-step.js): the year a step asks the server for when the bundle
        # does not hold it (and, until the answer is in, the pending step), the view a bundle is
        # asked for, and the bundle itself
        dcc.Store(id=ids("year-request")), dcc.Store(id=ids("year-pending")),
        dcc.Store(id=ids("years-request")), dcc.Store(id=ids("years")),
        dcc.Store(id=ids("year-intent")),  # the reader moved to the year bar (assets/year-step.js)
        dcc.Store(id=ids("table-request")),  # the state whose long table follows the charts (table_later)
        dcc.Store(id=ids("table-content")),  # the table's rows, columns and tooltips, set in the browser
    ], className="page page-explore", lang=lang)


# ---- callbacks: thin adapters ------------------------------------------------------------------

_VIEW_OUTPUTS = [
    Output(ids("map"), "figure"), Output(ids("map-key"), "data"),
    Output(ids("ranking"), "figure"),
    Output(ids("series"), "figure"), Output(ids("series-key"), "data"),
    Output(ids("summary"), "children"), Output(ids("table-content"), "data"),
    Output(ids("heading"), "children"), Output(ids("about"), "children"), Output(ids("selection"), "children"),
    Output(ids("series-note"), "hidden"),
    Output(ids("titles"), "data"),
    Output(ids("map-title"), "children"), Output(ids("ranking-title"), "children"), Output(ids("series-title"), "children"),
    Output(ids("table-request"), "data"),
]


@dash.callback(
    Output(ids("state"), "data"),
    Output(ids("year"), "min"), Output(ids("year"), "max"), Output(ids("year"), "marks"),
    Output(ids("start"), "options"),
    Output(ids("mode"), "options"), Output(ids("mode-note"), "children"),
    Output(ids("colour"), "options"), Output(ids("colour-note"), "children"),
    *[Output(o.component_id, o.component_property, allow_duplicate=True) for o in _VIEW_OUTPUTS],
    Input(ids("indicator"), "value"), Input(ids("year-request"), "data"), Input(ids("start"), "value"),
    Input(ids("level"), "value"), Input(ids("scope"), "value"), Input(ids("mode"), "value"),
    Input(ids("reference"), "value"), Input(ids("colour"), "value"),
    State(ids("state"), "data"), State(ids("map-key"), "data"), State(ids("series-key"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def update_state(indicator, year, start, level, scope, mode, reference, colour, data, map_key, series_key):
    """The controls -> the state, and the views of the new state in the same answer (no second round
    trip to render_views, which then finds the page showing it). A click or Clear changes the state
    in the browser (assets/explore-select.js)."""
    store = load_store()
    state = ExploreState.from_client(data, store)
    trigger = ctx.triggered_id
    indicator = text(indicator)
    if indicator and not indicator.startswith("__"):
        if indicator not in store.indicator_ids():
            raise InvalidState()
        state = state.with_(indicator=indicator)
    state = state.with_(level=text(level), scope=text(scope), mode=text(mode), reference=text(reference),
                        colour=text(colour) or "value")
    year, start = number(year, optional=True), number(start, integer=True, optional=True)
    if trigger == ids("year-request") and year is not None:
        years = store.years(state.indicator)  # the slider steps by 1; a gap year snaps to the nearest with data
        state = state.with_(year=min(years, key=lambda y: (abs(y - float(year)), -y)))
    if trigger == ids("start") and start is not None:
        state = state.with_(start=start)
    state = coerce(state, store).checked(store)  # the URL's rules, as for the address
    years = store.years(state.indicator)
    return (state.as_dict(), years[0], years[-1], _year_marks(years), _starts(store, state),
            _mode_options(store, state), _mode_note(store, state),
            _colour_options(state), _colour_note(state),
            *_views_unless_shown(store, state, map_key, series_key))




@dash.callback(
    *_VIEW_OUTPUTS,
    Input(ids("state"), "data"),
    State(ids("map-key"), "data"), State(ids("series-key"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def render_views(data, map_key, series_key):
    """A state set in the browser (a click, Clear, a pick, a year step the bundle did not hold) ->
    the views; update_state answers its own states with their views."""
    store = load_store()
    answer = _views_unless_shown(store, ExploreState.from_client(data, store), map_key, series_key)
    if answer[0] is no_update:
        raise PreventUpdate
    return answer


def _views_unless_shown(store, state: ExploreState, map_key, series_key) -> tuple:
    if map_key == _map_store(state) and series_key == render.series_key(state):
        # the page shows this state already (a year step drawn from the year bundle, or update_state's answer)
        return (no_update,) * len(_VIEW_OUTPUTS)
    if not isinstance(map_key, list) or len(map_key) < 3:
        map_key = [None, None, None]  # no usable key from the browser: draw the map afresh
    return _views(store, load_boundaries(), state, map_key, series_key)


def _views(store, geojson, state: ExploreState, map_key: list, series_key) -> tuple:
    """render_views' answer for `state`, given the keys of what the page shows (JSON-native)."""
    view = build_view(store, state)
    # a click (or Clear): the same view but for the selection; what does not show the selection
    # (table, headings, titles, the map's colours) stays in the page as it is
    only_selection = map_key[:-2] == _map_key(state) and map_key[-2] == render.map_content_key(state)
    titles = no_update if only_selection else _titles(store, state)
    if state.colour == "type":
        map_out = _map(store, geojson, state, view)
    elif render.map_structure_key(state) == map_key[:-2]:
        map_out = Patch()
        if render.map_content_key(state) == map_key[-2]:
            # only the selection changed (a click): colours, legend and hovers stay as they are
            changes = {render.SELECTION_TRACE: render.selection_outline(geojson, state)}
        else:
            changes = render.map_changes(store, geojson, state, view)
        if list(state.selected) == map_key[-1]:
            changes.pop(render.SELECTION_TRACE)  # outline coordinates travel only when the selection changes
        apply_update(map_out, changes)
    else:
        map_out = render.map_initial(store, geojson, state, view, plain=True)
    if render.series_key(state) == series_key:
        series_out = Patch()  # only the year marker moves
        series_out["layout"]["shapes"][-1]["x0"] = state.year
        series_out["layout"]["shapes"][-1]["x1"] = state.year
    else:
        series_out = render.timeseries(store, state, plain=True)
    if only_selection:
        return wire.answer((
            map_out, _map_store(state), render.ranking(store, state, view, plain=True),
            series_out, render.series_key(state),
            [html.P(s, className="mb-1") for s in sentences(store, view)],
            no_update, no_update, no_update, _selection(store, state), no_update,
            no_update, no_update, no_update, no_update, no_update,
        ), _COMPONENT_OUTPUTS)
    if len(view.places) > TABLE_LATER_ROWS:
        table = (no_update, state.as_dict())  # asked for by table_later
    else:
        table = (_table(store, state, view), no_update)
    return wire.answer((
        map_out, _map_store(state),
        render.ranking(store, state, view, plain=True),
        series_out, render.series_key(state),
        [html.P(s, className="mb-1") for s in sentences(store, view)],
        table[0],
        _heading(store, state), _about(store, state), _selection(store, state),
        render.series_mode(store, state) != "index" or state.mode == "index",
        titles, titles["map"]["title"], titles["ranking"]["title"], titles["series"]["title"],
        table[1],
    ), _COMPONENT_OUTPUTS)


@dash.callback(
    Output(ids("table-content"), "data", allow_duplicate=True),
    Input(ids("table-request"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def table_later(data):
    """The long table of a state whose charts are drawn already (see TABLE_LATER_ROWS)."""
    store = load_store()
    state = ExploreState.from_client(data, store)
    return _table(store, state, build_view(store, state))


def _table(store, state: ExploreState, view) -> dict:
    """The table's data, columns (their Formats as plain dicts) and tooltips, JSON-native."""
    rows = export.table_rows(store, view)
    columns = _table_columns(state, int(view.indicator["decimals"]), view.indicator["unit"])
    return {"data": rows, "columns": wire.plain(columns), "tooltip_data": _table_tooltips(rows)}


# The table takes its content in the browser: a DataTable whose `data` is a callback's output is
# drawn afresh as "loading" when the callback is sent, before the request leaves (12-20 ms of an
# indicator change's main-thread time, ahead of the map). `set_props` marks nothing as loading;
# the table's own callbacks (the ticks, components/table_keys.py) see the new rows as before.
dash.clientside_callback(
    """
    function (content) {
        if (content && typeof content === 'object' && Array.isArray(content.data)) {
            window.dash_clientside.set_props('%s', content);
        }
    }
    """ % ids("table"),
    Input(ids("table-content"), "data"),
    prevent_initial_call=True,
)


# render_views' outputs that hold Dash components (summary, heading, about, selection): made plain
# dicts, so Dash encodes the answer in one orjson call instead of walking every value of the map in
# Python (dashboard/explore/wire.py)
_COMPONENT_OUTPUTS = frozenset({5, 7, 8, 9})


@dash.callback(
    Output(ids("years"), "data"),
    Input(ids("years-request"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def year_bundle(data):
    """Every year of the view the page shows, as render_views would answer it, and the period's
    possible first years (update_state's one output that moves with the year); see
    dashboard/explore/years.py."""
    store = load_store()
    state = ExploreState.from_client(data, store)
    if not years.worth_making(len(build_view(store, state).places), len(store.years(state.indicator))):
        return None  # too large to send at once: these year steps keep asking the server
    geojson = load_boundaries()
    answers, states = {}, {}
    for year in store.years(state.indicator):
        try:
            step = coerce(state.with_(year=year), store).checked(store)
        except InvalidState:
            continue
        if step.with_(year=state.year) != state:
            continue  # the URL's rules change more than the year there (the period's start): ask the server
        map_key = _map_key(step) + [None, list(step.selected)]  # same structure, other colours: a Patch
        answer = wire.answer(_views(store, geojson, step, map_key, render.series_key(step)), _COMPONENT_OUTPUTS)
        if answer[0] is no_update:  # the page shows it already (not for another year)
            continue
        answer += (_starts(store, step),)  # update_state's one output that moves with the year
        answers[year] = json.loads(to_json_plotly(answer))
        states[year] = step.as_dict()
    return years.pack(state.as_dict(), answers, states)


# The controls follow the state the server settled on (another indicator's years, no index mode, a
# start year it lacks), in the browser: update_state writes none of the controls it reads.
follow.follow(ids("state"), {ids("year"): "year", ids("start"): "start", ids("mode"): "mode", ids("colour"): "colour"})


# A click on a place (map, ranking) or Clear: the selection changes in the browser and the state goes
# straight to render_views, which reads it with the URL's rules like every state (assets/explore-select.js).
dash.clientside_callback(
    ClientsideFunction("innoloc", "select"),
    Output(ids("state"), "data", allow_duplicate=True),
    Input(ids("map"), "clickData"), Input(ids("ranking"), "clickData"), Input(ids("clear"), "n_clicks"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)


# A year step: drawn from the bundle when it holds the year, else asked of the server (update_state);
# the view's bundle is asked for once per view: when the reader moves to the year bar, or at the
# latest once the server has answered a step.
dash.clientside_callback(
    ClientsideFunction("innoloc", "yearStep"),
    Output(ids("state"), "data", allow_duplicate=True),
    *[Output(o.component_id, o.component_property, allow_duplicate=True) for o in _VIEW_OUTPUTS],
    Output(ids("start"), "options", allow_duplicate=True),
    Output(ids("year-request"), "data"), Output(ids("year-pending"), "data"),
    Input(ids("year"), "value"),
    State(ids("state"), "data"), State(ids("years"), "data"),
    prevent_initial_call=True,
)
dash.clientside_callback(
    ClientsideFunction("innoloc", "askBundle"),
    Output(ids("years-request"), "data"), Output(ids("year-pending"), "data", allow_duplicate=True),
    Input(ids("map-key"), "data"),
    State(ids("state"), "data"), State(ids("year-pending"), "data"), State(ids("years-request"), "data"),
    State(ids("years"), "data"),
    prevent_initial_call=True,
)
dash.clientside_callback(
    ClientsideFunction("innoloc", "askEarly"),
    Output(ids("years-request"), "data", allow_duplicate=True),
    Input(ids("year-intent"), "data"),
    State(ids("state"), "data"), State(ids("years-request"), "data"), State(ids("years"), "data"),
    prevent_initial_call=True,
)


address.follow(ids("state"))
table_keys.follow_selection(ids("table"), ids("state"), picker.PICK)
add_to_slides.follow(ids("add-slides"), ids("state"), "/explore")

# Play: the button starts and stops a ticker; each tick moves the slider to the next year.
dash.clientside_callback(
    """
    function(_n, disabled, year, first, last) {
        const nu = window.dash_clientside.no_update;
        // at the latest year, Play starts again from the first year (it did nothing there)
        const restart = disabled && year !== null && year !== undefined && year >= last;
        return [!disabled, disabled ? '\u275a\u275a' : '\u25b6', restart ? first : nu];
    }
    """,
    Output(ids("ticker"), "disabled"), Output(ids("play"), "children"),
    Output(ids("year"), "value", allow_duplicate=True),
    Input(ids("play"), "n_clicks"),
    State(ids("ticker"), "disabled"), State(ids("year"), "value"), State(ids("year"), "min"),
    State(ids("year"), "max"),
    prevent_initial_call=True,
)


@dash.callback(
    Output(ids("year"), "value", allow_duplicate=True),
    Output(ids("ticker"), "disabled", allow_duplicate=True),
    Output(ids("play"), "children", allow_duplicate=True),
    Input(ids("ticker"), "n_intervals"),
    State(ids("year"), "value"), State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def advance_year(_n, year, data):
    store = load_store()
    years = store.years(ExploreState.from_client(data, store).indicator)
    year = number(year, optional=True)
    later = [y for y in years if y > (year or years[0])]
    if not later:
        return no_update, True, "\u25b6"
    return later[0], no_update, no_update


@dash.callback(
    Output(ids("about-collapse"), "is_open"),
    Input(ids("about-toggle"), "n_clicks"),
    State(ids("about-collapse"), "is_open"),
    prevent_initial_call=True,
)
def toggle_about(_n, is_open):
    return not is_open


@dash.callback(
    Output(ids("download"), "data"),
    Input(ids("dl-shown"), "n_clicks"), Input(ids("dl-full"), "n_clicks"), Input(ids("dl-xlsx"), "n_clicks"),
    Input({"type": ids("dl"), "chart": ALL, "kind": ALL}, "n_clicks"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def download(_shown, _full, _xlsx, _bars, data):
    store = load_store()
    state = ExploreState.from_client(data, store)
    trig = ctx.triggered_id
    if isinstance(trig, dict):  # the same three downloads in each chart's share bar
        if not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update
        trig = {"shown": ids("dl-shown"), "full": ids("dl-full"), "xlsx": ids("dl-xlsx")}.get(trig.get("kind"))
        if trig is None:
            raise InvalidState()
    if trig == ids("dl-full"):
        return send_csv(export.indicator_csv(store, state.indicator, state.lang),
                        f"innovative-location_{state.indicator}_all-years.csv", store=store)
    view = build_view(store, state)
    name = f"innovative-location_{state.indicator}_{state.year}_{state.mode}.csv"
    text = export.displayed_csv(store, view)
    if trig == ids("dl-xlsx"):
        return send_xlsx(text, name, store=store, title=text_of(view.indicator, "name", state.lang),
                         metas=[view.indicator], lang=state.lang, path="/explore", query=state.to_query())
    return send_csv(text, name, store=store)


# PNG or SVG of a chart with its caption (title, period, unit, caveat, sources, attribution, release
# date, link) in the image, made in the browser from the live figure (assets/share.js).
dash.clientside_callback(
    """
    function(n, titles, id) {
        if (!n || !window.innolocShare) { return window.dash_clientside.no_update; }
        const gd = document.getElementById('%(prefix)s' + id.chart).querySelector('.js-plotly-plot');
        window.innolocShare.graphImage(gd, titles[id.chart], {format: id.format, filename: 'innovative-location-' + id.chart});
        return n;
    }
    """ % {"prefix": ids("")},
    Output({"type": ids("img-sink"), "chart": dash.MATCH, "format": dash.MATCH}, "data"),
    Input({"type": ids("img"), "chart": dash.MATCH, "format": dash.MATCH}, "n_clicks"),
    State(ids("titles"), "data"),
    State({"type": ids("img"), "chart": dash.MATCH, "format": dash.MATCH}, "id"),
    prevent_initial_call=True,
)

# the caption under each chart follows the view
dash.clientside_callback(
    """
    function(titles) {
        if (!titles) { return window.dash_clientside.no_update; }
        return ['map', 'ranking', 'series'].map(function(c) {
            return (titles[c].lines || []).join('\\n');
        });
    }
    """,
    [Output(ids(f"{c}-caption"), "children") for c in ("map", "ranking", "series")],
    Input(ids("titles"), "data"),
    prevent_initial_call=True,
)
