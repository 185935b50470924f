"""The location score: a weighted composite indicator an investor builds for their own profile.

In the spirit of the OECD Better Life Index's "create your own index", with the discipline of the
OECD/JRC Handbook on Constructing Composite Indicators: hard filters first, then normalisation
(min–max or z-score, each indicator's direction respected), weighted aggregation, an explicit
missing-data policy (never a zero), and an uncertainty analysis of the ranks.

Two layers, both without Dash:

* the maths on plain frames (`apply_filters`, `normalise`, `composite`, `ranks`, `sensitivity`,
  `score_places`): places x indicators, NaN = no value; testable on a hand-made frame;
* the bridge to the store (`indicator_windows`, `latest_within`, `run`): each place is scored on
  its latest value within each indicator's window, and within-country indicators are normalised
  per country (`dashboard.comparability`).

The configuration and its URL are state.py, the CSV export.py, the page's texts texts.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.comparability import one_scale, scale_groups

from .state import COVERS, DEFAULT_COVER, NORMS, POLICIES, Filter, ScoreConfig, indicator_windows

__all__ = [
    "N_DRAWS", "SEED", "FACTOR_RANGE", "FRAGILE_SPAN", "ScoreResult", "apply_filters", "normalise",
    "composite", "ranks", "sensitivity", "coverage_share", "score_places", "latest_within",
    "scope_places", "latest_values", "run",
]

N_DRAWS = 500
SEED = 20240601            # shown on the page: the same seed gives the same rank ranges
FACTOR_RANGE = (0.5, 1.5)  # each weight is multiplied by a factor drawn uniformly from this range
FRAGILE_SPAN = 3           # a 5th–95th percentile rank range covering this many ranks or more
FRAGILE_FIRST_SHARE = 0.5  # the place shown first is fragile if first in fewer draws than this
_EPS = 1e-9


# --------------------------------------------------------------------------- the maths (pure)


def apply_filters(values: pd.DataFrame, filters) -> tuple[list[str], dict[str, list[tuple[Filter, str]]]]:
    """Hard filters before any scoring. `values`: places x filter indicators. A place without a
    value for a filter's indicator fails it ("no_data"): it cannot be shown to meet it.

    Returns the places kept (input order) and, per failing place, each (filter, reason) it fails
    with reason "below", "above" or "no_data".
    """
    failed: dict[str, list[tuple[Filter, str]]] = {}
    for f in filters:
        col = values[f.indicator] if f.indicator in values else pd.Series(np.nan, index=values.index)
        for code, x in col.items():
            if x != x:
                reason = "no_data"
            elif f.op == "min" and x < f.value:
                reason = "below"
            elif f.op == "max" and x > f.value:
                reason = "above"
            else:
                continue
            failed.setdefault(code, []).append((f, reason))
    kept = [c for c in values.index if c not in failed]
    return kept, failed


def normalise(values: pd.DataFrame, signs, method: str, *, classes=None,
              country_of=None) -> tuple[pd.DataFrame, list[str]]:
    """Each column onto a common scale where larger is better; NaN stays NaN.

    min–max: 100 (x − min)/(max − min), or 100 (max − x)/(max − min) where lower is better;
    z-score: (x − mean)/sd with the population sd (ddof 0), sign flipped where lower is better.
    Statistics are over the non-missing values of each scale group (`comparability.scale_groups`):
    all places for a comparable indicator; Slovenian and Austrian places separately for one whose
    `classes[col]` is "within_country" (then `country_of` gives each place's country), so a
    Slovenian town's 100 means best among the Slovenian towns. A group without spread gives 50
    (min–max) or 0 (z) to each of its places; columns where every group lacks spread are returned
    as `constant`. `signs`: +1 / −1 per column (−1 = lower is better).
    """
    if method not in NORMS:
        raise ValueError(f"method must be one of {NORMS}, not {method!r}")
    classes = classes or {}
    # numpy on whole columns, a boolean mask per scale group: with every municipality (2,300 places)
    # the label-based assignments per group were a third of a score's time
    x_all = values.to_numpy(dtype=float, copy=True) if len(values.columns) else np.empty((len(values), 0))
    out = np.full(x_all.shape, np.nan)
    constant = []
    countries = None
    masks_of: dict[bool, list[np.ndarray]] = {}
    for j, col in enumerate(values.columns):
        sign = float(signs[col])
        spread = False
        seen = False
        shared = one_scale(classes.get(col, "comparable"))
        if shared not in masks_of:  # the scale groups of `comparability.scale_groups`, as masks
            if shared:
                masks_of[shared] = [np.ones(len(values.index), dtype=bool)]
            else:
                if countries is None:
                    countries = np.array([(country_of or {})[p] for p in values.index.tolist()], dtype=object)
                masks_of[shared] = [countries == c for c in dict.fromkeys(countries.tolist())]
        col_x = x_all[:, j]
        for member in masks_of[shared]:
            ok = member & ~np.isnan(col_x)
            if not ok.any():
                continue
            seen = True
            x = col_x[ok]
            if method == "minmax":
                lo, hi = x.min(), x.max()
                if hi == lo:
                    out[ok, j] = 50.0
                    continue
                out[ok, j] = ((x - lo) if sign > 0 else (hi - x)) / (hi - lo) * 100.0
            else:
                mean = x.mean()
                sd = np.sqrt(((x - mean) ** 2).mean())
                if not sd > 0:
                    out[ok, j] = 0.0
                    continue
                out[ok, j] = sign * (x - mean) / sd
            spread = True
        if seen and not spread:
            constant.append(col)
    return pd.DataFrame(out, index=values.index, columns=values.columns), constant


def composite(normalised: pd.DataFrame, weights) -> tuple[pd.Series, pd.DataFrame]:
    """score = Σ wᵢ sᵢ / Σ wᵢ over the indicators the place has (so weights need not sum to 1, and
    a missing value is left out, never counted as zero). contributionᵢ = wᵢ sᵢ / Σ wᵢ; the
    contributions of a place add up to its score. A place with no value at all scores NaN."""
    w = pd.Series(weights, dtype=float).reindex(normalised.columns).fillna(0.0)
    present = normalised.notna() & (w > 0)
    denom = present.mul(w, axis=1).sum(axis=1)
    contrib = normalised.mul(w, axis=1).where(present).div(denom.where(denom > 0), axis=0)
    score = contrib.sum(axis=1, min_count=1)
    return score, contrib


def ranks(score: pd.Series) -> pd.Series:
    """1 = best; equal scores share the better rank; NaN scores are left out."""
    s = score.dropna().round(9)
    ordered = np.sort(s.to_numpy())
    # places with a strictly higher score, by binary search: O(n log n), not a scan per place
    higher = len(ordered) - np.searchsorted(ordered, s.to_numpy(), side="right")
    return pd.Series(higher + 1, index=s.index).astype(int)


def _rank_matrix(scores: np.ndarray) -> np.ndarray:
    """Per row (a draw): the rank of each column (a place), 1 = highest, ties share the better rank.
    One sort of the whole matrix (O(n log n) per draw, no Python loop over the draws), so a scope
    of every municipality of both countries stays cheap."""
    neg = -np.round(scores, 9)
    n_draws, n = neg.shape
    if not n:
        return np.empty(neg.shape, dtype=np.int64)
    order = np.argsort(neg, axis=1)  # ties: any order, each takes its run's first position below
    ordered = np.take_along_axis(neg, order, axis=1)
    # a tie shares the position of the first of its run: the running maximum of each run's start
    starts = np.ones(ordered.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    pos = np.where(starts, np.arange(n), 0)
    np.maximum.accumulate(pos, axis=1, out=pos)
    out = np.empty(neg.shape, dtype=np.int64)
    np.put_along_axis(out, order, pos + 1, axis=1)
    return out


def sensitivity(values: pd.DataFrame, weights, signs, *, n_draws: int = N_DRAWS, seed: int = SEED,
                factor_range=FACTOR_RANGE, policies=POLICIES, classes=None, country_of=None) -> pd.DataFrame:
    """Rank ranges under perturbed weights, normalisation and missing-data rule (Handbook step 7,
    uncertainty analysis).

    Each draw multiplies every weight by a factor uniform in `factor_range` (a weight of 0 stays 0),
    picks min–max or z-score with equal chance, and picks a missing-data rule from `policies` with
    equal chance: "rescale" scores a place on the indicators it has; "exclude" leaves every place
    with a gap out of that draw (normalisation over the complete places only) and counts it as
    ranked behind all of them. `values` must hold the places eligible under the most lenient rule
    (after the filters and the minimum-coverage rule); within-country indicators (`classes`) are
    normalised per country in every draw, as in the score itself.
    Returns per place p5, p50, p95 (rank percentiles, observed ranks), share_first (share of
    draws in which it ranks first) and share_unranked (share of draws that leave it out). The same
    seed gives the same result; the weight and normalisation draws come first, so data without
    gaps gives exactly the ranges of a weights-and-normalisation-only analysis.
    """
    cols = [c for c in values.columns if float(pd.Series(weights).get(c, 0) or 0) > 0]
    idx = values.index
    empty = pd.DataFrame({"p5": pd.Series(dtype=float), "p50": pd.Series(dtype=float),
                          "p95": pd.Series(dtype=float), "share_first": pd.Series(dtype=float),
                          "share_unranked": pd.Series(dtype=float)})
    if not len(idx) or not cols:
        return empty.reindex(idx)
    policies = tuple(policies)
    if not policies or any(p not in POLICIES for p in policies):
        raise ValueError(f"policies must be taken from {POLICIES}, not {policies!r}")
    w = np.array([float(pd.Series(weights)[c]) for c in cols])
    v = values[cols]
    complete = v.notna().all(axis=1)
    sets = {"rescale": v, "exclude": v[complete]}
    normed = {(m, p): normalise(sets[p], signs, m, classes=classes, country_of=country_of)[0]
              .reindex(idx).to_numpy(dtype=float)
              for m in NORMS for p in policies}
    rng = np.random.default_rng(seed)
    factors = rng.uniform(factor_range[0], factor_range[1], size=(n_draws, len(cols)))
    pick = rng.integers(0, len(NORMS), size=n_draws)
    pick_policy = rng.integers(0, len(policies), size=n_draws)
    wd = factors * w                                                     # draws x indicators
    scores = np.full((n_draws, len(idx)), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k, m in enumerate(NORMS):
            for j, p in enumerate(policies):
                rows = (pick == k) & (pick_policy == j)
                if not rows.any():
                    continue
                s = normed[(m, p)]
                present = (~np.isnan(s)).astype(float)                 # places x indicators
                # einsum, not BLAS: a handful of indicators, and BLAS threads spin on busy cores
                den = np.einsum("dk,pk->dp", wd[rows], present)          # draws x places
                scores[rows] = np.where(den > 0, np.einsum("dk,pk->dp", wd[rows], np.nan_to_num(s)) / den, np.nan)
    unranked = np.isnan(scores)
    scores[unranked] = -np.inf
    rk = _rank_matrix(scores)
    # the inverted-CDF percentiles of each place's ranks: order statistics ceil(q n) of the draws
    kth = [max(int(np.ceil(q * n_draws)) - 1, 0) for q in (0.05, 0.5, 0.95)]
    p5, p50, p95 = np.partition(rk, kth, axis=0)[kth]
    return pd.DataFrame({"p5": p5.astype(int), "p50": p50.astype(int), "p95": p95.astype(int),
                         "share_first": ((rk == 1) & ~unranked).mean(axis=0),
                         "share_unranked": unranked.mean(axis=0)}, index=idx)


@dataclass(frozen=True)
class ScoreResult:
    table: pd.DataFrame          # ranked places, best first: rank, score, p5, p50, p95, share_first,
    #                              share_unranked, fragile, coverage (weight share with data),
    #                              missing (tuple of indicator ids left out of the place's score)
    normalised: pd.DataFrame     # ranked places x weighted indicators (NaN = no value)
    contributions: pd.DataFrame  # ranked places x weighted indicators; rows sum to the score
    values: pd.DataFrame         # every place in scope x weighted and filter indicators (raw)
    filtered: dict               # place -> [(Filter, reason)] for places failing a filter
    excluded: dict               # place -> missing indicators (left out by the "exclude" policy)
    constant: tuple              # weighted indicators without spread (50 or 0 for every place)
    empty: tuple                 # weighted indicators no ranked place has a value for
    weights: pd.Series           # indicator -> weight (> 0 only)
    signs: pd.Series             # indicator -> +1 / −1 after any inversion
    norm: str
    policy: str
    n_draws: int
    seed: int
    insufficient: dict = field(default_factory=dict)  # place -> missing indicators ("not enough data")
    coverage: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))  # place -> weight share
    min_share: float = COVERS[DEFAULT_COVER]
    within: tuple = ()           # weighted within-country indicators normalised per country here
    years: pd.DataFrame | None = None   # places x indicators: the year of each value used (NaN = none)
    windows: dict = field(default_factory=dict)  # indicator -> (first year, last year) of its window


def _gaps(has: pd.DataFrame, cols) -> list[tuple]:
    """Per row of `has` (places x indicators, True = has a value): the indicators it lacks."""
    flags = ~has[list(cols)].to_numpy(dtype=bool) if cols else np.zeros((len(has), 0), dtype=bool)
    return [tuple(c for c, gap in zip(cols, row) if gap) for row in flags.tolist()]


def coverage_share(values: pd.DataFrame, weights) -> pd.Series:
    """Per place: the share of the total weight carried by indicators it has a value for."""
    w = pd.Series(weights, dtype=float).reindex(values.columns).fillna(0.0)
    total = float(w.sum())
    if not total > 0:
        return pd.Series(np.nan, index=values.index, dtype=float)
    return values.notna().mul(w, axis=1).sum(axis=1) / total


def score_places(values: pd.DataFrame, weights, signs, *, norm: str = "minmax", policy: str = "rescale",
                 filter_values: pd.DataFrame | None = None, filters=(), n_draws: int = N_DRAWS,
                 seed: int = SEED, min_share: float = COVERS[DEFAULT_COVER], classes=None,
                 country_of=None, years: pd.DataFrame | None = None, windows=None) -> ScoreResult:
    """The whole pipeline on plain frames: filter, apply the minimum-coverage rule and the
    missing-data policy, normalise over the places that remain (per country for within-country
    indicators), aggregate, rank, and run the sensitivity analysis.

    values: places x weighted indicators (NaN = no value); weights: indicator -> weight (0 = unused);
    signs: indicator -> +1 / −1; filter_values: places x filter indicators (default: `values`);
    min_share: a place whose values carry less than this share of the total weight is "not enough
    data" and never ranked, whatever the policy; classes: indicator -> comparability class
    (default comparable); country_of: place -> country (needed for within-country indicators);
    years / windows: carried into the result for the page and the CSV.
    """
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}, not {policy!r}")
    if not 0 < float(min_share) <= 1:
        raise ValueError(f"min_share must be in (0, 1], not {min_share!r}")
    classes = dict(classes or {})
    weights = pd.Series(weights, dtype=float)
    weights = weights[weights > 0]
    cols = [c for c in values.columns if c in weights.index]
    weights = weights.reindex(cols)
    signs = pd.Series(signs, dtype=float).reindex(cols).fillna(1.0)
    fv = filter_values if filter_values is not None else values
    kept, failed = apply_filters(fv.reindex(values.index), filters)
    v = values.loc[kept, cols]

    has = v.notna()
    cover = coverage_share(v, weights)
    insufficient: dict[str, tuple] = {}
    excluded: dict[str, tuple] = {}
    gaps = _gaps(has, cols)
    if cols:
        too_little = (cover < float(min_share) - _EPS).to_numpy()
        for code, short, missing in zip(v.index, too_little, gaps):
            if short:
                insufficient[code] = missing
            elif policy == "exclude" and missing:
                excluded[code] = missing
    eligible = v.drop(index=list(insufficient))
    ranked = eligible.drop(index=list(excluded))

    normed, constant = normalise(ranked, signs, norm, classes=classes, country_of=country_of)
    score, contrib = composite(normed, weights)
    rk = ranks(score)
    sens = sensitivity(eligible, weights, signs, n_draws=n_draws, seed=seed, classes=classes,
                       country_of=country_of)
    table = pd.DataFrame({"rank": rk, "score": score.reindex(rk.index)})
    table = table.join(sens)
    table["coverage"] = cover.reindex(table.index)
    table["missing"] = pd.Series(gaps, index=v.index, dtype=object).reindex(table.index) if len(table) else []
    span = table["p95"] - table["p5"] + 1
    first_fragile = (table["rank"] == 1) & (table["share_first"] < FRAGILE_FIRST_SHARE)
    table["fragile"] = (span >= FRAGILE_SPAN) | first_fragile
    table = table.sort_values(["rank", "score"], ascending=[True, False], kind="stable")
    empty = tuple(c for c in cols if not ranked[c].notna().any()) if len(ranked) else tuple(cols)
    within = ()
    if country_of is not None:
        within = tuple(c for c in cols if not one_scale(classes.get(c, "comparable"))
                       and len({country_of[p] for p in ranked.index[ranked[c].notna()]}) > 1)
    all_values = values.join(fv.drop(columns=[c for c in fv.columns if c in values.columns]), how="left")
    return ScoreResult(
        table=table, normalised=normed.reindex(table.index), contributions=contrib.reindex(table.index),
        values=all_values, filtered=failed, excluded=excluded, constant=tuple(constant), empty=empty,
        weights=weights, signs=signs, norm=norm, policy=policy, n_draws=n_draws, seed=seed,
        insufficient=insufficient, coverage=cover, min_share=float(min_share), within=within,
        years=years, windows=dict(windows or {}),
    )


# --------------------------------------------------------------------------- the store bridge


def latest_within(obs: pd.DataFrame, places, start: int, end: int) -> tuple[pd.Series, pd.Series]:
    """Each place's latest value in the years start..end (inclusive), and the year it is from.

    obs: observations with columns place, year, value (any years). A place without a value in the
    window gets NaN for both: a value older than the window counts as missing, never silently used.
    """
    idx = pd.Index(list(places), name="place")
    o = obs.loc[(obs["year"] >= start) & (obs["year"] <= end) & obs["value"].notna(), ["place", "year", "value"]]
    o = o.sort_values("year", kind="stable").groupby("place", sort=False).tail(1).set_index("place")
    return (o["value"].reindex(idx).astype(float).rename("value"),
            o["year"].reindex(idx).astype(float).rename("year"))


def scope_places(store, scope: str) -> list[str]:
    if scope == "all":
        regions = set(store.place_codes(level="region", partner=True))
        return [c for c in store.place_codes(level="municipality") if store.place(c)["region"] in regions]
    return store.partners()


def _latest_frames(store, inds, places) -> tuple[pd.DataFrame, pd.DataFrame]:
    """places x inds: each place's latest value within each indicator's window, and its year."""
    wins = indicator_windows(store)
    idx = pd.Index(places, name="place")
    values = pd.DataFrame(index=idx, columns=list(inds), dtype=float)
    years = pd.DataFrame(index=idx, columns=list(inds), dtype=float)
    for i in inds:
        if wins.get(i) is None:
            continue
        start, end, _ = wins[i]
        obs = store.series(i, places, years=range(start, end + 1))
        values[i], years[i] = latest_within(obs, places, start, end)
    return values, years


def latest_values(store, indicator: str, places) -> tuple[pd.Series, pd.Series]:
    """One indicator: each place's latest value within the window, and its year (NaN = none)."""
    values, years = _latest_frames(store, [indicator], list(places))
    return values[indicator], years[indicator]


def run(store, config: ScoreConfig, *, n_draws: int = N_DRAWS, seed: int = SEED) -> ScoreResult:
    """The score for a configuration, from the store: each place's latest value within each
    indicator's window, within-country indicators normalised per country."""
    wins = indicator_windows(store)
    places = scope_places(store, config.scope)
    weighted = [i for i, w in config.weights if w > 0 and wins.get(i) is not None]
    filter_inds = [i for i in dict.fromkeys(f.indicator for f in config.filters) if i not in weighted]
    values, years_w = _latest_frames(store, weighted, places)
    filter_values, years_f = _latest_frames(store, filter_inds, places)
    filter_all = values.join(filter_values)
    signs = {}
    for i in weighted:
        sign = -1.0 if store.indicator(i)["direction"] == "lower_better" else 1.0
        signs[i] = -sign if i in config.inverted else sign
    weights = {i: float(config.weight(i)) for i in weighted}
    classes = {i: store.indicator(i)["comparability_class"] for i in weighted}
    country_of = {c: store.place(c)["country"] for c in places}
    windows = {i: wins[i][:2] for i in weighted + filter_inds}
    return score_places(values, weights, signs, norm=config.norm, policy=config.missing,
                        filter_values=filter_all, filters=config.filters, n_draws=n_draws, seed=seed,
                        min_share=config.min_share, classes=classes, country_of=country_of,
                        years=years_w.join(years_f), windows=windows)
