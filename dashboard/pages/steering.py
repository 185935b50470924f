"""Regional steering view: partners (or regions) x chosen indicators, and Slovenia vs Austria.

State lives in one `dcc.Store` whose serialisation is the URL (as on Explore); the numbers come
from `dashboard.steering` (state.py, logic.py, export.py), texts and figures from `dashboard.figures.steering`. The
callbacks only translate between those and components.
"""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components import add_to_slides, address, follow
from dashboard.components.credits import attributions, indicator_sources
from dashboard.components.downloads import send_csv, send_xlsx, view_link, xlsx_button
from dashboard.components.graph_config import graph_config
from dashboard.components.share_bar import caption as share_caption, share_bar
from dashboard.components.guard import InvalidState, number, refuse_invalid, text, texts
from dashboard.components.ids import make_ids
from dashboard.components.notices import notice
from dashboard.components.shell import ATTRIBUTION
from dashboard.components.static_html import static
from dashboard.components.urls import first
from dashboard.figures import steering as fig
from dashboard.figures.palette import REGION_COLOURS, REGION_ORDER
from dashboard.i18n import fmt_year, t
from dashboard.steering.logic import crossborder_inputs, figure_inputs
from dashboard.steering.export import matrix_csv, matrix_wide_csv
from dashboard.steering.logic import build_matrix, crossborder
from dashboard.steering.state import (
    LEVELS,
    MAX_INDICATORS,
    MEASURES,
    ORDERS,
    SORT_NAME,
    VIEWS,
    SteeringState,
    apply_controls,
    click_sort,
    parse_query,
    year_span,
)
from dashboard.store import load_store

dash.register_page(__name__, path="/steering", name="Steering", order=3)

ids = make_ids("steering")
CREDIT = "Innovative Location \u00b7 Interreg Slovenia\u2013Austria \u00b7 " + " \u00b7 ".join(ATTRIBUTION)


def _credit(store, metas, state: SteeringState) -> list[str]:
    """The image's last lines: project, the licence attributions of the sources shown, release
    date and the view's absolute link."""
    lines = ["Innovative Location \u00b7 Interreg Slovenia\u2013Austria \u00b7 "
             + " \u00b7 ".join(attributions(s for m in metas for s in indicator_sources(m)) or ATTRIBUTION)]
    if store.release_date:
        lines.append(t("exports.release", state.lang, date=store.release_date))
    lines.append(view_link("/steering", state.to_query()))
    return lines


def _dropdown_labels(lang: str) -> dict:
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
            "no_options_found")
    return {k: t(f"steering.dd.{k}", lang) for k in keys}


def _label(key: str, lang: str, target: str):
    return dbc.Label(t(key, lang), html_for=ids(target), className="fw-semibold small mb-1")


def _radio(name: str, values, lang: str, value: str):
    return html.Div([
        _label(f"steering.controls.{name}", lang, name),
        dbc.RadioItems(id=ids(name), value=value, className="small",
                       options=[{"label": t(f"steering.{name}.{v}", lang), "value": v} for v in values]),
    ], className="mb-2")


def _year_options(years) -> list[dict]:
    return [{"label": fmt_year(y), "value": y} for y in years]


def indicator_options(store, lang: str) -> list[dict]:
    """Grouped by theme (the theme in the label, searchable by name and theme)."""
    ind = store.indicators
    out = []
    for theme in dict.fromkeys(ind["theme"]):
        theme_name = t(f"theme.{theme}", lang)
        for i in ind.index[ind["theme"] == theme]:
            name = ind.loc[i, f"name_{lang}"]
            out.append({"label": f"{name} ({theme_name})", "value": i, "search": f"{name} {theme_name}"})
    return out


def sort_options(store, state: SteeringState) -> list[dict]:
    lang = state.lang
    key = "steering.sort.country" if state.level == "regions" else "steering.sort.region"
    out = [{"label": t(key, lang), "value": "region"}, {"label": t("steering.sort.name", lang), "value": SORT_NAME}]
    for i in state.indicators:
        out.append({"label": store.indicator(i)[f"name_{lang}"], "value": i})
    return out


def _controls(store, state: SteeringState, start_placeholder: str):
    lang = state.lang
    years = year_span(store, state.indicators)
    return dbc.Card(dbc.CardBody(dbc.Row([
        dbc.Col([
            _label("steering.controls.indicators", lang, "ind"),
            dcc.Dropdown(id=ids("ind"), options=indicator_options(store, lang), value=list(state.indicators),
                         multi=True, searchable=True, clearable=True, labels=_dropdown_labels(lang),
                         maxHeight=380, className="steering-indicators"),
            html.Div(id=ids("ind-note"), className="small text-warning-emphasis mt-1", **{"aria-live": "polite"}),
        ], lg=4, className="mb-2"),
        dbc.Col(_radio("level", LEVELS, lang, state.level), sm=6, lg=2),
        dbc.Col(_radio("measure", MEASURES, lang, state.measure), sm=6, lg=2),
        dbc.Col([
            _label("steering.controls.start", lang, "start"),
            dcc.Dropdown(id=ids("start"), options=_year_options(years[:-1]), value=state.start,
                         clearable=True, searchable=False,
                         placeholder=start_placeholder, labels=_dropdown_labels(lang), className="mb-2"),
            _label("steering.controls.end", lang, "end"),
            dcc.Dropdown(id=ids("end"), options=_year_options(years), value=state.end, clearable=True,
                         searchable=False, placeholder=t("steering.end.latest", lang),
                         labels=_dropdown_labels(lang)),
        ], sm=6, lg=2),
        dbc.Col([
            _label("steering.controls.sort", lang, "sort"),
            dcc.Dropdown(id=ids("sort"), options=sort_options(store, state), value=state.sort or "region",
                         clearable=False, searchable=False, labels=_dropdown_labels(lang), className="mb-2"),
            html.Div(dbc.RadioItems(id=ids("order"), value=state.order or "desc", className="small", inline=True,
                                    options=[{"label": t(f"steering.order.{o}", lang), "value": o,
                                              "disabled": state.sort is None} for o in ORDERS]),
                     role="group", **{"aria-label": t("steering.controls.order", lang)}),
        ], lg=2),
    ])), className="page-controls steering-controls mb-3")


def _place_sets(store, state: SteeringState):
    """Rows: all 16, one country's, one region's partners (one click each), or a hand-picked list."""
    lang = state.lang
    partners = store.partners()
    regions = list(dict.fromkeys(store.place(p)["region"] for p in partners))
    options = ([{"label": t("exports.places.all", lang), "value": "all"},
                {"label": t("exports.places.SI", lang), "value": "SI"},
                {"label": t("exports.places.AT", lang), "value": "AT"}]
               + [{"label": store.place(r)[f"name_{lang}"], "value": r} for r in regions]
               + [{"label": t("exports.places.pick", lang), "value": "pick"}])
    known = {o["value"] for o in options}
    value = state.places if state.places in known else "pick"
    picked = state.places.split(",") if value == "pick" else []
    return html.Div([
        _label("exports.places", lang, "places"),
        html.Div([
            dbc.RadioItems(id=ids("places"), value=value, options=options, inline=True,
                           className="btn-group flex-wrap", inputClassName="btn-check",
                           labelClassName="btn btn-outline-secondary btn-sm", labelCheckedClassName="active"),
            dcc.Dropdown(id=ids("pick"), options=[{"label": store.place(p)[f"name_{lang}"], "value": p}
                                                  for p in partners],
                         value=picked, multi=True, placeholder=t("exports.places.pick_placeholder", lang),
                         labels=_dropdown_labels(lang), className="steering-pick flex-grow-1",
                         style={"minWidth": "16rem"}),
        ], className="d-flex flex-wrap align-items-center gap-2"),
        html.Div(t("exports.places.note", lang), className="small text-body-secondary mt-1"),
    ], className="steering-places page-controls mb-3", hidden=state.level != "municipalities", id=ids("places-box"))


def _view_switch(state: SteeringState):
    lang = state.lang
    return html.Div(dbc.RadioItems(
        id=ids("view"), value=state.view, className="btn-group", inputClassName="btn-check", inline=True,
        labelClassName="btn btn-outline-primary", labelCheckedClassName="active",
        options=[{"label": t(f"steering.view.{v}", lang), "value": v} for v in VIEWS],
    ), className="steering-view-switch mb-3", role="group", **{"aria-label": t("steering.controls.view", lang)})


# ---- the matrix as HTML ------------------------------------------------------------------------

_ARIA_SORT = {"asc": "ascending", "desc": "descending"}
_MARK = {"asc": "\u25b2", "desc": "\u25bc", None: "\u21c5"}


def _sort_button(col: str, text, sorted_: str | None, label: str, drawn: str):
    """Out of the Tab order but the first: the matrix is one tab stop, arrows move inside it
    (assets/steering.js keeps exactly one element of the table at tabindex 0). `drawn` (its value)
    is the sort the button was drawn for: its clicks count from there (update_state). Not in the id:
    the id stays, so the focus finds the same button after the redraw."""
    return html.Button([html.Span(text, className="col-name"),
                        html.Span(_MARK[sorted_], className="sort-mark" + (" active" if sorted_ else ""),
                                  **{"aria-hidden": "true"})],
                       id={"type": ids("sort-btn"), "col": col}, value=drawn, type="button", className="sort-btn",
                       tabIndex=0 if col == SORT_NAME else -1, **{"aria-label": label, "data-col": col})


def _swatch(colour: str):
    return html.Span(className="region-swatch", style={"background": colour}) if colour else None


def _tip(lines) -> str:
    """A hint's lines for the page's one tooltip (assets/steering.js), which the reader can hover,
    and close with Escape (WCAG 1.4.13); one element per cell, not one Dash component each."""
    return "\n".join(str(line) for line in lines)


def matrix_table(store, matrix):
    model = fig.table_model(matrix, **figure_inputs(store, matrix))
    lang = matrix.state.lang
    if not model["columns"]:
        return html.P(t("steering.empty", lang), className="steering-empty text-body-secondary")
    drawn = f"{matrix.state.sort or ''}:{matrix.state.order or ''}"
    heads = [html.Th(_sort_button(SORT_NAME, model["place_header"], model["name_sorted"],
                                  t("steering.sort.button", lang, name=model["place_header"]), drawn),
                     scope="col", className="place-col", **({"aria-sort": _ARIA_SORT[model["name_sorted"]]}
                                                            if model["name_sorted"] else {}))]
    for h in model["columns"]:
        badge = (html.Span(["\u26a0 SI/AT", html.Span(" " + t("explore.comparability", lang), className="visually-hidden")],
                           className="badge comparability-badge") if h["comparability"] else None)
        heads.append(html.Th([
            _sort_button(h["id"], fig.soft_hyphens(h["name"], lang), h["sorted"],
                         t("steering.sort.button", lang, name=h["name"]), drawn),
            html.Div([html.Span(h["period"], className="col-period" + (" differs" if h["period_differs"] else "")),
                      html.Span(" \u00b7 " + h["unit"], className="col-unit") if h["unit"] else None],
                     className="col-meta"),
            html.Div(h["direction"], className="col-direction"),
            badge,
            html.Span(["SI | AT", html.Span(" " + t("cmp.steering.within_country", lang), className="visually-hidden")],
                      className="badge text-bg-light border within-badge ms-1",
                      title=t("cmp.steering.within_country", lang)) if h.get("within_country") else None,
        ], scope="col", className="ind-col", **{"data-indicator": h["id"], "data-tip": _tip(h["tip"])},
            **({"aria-sort": _ARIA_SORT[h["sorted"]]} if h["sorted"] else {})))
    rows = []
    ncol = len(model["columns"])
    for item in model["body"]:
        if item["kind"] == "group":
            rows.append(html.Tr(html.Th([_swatch(item["colour"]), item["label"]], colSpan=ncol + 1,
                                        scope="colgroup"), className="group-row"))
            continue
        cells = [html.Th([_swatch(item["colour"]), item["name"]], scope="row", className="place-cell")]
        for cell in item["cells"]:
            cls = "cell" + (" missing" if cell["missing"] else "") + (f" q{cell['quintile']}" if cell["quintile"] else "")
            cells.append(html.Td(cell["text"], className=cls, tabIndex=-1, **{"data-tip": _tip(cell["tip"])},
                                 style={} if cell["missing"] else {"background": cell["bg"], "color": cell["fg"]}))
        rows.append(html.Tr(cells, className="reference-row" if item["reference"] else None,
                            **{"data-code": item["code"]}))
    # the body as one component (static_html.py): a cell per place and indicator was most of the page
    table = html.Table([html.Thead(html.Tr(heads)), static(html.Tbody(rows))],
                       className="steering-matrix" + (" compact" if ncol <= 3 else ""),
                       **{"data-level": matrix.state.level, "data-measure": matrix.state.measure,
                          "aria-describedby": ids("keys")})
    return html.Div([html.Div(table, className="steering-matrix-wrap"),
                     html.P(t("steering.keys", lang), id=ids("keys"), className="steering-keys small mt-1 mb-0")])


def legend(matrix):
    model = fig.legend_model(matrix)
    parts = []
    for sc in model["scales"]:
        parts.append(html.Div([
            html.Span(sc["low"], className="legend-end"),
            html.Span([html.Span(className="legend-swatch", style={"background": c}) for c in sc["colours"]],
                      className="legend-scale"),
            html.Span(sc["high"], className="legend-end"),
        ], className=f"legend-row legend-{sc['kind']}"))
    parts.append(html.Div([html.Span(model["missing"]["text"], className="legend-swatch missing"),
                           html.Span(model["missing"]["label"], className="legend-end")], className="legend-row"))
    notes = [html.P(model["explain"], className="small text-body-secondary mb-1")]
    if model.get("badge"):
        notes.append(html.P(model["badge"], className="small text-body-secondary mb-1 legend-badge"))
    if model.get("reference"):
        notes.append(html.P(model["reference"], className="small text-body-secondary mb-0 legend-reference"))
    return html.Div([html.Div(parts, className="legend-rows"), *notes], className="steering-legend")


def one_axis(panels):
    """The panels the cross-border chart may draw: one axis for both countries is a comparison, so a
    within-country indicator (dashboard/comparability.py) is left off the chart; its medians stay in
    the table, without a difference."""
    return [p for p in panels if p.column.one_scale]


def left_off_note(panels, lang: str):
    names = [p.column.meta[f"name_{lang}"] for p in panels if not p.column.one_scale]
    if not names:
        return None
    return html.P(t("steering.cb.left_off", lang, names=", ".join(names)),
                  className="small alert alert-warning py-2 mb-2", id=ids("cb-left-off"))


def comparability_notes(columns, lang: str):
    items = [html.Li([html.Span(c.meta[f"name_{lang}"], className="fw-semibold"), ": ", c.comparability(lang)])
             for c in columns if c.comparability(lang)]
    if not items:
        return None
    return html.Div([
        html.H3([html.Span("\u26a0 " + t("explore.comparability", lang), className="badge comparability-badge me-2"),
                 t("steering.notes.title", lang)], className="h6"),
        html.Ul(items, className="small mb-0"),
    ], className="steering-notes")


def crossborder_table(store, panels, lang: str):
    rows = fig.crossborder_rows(panels, lang=lang)
    regions = [r for r in REGION_ORDER if r in store.places.index]
    head = html.Tr([
        html.Th(t("steering.cb.table.indicator", lang), scope="col"),
        html.Th(t("steering.cb.table.period", lang), scope="col"),
        html.Th([t("steering.cb.si_side", lang), html.Div(t("steering.cb.table.side", lang), className="cb-sub")],
                scope="col", className="num"),
        html.Th([t("steering.cb.at_side", lang), html.Div(t("steering.cb.table.side", lang), className="cb-sub")],
                scope="col", className="num"),
        html.Th(t("steering.cb.table.gap", lang), scope="col", className="num"),
        *[html.Th([_swatch(REGION_COLOURS[r]), store.place(r)[f"name_{lang}"]], scope="col", className="num region-head")
          for r in regions],
    ])
    body = []
    for row in rows:
        warn = html.Span("\u26a0", className="cb-warn", title=row["comparability"]) if row["comparability"] else None
        unit = f" ({row['unit']})" if row["unit"] else ""
        body.append(html.Tr([
            html.Th([row["name"], unit, " ", warn], scope="row"),
            html.Td(row["period"], className="period"),
            *[html.Td([html.Div(row[side]["median"], className="cb-median"), html.Div(row[side]["detail"], className="cb-sub")],
                      className="num") for side in ("si", "at")],
            html.Td(row["gap"], className="num"),
            *[html.Td(row["regions"].get(r, fig.MISSING_MARK), className="num") for r in regions],
        ], **{"data-indicator": row["indicator"]}))
    return html.Div(html.Table([html.Thead(head), html.Tbody(body)], className="table table-sm steering-cb-table"),
                    className="table-responsive")


def _views(store, state: SteeringState):
    """Everything the state decides: matrix, legend, captions, cross-border figure and table."""
    lang = state.lang
    matrix = build_matrix(store, state)
    out = {
        "title": fig.matrix_title(matrix), "caption": fig.matrix_caption(matrix),
        "legend": legend(matrix) if matrix.columns else None,
        "table": matrix_table(store, matrix),
        "notes": comparability_notes(matrix.columns, lang),
        "status": fig.status_line(matrix),
        # the automatic start in grey: the caption names the same period in words
        "start_placeholder": fmt_year(matrix.start) if matrix.start else fig.MISSING_MARK,
    }
    if state.view == "crossborder" and state.indicators:
        panels = crossborder(store, state)
        out["cb_figure"] = fig.crossborder_figure(one_axis(panels), lang=lang, **crossborder_inputs(store, lang))
        out["cb_table"] = crossborder_table(store, panels, lang)
        metas = [p.column.meta for p in panels]
        # the chart's own share bar (copy link, PNG/SVG with caption, embed), re-drawn with the state
        out["cb_left_off"] = left_off_note(panels, lang)
        out["cb_notes"] = [comparability_notes([p.column for p in panels], lang),
                           share_bar("steering", "crossborder", lang, graph=ids("cb-graph"),
                                     title=t("steering.cb.title", lang),
                                     caption_lines=share_caption("", metas, lang,
                                                                 release_date=store.release_date)["lines"])]
    else:
        out["cb_figure"], out["cb_table"], out["cb_notes"], out["cb_left_off"] = {"data": [], "layout": {}}, None, None, None
    return out


def export_figure(store, state: SteeringState, which: str) -> dict | None:
    """The image for a download, built only when asked for (title, period, colour key, sources and
    link are inside it, so the PNG/SVG is the same whatever the window): the matrix or the
    cross-border chart; None when there is nothing to draw."""
    if which == "crossborder":
        if not state.indicators:
            return None
        panels = one_axis(crossborder(store, state))
        return fig.crossborder_figure(panels, lang=state.lang, **crossborder_inputs(store, state.lang), export=True,
                                      credit=" \u00b7 ".join(_credit(store, [p.column.meta for p in panels], state))
                                      ).to_plotly_json()
    matrix = build_matrix(store, state)
    if not matrix.columns:
        return None
    return fig.matrix_figure(matrix, **figure_inputs(store, matrix),
                             credit=_credit(store, [c.meta for c in matrix.columns], state)).to_plotly_json()


def layout(**query):
    store = load_store()
    parsed = parse_query({k: first(v) for k, v in query.items()}, store)
    state = parsed.state
    lang = state.lang
    notices = [notice(key, lang, **args) for key, args in parsed.notices]
    v = _views(store, state)
    matrix_section = html.Section([
        html.H2(v["title"], id=ids("matrix-title"), className="h4 mb-1"),
        html.P(v["caption"], id=ids("caption"), className="steering-caption mb-2"),
        html.Div(v["legend"], id=ids("legend")),
        html.P(v["status"], id=ids("status"), role="status", className="visually-hidden"),
        html.Div(v["table"], id=ids("matrix")),
        html.Div(v["notes"], id=ids("notes")),
        html.Div([
            share_bar("steering", "matrix", lang, images=False, title=v["title"], downloads=[
                dbc.Button(t("steering.download.png", lang), id=ids("dl-png"), size="sm", color="primary",
                           outline=True),
                dbc.Button("SVG", id=ids("dl-svg"), size="sm", color="primary", outline=True,
                           title=t("share.svg_title", lang)),
                dbc.Button(t("steering.download.csv", lang), id=ids("dl-csv"), size="sm", color="primary",
                           outline=True),
                dbc.Button(t("exports.csv_long", lang), id=ids("dl-csv-long"), size="sm", color="primary",
                           outline=True),
                xlsx_button(ids("dl-xlsx"), lang),
            ]),
            html.Span(t("steering.download.note", lang), className="small text-body-secondary"),
        ], className="steering-downloads mt-3"),
        dcc.Download(id=ids("download")),
    ], id=ids("matrix-section"), hidden=state.view != "matrix", className="steering-section",
        **{"data-embed-target": "matrix"})
    cb_section = html.Section([
        html.Div([
            html.H2(t("steering.cb.title", lang), className="h4 mb-1 me-auto"),
            dbc.Button(t("steering.download.cb_png", lang), id=ids("dl-cb-png"), size="sm", color="primary",
                       outline=True),
        ], className="d-flex align-items-center flex-wrap gap-2"),
        html.P(t("steering.cb.caption", lang), className="steering-caption mb-2"),
        html.Div(v["cb_left_off"], id=ids("cb-left-off-box")),  # why an asked-for panel is missing, next to it
        dcc.Graph(id=ids("cb-graph"), figure=v["cb_figure"], className="steering-cb-graph",
                  config=graph_config("innovative-location-steering-crossborder",
                                      modeBarButtonsToRemove=["toImage"])),
        html.Div(v["cb_table"], id=ids("cb-table")),
        html.Div(v["cb_notes"], id=ids("cb-notes")),
    ], id=ids("cb-section"), hidden=state.view != "crossborder", className="steering-section",
        **{"data-embed-target": "crossborder"})

    return html.Div(notices + [
        add_to_slides.link(ids("add-slides"), "/steering", state.to_query(), lang, beside_heading=True),
        html.H1(t("steering.title", lang), className="h2 mb-1"),
        html.P(t("steering.lead", lang), className="text-body-secondary mb-3 steering-lead"),
        _controls(store, state, v["start_placeholder"]),
        _view_switch(state),
        _place_sets(store, state),
        matrix_section,
        cb_section,
        dcc.Store(id=ids("state"), data=state.as_dict()),
        dcc.Store(id=ids("controls")),
        dcc.Store(id=ids("export")),
        dcc.Store(id=ids("png-sink")),
    ], className="page page-steering", lang=lang)


# ---- callbacks: thin adapters ------------------------------------------------------------------

@dash.callback(
    Output(ids("state"), "data"),
    Output(ids("sort"), "options"), Output(ids("order"), "options"),
    Output(ids("start"), "options"), Output(ids("end"), "options"), Output(ids("start"), "disabled"),
    Output(ids("ind-note"), "children"), Output(ids("places-box"), "hidden"),
    Output(ids("controls"), "data"),
    Input(ids("ind"), "value"), Input(ids("level"), "value"), Input(ids("measure"), "value"),
    Input(ids("start"), "value"), Input(ids("end"), "value"), Input(ids("sort"), "value"),
    Input(ids("order"), "value"), Input(ids("view"), "value"),
    Input({"type": ids("sort-btn"), "col": ALL}, "n_clicks"),
    Input(ids("places"), "value"), Input(ids("pick"), "value"),
    State(ids("state"), "data"), State({"type": ids("sort-btn"), "col": ALL}, "value"),
    prevent_initial_call=True,
)
@refuse_invalid(6, lang_from=(11,))
def update_state(inds, level, measure, start, end, sort, order, view, _clicks, places, pick, data, drawn_as):
    store = load_store()
    before = state = SteeringState.from_client(data, store)
    trigger = ctx.triggered_id
    inds = texts(inds)
    start, end = (None if v in (None, "") else number(v, integer=True) for v in (start, end))
    level, measure, sort, order, view = (text(v) for v in (level, measure, sort, order, view))
    places, pick = text(places), texts(pick)
    if trigger == ids("start") and start is not None:
        measure = "change"  # a start year asks for a change over the period (one action less)
    if trigger == ids("pick"):
        places = ",".join(pick or ()) or "all"
    elif places == "pick":
        places = ",".join(pick or ()) or None  # the list comes with the next pick
    if isinstance(trigger, dict):
        clicks = ctx.triggered[0].get("value") if ctx.triggered else None
        if not clicks:
            raise PreventUpdate  # a header button was (re)drawn, not clicked
        col = text(trigger.get("col"), optional=False)
        try:  # the sort each header was drawn for (its value), by column
            drawn = dict(zip((str(i["id"]["col"]) for i in ctx.inputs_list[8]), drawn_as))[col]
        except (TypeError, KeyError, IndexError) as err:
            raise InvalidState() from err
        drawn = text(drawn, optional=False)
        # Every click since the header was drawn counts, from the sort it was drawn for: two quick
        # clicks on a slow server sort best first and then reverse, whichever answers arrive (the
        # second is built from the state before the first, or after it).
        drawn_sort, _, drawn_order = drawn.partition(":")
        state = state.with_(sort=drawn_sort or None, order=drawn_order if drawn_order in ORDERS else None)
        state = click_sort(state, col, store)
        if number(clicks, integer=True) % 2 == 0:
            state = click_sort(state, col, store)
    else:
        state = apply_controls(state, store, indicators=inds, level=level, measure=measure, start=start, end=end,
                               sort=sort, order=order, view=view, places=places)
    state = state.checked(store)  # the URL's rules, as for the address
    too_many = len(inds or ()) > MAX_INDICATORS
    if state == before and not too_many and list(inds or ()) == list(state.indicators):
        raise PreventUpdate  # nothing changed (a control re-announcing its value): keep the table
    years = year_span(store, state.indicators)
    lang = state.lang
    order_options = [{"label": t(f"steering.order.{o}", lang), "value": o, "disabled": state.sort is None}
                     for o in ORDERS]
    controls = {"ind": list(state.indicators), "sort": state.sort or "region", "order": state.order or "desc",
                "measure": state.measure}  # a start year switches to change
    if trigger != ids("places"):
        controls["places"] = _places_value(store, state)
    return (state.as_dict(), sort_options(store, state), order_options,
            _year_options([y for y in years if state.end is None or y < state.end] if years else []),
            _year_options(years), False,
            t("steering.notice.too_many", lang, n=MAX_INDICATORS) if too_many else None,
            state.level != "municipalities", controls)


# The controls take the values update_state settled on, in the browser (components/follow.py: a
# callback that writes a control it reads loses a second quick change).
follow.follow(ids("controls"), {ids(k): k for k in ("ind", "sort", "order", "measure", "places")})


def _places_value(store, state: SteeringState) -> str:
    regions = {store.place(p)["region"] for p in store.partners()}
    return state.places if state.places in ("all", "SI", "AT") or state.places in regions else "pick"


@dash.callback(
    Output(ids("matrix-title"), "children"), Output(ids("caption"), "children"),
    Output(ids("legend"), "children"), Output(ids("matrix"), "children"), Output(ids("notes"), "children"),
    Output(ids("status"), "children"), Output(ids("start"), "placeholder"),
    Output(ids("matrix-section"), "hidden"), Output(ids("cb-section"), "hidden"),
    Output(ids("cb-graph"), "figure"), Output(ids("cb-table"), "children"), Output(ids("cb-notes"), "children"),
    Output(ids("cb-left-off-box"), "children"),
    Input(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def render(data):
    store = load_store()
    state = SteeringState.from_client(data, store)
    v = _views(store, state)
    return (v["title"], v["caption"], v["legend"], v["table"], v["notes"], v["status"], v["start_placeholder"],
            state.view != "matrix", state.view != "crossborder", v["cb_figure"], v["cb_table"], v["cb_notes"],
            v["cb_left_off"])


@dash.callback(
    Output(ids("download"), "data"),
    Input(ids("dl-csv"), "n_clicks"), Input(ids("dl-csv-long"), "n_clicks"), Input(ids("dl-xlsx"), "n_clicks"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def download_csv(_n, _long, _x, data):
    """Wide (the matrix as shown), long (one row per value), or the wide table as XLSX."""
    store = load_store()
    state = SteeringState.from_client(data, store)
    matrix = build_matrix(store, state)
    name = f"innovative-location_steering_{state.level}_{state.measure}.csv"
    if dash.ctx.triggered_id == ids("dl-csv-long"):
        return send_csv(matrix_csv(store, matrix), name.replace(".csv", "_long.csv"), store=store)
    if dash.ctx.triggered_id == ids("dl-xlsx"):
        return send_xlsx(matrix_wide_csv(store, matrix), name, store=store, title=fig.matrix_title(matrix),
                         metas=[c.meta for c in matrix.columns], lang=state.lang, path="/steering",
                         query=state.to_query())
    return send_csv(matrix_wide_csv(store, matrix), name, store=store)


address.follow(ids("state"))
add_to_slides.follow(ids("add-slides"), ids("state"), "/steering")

@dash.callback(
    Output(ids("export"), "data"),
    Input(ids("dl-png"), "n_clicks"), Input(ids("dl-cb-png"), "n_clicks"), Input(ids("dl-svg"), "n_clicks"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def build_export(n_png, n_cb, n_svg, data):
    """The print figure for the button pressed, built now rather than on every render (it was half
    of a render's CPU); the browser turns it into the file (below)."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, str):  # a crafted body may name a pattern id (a dict) as the trigger
        return no_update
    n = {ids("dl-png"): n_png, ids("dl-cb-png"): n_cb, ids("dl-svg"): n_svg}.get(trigger)
    if not n:
        return no_update
    store = load_store()
    state = SteeringState.from_client(data, store)
    cb = trigger == ids("dl-cb-png")
    figure = export_figure(store, state, "crossborder" if cb else "matrix")
    if figure is None:
        return no_update
    return {"figure": figure, "format": "svg" if trigger == ids("dl-svg") else "png", "n": n,
            "name": "innovative-location-steering-" + ("crossborder" if cb else "matrix")}


# Files made in the browser from the figure the server built for print (title, period, colour key and
# sources are in the figure), so the image is the same whatever the window size.
dash.clientside_callback(
    """
    function(job) {
        if (!job || !job.figure) { return window.dash_clientside.no_update; }
        const figure = job.figure, lay = figure.layout, svg = job.format === 'svg';
        // plotly.js arrives with the page's (hidden) graph a moment after the page: wait for it
        (function draw(tries) {
            if (window.Plotly) {
                window.Plotly.downloadImage({data: figure.data, layout: lay},
                    {format: svg ? 'svg' : 'png', width: lay.width, height: lay.height, scale: svg ? 1 : 2,
                     filename: job.name});
            } else if (tries > 0) {
                window.setTimeout(function() { draw(tries - 1); }, 150);
            }
        })(100);
        return job.n;
    }
    """,
    Output(ids("png-sink"), "data"),
    Input(ids("export"), "data"),
    prevent_initial_call=True,
)
