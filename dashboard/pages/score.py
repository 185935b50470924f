"""Location score: the investor weighs indicators, sets hard filters and gets a ranking whose
robustness is shown (rank ranges from a sensitivity analysis).

The configuration lives in one `dcc.Store` whose serialisation is the URL (kept in sync with
`history.replaceState`), so a score can be shared; the maths are in `dashboard.score`,
the figure in `dashboard.figures.score`. Callbacks are thin adapters.
"""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components import add_to_slides, address
from dashboard.components.downloads import send_csv, send_xlsx, xlsx_button
from dashboard.components.share_bar import caption as share_caption, share_bar
from dashboard.components.guard import InvalidState, dict_or_refuse, number, refuse_invalid, text
from dashboard.components.ids import make_ids
from dashboard.components.notices import notice
from dashboard.components.static_html import StaticHtml, element as E
from dashboard.components.urls import first
from dashboard.figures.palette import REGION_ORDER, region_text_colour, unit_label
from dashboard.figures.score import (
    FRAGILE_COLOUR,
    RANK_COLOUR,
    ROBUST_COLOUR,
    graph_config,
    legend_items,
    score_figure_dict,
)
from dashboard.i18n import fmt_number, t
from dashboard.score import logic as sc
from dashboard.score import state as scs
from dashboard.score import texts as sct
from dashboard.score import export as scx
from dashboard.score import memo as scm
from dashboard.store import load_store

dash.register_page(__name__, path="/score", name="Location score", title="Location score · Innovative Location", order=5)

ids = make_ids("score")
PAGE_SIZE = scs.PAGE_SIZE  # rows of the ranking (table and chart) sent at a time; downloads hold all
MAX_LISTED = 50    # places named in a message's or a dropped-places list; the rest are counted


# ---- pieces of the layout ---------------------------------------------------------------------


def _section(title: str, *children, step: int | None = None):
    head = [html.Span(str(step), className="score-step me-2")] if step else []
    return html.Section([html.H2(head + [title], className="h6 score-section-title"), *children],
                        className="score-section")


def _preset_buttons(config: scs.ScoreConfig, lang: str):
    buttons = [
        html.Button(t(f"score.preset.{name}", lang), id={"type": ids("preset"), "preset": name}, type="button",
                    className=_preset_class(config, name), **{"data-preset": name})
        for name in scs.PRESETS
    ]
    buttons.append(html.Button(t("score.clear", lang), id=ids("clear"), type="button",
                               className="btn btn-sm btn-link score-clear"))
    return html.Div(buttons, className="score-presets d-flex flex-wrap gap-1", role="group",
                    **{"aria-label": t("score.presets", lang)})


def _preset_class(config: scs.ScoreConfig, name: str) -> str:
    active = config.preset == name
    return "btn btn-sm " + ("btn-primary active" if active else "btn-outline-primary")


def _preset_note(store, config: scs.ScoreConfig, lang: str):
    if not config.preset:
        return t("score.preset.none", lang)
    available = scs.weightable_ids(store)
    preset = {i: w for i, w in scs.PRESETS[config.preset].items() if i in available}
    adjusted = dict(config.weights) != preset or config.inverted
    text = t(scs.PRESET_NOTES[config.preset], lang)
    if adjusted:
        text += " " + t("score.preset.adjusted", lang)
    return text


def _direction(meta: dict, lang: str):
    up = meta["direction"] == "higher_better"
    return html.Span("\u2191" if up else "\u2193", className="score-dir",
                     title=t("score.dir.up" if up else "score.dir.down", lang))


def _weight_rows(store, config: scs.ScoreConfig, lang: str):
    labels = sct.indicator_labels(store, lang)
    n_partners = len(store.partners())
    rows = []
    weightable = scs.weightable_ids(store)
    for theme in dict.fromkeys(labels[i]["theme"] for i in weightable):
        rows.append(html.Div(t(f"theme.{theme}", lang), className="score-theme"))
        for i in (i for i in weightable if labels[i]["theme"] == theme):
            meta = labels[i]
            if meta["comparability_class"] == "within_country":
                badge = html.Span("SI\u2009|\u2009AT", className="badge score-badge-within",
                                  title=t("score.within_title", lang) + " " + meta["comparability"])
            elif meta["comparability"]:
                badge = html.Span("\u2260 SI/AT", className="badge score-badge-differs",
                                  title=t("score.differs_title", lang) + " " + meta["comparability"])
            else:
                badge = None
            coverage = f"{meta['period']} \u00b7 {meta['n_partners']}/{n_partners}"
            rows.append(html.Div([
                html.Div([
                    _direction(meta, lang),
                    html.Span(meta["name"], className="score-ind-name", title=meta["definition"]),
                    html.Span(coverage, className="score-year ms-auto",
                              title=t("score.coverage_title", lang, period=meta["period"], n=meta["n_partners"],
                                      total=n_partners)),
                ], className="d-flex align-items-baseline gap-1"),
                html.Div([
                    html.Div(dcc.Slider(id={"type": ids("w"), "ind": i}, min=0, max=scs.MAX_WEIGHT, step=1,
                                        value=config.weight(i), marks={k: str(k) for k in range(scs.MAX_WEIGHT + 1)},
                                        included=True, updatemode="mouseup", allow_direct_input=False,
                                        className="score-slider"),
                             className="flex-grow-1", id=f"score-w-{i}",
                             **{"data-a11y-name": t("a11y.weight_of", lang, name=meta["name"])}),
                    html.Span(badge, className="score-badge-slot"),
                    dbc.Checklist(id={"type": ids("inv"), "ind": i},  # dcc's nests the box in role=option
                                  options=[{"label": _invert_label(meta["name"], lang), "value": "inv"}],
                                  value=["inv"] if i in config.inverted else [],
                                  className="score-invert small", inputClassName="form-check-input me-1",
                                  labelClassName="form-check-label", labelStyle={"display": "inline-flex"}),
                ], className="d-flex align-items-center gap-2"),
            ], className="score-weight-row", **{"data-indicator": i}))
    return rows


def _invert_label(name: str, lang: str):
    """"invert" on screen; "Invert: Unemployment rate" for a screen reader (every row has one box)."""
    return html.Span([html.Span(t("score.invert", lang), **{"aria-hidden": "true"}),
                      html.Span(t("score.invert_of", lang, name=name), className="visually-hidden")])


def _filter_options(store, lang: str):
    labels = sct.indicator_labels(store, lang)
    options = []
    for theme in dict.fromkeys(m["theme"] for m in labels.values()):
        options.append({"label": t(f"theme.{theme}", lang).upper(), "value": f"__{theme}", "disabled": True})
        for i, m in labels.items():
            if m["theme"] == theme:
                options.append({"label": "\u2003" + f"{m['name']} ({m['period']})", "value": i,
                                "search": m["name"]})
    return options


def _filter_chips(store, config: scs.ScoreConfig, lang: str):
    if not config.filters:
        return html.P(t("score.filters.none", lang), className="small text-body-secondary mb-2")
    labels = sct.indicator_labels(store, lang)
    return html.Ul([
        html.Li([
            html.Span(sct.filter_text(f, labels, lang), className="me-auto"),
            html.Button("\u00d7", id={"type": ids("remove"), "index": f.token()}, type="button",
                        className="btn btn-sm btn-link score-remove p-0 px-1",
                        title=t("score.filters.remove", lang), **{"aria-label": t("score.filters.remove", lang)}),
        ], className="score-filter d-flex align-items-center")
        for f in config.filters
    ], className="list-unstyled mb-2", id=ids("filter-list"))


def _radio(name: str, values, lang: str, value: str, help_key: str | None = None):
    return html.Div([
        html.Div(t(f"score.{name}", lang), className="fw-semibold small mb-1"),
        html.Div(t(help_key, lang), className="small text-body-secondary mb-1") if help_key else None,
        dbc.RadioItems(id=ids(name), value=value, className="small",
                       options=[{"label": t(f"score.{name}.{v}", lang), "value": v} for v in values]),
    ], className="mb-2")


def _controls(store, config: scs.ScoreConfig, lang: str):
    return dbc.Card(dbc.CardBody([
        _section(t("score.presets", lang), _preset_buttons(config, lang),
                 html.P(_preset_note(store, config, lang), id=ids("preset-note"), className="small text-body-secondary mt-2 mb-0"),
                 step=1),
        _section(t("score.places", lang),
                 dbc.RadioItems(id=ids("scope"), value=config.scope, className="small",
                                options=[{"label": t(f"explore.scope.{s}", lang), "value": s} for s in scs.SCOPES]),
                 step=2),
        _section(t("score.filters", lang),
                 html.P(t("score.filters.help", lang), className="small text-body-secondary mb-2"),
                 html.Div(_filter_chips(store, config, lang), id=ids("filters")),
                 html.Div([
                     dcc.Dropdown(id=ids("f-ind"), options=_filter_options(store, lang), value=None,
                                  placeholder=t("score.filters.indicator", lang), clearable=True, searchable=True,
                                  className="mb-1 small"),
                     html.Div([
                         dbc.Label(t("a11y.filter_op", lang), html_for=ids("f-op"), className="visually-hidden"),
                         dbc.Select(id=ids("f-op"), value="min", size="sm", className="score-f-op",
                                    options=[{"label": t(f"score.filters.op.{op}", lang), "value": op} for op in scs.OPS]),
                         dbc.Input(id=ids("f-val"), type="number", size="sm", placeholder=t("score.filters.value", lang),
                                   className="score-f-val"),
                         dbc.Button(t("score.filters.add", lang), id=ids("f-add"), size="sm", color="secondary"),
                     ], className="d-flex gap-1"),
                     html.Div(id=ids("f-hint"), className="small text-body-secondary mt-1"),
                     html.Div(id=ids("f-msg"), className="small text-danger mt-1", role="status"),
                 ], className="score-filter-form"),
                 step=3),
        _section(t("score.weights", lang),
                 html.P(t("score.weights.help", lang), className="small text-body-secondary mb-1"),
                 html.Div(_weight_rows(store, config, lang), className="score-weights"),
                 step=4),
        _section(t("score.method", lang),
                 _radio("norm", scs.NORMS, lang, config.norm),
                 _radio("missing", scs.POLICIES, lang, config.missing),
                 _radio("cover", tuple(scs.COVERS), lang, config.cover, help_key="score.cover.help"),
                 step=5),
    ]), className="score-controls mb-3")


def _range_legend(lang: str, store):
    regions = [html.Span([html.Span("\u25a0 ", style={"color": region_text_colour(r)}), store.place(r)[f"name_{lang}"]],
                         className="me-2") for r in REGION_ORDER]
    return html.Div([
        html.Span([html.Span(className="score-range-key", style={"background": ROBUST_COLOUR}),
                   t("score.legend.range", lang)], className="me-3"),
        html.Span([html.Span(className="score-range-key", style={"background": FRAGILE_COLOUR}),
                   t("score.legend.fragile", lang)], className="me-3"),
        html.Span([html.Span("\u25c6", style={"color": RANK_COLOUR}), " ", t("score.legend.rank", lang)],
                  className="me-3"),
        html.Span([html.Span("\u25cb", style={"color": RANK_COLOUR}), " ", t("score.legend.median", lang)],
                  className="me-3"),
        html.Span([t("score.legend.star", lang)], className="me-3"),
        html.Span(regions),
    ], className="score-range-legend small text-body-secondary")


def _messages(store, config, result, lang: str):
    out = []
    for m in sct.messages(store, config, result, lang, max_items=MAX_LISTED):
        body = [html.Span(m["text"])]
        if m["items"]:
            body.append(html.Details([html.Summary(t("score.msg.details", lang, n=m["n_items"])),
                                      html.Ul(_capped([html.Li(x) for x in m["items"]], m["n_items"], lang),
                                              className="mb-0 mt-1")],
                                     className="mt-1"))
        kind = "warning" if m["kind"] == "warning" else "info"
        out.append(html.Div(body, className=f"alert alert-{kind} py-2 small mb-2 score-msg", role="status",
                            **{"data-key": m["key"]}))
    return out


def _capped(items: list, total: int, lang: str) -> list:
    """The first MAX_LISTED entries of a list of places, then how many more (all are in the CSV):
    with every municipality a list could name thousands of places on every recompute."""
    if total > len(items):
        items = items + [html.Li(t("score.list.more", lang, n=fmt_number(total - len(items), 0, lang)),
                                 className="score-list-more")]
    return items


def _fmt_score(v, norm, lang):
    return fmt_number(v, 1 if norm == "minmax" else 2, lang)


def _years_used(store, result, code, labels, lang: str, year_row: dict | None = None):
    """The year of each value a place is scored on: a tooltip line per indicator, and the span of
    years used ("2023–2024") shown in the table."""
    years = result.years
    if years is None:
        return "", ""
    row = year_row if year_row is not None else {i: years.at[code, i] for i in result.weights.index
                                                 if i in years.columns}
    lines, used = [], []
    for i in result.weights.index:
        y = row.get(i, float("nan"))
        if y != y:
            lines.append(t("score.table.year_missing", lang, indicator=labels[i]["name"], period=labels[i]["period"]))
            continue
        lines.append(f"{labels[i]['name']}: {int(y)}")
        used.append(int(y))
    span = "" if not used else str(min(used)) if min(used) == max(used) else f"{min(used)}\u2013{max(used)}"
    return "\n".join(lines), span


def _page_bounds(result, page) -> tuple[int, int, int]:
    """(page, first row, row after the last) of the ranking's page `page` (0-based, clamped)."""
    n = len(result.table)
    last_page = max((n - 1) // PAGE_SIZE, 0)
    page = min(max(int(page or 0), 0), last_page)
    return page, page * PAGE_SIZE, min((page + 1) * PAGE_SIZE, n)


def _status(start: int, stop: int, total: int, lang: str) -> str:
    return t("score.page.status", lang, first=fmt_number(start + 1, 0, lang), last=fmt_number(stop, 0, lang),
             total=fmt_number(total, 0, lang))


def _pager(result, start: int, stop: int, lang: str) -> dict:
    """"Rows 1–50 of 2,288" and whether previous / next lead anywhere; hidden when one page holds all."""
    total = len(result.table)
    return {"status": _status(start, stop, total, lang) if total else "", "prev_disabled": start == 0,
            "next_disabled": stop >= total,
            "class": "score-pager d-flex align-items-center gap-2 mt-2" + (" d-none" if total <= PAGE_SIZE else "")}


def _pager_layout(pager: dict, lang: str):
    """Named buttons (they stay in place while the rows change, so keyboard focus stays on them)."""
    return html.Nav([
        html.Button(["\u2039 ", t("score.page.prev", lang, n=PAGE_SIZE)], id=ids("page-prev"), type="button",
                    className="btn btn-sm btn-outline-secondary", disabled=pager["prev_disabled"],
                    **{"aria-label": t("score.page.prev_name", lang, n=PAGE_SIZE), "aria-controls": ids("table")}),
        html.Span(pager["status"], id=ids("page-status"), className="score-page-status small", role="status",
                  **{"aria-live": "polite"}),
        html.Button([t("score.page.next", lang, n=PAGE_SIZE), " \u203a"], id=ids("page-next"), type="button",
                    className="btn btn-sm btn-outline-secondary", disabled=pager["next_disabled"],
                    **{"aria-label": t("score.page.next_name", lang, n=PAGE_SIZE), "aria-controls": ids("table")}),
    ], id=ids("pager"), className=pager["class"], **{"aria-label": t("score.page.nav", lang)})


def _result_table(store, config, result, lang: str, start: int = 0, stop: int | None = None):
    """The ranking as a table: the rows start..stop (one page), captioned with which rows they are."""
    full = result.table
    table = full.iloc[start:stop]
    if table.empty:
        return None
    labels = sct.indicator_labels(store, lang)
    n_weighted = len(result.weights)
    head = E("thead", E("tr", [E("th", t(f"score.table.{c}", lang), class_=cls or None) for c, cls in (
        ("rank", "text-end"), ("place", ""), ("score", "text-end"), ("range", "text-end"),
        ("first", "text-end"), ("robustness", ""), ("based_on", ""))]))
    body = []
    # whole columns as plain rows: per-place DataFrame lookups were most of the time with every municipality
    year_rows = (result.years.reindex(index=table.index, columns=[i for i in result.weights.index
                                                                   if i in result.years.columns]).to_dict("index")
                 if result.years is not None else {})
    for code, r in table.to_dict("index").items():
        info = store.place(code)
        fragile = bool(r["fragile"])
        used = n_weighted - len(r["missing"])
        tooltip, span = _years_used(store, result, code, labels, lang, year_rows.get(code))
        based_on = [E("span", t("score.table.of", lang, used=used, n=n_weighted) + ("*" if used < n_weighted else "")),
                    E("span", " \u00b7 " + t("score.table.weight_share", lang, share=sct.share_text(r["coverage"], lang)),
                      class_="score-cover") if used < n_weighted else None,
                    E("span", " \u00b7 " + span, class_="score-years") if span else None]
        body.append(E("tr", [
            E("td", str(int(r["rank"])), class_="text-end fw-semibold"),
            E("td", [E("span", "\u25a0 ", style=f"color:{region_text_colour(info['region'])}"), info[f"name_{lang}"]]),
            E("td", _fmt_score(r["score"], config.norm, lang), class_="text-end"),
            E("td", f"{int(r['p5'])}\u2013{int(r['p95'])}" if r["p5"] != r["p95"] else str(int(r["p5"])),
              class_="text-end"),
            E("td", fmt_number(100 * r["share_first"], 0, lang) + "\u00a0%", class_="text-end"),
            E("td", E("span", t("score.fragile" if fragile else "score.robust", lang),
                      class_="badge " + ("score-badge-fragile" if fragile else "score-badge-robust"))),
            E("td", based_on, class_="text-body-secondary score-based-on",
              title=t("score.table.years_title", lang) + "\n" + tooltip if tooltip else None),
        ], class_="score-row-fragile" if fragile else None, data_place=code))
    caption = (E("caption", _status(start, start + len(table), len(full), lang), class_="score-table-caption")
               if len(full) > PAGE_SIZE else None)
    # one component, not ~14 per row: see components/static_html.py (1.5 s per weight change before)
    return StaticHtml(E("table", [caption, head, E("tbody", body)], class_="table table-sm score-table mb-0"),
                      className="table-responsive")


def _missing_text(missing, labels) -> str:
    return ", ".join(f"{labels[i]['name']} {labels[i]['period']}" for i in missing)


def _dropped(store, config, result, lang: str):
    labels = sct.indicator_labels(store, lang)
    blocks = []
    if result.filtered:
        items = []
        for code, fails in list(result.filtered.items())[:MAX_LISTED]:
            reasons = "; ".join(
                sct.filter_reason(f, why, result.values.at[code, f.indicator], labels, lang,
                                 year=result.years.at[code, f.indicator] if result.years is not None
                                 and f.indicator in result.years.columns else None)
                for f, why in fails)
            items.append(html.Li([html.Span(store.place(code)[f"name_{lang}"], className="fw-semibold"),
                                  " \u2013 ", reasons], **{"data-place": code}))
        blocks.append(html.Div([html.H3(t("score.filtered", lang, n=len(result.filtered)), className="h6"),
                                html.Ul(_capped(items, len(result.filtered), lang), className="small score-dropped-list")], className="score-filtered"))
    if result.insufficient:
        items = []
        for code, missing in list(result.insufficient.items())[:MAX_LISTED]:
            text = t("score.not_enough_item", lang, share=sct.share_text(result.coverage[code], lang),
                     indicators=_missing_text(missing, labels))
            items.append(html.Li([html.Span(store.place(code)[f"name_{lang}"], className="fw-semibold"), " \u2013 ",
                                  html.Span(t("score.not_enough_data", lang), className="badge score-badge-nodata"),
                                  " ", text], **{"data-place": code}))
        blocks.append(html.Div([html.H3(t("score.not_enough", lang, n=len(result.insufficient),
                                          share=sct.share_text(result.min_share, lang)), className="h6"),
                                html.Ul(_capped(items, len(result.insufficient), lang), className="small score-dropped-list")], className="score-not-enough"))
    if result.excluded:
        items = []
        for code, missing in list(result.excluded.items())[:MAX_LISTED]:
            text = t("score.excluded_item", lang, indicators=_missing_text(missing, labels),
                     share=sct.share_text(result.coverage[code], lang))
            items.append(html.Li([html.Span(store.place(code)[f"name_{lang}"], className="fw-semibold"),
                                  " \u2013 ", text], **{"data-place": code}))
        blocks.append(html.Div([html.H3(t("score.excluded", lang, n=len(result.excluded)), className="h6"),
                                html.Ul(_capped(items, len(result.excluded), lang), className="small score-dropped-list")], className="score-excluded"))
    return blocks


def _method(store, config, result, lang: str):
    labels = sct.indicator_labels(store, lang)
    years = [html.Li(t("score.method.year_item", lang, indicator=labels[i]["name"], period=labels[i]["period"],
                       n=labels[i]["n_partners"], total=len(store.partners())))
             for i in result.weights.index]
    presets = [html.Li([html.Span(t(f"score.preset.{p}", lang) + ": ", className="fw-semibold"),
                        ", ".join(f"{labels[i]['name']} \u00d7{w}" for i, w in scs.PRESETS[p].items() if i in labels),
                        html.Br(), html.Span(t(scs.PRESET_NOTES[p], lang), className="text-body-secondary")])
               for p in scs.PRESETS]
    fmt = dict(n=sc.N_DRAWS, seed=sc.SEED, span=sc.FRAGILE_SPAN, window=scs.WINDOW_YEARS,
               share=sct.share_text(config.min_share, lang))
    return [
        html.Pre("\n".join(sct.formula_lines(config.norm, lang)), className="score-formula", id=ids("formula")),
        html.Ul([html.Li(t(f"score.method.{k}", lang, **fmt))
                 for k in ("filters", "years", "normalise", "within", "coverage", "missing", "sensitivity",
                           "fragile", "invert")],
                className="small"),
        html.H3(t("score.method.years_used", lang, window=scs.WINDOW_YEARS), className="h6") if years else None,
        html.Ul(years, className="small") if years else None,
        html.H3(t("score.method.presets", lang), className="h6"),
        html.Ul(presets, className="small mb-0"),
    ]


def _summary(config, result, lang: str):
    n = len(result.table)
    total = len(result.values)
    return t("score.summary", lang, n=n, total=total, k=len(result.weights),
             norm=t(f"score.norm.{config.norm}", lang), draws=sc.N_DRAWS, seed=sc.SEED,
             share=sct.share_text(config.min_share, lang))


def _page_views(store, config: scs.ScoreConfig, result, page=0) -> dict:
    """What one page of the ranking shows: the chart and the table of its rows, the pager."""
    lang = config.lang
    page, start, stop = _page_bounds(result, page)
    labels = sct.indicator_labels(store, lang)
    shown = result.table.index[start:stop]
    names = {c: store.place(c)[f"name_{lang}"] for c in shown}
    regions = {c: store.place(c)["region"] for c in shown}
    total = len(result.table)
    return {
        "page": page,
        "figure": score_figure_dict(result, names=names, regions=regions, indicators=labels, lang=lang,
                                    start=start, stop=stop),
        "table": _result_table(store, config, result, lang, start, stop),
        "pager": _pager(result, start, stop, lang),
        "chart_note": t("score.page.chart_note", lang, first=fmt_number(start + 1, 0, lang),
                        last=fmt_number(stop, 0, lang), total=fmt_number(total, 0, lang))
        if total > PAGE_SIZE else "",
    }


def _views(store, config: scs.ScoreConfig, result=None):
    """Everything the configuration drives, computed once for the layout and for `render`
    (the ranking's first page)."""
    lang = config.lang
    result = result if result is not None else scm.run(store, config)
    labels = sct.indicator_labels(store, lang)
    paged = _page_views(store, config, result)
    legend = [html.Span([html.Span(className="score-swatch", style={"background": it["colour"]}),
                         f"{it['name']} {labels[it['id']]['period']}",
                         html.Span(f"\u2002\u00d7{it['weight']}", className="text-body-secondary"),
                         html.Span(" \u2195", title=t("score.legend.inverted", lang)) if it["id"] in config.inverted
                         else None,
                         html.Span(" \u2260", className="score-differs-mark",
                                   title=t("score.differs_title", lang) + " " + labels[it["id"]]["comparability"])
                         if it["differs"] else None],
                        className="score-legend-item", **{"data-indicator": it["id"]})
              for it in legend_items(result, labels, lang)]
    return {
        **paged,
        "legend": legend,
        "messages": _messages(store, config, result, lang),
        "dropped": _dropped(store, config, result, lang),
        "method": _method(store, config, result, lang),
        "summary": _summary(config, result, lang),
        "filters": _filter_chips(store, config, lang),
        "preset_note": _preset_note(store, config, lang),
        "chart_hidden": result.table.empty,
        # what the chart's image carries: caveats, sources with attribution, release date
        "caption_lines": share_caption(t("score.chart.title", lang),
                                       [store.indicator(i) for i in result.weights.index], lang,
                                       release_date=store.release_date)["lines"],
    }


def _store_data(config: scs.ScoreConfig) -> dict:
    return {"config": config.as_dict(), "query": config.to_query()}


def _config(data, store) -> scs.ScoreConfig:
    """The configuration the page's store brought back, read with the URL's rules."""
    return scs.ScoreConfig.from_client(dict_or_refuse(data).get("config"), store)


def _weight(w) -> int:
    """A slider's value: a whole number 0..MAX_WEIGHT (None = 0), else InvalidState."""
    return 0 if w is None else number(w, integer=True)


def layout(**query):
    store = load_store()
    parsed = scs.parse_query({k: first(v) for k, v in query.items()}, store)
    config = parsed.config
    lang = config.lang
    labels = sct.indicator_labels(store, lang)
    notices = []
    for key, args in parsed.notices:
        if "indicator" in args:
            args = {**args, "name": labels.get(args["indicator"], {}).get("name", args["indicator"])}
        notices.append(notice(key, lang, **args))
    views = _views(store, config)

    results = html.Div([
        html.Div([
            html.P(views["summary"], id=ids("summary"), className="mb-0 me-auto small", **{"aria-live": "polite"}),
            dbc.Button(t("score.download", lang), id=ids("dl"), size="sm", color="primary", outline=True),
            xlsx_button(ids("xlsx"), lang),
        ], className="d-flex align-items-center flex-wrap gap-2 mb-2"),
        html.Div(views["messages"], id=ids("messages")),
        html.Div(dbc.Card([
            dbc.CardHeader(html.H2(t("score.chart.title", lang), className="h6 mb-0"), className="bg-white"),
            dbc.CardBody([
                html.Div(views["legend"], id=ids("legend"), className="score-legend mb-1"),
                html.P(views["chart_note"], id=ids("chart-note"), className="small text-body-secondary mb-1"),
                html.Div(dcc.Graph(id=ids("chart"), figure=views["figure"],
                                   config=graph_config(), className="score-graph"),
                         className="score-chart-scroll"),
                _range_legend(lang, store),
                share_bar("score", "chart", lang, graph=ids("chart"), title=t("score.chart.title", lang),
                          caption_id=ids("chart-caption"), caption_lines=views["caption_lines"]),
            ]),
        ], className="mb-3 d-none" if views["chart_hidden"] else "mb-3", id=ids("chart-card")),
        **{"data-embed-target": "chart"}),
        dbc.Card(dbc.CardBody([
            html.H2(t("score.table.title", lang), className="h6"),
            html.Div(views["table"], id=ids("table")),
            _pager_layout(views["pager"], lang),
        ]), className="mb-3"),
        html.Div(views["dropped"], id=ids("dropped"), className="score-dropped"),
        dbc.Card(dbc.CardBody([
            html.H2(t("score.method.title", lang), className="h6"),
            html.Div(views["method"], id=ids("method")),
        ]), className="mb-3 score-method"),
        html.P(t("score.permalink", lang), className="small text-body-secondary"),
        dcc.Download(id=ids("download")),
    ])

    return html.Div(notices + [
        add_to_slides.link(ids("add-slides"), "/score", config.to_query(), lang, beside_heading=True),
        html.H1(t("score.title", lang), className="h2 mb-1"),
        html.P(t("score.lead", lang), className="text-body-secondary mb-3 score-lead"),
        dbc.Row([
            dbc.Col(_controls(store, config, lang), lg=4, className="score-controls-col page-controls"),
            dbc.Col(results, lg=8),
        ]),
        dcc.Store(id=ids("config"), data=_store_data(config)),
        dcc.Store(id=ids("page"), data=0),
    ], className="page page-score", lang=lang)


# ---- callbacks: thin adapters ------------------------------------------------------------------


def _slider_order(slider_ids) -> list[str]:
    """The sliders' indicator ids as the browser sent them (a wildcard answer follows this order)."""
    try:
        return [str(item["ind"]) for item in slider_ids]
    except (TypeError, KeyError) as err:
        raise InvalidState() from err


# A preset or "clear" sets the sliders; moving a slider changes the configuration. Two callbacks,
# so the one that reads the sliders never writes them: when a callback both reads and writes a
# control, overlapping calls (three quick key presses on a slider, a slow server) put back an
# older value (plotly/dash#1861), and the score no longer matched its sliders.
@dash.callback(
    Output(ids("config"), "data", allow_duplicate=True),
    Output({"type": ids("w"), "ind": ALL}, "value"),
    Output({"type": ids("inv"), "ind": ALL}, "value"),
    Output(ids("f-msg"), "children", allow_duplicate=True),
    Input({"type": ids("preset"), "preset": ALL}, "n_clicks"),
    Input(ids("clear"), "n_clicks"),
    State(ids("config"), "data"),
    State({"type": ids("w"), "ind": ALL}, "id"),
    prevent_initial_call=True,
)
@refuse_invalid(3, lang_from=(2,))
def set_weights(_presets, _clear, data, slider_ids):
    store = load_store()
    config = _config(data, store)
    order = _slider_order(slider_ids)
    trigger = ctx.triggered_id
    if isinstance(trigger, dict) and trigger.get("type") == ids("preset"):
        if not isinstance(trigger.get("preset"), str) or trigger["preset"] not in scs.PRESETS:
            raise InvalidState()
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate  # the button was just drawn, not clicked
        config = config.with_preset(trigger["preset"], available=scs.weightable_ids(store))
    elif trigger == ids("clear"):
        config = config.with_(weights=(), inverted=(), preset=None)
    else:
        raise InvalidState()
    return (_store_data(config), [config.weight(i) for i in order],
            [["inv"] if i in config.inverted else [] for i in order], "")


@dash.callback(
    Output(ids("config"), "data"),
    Output(ids("f-msg"), "children"),
    Input({"type": ids("w"), "ind": ALL}, "value"),
    Input({"type": ids("inv"), "ind": ALL}, "value"),
    Input(ids("norm"), "value"), Input(ids("missing"), "value"), Input(ids("cover"), "value"),
    Input(ids("scope"), "value"),
    Input(ids("f-add"), "n_clicks"),
    Input({"type": ids("remove"), "index": ALL}, "n_clicks"),
    State(ids("f-ind"), "value"), State(ids("f-op"), "value"), State(ids("f-val"), "value"),
    State(ids("config"), "data"),
    State({"type": ids("w"), "ind": ALL}, "id"), State({"type": ids("remove"), "index": ALL}, "id"),
    prevent_initial_call=True,
)
@refuse_invalid(1, lang_from=(11,))  # the filter message area says why nothing changed
def update_config(weights, inverted, norm, missing, cover, scope, _add, removes,
                  f_ind, f_op, f_val, data, slider_ids, remove_ids):
    store = load_store()
    config = _config(data, store)
    lang = config.lang
    order = _slider_order(slider_ids)
    trigger = ctx.triggered_id
    if not isinstance(weights, list) or not isinstance(inverted, list) or not (len(weights) == len(inverted) == len(order)):
        raise InvalidState()
    if isinstance(trigger, dict) and trigger.get("type") == ids("remove"):
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate  # the button was just drawn, not clicked
        # Each button names its filter, and every button clicked since the list was drawn counts:
        # two quick clicks on a slow server both remove their filter (the second answer, which
        # supersedes the first, is built from the configuration before either).
        if not isinstance(removes, list) or not isinstance(remove_ids, list) or len(removes) != len(remove_ids):
            raise InvalidState()
        gone = {text(dict_or_refuse(i).get("index")) for i, n in zip(remove_ids, removes) if n}
        config = config.with_(filters=tuple(f for f in config.filters if f.token() not in gone))
        return _store_data(config), ""
    if trigger == ids("f-add"):
        message, config2 = _add_filter(store, config, text(f_ind), f_op, f_val, lang)
        if config2 is None:
            return no_update, message
        return _store_data(config2.checked(store)), ""

    new = config.with_(
        weights=tuple((i, _weight(w)) for i, w in zip(order, weights) if _weight(w)),
        inverted=tuple(i for i, v in zip(order, inverted) if v),
        norm=norm if text(norm) in scs.NORMS else config.norm,
        missing=missing if text(missing) in scs.POLICIES else config.missing,
        cover=cover if text(cover) in scs.COVERS else config.cover,
        scope=scope if text(scope) in scs.SCOPES else config.scope,
    )
    if new == config:
        raise PreventUpdate
    return _store_data(new.checked(store)), no_update


def _add_filter(store, config, indicator, op, value, lang):
    """(message, new config or None): every refusal says why, in the reader's language."""
    if not indicator or indicator not in scs.filter_ids(store):
        return t("score.filters.need_indicator", lang), None
    if op not in scs.OPS:
        op = "min"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return t("score.filters.need_value", lang), None
    if number != number or number in (float("inf"), float("-inf")):
        return t("score.filters.need_value", lang), None
    if len(config.filters) >= scs.MAX_FILTERS:
        return t("score.notice.too_many_filters", lang, n=scs.MAX_FILTERS), None
    f = scs.Filter(indicator, op, number)
    if f in config.filters:
        return "", None
    return "", config.with_(filters=(*config.filters, f))


@dash.callback(
    Output(ids("chart"), "figure"), Output(ids("legend"), "children"), Output(ids("messages"), "children"),
    Output(ids("table"), "children"), Output(ids("dropped"), "children"), Output(ids("method"), "children"),
    Output(ids("summary"), "children"), Output(ids("filters"), "children"), Output(ids("preset-note"), "children"),
    Output(ids("chart-card"), "className"),
    Output({"type": ids("preset"), "preset": ALL}, "className"),
    Output(ids("chart-caption"), "children"),
    Output(ids("page-status"), "children"), Output(ids("page-prev"), "disabled"), Output(ids("page-next"), "disabled"),
    Output(ids("pager"), "className"), Output(ids("chart-note"), "children"),
    Output(ids("page"), "data"),
    Input(ids("config"), "data"),
    Input(ids("page-prev"), "n_clicks"), Input(ids("page-next"), "n_clicks"),
    State({"type": ids("preset"), "preset": ALL}, "id"),
    State(ids("page"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def render(data, _prev, _next, preset_ids, page):
    """A new configuration: everything, from the ranking's first page. Previous / next: only the
    chart, table and pager of the other page (the result comes from the cache, `score.memo`)."""
    store = load_store()
    config = _config(data, store)
    if not isinstance(preset_ids, list) or not all(
            isinstance(p, dict) and isinstance(p.get("preset"), str) and p["preset"] in scs.PRESETS
            for p in preset_ids):
        raise InvalidState()
    trigger = ctx.triggered_id
    if trigger in (ids("page-prev"), ids("page-next")):
        page = number(page if page is not None else 0, integer=True)
        result = scm.run(store, config)
        p = _page_views(store, config, result, page + (1 if trigger == ids("page-next") else -1))
        skip = no_update
        return (p["figure"], skip, skip, p["table"], skip, skip, skip, skip, skip, skip,
                [skip] * len(preset_ids), skip, *_pager_outputs(p), p["page"])
    v = _views(store, config)
    return (v["figure"], v["legend"], v["messages"], v["table"], v["dropped"], v["method"], v["summary"],
            v["filters"], v["preset_note"], "mb-3 d-none" if v["chart_hidden"] else "mb-3",
            [_preset_class(config, p["preset"]) for p in preset_ids], [html.Div(x) for x in v["caption_lines"]],
            *_pager_outputs(v), v["page"])


def _pager_outputs(v: dict) -> tuple:
    pager = v["pager"]
    return pager["status"], pager["prev_disabled"], pager["next_disabled"], pager["class"], v["chart_note"]


@dash.callback(
    Output(ids("f-hint"), "children"),
    Input(ids("f-ind"), "value"),
    State(ids("config"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def filter_hint(indicator, data):
    """Unit, year and the range among the places in scope, so a threshold is typed in the right unit."""
    store = load_store()
    config = _config(data, store)
    indicator = text(indicator)
    lang = config.lang
    labels = sct.indicator_labels(store, lang)
    if not indicator or indicator not in labels:
        return ""
    meta = labels[indicator]
    values, _ = sc.latest_values(store, indicator, sc.scope_places(store, config.scope))
    values = values.dropna()
    if values.empty:
        return t("score.filters.hint_empty", lang, year=meta["period"])
    return t("score.filters.hint", lang, unit=unit_label(meta["unit"], lang), year=meta["period"],
             lo=fmt_number(values.min(), meta["decimals"], lang), hi=fmt_number(values.max(), meta["decimals"], lang))


@dash.callback(
    Output(ids("download"), "data"),
    Input(ids("dl"), "n_clicks"), Input(ids("xlsx"), "n_clicks"),
    State(ids("config"), "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def download(_n, _x, data):
    store = load_store()
    config = _config(data, store)
    result = scm.run(store, config)
    name = f"innovative-location_score_{config.preset or 'custom'}.csv"
    text = scx.result_csv(store, config, result)
    if dash.ctx.triggered_id == ids("xlsx"):
        return send_xlsx(text, name, store=store, title=t("score.chart.title", config.lang),
                         metas=[store.indicator(i) for i in result.values.columns], lang=config.lang,
                         path="/score", query=config.to_query())
    return send_csv(text, name, store=store)


address.follow(ids("config"))
add_to_slides.follow(ids("add-slides"), ids("config"), "/score")
