"""Location score: the maths against hand-computed small cases, the sensitivity analysis, the
configuration's URL round trip with its notices, the CSV and the figure, without a browser."""
from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest

from dashboard.figures.score import score_figure
from dashboard.i18n import LANGS, t
from dashboard.score import logic as sc
from dashboard.score import state as scs
from dashboard.score import texts as sct
from dashboard.score import export as scx
from dashboard.store import load_store

NAN = float("nan")


@pytest.fixture(scope="module")
def store():
    return load_store()


@pytest.fixture
def tiny():
    """Four places; `a` higher is better (T has no value), `b` lower is better."""
    return pd.DataFrame({"a": [10.0, 20.0, 30.0, NAN], "b": [5.0, 3.0, 1.0, 4.0]}, index=list("PQRT"))


SIGNS = {"a": 1, "b": -1}


# --------------------------------------------------------------------------- normalisation


def test_minmax_scales_to_0_100_and_respects_direction(tiny):
    s, constant = sc.normalise(tiny, SIGNS, "minmax")
    # a: (x - 10) / (30 - 10) * 100; b (lower better): (5 - x) / (5 - 1) * 100
    assert s["a"].tolist()[:3] == [0.0, 50.0, 100.0] and math.isnan(s.at["T", "a"])
    assert s["b"].tolist() == [0.0, 50.0, 100.0, 25.0]
    assert constant == []


def test_zscore_uses_population_sd_and_flips_lower_better():
    v = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, 2.0, 3.0]}, index=list("XYZ"))
    s, _ = sc.normalise(v, {"a": 1, "b": -1}, "zscore")
    k = 1 / math.sqrt(2 / 3)  # sd of 1, 2, 3 with ddof 0 is sqrt(2/3)
    assert s["a"].tolist() == pytest.approx([-k, 0.0, k])
    assert s["b"].tolist() == pytest.approx([k, 0.0, -k])


def test_no_spread_gives_50_or_0_and_is_reported():
    v = pd.DataFrame({"a": [7.0, 7.0, NAN]}, index=list("XYZ"))
    s, constant = sc.normalise(v, {"a": 1}, "minmax")
    assert s["a"].tolist()[:2] == [50.0, 50.0] and math.isnan(s.at["Z", "a"]) and constant == ["a"]
    s, constant = sc.normalise(v, {"a": -1}, "zscore")
    assert s["a"].tolist()[:2] == [0.0, 0.0] and constant == ["a"]


# --------------------------------------------------------------------------- aggregation and policies


def test_rescale_policy_scores_on_the_indicators_a_place_has(tiny):
    r = sc.score_places(tiny, {"a": 1, "b": 3}, SIGNS, norm="minmax", policy="rescale", n_draws=50)
    # P: (1*0 + 3*0)/4 = 0; Q: (1*50 + 3*50)/4 = 50; R: 100; T has only b: 3*25/3 = 25 (not 3*25/4)
    assert r.table["score"].to_dict() == pytest.approx({"R": 100.0, "Q": 50.0, "T": 25.0, "P": 0.0})
    assert list(r.table.index) == ["R", "Q", "T", "P"]
    assert r.table["rank"].tolist() == [1, 2, 3, 4]
    assert r.table.at["T", "missing"] == ("a",) and r.table.at["Q", "missing"] == ()
    assert r.excluded == {}
    assert r.contributions.loc["Q"].tolist() == pytest.approx([12.5, 37.5])
    assert math.isnan(r.contributions.at["T", "a"])


def test_contributions_add_up_to_the_score(tiny):
    for norm in scs.NORMS:
        r = sc.score_places(tiny, {"a": 2, "b": 5}, SIGNS, norm=norm, n_draws=20)
        assert r.contributions.sum(axis=1).to_numpy() == pytest.approx(r.table["score"].to_numpy())


def test_weights_need_not_sum_to_one(tiny):
    a = sc.score_places(tiny, {"a": 1, "b": 3}, SIGNS, n_draws=20).table["score"]
    b = sc.score_places(tiny, {"a": 2, "b": 6}, SIGNS, n_draws=20).table["score"]
    pd.testing.assert_series_equal(a, b)


def test_weight_zero_means_not_used(tiny):
    r = sc.score_places(tiny, {"a": 0, "b": 1}, SIGNS, n_draws=20)
    assert list(r.weights.index) == ["b"]
    assert r.table["score"].to_dict() == pytest.approx({"R": 100.0, "Q": 50.0, "T": 25.0, "P": 0.0})


def test_exclude_policy_drops_places_with_a_missing_value_and_says_why(tiny):
    r = sc.score_places(tiny, {"a": 1, "b": 3}, SIGNS, norm="minmax", policy="exclude", n_draws=50)
    assert r.excluded == {"T": ("a",)}
    assert "T" not in r.table.index
    # b is normalised over the places ranked (P, Q, R): min 1, max 5 as before
    assert r.table["score"].to_dict() == pytest.approx({"R": 100.0, "Q": 50.0, "P": 0.0})


def test_a_place_without_any_chosen_value_is_never_ranked():
    v = pd.DataFrame({"a": [1.0, 2.0, NAN]}, index=list("XYZ"))
    r = sc.score_places(v, {"a": 1}, {"a": 1}, policy="rescale", n_draws=20, min_share=0.5)
    assert r.insufficient == {"Z": ("a",)} and r.excluded == {} and list(r.table.index) == ["Y", "X"]
    assert r.coverage["Z"] == 0.0


def test_missing_is_never_zero():
    """A place missing the indicator it is worst at must not be pulled down by a fake zero."""
    v = pd.DataFrame({"a": [0.0, 10.0, NAN], "b": [0.0, 10.0, 10.0]}, index=list("XYZ"))
    r = sc.score_places(v, {"a": 1, "b": 1}, {"a": 1, "b": 1}, n_draws=20, min_share=0.5)
    assert r.table.at["Z", "score"] == pytest.approx(100.0)  # scored on b alone, not (0 + 100) / 2


# --------------------------------------------------------------------------- filters


def test_filters_come_first_and_no_data_fails_a_filter(tiny):
    population = pd.DataFrame({"population": [5000.0, NAN, 20000.0, 12000.0]}, index=list("PQRT"))
    f = scs.Filter("population", "min", 10000)
    r = sc.score_places(tiny, {"a": 1, "b": 1}, SIGNS, filter_values=population, filters=[f], n_draws=20,
                        min_share=0.5)
    assert r.filtered == {"P": [(f, "below")], "Q": [(f, "no_data")]}
    assert set(r.table.index) == {"R", "T"}
    # normalisation after filtering: b over R (1) and T (4) -> R 100, T 0; a only R -> no spread: 50
    assert r.normalised.at["R", "b"] == 100.0 and r.normalised.at["T", "b"] == 0.0
    assert r.normalised.at["R", "a"] == 50.0 and r.constant == ("a",)


def test_max_filter_and_every_failed_filter_is_listed():
    v = pd.DataFrame({"u": [4.0, 9.0, NAN], "p": [50.0, 5.0, 60.0]}, index=list("XYZ"))
    fs = [scs.Filter("u", "max", 8), scs.Filter("p", "min", 10)]
    kept, failed = sc.apply_filters(v, fs)
    assert kept == ["X"]
    assert failed == {"Y": [(fs[0], "above"), (fs[1], "below")], "Z": [(fs[0], "no_data")]}


def test_threshold_is_inclusive():
    v = pd.DataFrame({"p": [10000.0, 9999.0]}, index=["X", "Y"])
    kept, _ = sc.apply_filters(v, [scs.Filter("p", "min", 10000)])
    assert kept == ["X"]


# --------------------------------------------------------------------------- sensitivity


@pytest.fixture
def near_tie():
    """Hand-checked: min-max scores (weights 1, 1) are A 50, B 58.75, C 30, D 56.25, E dominant."""
    return pd.DataFrame({"x": [2.0, 6.0, 5.0, 7.0], "y": [10.0, 5.0, 2.0, 3.0]}, index=list("ABCD"))


def test_sensitivity_is_reproducible_with_the_seed(near_tie):
    one = sc.sensitivity(near_tie, {"x": 1, "y": 1}, {"x": 1, "y": 1}, n_draws=300, seed=7)
    two = sc.sensitivity(near_tie, {"x": 1, "y": 1}, {"x": 1, "y": 1}, n_draws=300, seed=7)
    pd.testing.assert_frame_equal(one, two)
    other = sc.sensitivity(near_tie, {"x": 1, "y": 1}, {"x": 1, "y": 1}, n_draws=300, seed=8)
    assert not one["share_first"].equals(other["share_first"])


def test_a_first_place_that_depends_on_the_exact_weights_is_fragile(near_tie):
    r = sc.score_places(near_tie, {"x": 1, "y": 1}, {"x": 1, "y": 1}, norm="minmax")
    assert r.table["score"].to_dict() == pytest.approx({"B": 58.75, "D": 56.25, "A": 50.0, "C": 30.0})
    top = r.table.iloc[0]
    assert top.name == "B" and top["rank"] == 1
    assert top["share_first"] < 0.5  # first at the exact weights, but not in most draws
    assert bool(top["fragile"])


def test_a_clearly_dominant_place_has_a_narrow_range(near_tie):
    v = pd.concat([near_tie, pd.DataFrame({"x": [9.0], "y": [12.0]}, index=["E"])])
    r = sc.score_places(v, {"x": 1, "y": 1}, {"x": 1, "y": 1})
    e = r.table.loc["E"]
    assert (e["rank"], e["p5"], e["p50"], e["p95"], e["share_first"]) == (1, 1, 1, 1, 1.0)
    assert not bool(e["fragile"])
    # the near tie below it is fragile: B's and D's ranges cover three ranks
    assert bool(r.table.at["B", "fragile"]) or bool(r.table.at["D", "fragile"])


def test_sensitivity_uses_both_normalisations_and_keeps_zero_weights_out(near_tie):
    v = near_tie.assign(z=[0.0, 100.0, 0.0, 0.0])
    with_zero = sc.sensitivity(v, {"x": 1, "y": 1, "z": 0}, {"x": 1, "y": 1, "z": 1}, n_draws=200, seed=3)
    without = sc.sensitivity(near_tie, {"x": 1, "y": 1}, {"x": 1, "y": 1}, n_draws=200, seed=3)
    pd.testing.assert_frame_equal(with_zero, without)


def test_shipped_run_is_reproducible(store):
    config = scs.ScoreConfig(weights=(("employment_rate", 3), ("tertiary_share", 2)))
    a, b = sc.run(store, config), sc.run(store, config)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert len(a.table) + len(a.excluded) + len(a.insufficient) + len(a.filtered) == len(store.partners())


# --------------------------------------------------------------------------- the store bridge


def test_each_place_uses_its_latest_value_within_the_indicators_window(store):
    windows = scs.indicator_windows(store)
    assert windows["gdp_per_inhabitant"] is None  # regions only: not offered
    partners = store.partners()
    for ind in ("jobs_per_1000", "unemployment_rate", "employment_rate"):
        start, end, n = windows[ind]
        cov = store.coverage(ind, partners)
        # the window ends in the latest year any partner has a value, and spans WINDOW_YEARS years
        assert end == max(int(y) for y in cov.columns if cov[y].any())
        assert end - start + 1 == scs.WINDOW_YEARS
        r = sc.run(store, scs.ScoreConfig(weights=((ind, 1),)))
        assert r.windows[ind] == (start, end)
        with_value = 0
        for code in partners:
            latest = store.latest_year(ind, [code], up_to=end)[code]
            used = r.years.at[code, ind]
            if latest is None or latest < start:  # older than the window: missing, never used
                assert math.isnan(used) and math.isnan(r.values.at[code, ind])
            else:
                with_value += 1
                assert used == latest
                assert r.values.at[code, ind] == store.value(ind, code, latest)
        assert with_value == n


def test_jobs_are_no_longer_scored_in_a_year_only_one_country_has(store):
    """Old behaviour: one year for everyone (jobs at the last year, which only Slovenia has);
    now each place's latest value in the window, so places of both countries have a value."""
    r = sc.run(store, scs.ScoreConfig(weights=(("jobs_per_1000", 1),)))
    countries = {store.place(c)["country"] for c in r.values.index[r.values["jobs_per_1000"].notna()]}
    assert countries == {"SI", "AT"}
    assert r.years["jobs_per_1000"].dropna().nunique() > 1   # not one year for all


def test_latest_within_hand_computed():
    obs = pd.DataFrame({"place": ["A", "A", "A", "B", "C", "C"],
                        "year": [2016, 2019, 2021, 2016, 2022, 2024],
                        "value": [1.0, 2.0, 3.0, 9.0, NAN, 5.0]})
    values, years = sc.latest_within(obs, ["A", "B", "C", "D"], 2019, 2023)
    # A: latest in 2019..2023 is 2021; B: only 2016 (older than the window) -> missing;
    # C: 2024 is after the window's end and 2022 has no value -> missing; D: no data at all
    assert values["A"] == 3.0 and years["A"] == 2021
    assert all(math.isnan(values[c]) and math.isnan(years[c]) for c in "BCD")
    values, years = sc.latest_within(obs, ["A", "C"], 2020, 2024)
    assert (values["A"], years["A"], values["C"], years["C"]) == (3.0, 2021, 5.0, 2024)


def test_only_indicators_with_a_direction_can_be_weighted(store):
    weightable = scs.weightable_ids(store)
    assert "population" not in weightable and "employment_rate" in weightable
    assert "population" in scs.filter_ids(store)
    for name, weights in scs.PRESETS.items():
        assert set(weights) <= set(weightable), name
        assert all(1 <= w <= scs.MAX_WEIGHT for w in weights.values())


def test_inversion_flips_a_direction_explicitly(store):
    base = scs.ScoreConfig(weights=(("gross_earnings", 1),))
    normal, flipped = sc.run(store, base), sc.run(store, base.with_(inverted=("gross_earnings",)))
    assert list(normal.table.index) == list(flipped.table.index[::-1])
    assert float(flipped.signs["gross_earnings"]) == -1.0


def test_scope_all_scores_every_municipality_of_the_four_regions(store):
    r = sc.run(store, scs.ScoreConfig(weights=(("population_change_rate", 1),), scope="all"))
    assert len(r.values) == 185 and len(r.table) > 16


# --------------------------------------------------------------------------- URL


def test_url_round_trip(store):
    config = scs.ScoreConfig(
        weights=(("employment_rate", 5), ("tertiary_share", 3), ("gross_earnings", 2)),
        inverted=("gross_earnings",),
        filters=(scs.Filter("population", "min", 10000.0), scs.Filter("unemployment_rate", "max", 8.5)),
        norm="zscore", missing="exclude", scope="all", cover="75", preset="manufacturing", lang="de")
    query = config.to_query()
    assert "f=population:min:10000,unemployment_rate:max:8.5" in query
    parsed = scs.parse_query(query, store)
    assert parsed.config == config and parsed.notices == []
    assert scs.ScoreConfig.from_dict(config.as_dict()) == config


def test_a_preset_alone_fills_its_weights(store):
    parsed = scs.parse_query({"preset": "tourism", "lang": "sl"}, store)
    assert dict(parsed.config.weights) == scs.PRESETS["tourism"] and parsed.config.preset == "tourism"
    assert scs.parse_query({}, store).config.preset == scs.DEFAULT_PRESET


def test_bad_parameters_are_dropped_with_notices(store):
    parsed = scs.parse_query({
        "w": "employment_rate:4,nope:2,population:3,tertiary_share:7,ageing_index:abc,enterprises_per_1000",
        "f": "population:min:abc,unemployment_rate:between:3,foo:max:1,density:max:300",
        "inv": "population", "norm": "median", "missing": "zero", "scope": "world", "lang": "xx",
        "preset": "mining",
    }, store)
    c = parsed.config
    assert c.weights == (("employment_rate", 4),)
    assert c.filters == (scs.Filter("density", "max", 300.0),)
    assert (c.norm, c.missing, c.scope, c.lang, c.preset) == ("minmax", "rescale", "partners", "en", None)
    keys = [k for k, _ in parsed.notices]
    assert keys.count("score.notice.unknown_indicator") == 2  # nope, foo
    assert keys.count("score.notice.bad_weight") == 3  # 7, abc, no weight at all
    assert keys.count("score.notice.not_weightable") == 1
    assert keys.count("score.notice.bad_filter") == 2
    assert keys.count("score.notice.bad_invert") == 1
    assert keys.count("notice.bad_param") == 4 and "notice.bad_lang" in keys
    for key, args in parsed.notices:  # every notice can be written in every language
        for lang in LANGS:
            assert "{" not in t(key, lang, name="x", **args)


def test_weight_zero_in_the_url_removes_the_indicator(store):
    parsed = scs.parse_query("?w=employment_rate:0,tertiary_share:2", store)
    assert parsed.config.weights == (("tertiary_share", 2),) and parsed.notices == []


# --------------------------------------------------------------------------- texts, CSV, figure


def test_messages_warn_about_definitions_missing_values_and_one_country(store):
    config = scs.ScoreConfig(weights=(("employment_rate", 2), ("gross_earnings", 1)), lang="en")
    r = sc.run(store, config)
    keys = [m["key"] for m in sct.messages(store, config, r, "en")]
    assert "score.msg.definitions_differ" in keys      # both have a comparability note
    assert "score.msg.one_country" in keys             # gross earnings: Slovenia only
    assert "score.msg.partial" in keys                 # Austrian towns scored without it
    empty = scs.ScoreConfig(weights=())
    assert [m["key"] for m in sct.messages(store, empty, sc.run(store, empty), "de")] == ["score.msg.no_weights"]


def test_formula_is_shown_for_the_chosen_normalisation():
    assert any("max − min" in line for line in sct.formula_lines("minmax", "en"))
    assert any("sd" in line for line in sct.formula_lines("zscore", "en"))
    assert sct.formula_lines("minmax", "de") != sct.formula_lines("minmax", "en")


def test_csv_has_one_row_per_place_with_values_years_and_reasons(store):
    config = scs.ScoreConfig(weights=(("employment_rate", 2), ("tertiary_share", 1)),
                            filters=(scs.Filter("population", "min", 10000.0),))
    r = sc.run(store, config)
    rows = list(csv.DictReader(io.StringIO(scx.result_csv(store, config, r).lstrip("\ufeff"))))
    assert len(rows) == 16
    ranked = [row for row in rows if row["status"] == "ranked"]
    assert [int(row["rank"]) for row in ranked] == sorted(int(row["rank"]) for row in ranked)
    top = ranked[0]
    for col in ("score", "rank_p5", "rank_p50", "rank_p95", "employment_rate_value", "employment_rate_year",
                "employment_rate_normalised", "employment_rate_contribution", "population_value", "flags"):
        assert col in top
    assert top["employment_rate_year"] == "2023"
    total = sum(float(top[f"{i}_contribution"] or 0) for i in ("employment_rate", "tertiary_share"))
    assert total == pytest.approx(float(top["score"]), abs=1e-3)
    filtered = [row for row in rows if row["status"] == "filtered"]
    assert filtered and all("population:min:10000=" in row["reason"] for row in filtered)


@pytest.mark.parametrize("lang", LANGS)
def test_figure_speaks_the_language_and_stacks_contributions(lang):
    """The figure from a hand-made result (no store): five places, two weighted indicators."""
    values = pd.DataFrame({"employment_rate": [66.2, 61.4, 70.1, 58.3, NAN],
                           "tertiary_share": [21.5, 18.0, 25.3, 14.2, 12.9]},
                          index=["SI-052", "SI-041", "SI-070", "AT-61108", "AT-62139"])
    r = sc.score_places(values, {"employment_rate": 2, "tertiary_share": 1},
                        {"employment_rate": 1, "tertiary_share": 1}, norm="minmax", n_draws=50)
    labels = {"employment_rate": {"name": f"Employment ({lang})", "unit": "pct", "decimals": 1, "year": 2023},
              "tertiary_share": {"name": f"Tertiary ({lang})", "unit": "pct", "decimals": 1, "year": 2021}}
    names = {"SI-052": "Kranj", "SI-041": "Jesenice", "SI-070": "Maribor", "AT-61108": "Leoben",
             "AT-62139": "Gleisdorf"}
    regions = {"SI-052": "SI042", "SI-041": "SI042", "SI-070": "SI032", "AT-61108": "AT223", "AT-62139": "AT224"}
    fig = score_figure(r, names=names, regions=regions, indicators=labels, lang=lang)
    assert fig.layout.barmode == "relative"
    assert fig.layout.separators == (",." if lang in ("sl", "de") else ".,")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.name for b in bars] == [labels["employment_rate"]["name"], labels["tertiary_share"]["name"]]
    assert fig.layout.xaxis.title.text == t("score.axis.score_minmax", lang)
    assert fig.layout.xaxis2.title.text == t("score.axis.rank", lang, n=r.n_draws)
    assert list(fig.layout.yaxis.categoryarray) == list(r.table.index)


@pytest.mark.parametrize("lang", LANGS)
def test_figure_of_the_shipped_run_speaks_the_language(store, lang):
    """The shipped data through the score's store bridge (`run`, `indicator_labels`) into the figure."""
    config = scs.ScoreConfig(weights=(("employment_rate", 2), ("tertiary_share", 1)), norm="minmax", lang=lang)
    r = sc.run(store, config)
    labels = sct.indicator_labels(store, lang)
    fig = score_figure(r, names={c: store.place(c)[f"name_{lang}"] for c in r.values.index},
                       regions={c: store.place(c)["region"] for c in r.values.index}, indicators=labels, lang=lang)
    assert fig.layout.xaxis2.title.text == t("score.axis.rank", lang, n=sc.N_DRAWS)
    assert list(fig.layout.yaxis.categoryarray) == list(r.table.index)


def test_equal_scores_share_the_better_rank():
    r = sc.ranks(pd.Series({"X": 50.0, "Y": 70.0, "Z": 50.0, "W": NAN}))
    assert r.to_dict() == {"X": 2, "Y": 1, "Z": 2}


# --------------------------------------------------------------------------- issue 8: comparability,
# windows, minimum coverage, missing-data rule in the rank ranges

COUNTRY = {"S1": "SI", "S2": "SI", "A1": "AT", "A2": "AT"}


@pytest.fixture
def border():
    """u: lower is better (like unemployment), measured differently in SI (S1, S2) and AT (A1, A2)."""
    return pd.DataFrame({"u": [2.0, 4.0, 6.0, 10.0]}, index=list(COUNTRY))


def test_within_country_indicator_is_never_normalised_across_the_border(border):
    joint, _ = sc.normalise(border, {"u": -1}, "minmax")
    # one scale (old behaviour): min 2, max 10 -> S1 100, S2 75, A1 50, A2 0
    assert joint["u"].to_dict() == pytest.approx({"S1": 100.0, "S2": 75.0, "A1": 50.0, "A2": 0.0})
    split, constant = sc.normalise(border, {"u": -1}, "minmax", classes={"u": "within_country"}, country_of=COUNTRY)
    # per country: SI min 2 max 4 -> S1 100, S2 0; AT min 6 max 10 -> A1 100, A2 0
    assert split["u"].to_dict() == pytest.approx({"S1": 100.0, "S2": 0.0, "A1": 100.0, "A2": 0.0})
    assert constant == []
    z, _ = sc.normalise(border, {"u": -1}, "zscore", classes={"u": "within_country"}, country_of=COUNTRY)
    # per country two values: mean ± sd (ddof 0) -> ±1, lower better flips the sign
    assert z["u"].to_dict() == pytest.approx({"S1": 1.0, "S2": -1.0, "A1": 1.0, "A2": -1.0})
    # a comparable (or caveat) indicator keeps one scale
    same, _ = sc.normalise(border, {"u": -1}, "minmax", classes={"u": "caveat"}, country_of=COUNTRY)
    pd.testing.assert_frame_equal(same, joint)


def test_score_and_rank_ranges_keep_within_country_scales_apart(border):
    r = sc.score_places(border, {"u": 1}, {"u": -1}, classes={"u": "within_country"}, country_of=COUNTRY,
                        n_draws=100)
    assert r.table["score"].to_dict() == pytest.approx({"S1": 100.0, "A1": 100.0, "S2": 0.0, "A2": 0.0})
    assert r.table.loc[["S1", "A1"], "rank"].tolist() == [1, 1]
    assert r.within == ("u",)
    # in every draw (min–max or z, per country) S1 and A1 tie for first: no draw compares them
    assert r.table.loc[["S1", "A1"], ["p5", "p95"]].to_numpy().tolist() == [[1, 1], [1, 1]]
    assert r.table.at["A2", "p95"] == 3
    one = sc.score_places(border, {"u": 1}, {"u": -1}, n_draws=100)  # the old, joint scale
    assert list(one.table.index) == ["S1", "S2", "A1", "A2"] and one.within == ()


def test_within_country_is_not_reported_when_only_one_country_is_scored(border):
    r = sc.score_places(border.loc[["S1", "S2"]], {"u": 1}, {"u": -1}, classes={"u": "within_country"},
                        country_of=COUNTRY, n_draws=20)
    assert r.within == ()


def test_shipped_within_country_indicator_is_scaled_per_country(store):
    ind = "tertiary_share"
    assert store.indicator(ind)["comparability_class"] == "within_country"
    config = scs.ScoreConfig(weights=((ind, 1),), lang="en")
    r = sc.run(store, config)
    country = pd.Series({c: store.place(c)["country"] for c in r.normalised.index})
    for cc in ("SI", "AT"):
        s = r.normalised[ind][country == cc]
        assert s.max() == pytest.approx(100.0) and s.min() == pytest.approx(0.0)  # best / worst in its country
    messages = sct.messages(store, config, r, "en")
    notice = next(m for m in messages if m["key"] == "score.msg.within_country_minmax")
    assert sct.indicator_labels(store, "en")[ind]["name"] in notice["text"]
    for lang in LANGS:
        assert "100" in t("score.msg.within_country_minmax", lang, names="x")


def test_a_place_needs_the_minimum_share_of_the_weight(store):
    v = pd.DataFrame({"a": [1.0, 2.0, 3.0, NAN], "b": [1.0, 2.0, NAN, 3.0]}, index=list("WXYZ"))
    w, signs = {"a": 2, "b": 1}, {"a": 1, "b": 1}
    r = sc.score_places(v, w, signs, n_draws=20)  # default: two thirds
    # Y has a (2 of 3 = exactly two thirds): ranked; Z has only b (1 of 3): not enough data
    assert r.min_share == pytest.approx(2 / 3)
    assert r.coverage.to_dict() == pytest.approx({"W": 1.0, "X": 1.0, "Y": 2 / 3, "Z": 1 / 3})
    assert set(r.table.index) == {"W", "X", "Y"} and r.insufficient == {"Z": ("a",)}
    assert r.table.at["Y", "coverage"] == pytest.approx(2 / 3)
    r = sc.score_places(v, w, signs, n_draws=20, min_share=0.75)
    assert set(r.table.index) == {"W", "X"} and set(r.insufficient) == {"Y", "Z"}
    r = sc.score_places(v, w, signs, n_draws=20, min_share=0.5)
    assert set(r.table.index) == {"W", "X", "Y"}       # Z covers 1/3 < 1/2
    # with "exclude", a place with a gap but enough weight is "excluded"; too little stays "not enough"
    r = sc.score_places(v, w, signs, n_draws=20, policy="exclude")
    assert r.excluded == {"Y": ("b",)} and r.insufficient == {"Z": ("a",)}
    with pytest.raises(ValueError):
        sc.score_places(v, w, signs, n_draws=20, min_share=0)


def test_minimum_share_is_in_the_url_and_validated(store):
    parsed = scs.parse_query("?w=employment_rate:2&cover=75", store)
    assert parsed.config.cover == "75" and parsed.config.min_share == 0.75 and parsed.notices == []
    assert "cover=75" in parsed.config.to_query()
    bad = scs.parse_query("?w=employment_rate:2&cover=80", store)
    assert bad.config.cover == scs.DEFAULT_COVER and bad.config.min_share == pytest.approx(2 / 3)
    assert bad.notices == [("notice.bad_param", {"param": "cover", "value": "80"})]
    assert scs.parse_query("?w=employment_rate:2", store).config.cover == "67"


def test_shipped_place_with_too_little_data_is_listed_not_ranked(store):
    # every partner without a value for the heavier indicator covers at most 1/4 of the weight
    config = scs.ScoreConfig(weights=(("avg_length_of_stay", 3), ("employment_rate", 1)))
    r = sc.run(store, config)
    no_stay = [c for c in store.partners() if r.values["avg_length_of_stay"].isna()[c]]
    assert no_stay
    for code in no_stay:
        assert code in r.insufficient and code not in r.table.index
        assert r.coverage[code] <= 0.25
    rows = {row["place_code"]: row for row in csv.DictReader(io.StringIO(scx.result_csv(store, config, r).lstrip("\ufeff")))}
    for code in no_stay:
        assert rows[code]["status"] == "not_enough_data" and rows[code]["rank"] == ""
        assert float(rows[code]["covered_weight_share"]) == pytest.approx(round(float(r.coverage[code]), 4))
        assert "missing:avg_length_of_stay" in rows[code]["reason"]
    for lang in LANGS:
        assert t("score.not_enough_data", lang)


def test_rank_ranges_also_vary_the_missing_data_rule():
    """X leads on the indicator it has (weight 2 of 3 = the minimum), but has no value for b.
    Rescale: X 100 (a only), Y (50·2 + 100)/3 = 66.7, Z 0 -> X first in every such draw.
    Exclude: X is left out -> Y 1, Z 2, X counted behind them (3). Half the draws each."""
    v = pd.DataFrame({"a": [10.0, 5.0, 0.0], "b": [NAN, 5.0, 0.0]}, index=list("XYZ"))
    w, signs = {"a": 2, "b": 1}, {"a": 1, "b": 1}
    r = sc.score_places(v, w, signs, n_draws=400, seed=11)
    x = r.table.loc["X"]
    assert x["rank"] == 1 and (x["p5"], x["p95"]) == (1, 3)
    assert 0.4 < x["share_unranked"] < 0.6 and x["share_first"] == pytest.approx(1 - x["share_unranked"])
    assert bool(x["fragile"])
    assert (r.table.at["Y", "p5"], r.table.at["Y", "p95"]) == (1, 2)
    # weights and normalisation alone (the old analysis) would call X's first place certain
    old = sc.sensitivity(v, w, signs, n_draws=400, seed=11, policies=("rescale",))
    assert (old.at["X", "p5"], old.at["X", "p95"], old.at["X", "share_first"]) == (1, 1, 1.0)
    # with the "exclude" rule chosen, X is not in the table, but the draws still use both rules
    ex = sc.score_places(v, w, signs, n_draws=400, seed=11, policy="exclude")
    assert "X" in ex.excluded and (ex.table.at["Y", "p5"], ex.table.at["Y", "p95"]) == (1, 2)


def test_data_without_gaps_gives_the_same_ranges_as_before(near_tie):
    both = sc.sensitivity(near_tie, {"x": 1, "y": 1}, {"x": 1, "y": 1}, n_draws=300, seed=7)
    one = sc.sensitivity(near_tie, {"x": 1, "y": 1}, {"x": 1, "y": 1}, n_draws=300, seed=7, policies=("rescale",))
    pd.testing.assert_frame_equal(both, one)
    assert (both["share_unranked"] == 0).all()


def test_csv_carries_year_per_place_window_coverage_and_status(store):
    config = scs.ScoreConfig(weights=(("jobs_per_1000", 2), ("tertiary_share", 1)))
    r = sc.run(store, config)
    rows = list(csv.DictReader(io.StringIO(scx.result_csv(store, config, r).lstrip("\ufeff"))))
    assert len(rows) == len(store.partners())
    start, end = r.windows["jobs_per_1000"]
    for row in rows:
        for col in ("covered_weight_share", "min_weight_share", "jobs_per_1000_window", "jobs_per_1000_year",
                    "share_unranked"):
            assert col in row
        assert row["jobs_per_1000_window"] == f"{start}-{end}"
        assert row["status"] in ("ranked", "filtered", "not_enough_data", "excluded")
        code = row["place_code"]
        used = r.years.at[code, "jobs_per_1000"]
        assert row["jobs_per_1000_year"] == ("" if math.isnan(used) else str(int(used)))
        assert float(row["min_weight_share"]) == pytest.approx(round(2 / 3, 4))
    assert len({row["jobs_per_1000_year"] for row in rows if row["jobs_per_1000_year"]}) > 1
