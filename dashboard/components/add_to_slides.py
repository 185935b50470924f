"""The "Add to slides" link every view carries: `/slides?lang=..&add=<this view's path and query>`.

The slides page (`dashboard/pages/slides.py`) checks the address with the paste box's rules
(`dashboard.present.deck.normalize_url`: only this app's own pages, never /slides, bounded
length), appends the view with its title in the page language and says so. The link is a plain
`<a>`: it works without JavaScript, and a clientside callback keeps its `href` in step with the
page's state store, whose data carries the state's own query (`"query"`, see
`dashboard.components.address`), so the link always adds the view as it is now.
"""
from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, html

from dashboard.i18n import t

__all__ = ["SLIDES_PATH", "href", "link", "follow"]

SLIDES_PATH = "/slides"

_FOLLOW = """
function(data) {
    if (!data || typeof data.query !== 'string') { return window.dash_clientside.no_update; }
    const lang = new URLSearchParams(data.query.slice(1)).get('lang') || '%(default)s';
    return '%(slides)s?lang=' + encodeURIComponent(lang) + '&add=' + encodeURIComponent('%(path)s' + data.query);
}
"""


def href(path: str, query: str, lang: str) -> str:
    """The slides page's address that adds `path` + `query` (a state's `to_query()`, "?…")."""
    return f"{SLIDES_PATH}?{urlencode({'lang': lang, 'add': path + query})}"


# Beside a page's heading from 576 px up; on a phone above it, so the heading has the whole width
# (beside the button a long German compound was cut in two: "Standortbe|wertung").
_BESIDE_HEADING = "float-sm-end ms-sm-2 mb-2 mb-sm-0"


def link(link_id: str, path: str, query: str, lang: str, *, beside_heading: bool = False) -> html.A:
    """The "Add to slides" button-link (hidden in presentation mode and on paper, like every button);
    `beside_heading`: placed before the page's heading, floated beside it where there is room."""
    place = _BESIDE_HEADING if beside_heading else ""
    return html.A(["+ ", t("addslides.button", lang)], id=link_id, href=href(path, query, lang),
                  className=f"btn btn-outline-secondary btn-sm add-to-slides d-print-none {place}".strip(),
                  title=t("addslides.title", lang), role="button")


def follow(link_id: str, state_id: str, path: str) -> None:
    """Keep the link's `href` on the view the state store `state_id` holds (its `"query"`)."""
    from dashboard.i18n import DEFAULT_LANG
    dash.clientside_callback(
        _FOLLOW % {"default": DEFAULT_LANG, "slides": SLIDES_PATH, "path": path},
        Output(link_id, "href"),
        Input(state_id, "data"),
    )
