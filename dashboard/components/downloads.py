"""The download buttons and senders every page shares: CSV (components/csv_out) and XLSX
(components/xlsx) of the same table, named the same way, with the view's absolute link."""
from __future__ import annotations

from collections.abc import Sequence

import flask
from dash import dcc, html

from dashboard.components.credits import absolute_link
from dashboard.components.xlsx import rows_from_csv, workbook
from dashboard.i18n import t

__all__ = ["xlsx_button", "dated", "send_csv", "send_xlsx", "view_link"]


def xlsx_button(button_id, lang: str, *, class_name: str = "btn btn-outline-primary btn-sm"):
    return html.Button(t("exports.xlsx", lang), id=button_id, type="button", className=class_name,
                       title=t("exports.xlsx_title", lang), **{"data-export": "xlsx"})


def view_link(path: str, query) -> str:
    """The view's absolute address (the request's host, so it works wherever the app is served)."""
    try:
        base = flask.request.host_url
    except RuntimeError:  # outside a request (tests)
        base = "http://127.0.0.1:8050/"
    return absolute_link(base, path, query)


def dated(filename: str, release_date: str | None) -> str:
    """`name.csv` -> `name_data-2026-12-05.csv`: a CSV has no room for a caption, so its name
    says which release of the data it was made from (two downloads a year apart differ by name)."""
    if not release_date:
        return filename
    stem, dot, ext = filename.rpartition(".")
    return f"{stem}_data-{release_date}.{ext}" if dot else f"{filename}_data-{release_date}"


def send_csv(text: str, filename: str, *, store) -> dict:
    return dcc.send_string(text, dated(filename, getattr(store, "release_date", None)), type="text/csv")


def send_xlsx(csv_text: str, filename: str, *, store, title: str, metas: Sequence[dict], lang: str,
              path: str, query) -> dict:
    """The XLSX twin of a CSV download: its rows on the data sheet, the indicators' sources,
    definitions and notes, the release date and the view's link on the second sheet."""
    header, rows = rows_from_csv(csv_text)
    data = workbook(header, rows, title=title, metas=metas, lang=lang,
                    release_date=getattr(store, "release_date", None), link=view_link(path, query))
    return dcc.send_bytes(data, dated(filename.rsplit(".", 1)[0] + ".xlsx", getattr(store, "release_date", None)))
