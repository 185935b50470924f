"""Explore's render answer is JSON-native (dashboard/explore/wire.py): Dash encodes it with one
orjson call, and the bytes are those Dash's slow path (a Python walk of every value) wrote."""
from __future__ import annotations


import orjson
import plotly.io._json as pjson
import pytest
from dash import Patch, html, no_update
from dash.exceptions import PreventUpdate
from dash.dash_table.Format import Format, Group, Scheme, Sign

from dashboard.explore import render, wire
from dashboard.explore.logic import coerce
from dashboard.explore.state import default_state
from dashboard.store import load_store

OPTS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def _slow(value) -> bytes:
    """What Dash's encoder writes after its first orjson attempt failed: the cleaned value."""
    modules = {"sage_all": None, "np": pjson.get_module("numpy"), "pd": pjson.get_module("pandas"), "image": None}
    return orjson.dumps(pjson.clean_to_json_compatible(value, numpy_allowed=True, datetime_allowed=True,
                                                       modules=modules), option=OPTS)


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_plain_writes_what_dash_would_write():
    patch = Patch()
    patch["data"][3]["z"] = [1.5, float("nan"), 2]
    patch["layout"]["title"] = "x"
    tree = [html.P(["a ", html.Span("b", className="c", **{"aria-label": "d"})], className="mb-1"), None, 3.25]
    columns = [{"id": "v", "format": Format(precision=2, scheme=Scheme.fixed, group=Group.yes).sign(Sign.positive)}]
    for value in (patch, tree, columns, html.Div(), "text", [], {"a": (1, 2)}):
        assert orjson.dumps(wire.plain(value), option=OPTS) == _slow(value)
    assert wire.plain(no_update) is no_update  # Dash keeps that output as it is
    out = wire.answer((patch, {"data": []}, tree, no_update), walk={2, 3})
    assert out[0] == patch.to_plotly_json() and out[3] is no_update
    orjson.dumps(out[:3], option=OPTS)  # no component or Patch left: no TypeError


def _states(store):
    s = default_state(store, "employment_rate")
    years = store.years(s.indicator)
    yield "fresh", s, None
    yield "year change", coerce(s.with_(year=years[-2]), store), s
    yield "indicator change", coerce(s.with_(indicator="gdp_per_inhabitant"), store), s
    yield "click", s.with_(selected=("SI-052",)), s
    yield "all municipalities", s.with_(scope="all", lang="de"), s
    yield "regions, change", coerce(s.with_(level="regions", mode="change"), store), s
    yield "type colours", s.with_(colour="type"), s
    yield "counts, within-country", coerce(s.with_(indicator="population"), store), coerce(s.with_(indicator="unemployment_rate"), store)


def test_every_render_answer_encodes_without_dash_walking_it(store, explore_page):
    for name, state, prev in _states(store):
        keys = (explore_page._map_store(prev), render.series_key(prev)) if prev else (None, None)
        out = explore_page.render_views(state.as_dict(), *keys)
        sent = [v for v in out if v is not no_update]
        try:
            fast = orjson.dumps(sent, option=OPTS)  # Dash's first attempt
        except TypeError as err:
            pytest.fail(f"{name}: the answer holds an object orjson does not know ({err}); Dash would "
                        "walk every value of it in Python")
        assert fast == _slow(sent), name


def _update_state(explore_page, trigger: str, controls: dict, before):
    """update_state as Dash calls it: `trigger` is the control that changed."""
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{trigger}.value", "value": None}]))
    args = [controls.get(k) for k in ("indicator", "year", "start", "level", "scope", "mode", "reference", "colour")]
    return explore_page.update_state(*args, before.as_dict(), explore_page._map_store(before), render.series_key(before))


def test_a_control_change_answers_its_views_as_render_views_would(store, explore_page):
    """update_state sends the new state's views with the state (one round trip, not two): the same
    answer render_views gives that state, encoded without Dash walking it; render_views then finds
    the page showing it."""
    before = default_state(store, "employment_rate")
    controls = {"indicator": "employment_rate", "level": "municipalities", "scope": "partners", "mode": "value",
                "reference": "country", "colour": "value"}
    for trigger, change in (("explore-indicator", {"indicator": "population"}),
                            ("explore-mode", {"mode": "change"}),
                            ("explore-scope", {"scope": "all"})):
        out = _update_state(explore_page, trigger, {**controls, **change}, before)
        state, views = out[0], out[-len(explore_page._VIEW_OUTPUTS):]
        assert {k: state[k] for k in change} == change
        expected = explore_page.render_views(state, explore_page._map_store(before), render.series_key(before))
        # an output Dash leaves as it is (the table-request of a short table) compares as such
        kept = {"default": lambda v: "<no_update>" if v is no_update else None}
        assert orjson.dumps(views, option=OPTS, **kept) == orjson.dumps(expected, option=OPTS, **kept), trigger
        sent = [v for v in out if v is not no_update]
        assert orjson.dumps(sent, option=OPTS) == _slow(sent), trigger
        shown = (views[1], views[4])  # map-key and series-key as the page then holds them
        with pytest.raises(PreventUpdate):
            explore_page.render_views(state, *shown)
    # a control set to what the state already says: nothing to draw again
    out = _update_state(explore_page, "explore-mode", controls, before)
    assert out[0] == before.as_dict() and all(v is no_update for v in out[13:])


def test_a_long_table_comes_after_the_charts_in_an_answer_of_its_own(store, explore_page, monkeypatch):
    """Every municipality of a large data set: the charts' answer leaves the table as it is and names
    the state whose table follows; table_later then answers that table, the same rows, columns and
    tooltips the charts' answer holds for a short table."""
    state = default_state(store, "employment_rate").with_(scope="all")
    ids = [o.component_id for o in explore_page._VIEW_OUTPUTS]
    at, request = ids.index("explore-table-content"), len(ids) - 1
    assert ids[request] == "explore-table-request"
    whole = explore_page.render_views(state.as_dict(), None, None)
    assert len(whole[at]["data"]) > 100 and whole[request] is no_update  # short enough: in the answer
    assert set(whole[at]) == {"data", "columns", "tooltip_data"}
    monkeypatch.setattr(explore_page, "TABLE_LATER_ROWS", 100)
    charts = explore_page.render_views(state.as_dict(), None, None)
    assert charts[at] is no_update
    assert charts[request] == state.as_dict() and charts[0] is not no_update
    later = explore_page.table_later(charts[request])
    assert orjson.dumps(later, option=OPTS) == orjson.dumps(whole[at], option=OPTS)
    # the partners' table stays in the charts' answer
    partners = explore_page.render_views(state.with_(scope="partners").as_dict(), None, None)
    assert len(partners[at]["data"]) == 16 and partners[request] is no_update
