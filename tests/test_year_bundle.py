"""The year bundle (dashboard/explore/years.py, `year_bundle` on the Explore page): every year of
the view the page shows, as the server would answer each year step, sent once so the steps draw
in the browser. What the browser unpacks is compared with the server's answers in
tests/browser/test_year_step.py; here, what the server puts in and leaves out."""
from __future__ import annotations

import json

import pytest
from dash import no_update
from dash.exceptions import PreventUpdate
from plotly.io.json import to_json_plotly

from dashboard.components.state import InvalidState
from dashboard.explore import render, years
from dashboard.explore.logic import coerce
from dashboard.explore.state import default_state
from dashboard.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def _patch(*ops):
    return {"__dash_patch_update": "__dash_patch_update",
            "operations": [{"operation": "Assign", "location": loc, "params": {"value": v}} for loc, v in ops]}


def test_an_output_the_same_in_every_year_travels_once():
    answers = {2020: ("same", {"y": 2020}), 2021: ("same", {"y": 2021})}
    states = {2020: {"year": 2020, "indicator": "x"}, 2021: {"year": 2021, "indicator": "x"}}
    bundle = years.pack({"year": 2020, "query": "?a", "indicator": "x"}, answers, states)
    assert bundle["shared"] == {"0": "same"}
    assert bundle["years"]["2021"]["outputs"] == {"1": {"y": 2021}}
    assert bundle["years"]["2020"]["state"] == states[2020]
    assert bundle["base"] == {"indicator": "x"}  # the view: neither its year nor its address


def test_places_and_hover_rows_are_written_once_and_referred_to():
    rows = {2020: [["SI-1", "Kranj", "Gorenjska", "5.0", "2020 · rank 1 of 2"],
                   ["AT-1", "Weiz", "Oststeiermark", "4.0", "2020 · rank 2 of 2"]],
            2021: [["AT-1", "Weiz", "Oststeiermark", "5.0", "2021 · rank 1 of 2"],
                   ["SI-1", "Kranj", "Gorenjska", "4.0", "2021 · rank 2 of 2"]]}
    answers = {y: (_patch((["data", 1, "locations"], [r[0] for r in rows[y]]), (["data", 1, "z"], [0, 0]),
                          (["data", 1, "customdata"], rows[y]), (["data", 1, "name"], f"class {y}")),)
               for y in rows}
    bundle = years.pack({"year": 2020}, answers, {y: {"year": y} for y in rows})
    assert bundle["codes"] == ["SI-1", "AT-1"]
    assert bundle["heads"] == [["SI-1", "Kranj", "Gorenjska"], ["AT-1", "Weiz", "Oststeiermark"]]
    assert sorted(bundle["texts"]) == sorted({c for y in rows for r in rows[y] for c in r[3:]})
    ops = {tuple(op["location"]): op["params"]["value"] for op in bundle["years"]["2021"]["outputs"]["0"]["operations"]}
    assert ops[("data", 1, "locations")] == {"__packed": "codes", "items": [1, 0]}
    assert ops[("data", 1, "z")] == {"__packed": "zeros", "n": 2}
    texts = bundle["texts"]
    assert ops[("data", 1, "customdata")]["width"] == 2
    assert [texts[i] for i in ops[("data", 1, "customdata")]["items"]] == ["5.0", "2021 · rank 1 of 2", "4.0", "2021 · rank 2 of 2"]
    assert ops[("data", 1, "name")] == "class 2021"  # what is not a place list stays as it is


def test_a_long_list_of_few_values_is_written_as_its_values_and_an_index_each():
    colours = ["#ffffff", "#8c8c8c"] * 40
    widths = [0.5, 0.7, 0.5, 0.5] * 20
    varied = [float(i) for i in range(80)]
    answers = {2020: (_patch((["data", 19, "marker", "line", "color"], colours),
                             (["data", 19, "marker", "line", "width"], widths),
                             (["data", 19, "x"], varied), (["data", 19, "y"], colours[:10])),)}
    bundle = years.pack({"year": 2020}, answers, {2020: {"year": 2020}})
    ops = {tuple(op["location"]): op["params"]["value"] for op in bundle["years"]["2020"]["outputs"]["0"]["operations"]}
    line = ops[("data", 19, "marker", "line", "color")]
    assert line["__packed"] == "levels" and [line["levels"][i] for i in line["items"]] == colours
    width = ops[("data", 19, "marker", "line", "width")]
    assert [width["levels"][i] for i in width["items"]] == widths
    assert ops[("data", 19, "x")] == varied and ops[("data", 19, "y")] == colours[:10]  # many values; short


def test_rows_that_do_not_belong_to_their_places_stay_as_they_are():
    odd = [["SI-1", "Kranj", "Gorenjska", "5.0"], ["XX", "Weiz", "Oststeiermark", "4.0"]]  # second row: other code
    answers = {2020: (_patch((["data", 1, "locations"], ["SI-1", "AT-1"]), (["data", 1, "customdata"], odd)),)}
    bundle = years.pack({"year": 2020}, answers, {2020: {"year": 2020}})
    ops = bundle["years"]["2020"]["outputs"]["0"]["operations"]
    assert ops[1]["params"]["value"] == odd


def test_a_bundle_over_the_limit_is_not_made(monkeypatch):
    answers = {y: ("x" * 1000,) for y in (2020, 2021)}
    states = {y: {"year": y} for y in answers}
    assert years.pack({"year": 2020}, answers, states) is not None
    # every municipality of 2,300 is refused before a year is rendered; the partners are not
    assert not years.worth_making(2300, 20) and years.worth_making(16, 20)
    monkeypatch.setattr(years, "MAX_BYTES", 500)
    assert years.pack({"year": 2020}, answers, states) is None


def test_the_bundle_holds_every_year_a_step_reaches_with_the_same_view(store, explore_page):
    state = coerce(default_state(store, lang="de"), store)
    bundle = explore_page.year_bundle(state.as_dict())
    held = sorted(int(y) for y in bundle["years"])
    # a year at or before the period's start moves the start too: another view, asked of the server
    assert held == [y for y in store.years(state.indicator) if y > state.start]
    for y in held:
        step = coerce(state.with_(year=y), store).checked(store)
        assert bundle["years"][str(y)]["state"] == step.as_dict()
    assert bundle["base"] == {k: v for k, v in state.as_dict().items() if k not in ("year", "query")}


def test_each_year_in_the_bundle_is_the_server_answer_for_that_step(store, explore_page):
    """The packed entries unpacked in Python the way year-step.js does (the browser test runs the
    script itself); here the other direction: nothing of the server's answer is lost in packing."""
    state = coerce(default_state(store, "employment_rate", lang="sl").with_(selected=("SI-052",)), store)
    bundle = explore_page.year_bundle(state.as_dict())
    year = max(int(y) for y in bundle["years"] if int(y) != state.year)
    step = coerce(state.with_(year=year), store).checked(store)
    answer = explore_page.render_views(step.as_dict(), explore_page._map_store(state), render.series_key(state))
    expected = json.loads(to_json_plotly(answer))
    entry = bundle["years"][str(year)]["outputs"]
    expected.append([{"label": str(y), "value": y} for y in store.years(state.indicator) if y < year])
    for i, value in enumerate(expected):
        packed = entry.get(str(i), bundle["shared"].get(str(i)))
        if i == 0:  # the map's Patch: the same operations, place lists packed
            assert len(packed["operations"]) == len(value["operations"])
            for mine, theirs in zip(packed["operations"], value["operations"]):
                assert mine["location"] == theirs["location"]
                v = mine["params"]["value"]
                assert v == theirs["params"]["value"] or (isinstance(v, dict) and v.get("__packed"))
        else:
            assert packed == value, f"output {i}"


def test_a_crafted_bundle_request_is_refused(store, explore_page):
    """Read with the address's rules like every other state (the endpoint's answer to crafted
    bodies, no_update and never a 500, is tests/test_callback_fuzz.py's)."""
    state = coerce(default_state(store), store).as_dict()
    for crafted in ({**state, "indicator": "nope"}, "x", {**state, "selected": ["a"] * 100},
                    {**state, "scope": "everything"}, None):
        with pytest.raises(InvalidState):
            explore_page.year_bundle.__wrapped__(crafted)


def test_a_state_the_page_already_shows_is_not_drawn_again(store, explore_page):
    """After a year step drawn from the bundle, the page's keys match its state: the server's
    render_views has nothing to send (no second drawing of the same year)."""
    state = coerce(default_state(store, lang="en"), store)
    with pytest.raises(PreventUpdate):
        explore_page.render_views(state.as_dict(), explore_page._map_store(state), render.series_key(state))
    earlier = coerce(state.with_(year=state.year - 1), store)
    out = explore_page.render_views(state.as_dict(), explore_page._map_store(earlier), render.series_key(earlier))
    assert out[0] is not no_update and out[2]["data"]  # a real step is drawn


def test_the_ranking_keeps_its_height_from_year_to_year(store):
    """Stepping or playing through the years must not make the page below the ranking jump (and a
    chart whose height changes is drawn twice): the reference labels' rows are kept whether they
    collide in a year or not. Ten indicators' heights changed between years before."""
    from dashboard.explore.logic import build_view

    for indicator in store.indicator_ids():
        state = coerce(default_state(store, indicator), store)
        heights = set()
        for year in store.years(indicator):
            step = coerce(state.with_(year=year), store)
            if step.start != state.start:
                continue
            heights.add(render.ranking(store, step, build_view(store, step), plain=True)["layout"]["height"])
        assert len(heights) == 1, (indicator, heights)
