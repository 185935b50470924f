"""State that comes back from the browser is read with the page's own URL rules
(`UrlState.from_client`): a crafted store can never make a state the address could not, and a
callback answers `no_update` (plus a notice where the page has a notice area), never an error."""
from __future__ import annotations

import json

import pytest

from dashboard.compare.state import CompareState
from dashboard.compare.state import parse_query as compare_query
from dashboard.components.state import MAX_ITEMS, InvalidState
from dashboard.explore.state import ExploreState, default_state
from dashboard.profile.state import ProfileState
from dashboard.profile.state import parse_query as profile_query
from dashboard.score.state import ScoreConfig
from dashboard.score.state import parse_query as score_query
from dashboard.steering.state import SteeringState
from dashboard.steering.state import parse_query as steering_query
from dashboard.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def _states(store):
    return {
        ExploreState: default_state(store).with_(selected=("SI-052", "AT-61108"), mode="change"),
        CompareState: compare_query("?places=SI-052,AT-61108,SI-131&years=latest", store).state,
        ProfileState: profile_query("?place=trzic&lang=de", store).state,
        ScoreConfig: score_query("?preset=knowledge&f=employment_rate:min:50&norm=zscore&lang=sl", store).state,
        SteeringState: steering_query("?ind=ageing_index,employment_rate&sort=ageing_index&start=2015&end=2020",
                                      store).state,
    }


def test_every_state_the_address_gives_comes_back_unchanged(store):
    for cls, state in _states(store).items():
        assert cls.from_client(json.loads(json.dumps(state.as_dict())), store) == state
        assert state.checked(store) == state


def test_steering_with_every_indicator_removed_is_kept(store):
    empty = SteeringState().with_(indicators=())
    assert SteeringState.from_client(empty.as_dict(), store) == empty


def _crafted(store):
    """(state class, field, value): each wrong in type, length or value."""
    places = list(store.places.index)
    partners = store.partners()
    return [
        (ExploreState, "year", "abc"), (ExploreState, "year", 1850), (ExploreState, "year", [2020]),
        (ExploreState, "start", 2.5), (ExploreState, "indicator", "no_such_indicator"),
        (ExploreState, "indicator", ["population"]), (ExploreState, "lang", "nope"), (ExploreState, "lang", ["en"]),
        (ExploreState, "mode", ["value", "index"]), (ExploreState, "level", {"a": 1}),
        (ExploreState, "selected", (places * 20)[:20_000]), (ExploreState, "selected", places[:7]),
        (ExploreState, "selected", ["nowhere"]), (ExploreState, "selected", "SI-052"),
        (ExploreState, "reference", "x" * 100_000), (ExploreState, "year", True),
        (CompareState, "places", partners[:5]), (CompareState, "places", (partners * 200)[:2000]),
        (CompareState, "places", ["SI-052"]), (CompareState, "places", ["SI-052", "SI-052"]),
        (CompareState, "places", ["SI-052", "nowhere"]), (CompareState, "years", "abc"),
        (CompareState, "lang", "nope"),
        (ProfileState, "place", "nowhere"), (ProfileState, "place", ["SI-052"]), (ProfileState, "lang", 7),
        (ScoreConfig, "weights", [["employment_rate", "abc"]]), (ScoreConfig, "weights", [["employment_rate", 9]]),
        (ScoreConfig, "weights", [["no_such_indicator", 3]]), (ScoreConfig, "weights", [["population", 3]]),
        (ScoreConfig, "weights", "employment_rate"), (ScoreConfig, "filters", [["employment_rate", "max", "abc"]]),
        (ScoreConfig, "filters", [["employment_rate", "between", 1]]),
        (ScoreConfig, "filters", [["employment_rate", "min", i] for i in range(9)]),
        (ScoreConfig, "inverted", ["population"]), (ScoreConfig, "norm", "nope"), (ScoreConfig, "cover", "12"),
        (ScoreConfig, "preset", "nope"), (ScoreConfig, "lang", "nope"),
        (SteeringState, "measure", ["level", "change"]), (SteeringState, "measure", "abc"),
        (SteeringState, "start", "abc"), (SteeringState, "end", 1800), (SteeringState, "indicators", ["nope"]),
        (SteeringState, "indicators", (list(store.indicator_ids()) * 3)[:11]),
        (SteeringState, "sort", "nope"), (SteeringState, "order", "sideways"), (SteeringState, "view", 3),
        (SteeringState, "lang", "nope"),
    ]


def test_a_crafted_store_is_refused_with_the_urls_rules(store):
    states = _states(store)
    accepted = []
    for cls, name, value in _crafted(store):
        d = dict(states[cls].as_dict(), **{name: value})
        try:
            cls.from_client(d, store)
        except InvalidState as err:
            assert err.notices
        else:
            accepted.append((cls.__name__, name, str(value)[:40]))
    assert not accepted


def test_what_is_not_a_state_at_all_is_refused(store):
    for bad in (None, "abc", 3, [], ["lang", "en"], {"lang": "en"}, {"places": [["SI-052"]] * 2},
                {"indicator": "population", "year": {"$gt": 1}, "start": 2010}):
        with pytest.raises(InvalidState):
            ExploreState.from_client(bad, store)
        with pytest.raises(InvalidState):
            CompareState.from_client(bad, store)
    assert MAX_ITEMS < 20_000


# ---- through the real endpoint ----------------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    import app

    return app.server.test_client()


def _post(client, body):
    r = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    return r.status_code, r.get_data()


def _nothing_changed(status, body) -> bool:
    """`no_update` everywhere: Dash answers 204, or 200 with an empty response."""
    return len(body) < 1000 and (status == 204 or (status == 200 and not json.loads(body)["response"]))


def test_compare_csv_with_2000_places_is_refused_quickly(client, store):
    data = CompareState(places=("SI-052", "AT-61108")).as_dict()
    data["places"] = (store.partners() * 200)[:2000]
    status, body = _post(client, {
        "output": "compare-download.data", "outputs": {"id": "compare-download", "property": "data"},
        "inputs": [{"id": "compare-csv", "property": "n_clicks", "value": 1},
                   {"id": "compare-xlsx", "property": "n_clicks", "value": None}],
        "state": [{"id": "compare-state", "property": "data", "value": data}],
        "changedPropIds": ["compare-csv.n_clicks"]})
    assert _nothing_changed(status, body)


def test_explore_with_20000_selected_places_is_refused(client, store):
    data = default_state(store).as_dict()
    data["selected"] = (list(store.places.index) * 100)[:20_000]
    status, body = _post(client, {
        "output": "explore-download.data", "outputs": {"id": "explore-download", "property": "data"},
        "inputs": [{"id": "explore-dl-shown", "property": "n_clicks", "value": 1},
                   {"id": "explore-dl-full", "property": "n_clicks", "value": None},
                   {"id": "explore-dl-xlsx", "property": "n_clicks", "value": None},
                   []],  # the per-chart download buttons (a pattern-matching input)
        "state": [{"id": "explore-state", "property": "data", "value": data}],
        "changedPropIds": ["explore-dl-shown.n_clicks"]})
    assert _nothing_changed(status, body)


def test_a_refused_store_leaves_a_notice_where_the_page_has_one(client):
    data = CompareState(places=("SI-052", "AT-61108"), lang="de").as_dict()
    data["years"] = ["common", "latest"]
    outputs = ["content.children", "state.data", "notices.children", "places.options", "hint.children",
               "controls.data"]
    status, body = _post(client, {
        "output": ".." + "...".join(f"compare-{o}" for o in outputs) + "..",
        "outputs": [{"id": f"compare-{o.split('.')[0]}", "property": o.split(".")[1]} for o in outputs],
        "inputs": [{"id": "compare-places", "property": "value", "value": ["SI-052", "AT-61108", "SI-131"]},
                   {"id": "compare-years", "property": "value", "value": "common"}],
        "state": [{"id": "compare-state", "property": "data", "value": data}],
        "changedPropIds": ["compare-places.value"]})
    assert status == 200
    response = json.loads(body)["response"]
    assert set(response) == {"compare-notices"}  # nothing else changes
    assert "Einstellungen" in json.dumps(response, ensure_ascii=False)


def test_a_body_that_does_not_fit_its_callback_answers_400(client):
    """Fewer inputs than the callback declares made Dash fail with an IndexError (500)."""
    status, body = _post(client, {
        "output": "compare-download.data", "outputs": {"id": "compare-download", "property": "data"},
        "inputs": [{"id": "compare-csv", "property": "n_clicks", "value": 1}],
        "state": [], "changedPropIds": ["compare-csv.n_clicks"]})
    assert status == 400


def test_a_malformed_callback_request_answers_400(client):
    for body in ([], {"output": 3}, {"output": "x.y", "inputs": "abc"}):
        assert _post(client, body)[0] == 400
    router = {"output": ".._pages_content.children..._pages_store.data..",
              "outputs": [{"id": "_pages_content", "property": "children"},
                          {"id": "_pages_store", "property": "data"}],
              "inputs": [{"id": "_pages_location", "property": "pathname", "value": ["/explore"]},
                         {"id": "_pages_location", "property": "search", "value": ""}],
              "changedPropIds": ["_pages_location.pathname"]}
    assert _post(client, router)[0] == 400
