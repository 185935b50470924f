"""Peers (issue 13) on a hand-made dataset whose answers are worked out on paper.

Six municipalities, one year (2020), three indicators, weights 1:

          a (comparable)   b (comparable)   u (within_country)
  SI-1        10               1                 5
  SI-2        12               1                 7
  SI-3        14               1                 -
  SI-4        12               -                 -      only a: 1/3 of the weight -> left out
  AT-1        11               1               100
  AT-2        20               3               200

a: median 12, |x − 12| = 2 0 2 0 1 8 -> MAD 1.5, scale 1.4826 · 1.5.
b: median 1, MAD 0 (four of five equal) -> fallback: mean |x − 1| = 2/5, scale 1.2533 · 0.4.
u: within country: SI (5, 7) median 6, MAD 1; AT (100, 200) median 150, MAD 50.
"""
from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd
import pytest

from dashboard.peers import export as X
from dashboard.peers import logic as L
from dashboard.peers import state as S
from dashboard.store import PLACE_COLUMNS, INDICATOR_COLUMNS, Store

DATA = {
    "SI-1": (10, 1, 5), "SI-2": (12, 1, 7), "SI-3": (14, 1, None), "SI-4": (12, None, None),
    "AT-1": (11, 1, 100), "AT-2": (20, 3, 200),
}
IND = ("a", "b", "u")
CLASSES = {"a": "comparable", "b": "comparable", "u": "within_country"}

SA = 1.4826 * 1.5
SB = 1.2533 * 0.4
SU_SI, SU_AT = 1.4826 * 1, 1.4826 * 50


def frames():
    places = []
    for code in DATA:
        row = dict.fromkeys(PLACE_COLUMNS, "")
        row.update(code=code, level="municipality", country=code[:2], name=f"Town {code}", name_sl=f"Kraj {code}",
                   name_de=f"Ort {code}", name_en=f"Town {code}", partner=code in ("SI-1", "AT-1"))
        places.append(row)
    inds = []
    for i in IND:
        row = dict.fromkeys(INDICATOR_COLUMNS, "")
        row.update(id=i, theme="labour" if i != "a" else "population", unit="pct", decimals=1,
                   direction="neutral", kind="ratio", signed=False, name_sl=i, name_de=i, name_en=i,
                   comparability_class=CLASSES[i])
        inds.append(row)
    obs = [{"place": p, "indicator": i, "year": 2020, "value": float(v), "flags": "", "source": "hand"}
           for p, vals in DATA.items() for i, v in zip(IND, vals) if v is not None]
    return pd.DataFrame(places), pd.DataFrame(inds), pd.DataFrame(obs)


@pytest.fixture(scope="module")
def store() -> Store:
    return Store(*frames())


def values_frame() -> pd.DataFrame:
    return pd.DataFrame({c: [np.nan if v is None else float(v) for v in vals] for c, vals in DATA.items()},
                        index=list(IND)).T


COUNTRY = {c: c[:2] for c in DATA}


def test_robust_z_by_hand():
    z, rules = L.robust_z(values_frame(), classes=CLASSES, country_of=COUNTRY)
    assert z.at["SI-1", "a"] == pytest.approx(-2 / SA)
    assert z.at["AT-2", "a"] == pytest.approx(8 / SA)
    assert z.at["SI-4", "a"] == pytest.approx(0.0)
    assert rules["a"] == {None: "mad"}
    # MAD = 0: the stated fallback (1.2533 x mean absolute deviation from the median)
    assert rules["b"] == {None: "meanad"}
    assert z.at["AT-2", "b"] == pytest.approx(2 / SB)
    assert z.at["SI-1", "b"] == 0.0 and math.isnan(z.at["SI-4", "b"])
    # within-country: each country on its own median and MAD
    assert rules["u"] == {"SI": "mad", "AT": "mad"}
    assert z.at["SI-1", "u"] == pytest.approx(-1 / SU_SI)
    assert z.at["AT-1", "u"] == pytest.approx(-50 / SU_AT)


def test_all_equal_gives_zero():
    z, rules = L.robust_z(pd.DataFrame({"x": [4.0, 4.0, np.nan]}, index=["p", "q", "r"]))
    assert z["x"].tolist()[:2] == [0.0, 0.0] and math.isnan(z.at["r", "x"]) and rules["x"] == {None: "none"}


def test_log_for_counts():
    z, _ = L.robust_z(pd.DataFrame({"n": [10.0, 100.0, 1000.0]}, index=["p", "q", "r"]), logs=("n",))
    # log10: 1, 2, 3 -> median 2, MAD 1
    assert z["n"].tolist() == pytest.approx([-1 / 1.4826, 0.0, 1 / 1.4826])


def test_distances_by_hand():
    z, _ = L.robust_z(values_frame(), classes=CLASSES, country_of=COUNTRY)
    d = L.distances(z, "SI-1", list(DATA), dict.fromkeys(IND, 1.0), classes=CLASSES, country_of=COUNTRY)
    # SI-2, same country: a, b and u
    gap_a, gap_u = 2 / SA, 2 / SU_SI
    assert d.at["SI-2", "distance"] == pytest.approx(math.sqrt((gap_a ** 2 + 0 + gap_u ** 2) / 3))
    assert d.at["SI-2", "coverage"] == 1.0 and d.at["SI-2", "n_used"] == 3
    # SI-3 has no u: a and b only, coverage 2/3 -> still a peer (the rule is "at least 2/3")
    assert d.at["SI-3", "distance"] == pytest.approx(math.sqrt(((4 / SA) ** 2 + 0) / 2))
    assert d.at["SI-3", "coverage"] == pytest.approx(2 / 3) and bool(d.at["SI-3", "ok"])
    # AT-1 across the border: a and b only (u is within-country); its coverage is of a and b
    assert d.at["AT-1", "distance"] == pytest.approx(math.sqrt(((1 / SA) ** 2 + 0) / 2))
    assert d.at["AT-1", "coverage"] == 1.0 and d.at["AT-1", "n_used"] == 2
    # weights: a counts twice as much
    d2 = L.distances(z, "SI-1", list(DATA), {"a": 2.0, "b": 1.0, "u": 1.0}, classes=CLASSES, country_of=COUNTRY)
    assert d2.at["SI-2", "distance"] == pytest.approx(math.sqrt((2 * gap_a ** 2 + gap_u ** 2) / 4))


def test_missing_data_rule_leaves_out_and_lists():
    out = L.find_peers(values_frame(), "SI-1", dict.fromkeys(IND, 1.0), 8, classes=CLASSES, country_of=COUNTRY,
                       n_draws=50)
    assert out["left_out"] == {"SI-4": pytest.approx(1 / 3)}
    assert "SI-4" not in out["table"].index
    # the stated order: nearest first
    assert list(out["table"].index) == ["AT-1", "SI-2", "SI-3", "AT-2"]
    assert out["table"]["rank"].tolist() == [1, 2, 3, 4]
    t = out["table"]
    assert t.at["AT-1", "similarity"] == pytest.approx(100 / (1 + t.at["AT-1", "distance"]))


def test_within_country_indicator_never_enters_a_cross_border_distance():
    base = L.find_peers(values_frame(), "SI-1", dict.fromkeys(IND, 1.0), 8, classes=CLASSES,
                        country_of=COUNTRY, n_draws=0)["distances"]
    wild = values_frame()
    wild.loc["AT-1", "u"] = 1e6
    wild.loc["AT-2", "u"] = -3.0
    other = L.find_peers(wild, "SI-1", dict.fromkeys(IND, 1.0), 8, classes=CLASSES, country_of=COUNTRY,
                         n_draws=0)["distances"]
    for c in ("AT-1", "AT-2"):
        assert other.at[c, "distance"] == base.at[c, "distance"]
    # and only u: no Austrian peer at all for a Slovenian place (nothing applies to the pair)
    only_u = L.distances(L.robust_z(values_frame()[["u"]], classes=CLASSES, country_of=COUNTRY)[0], "SI-1",
                         list(DATA), {"u": 1.0}, classes=CLASSES, country_of=COUNTRY)
    assert not only_u.loc[["AT-1", "AT-2"], "ok"].any()
    assert only_u.loc[["AT-1", "AT-2"], "n_used"].tolist() == [0, 0]
    # the closest / furthest indicators of a cross-border peer never name u
    t = L.find_peers(values_frame(), "SI-1", dict.fromkeys(IND, 1.0), 8, classes=CLASSES, country_of=COUNTRY,
                     n_draws=0)["table"]
    assert "u" not in t.at["AT-2", "closest"] + t.at["AT-2", "furthest"]
    assert "u" in t.at["SI-2", "closest"] + t.at["SI-2", "furthest"]


def test_stability_reproducible_and_bounded():
    z, _ = L.robust_z(values_frame(), classes=CLASSES, country_of=COUNTRY)
    args = (z, "SI-1", list(DATA), dict.fromkeys(IND, 1.0), 2)
    kw = dict(classes=CLASSES, country_of=COUNTRY, n_draws=200)
    a = L.stability(*args, seed=7, **kw)
    b = L.stability(*args, seed=7, **kw)
    pd.testing.assert_series_equal(a, b)
    assert ((a >= 0) & (a <= 1)).all()
    # k places in every draw that ranks at least k: the shares add up to at most k
    assert a.sum() <= 2 + 1e-9
    # the far-away AT-2 is never among the two nearest; k = every candidate -> all always in
    assert a["AT-2"] == 0.0
    full = L.stability(z, "SI-1", list(DATA), dict.fromkeys(IND, 1.0), 10, seed=7, **kw)
    # k = every candidate: a peer is out of a draw only when the draw's resampled indicators leave it
    # below 2/3 of the applicable weight; SI-2 has every indicator, so it is always in
    assert full["SI-2"] == 1.0
    assert (full >= a).all()
    # the shares are counts of draws
    assert ((full * 200).round(9) == (full * 200).round()).all()


def test_run_on_a_store(store):
    st = S.PeersState(place="SI-1", preset=S.CUSTOM, indicators=IND, k=3)
    r = L.run(store, st, n_draws=100, seed=1)
    assert list(r.table.index) == ["AT-1", "SI-2", "SI-3"]
    assert r.left_out == {"SI-4": pytest.approx(1 / 3)}
    assert r.within == ("u",)
    assert r.windows["a"] == (2016, 2020)
    assert r.table.at["AT-1", "distance"] == pytest.approx(math.sqrt(((1 / SA) ** 2) / 2))
    again = L.run(store, st, n_draws=100, seed=1)
    pd.testing.assert_frame_equal(r.table, again.table)
    # country filter "other": Austrians only; "same": Slovenians only
    other = L.run(store, st.with_(country="other"), n_draws=0)
    assert set(other.table.index) == {"AT-1", "AT-2"}
    same = L.run(store, st.with_(country="same", k=8), n_draws=0)
    assert set(same.table.index) == {"SI-2", "SI-3"}
    # scope partners: only AT-1 is a partner besides SI-1
    assert list(L.run(store, st.with_(scope="partners"), n_draws=0).table.index) == ["AT-1"]


def test_csv_has_bom_z_and_years(store):
    r = L.run(store, S.PeersState(place="SI-1", preset=S.CUSTOM, indicators=IND, k=3), n_draws=20)
    text = X.peers_csv(r, {c: f"Town {c}" for c in DATA}, {"AT-1": (2, "high a, low b")})
    assert text.startswith("\ufeff")
    lines = text[1:].splitlines()
    header = lines[0].split(",")
    assert header[: len(X.FIXED_COLUMNS)] == list(X.FIXED_COLUMNS)
    assert "z_a" in header and "year_u" in header
    assert lines[1].startswith("0,SI-1,Town SI-1,SI,chosen")
    assert lines[2].startswith("1,AT-1,")
    assert any(",SI-4," in line and "left_out_missing_data" in line for line in lines)
    row = dict(zip(header, next(csv.reader(io.StringIO(lines[2])))))
    assert row["year_a"] == "2020" and row["z_u"] != ""  # AT-1's own u is exported, never used for SI-1
    assert row["group"] == "2" and row["group_name"] == "high a, low b"


def test_parse_query(store):
    p = S.parse_query("place=si-2&k=99&ind=a,zzz,u&country=nowhere&span=0&scope=partners&lang=de", store)
    st = p.state
    assert (st.place, st.k, st.indicators, st.preset, st.country, st.span, st.scope, st.lang) == (
        "SI-2", S.K_MAX, ("a", "u"), S.CUSTOM, "both", S.SPAN_MIN, "partners", "de")
    keys = [k for k, _ in p.notices]   # each mistake once (QueryReader caps only floods of one kind)
    assert sorted(keys) == sorted(["peers.notice.bad_indicator", "peers.notice.range", "peers.notice.range",
                                   "notice.bad_param"])
    ranges = [a["param"] for k, a in S.parse_query("k=99&span=0", store).notices if k == "peers.notice.range"]
    assert ranges == ["k", "span"]
    again = S.parse_query(st.to_query(), store)
    assert again.state == st and not again.notices
    # an unknown place: the first municipality (Kranj is not in this dataset) with a notice
    bad = S.parse_query("place=nowhere&preset=bogus", store)
    assert bad.state.place == "SI-1" and bad.state.preset == S.DEFAULT_PRESET
    assert [k for k, _ in bad.notices] == ["peers.notice.bad_place", "notice.bad_param"]
    # a very long list is capped
    long = S.parse_query("ind=" + ",".join(["a"] * 500), store)
    assert long.state.indicators == ("a",)
    # round trip through the dcc.Store
    assert S.PeersState.from_dict(st.as_dict()) == st


def test_ties_are_broken_by_code():
    # q and r are identical: with k = 1 the table and every draw take the lower code
    v = pd.DataFrame({"x": [0.0, 1.0, 1.0, 5.0], "y": [0.0, 2.0, 2.0, 7.0]}, index=["p", "r", "q", "s"])
    out = L.find_peers(v, "p", {"x": 1, "y": 1}, 1, n_draws=100, seed=3)
    assert list(out["table"].index) == ["q"]
    stab = L.stability(out["z"], "p", ["r", "q", "s"], {"x": 1, "y": 1}, 1, n_draws=100, seed=3)
    assert stab["q"] == 1.0 and stab["r"] == 0.0


# --------------------------------------------------------------------------- typology

from dashboard.peers import typology as T  # noqa: E402


def test_kmeans_and_silhouette_on_two_obvious_groups():
    x = np.array([[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [5.0, 5.0], [5.1, 5.0], [5.0, 5.1], [5.1, 5.1]])
    lab, _ = T.kmeans(x, 2, seed=1)
    assert lab.tolist() == [1, 1, 1, 0, 0, 0, 0]      # numbered by size, largest first
    assert T.silhouette(x, lab) > 0.9
    again, _ = T.kmeans(x, 2, seed=1)
    assert again.tolist() == lab.tolist()


def test_typology_uses_one_scale_indicators_and_names_groups():
    rng = np.random.default_rng(0)
    low = rng.normal(0, 0.3, size=(12, 2))
    high = rng.normal(0, 0.3, size=(12, 2)) + [6, -6]
    v = pd.DataFrame(np.vstack([low, high]), columns=["a", "b"],
                     index=[f"SI-{i}" for i in range(12)] + [f"AT-{i}" for i in range(12)])
    v["u"] = np.r_[np.zeros(12), np.ones(12) * 50] + rng.normal(size=24)  # would split by country
    v.loc["SI-0", ["a", "b"]] = np.nan                   # no one-scale value: not classified
    ty = T.typology(v, classes={"a": "comparable", "b": "caveat", "u": "within_country"}, ks=range(2, 5))
    assert ty.indicators == ("a", "b")                    # the within-country u is never used
    assert ty.k == 2 and ty.unclassified == ("SI-0",)
    assert pd.isna(ty.labels["SI-0"])
    assert ty.labels.iloc[1:12].nunique() == 1 and ty.labels.iloc[12:].nunique() == 1
    assert ty.labels.iloc[1] != ty.labels.iloc[12]
    g_high = int(ty.labels.iloc[12])
    assert dict(ty.names[g_high]) == {"a": "high", "b": "low"}
    assert ty.silhouettes[2] == max(ty.silhouettes.values())
    same = T.typology(v, classes={"a": "comparable", "b": "caveat", "u": "within_country"}, ks=range(2, 5))
    assert same.labels.equals(ty.labels)


# --------------------------------------------------------------------------- figures (data in, no store)

from tests import synthetic as syn  # noqa: E402
from dashboard.figures.peers import Z_CLIP, fingerprint_figure, similarity_map  # noqa: E402


def test_similarity_map_outlines_the_place_and_numbers_the_peers():
    fig = similarity_map(syn.geojson(), {"SI-041": 0.5, "AT-61108": 1.2, "SI-070": 2.0}, place="SI-052",
                         peers=["SI-041", "AT-61108"], lang="de", place_info=syn.place_info("de"),
                         partners=syn.PARTNERS)
    assert fig.layout.meta["place"] == "SI-052"
    peer_trace = fig.data[-1]
    assert list(peer_trace.text) == ["1", "2"] and [c[0] for c in peer_trace.customdata] == ["SI-041", "AT-61108"]
    selection = [tr for tr in fig.data if getattr(tr, "meta", None) == ("SI-052",) or tr.meta == ["SI-052"]]
    assert selection, "the chosen place is the map's selection"


def test_fingerprint_hides_within_country_rows_of_other_country_peers_and_clips():
    rows = [
        {"indicator": "a", "place": "SI-1", "z": 0.5, "value": 1.0, "year": 2020, "shown": True},
        {"indicator": "a", "place": "AT-1", "z": 9.0, "value": 2.0, "year": 2020, "shown": True},
        {"indicator": "u", "place": "SI-1", "z": 0.1, "value": 3.0, "year": 2020, "shown": True},
        {"indicator": "u", "place": "AT-1", "z": -1.0, "value": 4.0, "year": 2020, "shown": False},
    ]
    fig = fingerprint_figure(rows, indicators=("a", "u"), names={"SI-1": "Kraj", "AT-1": "Ort"}, place="SI-1",
                             peers=["AT-1"], lang="sl", labels={"a": "A", "u": "U (SI | AT)"})
    peers, place = fig.data
    assert list(peers.x) == [Z_CLIP] and list(peers.y) == ["A"]      # u of the Austrian peer is not drawn
    assert list(place.y) == ["A", "U (SI | AT)"]
    assert "9,00" in peers.hovertext[0]                                # the real z in the hover, Slovenian format


def test_typology_card_says_when_groups_follow_the_border():
    """A reader must not take a one-country group for a cross-border finding: when two or more
    groups are mostly from one country, the card says so and names the caveat indicators."""
    import app  # noqa: F401  (registers the pages)
    from dashboard.pages import peers as page
    from dashboard.peers import place_types
    from dashboard.store import load_store

    store = load_store()
    ty = place_types.default_typology(store)
    mixed = {1: {"SI": 5, "AT": 5}, 2: {"SI": 4, "AT": 6}, 3: {"SI": 9, "AT": 1}}
    assert page._border_note(store, ty, mixed, "en") is None
    sided = {1: {"SI": 9, "AT": 1}, 2: {"AT": 10}, 3: {"SI": 5, "AT": 5}}
    note = page._border_note(store, ty, sided, "de")
    assert note.startswith("2 der 3 Gruppen")
    caveats = [i for i in ty.indicators if store.indicator(i)["comparability_class"] == "caveat"]
    for i in caveats:
        assert store.indicator(i)["name_de"] in note
    # the shipped data: groups per country are counted from the places, and they do follow the border
    counts = page._group_countries(store, ty)
    assert sum(sum(c.values()) for c in counts.values()) == int(ty.labels.notna().sum())
    assert page._border_note(store, ty, counts, "sl") is not None
