"""The comparability rule and the cross-border coverage count the Data page shows."""
from __future__ import annotations

import pytest

from dashboard import comparability as cmp
from dashboard.components import catalogue
from dashboard.store import load_store


def test_one_scale_and_groups():
    assert cmp.one_scale("comparable") and cmp.one_scale("caveat") and not cmp.one_scale("within_country")
    with pytest.raises(ValueError):
        cmp.one_scale("roughly")
    country = {"a": "SI", "b": "AT", "c": "SI"}
    assert cmp.scale_groups("caveat", ["a", "b", "c"], country) == {None: ["a", "b", "c"]}
    assert cmp.scale_groups("within_country", ["b", "a", "c"], country) == {"AT": ["b"], "SI": ["a", "c"]}


def test_common_window_is_the_longest_run_both_sides_have():
    assert cmp.common_window([2008, 2009, 2010, 2012, 2013], range(2000, 2030)) == (2008, 2010)
    assert cmp.common_window([2015, 2016, 2017, 2018], [2011, 2016, 2017, 2018, 2019]) == (2016, 2018)
    assert cmp.common_window([2001], [2002]) is None
    assert cmp.common_window([], [2002]) is None


def test_summary_counts_only_comparable_indicators_with_a_decade_on_both_sides():
    store = load_store()
    rows = {r["id"]: r for r in cmp.cross_border_summary(store)}
    assert set(rows) == set(store.indicator_ids())
    # population: both sides every year from 2008 on
    assert rows["population"]["counts"] and rows["population"]["window"][0] <= 2008
    # unemployment is within-country: never counted, whatever its years
    assert not rows["unemployment_rate"]["counts"]
    # a Slovenia-only indicator has no Austrian years and no window
    assert rows["dwellings_completed_per_1000"]["years"]["AT"] == [] and rows["dwellings_completed_per_1000"]["window"] is None
    for r in rows.values():
        if r["counts"]:
            w = r["window"]
            assert r["class"] != "within_country" and w[1] - w[0] + 1 >= cmp.MIN_WINDOW


def test_data_page_item_shows_class_and_years_per_country():
    store = load_store()
    summary = {r["id"]: r for r in cmp.cross_border_summary(store)}
    html = str(catalogue.item(store.indicator("tertiary_share"), "de", selected=False, link="/data",
                              summary=summary["tertiary_share"]))
    assert "nur innerhalb eines Landes" in html and "Jahre (Partnergemeinden)" in html and "SI " in html
    card = str(catalogue.comparability_card(store, "en"))
    n = sum(r["counts"] for r in summary.values())
    assert f"{n} of {len(summary)} indicators are comparable across the border" in card


def test_explore_view_ranks_and_summary_stay_within_each_country():
    from dashboard.explore.logic import build_view
    from dashboard.explore.state import default_state
    from dashboard.explore.summary import sentences

    store = load_store()
    state = default_state(store, "unemployment_rate").with_(year=2016, selected=("SI-052", "AT-61108"), lang="de")
    view = build_view(store, state)
    for country in ("SI", "AT"):
        ranks = sorted(r for p, r in view.ranks.items() if p.startswith(country))
        assert ranks and ranks[0] == 1, country
    text = " ".join(sentences(store, view))
    n_si = sum(1 for p in view.ranks if p.startswith("SI"))
    assert f"Slowenien (innerhalb des Landes gereiht)" in text and f"von {n_si}" in text
    assert "Österreich (innerhalb des Landes gereiht)" in text
    # difference to the partner mean uses the own country's partners only
    diff = build_view(store, state.with_(mode="difference", reference="partners"))
    si_mean, _ = store.partner_mean("unemployment_rate", 2016, "SI")
    kranj = store.value("unemployment_rate", "SI-052", 2016)
    assert diff.display["SI-052"] == pytest.approx(kranj - si_mean)
