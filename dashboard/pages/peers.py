"""Peers: the municipalities most like a chosen one, on both sides of the border, and why.

The whole view is in the address (`?place=SI-052&preset=all_comparable&k=8&country=both&scope=all&span=5`);
the controls re-render the summary, the peers table, the similarity map and the fingerprint, and
keep the address in step. Everything shown comes from `dashboard.peers.logic.run`.
"""
from __future__ import annotations

import dash
import pandas as pd
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components import add_to_slides, address, follow
from dashboard.components.downloads import send_csv, send_xlsx, xlsx_button
from dashboard.components.share_bar import caption as share_caption, share_bar
from dashboard.components.guard import number, refuse_invalid, text, texts
from dashboard.components.ids import make_ids
from dashboard.components.notices import notice
from dashboard.components.places import dropdown_labels
from dashboard.components.text import fold
from dashboard.components.static_html import static
from dashboard.components.urls import first, href
from dashboard.explore.logic import place_table
from dashboard.explore.render import GEOJSON_URL
from dashboard.figures.map import graph_config, load_boundaries
from dashboard.figures.peers import fingerprint_figure, similarity_map
from dashboard.i18n import fmt_number, t
from dashboard.peers import export as Px
from dashboard.peers import logic as L
from dashboard.peers import place_types
from dashboard.peers import state as Ps
from dashboard.peers import typology as Ty
from dashboard.store import load_store

dash.register_page(__name__, path="/peers", name="Peers", title="Peers · Innovative Location", order=6)

ids = make_ids("peers")


def _ind_label(store, i: str, lang: str) -> str:
    meta = store.indicator(i)
    return meta.get(f"name_{lang}") or meta["name_en"]


def place_options(store, lang: str) -> list[dict]:
    munis = Ps.municipalities(store)
    out = []
    for code in sorted(munis, key=lambda c: fold(store.place(c)["name"])):
        row = store.place(code)
        label = f"{row['name']} ({row['country']})" + (" ★" if row["partner"] else "")
        out.append({"label": label, "value": code, "search": f"{row['name']} {fold(row['name'])} {code}"})
    return out


def indicator_options(store, lang: str) -> list[dict]:
    out = []
    for i in Ps.peer_indicator_ids(store):
        within = store.indicator(i)["comparability_class"] == "within_country"
        out.append({"label": _ind_label(store, i, lang) + (" (SI | AT)" if within else ""), "value": i})
    return out


def controls(store, state: Ps.PeersState):
    lang = state.lang
    chosen = L.chosen_indicators(store, state)
    years = sorted({y for i in Ps.peer_indicator_ids(store) for y in store.years(i)}, reverse=True)
    lab = {"className": "fw-semibold small mb-1"}
    return dbc.Card(dbc.CardBody([
        dbc.Row([
            dbc.Col([
                dbc.Label(t("peers.control.place", lang), html_for=ids("place"), **lab),
                dcc.Dropdown(id=ids("place"), options=place_options(store, lang), value=state.place, clearable=False,
                             searchable=True, maxHeight=380),
            ], lg=4),
            dbc.Col([
                dbc.Label(t("peers.control.preset", lang), html_for=ids("preset"), **lab),
                dcc.Dropdown(id=ids("preset"), clearable=False, searchable=False, value=state.preset,
                             options=[{"label": t(f"peers.preset.{p}", lang), "value": p}
                                      for p in (*Ps.PRESETS, Ps.CUSTOM)]),
            ], lg=3),
            dbc.Col([
                dbc.Label(t("peers.control.indicators", lang), html_for=ids("indicators"), **lab),
                dcc.Dropdown(id=ids("indicators"), options=indicator_options(store, lang), value=chosen, multi=True,
                             clearable=False, maxHeight=380, labels=dropdown_labels(lang)),
            ], lg=5),
        ], className="g-3 mb-2"),
        dbc.Row([
            dbc.Col([
                dbc.Label(t("peers.control.k", lang), html_for=ids("k"), **lab),
                dcc.Dropdown(id=ids("k"), value=state.k, clearable=False, searchable=False,
                             options=[{"label": str(n), "value": n} for n in range(Ps.K_MIN, Ps.K_MAX + 1)]),
            ], md=2),
            dbc.Col([
                dbc.Label(t("peers.control.country", lang), html_for=ids("country"), **lab),
                dbc.RadioItems(id=ids("country"), value=state.country, className="small",
                               options=[{"label": t(f"peers.country.{c}", lang), "value": c}
                                        for c in Ps.COUNTRY_FILTERS]),
            ], md=3),
            dbc.Col([
                dbc.Label(t("peers.control.scope", lang), html_for=ids("scope"), **lab),
                dbc.RadioItems(id=ids("scope"), value=state.scope, className="small",
                               options=[{"label": t(f"peers.scope.{s}", lang), "value": s} for s in Ps.SCOPES]),
            ], md=3),
            dbc.Col([
                dbc.Label(t("peers.control.span", lang), html_for=ids("span"), **lab),
                dcc.Dropdown(id=ids("span"), value=state.span, clearable=False, searchable=False,
                             options=[{"label": str(n), "value": n} for n in range(Ps.SPAN_MIN, Ps.SPAN_MAX + 1)]),
            ], md=2),
            dbc.Col([
                dbc.Label(t("peers.control.end", lang), html_for=ids("end"), **lab),
                dcc.Dropdown(id=ids("end"), value=state.end if state.end is not None else "latest", clearable=False,
                             searchable=False,
                             options=[{"label": t("peers.end.latest", lang), "value": "latest"}] +
                                     [{"label": str(y), "value": y} for y in years]),
            ], md=2),
        ], className="g-3"),
    ]), className="mb-3 d-print-none page-controls peers-controls")


def method(lang: str):
    items = [t(f"peers.method.{n}", lang, share="2/3", draws=L.N_DRAWS, seed=L.SEED,
               lo=fmt_number(L.FACTOR_RANGE[0], 1, lang), hi=fmt_number(L.FACTOR_RANGE[1], 1, lang)) for n in range(1, 8)]
    return html.Details([
        html.Summary(t("peers.method.title", lang), className="fw-semibold"),
        html.Ol([html.Li(x) for x in items], className="small mb-0 mt-2"),
    ], className="mb-3 peers-method", id=ids("method"), open=True)


def _pct(x, lang, decimals=0) -> str:
    if x is None or x != x:
        return ""
    return fmt_number(100 * float(x), decimals, lang) + ("%" if lang == "en" else "\u00a0%")


def _names(store, codes) -> dict:
    return {c: store.place(c)["name"] for c in codes}


def typology_of(store, res: L.PeersResult) -> Ty.Typology:
    st = res.state
    return Ty.for_store(store, res.indicators, st.span, st.end, Ps.municipalities(store))


def group_map(store, res: L.PeersResult, ty: Ty.Typology) -> dict:
    """code -> (group, its name) for every municipality the typology classified."""
    lang = res.state.lang
    labels = {i: _ind_label(store, i, lang) for i in ty.indicators}
    return {c: (int(g), Ty.group_name(ty, g, labels, lang)) for c, g in ty.labels.items() if not _na(g)}


def _na(v) -> bool:
    return v is None or bool(pd.isna(v))


def _group_countries(store, ty: Ty.Typology) -> dict:
    """group -> {country: number of municipalities}."""
    labels = ty.labels.dropna()
    countries = store.places["country"].reindex(labels.index)
    return {int(g): countries[labels == g].value_counts().to_dict() for g in labels.unique()}


# A group this much of one country says as much about the border as about the towns.
ONE_SIDED = 0.8


def _border_note(store, ty: Ty.Typology, by_country: dict, lang: str) -> str | None:
    """Say so when groups largely follow the border, naming the one-scale indicators whose
    definitions still differ between the countries (class `caveat`), which may drive that."""
    one_sided = [g for g, c in by_country.items() if sum(c.values()) and max(c.values()) / sum(c.values()) >= ONE_SIDED]
    if len(one_sided) < 2:
        return None
    caveats = [_ind_label(store, i, lang) for i in ty.indicators
               if store.indicator(i)["comparability_class"] == "caveat"]
    key = "peers.typ.border_caveat" if caveats else "peers.typ.border"
    return t(key, lang, n=len(one_sided), k=len(by_country), share=fmt_number(ONE_SIDED * 100, 0, lang),
             inds=", ".join(caveats))


def typology_card(store, res: L.PeersResult, ty: Ty.Typology, groups: dict):
    lang = res.state.lang
    place = res.state.place
    name = store.place(place)["name"]
    if not ty.k:
        body = [html.P(t("peers.typ.none", lang), className="small mb-0")]
    else:
        sizes = ty.labels.value_counts().to_dict()
        by_country = _group_countries(store, ty)
        mine = groups.get(place)
        same = sum(1 for c in res.table.index if mine and groups.get(c, (None,))[0] == mine[0])
        items = [html.Li([html.Strong(f"{t('peers.col.group', lang)} {g}: "), groups_name,
                          f" ({t('peers.typ.n', lang, n=int(sizes.get(g, 0)))}: "
                          f"{t('peers.typ.countries', lang, si=by_country.get(g, {}).get('SI', 0), at=by_country.get(g, {}).get('AT', 0))})"],
                         className="fw-semibold" if mine and g == mine[0] else "")
                 for g, groups_name in sorted({v for v in groups.values()})]
        body = [
            html.P(t("peers.typ.place", lang, place=name, g=mine[0], name=mine[1], same=same, k=len(res.table))
                   if mine else t("peers.typ.unclassified", lang, place=name), className="mb-2"),
            html.Ul(items, className="small mb-2"),
            html.P(t("peers.typ.method", lang, k=ty.k, n=int(ty.labels.notna().sum()), m=len(ty.indicators),
                     sil=fmt_number(ty.silhouettes[ty.k], 2, lang), seed=Ty.SEED, lo=min(Ty.KS), hi=max(Ty.KS),
                     clip=fmt_number(Ty.Z_CLIP, 0, lang)),
                   className="small text-body-secondary mb-0"),
        ]
        border = _border_note(store, ty, by_country, lang)
        if border:
            body.append(html.P(border, className="small mb-0 mt-1", id=ids("typology-border")))
        shown = place_types.default_typology(store)  # the groups Explore colours its map by
        if ty.indicators == shown.indicators and ty.labels.equals(shown.labels):
            body.append(dcc.Link(t("typology.explore_link", lang), id=ids("types-explore"), className="small",
                                 href=href("/explore", lang, colour="type", scope="all", sel=place)))
    return dbc.Card(dbc.CardBody([html.H2(t("peers.typ.title", lang), className="h5"), *body]),
                    className="mb-3 profile-card", id=ids("typology"))


def summary(store, res: L.PeersResult):
    st = res.state
    lang = st.lang
    name = store.place(st.place)["name"]
    parts = []
    if len(res.table):
        top = res.table.index[0]
        parts.append(t("peers.summary", lang, place=name, n=len(res.table), m=res.n_candidates,
                       k=len(res.indicators), first=store.place(top)["name"],
                       s=fmt_number(res.table.at[top, "similarity"], 0, lang)))
    else:
        parts.append(t("peers.none", lang, place=name))
    if res.not_for_place:
        parts.append(t("peers.not_for_place", lang, place=name,
                       list=", ".join(_ind_label(store, i, lang) for i in res.not_for_place)))
    within = [i for i in res.within if i not in res.not_for_place]
    if within and st.country != "same":
        parts.append(t("peers.within_note", lang, place=name,
                       list=", ".join(_ind_label(store, i, lang) for i in within)))
    return html.Div([html.P(p, className="mb-1") for p in parts], className="peers-summary mb-2",
                    id=ids("summary"), **{"aria-live": "polite"})


def peers_table(store, res: L.PeersResult, groups: dict):
    lang = res.state.lang
    cols = ["rank", "place", "country", "similarity", "coverage", "closest", "furthest", "stability", "group"]
    head = html.Thead(html.Tr([html.Th(t(f"peers.col.{c}", lang), scope="col",
                                       className="num" if c in ("rank", "similarity", "coverage", "stability", "group") else "",
                                       title=t(f"peers.col.{c}_title", lang)) for c in cols]))
    body = []
    for code, r in res.table.iterrows():
        row = store.place(code)
        body.append(html.Tr([
            html.Td(str(int(r["rank"])), className="num"),
            html.Th(dcc.Link(row["name"], href=href("/peers", lang, place=code)) if not row["partner"] else
                    html.Span([dcc.Link(row["name"], href=href("/profile", lang, place=code)), " ★"]),
                    scope="row"),
            html.Td(row["country"]),
            html.Td(fmt_number(r["similarity"], 0, lang), className="num",
                    title=t("peers.distance_title", lang, d=fmt_number(r["distance"], 2, lang))),
            html.Td(_pct(r["coverage"], lang) + f" ({int(r['n_used'])})", className="num"),
            html.Td(", ".join(_ind_label(store, i, lang) for i in r["closest"])),
            html.Td(", ".join(_ind_label(store, i, lang) for i in r["furthest"])),
            html.Td(_pct(r["stability"], lang), className="num"),
            html.Td(str(groups[code][0]) if code in groups else "–", className="num",
                    title=groups[code][1] if code in groups else t("peers.typ.unclassified_short", lang)),
        ], **{"data-place": code}))
    left = ""
    if res.left_out:
        names = sorted(store.place(c)["name"] for c in res.left_out)
        left = html.Details([
            html.Summary(t("peers.left_out", lang, n=len(res.left_out), share="2/3")),
            html.P(", ".join(names), className="small mb-0"),
        ], className="small mt-2", id=ids("left-out"))
    return html.Div([
        # the body as one component (static_html.py): ~200 html components per answer
        html.Div(html.Table([head, static(html.Tbody(body))], className="table table-sm align-middle mb-0 peers-table",
                            id=ids("table")), className="table-responsive"),
        html.P(t("peers.table.note", lang, draws=res.n_draws, seed=res.seed), className="small text-body-secondary mt-2 mb-0"),
        left,
    ])


def actions(store, res: L.PeersResult):
    lang = res.state.lang
    places = L.compare_places(store, res)
    if len(places) >= 2:
        link = dcc.Link(t("peers.compare", lang, names=", ".join(store.place(p)["name"] for p in places)),
                        href=href("/compare", lang) + "&places=" + ",".join(places), id=ids("compare"),
                        className="btn btn-sm btn-outline-primary")
    else:
        link = html.Span(t("peers.compare_none", lang), className="small text-body-secondary", id=ids("compare"))
    return html.Div([
        link,
        dbc.Button(t("peers.download", lang), id=ids("csv"), color="primary", outline=True, size="sm"),
        xlsx_button(ids("xlsx"), lang),
        add_to_slides.link(ids("add-slides"), "/peers", res.state.to_query(), lang),
    ], className="d-flex flex-wrap gap-2 align-items-center mb-3 d-print-none", id=ids("actions"))


def fingerprint_table(store, res: L.PeersResult, rows):
    lang = res.state.lang
    codes = [res.state.place, *res.table.index]
    by = {(r["indicator"], r["place"]): r for r in rows}
    head = html.Thead(html.Tr([html.Th(t("peers.fp.col.indicator", lang), scope="col")] +
                              [html.Th(store.place(c)["name"], scope="col", className="num") for c in codes]))
    body = []
    for i in res.indicators:
        cells = []
        for c in codes:
            r = by[(i, c)]
            cells.append(html.Td(fmt_number(r["z"], 2, lang) if r["shown"] else "–", className="num",
                                 title=(f"{fmt_number(r['value'], 2, lang)} ({r['year']})" if r["value"] is not None
                                        else t("no_data", lang))))
        body.append(html.Tr([html.Th(_ind_label(store, i, lang), scope="row")] + cells))
    return html.Details([
        html.Summary(t("peers.fp.table", lang)),
        html.Div(html.Table([head, static(html.Tbody(body))], className="table table-sm mb-0 small", id=ids("fp-table")),
                 className="table-responsive mt-2"),
    ], className="mt-2")


def content(store, state: Ps.PeersState) -> list:
    lang = state.lang
    res = L.run(store, state)
    peers = list(res.table.index)
    info = place_table(store, lang=lang)
    fig_map = similarity_map(load_boundaries(), L.map_distances(res), place=state.place, peers=peers, lang=lang,
                             place_info=info, partners=store.partners(), geojson_url=GEOJSON_URL)
    ty = typology_of(store, res)
    groups = group_map(store, res, ty)
    rows = L.fingerprint_rows(res)
    labels = {i: _ind_label(store, i, lang) + (" (SI | AT)" if i in res.within else "") for i in res.indicators}
    fig_fp = fingerprint_figure(rows, indicators=res.indicators, names=_names(store, [state.place, *peers]),
                                place=state.place, peers=peers, lang=lang, labels=labels)
    card = lambda title, lead, body, id_: dbc.Card(dbc.CardBody([  # noqa: E731
        html.H2(title, className="h5"), html.P(lead, className="small text-body-secondary") if lead else None, *body,
    ]), className="mb-3 profile-card", id=ids(id_))
    return [
        summary(store, res),
        actions(store, res),
        card(t("peers.table.title", lang), "", [peers_table(store, res, groups)], "table-card"),
        dbc.Row([
            dbc.Col(html.Div(card(t("peers.map.title", lang), t("peers.map.lead", lang), [
                dcc.Graph(id=ids("map"), figure=fig_map, config=graph_config("innovative-location-peers-map"),
                          className="peers-map"),
                share_bar("peers", "map", lang, graph=ids("map"), title=t("peers.map.title", lang),
                          caption_lines=share_caption("", [store.indicator(i) for i in res.indicators], lang,
                                                      release_date=store.release_date)["lines"]),
            ], "map-card"), **{"data-embed-target": "map"}), lg=6),
            dbc.Col(html.Div(card(t("peers.fp.title", lang), t("peers.fp.lead", lang), [
                dcc.Graph(id=ids("fingerprint"), figure=fig_fp,
                          config=graph_config("innovative-location-peers-fingerprint", displayModeBar=False)),
                share_bar("peers", "fingerprint", lang, graph=ids("fingerprint"), title=t("peers.fp.title", lang),
                          caption_lines=share_caption("", [store.indicator(i) for i in res.indicators], lang,
                                                      release_date=store.release_date)["lines"]),
                fingerprint_table(store, res, rows)], "fp-card"), **{"data-embed-target": "fingerprint"}), lg=6),
        ]),
        typology_card(store, res, ty, groups),
    ]


def layout(**query):
    store = load_store()
    parsed = Ps.parse_query({k: first(v) for k, v in query.items()}, store)
    state = parsed.state
    lang = state.lang
    notices = [notice(key, lang, **args) for key, args in parsed.notices[:6]]
    return html.Div([
        html.Div(notices, id=ids("notices")),
        html.Div(t("peers.eyebrow", lang), className="eyebrow"),
        html.H1(t("peers.title", lang), className="h2 mb-1"),
        html.P(t("peers.lead", lang), className="text-body-secondary mb-3"),
        controls(store, state),
        method(lang),
        dcc.Loading(html.Div(content(store, state), id=ids("content")), type="dot", delay_show=400),
        dcc.Store(id=ids("state"), data=state.as_dict()),
        dcc.Store(id=ids("controls")),
        dcc.Download(id=ids("download")),
    ], className="page page-peers", lang=lang)


# ---- callbacks: thin adapters ------------------------------------------------------------------

@dash.callback(
    Output(ids("content"), "children"),
    Output(ids("state"), "data"),
    Output(ids("notices"), "children"),
    Output(ids("controls"), "data"),
    Input(ids("place"), "value"),
    Input(ids("preset"), "value"),
    Input(ids("indicators"), "value"),
    Input(ids("k"), "value"),
    Input(ids("country"), "value"),
    Input(ids("scope"), "value"),
    Input(ids("span"), "value"),
    Input(ids("end"), "value"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid(2, lang_from=(8,))
def update(place, preset, indicators, k, country, scope, span, end, data):
    store = load_store()
    state = Ps.PeersState.from_client(data, store)
    # Everything from the browser is re-read through the same rules as the address.
    place, preset, country, scope = text(place), text(preset), text(country), text(scope)
    indicators = texts(indicators)
    k, span = number(k, integer=True, optional=True), number(span, integer=True, optional=True)
    query = {"lang": state.lang, "place": place or state.place, "k": k, "country": country, "scope": scope,
             "span": span}
    if end != "latest":
        query["end"] = number(end, integer=True, optional=True)
    controls = {}  # what the preset and indicator fields must show (followed in the browser)
    if ctx.triggered_id == ids("preset") and preset in Ps.PRESETS:
        query["preset"] = preset
        controls["indicators"] = Ps.preset_indicators(store, preset)
    elif ctx.triggered_id == ids("indicators") or (preset == Ps.CUSTOM):
        chosen = list(indicators)
        match = next((p for p in Ps.PRESETS if Ps.preset_indicators(store, p) == chosen), None)
        if match:
            query["preset"] = match
            controls["preset"] = match
        elif chosen:
            query["ind"] = ",".join(chosen)
            controls["preset"] = Ps.CUSTOM
        else:  # nothing chosen: keep the last valid view
            raise PreventUpdate
    else:
        query["preset"] = preset if preset in Ps.PRESETS else state.preset
    parsed = Ps.parse_query({k_: str(v) for k_, v in query.items() if v is not None}, store)
    new = parsed.state
    controls = controls or no_update
    if new == state:
        return no_update, no_update, no_update, controls
    notes = [notice(key, new.lang, **args) for key, args in parsed.notices[:6]]
    return content(store, new), new.as_dict(), notes, controls


# The preset and indicator fields take what update settled on, in the browser (components/follow.py:
# a callback that writes a control it reads loses a second quick change).
follow.follow(ids("controls"), {ids("preset"): "preset", ids("indicators"): "indicators"})


@dash.callback(
    Output(ids("download"), "data"),
    Input(ids("csv"), "n_clicks"), Input(ids("xlsx"), "n_clicks"),
    State(ids("state"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def download(n, nx, data):
    if not (n or nx):
        return no_update
    store = load_store()
    state = Ps.PeersState.from_client(data, store)
    res = L.run(store, state)
    names = {c: store.place(c)[f"name_{state.lang}"] for c in res.z.index}
    groups = group_map(store, res, typology_of(store, res))
    name = f"innovative-location_peers_{state.place}.csv"
    if dash.ctx.triggered_id == ids("xlsx"):
        return send_xlsx(Px.peers_csv(res, names, groups), name, store=store,
                         title=t("peers.table.title", state.lang), metas=[store.indicator(i) for i in res.indicators],
                         lang=state.lang, path="/peers", query=state.to_query())
    return send_csv(Px.peers_csv(res, names, groups), name, store=store)


address.follow(ids("state"))
add_to_slides.follow(ids("add-slides"), ids("state"), "/peers")
