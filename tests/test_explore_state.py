"""Explore state: URL round trip, fallbacks with notices, and the headless view controller."""
from __future__ import annotations

import math

import pytest

from dashboard.explore.logic import build_view, coerce, shown_places
from dashboard.explore.state import MAX_SELECTED, ExploreState, default_state, parse_query
from dashboard.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_url_round_trip_reproduces_the_view(store):
    state = ExploreState(indicator="tertiary_share", year=2023, start=2015, level="municipalities", scope="all",
                         mode="index", reference="region", selected=("SI-052", "AT-61108"), lang="de")
    parsed = parse_query(state.to_query(), store)
    assert parsed.state == state
    assert parsed.notices == []


def test_broken_parameters_fall_back_with_a_notice(store):
    parsed = parse_query({"indicator": "nope", "year": "abc", "mode": "weird", "lang": "xx",
                          "sel": "SI-052,ZZ-1"}, store)
    s = parsed.state
    assert s.indicator == "population_change_rate" and s.mode == "value" and s.lang == "en"
    assert s.selected == ("SI-052",)
    keys = [k for k, _ in parsed.notices]
    assert keys.count("notice.bad_param") == 4 and "notice.bad_lang" in keys
    params = {a["param"] for k, a in parsed.notices if k == "notice.bad_param"}
    assert params == {"indicator", "year", "mode", "sel"}


def test_year_without_data_is_reported_and_replaced(store):
    parsed = parse_query({"indicator": "unemployment_rate", "year": "1990"}, store)
    assert parsed.state.year in store.years("unemployment_rate")
    assert parsed.notices[0][0] == "notice.year_out_of_range"


def test_outdated_indicator_id_still_opens(store):
    parsed = parse_query({"indicator": "unemployment"}, store)
    assert parsed.state.indicator == "unemployment_rate" and parsed.notices == []


def test_click_toggles_and_caps_the_selection(store):
    s = default_state(store)
    s = s.toggle("SI-052").toggle("AT-61108")
    assert s.selected == ("SI-052", "AT-61108")
    assert s.toggle("SI-052").selected == ("AT-61108",)
    for code in store.partners():
        s = s.toggle(code) if code not in s.selected else s
    assert len(s.selected) == MAX_SELECTED


def test_default_year_is_the_latest_most_partners_have(store):
    s = default_state(store, "employment_rate")
    assert s.year == 2023 and s.start < s.year


def test_view_ranks_follow_direction_and_name_missing_places(store):
    s = default_state(store, "unemployment_rate").with_(year=2016)
    v = build_view(store, s)
    lowest = min((v.display[p], p) for p in v.ranks)[1]
    assert v.ranks[lowest] == 1  # lower unemployment is better
    # Fürstenfeld has no comparable census values: missing, with no latest year
    assert math.isnan(v.display["AT-62280"]) and v.latest["AT-62280"] is None


def test_index_mode_is_100_times_ratio_to_start(store):
    s = default_state(store, "population").with_(mode="index", year=2025, start=2015)
    v = build_view(store, s)
    k25 = store.value("population", "SI-052", 2025)
    k15 = store.value("population", "SI-052", 2015)
    assert v.display["SI-052"] == pytest.approx(k25 / k15 * 100)


def test_scope_and_level_choose_the_places(store):
    s = default_state(store)
    assert len(shown_places(store, s)) == 16
    assert len(shown_places(store, s.with_(scope="all"))) == 185
    assert shown_places(store, s.with_(level="regions")) == ["SI042", "SI032", "AT223", "AT224"]


def test_changing_indicator_keeps_years_valid(store):
    s = default_state(store, "population").with_(indicator="gdp_per_inhabitant")
    s = coerce(s, store)
    years = store.years("gdp_per_inhabitant")
    assert s.year in years and s.start in years and s.start < s.year


@pytest.mark.parametrize("indicator", ["population_change_rate", "natural_increase_rate", "net_migration_rate"])
def test_index_mode_is_refused_for_signed_indicators(store, indicator):
    """A rate that can be negative has no index to a base year: the URL falls back to values with a
    notice (no more "Fürstenfeld best (4,853.3)"), and switching the indicator does the same."""
    parsed = parse_query(f"?indicator={indicator}&mode=index&lang=de", store)
    assert parsed.state.mode == "value"
    assert [k for k, _ in parsed.notices] == ["notice.index_signed"]
    assert parsed.notices[0][1]["name"] == store.indicator(indicator)["name_de"]
    state = default_state(store, "population").with_(mode="index")
    assert coerce(state, store).mode == "index"
    assert coerce(state.with_(indicator=indicator), store).mode == "value"


def test_index_mode_stays_for_indicators_positive_by_nature(store):
    parsed = parse_query("?indicator=tertiary_share&mode=index", store)
    assert parsed.state.mode == "index" and not parsed.notices
