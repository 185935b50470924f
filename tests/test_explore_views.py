"""Explore view pieces as plain functions: map patches, ranking, series, summary, table, CSV."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from dashboard.explore import export, render
from dashboard.explore.logic import build_view
from dashboard.explore.state import default_state
from dashboard.explore.summary import ordinal, sentences
from dashboard.figures.map import apply_update, load_boundaries
from dashboard.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


@pytest.fixture(scope="module")
def geojson():
    return load_boundaries()


@pytest.mark.parametrize("before, after", [
    ({"indicator": "tertiary_share", "year": 2019}, {"indicator": "tertiary_share", "year": 2023, "selected": ("SI-052",)}),
    ({"indicator": "tertiary_share", "year": 2023}, {"indicator": "population", "year": 2025}),
    ({"indicator": "population", "year": 2025}, {"indicator": "employment_rate", "year": 2023, "level": "regions"}),
])
def test_year_and_indicator_changes_are_patches_equal_to_a_rebuild(store, geojson, before, after):
    s1 = default_state(store).with_(**before)
    s2 = default_state(store).with_(**after)
    assert render.map_structure_key(s1) == render.map_structure_key(s2)
    fig = json.loads(render.map_initial(store, geojson, s1, build_view(store, s1)).to_json())
    apply_update(fig, render.map_changes(store, geojson, s2, build_view(store, s2)))
    fresh = json.loads(render.map_initial(store, geojson, s2, build_view(store, s2)).to_json())
    assert json.loads(json.dumps(fig["data"])) == fresh["data"]


def test_map_never_carries_geometry(store, geojson):
    s = default_state(store)
    fig = render.map_initial(store, geojson, s, build_view(store, s))
    choropleths = [tr for tr in fig.data if tr.type == "choropleth"]
    assert choropleths and all(tr.geojson == render.GEOJSON_URL for tr in choropleths)
    # outlines of regions, partners and the border are sent once per page; polygons never
    assert len(fig.to_json()) < 200_000


def test_summary_names_best_and_selected_in_each_language(store):
    s = default_state(store, "employment_rate").with_(year=2023, selected=("SI-052", "AT-62280"))
    view = build_view(store, s)
    text = " ".join(sentences(store, view))
    best = min(view.ranks, key=view.ranks.get)
    assert store.place(best)["name_en"] in text
    assert f"Kranj ranks {ordinal(view.ranks['SI-052'], 'en')} of {len(view.ranks)}" in text
    assert "Fürstenfeld has no value for 2023" in text  # never silently an older value
    de = " ".join(sentences(store, build_view(store, s.with_(lang="de"))))
    assert "Kranj liegt auf Rang" in de and "," in de  # decimal comma


def test_ordinals():
    assert [ordinal(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"]
    assert ordinal(3, "sl") == "3." and ordinal(3, "de") == "3"  # "auf Rang 3 von 15", not "Rang 3. von 15"


def test_table_rows_match_the_view_and_keep_missing_places(store):
    s = default_state(store, "unemployment_rate").with_(year=2016)
    view = build_view(store, s)
    rows = export.table_rows(store, view)
    assert len(rows) == 16
    ranked = [r for r in rows if r["rank"] is not None]
    assert [r["rank"] for r in ranked] == sorted(r["rank"] for r in ranked)
    fuerstenfeld = next(r for r in rows if r["code"] == "AT-62280")
    assert fuerstenfeld["value"] is None and fuerstenfeld["note"] == "no data for this place"


def test_displayed_csv_carries_unit_year_and_source(store):
    s = default_state(store, "tertiary_share")
    df = pd.read_csv(io.StringIO(export.displayed_csv(store, build_view(store, s))), dtype={"place_code": str})
    assert len(df) == 16 and set(df.unit) == {"pct"} and set(df.year) == {s.year}
    kranj = df[df.place_code == "SI-052"].iloc[0]
    assert kranj.value == round(store.value("tertiary_share", "SI-052", s.year), 1)  # the indicator's decimals
    assert kranj.source.startswith("SURS")


def test_full_indicator_csv_has_every_observation(store):
    df = pd.read_csv(io.StringIO(export.indicator_csv(store, "population")))
    assert len(df) == len(store.series("population", list(store.places.index)))
    assert {"place", "place_name", "year", "value", "unit", "source"} <= set(df.columns)


def test_time_series_shows_regions_until_places_are_selected(store):
    s = default_state(store, "employment_rate")
    names = {tr.name for tr in render.timeseries(store, s).data}
    assert {"Gorenjska (Upper Carniola)", "Podravska"} <= names
    names = {tr.name for tr in render.timeseries(store, s.with_(selected=("SI-052",))).data}
    assert "Kranj" in names and "Podravska" not in names


def test_counts_are_indexed_in_the_time_series(store):
    s = default_state(store, "population")
    assert render.series_mode(store, s) == "index"
    assert render.series_mode(store, default_state(store, "employment_rate")) == "value"


@pytest.mark.parametrize("mode", ["value", "index", "change", "difference"])
def test_fast_built_figures_are_valid_plotly(store, mode):
    """Ranking and time series skip plotly's validation for speed: validate them here instead."""
    import plotly.graph_objects as go

    s = default_state(store, "tertiary_share").with_(mode=mode, selected=("SI-052", "AT-61108"))
    view = build_view(store, s)
    for fig in (render.ranking(store, s, view), render.timeseries(store, s)):
        go.Figure(fig.to_dict())  # raises on any property plotly does not know


# --------------------------------------------------------------------------- units, modes, breaks, missing


@pytest.mark.parametrize("lang, unit", [("en", "pp"), ("sl", "o. t."), ("de", "Pp.")])
def test_change_of_a_percentage_is_in_percentage_points_everywhere(store, lang, unit):
    """Summary, table header, CSV, chart title and ranking axis agree: pp, never %."""
    s = default_state(store, "tertiary_share", lang=lang).with_(mode="change")
    view = build_view(store, s)
    assert view.unit == "pp"
    text = " ".join(sentences(store, view))
    best = min(view.ranks, key=view.ranks.get)
    assert f"{unit})" in text and "%" not in text.split(".")[0]
    assert store.place(best)[f"name_{lang}"] in text
    title = render.chart_title(store, s)
    assert title.endswith({"en": "in percentage points", "sl": "v odstotnih točkah", "de": "in Prozentpunkten"}[lang])
    assert render.titles(store, s)["ranking"]["title"] == title  # the PNG carries the same title
    fig = render.ranking(store, s, view)
    assert fig.layout.xaxis.title.text.endswith(unit)
    df = pd.read_csv(io.StringIO(export.displayed_csv(store, view)))
    assert set(df.shown_unit) == {"pp"} and set(df.unit) == {"pct"}


def test_difference_of_a_percentage_is_in_percentage_points(store):
    s = default_state(store, "tertiary_share").with_(mode="difference")
    view = build_view(store, s)
    assert view.unit == "pp"
    assert "pp)" in " ".join(sentences(store, view))
    fig = render.ranking(store, s, view)
    hovers = [cd[3] for tr in fig.data if tr.customdata is not None for cd in tr.customdata if cd[3]]
    assert any(h.endswith("pp") for h in hovers) and not any(h.endswith("%") for h in hovers)
    assert render.chart_title(store, s).endswith("in percentage points")
    # value mode keeps the indicator's own unit
    value = build_view(store, s.with_(mode="value"))
    assert value.unit == "pct" and "pp" not in " ".join(sentences(store, value))
    df = pd.read_csv(io.StringIO(export.displayed_csv(store, value)))
    assert set(df.shown_unit) == {"pct"}


def test_no_change_across_a_break_in_series(store):
    """Gross earnings: Slovenia's series breaks in 2015, so 2010-2020 shows no change for the
    Slovenian partners, says why in the table, the ranking hover, the summary and the CSV."""
    s = default_state(store, "gross_earnings").with_(mode="change", start=2010, year=2020, selected=("SI-052",))
    view = build_view(store, s)
    si = [p for p in store.partners() if p.startswith("SI")]
    assert set(view.breaks) == set(si) and set(view.breaks.values()) == {2015}
    assert not set(si) & set(view.ranks)
    assert all(view.reasons[p]["kind"] == "break" for p in si)
    rows = {r["code"]: r for r in export.table_rows(store, view)}
    assert rows["SI-052"]["note"] == "no data: break in series (2015)" and rows["SI-052"]["change"] is None
    assert rows["SI-052"]["value"] is not None  # the level of 2020 is still shown
    assert "Kranj: nothing shown, its series has a break in 2015." in sentences(store, view)
    fig = render.ranking(store, s, view)
    texts = [x for tr in fig.data if tr.type == "scatter" and tr.mode == "text" for x in tr.text]
    assert any("break in series (2015)" in x for x in texts)
    df = pd.read_csv(io.StringIO(export.displayed_csv(store, view)), dtype={"place_code": str})
    kranj = df[df.place_code == "SI-052"].iloc[0]
    assert kranj.missing_reason == "break_in_series" and kranj.break_year == 2015 and pd.isna(kranj.shown_value)
    # the Slovenian country line is left out too, and a period after the break is fine
    assert "SI" not in {r["code"] for r in view.references}
    after = build_view(store, s.with_(start=2016))
    assert not after.breaks and set(si) & set(after.ranks)
    de = sentences(store, build_view(store, s.with_(lang="de")))
    assert any("Zeitreihenbruch" in x for x in de)


def test_not_published_is_told_apart_from_missing_for_this_place(store):
    s = default_state(store, "gross_earnings")
    view = build_view(store, s)
    at = [p for p in store.partners() if p.startswith("AT")]
    assert all(view.reasons[p]["kind"] == "not_published" for p in at)
    for lang, text in (("en", "not published for Austria"), ("de", "für Österreich nicht veröffentlicht"),
                       ("sl", "ni objavljeno za Avstrijo")):
        v = build_view(store, s.with_(lang=lang))
        rows = {r["code"]: r for r in export.table_rows(store, v)}
        assert rows["AT-61108"]["note"] == text
        assert any(x.lower().startswith(text.lower()) for x in sentences(store, v))
        fig = render.ranking(store, s.with_(lang=lang), v)
        assert any(text in x for tr in fig.data if tr.type == "scatter" and tr.mode == "text" for x in tr.text)
    df = pd.read_csv(io.StringIO(export.displayed_csv(store, view)), dtype={"place_code": str})
    assert set(df[df.place_code.isin(at)].missing_reason) == {"not_published"}
    # employment: Fürstenfeld has no value, the other Austrian towns do
    emp = build_view(store, default_state(store, "employment_rate"))
    assert emp.reasons["AT-62280"]["kind"] == "missing"


def test_old_values_are_marked_in_the_table(store):
    s = default_state(store, "unemployment_rate").with_(year=2016)
    rows = {r["code"]: r for r in export.table_rows(store, build_view(store, s))}
    assert rows["SI-052"]["note"] == "2016 · old"
    assert rows["SI-052"]["note_title"] == "Old: more than 3 years before the newest data of any place (2023)."
    rows = {r["code"]: r for r in export.table_rows(store, build_view(store, s.with_(year=2023, lang="de")))}
    assert rows["AT-61108"]["note"] == ""


def test_map_hover_says_why_a_place_has_no_value(store, geojson):
    s = default_state(store, "gross_earnings", lang="de").with_(mode="change", start=2010, year=2020)
    view = build_view(store, s)
    fig = render.map_initial(store, geojson, s, view)
    hover = {cd[0]: cd[4] for tr in fig.data if tr.customdata is not None for cd in tr.customdata}
    assert hover["SI-052"] == "keine Daten: Zeitreihenbruch (2015)"
    assert hover["AT-61108"] == "für Österreich nicht veröffentlicht"


@pytest.mark.parametrize("mode", ["value", "index", "change", "difference"])
def test_a_selected_place_outside_the_view_reads_the_value_the_larger_view_shows(store, mode):
    """The picker's line for a municipality selected on the map but not ranked (a non-partner in
    the partners view) gives what the view of every municipality shows for it, in each mode."""
    from dashboard.explore.logic import coerce, values_of

    state = coerce(default_state(store, "tertiary_share", "en").with_(mode=mode), store)
    every = build_view(store, state.with_(scope="all"))
    outside = [c for c in every.places if c not in store.partners()]
    assert len(outside) > 100
    got = values_of(store, state, outside)
    pd.testing.assert_series_equal(got, every.display.reindex(outside), check_names=False)
    assert got.notna().sum() > 40  # values, not only gaps (a difference needs the reference's value too)


@pytest.mark.parametrize("mode", ["value", "change"])
def test_a_counts_ranking_draws_no_total_beside_its_places(store, mode):
    """Population: Slovenia's and Styria's totals on the ranking's axis left every municipal bar a
    sliver (the axis ran to 2.4 million for bars up to 57,000). The partner mean stays; in index
    mode every territory is on one scale and the countries' lines are drawn."""
    s = default_state(store, "population").with_(mode=mode)
    view = build_view(store, s)
    fig = render.ranking(store, s, view)
    widest = max(abs(v) for v in view.display if v == v)
    lo, hi = fig.layout.xaxis.range
    assert hi - lo < 3 * widest, (lo, hi, widest)
    labels = " ".join(a.text for a in fig.layout.annotations)
    assert "Slovenia" not in labels and "Styria" not in labels
    if mode == "value":
        assert "partner mean" in labels
    index = s.with_(mode="index")
    labels = " ".join(a.text for a in render.ranking(store, index, build_view(store, index)).layout.annotations)
    assert "Slovenia" in labels
    # a rate keeps its countries' lines
    rate = default_state(store, "employment_rate")
    labels = " ".join(a.text for a in render.ranking(store, rate, build_view(store, rate)).layout.annotations)
    assert "Slovenia" in labels
