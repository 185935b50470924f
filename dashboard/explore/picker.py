"""A keyboard path to the selection on Explore (WCAG 2.1.1): a searchable place picker beside the
charts that drives the same `selected` state as a click on the map or ranking, and a list that
reads out each selected place's value in the shown year (a polite live region).

The picker follows the state (map and ranking clicks, Clear, level and scope changes) and the state
follows the picker, in the browser (assets/explore-select.js: `pick`, ExploreState.pick); equal
selections are not written back, so the two never chase each other. Its options are sent only when
they change (at 2,300 places they are 118 kB of JSON, and the dropdown's work with each new list).
"""
from __future__ import annotations

import hashlib

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from dashboard.components import follow
from dashboard.components.guard import refuse_invalid
from dashboard.explore.logic import build_view, values_of
from dashboard.explore.state import MAX_SELECTED, ExploreState
from dashboard.i18n import fmt_number, fmt_year, t
from dashboard.measures import change_unit_label
from dashboard.store import load_store

PICK = "explore-pick"
VALUES = "explore-picked-values"
OPTIONS_KEY = "explore-pick-options"  # which options the picker holds (`options_key`)
PICKED = "explore-picked"  # the selection the picker is to show
STATE = "explore-state"


def _option_codes(view, selected) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*view.places, *selected)))


def options(store, view, lang: str, selected=()) -> list[dict]:
    """The places the view shows, by name (a screen reader user types the first letters), and the
    selected ones outside it (a map click on a municipality the partners view does not rank): a
    dropdown drops a value that is not among its options, and the picker would then undo the click."""
    names = {code: store.place(code)[f"name_{lang}"] for code in _option_codes(view, selected)}
    return [{"label": names[c], "value": c} for c in sorted(names, key=lambda c: names[c].casefold())]


def options_key(view, lang: str, selected=()) -> str:
    """Names the picker's options without them: equal keys, equal options."""
    return hashlib.blake2b("\x1f".join((lang, *_option_codes(view, selected))).encode(), digest_size=12).hexdigest()


def _shown_unit(unit: str, state: ExploreState) -> str:
    """The unit of what map and ranking show: a change of a percentage is in percentage points."""
    if not unit or state.mode == "index":
        return ""
    if state.mode in ("change", "difference"):
        return change_unit_label(unit, state.lang)
    return t(f"unit.{unit}", state.lang)


def value_lines(store, view, state: ExploreState) -> list:
    """'Kranj: 3.4 (2023)' per selected place, or why it has no value."""
    lang, dec = state.lang, int(view.indicator["decimals"])
    unit = _shown_unit(view.indicator.get("unit") or "", state)
    outside = [c for c in state.selected if c not in view.display.index]  # selected on the map, not ranked
    shown = pd.concat([view.display, values_of(store, view.state, outside)]) if outside else view.display
    lines = []
    for code in state.selected:
        name = store.place(code)[f"name_{lang}"]
        value = shown.get(code) if code in shown.index else None
        if value is None or value != value:
            text = f"{name}: {t('a11y.pick.no_value', lang)}"
        else:
            text = f"{name}: {fmt_number(value, dec, lang)} {unit} ({fmt_year(state.year, lang)})".replace("  ", " ")
        lines.append(html.Li(text))
    return lines


def picker(store, view, state: ExploreState) -> html.Div:
    lang = state.lang
    return html.Div([
        dbc.Label(t("a11y.pick.label", lang, n=MAX_SELECTED), html_for=PICK, className="fw-semibold small mb-1"),
        dcc.Dropdown(id=PICK, options=options(store, view, lang, state.selected), value=list(state.selected), multi=True,
                     clearable=True, searchable=True, placeholder=t("a11y.pick.placeholder", lang),
                     className="mb-1"),
        dcc.Store(id=OPTIONS_KEY, data=options_key(view, lang, state.selected)),
        dcc.Store(id=PICKED),
        html.Ul(value_lines(store, view, state), id=VALUES, className="list-unstyled small mb-2 picked-values",
                **{"aria-live": "polite"}),
    ], className="explore-picker")


@dash.callback(
    Output(PICK, "options"), Output(OPTIONS_KEY, "data"), Output(PICKED, "data"), Output(VALUES, "children"),
    Input(STATE, "data"),
    State(PICK, "value"), State(OPTIONS_KEY, "data"),
    prevent_initial_call=True,
)
@refuse_invalid()
def follow_state(data, picked, shown_key):
    store = load_store()
    state = ExploreState.from_client(data, store)
    view = build_view(store, state)
    same = isinstance(picked, list) and list(picked) == list(state.selected)
    key = options_key(view, state.lang, state.selected)
    return (no_update if key == shown_key else options(store, view, state.lang, state.selected),
            no_update if key == shown_key else key,
            no_update if same else {"selected": list(state.selected)}, value_lines(store, view, state))


# The picker takes the selection from follow_state's answer, after the options it comes with (the
# dropdown drops a value it does not offer), and in the browser: writing PICK's value from here
# would put follow_state on a cycle with `pick` below (components/follow.py says what that loses).
follow.follow(PICKED, {PICK: "selected"})


# A choice in the picker: the new state goes straight to the views' callbacks, which read it with the
# URL's rules; a value that is not among the picker's options is not taken
dash.clientside_callback(
    ClientsideFunction("innoloc", "pick"),
    Output(STATE, "data", allow_duplicate=True),
    Input(PICK, "value"),
    State(STATE, "data"), State(PICK, "options"),
    prevent_initial_call=True,
)
