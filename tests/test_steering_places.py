"""Steering by place set: all 16, one country's, one region's partners or a hand-picked list, in
the URL (validated) and in exactly the rows the matrix and its exports contain."""
from __future__ import annotations

import pytest

from dashboard.steering import export as X
from dashboard.steering.logic import build_matrix
from dashboard.steering.state import apply_controls, parse_query
from dashboard.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_region_country_and_list(store):
    gorenjska = [p for p in store.partners() if store.place(p)["region"] == "SI042"]
    p = parse_query("places=SI042&measure=change&start=2015", store)
    assert not p.notices and p.state.places == "SI042"
    m = build_matrix(store, p.state)
    assert list(m.rows) == gorenjska and len(gorenjska) == 4
    header, rows = X.wide_table(store, m)
    assert [r[0] for r in rows] == gorenjska  # the export holds exactly these rows
    assert "places=SI042" in p.state.to_query()
    at = build_matrix(store, parse_query("places=AT", store).state)
    assert {store.place(r)["country"] for r in at.rows} == {"AT"} and len(at.rows) == 8
    picked = parse_query("places=SI-052,AT-61108,zzz", store)
    assert picked.state.places == "SI-052,AT-61108" or set(picked.state.places.split(",")) == {"SI-052", "AT-61108"}
    assert ("notice.bad_param", {"param": "places", "value": "zzz"}) in picked.notices
    assert len(build_matrix(store, picked.state).rows) == 2


def test_standing_stays_among_all_sixteen(store):
    full = build_matrix(store, parse_query("", store).state)
    part = build_matrix(store, parse_query("places=SI042", store).state)
    for a, b in zip(full.columns, part.columns):
        for code in part.rows:
            assert a.standing.get(code) == b.standing.get(code)


def test_bad_and_default_place_sets(store):
    assert parse_query("places=nowhere", store).state.places == "all"
    assert "places" not in parse_query("places=all", store).state.to_query()
    everyone = ",".join(store.partners())
    assert parse_query(f"places={everyone}", store).state.places == "all"
    st = parse_query("", store).state
    assert apply_controls(st, store, places=["SI-052"]).places == "SI-052"
    assert apply_controls(st, store, places="AT224").places == "AT224"
    # the regions level has no place set: every region is a row
    assert len(build_matrix(store, parse_query("level=regions&places=SI042", store).state).rows) >= 4
