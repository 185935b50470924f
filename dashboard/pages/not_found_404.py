"""Unknown address: say so in the reader's language and offer the way back."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.notices import lang_notices
from dashboard.components.urls import first, href
from dashboard.i18n import resolve_lang, t

dash.register_page(__name__, path="/404", name="Not found")


def layout(lang=None, **query):
    raw = first(lang)
    lang, notice_key = resolve_lang(raw)
    return html.Div(lang_notices(notice_key, raw, lang) + [
        html.H1(t("notfound.title", lang), className="h2"),
        html.P(t("notfound.text", lang), className="lead"),
        dbc.Button(t("notfound.home", lang), href=href("/", lang), color="primary", className="me-2"),
        dbc.Button(t("notfound.data", lang), href=href("/data", lang), color="secondary", outline=True),
    ], className="page page-not-found py-4", lang=lang)
