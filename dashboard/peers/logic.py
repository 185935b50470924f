"""Peers: the places most like a chosen municipality on chosen indicators, and why.

Two layers, both without Dash (as the location score):

* the maths on plain frames (`robust_z`, `pair_mask`, `distances`, `find_peers`, `stability`):
  places x indicators, NaN = no value; testable on a hand-made frame;
* the bridge to the store (`comparison_set`, `gather`, `run`): each place's latest value within
  each indicator's year window.

The method, as the page states it:

1. Values: each place's latest value within the window (`span` years ending in the indicator's
   latest year, or in the chosen end year). A count (population) is compared on its log10.
2. Standardise: a robust z-score over the comparison set (the chosen place and every candidate):
   z = (x − median) / (1.4826 · MAD). When MAD = 0 (more than half the places share one value) the
   scale is 1.2533 · the mean absolute deviation from the median; when that is 0 too, every z is 0.
   A within-country indicator is standardised within each country.
3. Distance: for a candidate, the indicators both places have, where a within-country indicator
   counts only when the candidate is in the chosen place's country (a cross-border pair is
   compared on the one-scale indicators only). d = sqrt(Σ w·(z_place − z_peer)² / Σ w), the
   weighted root mean square gap in robust standard deviations.
4. Missing data: a candidate needs values for at least MIN_SHARE (2/3) of the weight of the
   indicators that apply to the pair (those the chosen place has, one-scale or same-country);
   otherwise it is left out and listed with its share.
5. Similarity = 100 / (1 + d): 100 for an identical profile, 50 for an average gap of one robust SD.
6. Why: for each peer the indicators with the smallest and the largest gap.
7. Stability: N_DRAWS seeded draws; each resamples the indicators with replacement and multiplies
   each weight by a factor uniform in FACTOR_RANGE (the location score's factors); the share of
   draws in which a peer is among the k nearest.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.comparability import one_scale
from dashboard.score.logic import FACTOR_RANGE, SEED, latest_within

from .state import CUSTOM, PeersState, municipalities, peer_indicator_ids, preset_indicators

__all__ = ["MAD_SCALE", "MEANAD_SCALE", "MIN_SHARE", "N_DRAWS", "SEED", "FACTOR_RANGE", "N_WHY",
           "robust_z", "pair_mask", "distances", "similarity", "find_peers", "stability", "PeersResult",
           "comparison_set", "chosen_indicators", "windows", "gather", "run", "fingerprint_rows", "map_distances",
           "compare_places"]

MAD_SCALE = 1.4826       # MAD -> standard deviation for normal data
MEANAD_SCALE = 1.2533    # mean absolute deviation -> standard deviation (sqrt(pi/2)), the MAD = 0 fallback
MIN_SHARE = 2 / 3        # a peer needs values for this share of the applicable weight
N_DRAWS = 500
N_WHY = 2                # closest / furthest indicators named per peer
_EPS = 1e-12


# --------------------------------------------------------------------------- the maths (pure)


def _robust_column(x: np.ndarray) -> tuple[np.ndarray, str]:
    """z of one group of values (NaN stays NaN) and which scale was used: "mad", "meanad" or "none"."""
    ok = ~np.isnan(x)
    out = np.full(x.shape, np.nan)
    if not ok.any():
        return out, "none"
    v = x[ok]
    med = float(np.median(v))
    mad = float(np.median(np.abs(v - med)))
    if mad > _EPS:
        scale, rule = MAD_SCALE * mad, "mad"
    else:
        meanad = float(np.mean(np.abs(v - med)))
        if meanad > _EPS:
            scale, rule = MEANAD_SCALE * meanad, "meanad"
        else:
            out[ok] = 0.0
            return out, "none"
    out[ok] = (v - med) / scale
    return out, rule


def robust_z(values: pd.DataFrame, *, classes=None, country_of=None,
             logs=()) -> tuple[pd.DataFrame, dict]:
    """Robust z-scores per column over the rows given (the comparison set); within-country
    columns (`classes[col] == "within_country"`) per country. Columns in `logs` are taken as log10
    first (values <= 0 become NaN). Returns (z, rules) with rules[col] = {group: "mad" | "meanad" |
    "none"} (group None = both countries together)."""
    classes = dict(classes or {})
    z = pd.DataFrame(np.nan, index=values.index, columns=values.columns, dtype=float)
    rules: dict = {}
    for col in values.columns:
        x = values[col].to_numpy(dtype=float)
        if col in logs:
            with np.errstate(divide="ignore", invalid="ignore"):
                x = np.where(x > 0, np.log10(np.where(x > 0, x, 1.0)), np.nan)
        if one_scale(classes.get(col, "comparable")):
            groups = {None: np.ones(len(x), bool)}
        else:
            countries = np.array([country_of[p] for p in values.index], dtype=object)
            groups = {c: countries == c for c in dict.fromkeys(countries)}
        out = np.full(len(x), np.nan)
        rules[col] = {}
        for g, m in groups.items():
            out[m], rules[col][g] = _robust_column(x[m])
        z[col] = out
    return z, rules


def pair_mask(place: str, candidates, columns, *, classes=None, country_of=None) -> np.ndarray:
    """candidates x columns, True where the indicator may compare the pair (place, candidate): a
    one-scale indicator always, a within-country one only for a candidate of the place's country."""
    classes = dict(classes or {})
    cands = list(candidates)
    out = np.ones((len(cands), len(columns)), bool)
    if country_of is None:
        return out
    home = country_of[place]
    same = np.array([country_of[c] == home for c in cands], bool)
    for j, col in enumerate(columns):
        if not one_scale(classes.get(col, "comparable")):
            out[:, j] = same
    return out


def _weighted(gaps2: np.ndarray, used: np.ndarray, applicable: np.ndarray, w: np.ndarray):
    """Distances and coverage for weight vector(s) w (indicators,) or (draws, indicators)."""
    g = np.where(used, gaps2, 0.0)
    num = w @ g.T
    den = w @ used.T.astype(float)
    app = w @ applicable.T.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(den > 0, np.sqrt(num / np.where(den > 0, den, 1.0)), np.nan)
        cover = np.where(app > 0, den / np.where(app > 0, app, 1.0), 0.0)
    return d, cover


def distances(z: pd.DataFrame, place: str, candidates, weights, *, classes=None, country_of=None,
              min_share: float = MIN_SHARE) -> pd.DataFrame:
    """Per candidate: distance, coverage (share of the applicable weight with values on both
    sides), n_used, ok (coverage >= min_share and at least one indicator). The applicable weight
    is that of the indicators the chosen place has a value for that may compare the pair."""
    cols = [c for c in z.columns if float(weights.get(c, 0) or 0) > 0]
    cands = [c for c in candidates if c != place]
    w = np.array([float(weights[c]) for c in cols])
    zp = z.loc[place, cols].to_numpy(dtype=float)
    zc = z.loc[cands, cols].to_numpy(dtype=float) if cands else np.empty((0, len(cols)))
    allowed = pair_mask(place, cands, cols, classes=classes, country_of=country_of)
    applicable = allowed & ~np.isnan(zp)[None, :]
    used = applicable & ~np.isnan(zc)
    gaps2 = np.where(used, (zc - zp[None, :]) ** 2, 0.0)
    d, cover = _weighted(gaps2, used, applicable, w)
    n_used = used.sum(axis=1)
    ok = (cover >= min_share - 1e-9) & (n_used > 0)
    return pd.DataFrame({"distance": d, "coverage": cover, "n_used": n_used, "ok": ok},
                        index=pd.Index(cands, name="place"))


def similarity(d):
    """100 / (1 + d): 100 for an identical profile, 50 for an average gap of one robust SD."""
    return 100.0 / (1.0 + np.asarray(d, dtype=float))


def _order(d: np.ndarray, codes) -> np.ndarray:
    """Nearest first, ties by code (deterministic); NaN last."""
    codes = np.asarray(list(codes), dtype=object)
    key = np.where(np.isnan(d), np.inf, d)
    return np.lexsort((codes, key))


def stability(z: pd.DataFrame, place: str, candidates, weights, k: int, *, classes=None, country_of=None,
              min_share: float = MIN_SHARE, n_draws: int = N_DRAWS, seed: int = SEED,
              factor_range=FACTOR_RANGE) -> pd.Series:
    """Share of draws in which each candidate is among the k nearest (candidates that fail the
    coverage rule in a draw are not ranked in it). Each draw resamples the indicators with
    replacement (a weight counts as often as its indicator is drawn) and multiplies every weight by a
    factor uniform in `factor_range`. The same seed gives the same shares."""
    cols = [c for c in z.columns if float(weights.get(c, 0) or 0) > 0]
    cands = [c for c in candidates if c != place]
    if not cands or not cols:
        return pd.Series(0.0, index=pd.Index(cands, name="place"))
    w = np.array([float(weights[c]) for c in cols])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(cols), size=(n_draws, len(cols)))
    counts = np.zeros((n_draws, len(cols)))
    np.add.at(counts, (np.repeat(np.arange(n_draws), len(cols)), picks.ravel()), 1.0)
    factors = rng.uniform(factor_range[0], factor_range[1], size=(n_draws, len(cols)))
    wd = counts * factors * w[None, :]
    zp = z.loc[place, cols].to_numpy(dtype=float)
    zc = z.loc[cands, cols].to_numpy(dtype=float)
    allowed = pair_mask(place, cands, cols, classes=classes, country_of=country_of)
    applicable = allowed & ~np.isnan(zp)[None, :]
    used = applicable & ~np.isnan(zc)
    gaps2 = np.where(used, (zc - zp[None, :]) ** 2, 0.0)
    d, cover = _weighted(gaps2, used, applicable, wd)              # draws x candidates
    d = np.where((cover >= min_share - 1e-9) & ~np.isnan(d), d, np.inf)
    codes = np.asarray(cands, dtype=object)
    code_rank = np.argsort(np.argsort(codes, kind="stable"), kind="stable")  # tie-break by code
    kk = min(k, len(cands))
    # The k nearest of every draw at once: everything below the k-th smallest distance is in; places
    # tied with it are taken in code order (the same tie rule as the table), row by row (rare).
    kth = np.partition(d, kk - 1, axis=1)[:, kk - 1:kk]
    inside = (d < kth) & np.isfinite(d)
    tied = (d == kth) & np.isfinite(d)
    need = kk - inside.sum(axis=1)
    for row in np.flatnonzero(need > 0):
        cols = np.flatnonzero(tied[row])
        cols = cols[np.argsort(code_rank[cols], kind="stable")][: need[row]]
        inside[row, cols] = True
    hits = inside.sum(axis=0).astype(float)
    return pd.Series(hits / n_draws, index=pd.Index(cands, name="place"))


def find_peers(values: pd.DataFrame, place: str, weights, k: int, *, classes=None, country_of=None,
               logs=(), min_share: float = MIN_SHARE, n_draws: int = N_DRAWS, seed: int = SEED,
               n_why: int = N_WHY) -> dict:
    """The whole method on a frame: rows = the comparison set (the place and its candidates).
    Returns {"table": ranked peers (rank, distance, similarity, coverage, n_used, closest, furthest,
    stability), "left_out": {code: coverage}, "z": z-scores, "rules": scale rules,
    "not_for_place": indicators the chosen place has no value for}."""
    weights = {c: float(w) for c, w in dict(weights).items() if float(w or 0) > 0 and c in values.columns}
    cols = [c for c in values.columns if c in weights]
    z, rules = robust_z(values[cols], classes=classes, country_of=country_of, logs=logs)
    cands = [c for c in values.index if c != place]
    dist = distances(z, place, cands, weights, classes=classes, country_of=country_of, min_share=min_share)
    good = dist[dist["ok"]]
    left_out = {c: float(dist.at[c, "coverage"]) for c in dist.index[~dist["ok"]]}
    order = _order(good["distance"].to_numpy(), good.index)
    top = good.iloc[order[:k]].copy()
    top.insert(0, "rank", np.arange(1, len(top) + 1))
    top["similarity"] = similarity(top["distance"].to_numpy())
    allowed = pair_mask(place, list(top.index), cols, classes=classes, country_of=country_of)
    zp = z.loc[place, cols]
    closest, furthest = [], []
    for i, code in enumerate(top.index):
        gaps = (z.loc[code, cols] - zp).abs()
        gaps = gaps[allowed[i] & gaps.notna().to_numpy()]
        ranked = sorted(gaps.items(), key=lambda kv: (kv[1], cols.index(kv[0])))
        closest.append(tuple(c for c, _ in ranked[:n_why]))
        rest = [kv for kv in ranked if kv[0] not in closest[-1]]
        furthest.append(tuple(c for c, _ in sorted(rest, key=lambda kv: (-kv[1], cols.index(kv[0])))[:n_why]))
    top["closest"] = closest
    top["furthest"] = furthest
    stab = stability(z, place, list(good.index), weights, k, classes=classes, country_of=country_of,
                     min_share=min_share, n_draws=n_draws, seed=seed) if n_draws else pd.Series(dtype=float)
    top["stability"] = stab.reindex(top.index) if len(stab) else np.nan
    top = top.drop(columns=["ok"])
    not_for_place = tuple(c for c in cols if np.isnan(zp[c]))
    return {"table": top, "left_out": left_out, "z": z, "rules": rules, "not_for_place": not_for_place,
            "distances": dist}


# --------------------------------------------------------------------------- the store bridge


def comparison_set(store, state: PeersState) -> list[str]:
    """The chosen place first, then the candidates: municipalities (or partners) of the chosen
    country filter."""
    pool = store.partners() if state.scope == "partners" else municipalities(store)
    home = store.place(state.place)["country"]
    if state.country == "same":
        pool = [c for c in pool if store.place(c)["country"] == home]
    elif state.country == "other":
        pool = [c for c in pool if store.place(c)["country"] != home]
    return [state.place] + [c for c in pool if c != state.place]


def chosen_indicators(store, state: PeersState) -> list[str]:
    if state.preset == CUSTOM:
        ok = set(peer_indicator_ids(store))
        return [i for i in state.indicators if i in ok]
    return preset_indicators(store, state.preset)


def windows(store, indicators, places, span: int, end: int | None) -> dict:
    """indicator -> (first, last) year: `span` years ending in the latest year with a value for
    any of `places` (not after `end`); None when no place has a value by then."""
    out = {}
    for i in indicators:
        latest = [y for y in store.latest_year(i, places, up_to=end).values() if y is not None]
        if not latest:
            out[i] = None
            continue
        last = max(latest)
        out[i] = (last - span + 1, last)
    return out


def gather(store, indicators, places, span: int, end: int | None):
    """places x indicators: latest value within each window, and its year."""
    wins = windows(store, indicators, places, span, end)
    idx = pd.Index(places, name="place")
    values = pd.DataFrame(np.nan, index=idx, columns=list(indicators), dtype=float)
    years = pd.DataFrame(np.nan, index=idx, columns=list(indicators), dtype=float)
    for i in indicators:
        if wins[i] is None:
            continue
        start, last = wins[i]
        obs = store.series(i, places, years=range(start, last + 1))
        values[i], years[i] = latest_within(obs, places, start, last)
    return values, years, wins


@dataclass(frozen=True)
class PeersResult:
    state: PeersState
    indicators: tuple            # the indicators chosen (with a window)
    table: pd.DataFrame          # the k peers, nearest first
    left_out: dict               # code -> coverage share (below MIN_SHARE)
    z: pd.DataFrame              # comparison set x indicators
    values: pd.DataFrame
    years: pd.DataFrame
    windows: dict
    rules: dict
    not_for_place: tuple         # indicators the chosen place has no value for (not used)
    within: tuple                # within-country indicators (same-country peers only)
    country_of: dict = field(default_factory=dict)
    n_candidates: int = 0
    n_draws: int = N_DRAWS
    seed: int = SEED
    min_share: float = MIN_SHARE
    distances: pd.DataFrame | None = None   # every candidate: distance, coverage, n_used, ok


def run(store, state: PeersState, *, n_draws: int = N_DRAWS, seed: int = SEED) -> PeersResult:
    places = comparison_set(store, state)
    inds = chosen_indicators(store, state)
    values, years, wins = gather(store, inds, places, state.span, state.end)
    inds = [i for i in inds if wins[i] is not None]
    values, years = values[inds], years[inds]
    classes = {i: store.indicator(i)["comparability_class"] for i in inds}
    country_of = {c: store.place(c)["country"] for c in places}
    logs = tuple(i for i in inds if store.indicator(i)["kind"] == "count")
    out = find_peers(values, state.place, {i: 1.0 for i in inds}, state.k, classes=classes,
                     country_of=country_of, logs=logs, n_draws=n_draws, seed=seed)
    within = tuple(i for i in inds if not one_scale(classes[i]))
    return PeersResult(state=state, indicators=tuple(inds), table=out["table"], left_out=out["left_out"],
                       z=out["z"], values=values, years=years, windows={i: wins[i] for i in inds},
                       rules=out["rules"], not_for_place=out["not_for_place"], within=within,
                       country_of=country_of, n_candidates=len(places) - 1, n_draws=n_draws, seed=seed,
                       distances=out["distances"])


# --------------------------------------------------------------------------- inputs of the views


def fingerprint_rows(result: PeersResult) -> list[dict]:
    """The fingerprint's dots (and its table alternative): per indicator the chosen place and each
    peer with z, value and year; `shown` is False for a within-country indicator of a peer from the
    other country (never on one scale with the chosen place)."""
    place = result.state.place
    home = result.country_of.get(place)
    rows = []
    for code in [place, *result.table.index]:
        for i in result.indicators:
            z = float(result.z.at[code, i])
            v = float(result.values.at[code, i])
            y = float(result.years.at[code, i])
            shown = i not in result.within or result.country_of.get(code) == home
            rows.append({"indicator": i, "place": code, "z": None if z != z else z,
                         "value": None if v != v else v, "year": None if y != y else int(y),
                         "shown": shown and z == z})
    return rows


def map_distances(result: PeersResult) -> dict:
    """code -> distance for every candidate that passes the coverage rule (the map's values)."""
    d = result.distances
    d = d[d["ok"]]
    return {c: float(v) for c, v in d["distance"].items()}


def compare_places(store, result: PeersResult, cap: int = 4) -> list[str]:
    """The places for "compare these": Compare takes partner municipalities only (2 to 4), so the
    chosen place when it is a partner, then its peers that are partners, nearest first."""
    partners = set(store.partners())
    out = [p for p in [result.state.place, *result.table.index] if p in partners]
    return out[:cap]
