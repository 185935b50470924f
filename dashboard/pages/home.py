"""Home: what a newcomer can do here, and the partner regions and municipalities."""
import dash

from dashboard.components.home import content
from dashboard.components.notices import lang_notices
from dashboard.components.urls import first
from dashboard.i18n import resolve_lang
from dashboard.store import load_store

dash.register_page(__name__, path="/", name="Home", order=0)


def layout(lang=None, **query):
    raw = first(lang)
    lang, notice_key = resolve_lang(raw)
    return dash.html.Div(lang_notices(notice_key, raw, lang) + content(load_store(), lang),
                         className="page page-home", lang=lang)
