"""The query layer that reads the store for the figures (explore/logic.py, steering/logic.py),
checked against the shipped data: what the figure tests in test_figures.py take as hand-made input
is what these functions give the real figures.
"""
from __future__ import annotations

import json
import math

import plotly
import pytest

from dashboard.explore import logic as Q
from dashboard.figures.map import (apply_update, load_boundaries, map_figure, map_update, plotly_geojson,
                                   representative_points, trace_indices, map_classes)
from dashboard.figures.ranking import ranking_figure
from dashboard.store import load_store

IDX = trace_indices()


@pytest.fixture(scope="module")
def store():
    return load_store()


@pytest.fixture(scope="module")
def geo():
    return load_boundaries()


def plain(obj):
    return json.loads(json.dumps(obj, cls=plotly.utils.PlotlyJSONEncoder))


def test_place_table_names_contexts_and_flags_in_the_language(store):
    de = Q.place_table(store, lang="de")
    assert set(de) == set(store.place_codes())
    kranj = de["SI-052"]
    assert kranj == {"name": "Kranj", "context": "Gorenjska (Oberkrain)", "level": "municipality",
                     "region": "SI042", "country": "SI", "partner": True}
    assert de["SI"]["name"] == "Slowenien" and de["AT"]["name"] == "Österreich"
    assert de["SI042"]["context"] == "Slowenien"
    assert Q.place_table(store, ["SI"], "en") == {"SI": {"name": "Slovenia", "context": "", "level": "country",
                                                          "region": "", "country": "SI", "partner": False}}
    assert Q.region_names(store, "en")["SI042"] == "Gorenjska (Upper Carniola)"


def test_map_inputs_carry_the_16_partners_and_the_indicator_row(store):
    inputs = Q.map_inputs(store, "unemployment_rate", "de")
    assert len(inputs["partners"]) == 16 and inputs["partners"] == store.partners()
    assert inputs["meta"] == store.indicator("unemployment_rate")
    assert inputs["meta"]["comparability_class"] == "within_country"
    assert not store.one_scale("unemployment_rate")


def test_map_values_cover_the_layer_and_subtract_the_reference(store):
    population = Q.map_values(store, "population", 2024)
    assert population.notna().sum() == 185
    values = Q.map_values(store, "natural_increase_rate", 2023, mode="difference", reference="SI")
    si = store.value("natural_increase_rate", "SI", 2023)
    kranj = store.value("natural_increase_rate", "SI-052", 2023)
    assert values["SI-052"] == pytest.approx(kranj - si)


def test_shipped_boundaries_have_every_place_and_points_inside(geo):
    from dashboard.figures.map import _point_in
    assert len(plotly_geojson(geo)["features"]) == 189
    points = representative_points(geo)
    for f in geo["features"]:
        if f["properties"]["level"] != "municipality":
            continue
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        x, y = points[f["properties"]["code"]]
        assert any(_point_in(rings, x, y) for rings in polys), f["properties"]["code"]


def test_shipped_within_country_map_has_two_scales(store, geo):
    values = Q.map_values(store, "unemployment_rate", 2016)
    fig = map_figure(geo, values, year=2016, lang="de", **Q.map_inputs(store, "unemployment_rate", "de"))
    members = map_classes(fig)
    si = [c for i in IDX["classes"] for c in members[i]]
    at = [c for i in IDX["classes_b"] for c in members[i]]
    assert si and at and all(c.startswith("SI") for c in si) and all(c.startswith("AT") for c in at)
    at_vals = values[[c for c in values.index if c.startswith("AT")]].dropna()
    si_vals = values[[c for c in values.index if c.startswith("SI")]].dropna()
    assert at_vals.max() < si_vals.max()
    partners = fig.data[IDX["partners"]]
    assert sorted(partners.meta) == sorted(store.partners())


def test_shipped_map_update_equals_a_rebuilt_map_for_another_year(store, geo):
    kwargs = dict(**Q.map_inputs(store, "natural_increase_rate", "sl"), lang="sl", selected=["SI-052"])
    codes = store.place_codes(level="municipality")
    old = map_figure(geo, Q.map_values(store, "natural_increase_rate", 2010), year=2010,
                     ranks=store.rank("natural_increase_rate", 2010, codes), **kwargs)
    values = Q.map_values(store, "natural_increase_rate", 2023)
    ranks = store.rank("natural_increase_rate", 2023, codes)
    new = map_figure(geo, values, year=2023, ranks=ranks, **kwargs)
    patched = plain(old.to_plotly_json())
    apply_update(patched, {k: plain(v) for k, v in map_update(geo, values, year=2023, ranks=ranks, **kwargs).items()})
    assert patched == plain(new.to_plotly_json())


def test_ranking_references_name_countries_regions_and_the_partner_mean(store):
    partners = store.partners()
    refs = Q.ranking_references(store, "employment_rate", 2021, partners, "de")
    assert {"country", "region", "partners"} <= {r["kind"] for r in refs}
    assert {"label": "Slowenien", "value": store.value("employment_rate", "SI", 2021), "kind": "country",
            "code": "SI"} in refs
    # a within-country indicator has no mean over two definitions
    assert not any(r["kind"] == "partners" for r in Q.ranking_references(store, "tertiary_share", 2021, partners, "en"))


def test_ranking_frame_from_the_store(store):
    partners = store.partners()
    df = Q.ranking_frame(store, "employment_rate", 2021, partners, "de")
    assert list(df.index) == partners and df.attrs["year"] == 2021
    assert df.at["SI-052", "name"] == "Kranj" and df.at["SI-052", "context"] == "Gorenjska (Oberkrain)"
    assert df["group"].isna().all()        # one scale: one ranking
    missing = [c for c in partners if math.isnan(df.at[c, "value"])]
    assert missing
    latest = store.latest_year("employment_rate", missing)
    for c in missing:   # the year shown for a place without a value ("no data (latest: 2019)")
        got = df.at[c, "latest_year"]
        assert got == latest[c] or (latest[c] is None and (got is None or got != got))
    # a within-country indicator: one group per country, each ranked from 1
    un = Q.ranking_frame(store, "unemployment_rate", 2016, partners, "de")
    assert set(un["group"]) == {"SI", "AT"}
    for country in ("SI", "AT"):
        assert un.loc[un["group"] == country, "rank"].min() == 1
    change = Q.ranking_frame(store, "employment_rate", None, partners, "en", by="change", period=(2015, 2021))
    assert change.attrs["year"] == 2021
    fig = ranking_figure(un, meta=store.indicator("unemployment_rate"), lang="de", references=[],
                         place_info=Q.place_table(store, lang="de"))
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    assert "Slowenien" in ticks["__group_SI"]


def test_partner_mean_series_only_in_fully_covered_years(store):
    pm = Q.partner_mean_series(store, "employment_rate")
    assert list(pm.columns) == ["year", "value"] and len(pm)
    counts = {y: store.partner_mean("employment_rate", y)[1] for y in store.years("employment_rate")}
    full = max(counts.values())
    assert all(counts[y] == full for y in pm["year"])
