"""The quick paths of Explore's render (issue 14) give what the slow ones gave: the number
formatter, the ranks, the minimal template, the plain-dict figures, and a click that patches only
the selection."""
from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from dash import no_update

from dashboard.explore import render
from dashboard.explore.logic import _rank, build_view
from dashboard.explore.state import default_state
from dashboard.figures.map import load_boundaries, trace_indices
from dashboard.figures.numbers import fmt_fast
from dashboard.figures.ranking import ranking_spec
from dashboard.figures.template import MINIMAL_TEMPLATE, TRACE_TYPES
from dashboard.i18n import fmt_number
from dashboard.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_quick_formatter_writes_every_number_as_fmt_number():
    rng = random.Random(7)
    values = [2.675, 0.5, 1.5, 2.5, 0.125, -0.125, -0.04, -0.05, -0.0, 0.0, 1234567.891, -1234.5, 1e15, 3e16,
              np.float64(2.345), np.int64(12345), 7, -7, float("nan"), None, "12.5", True]
    values += [round(rng.uniform(-1e6, 1e6), rng.choice([0, 1, 2, 3, 4])) for _ in range(3000)]
    values += [k / 1000 + 0.0005 for k in range(-2000, 2000, 7)]  # half-way points at 3 decimals
    for v in values:
        for d in (0, 1, 2, 3, None):
            for lang in ("sl", "de", "en"):
                assert fmt_fast(v, d, lang) == fmt_number(v, d, lang), (v, d, lang)


def test_formatting_a_whole_layer_at_once_writes_every_number_as_fmt_number():
    """fmt_many (the map hover's numbers, one array per render) against fmt_number one by one:
    half-way points, negatives that round to zero, gaps, huge numbers, numpy and plain types."""
    from dashboard.figures.numbers import fmt_many

    rng = random.Random(11)
    values = [2.675, 0.5, 1.5, 2.5, -0.04, -0.05, -0.0, 0.0, 1234567.891, -1234.5, 1e15, 3e16, float("nan"),
              float("inf"), -float("inf"), np.float64(2.345), np.int64(12345), 7, -7]
    values += [round(rng.uniform(-1e6, 1e6), rng.choice([0, 1, 2, 3, 4])) for _ in range(3000)]
    values += [k / 1000 + 0.0005 for k in range(-2000, 2000, 7)]
    for d in (0, 1, 2, 3, None):
        for lang in ("sl", "de", "en"):
            assert fmt_many(values, d, lang) == [fmt_number(v, d, lang) for v in values], (d, lang)
    assert fmt_many([None, "12.5", True, 1.25], 1, "de") == [fmt_number(v, 1, "de") for v in (None, "12.5", True, 1.25)]
    assert fmt_many([], 1, "en") == []


def test_a_place_column_is_what_place_gives_for_each(store):
    codes = store.place_codes()[::7] + ["SI", "AT"]
    for field in ("country", "level", "region", "partner", "name_sl"):
        assert store.place_column(field, codes) == [store.place(c)[field] for c in codes]
    with pytest.raises(KeyError):
        store.place_column("no_such_field", codes)
    with pytest.raises(KeyError):
        store.place_column("country", ["XX-000"])


def _pandas_ranks(values: pd.Series, direction: str, groups: dict) -> dict:
    out = {}
    for codes in groups.values():
        v = values.reindex(codes).dropna()
        if not v.empty:
            out.update(v.rank(method="min", ascending=direction == "lower_better").astype(int).to_dict())
    return {p: int(out[p]) for p in values.index if p in out}


def test_ranks_are_pandas_min_ranks_within_each_group():
    rng = random.Random(3)
    for trial in range(300):
        codes = [("SI-" if i % 2 else "AT-") + str(i) for i in range(rng.randint(0, 40))]
        values = pd.Series([rng.choice([np.nan, rng.randint(0, 4), rng.random()]) for _ in codes], index=codes,
                           dtype=float)
        groups = ({None: codes} if trial % 2 else
                  {"SI": [c for c in codes if c.startswith("SI")], "AT": [c for c in codes if c.startswith("AT")]})
        for direction in ("higher_better", "lower_better"):
            got = _rank(values, direction, groups)
            assert got == _pandas_ranks(values, direction, groups)
            assert list(got) == [c for c in codes if c in got]


def test_ranking_ranks_ties_by_the_smaller_rank_per_country():
    df = pd.DataFrame({"value": [5.0, 5.0, 3.0, 9.0, np.nan, 9.0], "name": list("abcdef"),
                       "group": ["SI", "SI", "SI", "AT", "AT", "AT"]},
                      index=["SI-1", "SI-2", "SI-3", "AT-1", "AT-2", "AT-3"])
    spec = ranking_spec(df, meta={"name_en": "x", "unit": "", "decimals": 1, "direction": "lower_better"},
                        lang="en")
    ticks = dict(zip(spec["layout"]["yaxis"]["tickvals"], spec["layout"]["yaxis"]["ticktext"]))
    rank = {c: ticks[c].rsplit(">", 2)[-2].split("<")[0] for c in df.index}
    assert rank == {"SI-3": "1", "SI-1": "2", "SI-2": "2", "AT-1": "1", "AT-3": "1", "AT-2": "\u2013"}


def test_minimal_template_is_the_default_templates_part_for_the_traces_drawn():
    full = pio.templates["plotly"].to_plotly_json()
    assert set(MINIMAL_TEMPLATE["data"]) == set(TRACE_TYPES)
    for kind in TRACE_TYPES:
        assert MINIMAL_TEMPLATE["data"][kind] == full["data"][kind]
    for key, value in MINIMAL_TEMPLATE["layout"].items():
        assert value == full["layout"][key]
    assert len(json.dumps(MINIMAL_TEMPLATE)) < len(json.dumps(full)) / 4


@pytest.mark.parametrize("changes", [{}, {"mode": "change"}, {"indicator": "population", "scope": "all"},
                                     {"indicator": "unemployment_rate", "mode": "difference"},
                                     {"level": "regions", "lang": "de"}])
def test_page_figures_are_valid_and_carry_the_minimal_template_only(store, changes):
    s = default_state(store).with_(selected=("SI-052",), **changes)
    view = build_view(store, s)
    for spec in (render.map_initial(store, load_boundaries(), s, view, plain=True),
                 render.ranking(store, s, view, plain=True), render.timeseries(store, s, plain=True)):
        assert isinstance(spec, dict)
        assert spec["layout"]["template"] is MINIMAL_TEMPLATE
        go.Figure(spec)  # the schema accepts every attribute (plotly raises otherwise)
    assert render.ranking(store, s, view).to_plotly_json() == go.Figure(render.ranking(store, s, view, plain=True),
                                                                       _validate=False).to_plotly_json()


def _map_ops(patch) -> set:
    """The map traces a Patch writes to."""
    touched = set()
    wire = patch if isinstance(patch, dict) else patch.to_plotly_json()  # the page sends the Patch's dict
    for op in wire["operations"]:
        loc = op["location"]
        if loc[:1] == ["data"]:
            touched.add(loc[1])
    return touched


def test_a_click_patches_the_selection_outline_and_leaves_table_and_titles(store, explore_page):
    s = default_state(store, "employment_rate")
    out = explore_page.render_views(s.with_(selected=("SI-052",)).as_dict(), explore_page._map_store(s), render.series_key(s))
    assert _map_ops(out[0]) == {trace_indices()["selection"]}
    assert out[2]["data"]  # the ranking shows the selection
    assert all(x is no_update for x in out[6:9])  # table content, heading, about
    assert "Kranj" in json.dumps(out[9], default=str)  # the selection chips


def test_a_year_change_still_patches_every_class_and_the_table(store, explore_page):
    s = default_state(store, "employment_rate")
    later = s.with_(year=store.years("employment_rate")[-2])
    out = explore_page.render_views(later.as_dict(), explore_page._map_store(s), render.series_key(s))
    assert set(trace_indices()["classes"]) <= _map_ops(out[0])
    assert trace_indices()["selection"] not in _map_ops(out[0])  # same (empty) selection
    assert out[6] is not no_update and len(out[6]["data"]) == len(store.partners())


@pytest.mark.parametrize("changes", [{}, {"mode": "change"}, {"mode": "index"}, {"level": "regions"},
                                     {"level": "regions", "mode": "change"}])
def test_missing_reasons_of_a_view_are_those_asked_place_by_place(store, changes):
    """build_view groups the "no data" reasons (one store query per country and level, not per
    place): every indicator, every second year, with the same result as missing_reason per place."""
    from dashboard.explore.logic import coerce
    from dashboard.missing import missing_reason

    seen = set()
    for ind in store.indicator_ids():
        base = coerce(default_state(store, ind).with_(scope="all", **changes), store)
        for year in store.years(ind)[::2]:
            s = coerce(base.with_(year=year), store)
            view = build_view(store, s)
            level = view.level_values
            expected = {}
            for p in view.places:
                if view.display.get(p) == view.display.get(p):
                    continue
                has_level = level.get(p) == level.get(p)
                y = s.start if s.mode in ("index", "change") and has_level else s.year
                expected[p] = missing_reason(store, ind, p, y, break_year=view.breaks.get(p))
            assert view.reasons == expected, (ind, year, changes)
            assert [list(r) for r in view.reasons.values()] == [list(r) for r in expected.values()]  # key order
            seen.update(r["kind"] for r in expected.values())
    assert {"not_published", "missing"} <= seen


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
def test_the_table_names_the_unit_of_a_density_and_a_count_in_every_language(store, explore_page, lang):
    """A reader in any of the three languages sees the same units above the table's values: in
    English "per km²" and "persons" were left out (longer than the old limit), in German and Slovenian
    they were named."""
    from dashboard.i18n import t
    for indicator in ("density", "population"):
        unit = store.indicator(indicator)["unit"]
        state = default_state(store, indicator, lang=lang)
        columns = {c["id"]: c["name"] for c in explore_page._table_columns(state, 1, unit)}
        assert columns["value"].endswith(f"({t(f'unit.{unit}', lang)})"), (indicator, columns["value"])
        assert columns["start_value"].endswith(f"({t(f'unit.{unit}', lang)})"), (indicator, columns["start_value"])
