"""Data tables by keyboard (WCAG 2.1.1): sort buttons and selectable rows for Dash DataTables.

Dash's DataTable sorts by a click on an icon that is no button, and its rows cannot be chosen
without a mouse. `assets/table-keys.js` turns each sort icon into a named button (Enter or Space)
and sets `aria-sort` on the sorted header; a table made `row_selectable="multi"` gets a named
checkbox per row, one tab stop for the whole column (the arrow keys move between rows); a paged
table's page buttons and page number field get names.

`texts(lang)` puts the button and checkbox names, in the page language, beside a table (the script
reads them from there); `follow_selection` ties the ticked rows to a page's selection both ways,
through a field that already writes the selection (Explore: the place picker, so the same checks
and the same limit apply to a tick as to a pick).
"""
from __future__ import annotations

import dash
from dash import Input, Output, State, html

from dashboard.i18n import t

TEXTS_CLASS = "table-keys-texts"


def texts(lang: str) -> html.Div:
    """The names the script gives to sort buttons and row checkboxes, and a visible hint."""
    return html.Div(
        t("tablekeys.hint", lang), className=f"{TEXTS_CLASS} small text-body-secondary mb-1",
        **{"data-sort": t("tablekeys.sort", lang, name="{name}"),
           "data-select": t("tablekeys.select", lang, name="{name}"),
           "data-select-head": t("tablekeys.select_head", lang),
           **{f"data-page-{k}": t(f"tablekeys.page_{k}", lang) for k in ("first", "prev", "next", "last")},
           "data-page-number": t("tablekeys.page_number", lang, n="{n}"), "data-pager": t("tablekeys.pager", lang)})


def follow_selection(table_id: str, state_id: str, field_id: str, *, code_key: str = "code",
                     selected_key: str = "selected") -> None:
    """Ticked rows <-> the page's selection, in the browser (no server round trip of its own).

    table -> field: a tick adds the row's place after the places already chosen, an untick removes
    it; the field's own callback stores it. state -> table: the rows of the selected
    places are ticked (after every new selection and every new set of rows)."""
    # table -> field with set_props, which adds no edge to the callback graph: an Output here would
    # close a cycle (table -> field -> state -> table), and Dash never sends a callback on a cycle
    # asked again while its last answer is on its way (components/follow.py).
    dash.clientside_callback(
        """
        function(rows, data, picked) {
            if (!Array.isArray(data)) { return; }
            const ticked = (rows || []).filter(i => i >= 0 && i < data.length).map(i => data[i]['%(code)s']);
            const before = Array.isArray(picked) ? picked : [];
            const next = before.filter(c => ticked.includes(c)).concat(ticked.filter(c => !before.includes(c)));
            const same = next.length === before.length && next.every((c, i) => c === before[i]);
            if (!same) { window.dash_clientside.set_props('%(field)s', {value: next}); }
        }
        """ % {"code": code_key, "field": field_id},
        Input(table_id, "selected_rows"),
        State(table_id, "data"), State(field_id, "value"),
        prevent_initial_call=True,
    )
    dash.clientside_callback(
        """
        function(data, state, rows) {
            const nu = window.dash_clientside.no_update;
            if (!Array.isArray(data)) { return nu; }
            const chosen = (state && state['%(selected)s']) || [];
            const want = [];
            data.forEach((row, i) => { if (chosen.includes(row['%(code)s'])) { want.push(i); } });
            const have = (rows || []).slice().sort((a, b) => a - b);
            const same = want.length === have.length && want.every((r, i) => r === have[i]);
            return same ? nu : want;
        }
        """ % {"code": code_key, "selected": selected_key},
        Output(table_id, "selected_rows"),
        Input(table_id, "data"), Input(state_id, "data"),
        State(table_id, "selected_rows"),
    )
