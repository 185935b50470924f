"""Explore coloured by municipality type (issue 13): the `colour` choice in the state and the
address (old links unchanged), its rule for regions, the map's groups and legend, and the `type`
column of the Explore CSV."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.comparability import one_scale
from dashboard.components.state import InvalidState
from dashboard.explore import export
from dashboard.explore.logic import build_view, coerce
from dashboard.explore.state import ExploreState, parse_query
from dashboard.figures.map import load_boundaries
from dashboard.i18n import LANGS, t
from dashboard.peers import place_types as Pt
from dashboard.peers import state as Ps
from dashboard.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_colour_round_trips_and_is_left_out_at_its_default(store):
    typed = parse_query("lang=de&indicator=employment_rate&colour=type&sel=SI-052", store)
    assert typed.notices == [] and typed.state.colour == "type"
    assert "colour=type" in typed.state.to_query()
    assert parse_query(typed.state.to_query(), store).state == typed.state
    plain = parse_query("lang=de&indicator=employment_rate", store).state
    assert plain.colour == "value" and "colour" not in plain.to_query()
    # a link written before the option existed reads the same and writes the same address
    old = "?lang=sl&indicator=tertiary_share&year=2023&start=2015&level=municipalities&scope=all&mode=change&ref=region"
    parsed = parse_query(old, store)
    assert parsed.notices == [] and parsed.state.colour == "value" and parsed.state.to_query() == old


def test_bad_colour_and_type_for_regions_fall_back_with_a_notice(store):
    bad = parse_query("colour=rainbow", store)
    assert bad.state.colour == "value"
    assert bad.notices == [("notice.bad_param", {"param": "colour", "value": "rainbow"})]
    regions = parse_query("level=regions&colour=type", store)
    assert regions.state.colour == "value" and regions.state.level == "regions"
    assert regions.notices == [("typology.notice.regions", {})]
    for lang in LANGS:
        assert t("typology.notice.regions", lang) != "typology.notice.regions"


def test_switching_to_regions_drops_the_type_colouring_and_crafted_values_are_refused(store):
    state = parse_query("colour=type", store).state
    assert coerce(state.with_(level="regions"), store).colour == "value"
    assert ExploreState.from_client(state.as_dict(), store) == state
    with pytest.raises(InvalidState):
        ExploreState.from_client({**state.as_dict(), "colour": "<script>"}, store)
    with pytest.raises(InvalidState):
        ExploreState.from_client({**state.as_dict(), "level": "regions"}, store)


def test_types_use_one_scale_indicators_and_match_the_peers_page(store):
    ty = Pt.default_typology(store)
    assert ty.k >= 3 and ty.indicators
    assert all(one_scale(store.indicator(i)["comparability_class"]) for i in ty.indicators)
    within = [i for i in Ps.peer_indicator_ids(store) if not one_scale(store.indicator(i)["comparability_class"])]
    assert within and not set(within) & set(ty.indicators)
    types = Pt.place_types(store, "de")
    assert set(types) == {c for c, g in ty.labels.items() if not pd.isna(g)}
    # the names differ by language, the groups do not
    en = Pt.place_types(store, "en")
    assert {c: g for c, (g, _) in en.items()} == {c: g for c, (g, _) in types.items()}
    assert types["SI-052"][1] != en["SI-052"][1]


def test_type_map_has_one_legend_entry_per_group_and_clicks_give_the_code(store):
    ty = Pt.default_typology(store)
    fig = Pt.explore_map(store, load_boundaries(), lang="sl", selected=("AT-61108",), geojson_url="/_geo/x")
    groups = [tr for tr in fig.data if tr.type == "choropleth" and tr.showlegend and tr.legendgroup == "values"]
    assert len(groups) == ty.k
    assert [tr.name.split(":")[0] for tr in groups] == [t("typology.label", "sl", g=g, name="").split(":")[0]
                                                      for g in range(1, ty.k + 1)]
    labels = Pt.labelled(store, "sl")
    for tr in groups:
        g = int(tr.name.split(":")[0].split()[-1])
        assert sorted(tr.locations) == sorted(c for c, (grp, _) in labels.items() if grp == g)
        assert [cd[0] for cd in tr.customdata] == list(tr.locations)
        assert all(cd[3] == labels[cd[0]][1] for cd in tr.customdata)
    assert len({tr.colorscale[0][1] for tr in groups}) == ty.k       # a colour per group
    assert any(tuple(tr.meta or ()) == ("AT-61108",) for tr in fig.data if tr.type == "scattergeo")  # selection


@pytest.mark.parametrize("lang", LANGS)
def test_explore_csv_has_the_type_of_each_municipality(store, lang):
    state = parse_query(f"lang={lang}&scope=all", store).state
    df = pd.read_csv(io.StringIO(export.displayed_csv(store, build_view(store, state)).lstrip("\ufeff")),
                     dtype={"place_code": str}, keep_default_na=False)
    types = Pt.place_types(store, lang)
    assert list(df.columns)[-3:] == ["type_group", "type", "source"]   # the source stays last
    for _, row in df.iterrows():
        g, name = types[row.place_code]
        assert int(row.type_group) == g and row.type == name
    regions = parse_query(f"lang={lang}&level=regions", store).state
    df = pd.read_csv(io.StringIO(export.displayed_csv(store, build_view(store, regions)).lstrip("\ufeff")),
                     keep_default_na=False)
    assert set(df["type"]) == {""}
