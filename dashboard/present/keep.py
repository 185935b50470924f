"""Opening a share link (`/slides?deck=`) replaces the deck saved in this browser; when that deck
had slides of its own, the page offers to keep it instead, with one click, so a link never costs
a presenter their work. The offer remembers the replaced deck in a `dcc.Store` of the page.
"""
from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html, no_update

from dashboard.components.guard import lang_of
from dashboard.components.ids import make_ids
from dashboard.i18n import t
from dashboard.present import deck as dk

ids = make_ids("slides")


def components() -> list:
    """What the slides page's layout adds for the offer: its area and the replaced deck."""
    return [html.Div(id=ids("keep-offer")), dcc.Store(id=ids("previous"))]


def offer(old: dk.Deck, incoming: dk.Deck, lang: str):
    """The offer's text and button, or None when nothing would be lost."""
    if not old.slides or old == incoming:
        return None
    return html.Div([
        html.Span(t("present.keep.offer", lang, n=len(old)), className="me-2"),
        html.Button(t("present.keep.button", lang, n=len(old)), id=ids("keep"), type="button",
                    className="btn btn-outline-primary btn-sm"),
    ], className="alert alert-info py-2 slides-keep-offer", role="status")


@dash.callback(
    Output(ids("keep-offer"), "children"), Output(ids("previous"), "data"),
    Input(ids("incoming"), "data"),
    State(ids("deck"), "data"), State(ids("context"), "data"),
)
def offer_to_keep(incoming, data, context):
    """Runs with the deck as it was before the link replaced it (same trigger, same state)."""
    if not incoming:
        return no_update, no_update
    lang = lang_of(context)
    old, _ = dk.from_store(data)
    try:
        new = dk.from_dict(incoming)
    except dk.DeckError:
        return no_update, no_update  # the link is refused: nothing was replaced
    shown = offer(old, new, lang)
    return (shown, dk.to_dict(old)) if shown is not None else (no_update, no_update)


@dash.callback(
    Output(ids("deck"), "data", allow_duplicate=True), Output(ids("keep-offer"), "children", allow_duplicate=True),
    Input(ids("keep"), "n_clicks"),
    State(ids("previous"), "data"), State(ids("deck"), "data"), State(ids("context"), "data"),
    prevent_initial_call=True,
)
def keep_previous(n_clicks, previous, data, context):
    if not n_clicks:
        return no_update, no_update
    lang = lang_of(context)
    try:
        old = dk.from_dict(previous)  # came back from the browser: checked again
    except dk.DeckError:
        return no_update, None
    _, rev = dk.from_store(data)
    return dk.to_store(old, rev + 1), html.P(t("present.keep.done", lang, n=len(old)),
                                             className="alert alert-success py-2 mb-2")
