"""Explore's place picker follows the state: the value and the read-out lines after every state, the
options (118 kB of JSON at 2,300 places, and the dropdown's work with a new list) only when they
change: another view, another language, or a selected place the view does not rank."""
from __future__ import annotations

import pytest
from dash import no_update

from dashboard.explore import picker
from dashboard.explore.logic import build_view
from dashboard.explore.state import MAX_SELECTED, default_state
from dashboard.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def _follow(explore_page, state, picked, key):
    assert explore_page is not None  # the page module registers the picker's callbacks
    return picker.follow_state(state.as_dict(), picked, key)


def test_options_are_sent_only_when_they_change(store, explore_page):
    state = default_state(store, lang="sl")
    view = build_view(store, state)
    key = picker.options_key(view, "sl")
    partner = store.partners()[0]
    other = next(c for c in store.places.index if c not in view.places and str(c)[:2] in ("SI", "AT"))

    # a click on a ranked place: same options, new value and line
    options, new_key, value, lines = _follow(explore_page, state.with_(selected=(partner,)), [], key)
    assert options is no_update and new_key is no_update
    assert value == {"selected": [partner]} and len(lines) == 1

    # the picker already shows this selection: its value is not written back
    assert _follow(explore_page, state.with_(selected=(partner,)), [partner], key)[2] is no_update

    # a place the view does not rank is offered too, or the dropdown would drop it again
    options, new_key, value, _ = _follow(explore_page, state.with_(selected=(other,)), [], key)
    assert other in [o["value"] for o in options] and new_key != key
    assert value == {"selected": [other]}

    # another language: the same places, other names
    options, new_key, _, _ = _follow(explore_page, state.with_(lang="de"), [], key)
    assert new_key != key and {o["value"] for o in options} == set(view.places)
    assert [o["label"] for o in options] == sorted((store.place(c)["name_de"] for c in view.places), key=str.casefold)

    # every municipality of the four regions: more places
    options, new_key, _, _ = _follow(explore_page, state.with_(scope="all"), [], key)
    assert new_key != key and len(options) > len(view.places)


def test_a_pick_keeps_the_order_once_each_and_the_last_six(store):
    state = default_state(store)
    codes = list(store.partners())[:MAX_SELECTED + 2]
    assert state.pick([codes[1], codes[0], codes[1]]).selected == (codes[1], codes[0])
    assert state.pick(codes).selected == tuple(codes[-MAX_SELECTED:])
    assert state.pick([]).selected == ()
