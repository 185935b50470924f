"""The Explore figures as plain functions: what a reader of the map, ranking and time series sees.

Every figure here is built from small hand-made frames, place tables and indicator rows
(tests/synthetic.py), never from the store or the shipped data: a data release cannot break them.
The query layer that builds these inputs from the shipped data is tested in test_figure_inputs.py.
"""
from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import plotly
import pytest

import synthetic as S
from dashboard.figures import classes as C
from dashboard.figures.map import (GRAPH_CONFIG, MAX_CIRCLE_PX, TOPOJSON_RESOLUTION, TOPOJSON_SCOPE,
                                   STAND_IN, apply_update, map_classes, map_figure, map_update, plotly_geojson,
                                   representative_points, trace_indices, with_export_title)
from dashboard.figures.palette import REGION_COLOURS, SELECTION_COLOUR
from dashboard.figures.ranking import ranking_figure, ranking_height
from dashboard.figures.timeseries import MARKERS, default_base_year, timeseries_figure
from dashboard.i18n import t
from dashboard.paths import ROOT

NBSP = "\u00a0"
IDX = trace_indices()


@pytest.fixture(scope="module")
def geo():
    return S.geojson()


def plain(obj):
    """Plotly objects and numpy arrays as plain JSON values, for comparing like with like."""
    return json.loads(json.dumps(obj, cls=plotly.utils.PlotlyJSONEncoder))


def plain_update(update):
    return {key: plain(attrs) for key, attrs in update.items()}


# --------------------------------------------------------------------------- classes


def test_quantile_breaks_put_the_same_number_of_places_in_each_class():
    values = list(range(1, 11))
    breaks = C.quantile_breaks(values, 5, decimals=1)
    assert breaks == [1.0, 2.8, 4.6, 6.4, 8.2, 10.0]
    counts = np.bincount([C.classify(v, breaks) for v in values], minlength=5)
    assert counts.tolist() == [2, 2, 2, 2, 2]


@pytest.mark.parametrize("values,expected", [
    ([0.3, 1.2, 7.9, 12.4], [0.0, 2.5, 5.0, 7.5, 10.0, 12.5]),
    ([3.1, 4.2, 5.5, 6.6, 7.7, 9.8], [2.0, 4.0, 6.0, 8.0, 10.0]),
    (np.linspace(0, 100, 11), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]),
    ([1234, 5678, 9999], [0.0, 2000.0, 4000.0, 6000.0, 8000.0, 10000.0]),
])
def test_nice_breaks_use_round_equal_steps(values, expected):
    breaks = C.nice_breaks(values, 5)
    assert breaks == expected
    steps = {round(b - a, 9) for a, b in zip(breaks[:-1], breaks[1:])}
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 9) in (1.0, 2.0, 2.5, 5.0)
    assert breaks[0] <= min(values) and breaks[-1] >= max(values)


@pytest.mark.parametrize("k", [5, 6])
@pytest.mark.parametrize("center", [0.0, 10.0])
def test_diverging_breaks_are_symmetric_around_the_centre(k, center):
    values = [center - 3, center + 1.2, center + 2.4]
    breaks = C.diverging_breaks(values, center, k, decimals=1)
    assert len(breaks) == k + 1
    for a, b in zip(breaks, reversed(breaks)):
        assert a - center == pytest.approx(center - b)
    if k % 2:   # an odd number of classes has a middle class "about the same"
        mid = breaks[k // 2], breaks[k // 2 + 1]
        assert mid[0] < center < mid[1]
    else:
        assert breaks[k // 2] == pytest.approx(center)
    assert breaks[0] <= min(values) and breaks[-1] >= max(values)


def test_diverging_limits_are_printable_with_the_shown_decimals():
    # With 5 classes the limits sit at half steps; they must still print exactly with 1 decimal.
    breaks = C.diverging_breaks([0.0, 0.0], 0, 5, decimals=1)
    assert all(round(b, 1) == pytest.approx(b) for b in breaks)
    labels = C.class_labels(breaks, 1, "en")
    assert len(set(labels)) == 5


def test_one_outlier_does_not_flatten_the_diverging_scale():
    values = list(np.linspace(-4, 4, 40)) + [60.0]
    breaks = C.diverging_breaks(values, 0, 6, decimals=1)
    assert breaks[-1] < 60            # the outlier goes to the (open) end class
    assert C.classify(60.0, breaks) == 5
    assert len({C.classify(v, breaks) for v in values}) >= 4   # not all squeezed into the middle


def test_degenerate_inputs_never_fail():
    nan = float("nan")
    assert C.quantile_breaks([nan, nan]) == [] and C.nice_breaks([]) == [] and C.diverging_breaks([nan], 0) == []
    assert C.choose_breaks([nan, None]) == ([], "none")
    assert C.classify(3.0, []) is None
    # one distinct value: one class, labelled as that value
    one = C.quantile_breaks([7.5, 7.5, 7.5], 5, decimals=1)
    assert one == [7.5, 7.5] and C.classify(7.5, one) == 0
    assert C.class_labels(one, 1, "de", "%") == [f"7,5{NBSP}%"]
    assert C.nice_breaks([3, 3]) == [3.0, 3.0]
    # two distinct values: two classes, one value in each
    two = C.quantile_breaks([1, 1, 1, 2, 2], 5, decimals=1)
    assert C.n_classes(two) == 2 and C.classify(1, two) == 0 and C.classify(2, two) == 1
    # fewer values than classes: fewer classes, every value its own
    few = C.quantile_breaks([1, 5, 9], 5, decimals=0)
    assert C.n_classes(few) == 3 and sorted({C.classify(v, few) for v in (1, 5, 9)}) == [0, 1, 2]


def test_classify_limits_missing_and_outside_values():
    breaks = [0, 1, 2]
    assert [C.classify(v, breaks) for v in (0, 0.5, 1, 1.5, 2)] == [0, 0, 1, 1, 1]
    assert C.classify(-5, breaks) == 0 and C.classify(9, breaks) == 1
    for missing in (None, float("nan"), np.nan, "n/a"):
        assert C.classify(missing, breaks) is None


def test_class_labels_are_formatted_per_language():
    breaks = [1234.5, 2000, 3000.25]
    assert C.class_labels(breaks, 1, "de", "%") == [f"1.234,5–2.000,0{NBSP}%", f"2.000,0–3.000,3{NBSP}%"]
    assert C.class_labels(breaks, 1, "sl", "EUR") == [f"1.234,5–2.000,0{NBSP}EUR", f"2.000,0–3.000,3{NBSP}EUR"]
    assert C.class_labels(breaks, 1, "en", "%") == ["1,234.5–2,000.0%", "2,000.0–3,000.3%"]
    neg = C.class_labels([-5, -3, 0, 3], 0, "en")
    assert neg == ["\u22125 – \u22123", "\u22123 – 0", "0–3"]   # real minus, spaced dash between negatives
    assert C.class_labels([0, 10, 20, 30], 0, "de", open_ends=True) == [f"<{NBSP}10", "10–20", f"≥{NBSP}20"]


def test_choose_breaks_picks_a_strategy_by_the_data():
    skewed = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 250]
    assert C.choose_breaks(skewed)[1] == "quantile"
    assert C.choose_breaks(np.linspace(10, 50, 30))[1] == "nice"
    assert C.choose_breaks([1, 2, 1, 2])[1] == "quantile"          # few distinct values
    assert C.choose_breaks([-2, 3], mode="difference")[1] == "diverging"


def test_palettes_are_distinct_and_no_data_is_not_a_class_colour():
    for n in range(1, 8):
        seq, div = C.class_colours(n), C.class_colours(n, diverging=True)
        assert len(seq) == n == len(set(seq)) and len(div) == n == len(set(div))
        assert C.NO_DATA_COLOUR not in seq + div
    assert C.class_colours(5) == ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]


# --------------------------------------------------------------------------- map


def _class_traces(fig):
    return [fig.data[i] for i in IDX["classes"]]


def _coloured(fig, slots=IDX["classes"]):
    """The places the map fills with the colours of these legend entries."""
    members = map_classes(fig)
    return [c for i in slots for c in members[i]]


EMPLOYMENT_2021 = [66.2, 61.4, 70.1, 58.3, 63.7, 72.5, 68.9, 74.0, 60.2]


def test_no_data_places_go_to_the_grey_trace_never_to_a_colour_class(geo):
    municipalities = S.MUNIS
    values = pd.Series(np.arange(len(municipalities), dtype=float), index=municipalities)
    empty = municipalities[::7]
    values[empty] = np.nan
    fig = map_figure(geo, values, year=2021, **S.map_kwargs(S.EMPLOYMENT, "en"))
    no_data = fig.data[IDX["no_data"]]
    assert sorted(map_classes(fig)[IDX["no_data"]]) == sorted(empty)
    assert no_data.name == "no data" and list(no_data.locations) == [STAND_IN]  # in the legend
    coloured = _coloured(fig)
    assert not set(coloured) & set(empty)
    assert sorted(coloured) == sorted(set(municipalities) - set(empty))
    # a place missing from `values` is shown as no data too, not left out of the map
    fig2 = map_figure(geo, values.drop(municipalities[:3]), year=2021, **S.map_kwargs(S.EMPLOYMENT, "en"))
    assert set(municipalities[:3]) <= set(map_classes(fig2)[IDX["no_data"]])
    # with every place in a class the legend has no "no data" entry
    full = map_figure(geo, values.fillna(1.0), year=2021, **S.map_kwargs(S.EMPLOYMENT, "en"))
    assert not list(full.data[IDX["no_data"]].locations)


def test_each_place_is_filled_with_its_legend_entrys_colour_and_outline(geo):
    """One fill trace draws every place: its stepped colour scale gives each place exactly the
    colour of the legend entry whose class holds it, on both scales of a within-country indicator."""
    for meta, raw in ((S.EMPLOYMENT, EMPLOYMENT_2021), (S.UNEMPLOYMENT, UNEMPLOYMENT_2016)):
        values = S.values(raw)
        values.iloc[2] = np.nan
        fig = map_figure(geo, values, year=2021, **S.map_kwargs(meta, "en"))
        fill = fig.data[IDX["fill"]]
        stops = dict((round(z * 2 * len(IDX["classes"])), colour) for z, colour in fill.colorscale)
        assert fill.zmin == 0 and fill.zmax == 2 * len(IDX["classes"]) and fill.showlegend is False
        swatch = {i: fig.data[i].colorscale[0][1] for i in map_classes(fig)}
        line = dict(zip(fill.locations, fill.marker.line.color))
        for i, codes in map_classes(fig).items():
            assert codes == [] or fig.data[i].showlegend is not False  # a filled class is in the legend
            for code in codes:
                z = list(fill.z)[list(fill.locations).index(code)]
                assert stops[z] == swatch[i], (code, i)
                assert line[code] == fig.data[i].marker.line.color
        # an entry is in the legend when its colour fills a place, and only then
        for i, codes in map_classes(fig).items():
            assert (list(fig.data[i].locations or []) == [STAND_IN]) == bool(codes), (i, codes)
        # the legend entries draw nothing and never hover
        for i in swatch:
            assert fig.data[i].hoverinfo == "skip" and set(fig.data[i].locations or []) <= {STAND_IN}


def test_map_legend_and_labels_come_from_the_german_catalogue(geo):
    values = S.values(EMPLOYMENT_2021)
    fig = map_figure(geo, values, year=2021, **S.map_kwargs(S.EMPLOYMENT, "de"))
    names = {tr.name for tr in fig.data if tr.showlegend}
    expected_context = {t(k, "de") for k in ("no_data", "map.partner", "map.region_boundary",
                                             "map.border", "map.selected")}
    class_names = {tr.name for tr in _class_traces(fig) if tr.showlegend}
    assert class_names
    assert names - class_names <= expected_context
    assert "keine Daten" in names and "Partnergemeinde" in names and "Staatsgrenze" in names
    for name in class_names:   # "10,0–20,0 %": German decimal comma, no English number
        assert "," in name and "." not in name.replace("1.000", "") and name.endswith(f"{NBSP}%")
    assert fig.layout.separators == ",."
    en = map_figure(geo, values, year=2021, **S.map_kwargs(S.EMPLOYMENT, "en"))
    assert {tr.name for tr in _class_traces(en) if tr.showlegend} == {
        n.replace(",", ".").replace(f"{NBSP}%", "%") for n in class_names}


def test_the_partner_outline_holds_exactly_the_partners(geo):
    fig = map_figure(geo, S.values(range(9)), year=2024, **S.map_kwargs(S.DENSITY, "en"))
    partners = S.PARTNERS
    outline = fig.data[IDX["partners"]]
    assert sorted(outline.meta) == sorted(partners)
    assert outline.name == "partner municipality" and outline.hoverinfo == "skip"
    rings = sum(1 for p in outline.lon if p is None) + 1
    expected = sum(len(f["geometry"]["coordinates"]) if f["geometry"]["type"] == "Polygon"
                   else sum(len(p) for p in f["geometry"]["coordinates"])
                   for f in geo["features"] if f["properties"]["code"] in partners)
    assert rings == expected


def test_selected_places_are_outlined_in_the_highlight_colour(geo):
    fig = map_figure(geo, S.values(range(9)), year=2024, selected=["SI-052", "AT-61108", "XX-000"],
                     **S.map_kwargs(S.DENSITY, "en"))
    sel = fig.data[IDX["selection"]]
    assert list(sel.meta) == ["SI-052", "AT-61108"]     # unknown codes are ignored
    assert sel.line.color == SELECTION_COLOUR and sel.line.width > fig.data[IDX["partners"]].line.width
    assert len(sel.lon) > 10
    none = map_figure(geo, S.values(range(9)), year=2024, **S.map_kwargs(S.DENSITY, "en"))
    assert not none.data[IDX["selection"]].lon


def test_counts_are_drawn_as_circles_not_as_a_choropleth(geo):
    values = S.values([55000, 12800, 8100, 96000, 23000, 24500, 6000, 11000, 9300])
    fig = map_figure(geo, values, year=2024, **S.map_kwargs(S.POPULATION, "en"))
    circles = fig.data[IDX["circles"]]
    assert circles.type == "scattergeo" and circles.marker.sizemode == "area"
    assert len(circles.lon) == values.notna().sum() == len(S.MUNIS)
    assert circles.marker.sizeref == pytest.approx(2 * values.max() / MAX_CIRCLE_PX ** 2)
    assert max(circles.marker.size) == values.max()
    assert circles.showlegend and "Population" in circles.name
    assert not any(tr.showlegend for tr in _class_traces(fig))        # no colour classes
    assert len(set(tuple(tr.colorscale[0]) for tr in _class_traces(fig))) == 1
    # the circles sit inside their municipality
    points = representative_points(geo)
    code = circles.customdata[0][0]
    assert (circles.lon[0], circles.lat[0]) == points[code]


def test_representative_points_lie_inside_their_polygon(geo):
    from dashboard.figures.map import _point_in
    # an L-shaped place, whose centroid lies outside it
    ell = {"type": "Feature", "properties": {"code": "XX-L", "level": "municipality"},
           "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [3, 0], [3, 1], [1, 1], [1, 3], [0, 3], [0, 0]]]}}
    geo = {"type": "FeatureCollection", "features": [*geo["features"], ell]}
    points = representative_points(geo)
    for f in geo["features"]:
        if f["properties"]["level"] != "municipality":
            continue
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        x, y = points[f["properties"]["code"]]
        assert any(_point_in(rings, x, y) for rings in polys), f["properties"]["code"]


def test_difference_mode_is_diverging_around_zero_and_names_the_reference(geo):
    values = S.values([-3.1, 1.2, 0.4, -0.8, 2.5, -1.9, 0.0, 3.3, -2.2])   # natural increase minus Slovenia's
    fig = map_figure(geo, values, year=2023, mode="difference", reference="SI",
                     **S.map_kwargs(S.NATURAL_INCREASE, "de"))
    title = fig.data[IDX["classes"][0]].legendgrouptitle.text
    assert "Slowenien 2023" in title and title.startswith("Differenz")
    # said once, over the classes: not again over "no data"
    gappy = map_figure(geo, values.mask(values > 2), year=2023, mode="difference", reference="SI",
                       **S.map_kwargs(S.NATURAL_INCREASE, "de"))
    assert list(gappy.data[IDX["no_data"]].locations) == [STAND_IN]
    assert not gappy.data[IDX["no_data"]].legendgrouptitle.text
    assert gappy.data[IDX["classes"][0]].legendgrouptitle.text == title
    # nobody has a value: the title stands over "no data"
    empty = map_figure(geo, values * np.nan, year=2023, mode="difference", reference="SI",
                       **S.map_kwargs(S.NATURAL_INCREASE, "de"))
    assert empty.data[IDX["no_data"]].legendgrouptitle.text == title
    colours = [tr.colorscale[0][1] for tr in _class_traces(fig) if tr.showlegend]
    assert colours == list(C.DIVERGING[6])
    # a lower-is-better indicator keeps "better" on the purple side
    un = map_figure(geo, values * 0 + 1, year=2023, mode="difference", reference="SI",
                    **S.map_kwargs(S.UNEMPLOYMENT, "de"))
    assert [tr.colorscale[0][1] for tr in _class_traces(un) if tr.showlegend][0] == C.DIVERGING[6][-1] or \
        not any(tr.showlegend for tr in _class_traces(un))


def test_hover_shows_name_region_value_year_and_rank_and_clicks_carry_the_code(geo):
    values = S.values(EMPLOYMENT_2021)
    ranks = {"AT-62139": 1, "AT-61108": 2, "SI-052": 3, "SI-041": 4, "SI-070": 5}
    fig = map_figure(geo, values, year=2021, ranks=ranks, **S.map_kwargs(S.EMPLOYMENT, "de"))
    rows = {cd[0]: cd for cd in fig.data[IDX["fill"]].customdata}
    kranj = rows["SI-052"]
    assert kranj[1] == "Kranj" and kranj[2] == "Gorenjska (Oberkrain)"
    assert kranj[3] == f"{values['SI-052']:.1f}".replace(".", ",") + f"{NBSP}%"
    assert kranj[4] == f"2021 · Rang {ranks['SI-052']} von {len(ranks)}"
    fill = fig.data[IDX["fill"]]
    assert fill.hovertemplate.endswith("<extra></extra>")
    assert list(fill.locations) == [cd[0] for cd in fill.customdata] and len(fill.locations) == len(S.MUNIS)
    for i in (IDX["regions"], IDX["partners"], IDX["selection"], IDX["border"]):
        assert fig.data[i].hoverinfo == "skip"
    assert fig.layout.clickmode == "event"


def _ranks(values: pd.Series, ascending=False) -> dict:
    return values.dropna().rank(method="min", ascending=ascending).astype(int).to_dict()


def test_map_update_equals_a_rebuilt_map_for_another_year(geo):
    kwargs = dict(**S.map_kwargs(S.NATURAL_INCREASE, "sl"), selected=["SI-052"])
    v2010 = S.values([1.2, -0.4, 2.2, None, 0.3, -2.5, -3.1, 0.8, 1.9])
    old = map_figure(geo, v2010, year=2010, ranks=_ranks(v2010), **kwargs)
    values = S.values([-1.5, -2.8, 0.6, -4.0, -0.2, None, -5.3, -1.1, 0.4])
    ranks = _ranks(values)
    new = map_figure(geo, values, year=2023, ranks=ranks, **kwargs)
    update = map_update(geo, values, year=2023, ranks=ranks, **kwargs)
    assert set(update) <= set(range(len(old.data)))
    patched = plain(old.to_plotly_json())
    apply_update(patched, plain_update(update))
    assert patched == plain(new.to_plotly_json())
    assert len(old.data) == len(new.data) == trace_indices()["fill"] + 1


def test_map_update_for_counts_and_with_a_geojson_url(geo):
    kwargs = dict(**S.map_kwargs(S.POPULATION, "en"), geojson_url="/boundaries.json")
    old = map_figure(geo, S.values([51000, 13500, 8000, 95000, 22000, 26000, None, 10500, 9000]), year=2005,
                     **kwargs)
    values = S.values([55000, 12800, 8100, 96000, 23000, 24500, 6000, 11000, 9300])
    new = map_figure(geo, values, year=2024, **kwargs)
    update = map_update(geo, values, year=2024, **kwargs)
    assert all("geojson" not in attrs for attrs in update.values())   # the browser has the geometry
    patched = plain(old.to_plotly_json())
    apply_update(patched, plain_update(update))
    assert patched == plain(new.to_plotly_json())
    assert new.data[IDX["no_data"]].geojson == "/boundaries.json"


def test_regions_can_be_mapped_instead_of_municipalities(geo):
    values = pd.Series({"SI042": 1.0, "SI032": 2.0, "AT223": 3.0, "AT224": np.nan})
    fig = map_figure(geo, values, year=2021, **S.map_kwargs(S.EMPLOYMENT, "en"))
    assert sorted(_coloured(fig)) == ["AT223", "SI032", "SI042"]
    assert map_classes(fig)[IDX["no_data"]] == ["AT224"]
    # three distinct values, three classes, each labelled with its value
    assert [tr.name for tr in _class_traces(fig) if tr.showlegend] == ["1.0%", "2.0%", "3.0%"]


def test_map_geometry_is_wound_for_plotly_and_fitted_without_a_base_map(geo):
    fig = map_figure(geo, S.values(range(9)), year=2024, **S.map_kwargs(S.DENSITY, "en"))
    feature = fig.data[IDX["fill"]].geojson["features"][0]
    ring = feature["geometry"]["coordinates"][0] if feature["geometry"]["type"] == "Polygon" \
        else feature["geometry"]["coordinates"][0][0]
    area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]))
    assert area < 0                                   # clockwise for d3-geo
    assert fig.layout.geo.fitbounds == "locations" and fig.layout.geo.visible is False
    assert fig.layout.geo.projection.type == "mercator"
    assert len(plotly_geojson(geo)["features"]) == len(S.MUNIS) + len(S.REGIONS)
    assert feature["properties"]["code"] in fig.data[IDX["fill"]].locations


def test_the_topojson_plotly_asks_for_is_shipped():
    name = f"{TOPOJSON_SCOPE}_{TOPOJSON_RESOLUTION}m.json"
    assert GRAPH_CONFIG["topojsonURL"] == "/assets/topojson/"
    assert GRAPH_CONFIG["displaylogo"] is False
    assert GRAPH_CONFIG["toImageButtonOptions"]["filename"]
    path = ROOT / "assets" / "topojson" / name
    assert path.is_file()
    assert json.loads(path.read_text(encoding="utf-8"))["type"] == "Topology"


def test_export_title_adds_title_and_source_without_touching_the_screen_figure(geo):
    fig = map_figure(geo, S.values(range(9)), year=2024, **S.map_kwargs(S.DENSITY, "en"))
    out = with_export_title(fig, "Population density 2024", "Source: SURS, Statistik Austria")
    assert "Population density 2024" in out.layout.title.text
    assert out.layout.title.subtitle.text == "Source: SURS, Statistik Austria"
    assert out.layout.height > fig.layout.height and out.layout.margin.t > fig.layout.margin.t
    assert not fig.layout.title.text


# --------------------------------------------------------------------------- ranking


def _order(fig):
    """The places top to bottom (without the country headers of a within-country ranking)."""
    return [c for c in fig.layout.yaxis.categoryarray if not str(c).startswith("__group_")]


def _frame_of(values: dict, lang: str = "en", *, by_country: bool = False, direction: str = "higher_better",
              latest: dict | None = None) -> pd.DataFrame:
    """A `ranking_frame` by hand: the synthetic places' names, regions, contexts and partner flags,
    ranks per group (one group, or one per country for a within-country indicator)."""
    info = S.place_info(lang)
    codes = list(values)
    df = pd.DataFrame({
        "value": [np.nan if values[c] is None else float(values[c]) for c in codes],
        "name": [info[c]["name"] for c in codes],
        "region": [info[c]["region"] for c in codes],
        "context": [info[c]["context"] for c in codes],
        "partner": [info[c]["partner"] for c in codes],
        "latest_year": [(latest or {}).get(c) for c in codes],
        "group": [c[:2] if by_country else None for c in codes],
    }, index=pd.Index(codes, name="place"))
    ranks = {}
    for _, g in df.groupby(df["group"].fillna("")):
        ranks.update(_ranks(g["value"], ascending=direction == "lower_better"))
    df["rank"] = [ranks.get(c) for c in codes]
    return df


@pytest.mark.parametrize("direction,expected", [
    ("lower_better", ["b", "a", "c"]),
    ("higher_better", ["c", "a", "b"]),
])
def test_ranking_is_best_first_by_direction(direction, expected):
    df = pd.DataFrame({"value": [5.0, 3.0, 7.0], "name": ["A", "B", "C"], "region": ["SI042", "SI032", "AT223"]},
                      index=["a", "b", "c"])
    meta = {"id": "x", "unit": "pct", "decimals": 1, "direction": direction, "kind": "ratio", "name_en": "X"}
    fig = ranking_figure(df, meta=meta, lang="en", references=[])
    assert _order(fig) == expected
    assert fig.layout.yaxis.autorange == "reversed"       # first category on top
    first = fig.layout.yaxis.ticktext[0]
    assert first.startswith(df.loc[expected[0], "name"]) and first.endswith(">1</span>")


UNEMPLOYMENT_2021 = {"SI-052": 4.1, "SI-041": 6.3, "SI-070": 7.9, "AT-61108": 3.2, "AT-62139": 2.4}


def test_unemployment_ranking_puts_the_lowest_rate_first():
    df = _frame_of(UNEMPLOYMENT_2021, by_country=True, direction="lower_better")
    fig = ranking_figure(df, meta=S.UNEMPLOYMENT, lang="en", references=[], place_info=S.place_info("en"))
    ranked = [c for c in _order(fig) if not math.isnan(df.at[c, "value"])]
    assert len(ranked) >= 5
    for country in ("SI", "AT"):   # within-country indicator: lowest first in each country's block
        values = [df.at[c, "value"] for c in ranked if c.startswith(country)]
        assert values == sorted(values)
    # region colours and a legend of regions
    bars = [tr for tr in fig.data if tr.type == "bar" and tr.showlegend]
    assert bars
    names = {r: S.place_info("en")[r]["name"] for r in REGION_COLOURS}
    for tr in bars:
        code = next(r for r, n in names.items() if n == tr.name)
        assert tr.marker.color == REGION_COLOURS[code]
        assert all(cd[0] in tr.y for cd in tr.customdata)


EMPLOYMENT_PARTNERS = {"SI-052": 66.2, "SI-041": 61.4, "SI-070": 58.3, "AT-61108": 72.5, "AT-62139": None}
EMPLOYMENT_REFS_DE = [
    {"label": "Slowenien", "value": 64.5, "kind": "country", "code": "SI"},
    {"label": "Österreich", "value": 72.0, "kind": "country", "code": "AT"},
    {"label": "Gorenjska (Oberkrain)", "value": 65.1, "kind": "region", "code": "SI042"},
    {"label": "Östliche Obersteiermark", "value": 70.4, "kind": "region", "code": "AT223"},
    {"label": "Mittel der Partnergemeinden", "value": 64.6, "kind": "partners"},
]


def test_ranking_draws_and_labels_the_references():
    refs = [dict(r) for r in EMPLOYMENT_REFS_DE]
    refs.append({"label": "Nirgendwo", "value": None, "kind": "country"})
    df = _frame_of(EMPLOYMENT_PARTNERS, "de")
    fig = ranking_figure(df, meta=S.EMPLOYMENT, lang="de", references=refs, place_info=S.place_info("de"))
    drawn = [r for r in refs if r["value"] is not None]
    assert sorted(s.x0 for s in fig.layout.shapes) == sorted(r["value"] for r in drawn)
    texts = [a.text for a in fig.layout.annotations]
    assert any(x.startswith("Mittel der Partnergemeinden ") for x in texts)
    assert any(x.startswith("Slowenien ") for x in texts)
    assert not any("Nirgendwo" in x for x in texts)
    lo, hi = fig.layout.xaxis.range
    assert all(lo <= r["value"] <= hi for r in drawn)


def test_places_without_a_value_are_listed_last_with_their_latest_year():
    values = {c: v for c, v in zip(S.MUNIS, [66.2, None, 70.1, 58.3, None, 72.5, None, 74.0, 60.2])}
    latest = {"SI-041": 2019, "SI-004": None, "AT-61101": 2020}
    df = _frame_of(values, "de", latest=latest)
    missing = [c for c in S.MUNIS if math.isnan(df.at[c, "value"])]
    assert missing
    fig = ranking_figure(df, meta=S.EMPLOYMENT, lang="de", references=[], place_info=S.place_info("de"))
    order = _order(fig)
    assert set(order[-len(missing):]) == set(missing) and len(order) == len(S.MUNIS)
    text_trace = next(tr for tr in fig.data if tr.type == "scatter")
    assert set(text_trace.y) == set(missing)
    for code, text in zip(text_trace.y, text_trace.text):
        if latest[code]:
            assert text.strip() == f"keine Daten (zuletzt: {latest[code]})"
        else:
            assert text.strip() == "keine Daten"


def test_ranking_by_change_says_so_and_signs_the_change():
    changes = {"SI-052": 3.4, "SI-041": -1.2, "SI-070": 0.0, "AT-61108": 5.1, "AT-62139": None}
    df = _frame_of(changes, "en")
    df.attrs["year"] = 2021
    fig = ranking_figure(df, meta=S.EMPLOYMENT, lang="en", references=[], by="change",
                         period=(2015, 2021), place_info=S.place_info("en"))
    assert fig.layout.xaxis.title.text == "Change 2015–2021, pp"
    ranked = [c for c in _order(fig) if not math.isnan(df.at[c, "value"])]
    changes = [df.at[c, "value"] for c in ranked]
    assert changes == sorted(changes, reverse=True)
    texts = [x for tr in fig.data if tr.type == "bar" and tr.text for x in tr.text]
    assert all(x.startswith(("+", "\u2212", "0")) for x in texts)


def test_ranking_height_grows_with_the_list():
    assert 440 <= ranking_height(16) <= 520
    codes = [f"SI-{i:03d}" for i in range(40)]
    df = pd.DataFrame({"value": np.linspace(10, 900, 40), "name": codes}, index=codes)
    fig = ranking_figure(df, meta=S.DENSITY, lang="en", references=[])
    assert list(fig.layout.yaxis.tickvals) == codes[::-1]    # 40 places: every one, best first
    assert fig.layout.height > 18 * 40
    assert fig.layout.xaxis.side == "top"     # the axis is visible before scrolling


def _long_list(n=185):
    codes = [f"SI-{i:03d}" for i in range(n)]
    df = pd.DataFrame({"value": np.arange(n, dtype=float), "name": [f"Town {i}" for i in range(n)],
                       "partner": [i in (3, 60, 150) for i in range(n)]}, index=codes)
    df.loc[df.index.isin(["SI-100", "SI-101"]), "value"] = np.nan
    return df


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
def test_a_long_ranking_shows_top_bottom_partners_and_selection_and_names_the_ranks_left_out(lang):
    df = _long_list()
    fig = ranking_figure(df, meta=S.DENSITY, lang=lang, references=[], selected=["SI-120", "SI-101", "SI-172"])
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    bars = [c for tr in fig.data if tr.type == "bar" and tr.hoverinfo != "skip" for c in tr.y]
    order = [c for c in fig.layout.yaxis.tickvals if not c.startswith("__gap")]
    # 183 with data, highest first: ranks 1-10 = SI-184..SI-175, 179-183 = SI-004..SI-000
    top = [f"SI-{i:03d}" for i in range(184, 174, -1)]
    bottom = [f"SI-{i:03d}" for i in range(4, -1, -1)]
    # SI-172 (rank 13) is selected: ranks 11 and 12 are shown, not a row saying they are not
    kept = ["SI-174", "SI-173", "SI-172", "SI-150", "SI-120", "SI-060"]
    assert order == top + kept + bottom + ["SI-101"]
    assert sorted(bars) == sorted(top + kept + bottom)
    gaps = [ticks[c] for c in fig.layout.yaxis.tickvals if c.startswith("__gap")]
    # every run left out is one row with its ranks; SI-150 is rank 35, SI-120 65, SI-060 123 (34, 64 and
    # 122 places with higher values: SI-101 and SI-100 have no data), SI-004 179
    ranges = [(14, 34), (36, 64), (66, 122), (124, 178)]
    for text, (first, last) in zip(gaps, ranges):
        assert text.endswith(t("ranking.gap", lang, first=first, last=last) + "</i>")
    assert gaps[-1].endswith(t("ranking.gap_no_data", lang) + "</i>")     # SI-100: no data, not kept
    assert len(gaps) == 5
    assert dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))["SI-150"].endswith(">35</span>")
    assert fig.layout.height < 40 * 22 + 200    # one screen, not 185 rows


def test_a_long_ranking_per_country_keeps_each_countrys_own_ranks():
    df = _long_list(120).dropna()
    df["group"] = ["SI" if i < 60 else "AT" for i in range(len(df))]
    df.index = [f"SI-{i:03d}" if i < 60 else f"AT-{i:03d}" for i in range(len(df))]
    fig = ranking_figure(df, meta=S.DENSITY, lang="en", references=[])
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    assert ticks["AT-117"].endswith(">1</span>") and ticks["SI-059"].endswith(">1</span>")
    gaps = [ticks[c] for c in fig.layout.yaxis.tickvals if c.startswith("__gap")]
    # 60 Slovenian and 58 Austrian places: ranks 11-55 and 11-53 left out, each in its own block
    assert [g.split(">")[1].split("<")[0] for g in gaps] == [t("ranking.gap", "en", first=11, last=55),
                                                           t("ranking.gap", "en", first=11, last=53)]
    # a short list is never cut
    short = ranking_figure(_long_list(30), meta=S.DENSITY, lang="en", references=[])
    assert not [c for c in short.layout.yaxis.tickvals if c.startswith("__gap")]


def test_ranking_highlights_the_selection_and_dims_the_rest():
    df = _frame_of({"SI-052": 21.5, "SI-041": 18.0, "SI-070": 25.3, "AT-61108": 14.2, "AT-62139": 12.9}, "en",
                   by_country=True)
    fig = ranking_figure(df, meta=S.TERTIARY, lang="en", references=[], selected=["SI-052"],
                         place_info=S.place_info("en"))
    outline = [tr for tr in fig.data if tr.type == "bar" and tr.marker.line.color == SELECTION_COLOUR]
    assert len(outline) == 1 and list(outline[0].y) == ["SI-052"]
    for tr in fig.data:
        if tr.type == "bar" and tr.showlegend:
            for code, opacity in zip(tr.y, tr.marker.opacity):
                assert opacity == (1.0 if code == "SI-052" else pytest.approx(0.5))
    tick = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))["SI-052"]
    assert SELECTION_COLOUR in tick and "<b" in tick


# --------------------------------------------------------------------------- time series


def _frame(rows):
    return pd.DataFrame(rows, columns=["place", "year", "value", "flags"])


META = {"id": "x", "unit": "pct", "decimals": 1, "direction": "higher_better", "kind": "ratio",
        "name_en": "X", "name_de": "X", "name_sl": "X"}


def test_breaks_and_provisional_values_get_their_own_markers_and_legend_entries():
    series = _frame([("SI-052", 2019, 10.0, ""), ("SI-052", 2020, 11.0, "b"), ("SI-052", 2021, 12.0, ""),
                     ("SI-052", 2022, 12.5, "dp")])
    fig = timeseries_figure(series, meta=META, lang="de", places=["SI-052"], labels={"SI-052": "Kranj"})
    line = fig.data[0]
    # the line stops before the break (a None point between 2019 and 2020), then goes on from the diamond
    assert list(line.x) == [2019, 2019.5, 2020, 2021, 2022]
    assert list(line.y) == [10.0, None, 11.0, 12.0, 12.5]
    assert list(line.marker.symbol) == ["circle", "circle", MARKERS["b"], "circle", MARKERS["p"]]
    legend = {tr.name: tr.marker.symbol for tr in fig.data if tr.showlegend is not False and tr.x == (None,)}
    assert legend == {"Zeitreihenbruch": "diamond", "vorläufiger Wert": "circle-open"}
    assert "Zeitreihenbruch: nicht mit den Vorjahren vergleichbar" in line.customdata[2][4]
    # without such points there is no such legend entry
    plain_series = _frame([("SI-052", 2019, 10.0, ""), ("SI-052", 2020, 11.0, "d")])
    fig2 = timeseries_figure(plain_series, meta=META, lang="de", places=["SI-052"])
    assert not [tr for tr in fig2.data if tr.x == (None,)]


def _population_series(places):
    """Populations 2005–2015 growing at different rates, with Slovenia's."""
    rows = []
    for k, code in enumerate(places + ["SI"]):
        base = 2_000_000.0 if code == "SI" else 5000.0 * (k + 1)
        rows += [(code, y, base * (1 + 0.01 * (k - 1)) ** (y - 2005), "") for y in range(2005, 2016)]
    return _frame(rows)


def test_index_mode_is_100_in_the_base_year():
    places = S.PARTNERS[:4]
    series = _population_series(places)
    fig = timeseries_figure(series, meta=S.POPULATION, lang="en", places=places, references=["SI"],
                            mode="index", base_year=2010, place_info=S.place_info("en"), partners=S.PARTNERS)
    lines = [tr for tr in fig.data if tr.x != (None,)]  # not the legend entries of the markers
    assert len(lines) == 5
    for tr in lines:
        at_base = [y for x, y in zip(tr.x, tr.y) if x == 2010]
        assert at_base == [pytest.approx(100.0)]
    assert fig.layout.yaxis.title.text == "index, 2010 = 100"
    assert any(s.y0 == 100 and s.y1 == 100 for s in fig.layout.shapes)
    de = timeseries_figure(series, meta=S.POPULATION, lang="de", places=places, mode="index",
                           base_year=2010, place_info=S.place_info("de"), partners=S.PARTNERS)
    assert de.layout.yaxis.title.text == "Index (2010 = 100)"


def test_index_base_year_defaults_to_the_first_common_year():
    series = _frame([("a", 2014, 1.0, ""), ("a", 2015, 2.0, ""), ("b", 2015, 4.0, ""), ("b", 2016, 8.0, "")])
    assert default_base_year(series, ["a", "b"]) == 2015
    fig = timeseries_figure(series, meta=META, lang="en", places=["a", "b"], mode="index")
    assert [y for tr in fig.data for x, y in zip(tr.x, tr.y) if x == 2016] == [pytest.approx(200.0)]


def test_years_are_whole_numbers_and_each_point_shows_its_own_year():
    series = _frame([("a", y, float(y - 2000), "") for y in range(2008, 2024)])
    fig = timeseries_figure(series, meta=META, lang="de", places=["a"], labels={"a": "A"})
    ax = fig.layout.xaxis
    assert ax.tickformat == "d" and ax.dtick in (1, 2) and float(ax.dtick).is_integer()
    assert fig.layout.hovermode == "closest"
    line = fig.data[0]
    for x, cd in zip(line.x, line.customdata):
        assert cd[4].startswith(str(x)) and cd[0] == "a"
    assert line.customdata[0][3] == f"8,0{NBSP}%"
    assert fig.layout.separators == ",."


def test_a_missing_year_breaks_the_line_instead_of_bridging_it():
    series = _frame([("a", 2010, 1.0, ""), ("a", 2011, 2.0, ""), ("a", 2015, 3.0, "")])
    fig = timeseries_figure(series, meta=META, lang="en", places=["a"])
    line = fig.data[0]
    assert list(line.y) == [1.0, 2.0, None, 3.0] and line.connectgaps is False


def test_time_series_styles_partners_references_and_selection():
    partners = ["SI-052", "SI-041", "SI-070"]
    others = ["SI-003"]   # in Gorenjska, not a partner
    rows = [(c, y, 10.0 + k + 0.3 * (y - 2010), "") for k, c in enumerate(partners + others + ["SI"])
            for y in range(2010, 2022)]
    series = _frame(rows)
    info = S.place_info("sl")
    fig = timeseries_figure(series, meta=S.TERTIARY, lang="sl", places=partners + others,
                            references=["SI"], selected=[partners[0]], place_info=info, partners=S.PARTNERS)
    by_name = {tr.name: tr for tr in fig.data}
    names = {c: info[c]["name"] for c in partners + others}
    first = by_name[names[partners[0]]]
    assert first.line.color == REGION_COLOURS["SI042"] and first.line.dash == "solid"
    assert first.line.width > by_name[names[partners[1]]].line.width
    assert by_name[names[others[0]]].line.dash == "dot"
    assert by_name["Slovenija"].line.dash == "dash"
    labels = [a.text for a in fig.layout.annotations]
    assert "Slovenija" in labels and f"<b>{names[partners[0]]}</b>" in labels



def test_a_narrow_box_gets_the_lines_in_the_legend_the_plot_keeping_its_height():
    """At 320 px the end labels left the plot ~50 px and its years were drawn over one another: the
    figure carries the variant assets/plotly-fit.js draws where the labels do not fit."""
    partners = ["SI-052", "SI-041", "SI-070"]
    rows = [(c, y, 10.0 + k + 0.3 * (y - 2002), "") for k, c in enumerate(partners + ["SI"]) for y in range(2002, 2024)]
    info = S.place_info("en")
    spec = timeseries_figure(_frame(rows), meta=S.TERTIARY, lang="en", places=partners, references=["SI"],
                             place_info=info, partners=S.PARTNERS).to_plotly_json()
    layout, data = spec["layout"], spec["data"]
    narrow = layout["meta"]["innolocNarrow"]
    lines = [data[i]["name"] for i in narrow["legendTraces"]]
    # every labelled line, and only they, are listed; the key to the country's dash is left out
    assert sorted(lines) == sorted(a["text"] for a in layout["annotations"])
    assert all(data[i]["showlegend"] is False for i in narrow["legendTraces"])
    assert [data[i]["name"] for i in narrow["hiddenTraces"]] == [t("ts.key.country", "en")]
    wide_plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    small = narrow["layout"]
    assert small["annotations"] == [] and small["showlegend"] is True and small["margin"]["r"] < layout["margin"]["r"]
    assert small["height"] - small["margin"]["t"] - small["margin"]["b"] == wide_plot
    entries = len(lines) + sum(1 for tr in data if tr.get("showlegend") is not False) - len(narrow["hiddenTraces"])
    assert small["margin"]["b"] >= 22 * entries  # a row for each entry below the plot
    # 22 years: a tick every 5 years, not every 2
    assert layout["xaxis"]["dtick"] == 2 and small["xaxis"]["dtick"] == 5


def test_a_figure_without_end_labels_has_no_narrow_variant():
    rows = [(c, y, 1.0 + y - 2010, "") for c in S.PARTNERS for y in range(2010, 2015)]
    fig = timeseries_figure(_frame(rows), meta=S.TERTIARY, lang="en", places=S.PARTNERS,
                            place_info=S.place_info("en"), end_labels=False)
    assert not (fig.layout.meta or {})


# --------------------------------------------------------------------------- language


def _visible_texts(fig) -> list[str]:
    """Every string a reader can see: legend names and titles, labels, axis titles, hovers."""
    out = []
    for tr in fig.data:
        if tr.showlegend is not False and tr.name:
            out.append(tr.name)
        for attr in ("text", "customdata"):
            value = getattr(tr, attr, None)
            if value is None:
                continue
            for item in (value if not isinstance(value, str) else [value]):
                out.extend(str(x) for x in (item if isinstance(item, (list, tuple, np.ndarray)) else [item]))
        title = getattr(tr, "legendgrouptitle", None)
        if title is not None and title.text:
            out.append(title.text)
    lay = fig.layout
    out += [a.text for a in lay.annotations or ()]
    for axis in (lay.xaxis, lay.yaxis):
        if axis.title.text:
            out.append(axis.title.text)
        out += list(axis.ticktext or ())
    if lay.legend.title.text:
        out.append(lay.legend.title.text)
    return out


def test_german_figures_hold_no_english_interface_text(geo):
    en, de = (json.loads((ROOT / "dashboard" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
              for lang in ("en", "de"))
    english_only = {v for k, v in en.items() if de.get(k) != v and len(v) > 3 and "{" not in v}
    partners = S.PARTNERS
    tertiary = S.values([21.5, 18.0, None, 25.3, 15.1, 14.2, 11.0, 12.9, 10.4])
    earnings = _frame([(c, y, 1800.0 + 40 * k + 25 * (y - 2015), "p" if y == 2023 else "")
                       for k, c in enumerate(partners + ["SI"]) for y in range(2015, 2024)])
    figs = [
        map_figure(geo, tertiary, year=2021, selected=["SI-052"], ranks=_ranks(tertiary[partners]),
                   **S.map_kwargs(S.TERTIARY, "de")),
        map_figure(geo, S.values([55000, 12800, 8100, 96000, 23000, 24500, 6000, 11000, 9300]), year=2024,
                   **S.map_kwargs(S.POPULATION, "de")),
        ranking_figure(_frame_of(UNEMPLOYMENT_2021, "de", by_country=True, direction="lower_better"),
                       meta=S.UNEMPLOYMENT, lang="de", references=EMPLOYMENT_REFS_DE[:4],
                       place_info=S.place_info("de")),
        timeseries_figure(earnings, meta=S.EARNINGS, lang="de", places=partners, references=["SI"],
                          place_info=S.place_info("de"), partners=S.PARTNERS),
    ]
    texts = [x for fig in figs for x in _visible_texts(fig)]
    assert texts
    patterns = [re.compile(r"(?<!\w)" + re.escape(e) + r"(?!\w)") for e in english_only]
    leaks = sorted({x for x in texts for p in patterns if p.search(x)})
    assert not leaks, leaks
    assert all(fig.layout.separators == ",." for fig in figs)


# registered unemployment (SI) is higher than census unemployment (AT): one scale would squeeze Austria
UNEMPLOYMENT_2016 = [9.8, 12.4, 7.5, 14.9, 11.2, 4.1, 3.3, 2.6, 3.9]


def test_within_country_indicator_is_mapped_on_two_scales_with_two_legends(geo):
    """Registered (SI) and census (AT) unemployment never share colour classes: each country has
    its own breaks, palette and legend titled with the country."""
    values = S.values(UNEMPLOYMENT_2016)
    fig = map_figure(geo, values, year=2016, **S.map_kwargs(S.UNEMPLOYMENT, "de"))
    si, at = _coloured(fig), _coloured(fig, IDX["classes_b"])
    assert si and at
    assert all(c.startswith("SI") for c in si) and all(c.startswith("AT") for c in at)
    titles = {fig.data[i].legendgrouptitle.text for i in IDX["classes"]} | \
        {fig.data[i].legendgrouptitle.text for i in IDX["classes_b"]}
    assert any("Slowenien" in x and "eigene Skala" in x for x in titles)
    assert any("Österreich" in x for x in titles)
    si_colours = {fig.data[i].colorscale[0][1] for i in IDX["classes"] if fig.data[i].showlegend}
    at_colours = {fig.data[i].colorscale[0][1] for i in IDX["classes_b"] if fig.data[i].showlegend}
    assert si_colours and at_colours and not si_colours & at_colours
    # each scale is drawn from its own country's values: Austria's lowest class starts at its minimum
    at_vals = values[[c for c in values.index if c.startswith("AT")]].dropna()
    si_vals = values[[c for c in values.index if c.startswith("SI")]].dropna()
    assert at_vals.max() < si_vals.max()   # would be squeezed into the lowest joint classes
    # a comparable indicator keeps one scale: the second set stays empty
    one = map_figure(geo, S.values(EMPLOYMENT_2021), year=2016, **S.map_kwargs(S.EMPLOYMENT, "de"))
    assert not _coloured(one, IDX["classes_b"])
    assert not any(one.data[i].locations for i in IDX["classes_b"])  # nor in the legend


def test_within_country_ranking_hover_names_the_country(geo):
    values = S.values(UNEMPLOYMENT_2016)
    ranks = {**_ranks(values[[c for c in S.MUNIS if c.startswith("SI")]], ascending=True),
             **_ranks(values[[c for c in S.MUNIS if c.startswith("AT")]], ascending=True)}
    fig = map_figure(geo, values, year=2016, ranks=ranks, **S.map_kwargs(S.UNEMPLOYMENT, "en"))
    rows = {cd[0]: cd for tr in fig.data if tr.customdata is not None and tr.type == "choropleth"
            for cd in tr.customdata}
    n_at = sum(1 for p in ranks if p.startswith("AT"))
    leoben = rows["AT-61108"][4]
    assert f"of {n_at}" in leoben and "within Austria" in leoben


def test_within_country_ranking_is_one_block_per_country():
    """Registered (SI) and census (AT) unemployment: two blocks, each ranked from 1, never interleaved."""
    df = _frame_of({"SI-052": 9.8, "SI-041": 12.4, "SI-070": 14.9, "AT-61108": 4.1, "AT-62139": 2.6},
                   "de", by_country=True, direction="lower_better")
    fig = ranking_figure(df, meta=S.UNEMPLOYMENT, lang="de", references=[], place_info=S.place_info("de"))
    order = list(fig.layout.yaxis.categoryarray)
    assert order[0] == "__group_SI"
    at_head = order.index("__group_AT")
    assert all(c.startswith("SI") for c in order[1:at_head])
    assert all(c.startswith("AT") for c in order[at_head + 1:])
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    assert "Slowenien" in ticks["__group_SI"] and "eigene Rangfolge" in ticks["__group_SI"]
    ranked_si = [c for c in order[1:at_head] if df.at[c, "rank"] is not None and df.at[c, "rank"] == df.at[c, "rank"]]
    ranked_at = [c for c in order[at_head + 1:] if df.at[c, "rank"] is not None and df.at[c, "rank"] == df.at[c, "rank"]]
    assert ranked_si and ranked_at
    assert df.at[ranked_si[0], "rank"] == 1 and df.at[ranked_at[0], "rank"] == 1
    hover = {cd[0]: cd[4] for tr in fig.data if tr.customdata is not None for cd in tr.customdata}
    assert f"von {len(ranked_at)}" in hover[ranked_at[0]] and "innerhalb von Österreich" in hover[ranked_at[0]]
    # a comparable indicator is one ranking without headers
    one = ranking_figure(_frame_of(EMPLOYMENT_PARTNERS, "de"), meta=S.EMPLOYMENT, lang="de", references=[],
                         place_info=S.place_info("de"))
    assert not any(str(c).startswith("__group") for c in one.layout.yaxis.categoryarray)


def test_corrected_values_are_named_in_the_hover():
    series = _frame([("SI-052", 2021, 10.0, ""), ("SI-052", 2022, 11.0, "dc")])
    for lang, text in (("en", "corrected by the import"), ("de", "beim Import korrigiert"),
                       ("sl", "popravljeno ob uvozu")):
        fig = timeseries_figure(series, meta=META, lang=lang, places=["SI-052"], labels={"SI-052": "Kranj"})
        assert text in fig.data[0].customdata[1][4]
        assert text not in fig.data[0].customdata[0][4]


def test_index_lines_never_span_a_break_in_series():
    """Base year before the break: the index stops before it; base year after: it starts there."""
    series = _frame([("SI-052", 2006, 100.0, ""), ("SI-052", 2007, 110.0, ""), ("SI-052", 2008, 50.0, "b"),
                     ("SI-052", 2009, 55.0, "")])
    before = timeseries_figure(series, meta=META, lang="en", places=["SI-052"], mode="index",
                               base_year=2006, labels={"SI-052": "Kranj"})
    assert [x for x, y in zip(before.data[0].x, before.data[0].y) if y is not None] == [2006, 2007]
    assert "index stops here: break in series in 2008" in before.data[0].customdata[-1][4]
    after = timeseries_figure(series, meta=META, lang="en", places=["SI-052"], mode="index",
                              base_year=2009, labels={"SI-052": "Kranj"})
    pts = {x: y for x, y in zip(after.data[0].x, after.data[0].y) if y is not None}
    assert sorted(pts) == [2008, 2009] and pts[2009] == pytest.approx(100.0)


def test_within_country_reference_lines_stay_in_their_own_block():
    df = _frame_of({"SI-052": 21.5, "SI-041": 18.0, "SI-070": 25.3, "AT-61108": 14.2, "AT-62139": 12.9}, "en",
                   by_country=True)
    # countries and regions, no partner mean (a mean over two definitions): as ranking_references gives them
    refs = [{"label": "Slovenia", "value": 19.7, "kind": "country", "code": "SI"},
            {"label": "Austria", "value": 16.4, "kind": "country", "code": "AT"},
            {"label": "Gorenjska (Upper Carniola)", "value": 20.3, "kind": "region", "code": "SI042"},
            {"label": "Eastern Upper Styria", "value": 13.8, "kind": "region", "code": "AT223"}]
    fig = ranking_figure(df, meta=S.TERTIARY, lang="en", references=refs, place_info=S.place_info("en"))
    order = list(fig.layout.yaxis.categoryarray)
    at_head = order.index("__group_AT")
    lines = [s for s in fig.layout.shapes if s.type == "line" and s.x0 == 19.7]
    assert len(lines) == 1 and lines[0].yref == "y"
    assert lines[0].y0 == pytest.approx(0.5) and lines[0].y1 == pytest.approx(at_head - 0.5)


def test_no_figure_builder_takes_the_store():
    """Figures take data, not the store: no function in dashboard/figures/ has a `store` parameter
    (a figure can then be built from a JSON payload or a five-row frame)."""
    import importlib
    import inspect
    import pkgutil

    import dashboard.figures

    offenders = []
    for mod in pkgutil.iter_modules(dashboard.figures.__path__):
        module = importlib.import_module(f"dashboard.figures.{mod.name}")
        for name, obj in vars(module).items():
            funcs = [obj] if inspect.isfunction(obj) else \
                [f for f in vars(obj).values() if inspect.isfunction(f)] if inspect.isclass(obj) else []
            for f in funcs:
                if f.__module__ != module.__name__:
                    continue
                if "store" in inspect.signature(f).parameters:
                    offenders.append(f"{module.__name__}.{f.__qualname__}")
    assert not offenders, offenders


def test_time_series_without_any_value_says_so_instead_of_empty_axes():
    empty = pd.DataFrame({"place": pd.Series([], dtype=str), "year": pd.Series([], dtype=int),
                          "value": pd.Series([], dtype=float)})
    fig = timeseries_figure(empty, meta=S.POPULATION, lang="de", places=["SI042", "AT223"])
    texts = [a.text for a in fig.layout.annotations]
    assert any("keine Daten" in x and "Klicken Sie" in x for x in texts)
    # wrapped: an annotation is not, and on a 320 px phone the message ran past the chart's edges
    assert all(len(line) <= 32 for x in texts for line in x.split("<br>"))
    assert fig.layout.yaxis.visible is False and fig.layout.xaxis.visible is False
