"""The address bar follows a page's state, and the language switch keeps the whole view.

One mechanism for every page whose state lives in a `dcc.Store`: the store's data carries the
state's own URL query (`"query"`, made by the state's `to_query()` in Python, so the address is
never rebuilt in JavaScript). `history.replaceState` changes the address without routing, so the
page is not re-rendered.
"""
from __future__ import annotations

import dash
from dash import Input, Output

from dashboard.i18n import LANGS

LANG_BUTTONS = [f"shell-lang-{code}" for code in LANGS]

_FOLLOW = """
function(data) {
    if (!data || !data.query) { return window.dash_clientside.no_update; }
    const path = window.location.pathname;
    // embed mode (embed=1, chart=...) is not part of the view's state: keep it in the address
    const now = new URLSearchParams(window.location.search);
    const keep = ['embed', 'chart'].filter(function(k) { return now.get(k); })
        .map(function(k) { return k + '=' + encodeURIComponent(now.get(k)); });
    const query = keep.length ? data.query + (data.query.length > 1 ? '&' : (data.query ? '' : '?')) + keep.join('&')
                              : data.query;
    if (window.location.search !== query) {
        window.history.replaceState(null, '', path + query);
    }
    return %s.map(function(code) {
        const q = new URLSearchParams(data.query.slice(1)); q.set('lang', code);
        return path + '?' + q.toString().replace(/%%2C/g, ',').replace(/%%3A/g, ':');
    });
}
""" % ("[" + ", ".join(f"'{c}'" for c in LANGS) + "]")


def follow(state_id: str) -> None:
    """Register the address sync for the store `state_id` (its data must hold `query`)."""
    dash.clientside_callback(
        _FOLLOW,
        [Output(b, "href", allow_duplicate=True) for b in LANG_BUTTONS],
        Input(state_id, "data"),
        prevent_initial_call=True,
    )
