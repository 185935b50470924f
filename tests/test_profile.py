"""Investor view as plain functions: the profile's rules (comparison year, strengths and
weaknesses, strip, index), the comparison's rules (URL fixes, common year, best value), the CSVs
and the figures.

The rules are checked on a hand-made dataset whose answers can be worked out on paper: 16
partners P01..P16 (P01..P08 in Slovenia, region R1; P09..P16 in Austria, region R2), values
chosen per test. A few checks run on the shipped data, where the answer is read from the store.
"""
from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from dashboard.i18n.sources import source_text

import synthetic as S
from dashboard.explore.logic import place_table
from dashboard.figures.compare import small_multiple_figure
from dashboard.figures.map import load_boundaries
from dashboard.figures.profile import border_line, locator_figure, sparkline_svg, svg_data_uri
from dashboard.compare import export as Cx
from dashboard.compare import logic as C
from dashboard.compare import state as Cs
from dashboard.components.places import place_options
from dashboard.profile import export as Px
from dashboard.profile import logic as P
from dashboard.profile import state as Ps
from dashboard.store import INDICATOR_COLUMNS, PLACE_COLUMNS, Store, load_store

PARTNERS = [f"P{i:02d}" for i in range(1, 17)]
SI_P, AT_P = PARTNERS[:8], PARTNERS[8:]


def _place(code, level, country, region="", parent="", partner=0, area=""):
    row = dict.fromkeys(PLACE_COLUMNS, "")
    row.update(code=code, level=level, country=country, name=f"Name {code}", name_sl=f"Ime {code}",
               name_de=f"Name {code}", name_en=f"Name {code}", region=region, parent=parent,
               partner=str(partner), national_code=code, area_km2=str(area))
    return row


def _indicator(id_, direction="higher_better", kind="ratio", theme="labour", unit="pct", comparability="",
               signed=False):
    row = dict.fromkeys(INDICATOR_COLUMNS, "")
    row.update(id=id_, theme=theme, unit=unit, decimals="1", direction=direction, kind=kind, signed=str(int(signed)),
               name_sl=f"{id_} sl", name_de=f"{id_} de", name_en=f"{id_} en",
               definition_en="def", comparability_en=comparability, comparability_de=comparability,
               comparability_sl=comparability, comparability_class="caveat" if comparability else "comparable")
    return row


def make_store(obs: list[tuple], indicators: list[dict] | None = None) -> Store:
    places = [_place("SI", "country", "SI"), _place("AT", "country", "AT"),
              _place("R1", "region", "SI", "R1", "SI", 1), _place("R2", "region", "AT", "R2", "AT", 1)]
    places += [_place(p, "municipality", "SI", "R1", "R1", 1, 10.0) for p in SI_P]
    places += [_place(p, "municipality", "AT", "R2", "R2", 1, 20.0) for p in AT_P]
    places.append(_place("X1", "municipality", "SI", "R1", "R1", 0, 5.0))  # not a partner
    indicators = indicators or [_indicator("hb"), _indicator("lb", "lower_better"), _indicator("neu", "neutral")]
    frame = pd.DataFrame(obs, columns=["place", "indicator", "year", "value", "flags", "source"])
    return Store(pd.DataFrame(places), pd.DataFrame(indicators), frame)


def ramp(indicator, year, values, places=PARTNERS, flags="", source="SRC"):
    return [(p, indicator, year, float(v), flags, source) for p, v in zip(places, values)]


# --------------------------------------------------------------------------- the stated rule


@pytest.mark.parametrize("direction, pct, n, value, country, expected", [
    ("higher_better", 80.0, 16, 10.0, 9.0, "strength"),
    ("higher_better", 75.0, 8, 10.0, None, "strength"),        # no country value: the partners decide
    ("higher_better", 80.0, 16, 8.0, 9.0, None),               # top quarter but below its country
    ("higher_better", 80.0, 16, 9.0, 9.0, None),               # equal to the country is not better
    ("higher_better", 80.0, 7, 10.0, 9.0, None),               # too few partners with data
    ("higher_better", 74.9, 16, 10.0, 9.0, None),
    ("higher_better", 20.0, 16, 5.0, 9.0, "weakness"),
    ("higher_better", 25.0, 16, 5.0, None, "weakness"),
    ("higher_better", 20.0, 16, 10.0, 9.0, None),              # bottom quarter but above its country
    ("lower_better", 90.0, 16, 3.0, 5.0, "strength"),          # lower is better: 3 beats 5
    ("lower_better", 90.0, 16, 6.0, 5.0, None),
    ("lower_better", 10.0, 16, 6.0, 5.0, "weakness"),
    ("neutral", 100.0, 16, 10.0, 1.0, None),                   # never for neutral indicators
    ("neutral", 0.0, 16, 1.0, 10.0, None),
    ("higher_better", None, 16, 10.0, 9.0, None),
])
def test_assess_follows_the_stated_rule(direction, pct, n, value, country, expected):
    assert P.assess(direction, pct, n, value, country) == expected


def test_strengths_and_weaknesses_from_hand_made_data():
    # P01 is best of 16 on hb (16 > 1..15) and above SI; worst on lb (lower is better: 99 is worst)
    obs = ramp("hb", 2022, [16, *range(1, 16)]) + [("SI", "hb", 2022, 10.0, "", "S")]
    obs += ramp("lb", 2022, [99, *range(1, 16)]) + [("SI", "lb", 2022, 50.0, "", "S")]
    obs += ramp("neu", 2022, [1000, *range(1, 16)])
    prof = P.build_profile(make_store(obs), "P01", "en")
    assert [r.id for r in prof.strengths] == ["hb"]
    assert [r.id for r in prof.weaknesses] == ["lb"]
    neu = next(r for r in prof.rows if r.id == "neu")
    assert neu.rank == 1 and neu.assessment is None


def test_no_strength_when_below_the_country():
    obs = ramp("hb", 2022, [16, *range(1, 16)]) + [("SI", "hb", 2022, 20.0, "", "S")]
    prof = P.build_profile(make_store(obs), "P01", "en")
    row = next(r for r in prof.rows if r.id == "hb")
    assert row.rank == 1 and row.percentile == 100.0
    assert row.assessment is None and prof.strengths == []


def test_no_verdict_with_fewer_than_eight_partners():
    obs = ramp("hb", 2022, [16, 1, 2, 3, 4, 5, 6], places=PARTNERS[:7])
    row = next(r for r in P.build_profile(make_store(obs), "P01", "en").rows if r.id == "hb")
    assert row.rank == 1 and row.n_partners == 7
    assert row.assessment is None


# --------------------------------------------------------------------------- the comparison year


def test_comparison_year_prefers_the_year_more_partners_have():
    # 2023: only the 8 Austrian partners; 2022: all 16 -> an Austrian town is compared in 2022
    obs = ramp("hb", 2022, range(16)) + ramp("hb", 2023, range(8), places=AT_P)
    store = make_store(obs)
    assert P.comparison_year(store, "hb", "P09") == 2022
    row = P.indicator_row(store, "hb", "P09", "en")
    assert row.year == 2022 and row.n_partners == 16
    assert row.newer == (2023, 0.0)  # the newer value is still named
    assert P.comparison_year(store, "hb", "P01") == 2022


def test_comparison_year_is_the_latest_when_coverage_is_equal():
    obs = ramp("hb", 2021, range(16)) + ramp("hb", 2022, range(16))
    assert P.comparison_year(make_store(obs), "hb", "P01") == 2022


def test_comparison_year_looks_back_at_most_two_years():
    obs = ramp("hb", 2018, range(16)) + ramp("hb", 2022, range(8), places=SI_P)
    assert P.comparison_year(make_store(obs), "hb", "P01") == 2022


# --------------------------------------------------------------------------- rows, missing data


def test_row_references_and_missing_data():
    obs = ramp("hb", 2022, range(1, 17)) + [("R1", "hb", 2022, 7.5, "", "S"), ("SI", "hb", 2022, 6.0, "", "S"),
                                           ("R1", "hb", 2020, 1.0, "", "S")]
    obs += ramp("lb", 2020, range(1, 16), places=PARTNERS[1:]) + [("R1", "lb", 2021, 3.0, "", "S")]
    store = make_store(obs)
    prof = P.build_profile(store, "P01", "de")
    hb = next(r for r in prof.rows if r.id == "hb")
    assert (hb.region.value, hb.country.value) == (7.5, 6.0)
    assert hb.index_country == pytest.approx(1 / 6 * 100)
    assert hb.name == "hb de"
    lb = next(r for r in prof.rows if r.id == "lb")
    assert not lb.has_data and lb.value is None and lb.rank is None  # P01 never had lb
    assert lb.last_year_any == 2021
    assert lb.region.value == 3.0 and lb.region.year == 2021  # the region's own latest, with its year
    assert [r.id for r in prof.missing] == ["lb", "neu"]
    assert len(prof.rows) == 3  # a missing indicator stays in the list


def test_index_to_country_only_for_positive_ratios():
    assert P.index_to_country(12.0, 10.0, "ratio") == pytest.approx(120.0)
    assert P.index_to_country(12.0, 10.0, "count") is None
    assert P.index_to_country(-1.0, 2.0, "ratio") is None
    assert P.index_to_country(1.0, 2.0, "ratio", signed=True) is None
    assert P.index_to_country(1.0, None, "ratio") is None


def test_index_is_left_out_for_indicators_that_can_be_negative():
    """"Signed" comes from the catalogue (a balance can be negative by definition), not from the data."""
    obs = ramp("hb", 2022, range(1, 17)) + [("SI", "hb", 2022, 4.0, "", "S")]
    signed = make_store(obs, [_indicator("hb", signed=True)])
    row = P.indicator_row(signed, "hb", "P05", "en")
    assert row.value == 5.0 and row.country.value == 4.0 and row.index_country is None
    plain = P.indicator_row(make_store(obs, [_indicator("hb")]), "hb", "P05", "en")
    assert plain.index_country == pytest.approx(125.0)


# --------------------------------------------------------------------------- strip


def test_strip_puts_better_to_the_right():
    obs = ramp("hb", 2022, range(1, 17)) + ramp("lb", 2022, range(1, 17))
    store = make_store(obs)
    hb = P.strip(P.indicator_row(store, "hb", "P16", "en"))  # highest value
    lb = P.strip(P.indicator_row(store, "lb", "P16", "en"))  # highest value, but lower is better
    assert hb.place == max(hb.partners.values()) and hb.place > 90
    assert lb.place == min(lb.partners.values()) and lb.place < 10 and lb.reversed
    assert lb.partners["P01"] > 90  # the lowest value is the best


def test_strip_places_region_and_country_on_the_same_scale():
    obs = ramp("hb", 2022, range(0, 16)) + [("R1", "hb", 2022, 30.0, "", "S"), ("SI", "hb", 2022, 15.0, "", "S")]
    s = P.strip(P.indicator_row(make_store(obs), "hb", "P01", "en"))
    assert s.region == 100 - P.STRIP_MARGIN  # the largest value sets the right end
    assert s.partners["P01"] == P.STRIP_MARGIN
    assert s.partners["P16"] == pytest.approx(s.country)  # 15 = 15


def test_strip_leaves_out_region_and_country_for_counts():
    inds = [_indicator("cnt", "neutral", kind="count", unit="persons")]
    obs = ramp("cnt", 2022, range(100, 116)) + [("SI", "cnt", 2022, 2_000_000.0, "", "S")]
    s = P.strip(P.indicator_row(make_store(obs, inds), "cnt", "P01", "en"))
    assert s.country is None and s.region is None
    assert s.partners["P16"] > 90


def test_strip_is_none_without_data():
    obs = ramp("hb", 2022, range(15), places=PARTNERS[1:])
    assert P.strip(P.indicator_row(make_store(obs), "hb", "P01", "en")) is None


# --------------------------------------------------------------------------- profile URL


def test_profile_query_falls_back_with_a_notice():
    store = load_store()
    default = Ps.default_place(store)
    parsed = Ps.parse_query({"lang": "de", "place": "SI-999"}, store)
    assert parsed.state == Ps.ProfileState(place=default, lang="de")
    assert parsed.notices == [("profile.notice.bad_place", {"value": "SI-999", "name": store.place(default)["name"]})]
    not_partner = next(c for c in store.place_codes(level="municipality") if c not in store.partners())
    assert Ps.parse_query({"place": not_partner}, store).state.place == default
    assert Ps.parse_query("?lang=xx&place=AT-61108", store).notices == [("notice.bad_lang", {"value": "xx"})]


def test_profile_query_accepts_code_case_and_plain_names():
    store = load_store()
    assert Ps.parse_query({"place": "si-131"}, store).state.place == "SI-131"
    assert Ps.parse_query({"place": "trzic"}, store).state.place == "SI-131"
    assert Ps.parse_query({"place": "Mürzzuschlag"}, store).notices == []


def test_place_options_list_the_16_under_their_regions():
    store = load_store()
    opts = place_options(store, "sl")
    values = [o["value"] for o in opts if not o.get("disabled")]
    assert sorted(values) == sorted(store.partners())
    headings = [o for o in opts if o.get("disabled")]
    assert len(headings) == 4 and opts[0].get("disabled")


# --------------------------------------------------------------------------- profile on the shipped data


def test_shipped_profile_names_every_indicator_and_key_fact():
    store = load_store()
    prof = P.build_profile(store, "AT-61108", "en")
    assert [r.id for r in prof.rows] == sorted(store.indicator_ids(),
                                               key=lambda i: P.theme_order(store).index(store.indicator(i)["theme"]))
    for r in prof.rows:
        assert r.has_data == (store.latest_year(r.id, ["AT-61108"])["AT-61108"] is not None)
    area = next(f for f in prof.facts if f.id == "area")
    assert area.value == pytest.approx(float(store.place("AT-61108")["area_km2"]))
    pop = next(f for f in prof.facts if f.id == "population")
    assert pop.year == store.latest_year("population", ["AT-61108"])["AT-61108"]
    assert pop.value == store.value("population", "AT-61108", pop.year) and pop.source


def test_profile_csv_has_one_row_per_indicator():
    store = load_store()
    prof = P.build_profile(store, "SI-052", "sl")
    rows = list(csv.DictReader(io.StringIO(Px.profile_csv(prof).lstrip("\ufeff"))))
    assert len(rows) == len(store.indicator_ids())
    assert list(rows[0]) == list(Px.CSV_COLUMNS)
    by_id = {r["indicator"]: r for r in rows}
    for row in prof.rows:
        line = by_id[row.id]
        if row.has_data:
            assert line["value"] == f'{store.value(row.id, "SI-052", int(line["year"])):.{row.decimals}f}'
            assert int(line["rank_among_partners"]) == row.rank
            assert line["source"] == source_text(row.source, "sl")  # the page's language (a Slovenian CSV)
        else:
            assert line["value"] == "" and line["year"] == "" and line["latest_year_any_place"]
    assert {r["assessment"] for r in rows} <= {"", "strength", "weakness"}
    assert any(r["comparability_note"] for r in rows)


# --------------------------------------------------------------------------- compare URL


def test_compare_query_fixes_bad_selections():
    store = load_store()
    p = Cs.parse_query({}, store)
    assert p.state.places == Cs.DEFAULT_PLACES and p.notices == []
    p = Cs.parse_query({"places": "SI-052,AT-61108,SI-096,AT-61760,SI-041", "years": "latest"}, store)
    assert p.state.places == ("SI-052", "AT-61108", "SI-096", "AT-61760") and p.state.years == "latest"
    assert p.notices == [("compare.notice.too_many", {"n": 4})]
    p = Cs.parse_query({"places": "SI-052,nowhere,SI-052"}, store)
    assert p.state.places[0] == "SI-052" and len(p.state.places) == 2
    other = p.state.places[1]
    assert store.place(other)["country"] == "AT"  # topped up across the border
    assert [k for k, _ in p.notices] == ["compare.notice.unknown", "compare.notice.too_few"]
    assert p.notices[1][1]["added"] == store.place(other)["name"]
    p = Cs.parse_query("?places=AT-61108,SI-096&years=sometimes&lang=sl", store)
    assert p.state == Cs.CompareState(("AT-61108", "SI-096"), "common", "sl")
    assert p.notices == [("notice.bad_param", {"param": "years", "value": "sometimes"})]


def test_picker_choice_keeps_shown_places_and_at_most_four():
    partners = PARTNERS
    assert Cs.merge_choice(("P01", "P02"), ["P01", "P02", "P09"], partners) == (["P01", "P02", "P09"], False)
    # "select all" at once: the two shown stay, the first two new ones join, in the reader's order
    assert Cs.merge_choice(("P05", "P06"), PARTNERS, partners) == (["P01", "P02", "P05", "P06"], True)
    assert Cs.merge_choice(("P01", "P02"), ["P02", "nowhere", "P02"], partners) == (["P02"], False)


def test_counterpart_is_the_closest_in_size_across_the_border():
    store = load_store()
    for place in store.partners():
        other = Cs.counterpart(store, place)
        assert store.place(other)["country"] != store.place(place)["country"]
        year = store.latest_year("population", [place])[place]
        mine = store.value("population", place, year)
        gaps = [abs(store.value("population", c, year) - mine) for c in store.partners()
                if store.place(c)["country"] != store.place(place)["country"]
                and store.value("population", c, year) is not None]
        assert abs(store.value("population", other, year) - mine) == min(gaps)


# --------------------------------------------------------------------------- best value, years


@pytest.mark.parametrize("values, direction, expected", [
    ({"a": 1.0, "b": 3.0, "c": 2.0}, "higher_better", {"b"}),
    ({"a": 1.0, "b": 3.0, "c": 2.0}, "lower_better", {"a"}),
    ({"a": 3.0, "b": 3.0, "c": 2.0}, "higher_better", {"a", "b"}),  # ties share the mark
    ({"a": 1.0, "b": 3.0}, "neutral", set()),
    ({"a": 1.0, "b": None}, "higher_better", set()),                  # one value is no comparison
    ({"a": 2.0, "b": 2.0}, "higher_better", set()),                   # all equal: nobody is best
    ({"a": -1.0, "b": None, "c": -4.0}, "lower_better", {"c"}),
])
def test_best_places(values, direction, expected):
    assert C.best_places(values, direction) == expected


def test_common_year_and_its_fallback():
    obs = ramp("hb", 2020, [1, 2, 3], places=["P01", "P02", "P09"]) + ramp("hb", 2021, [5, 1], places=["P01", "P09"])
    obs += ramp("lb", 2021, [4], places=["P01"]) + ramp("lb", 2022, [2], places=["P09"])
    store = make_store(obs, [_indicator("hb", comparability="differs"), _indicator("lb", "lower_better")])
    comp = C.build_comparison(store, Cs.CompareState(("P01", "P09")))
    hb, lb = comp.rows
    assert hb.common_year == 2021 and [c.value for c in hb.cells] == [5.0, 1.0]
    assert [c.best for c in hb.cells] == [True, False]
    assert hb.comparability == "differs"  # SI and AT compared: the note is shown
    assert lb.common_year is None and lb.no_common_year
    assert [(c.value, c.year) for c in lb.cells] == [(4.0, 2021), (2.0, 2022)]
    assert lb.years_differ and [c.best for c in lb.cells] == [False, True]
    three = C.build_comparison(store, Cs.CompareState(("P01", "P02", "P09")))
    assert three.rows[0].common_year == 2020
    same_side = C.build_comparison(store, Cs.CompareState(("P01", "P02")))
    assert same_side.rows[0].comparability == ""  # both Slovenian: no note needed
    latest = C.build_comparison(store, Cs.CompareState(("P01", "P02", "P09"), years="latest"))
    assert [(c.value, c.year) for c in latest.rows[0].cells] == [(5.0, 2021), (2.0, 2020), (1.0, 2021)]


def test_comparison_csv_holds_exactly_the_table():
    store = load_store()
    state = Cs.CompareState(("SI-052", "AT-61108", "SI-096"))
    comp = C.build_comparison(store, state)
    rows = list(csv.DictReader(io.StringIO(Cx.comparison_csv(comp).lstrip("\ufeff"))))
    assert len(rows) == len(store.indicator_ids()) * 3
    for r in rows:
        if r["value"]:
            dec = int(store.indicator(r["indicator"])["decimals"])  # rounded as the table shows it
            assert r["value"] == f'{store.value(r["indicator"], r["place"], int(r["year"])):.{dec}f}'
    best = {(r["indicator"], r["place"]) for r in rows if r["best_in_row"]}
    for row in comp.rows:
        assert {(row.id, c.place) for c in row.cells if c.best} == {b for b in best if b[0] == row.id}


# --------------------------------------------------------------------------- figures


def test_sparkline_breaks_at_missing_years_and_marks_the_compared_year():
    svg = sparkline_svg([(2010, 1.0), (2011, 2.0), (2013, 3.0), (2014, 2.5)], highlight_year=2013,
                        colour="#123456", title="a < b")
    assert svg.count("<polyline") == 2  # 2012 is missing: two pieces, no bridge
    assert 'fill="#123456"' in svg and "a &lt; b" in svg
    assert sparkline_svg([]) == ""
    assert svg_data_uri(svg).startswith("data:image/svg+xml") and "<" not in svg_data_uri(svg)


def test_small_multiples_share_the_x_range_and_keep_gaps():
    series = pd.DataFrame({"place": ["A", "A", "A", "B"], "year": [2010, 2011, 2014, 2012],
                           "value": [1.0, 2.0, 3.0, 1500.5]})
    meta = {"unit": "pct", "decimals": 1}
    fig = small_multiple_figure(series, indicator=meta, places=["A", "B"], names={"A": "Aa", "B": "Bb"},
                                colours={"A": "#000001", "B": "#000002"}, x_range=(2005, 2020), lang="de",
                                highlight_year=2012)
    assert list(fig.layout.xaxis.range) == [2004.5, 2020.5]
    assert list(fig.data[0].x) == [2010, 2011, None, 2014]
    assert fig.data[1].customdata[0] == "1.500,5\u00a0%"
    assert fig.layout.separators == ",."
    empty = small_multiple_figure(series.iloc[:0], indicator=meta, places=["A"], names={}, colours={},
                                  x_range=(2005, 2020), lang="sl")
    assert len(empty.data) == 0 and empty.layout.annotations[0].text == "ni podatka"


def test_locator_figure_fetches_geometry_by_url():
    geojson = S.geojson()
    fig = locator_figure(geojson, place="AT-62139", lang="en", geojson_url="/_geo/boundaries.json",
                         place_info=S.place_info("en"), partners=S.PARTNERS)
    choros = [tr for tr in fig.data if tr.type == "choropleth"]
    assert choros and all(tr.geojson == "/_geo/boundaries.json" for tr in choros)
    highlighted = [tr for tr in choros if list(tr.locations) == ["AT-62139"]]
    assert len(highlighted) == 1
    others = set().union(*(set(tr.locations) for tr in choros[:2]))
    assert "AT-62139" not in others and set(S.PARTNERS) - {"AT-62139"} <= others
    assert border_line(geojson)[0]  # the national border is drawn
    assert len(fig.to_json()) < 60_000
    assert json.loads(fig.to_json())["layout"]["width"]  # fixed size: prints at the size it shows


def test_locator_figure_from_the_shipped_boundaries_stays_small():
    """The query layer's inputs for the shipped data: every partner but the place is grey, and the
    figure stays small because the polygons are fetched by URL."""
    store = load_store()
    geojson = load_boundaries()
    fig = locator_figure(geojson, place="AT-62143", lang="en", geojson_url="/_geo/boundaries.json",
                         place_info=place_table(store, lang="en"), partners=store.partners())
    choros = [tr for tr in fig.data if tr.type == "choropleth"]
    others = set().union(*(set(tr.locations) for tr in choros[:2]))
    assert "AT-62143" not in others and set(store.partners()) - {"AT-62143"} <= others
    assert border_line(geojson)[0]
    assert len(fig.to_json()) < 60_000


def test_within_country_rows_compare_with_same_country_partners_only():
    """Registered (SI) vs census (AT) unemployment: Kranj's strip, rank and verdict use the Slovenian
    partners only, and the row says so; a comparable indicator still uses all 16."""
    store = load_store()
    year = max(y for y in store.years("unemployment_rate")
               if store.value("unemployment_rate", "SI-052", y) is not None)
    row = P.indicator_row(store, "unemployment_rate", "SI-052", "en")
    assert row.peers_country == "SI"
    assert row.partners and all(c.startswith("SI-") for c in row.partners)
    si = [p for p in store.partners() if p.startswith("SI-")]
    assert row.n_partners == sum(store.value("unemployment_rate", p, row.year) is not None for p in si)
    assert row.year <= year
    comparable = P.indicator_row(store, "population_change_rate", "SI-052", "en")
    assert comparable.peers_country is None
    assert any(c.startswith("AT-") for c in comparable.partners)


def test_austrian_rows_fall_back_to_styria_where_austria_publishes_no_value():
    store = load_store()
    row = P.indicator_row(store, "natural_increase_rate", "AT-61108", "de")
    assert store.value("natural_increase_rate", "AT", row.year) is None
    assert row.country.code == "AT22" and row.country.name == "Steiermark"
    assert row.country.value == store.value("natural_increase_rate", "AT22", row.year)


def test_compare_marks_the_best_within_each_country_for_within_country_indicators():
    """Kranj + Ptuj vs Leoben + Weiz on unemployment (SI registered, AT census): one best per country,
    never one Slovenian or Austrian 'winner' over the other side."""
    store = load_store()
    state = Cs.CompareState(("SI-052", "SI-096", "AT-61108", "AT-61766"), "latest", "en")
    comp = C.build_comparison(store, state)
    row = next(r for r in comp.rows if r.id == "unemployment_rate")
    best = {c.place for c in row.cells if c.best}
    assert row.comparability  # the note is shown: the places span the border
    si_vals = {c.place: c.value for c in row.cells if c.place.startswith("SI") and c.value is not None}
    at_vals = {c.place: c.value for c in row.cells if c.place.startswith("AT") and c.value is not None}
    assert len(si_vals) == 2 and len(at_vals) == 2
    expected = set()
    for vals in (si_vals, at_vals):
        if len(set(vals.values())) > 1:
            low = min(vals.values())
            expected |= {p for p, v in vals.items() if v == low}
    assert best == expected and any(p.startswith("AT") for p in best)


# --------------------------------------------------------------------------- stale values and kinds of missing


def test_key_facts_mark_old_values_and_say_why_a_value_is_missing():
    from dashboard.components.marks import missing_note, stale_mark
    store = load_store()
    facts = {f.id: f for f in P.key_facts(store, "SI-052", "en")}
    assert facts["unemployment_rate"].year == 2016 and facts["unemployment_rate"].stale  # newest data: 2023
    assert not facts["population"].stale
    mark = stale_mark(store, "unemployment_rate", "de")
    assert mark.children.endswith("alt") and "3 Jahre" in mark.title
    at = {f.id: f for f in P.key_facts(store, "AT-61108", "en")}
    assert at["gross_earnings"].value is None and at["gross_earnings"].missing_reason["kind"] == "not_published"
    for lang, text in (("en", "not published for Austria"), ("sl", "ni objavljeno za Avstrijo"),
                       ("de", "für Österreich nicht veröffentlicht")):
        assert missing_note(at["gross_earnings"].missing_reason, lang).children == text
    fu = {f.id: f for f in P.key_facts(store, "AT-62280", "en")}
    assert fu["employment_rate"].missing_reason["kind"] == "missing"
    assert missing_note(fu["employment_rate"].missing_reason, "en").children == "no data for this place"


def test_profile_rows_and_csv_carry_stale_and_missing_kind():
    store = load_store()
    prof = P.build_profile(store, "AT-61108", "en")
    rows = {r.id: r for r in prof.rows}
    assert rows["gross_earnings"].missing_reason["kind"] == "not_published"
    kranj = {r.id: r for r in P.build_profile(store, "SI-052", "en").rows}
    assert kranj["unemployment_rate"].stale and not kranj["employment_rate"].stale
    out = list(csv.DictReader(io.StringIO(Px.profile_csv(prof).lstrip("\ufeff"))))
    ge = next(r for r in out if r["indicator"] == "gross_earnings")
    assert ge["missing_reason"] == "not_published" and ge["value"] == ""


def test_compare_cells_mark_old_values_and_kinds_of_missing():
    store = load_store()
    comp = C.build_comparison(store, Cs.CompareState(("SI-052", "AT-61108", "AT-62280"), years="latest"))
    row = next(r for r in comp.rows if r.id == "unemployment_rate")
    cells = {c.place: c for c in row.cells}
    assert cells["SI-052"].stale and not cells["AT-61108"].stale
    assert cells["AT-62280"].missing_reason["kind"] == "missing"
    ge = {c.place: c for c in next(r for r in comp.rows if r.id == "gross_earnings").cells}
    assert ge["AT-61108"].missing_reason["kind"] == "not_published"
    out = list(csv.DictReader(io.StringIO(Cx.comparison_csv(comp).lstrip("\ufeff"))))
    un = {r["place"]: r for r in out if r["indicator"] == "unemployment_rate"}
    assert un["SI-052"]["stale"] == "1" and un["AT-61108"]["stale"] == ""
    assert {r["missing_reason"] for r in out if r["indicator"] == "gross_earnings" and r["place"] != "SI-052"} == {
        "not_published"}


def test_small_multiples_do_not_bridge_a_break_in_series():
    series = pd.DataFrame({"place": ["A"] * 4, "year": [2013, 2014, 2015, 2016], "value": [1.0, 2.0, 5.0, 6.0],
                           "flags": ["", "", "b", ""]})
    fig = small_multiple_figure(series, indicator={"unit": "pct", "decimals": 1}, places=["A"], names={"A": "Aa"},
                                colours={"A": "#000001"}, x_range=(2013, 2016), lang="en")
    assert list(fig.data[0].x) == [2013, 2014, None, 2015, 2016]



# --------------------------------------------------------------------------- the strips on the page


def test_each_strip_shows_every_partner_with_its_name_and_value():
    """A strip is drawn from markup (its table is one StaticHtml, not a component per dot: the 21
    strips were a quarter of the page's components and slowed its first drawing). What a reader sees
    stays: a dot per other partner where P.strip puts it, titled with its name and value in the page's
    language, the place's own mark, the region and country ticks, and the rank as its text alternative."""
    from html.parser import HTMLParser

    import app  # noqa: F401 - registers the pages
    from dashboard.components.static_html import StaticHtml
    from dashboard.pages import profile as page
    from dashboard.i18n import fmt_number
    from tests.layout_walk import walk

    class Strips(HTMLParser):
        """Each <div class="pstrip-wrap">: its marks (class, title, left %) and its text alternative."""

        def __init__(self, markup):
            super().__init__()
            self.strips, self.depth = [], 0
            self.feed(markup)

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "div" and a.get("class") == "pstrip-wrap":
                self.strips.append({"marks": [], "label": None})
                self.depth = 1
                return
            if not self.depth:
                return
            if tag == "div":
                self.depth += 1
            if a.get("role") == "img":
                self.strips[-1]["label"] = a["aria-label"]
            if tag == "span" and a.get("title"):
                left = float(a["style"].split("left:")[1].split("%")[0])
                self.strips[-1]["marks"].append((a["class"], a["title"], left))

        def handle_endtag(self, tag):
            if self.depth and tag == "div":
                self.depth -= 1

    store = load_store()
    tree = page.layout(place="SI-052", lang="sl")
    tables = "".join(c.html for c in walk(tree) if isinstance(c, StaticHtml) and "profile-table" in (c.className or ""))
    strips = Strips(tables).strips
    prof = P.build_profile(store, "SI-052", "sl")
    drawn = [r for r in prof.rows if P.strip(r) is not None and r.n_partners >= 2]
    assert len(strips) == len(drawn) > 15
    for got, row in zip(strips, drawn):
        s = P.strip(row)
        dots = sorted((title, left) for kind, title, left in got["marks"] if kind == "ps-dot")
        assert dots == sorted((f"{store.place(c)['name']}: {fmt_number(row.partners[c], row.decimals, 'sl')}",
                               pytest.approx(pos)) for c, pos in s.partners.items() if c != "SI-052"), row.id
        me = [(title, left) for kind, title, left in got["marks"] if kind == "ps-me"]
        assert me == [(f"Kranj: {fmt_number(row.value, row.decimals, 'sl')}", pytest.approx(s.place))], row.id
        ticks = {kind for kind, _, _ in got["marks"] if kind.startswith("ps-tick")}
        assert ticks == {k for k, v in (("ps-tick region", s.region), ("ps-tick country", s.country))
                         if v is not None}, row.id
        assert got["label"].startswith(f"{row.rank}. od {row.n_partners}"), (row.id, got["label"])
    assert any(title.startswith("Jesenice: ") and "." in title for _, title, _ in strips[0]["marks"])  # 21.895 in sl
