"""Short visible notices for URL values the app could not use (it falls back instead of failing)."""
from __future__ import annotations

import dash_bootstrap_components as dbc

from dashboard.components.text import shorten
from dashboard.i18n import t


def notice(key: str, lang: str, **fmt) -> dbc.Alert:
    fmt = {k: shorten(v) for k, v in fmt.items()}
    return dbc.Alert(t(key, lang, **fmt), color="warning", className="page-notice py-2", is_open=True)


def lang_notices(notice_key: str | None, raw_value, lang: str) -> list:
    return [notice(notice_key, lang, value=raw_value)] if notice_key else []
